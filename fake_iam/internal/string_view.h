// Debian's Abseil (20220623) has a string_view type of its own, which std::string_view does not
// convert to or from: these convert explicitly, for calling Abseil's string functions.
#ifndef FAKE_IAM_INTERNAL_STRING_VIEW_H_
#define FAKE_IAM_INTERNAL_STRING_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace fake_iam::internal {

inline absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

inline std::string_view ToStd(absl::string_view text) { return {text.data(), text.size()}; }

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_STRING_VIEW_H_
