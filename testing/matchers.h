// gMock matchers for fake_iam's results, and printers for its types, so that a failed expectation
// says what IAM answered in IAM's words:
//
//   EXPECT_THAT(client.DeleteUser(request), IsIamError(IamErrorCode::kDeleteConflict));
//   EXPECT_THAT(client.GetUser(request), IsOkAndHolds(HasUser(HasPath("/ops/"))));
//   EXPECT_THAT(backend.Certificates("bob"),
//               ElementsAre(AllOf(HasCertificateId(id), HasStatus(StatusType::kInactive))));
//   EXPECT_CALL(mock, UploadSigningCertificate(HasUserName("bob")));
//
//   Expected: is IAM error NoSuchEntity
//     Actual: ALREADY_EXISTS: ... , which is IAM error DuplicateCertificate (ALREADY_EXISTS): ...
//
// Status matchers (IsOk, StatusIs, IsIamError) take an absl::Status or any absl::StatusOr<T>.
// Member matchers take every model type that has the member, requests included, so they serve
// EXPECT_CALL argument matching as well as results; a member that has not been set never matches.
// Used on a type that has no such member, a matcher fails to compile.
//
// The PrintTo overloads below are found by argument-dependent lookup wherever gtest prints a
// fake_iam value, as long as this header is included: they print members by name and never a whole
// certificate body, which would bury the failure under a screen of base64.
#ifndef FAKE_IAM_TESTING_MATCHERS_H_
#define FAKE_IAM_TESTING_MATCHERS_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "gmock/gmock.h"

namespace fake_iam {

// ---------------------------------------------------------------------------------------------
// Printers. Requests and results print only the members that HasBeenSet, so what is printed is
// what would go on the wire; SigningCertificate and User follow the same rule.

inline void PrintTo(StatusType status, std::ostream* os);             // Active
inline void PrintTo(IamErrorCode code, std::ostream* os);             // NoSuchEntity
inline void PrintTo(Operation operation, std::ostream* os);           // UploadSigningCertificate
inline void PrintTo(const CallerIdentity& caller, std::ostream* os);  // user/Bob

// SigningCertificate{UserName: "bob", CertificateId: "...", Status: Active,
//   UploadDate: 2026-01-01T00:00:00Z, CertificateBody: <612 bytes, begins "-----BEGIN ...">}
inline void PrintTo(const SigningCertificate& certificate, std::ostream* os);
inline void PrintTo(const User& user, std::ostream* os);
inline void PrintTo(const ListSigningCertificatesRequest& request, std::ostream* os);
inline void PrintTo(const ListSigningCertificatesResult& result, std::ostream* os);
inline void PrintTo(const UploadSigningCertificateRequest& request, std::ostream* os);
inline void PrintTo(const UploadSigningCertificateResult& result, std::ostream* os);
inline void PrintTo(const UpdateSigningCertificateRequest& request, std::ostream* os);
inline void PrintTo(const DeleteSigningCertificateRequest& request, std::ostream* os);
inline void PrintTo(const CreateUserRequest& request, std::ostream* os);
inline void PrintTo(const CreateUserResult& result, std::ostream* os);
inline void PrintTo(const GetUserRequest& request, std::ostream* os);
inline void PrintTo(const GetUserResult& result, std::ostream* os);
inline void PrintTo(const DeleteUserRequest& request, std::ostream* os);
inline void PrintTo(const ListUsersRequest& request, std::ostream* os);
inline void PrintTo(const ListUsersResult& result, std::ostream* os);
inline void PrintTo(const RecordedCall& call, std::ostream* os);

namespace matchers_internal {

// "OK", "IAM error NoSuchEntity (NOT_FOUND): <message>", or "NOT_FOUND: <message>" for a status
// that carries no IAM code. Shorter than absl's own text, which also dumps the payload.
inline std::string DescribeStatus(const absl::Status& status);
// "<612 bytes, begins "-----BEGIN CERTIFICATE-----">": enough to tell bodies apart by eye.
inline std::string DescribeCertificateBody(const std::string& body);
// "2026-01-01T00:00:00Z", in UTC whatever the machine's zone, as IAM writes dates.
inline std::string DescribeTime(absl::Time time);

}  // namespace matchers_internal

// A StatusOr of a fake_iam type prints as its value or its status; gtest would otherwise dump its
// bytes. Argument-dependent lookup finds this through T's namespace.
template <typename T>
void PrintTo(const absl::StatusOr<T>& status_or, std::ostream* os) {
  if (status_or.ok()) {
    *os << "OK: " << ::testing::PrintToString(*status_or);
  } else {
    *os << matchers_internal::DescribeStatus(status_or.status());
  }
}

namespace matchers_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Matches the message against `matcher`, explaining a mismatch after the status description.
inline bool MatchMessage(const ::testing::Matcher<const std::string&>& matcher,
                         const absl::Status& status, ::testing::MatchResultListener* listener);

class IsOkMatcher {
 public:
  template <typename StatusLike>
  bool MatchAndExplain(const StatusLike& value, ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(value);
    *listener << "which is " << DescribeStatus(status);
    return status.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  StatusIsMatcher(absl::StatusCode code,
                  std::optional<::testing::Matcher<const std::string&>> message)
      : code_(code), message_(std::move(message)) {}

  template <typename StatusLike>
  bool MatchAndExplain(const StatusLike& value, ::testing::MatchResultListener* listener) const {
    return MatchStatus(GetStatus(value), listener);
  }
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  bool MatchStatus(const absl::Status& status, ::testing::MatchResultListener* listener) const;

  absl::StatusCode code_;
  std::optional<::testing::Matcher<const std::string&>> message_;
};

class IsIamErrorMatcher {
 public:
  IsIamErrorMatcher(IamErrorCode code,
                    std::optional<::testing::Matcher<const std::string&>> message)
      : code_(code), message_(std::move(message)) {}

  template <typename StatusLike>
  bool MatchAndExplain(const StatusLike& value, ::testing::MatchResultListener* listener) const {
    return MatchStatus(GetStatus(value), listener);
  }
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  bool MatchStatus(const absl::Status& status, ::testing::MatchResultListener* listener) const;

  IamErrorCode code_;
  std::optional<::testing::Matcher<const std::string&>> message_;
};

// Whether one of the PrintTo overloads above prints T.
template <typename T, typename = void>
struct HasFakeIamPrinter : std::false_type {};
template <typename T>
struct HasFakeIamPrinter<T, std::void_t<decltype(::fake_iam::PrintTo(
                                std::declval<const T&>(), std::declval<std::ostream*>()))>>
    : std::true_type {};

// Polymorphic in the StatusOr's value type, which is only known when the matcher is used, so it
// converts to a monomorphic matcher then.
template <typename InnerMatcher>
class IsOkAndHoldsMatcher {
 public:
  explicit IsOkAndHoldsMatcher(InnerMatcher inner) : inner_(std::move(inner)) {}

  template <typename StatusOrType>
  operator ::testing::Matcher<StatusOrType>() const {  // NOLINT: implicit by design
    return ::testing::Matcher<StatusOrType>(new Impl<const StatusOrType&>(inner_));
  }

 private:
  template <typename StatusOrRef>
  class Impl : public ::testing::MatcherInterface<StatusOrRef> {
   public:
    using StatusOr = std::remove_cv_t<std::remove_reference_t<StatusOrRef>>;
    using Value = typename StatusOr::value_type;  // not a StatusOr: fails to compile, as it should

    explicit Impl(const InnerMatcher& inner)
        : inner_(::testing::SafeMatcherCast<const Value&>(inner)) {}

    bool MatchAndExplain(StatusOrRef actual,
                         ::testing::MatchResultListener* listener) const override {
      if (!actual.ok()) {
        *listener << "which is " << DescribeStatus(actual.status());
        return false;
      }
      ::testing::StringMatchResultListener inner_listener;
      const bool matches = inner_.MatchAndExplain(*actual, &inner_listener);
      *listener << "whose value ";
      // gtest has printed a fake_iam value already, through PrintTo(StatusOr); other values it
      // may have dumped as bytes, so print them here.
      if constexpr (!HasFakeIamPrinter<Value>::value) {
        *listener << ::testing::PrintToString(*actual) << " ";
      }
      *listener << (matches ? "matches" : "doesn't match");
      if (!inner_listener.str().empty()) *listener << ", " << inner_listener.str();
      return matches;
    }
    void DescribeTo(std::ostream* os) const override {
      *os << "is OK and holds a value that ";
      inner_.DescribeTo(os);
    }
    void DescribeNegationTo(std::ostream* os) const override {
      *os << "is not OK, or holds a value that ";
      inner_.DescribeNegationTo(os);
    }

   private:
    const ::testing::Matcher<const Value&> inner_;
  };

  const InnerMatcher inner_;
};

// Equality with a value printed our way (certificate bodies summarised, times in UTC), where
// ::testing::Eq would print the expected value in full or in local time.
template <typename T>
class PrintedEqMatcher : public ::testing::MatcherInterface<const T&> {
 public:
  PrintedEqMatcher(T expected, std::string printed)
      : expected_(std::move(expected)), printed_(std::move(printed)) {}

  bool MatchAndExplain(const T& actual, ::testing::MatchResultListener* listener) const override {
    if (actual == expected_) return true;
    if constexpr (std::is_same_v<T, std::string>) {
      // A body that differs in one character looks the same summarised; say where it differs.
      size_t at = 0;
      while (at < actual.size() && at < expected_.size() && actual[at] == expected_[at]) ++at;
      *listener << "which differs from it at byte " << at;
    }
    return false;
  }
  void DescribeTo(std::ostream* os) const override { *os << "is equal to " << printed_; }
  void DescribeNegationTo(std::ostream* os) const override { *os << "isn't equal to " << printed_; }

 private:
  const T expected_;
  const std::string printed_;
};

// One member of the model classes. Get and IsSet are templates so that the member's matcher works
// on every class that has it (a SigningCertificate and the requests naming one, say).
#define FAKE_IAM_MODEL_MEMBER_(Name, MemberType)                     \
  struct Name##Member {                                              \
    using Type = MemberType;                                         \
    static constexpr const char* kName = #Name;                      \
    template <typename T>                                            \
    static auto Get(const T& value) -> decltype(value.Get##Name()) { \
      return value.Get##Name();                                      \
    }                                                                \
    template <typename T>                                            \
    static bool IsSet(const T& value) {                              \
      return value.Name##HasBeenSet();                               \
    }                                                                \
  };
FAKE_IAM_MODEL_MEMBER_(UserName, std::string)
FAKE_IAM_MODEL_MEMBER_(CertificateId, std::string)
FAKE_IAM_MODEL_MEMBER_(CertificateBody, std::string)
FAKE_IAM_MODEL_MEMBER_(Status, StatusType)
FAKE_IAM_MODEL_MEMBER_(UploadDate, absl::Time)
FAKE_IAM_MODEL_MEMBER_(Path, std::string)
FAKE_IAM_MODEL_MEMBER_(Arn, std::string)
FAKE_IAM_MODEL_MEMBER_(User, User)
FAKE_IAM_MODEL_MEMBER_(Certificate, SigningCertificate)
#undef FAKE_IAM_MODEL_MEMBER_

// The fields of RecordedCall, a plain struct: always set, and named as in the struct.
struct OperationMember {
  using Type = Operation;
  static constexpr const char* kName = "operation";
  static const Operation& Get(const RecordedCall& call) { return call.operation; }
  static bool IsSet(const RecordedCall&) { return true; }
};
struct CallerMember {
  using Type = CallerIdentity;
  static constexpr const char* kName = "caller";
  static const CallerIdentity& Get(const RecordedCall& call) { return call.caller; }
  static bool IsSet(const RecordedCall&) { return true; }
};
struct CallStatusMember {
  using Type = absl::Status;
  static constexpr const char* kName = "status";
  static const absl::Status& Get(const RecordedCall& call) { return call.status; }
  static bool IsSet(const RecordedCall&) { return true; }
};

// How a member's value reads in an explanation.
template <typename T>
std::string DescribeMemberValue(const T& value) {
  return ::testing::PrintToString(value);
}
template <>
inline std::string DescribeMemberValue(const absl::Time& value) {
  return DescribeTime(value);
}
template <>
inline std::string DescribeMemberValue(const absl::Status& value) {
  return DescribeStatus(value);
}

template <typename Member>
class MemberMatcher {
 public:
  using Type = typename Member::Type;
  // What "whose X is <value>" prints: a certificate body is summarised, never printed in full.
  using Describer = std::string (*)(const Type&);

  MemberMatcher(::testing::Matcher<const Type&> inner, Describer describe)
      : inner_(std::move(inner)), describe_(describe) {}

  template <typename T>
  bool MatchAndExplain(const T& value, ::testing::MatchResultListener* listener) const {
    if (!Member::IsSet(value)) {
      *listener << "whose " << Member::kName << " is not set";
      return false;
    }
    const Type& member = Member::Get(value);
    ::testing::StringMatchResultListener inner_listener;
    const bool matches = inner_.MatchAndExplain(member, &inner_listener);
    *listener << "whose " << Member::kName << " is " << describe_(member);
    if (!inner_listener.str().empty()) *listener << ", " << inner_listener.str();
    return matches;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has " << Member::kName << " that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "doesn't have " << Member::kName << " that ";
    inner_.DescribeTo(os);
  }

 private:
  ::testing::Matcher<const Type&> inner_;
  Describer describe_;
};

template <typename Member, typename M>
::testing::PolymorphicMatcher<MemberMatcher<Member>> MakeMemberMatcher(
    const M& matcher_or_value, typename MemberMatcher<Member>::Describer describe =
                                   &DescribeMemberValue<typename Member::Type>) {
  using Type = typename Member::Type;
  return ::testing::MakePolymorphicMatcher(
      MemberMatcher<Member>(::testing::SafeMatcherCast<const Type&>(matcher_or_value), describe));
}

class WasInjectedMatcher {
 public:
  bool MatchAndExplain(const RecordedCall& call, ::testing::MatchResultListener* listener) const {
    *listener << (call.injected ? "which was answered by an injected fault"
                                : "which was answered by the fake's own logic");
    return call.injected;
  }
  void DescribeTo(std::ostream* os) const { *os << "was answered by an injected fault"; }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "was not answered by an injected fault";
  }
};

}  // namespace matchers_internal

// ---------------------------------------------------------------------------------------------
// Status matchers: each takes an absl::Status or an absl::StatusOr<T>.

// The status is OK.
inline ::testing::PolymorphicMatcher<matchers_internal::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(matchers_internal::IsOkMatcher());
}

// The status has this absl code (and, with `message`, a message matching it: a string or a
// matcher of std::string such as HasSubstr("quota")).
inline ::testing::PolymorphicMatcher<matchers_internal::StatusIsMatcher> StatusIs(
    absl::StatusCode code) {
  return ::testing::MakePolymorphicMatcher(matchers_internal::StatusIsMatcher(code, std::nullopt));
}
template <typename MessageMatcher>
::testing::PolymorphicMatcher<matchers_internal::StatusIsMatcher> StatusIs(
    absl::StatusCode code, const MessageMatcher& message) {
  return ::testing::MakePolymorphicMatcher(matchers_internal::StatusIsMatcher(
      code, ::testing::SafeMatcherCast<const std::string&>(message)));
}

// The status carries this IAM error code (IamErrorCodeOf), and with `message`, a matching message.
inline ::testing::PolymorphicMatcher<matchers_internal::IsIamErrorMatcher> IsIamError(
    IamErrorCode code) {
  return ::testing::MakePolymorphicMatcher(
      matchers_internal::IsIamErrorMatcher(code, std::nullopt));
}
template <typename MessageMatcher>
::testing::PolymorphicMatcher<matchers_internal::IsIamErrorMatcher> IsIamError(
    IamErrorCode code, const MessageMatcher& message) {
  return ::testing::MakePolymorphicMatcher(matchers_internal::IsIamErrorMatcher(
      code, ::testing::SafeMatcherCast<const std::string&>(message)));
}

// The StatusOr is OK and its value matches `matcher` (a matcher, or a value to compare with ==).
template <typename InnerMatcher>
matchers_internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>> IsOkAndHolds(
    InnerMatcher&& matcher) {
  return matchers_internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>>(
      std::forward<InnerMatcher>(matcher));
}

// ---------------------------------------------------------------------------------------------
// Model member matchers. Each takes a matcher of the member's type or a value to compare with.

// SigningCertificate, User, and every request with a UserName.
template <typename M>
auto HasUserName(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::UserNameMember>(matcher);
}
// SigningCertificate, UpdateSigningCertificateRequest, DeleteSigningCertificateRequest.
template <typename M>
auto HasCertificateId(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::CertificateIdMember>(matcher);
}
// SigningCertificate, UpdateSigningCertificateRequest: HasStatus(StatusType::kInactive).
template <typename M>
auto HasStatus(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::StatusMember>(matcher);
}
// SigningCertificate, UploadSigningCertificateRequest. Given a string, failures summarise it
// rather than print the whole PEM, and say at which byte the bodies differ.
template <typename M>
auto HasCertificateBody(const M& matcher) {
  using matchers_internal::CertificateBodyMember;
  using matchers_internal::DescribeCertificateBody;
  if constexpr (std::is_convertible_v<const M&, std::string>) {
    std::string expected(matcher);
    std::string printed = DescribeCertificateBody(expected);
    return matchers_internal::MakeMemberMatcher<CertificateBodyMember>(
        ::testing::Matcher<const std::string&>(new matchers_internal::PrintedEqMatcher<std::string>(
            std::move(expected), std::move(printed))),
        &DescribeCertificateBody);
  } else {
    return matchers_internal::MakeMemberMatcher<CertificateBodyMember>(matcher,
                                                                       &DescribeCertificateBody);
  }
}
// SigningCertificate. Given an absl::Time, failures print it in UTC as IAM does.
template <typename M>
auto HasUploadDate(const M& matcher) {
  using matchers_internal::UploadDateMember;
  if constexpr (std::is_convertible_v<const M&, absl::Time>) {
    absl::Time expected = matcher;
    return matchers_internal::MakeMemberMatcher<UploadDateMember>(
        ::testing::Matcher<const absl::Time&>(new matchers_internal::PrintedEqMatcher<absl::Time>(
            expected, matchers_internal::DescribeTime(expected))));
  } else {
    return matchers_internal::MakeMemberMatcher<UploadDateMember>(matcher);
  }
}
// User, CreateUserRequest.
template <typename M>
auto HasPath(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::PathMember>(matcher);
}
// User.
template <typename M>
auto HasArn(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::ArnMember>(matcher);
}
// CreateUserResult, GetUserResult: IsOkAndHolds(HasUser(HasUserName("bob"))).
template <typename M>
auto HasUser(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::UserMember>(matcher);
}
// UploadSigningCertificateResult.
template <typename M>
auto HasCertificate(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::CertificateMember>(matcher);
}

// ---------------------------------------------------------------------------------------------
// RecordedCall matchers, for FakeIamBackend::RecordedCalls().

// The call's operation: HasOperation(Operation::kUploadSigningCertificate).
template <typename M>
auto HasOperation(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::OperationMember>(matcher);
}
// Who made the call: HasCaller(CallerIdentity::User("bob")).
template <typename M>
auto HasCaller(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::CallerMember>(matcher);
}
// What the caller got: HasCallStatus(IsIamError(IamErrorCode::kThrottling)).
template <typename M>
auto HasCallStatus(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::CallStatusMember>(matcher);
}
// The call was answered by a FaultRule rather than by the fake's logic.
inline ::testing::PolymorphicMatcher<matchers_internal::WasInjectedMatcher> WasInjected() {
  return ::testing::MakePolymorphicMatcher(matchers_internal::WasInjectedMatcher());
}

// ---------------------------------------------------------------------------------------------
// Definitions. Inline, so that the header works in any build that has gMock, without a .cc file to
// add to the build.

namespace matchers_internal {

// Certificate bodies are summarised after this many characters of their first line.
inline constexpr size_t kBodyPreviewChars = 64;

// Prints `TypeName{Member: value, ...}`, one member at a time, closing the brace when done.
class MemberPrinter {
 public:
  MemberPrinter(std::ostream* os, const char* type_name) : os_(os) { *os_ << type_name << "{"; }
  ~MemberPrinter() { *os_ << "}"; }
  MemberPrinter(const MemberPrinter&) = delete;
  MemberPrinter& operator=(const MemberPrinter&) = delete;

  // The name and separator; the caller prints the value.
  std::ostream& Member(const char* name) {
    if (!first_) *os_ << ", ";
    first_ = false;
    return *os_ << name << ": ";
  }

 private:
  std::ostream* os_;
  bool first_ = true;
};

// Values as they read inside a member list. Strings are quoted and escaped by gtest, so that an
// empty or odd name is visible as such.
inline void PrintValue(const std::string& value, std::ostream* os) {
  *os << ::testing::PrintToString(value);
}
inline void PrintValue(int value, std::ostream* os) { *os << value; }
inline void PrintValue(bool value, std::ostream* os) { *os << (value ? "true" : "false"); }
inline void PrintValue(absl::Time value, std::ostream* os) { *os << DescribeTime(value); }
inline void PrintValue(StatusType value, std::ostream* os) { PrintTo(value, os); }
inline void PrintValue(const SigningCertificate& value, std::ostream* os) { PrintTo(value, os); }
inline void PrintValue(const User& value, std::ostream* os) { PrintTo(value, os); }
template <typename T>
void PrintValue(const std::vector<T>& values, std::ostream* os) {
  *os << "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *os << ", ";
    PrintValue(values[i], os);
  }
  *os << "]";
}

inline std::string DescribeStatus(const absl::Status& status) {
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

inline std::string DescribeCertificateBody(const std::string& body) {
  std::ostringstream out;
  out << "<" << body.size() << (body.size() == 1 ? " byte" : " bytes");
  if (!body.empty()) {
    std::string first_line = body.substr(0, body.find('\n'));
    if (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
    const bool cut = first_line.size() > kBodyPreviewChars;
    if (cut) first_line.resize(kBodyPreviewChars);
    out << ", begins " << ::testing::PrintToString(first_line) << (cut ? "..." : "");
  }
  out << ">";
  return out.str();
}

inline std::string DescribeTime(absl::Time time) {
  // %E*S keeps a fractional second when there is one, so unequal times never print alike.
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

inline bool MatchMessage(const ::testing::Matcher<const std::string&>& matcher,
                         const absl::Status& status, ::testing::MatchResultListener* listener) {
  const std::string message(status.message());
  ::testing::StringMatchResultListener message_listener;
  if (matcher.MatchAndExplain(message, &message_listener)) return true;
  *listener << ", whose message doesn't match";
  if (!message_listener.str().empty()) *listener << ", " << message_listener.str();
  return false;
}

inline void StatusIsMatcher::DescribeTo(std::ostream* os) const {
  *os << "has status code " << absl::StatusCodeToString(code_);
  if (message_.has_value()) {
    *os << " and a message that ";
    message_->DescribeTo(os);
  }
}

inline void StatusIsMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "doesn't have status code " << absl::StatusCodeToString(code_);
  if (message_.has_value()) {
    *os << ", or has a message that ";
    message_->DescribeNegationTo(os);
  }
}

inline bool StatusIsMatcher::MatchStatus(const absl::Status& status,
                                         ::testing::MatchResultListener* listener) const {
  *listener << "which is " << DescribeStatus(status);
  if (status.code() != code_) return false;
  return !message_.has_value() || MatchMessage(*message_, status, listener);
}

inline void IsIamErrorMatcher::DescribeTo(std::ostream* os) const {
  *os << "is IAM error " << IamErrorCodeName(code_);
  if (message_.has_value()) {
    *os << " with a message that ";
    message_->DescribeTo(os);
  }
}

inline void IsIamErrorMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "isn't IAM error " << IamErrorCodeName(code_);
  if (message_.has_value()) {
    *os << ", or has a message that ";
    message_->DescribeNegationTo(os);
  }
}

inline bool IsIamErrorMatcher::MatchStatus(const absl::Status& status,
                                           ::testing::MatchResultListener* listener) const {
  *listener << "which is " << DescribeStatus(status);
  const std::optional<IamErrorCode> actual = IamErrorCodeOf(status);
  // Without this, "NOT_FOUND: ..." would leave the reader wondering why NoSuchEntity missed.
  if (!status.ok() && !actual.has_value()) *listener << " (carries no IAM error code)";
  if (actual != code_) return false;
  return !message_.has_value() || MatchMessage(*message_, status, listener);
}

}  // namespace matchers_internal

// Prints the member when it has been set, and nothing otherwise.
#define FAKE_IAM_PRINT_MEMBER_(printer, value, Name)                                            \
  do {                                                                                          \
    if ((value).Name##HasBeenSet()) {                                                           \
      ::fake_iam::matchers_internal::PrintValue((value).Get##Name(), &(printer).Member(#Name)); \
    }                                                                                           \
  } while (false)

inline void PrintTo(StatusType status, std::ostream* os) {
  switch (status) {
    case StatusType::kActive:
    case StatusType::kInactive:
      *os << StatusTypeName(status);
      return;
  }
  *os << "StatusType(" << static_cast<int>(status) << ")";
}

inline void PrintTo(IamErrorCode code, std::ostream* os) {
  for (IamErrorCode known : kAllIamErrorCodes) {
    if (known == code) {
      *os << IamErrorCodeName(code);
      return;
    }
  }
  *os << "IamErrorCode(" << static_cast<int>(code) << ")";
}

inline void PrintTo(Operation operation, std::ostream* os) {
  for (Operation known : kAllOperations) {
    if (known == operation) {
      *os << OperationName(operation);
      return;
    }
  }
  *os << "Operation(" << static_cast<int>(operation) << ")";
}

inline void PrintTo(const CallerIdentity& caller, std::ostream* os) { *os << caller.ToString(); }

inline void PrintTo(const SigningCertificate& certificate, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "SigningCertificate");
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, CertificateId);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, Status);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, UploadDate);
  if (certificate.CertificateBodyHasBeenSet()) {
    printer.Member("CertificateBody")
        << matchers_internal::DescribeCertificateBody(certificate.GetCertificateBody());
  }
}

inline void PrintTo(const User& user, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "User");
  FAKE_IAM_PRINT_MEMBER_(printer, user, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, user, UserId);
  FAKE_IAM_PRINT_MEMBER_(printer, user, Path);
  FAKE_IAM_PRINT_MEMBER_(printer, user, Arn);
  FAKE_IAM_PRINT_MEMBER_(printer, user, CreateDate);
}

inline void PrintTo(const ListSigningCertificatesRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "ListSigningCertificatesRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Marker);
  FAKE_IAM_PRINT_MEMBER_(printer, request, MaxItems);
}

inline void PrintTo(const ListSigningCertificatesResult& result, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "ListSigningCertificatesResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Certificates);
  FAKE_IAM_PRINT_MEMBER_(printer, result, IsTruncated);
  FAKE_IAM_PRINT_MEMBER_(printer, result, Marker);
}

inline void PrintTo(const UploadSigningCertificateRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "UploadSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  if (request.CertificateBodyHasBeenSet()) {
    printer.Member("CertificateBody")
        << matchers_internal::DescribeCertificateBody(request.GetCertificateBody());
  }
}

inline void PrintTo(const UploadSigningCertificateResult& result, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "UploadSigningCertificateResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Certificate);
}

inline void PrintTo(const UpdateSigningCertificateRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "UpdateSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, CertificateId);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Status);
}

inline void PrintTo(const DeleteSigningCertificateRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "DeleteSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, CertificateId);
}

inline void PrintTo(const CreateUserRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "CreateUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Path);
}

inline void PrintTo(const CreateUserResult& result, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "CreateUserResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, User);
}

inline void PrintTo(const GetUserRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "GetUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
}

inline void PrintTo(const GetUserResult& result, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "GetUserResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, User);
}

inline void PrintTo(const DeleteUserRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "DeleteUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
}

inline void PrintTo(const ListUsersRequest& request, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "ListUsersRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, PathPrefix);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Marker);
  FAKE_IAM_PRINT_MEMBER_(printer, request, MaxItems);
}

inline void PrintTo(const ListUsersResult& result, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "ListUsersResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Users);
  FAKE_IAM_PRINT_MEMBER_(printer, result, IsTruncated);
  FAKE_IAM_PRINT_MEMBER_(printer, result, Marker);
}

#undef FAKE_IAM_PRINT_MEMBER_

inline void PrintTo(const RecordedCall& call, std::ostream* os) {
  matchers_internal::MemberPrinter printer(os, "RecordedCall");
  printer.Member("sequence") << call.sequence;
  PrintTo(call.operation, &printer.Member("operation"));
  PrintTo(call.caller, &printer.Member("caller"));
  printer.Member("time") << matchers_internal::DescribeTime(call.time);
  std::visit([&printer](const auto& request) { PrintTo(request, &printer.Member("request")); },
             call.request);
  printer.Member("status") << matchers_internal::DescribeStatus(call.status);
  printer.Member("injected") << (call.injected ? "true" : "false");
}

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_MATCHERS_H_
