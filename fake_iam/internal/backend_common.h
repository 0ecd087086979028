// What the backend's source files share: IAM's case-insensitive names, its whole-second dates and
// its unknown-user error.
#ifndef FAKE_IAM_INTERNAL_BACKEND_COMMON_H_
#define FAKE_IAM_INTERNAL_BACKEND_COMMON_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"

namespace fake_iam::internal {

// IAM's dates have whole seconds.
inline absl::Time WholeSeconds(absl::Time time) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(time));
}

inline std::string Lower(std::string_view text) {
  return absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
}

inline absl::Status NoSuchUser(std::string_view user_name) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The user with name %s cannot be found.", user_name));
}

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_BACKEND_COMMON_H_
