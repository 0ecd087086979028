// How the input constraints of IAM's API model (docs/behavior.md "Input constraints") are checked,
// and reported as one ValidationError that lists every failed member the way AWS words it.
#ifndef FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_
#define FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fake_iam/model.h"

namespace fake_iam::internal {

// "maxItems" for "MaxItems": how IAM names a member in its messages.
std::string MemberName(std::string_view name);

// A string member's constraint: length in characters (code points of the UTF-8 text) and the
// characters allowed, as the model's pattern says. The patterns of IAM's model name characters up
// to U+00FF, and Unicode classes (\p{L}, ...), so a table of 256 answers and one answer for every
// character above U+00FF say which. fake_iam/internal/input_constraints.cc, generated from
// codegen/, defines one per model shape.
struct StringConstraint {
  size_t min_length;
  size_t max_length;
  std::array<bool, 256> allowed;  // by code point, U+0000-U+00FF
  std::string_view pattern;       // the model's regular expression, for the message; empty: none
  bool (*shape)(std::string_view value) = nullptr;  // the rest of the pattern, if any
  bool allows_above_u00ff = false;  // a \p{..} class: a character above U+00FF is a letter
};
// An integer member's range.
struct IntRange {
  int min;
  int max;
};
// A list member's length.
struct ListLength {
  size_t min;
  size_t max;
};
// An enum member: its value must be one a request may carry.
template <typename Enum>
struct EnumValueSet {
  bool (*contains)(Enum value);
};

// The rule an enum member's value breaks, as IAM words it: "satisfy enum value set" without the
// values (recorded for Status), except for GetSSHPublicKey's Encoding, whose message lists them
// (recorded: "Member must satisfy enum value set: [SSH, PEM]").
template <typename Enum>
constexpr std::string_view EnumRule() {
  return "satisfy enum value set";
}
template <>
constexpr std::string_view EnumRule<EncodingType>() {
  return "satisfy enum value set: [SSH, PEM]";
}

// The table of the code points U+0000-U+00FF that `kAllowed` allows.
template <bool (*kAllowed)(uint32_t)>
constexpr std::array<bool, 256> CharacterTable() {
  std::array<bool, 256> table = {};
  for (uint32_t c = 0; c < 256; ++c) table[c] = kAllowed(c);
  return table;
}
constexpr bool AnyChar(uint32_t) { return true; }

// The parts of patterns a character table cannot say, written by hand and named by
// codegen/fake_iam.json's pattern_functions. pathType (\u002F)|(\u002F[\u0021-\u007E]+\u002F):
// "/" alone, or a slash at each end.
bool IsPathShape(std::string_view path);
// pathPrefixType \u002F[\u0021-\u007F]*: a slash first.
bool StartsWithSlash(std::string_view path);

// Collects failed members; one message line per member, in the order checked: once a member has
// failed, later checks of it are skipped. Members are named as in messages: "userName".
class InputValidator {
 public:
  // A required member that was not set: "Value null at 'userName' ...".
  void Required(std::string_view member, bool has_been_set);
  void Check(std::string_view member, const StringConstraint& constraint, std::string_view value);
  void Check(std::string_view member, const IntRange& range, int value);
  void Check(std::string_view member, const ListLength& limits, size_t length);
  template <typename Enum>
  void Check(std::string_view member, const EnumValueSet<Enum>& values, Enum value) {
    if (!values.contains(value)) Fail(member, EnumRule<Enum>());
  }

  // Any other failed rule: "Value at '<member>' failed to satisfy constraint: Member must <rule>",
  // as IAM words it, without the value.
  void Fail(std::string_view member, std::string_view rule);

  // OK when nothing failed, else ValidationError "N validation error(s) detected: ...".
  absl::Status ToStatus() const;

 private:
  bool Failed(std::string_view member) const;

  std::vector<std::string> errors_;
  std::vector<std::string> failed_members_;
};

// The constraints of each shape, and CheckRequest for each request: the generated
// fake_iam/internal/input_constraints.h.

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_
