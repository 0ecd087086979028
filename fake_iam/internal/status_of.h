// The status of a call's result, whether the call returns an absl::Status or an absl::StatusOr.
#ifndef FAKE_IAM_INTERNAL_STATUS_OF_H_
#define FAKE_IAM_INTERNAL_STATUS_OF_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fake_iam::internal {

inline const absl::Status& StatusOf(const absl::Status& status) { return status; }

template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_STATUS_OF_H_
