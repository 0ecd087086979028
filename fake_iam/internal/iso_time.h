// IAM's dates on the wire and in the control API's JSON: ISO 8601 in UTC, whole seconds.
#ifndef FAKE_IAM_INTERNAL_ISO_TIME_H_
#define FAKE_IAM_INTERNAL_ISO_TIME_H_

#include <string>

#include "absl/time/time.h"

namespace fake_iam::internal {

// "2026-01-02T03:04:05Z"; a fraction of a second is dropped, as IAM's dates have none.
inline std::string IsoTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_ISO_TIME_H_
