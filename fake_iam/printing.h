// How fake_iam prints values: the pieces the printers of its types are made of (fake_iam/model.h,
// fake_iam/recorded_call.h), shared with the matchers in testing/, whose explanations must read
// exactly as the printed values do.
//
// The core library does not depend on gtest, yet what it prints is what gtest prints for the same
// value: a string is quoted and escaped as ::testing::PrintToString quotes a std::string, so a
// UserName reads the same inside a printed User as in a matcher's explanation.
#ifndef FAKE_IAM_PRINTING_H_
#define FAKE_IAM_PRINTING_H_

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace fake_iam {

// `text` as gtest prints a std::string with its default flags: in double quotes, with C escapes
// ("\"", "\\n", "\\x1"), a hex escape followed by a hex digit split into two literals, and, when
// some byte needed a hex escape yet the text is UTF-8 without control codes, a second line
// "    As Text: "..."" with the characters themselves.
void PrintQuoted(std::string_view text, std::ostream* os);

// "2026-01-01T00:00:00Z", in UTC whatever the machine's zone, as IAM writes dates. A fractional
// second is kept when there is one, so unequal times never print alike.
std::string DescribeTime(absl::Time time);

// "<612 bytes, begins "-----BEGIN CERTIFICATE-----">": enough to tell bodies apart by eye, where
// the whole body would bury a failure under a screen of base64.
std::string DescribeCertificateBody(const std::string& body);

// "OK", "IAM error NoSuchEntity (NOT_FOUND): <message>", or "NOT_FOUND: <message>" for a status
// that carries no IAM code, followed by " [fake_iam: <diagnosis>]" when the status has one.
// Shorter than absl's own text, which also dumps the payloads.
std::string DescribeStatus(const absl::Status& status);

// A member's value as it reads inside a printed model value. Strings are quoted and escaped, so
// that an empty or odd name is visible as such; a CertificateBody or SSHPublicKeyBody is summarised
// (DescribeCertificateBody), never printed whole; nested model values print with their PrintTo.
void PrintMemberValue(std::string_view name, const std::string& value, std::ostream* os);
void PrintMemberValue(std::string_view name, int value, std::ostream* os);
void PrintMemberValue(std::string_view name, bool value, std::ostream* os);
void PrintMemberValue(std::string_view name, absl::Time value, std::ostream* os);
template <typename T>
auto PrintMemberValue(std::string_view, const T& value, std::ostream* os)
    -> decltype(PrintTo(value, os)) {
  PrintTo(value, os);
}
template <typename Value>
void PrintMemberValue(std::string_view name, const std::map<std::string, Value>& entries,
                      std::ostream* os) {
  *os << "{";
  const char* separator = "";
  for (const auto& [key, value] : entries) {
    *os << separator << key << ": ";
    PrintMemberValue(name, value, os);
    separator = ", ";
  }
  *os << "}";
}
template <typename T>
void PrintMemberValue(std::string_view name, const std::vector<T>& values, std::ostream* os) {
  *os << "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *os << ", ";
    PrintMemberValue(name, values[i], os);
  }
  *os << "]";
}

// Prints `TypeName{Member: value, ...}`, one member at a time, closing the brace when destroyed.
// As a model type's ForEachMember visitor it prints the members that HasBeenSet, in wire order:
// what is printed is what would go on the wire.
class MemberPrinter {
 public:
  MemberPrinter(std::ostream* os, std::string_view type_name);
  ~MemberPrinter();
  MemberPrinter(const MemberPrinter&) = delete;
  MemberPrinter& operator=(const MemberPrinter&) = delete;

  // Prints the name and separator, and returns the stream for the caller to print the value.
  std::ostream& Member(std::string_view name);

  template <typename T>
  void operator()(std::string_view name, const T& value, bool has_been_set) {
    if (has_been_set) PrintMemberValue(name, value, &Member(name));
  }

 private:
  std::ostream* os_;
  bool first_ = true;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_PRINTING_H_
