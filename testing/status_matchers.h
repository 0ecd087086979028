// gMock matchers for the absl::Status or absl::StatusOr<T> that every fake_iam call returns, and
// the printer of a StatusOr of a fake_iam type, so that a failed expectation says what IAM
// answered in IAM's words:
//
//   EXPECT_THAT(client.DeleteUser(request), IsIamError(IamErrorCode::kDeleteConflict));
//   EXPECT_THAT(client.GetUser(request), IsOkAndHolds(HasUser(HasPath("/ops/"))));
//
//   Expected: is IAM error NoSuchEntity
//     Actual: ALREADY_EXISTS: ... , which is IAM error DuplicateCertificate (ALREADY_EXISTS): ...
//
// IsOk, StatusIs and IsIamError take an absl::Status or any absl::StatusOr<T>; IsOkAndHolds takes
// a StatusOr. A status reads as "IAM error NoSuchEntity (NOT_FOUND): <message>", with the fake's
// diagnosis after it in brackets when it has one. testing/matchers.h includes this header.
#ifndef FAKE_IAM_TESTING_STATUS_MATCHERS_H_
#define FAKE_IAM_TESTING_STATUS_MATCHERS_H_

#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
// Every fake_iam type with a PrintTo, so that HasFakeIamPrinter below knows them all.
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/printing.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "gmock/gmock.h"

namespace fake_iam {

// A StatusOr of a fake_iam type prints as its value or its status; gtest would otherwise dump its
// bytes. Argument-dependent lookup finds this through T's namespace. It lives here rather than
// beside the types because printing any T takes gtest's printer.
template <typename T>
void PrintTo(const absl::StatusOr<T>& status_or, std::ostream* os) {
  if (status_or.ok()) {
    *os << "OK: " << ::testing::PrintToString(*status_or);
  } else {
    *os << DescribeStatus(status_or.status());
  }
}

namespace matchers_internal {

using ::fake_iam::DescribeStatus;

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Matches the message against `matcher`, explaining a mismatch after the status description.
inline bool MatchMessage(const ::testing::Matcher<const std::string&>& matcher,
                         const absl::Status& status, ::testing::MatchResultListener* listener) {
  const std::string message(status.message());
  ::testing::StringMatchResultListener message_listener;
  if (matcher.MatchAndExplain(message, &message_listener)) return true;
  *listener << ", whose message doesn't match";
  if (!message_listener.str().empty()) *listener << ", " << message_listener.str();
  return false;
}

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
    const absl::Status& status = GetStatus(value);
    *listener << "which is " << DescribeStatus(status);
    if (status.code() != code_) return false;
    return !message_.has_value() || MatchMessage(*message_, status, listener);
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has status code " << absl::StatusCodeToString(code_);
    if (message_.has_value()) {
      *os << " and a message that ";
      message_->DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "doesn't have status code " << absl::StatusCodeToString(code_);
    if (message_.has_value()) {
      *os << ", or has a message that ";
      message_->DescribeNegationTo(os);
    }
  }

 private:
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
    const absl::Status& status = GetStatus(value);
    *listener << "which is " << DescribeStatus(status);
    const std::optional<IamErrorCode> actual = IamErrorCodeOf(status);
    // Without this, "NOT_FOUND: ..." would leave the reader wondering why NoSuchEntity missed.
    if (!status.ok() && !actual.has_value()) *listener << " (carries no IAM error code)";
    if (actual != code_) return false;
    return !message_.has_value() || MatchMessage(*message_, status, listener);
  }
  void DescribeTo(std::ostream* os) const {
    *os << "is IAM error " << IamErrorCodeName(code_);
    if (message_.has_value()) {
      *os << " with a message that ";
      message_->DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "isn't IAM error " << IamErrorCodeName(code_);
    if (message_.has_value()) {
      *os << ", or has a message that ";
      message_->DescribeNegationTo(os);
    }
  }

 private:
  IamErrorCode code_;
  std::optional<::testing::Matcher<const std::string&>> message_;
};

// Whether one of fake_iam's PrintTo overloads prints T (the model types' are found by
// argument-dependent lookup only).
template <typename T, typename = void>
struct HasFakeIamPrinter : std::false_type {};
template <typename T>
struct HasFakeIamPrinter<T, std::void_t<decltype(PrintTo(
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

}  // namespace matchers_internal

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

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_STATUS_MATCHERS_H_
