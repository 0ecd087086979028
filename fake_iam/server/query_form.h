// Strict application/x-www-form-urlencoded parsing (an IAM Query API body or a URL query string)
// and the RFC 3986 percent-encoding that SigV4's canonical request is built from.
#ifndef FAKE_IAM_SERVER_QUERY_FORM_H_
#define FAKE_IAM_SERVER_QUERY_FORM_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace fake_iam::server {

// One name=value pair, both decoded.
struct FormField {
  std::string name;
  std::string value;

  friend bool operator==(const FormField& a, const FormField& b) {
    return a.name == b.name && a.value == b.value;
  }
  friend bool operator!=(const FormField& a, const FormField& b) { return !(a == b); }
};

// Parses form-encoded `text` into its fields, in the order they came; a name may repeat and the
// caller decides what a repeat means. '+' decodes to a space and %XX (either hex case) to the
// byte 0xXX; every other byte is taken as it is. Empty pairs ("a=1&&b=2", a trailing '&') are
// skipped, and a pair without '=' is a name with an empty value; only the first '=' of a pair
// separates. A '%' not followed by two hex digits is refused with InvalidArgument naming its
// 0-based byte offset and the pair, because guessing what a broken escape meant would make the
// fake accept requests that AWS refuses. Linear time; no other input is an error.
absl::StatusOr<std::vector<FormField>> ParseQueryForm(std::string_view text);

// RFC 3986 percent-encoding as SigV4 wants it: the unreserved bytes A-Z a-z 0-9 - _ . ~ are kept
// and every other byte becomes %XX with uppercase hex (a space is %20, never '+'). With
// `encode_slash` false '/' is kept too, for the canonical URI. Used as a name or a value, the
// result always parses back to `text` with ParseQueryForm.
std::string UriEncode(std::string_view text, bool encode_slash = true);

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_QUERY_FORM_H_
