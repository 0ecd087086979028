#include "fake_iam/server/query_form.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "fake_iam/server/quote.h"

namespace fake_iam::server {
namespace {

// Error messages quote at most this much of a pair, so a megabyte body cannot make a megabyte
// message.
constexpr size_t kMaxQuotedPairBytes = 64;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Quote(std::string_view bytes) { return QuoteForMessage(bytes, kMaxQuotedPairBytes); }

// Appends the decoding of one name or value to `out`. Returns the offset within `encoded` of the
// first malformed '%' escape, or nullopt when it all decoded.
std::optional<size_t> Decode(std::string_view encoded, std::string& out) {
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      int high = i + 1 < encoded.size() ? HexValue(encoded[i + 1]) : -1;
      int low = i + 2 < encoded.size() ? HexValue(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) return i;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return std::nullopt;
}

absl::Status MalformedEscape(std::string_view text, size_t offset, std::string_view pair) {
  // The escape as written: '%' and up to two following bytes, whatever they are.
  std::string_view escape = text.substr(offset, 3);
  return absl::InvalidArgumentError(
      absl::StrFormat("Malformed percent-encoding at byte %d: %s in the pair %s; '%%' must be "
                      "followed by two hex digits",
                      offset, Quote(escape), Quote(pair)));
}

}  // namespace

absl::StatusOr<std::vector<FormField>> ParseQueryForm(std::string_view text) {
  std::vector<FormField> fields;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      size_t equals = pair.find('=');
      std::string_view name = pair.substr(0, equals);
      std::string_view value =
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      FormField field;
      if (auto bad = Decode(name, field.name)) {
        return MalformedEscape(text, start + *bad, pair);
      }
      if (auto bad = Decode(value, field.value)) {
        return MalformedEscape(text, start + equals + 1 + *bad, pair);
      }
      fields.push_back(std::move(field));
    }
    start = end + 1;
  }
  return fields;
}

std::string UriEncode(std::string_view text, bool encode_slash) {
  std::string encoded;
  encoded.reserve(text.size());
  for (char c : text) {
    bool unreserved = absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (c == '/' && !encode_slash)) {
      encoded.push_back(c);
    } else {
      std::string hex = absl::BytesToHexString(absl::string_view(&c, 1));
      absl::AsciiStrToUpper(&hex);
      encoded.push_back('%');
      encoded += hex;
    }
  }
  return encoded;
}

}  // namespace fake_iam::server
