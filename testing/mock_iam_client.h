// A gMock IamClient. With DelegateToFake, every method defaults to a FakeIamClient, so a test sets
// expectations only on the calls it is about, and the rest behave as IAM would:
//
//   FakeIamBackend backend;
//   ::testing::NiceMock<MockIamClient> iam;
//   iam.DelegateToFake(backend);
//   EXPECT_CALL(iam, UploadSigningCertificate(HasUserName("bob")))
//       .WillOnce(Return(MakeIamError(IamErrorCode::kThrottling, "Rate exceeded")))
//       .WillRepeatedly(::testing::DoDefault());  // then the fake answers
//   RotateCertificates(iam);  // code under test, written against IamClient
//
// Works with NiceMock and StrictMock (a StrictMock still needs an EXPECT_CALL per call; the call
// then runs the fake unless the expectation names an action). Thread-safe as gMock mocks are;
// call DelegateToFake before the mock is used, not while other threads call it.
#ifndef FAKE_IAM_TESTING_MOCK_IAM_CLIENT_H_
#define FAKE_IAM_TESTING_MOCK_IAM_CLIENT_H_

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/operation_list.h"
#include "gmock/gmock.h"

namespace fake_iam {

class MockIamClient : public IamClient {
 public:
  // One MOCK_METHOD per operation, e.g. MOCK_METHOD(absl::StatusOr<UploadSigningCertificateResult>,
  // UploadSigningCertificate, (const UploadSigningCertificateRequest& request), (const, override)).
#define FAKE_IAM_MOCK_METHOD(Name, Result, Errors) \
  MOCK_METHOD(Outcome<Result>, Name, (const Name##Request& request), (const, override));
  FAKE_IAM_OPERATIONS(FAKE_IAM_MOCK_METHOD)
#undef FAKE_IAM_MOCK_METHOD

  // Makes every method default to a FakeIamClient on `backend` acting as `caller`; the backend
  // records those calls with that caller. Calls answered by an action a test gave do not reach the
  // backend. Calling it again re-points every method at the new backend and caller, overriding
  // ON_CALL defaults set since. The backend must outlive the mock's last call.
  void DelegateToFake(FakeIamBackend& backend, CallerIdentity caller = CallerIdentity::Root()) {
    // The actions reach the fake through `this`, so that a second call replacing fake_ never
    // leaves an earlier action pointing at a destroyed client.
    fake_ = std::make_unique<FakeIamClient>(backend, std::move(caller));
#define FAKE_IAM_DELEGATE(Name, Result, Errors)                                           \
  ON_CALL(*this, Name(::testing::_)).WillByDefault([this](const Name##Request& request) { \
    return fake_->Name(request);                                                          \
  });
    FAKE_IAM_OPERATIONS(FAKE_IAM_DELEGATE)
#undef FAKE_IAM_DELEGATE
  }

 private:
  // Owned here so a test need not keep a FakeIamClient alive beside the mock.
  std::unique_ptr<FakeIamClient> fake_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_MOCK_IAM_CLIENT_H_
