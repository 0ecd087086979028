#include "fake_iam/internal/input_validation.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/utf8.h"

namespace fake_iam::internal {
namespace {

constexpr bool IsWordChar(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
constexpr bool IsUserNameChar(uint32_t c) {
  return IsWordChar(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}
constexpr bool IsBodyChar(uint32_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0xFF);
}
constexpr bool IsLatin1Char(uint32_t c) { return c >= 0x20 && c <= 0xFF; }
constexpr bool IsPathChar(uint32_t c) { return c >= 0x21 && c <= 0x7E; }
constexpr bool IsPathPrefixChar(uint32_t c) { return c >= 0x21 && c <= 0x7F; }

template <bool (*kAllowed)(uint32_t)>
constexpr std::array<bool, 256> Table() {
  std::array<bool, 256> table = {};
  for (uint32_t c = 0; c < 256; ++c) table[c] = kAllowed(c);
  return table;
}
bool IsPathShape(std::string_view path) {
  return path == "/" || (path.size() > 2 && path.front() == '/' && path.back() == '/');
}
bool StartsWithSlash(std::string_view path) { return path.front() == '/'; }

struct Utf8Scan {
  size_t length = 0;        // code points
  bool all_allowed = true;  // every code point passes the constraint's test
};

// One pass over UTF-8 text; nullopt when it is not UTF-8.
std::optional<Utf8Scan> ScanUtf8(std::string_view text, const std::array<bool, 256>& allowed) {
  // Most text is ASCII: one tight pass settles it without decoding.
  bool ascii = true;
  bool all_allowed = true;
  for (unsigned char byte : text) {
    ascii &= byte < 0x80;
    all_allowed &= allowed[byte];
  }
  if (ascii) return Utf8Scan{text.size(), all_allowed};
  Utf8Scan scan;
  for (size_t i = 0; i < text.size();) {
    uint32_t c = 0;
    size_t length = DecodeUtf8(text, i, c);
    if (length == 0) return std::nullopt;
    ++scan.length;
    scan.all_allowed &= c < allowed.size() && allowed[c];
    i += length;
  }
  return scan;
}

}  // namespace

const StringConstraint kUserName = {1, 128, Table<IsUserNameChar>(), "[\\w+=,.@-]+"};
const StringConstraint kNewUserName = {1, 64, Table<IsUserNameChar>(), "[\\w+=,.@-]+"};
const StringConstraint kCertificateBody = {1, 16384, Table<IsBodyChar>(),
                                           "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"};
const StringConstraint kCertificateId = {24, 128, Table<IsWordChar>(), "[\\w]+"};
const StringConstraint kAccessKeyId = {16, 128, Table<IsWordChar>(), "[\\w]+"};
const StringConstraint kMarker = {1, 320, Table<IsLatin1Char>(), "[\\u0020-\\u00FF]+"};
const StringConstraint kPath = {1, 512, Table<IsPathChar>(),
                                "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)", IsPathShape};
const StringConstraint kPathPrefix = {1, 512, Table<IsPathPrefixChar>(), "\\u002F[\\u0021-\\u007F]*",
                                      StartsWithSlash};

std::string MemberName(std::string_view name) {
  std::string lower(name);
  if (!lower.empty()) lower[0] = absl::ascii_tolower(lower[0]);
  return lower;
}

bool InputValidator::Failed(std::string_view member) const {
  for (const std::string& failed : failed_members_) {
    if (failed == member) return true;
  }
  return false;
}

void InputValidator::Fail(std::string_view member, std::string_view rule) {
  if (Failed(member)) return;
  failed_members_.emplace_back(member);
  // IAM does not echo the value.
  errors_.push_back(
      absl::StrFormat("Value at '%s' failed to satisfy constraint: Member must %s", member, rule));
}

void InputValidator::Required(std::string_view member, bool has_been_set) {
  if (!has_been_set && !Failed(member)) {
    failed_members_.emplace_back(member);
    errors_.push_back(absl::StrFormat(
        "Value null at '%s' failed to satisfy constraint: Member must not be null", member));
  }
}

void InputValidator::Check(std::string_view member, const StringConstraint& constraint,
                           std::string_view value) {
  std::optional<Utf8Scan> scan = ScanUtf8(value, constraint.allowed);
  if (scan && scan->length < constraint.min_length) {
    Fail(member,
         absl::StrFormat("have length greater than or equal to %d", constraint.min_length));
  } else if (scan && scan->length > constraint.max_length) {
    Fail(member,
         absl::StrFormat("have length less than or equal to %d", constraint.max_length));
  } else if (!scan || !scan->all_allowed ||
             (constraint.shape != nullptr && !constraint.shape(value))) {
    Fail(member,
         absl::StrFormat("satisfy regular expression pattern: %s", constraint.pattern));
  }
}

void InputValidator::Check(std::string_view member, const IntRange& range, int value) {
  if (value < range.min) {
    Fail(member, absl::StrFormat("have value greater than or equal to %d", range.min));
  } else if (value > range.max) {
    Fail(member, absl::StrFormat("have value less than or equal to %d", range.max));
  }
}

void InputValidator::Check(std::string_view member, const EnumValueSet&, StatusType value) {
  // A value cast from outside the enum (the model's values all have names).
  if (StatusTypeName(value).empty()) Fail(member, "satisfy enum value set");
}

absl::Status InputValidator::ToStatus() const {
  if (errors_.empty()) return absl::OkStatus();
  return MakeIamError(
      IamErrorCode::kValidationError,
      absl::StrFormat("%d validation error%s detected: %s", errors_.size(),
                      errors_.size() == 1 ? "" : "s", absl::StrJoin(errors_, "; ")));
}

namespace {

// A member list's rule: Required(kCertificateId), Optional(kMarker).
template <typename Constraint>
struct Rule {
  const Constraint& constraint;
  bool required;
};
template <typename Constraint>
Rule<Constraint> Required(const Constraint& constraint) {
  return {constraint, true};
}
template <typename Constraint>
Rule<Constraint> Optional(const Constraint& constraint) {
  return {constraint, false};
}

template <typename Constraint, typename Value>
void CheckMember(InputValidator& validator, std::string_view name, const Rule<Constraint>& rule,
                 bool has_been_set, const Value& value) {
  const std::string member = MemberName(name);
  if (rule.required) validator.Required(member, has_been_set);
  if (has_been_set) validator.Check(member, rule.constraint, value);
}

}  // namespace

#define FAKE_IAM_CHECK_MEMBER(Type, Name, Rule) \
  CheckMember(validator, #Name, Rule, request.Name##HasBeenSet(), request.Get##Name());
#define FAKE_IAM_CHECK_REQUEST(Name, Result, Errors)                            \
  void CheckRequest(InputValidator& validator, const Name##Request& request) { \
    static_cast<void>(validator);                                               \
    static_cast<void>(request);                                                 \
    FAKE_IAM_MEMBERS_##Name##Request(FAKE_IAM_CHECK_MEMBER)                     \
  }
FAKE_IAM_OPERATIONS(FAKE_IAM_CHECK_REQUEST)
#undef FAKE_IAM_CHECK_REQUEST
#undef FAKE_IAM_CHECK_MEMBER

}  // namespace fake_iam::internal
