#include "fake_iam/printing.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/utf8.h"

namespace fake_iam {
namespace {

// Certificate bodies are summarised after this many characters of their first line.
constexpr size_t kBodyPreviewChars = 64;

// How a byte was written inside the quotes: only a hex escape can swallow the next character.
enum class ByteFormat { kAsIs, kEscaped, kHexEscape };

// One byte as gtest writes it inside a string literal (gtest-printers.cc, PrintAsStringLiteralTo):
// a single quote needs no escape there, a double quote does.
ByteFormat PrintByte(unsigned char byte, std::ostream* os) {
  switch (byte) {
    case '\'':
      *os << '\'';
      return ByteFormat::kAsIs;
    case '"':
      *os << "\\\"";
      return ByteFormat::kEscaped;
    case '\0':
      *os << "\\0";
      return ByteFormat::kEscaped;
    case '\\':
      *os << "\\\\";
      return ByteFormat::kEscaped;
    case '\a':
      *os << "\\a";
      return ByteFormat::kEscaped;
    case '\b':
      *os << "\\b";
      return ByteFormat::kEscaped;
    case '\f':
      *os << "\\f";
      return ByteFormat::kEscaped;
    case '\n':
      *os << "\\n";
      return ByteFormat::kEscaped;
    case '\r':
      *os << "\\r";
      return ByteFormat::kEscaped;
    case '\t':
      *os << "\\t";
      return ByteFormat::kEscaped;
    case '\v':
      *os << "\\v";
      return ByteFormat::kEscaped;
    default:
      break;
  }
  if (byte >= 0x20 && byte <= 0x7E) {
    *os << static_cast<char>(byte);
    return ByteFormat::kAsIs;
  }
  // Upper-case hex without leading zeros: "\x1", "\xC3".
  constexpr char kHexDigits[] = "0123456789ABCDEF";
  *os << "\\x";
  if (byte >= 0x10) *os << kHexDigits[byte >> 4];
  *os << kHexDigits[byte & 0xF];
  return ByteFormat::kHexEscape;
}

bool IsHexDigit(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether gtest adds the "As Text" line: the text is UTF-8 and has no control codes but tab, line
// feed and carriage return (gtest-printers.cc, ConditionalPrintAsText).
bool ReadsAsText(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const unsigned char c = text[at];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return false;
    uint32_t code_point = 0;
    const size_t length = internal::DecodeUtf8(text, at, code_point);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

}  // namespace

void PrintQuoted(std::string_view text, std::ostream* os) {
  *os << '"';
  bool previous_hex = false;
  bool any_hex = false;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    // "\x1" then "2" would read back as "\x12"; close the literal and open another.
    if (previous_hex && IsHexDigit(byte)) *os << "\" \"";
    previous_hex = PrintByte(byte, os) == ByteFormat::kHexEscape;
    any_hex = any_hex || previous_hex;
  }
  *os << '"';
  if (any_hex && ReadsAsText(text)) *os << "\n    As Text: \"" << text << "\"";
}

std::string DescribeTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

std::string DescribeCertificateBody(const std::string& body) {
  std::ostringstream out;
  out << "<" << body.size() << (body.size() == 1 ? " byte" : " bytes");
  if (!body.empty()) {
    std::string first_line = body.substr(0, body.find('\n'));
    if (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
    const bool cut = first_line.size() > kBodyPreviewChars;
    if (cut) first_line.resize(kBodyPreviewChars);
    out << ", begins ";
    PrintQuoted(first_line, &out);
    out << (cut ? "..." : "");
  }
  out << ">";
  return out.str();
}

std::string DescribeStatus(const absl::Status& status) {
  if (status.ok()) return "OK";
  std::ostringstream out;
  std::optional<IamErrorCode> code = IamErrorCodeOf(status);
  if (code.has_value()) {
    out << "IAM error " << IamErrorCodeName(*code) << " ("
        << absl::StatusCodeToString(status.code()) << ")";
  } else {
    out << absl::StatusCodeToString(status.code());
  }
  if (!status.message().empty()) out << ": " << status.message();
  if (std::optional<std::string> diagnosis = IamErrorDiagnosis(status)) {
    out << " [fake_iam: " << *diagnosis << "]";
  }
  return out.str();
}

void PrintMemberValue(std::string_view name, const std::string& value, std::ostream* os) {
  if (name == "CertificateBody" || name == "SSHPublicKeyBody") {
    *os << DescribeCertificateBody(value);
  } else {
    PrintQuoted(value, os);
  }
}
void PrintMemberValue(std::string_view, int value, std::ostream* os) { *os << value; }
void PrintMemberValue(std::string_view, bool value, std::ostream* os) {
  *os << (value ? "true" : "false");
}
void PrintMemberValue(std::string_view, absl::Time value, std::ostream* os) {
  *os << DescribeTime(value);
}

MemberPrinter::MemberPrinter(std::ostream* os, std::string_view type_name) : os_(os) {
  *os_ << type_name << "{";
}

MemberPrinter::~MemberPrinter() { *os_ << "}"; }

std::ostream& MemberPrinter::Member(std::string_view name) {
  if (!first_) *os_ << ", ";
  first_ = false;
  return *os_ << name << ": ";
}

}  // namespace fake_iam
