#include "fake_iam/server/query_form.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

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

// Quotes untrusted bytes for an error message: C-escaped, so control bytes and invalid UTF-8 cannot
// garble a log line or an XML error body.
std::string Quote(std::string_view bytes) {
  bool truncated = bytes.size() > kMaxQuotedPairBytes;
  if (truncated) bytes = bytes.substr(0, kMaxQuotedPairBytes);
  return absl::StrFormat("\"%s%s\"",
                         absl::CHexEscape(absl::string_view(bytes.data(), bytes.size())),
                         truncated ? "..." : "");
}

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
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (c == '/' && !encode_slash)) {
      encoded.push_back(c);
    } else {
      unsigned char byte = static_cast<unsigned char>(c);
      encoded.push_back('%');
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0x0F]);
    }
  }
  return encoded;
}

}  // namespace fake_iam::server
