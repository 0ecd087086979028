// How the HTTP front quotes a client's text in an error message.
#ifndef FAKE_IAM_SERVER_QUOTE_H_
#define FAKE_IAM_SERVER_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam::server {

// `text` in double quotes, C-escaped, so that control bytes and invalid UTF-8 cannot garble a log
// line or an XML error body; longer than `max_bytes`, it is cut there and ends with "...", so that
// a huge header or body cannot make a huge message.
inline std::string QuoteForMessage(std::string_view text, size_t max_bytes) {
  const bool truncated = text.size() > max_bytes;
  if (truncated) text = text.substr(0, max_bytes);
  return absl::StrFormat("\"%s%s\"", absl::CHexEscape(internal::ToAbsl(text)),
                         truncated ? "..." : "");
}

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_QUOTE_H_
