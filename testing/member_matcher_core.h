// The machinery of the member matchers (testing/member_matchers.h, generated from codegen/): a
// matcher of one member of the model types, described by a Member struct (a name, a type, Get and
// IsSet), whose explanations read as the types' own printers print (certificate bodies
// summarised, times in UTC).
#ifndef FAKE_IAM_TESTING_MEMBER_MATCHER_CORE_H_
#define FAKE_IAM_TESTING_MEMBER_MATCHER_CORE_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/printing.h"
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
}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_MEMBER_MATCHER_CORE_H_
