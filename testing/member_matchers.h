// gMock matchers of one member of fake_iam's model types (fake_iam/model.h), for results, backend
// state and EXPECT_CALL arguments alike:
//
//   EXPECT_THAT(backend.Certificates("bob"),
//               ElementsAre(AllOf(HasCertificateId(id), HasStatus(StatusType::kInactive))));
//   EXPECT_CALL(mock, UploadSigningCertificate(HasUserName("bob")));
//
// Each takes a matcher of the member's type or a value to compare with, and works on every model
// type that has the member, requests included; a member that has not been set never matches. Used
// on a type that has no such member, a matcher fails to compile. A failure explains what the
// member was ("whose Status is Inactive"), certificate bodies summarised and times in UTC, as the
// types' own printers print them. testing/matchers.h includes this header.
#ifndef FAKE_IAM_TESTING_MEMBER_MATCHERS_H_
#define FAKE_IAM_TESTING_MEMBER_MATCHERS_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/printing.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"

namespace fake_iam {
namespace matchers_internal {

using ::fake_iam::DescribeCertificateBody;
using ::fake_iam::DescribeTime;

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
FAKE_IAM_MODEL_MEMBER_(AccessKeyId, std::string)
FAKE_IAM_MODEL_MEMBER_(SecretAccessKey, std::string)
FAKE_IAM_MODEL_MEMBER_(CreateDate, absl::Time)
FAKE_IAM_MODEL_MEMBER_(AccessKey, AccessKey)
FAKE_IAM_MODEL_MEMBER_(State, ReportStateType)
FAKE_IAM_MODEL_MEMBER_(AccessKeyLastUsed, AccessKeyLastUsed)
FAKE_IAM_MODEL_MEMBER_(LastUsedDate, absl::Time)
FAKE_IAM_MODEL_MEMBER_(ServiceName, std::string)
FAKE_IAM_MODEL_MEMBER_(Region, std::string)
#undef FAKE_IAM_MODEL_MEMBER_

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
  return ::fake_iam::DescribeStatus(value);
}

// Matches one member, described by a Member struct (a name, a type, Get and IsSet), of any type
// that has it.
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

// A member of type absl::Time. Given an absl::Time rather than a matcher, the expected value
// prints in UTC as IAM writes dates; ::testing::Eq would print it in the machine's zone.
template <typename Member, typename M>
auto MakeTimeMemberMatcher(const M& matcher) {
  if constexpr (std::is_convertible_v<const M&, absl::Time>) {
    absl::Time expected = matcher;
    return MakeMemberMatcher<Member>(::testing::Matcher<const absl::Time&>(
        new PrintedEqMatcher<absl::Time>(expected, DescribeTime(expected))));
  } else {
    return MakeMemberMatcher<Member>(matcher);
  }
}

}  // namespace matchers_internal

// SigningCertificate, User, AccessKey, AccessKeyMetadata, GetAccessKeyLastUsedResult, and every
// request with a UserName.
template <typename M>
auto HasUserName(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::UserNameMember>(matcher);
}
// SigningCertificate, UpdateSigningCertificateRequest, DeleteSigningCertificateRequest.
template <typename M>
auto HasCertificateId(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::CertificateIdMember>(matcher);
}
// SigningCertificate, AccessKey, AccessKeyMetadata, UpdateSigningCertificateRequest,
// UpdateAccessKeyRequest: HasStatus(StatusType::kInactive).
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
  return matchers_internal::MakeTimeMemberMatcher<matchers_internal::UploadDateMember>(matcher);
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

// AccessKey, AccessKeyMetadata, and the requests naming a key (UpdateAccessKeyRequest,
// DeleteAccessKeyRequest, GetAccessKeyLastUsedRequest).
template <typename M>
auto HasAccessKeyId(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::AccessKeyIdMember>(matcher);
}
// AccessKey, as CreateAccessKey answers it: HasSecretAccessKey(SizeIs(40)).
template <typename M>
auto HasSecretAccessKey(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::SecretAccessKeyMember>(matcher);
}
// User, AccessKey, AccessKeyMetadata. Given an absl::Time, failures print it in UTC as IAM does.
template <typename M>
auto HasCreateDate(const M& matcher) {
  return matchers_internal::MakeTimeMemberMatcher<matchers_internal::CreateDateMember>(matcher);
}
// CreateAccessKeyResult: IsOkAndHolds(HasAccessKey(HasStatus(StatusType::kActive))).
template <typename M>
auto HasAccessKey(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::AccessKeyMember>(matcher);
}
// GenerateCredentialReportResult: HasState(ReportStateType::kComplete).
template <typename M>
auto HasState(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::StateMember>(matcher);
}
// GetAccessKeyLastUsedResult: HasAccessKeyLastUsed(AllOf(HasServiceName("iam"), ...)).
template <typename M>
auto HasAccessKeyLastUsed(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::AccessKeyLastUsedMember>(matcher);
}
// AccessKeyLastUsed; a key never used has none, so Not(HasLastUsedDate(_)) matches it. Given an
// absl::Time, failures print it in UTC as IAM does.
template <typename M>
auto HasLastUsedDate(const M& matcher) {
  return matchers_internal::MakeTimeMemberMatcher<matchers_internal::LastUsedDateMember>(matcher);
}
// AccessKeyLastUsed: "iam", or "N/A" for a key never used.
template <typename M>
auto HasServiceName(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::ServiceNameMember>(matcher);
}
// AccessKeyLastUsed: "us-east-1", or "N/A" for a key never used.
template <typename M>
auto HasRegion(const M& matcher) {
  return matchers_internal::MakeMemberMatcher<matchers_internal::RegionMember>(matcher);
}

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_MEMBER_MATCHERS_H_
