// gMock matchers of a RecordedCall (fake_iam/recorded_call.h), for what
// FakeIamBackend::RecordedCalls() returns:
//
//   EXPECT_THAT(backend.RecordedCalls(),
//               ElementsAre(AllOf(HasOperation(Operation::kGetUser),
//                                 HasCallStatus(IsIamError(IamErrorCode::kThrottling)),
//                                 WasInjected())));
//
// A failure explains what the call had ("whose operation is GetUser"), and the calls themselves
// print with RecordedCall's own printer. testing/matchers.h includes this header.
#ifndef FAKE_IAM_TESTING_CALL_MATCHERS_H_
#define FAKE_IAM_TESTING_CALL_MATCHERS_H_

#include <ostream>

#include "absl/status/status.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "gmock/gmock.h"
#include "testing/member_matchers.h"  // MakeMemberMatcher

namespace fake_iam {
namespace matchers_internal {

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

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_CALL_MATCHERS_H_
