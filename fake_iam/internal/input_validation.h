// The input constraints of IAM's API model (docs/behavior.md "Input constraints"), reported as one
// ValidationError that lists every failed member the way AWS words it.
#ifndef FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_
#define FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fake_iam/model.h"
#include "fake_iam/operation_list.h"

namespace fake_iam::internal {

// "maxItems" for "MaxItems": how IAM names a member in its messages.
std::string MemberName(std::string_view name);

// A string member's constraint: length in characters (code points of the UTF-8 text) and the
// characters allowed, as the model's pattern says. Every pattern of IAM's model allows only
// characters up to U+00FF, so a table of 256 answers says which.
struct StringConstraint {
  size_t min_length;
  size_t max_length;
  std::array<bool, 256> allowed;  // by code point; anything above U+00FF is not allowed
  std::string_view pattern;       // the model's regular expression, for the message
  bool (*shape)(std::string_view value) = nullptr;  // the rest of the pattern, if any
};
// An integer member's range.
struct IntRange {
  int min;
  int max;
};
// An enum member: its value must be one the enum names.
struct EnumValueSet {};

// The constraints the member lists of fake_iam/model.h name.
extern const StringConstraint kUserName;         // 1-128 of [\w+=,.@-]
extern const StringConstraint kNewUserName;      // 1-64 of [\w+=,.@-]
extern const StringConstraint kCertificateBody;  // 1-16384 of U+0009, U+000A, U+000D, U+0020-U+00FF
extern const StringConstraint kCertificateId;    // 24-128 of [\w]
extern const StringConstraint kAccessKeyId;      // 16-128 of [\w]
extern const StringConstraint kMarker;           // 1-320 of U+0020-U+00FF
extern const StringConstraint kPath;             // "/" or "/.../" of U+0021-U+007E, 1-512
extern const StringConstraint kPathPrefix;       // "/" then U+0021-U+007F, 1-512
inline constexpr IntRange kMaxItems = {1, 1000};
inline constexpr EnumValueSet kStatus = {};

// Collects failed members; one message line per member, in the order checked: once a member has
// failed, later checks of it are skipped. Members are named as in messages: "userName".
class InputValidator {
 public:
  // A required member that was not set: "Value null at 'userName' ...".
  void Required(std::string_view member, bool has_been_set);
  void Check(std::string_view member, const StringConstraint& constraint, std::string_view value);
  void Check(std::string_view member, const IntRange& range, int value);
  void Check(std::string_view member, const EnumValueSet& values, StatusType value);

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

// The input constraints of each operation's request, from its member list in fake_iam/model.h,
// added to `validator`; the backend checks every call with these, the HTTP front adds what it
// could not even convert (a Status that is no status) first.
#define FAKE_IAM_CHECK_REQUEST(Name, Result, Errors) \
  void CheckRequest(InputValidator& validator, const Name##Request& request);
FAKE_IAM_OPERATIONS(FAKE_IAM_CHECK_REQUEST)
#undef FAKE_IAM_CHECK_REQUEST

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_INPUT_VALIDATION_H_
