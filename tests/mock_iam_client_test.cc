// Tests of testing/mock_iam_client.h: expectations on some methods while the others delegate to a
// real FakeIamBackend, under NiceMock and StrictMock, with actions that override the fake.
#include "testing/mock_iam_client.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/faults.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::TestOptions;
using ::testing::_;
using ::testing::AllOf;
using ::testing::DoDefault;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SizeIs;
using ::testing::StrictMock;

// Code under test, written against the interface as production code would be: replaces the user's
// certificates with `pem`, deleting the old ones first to stay under the quota.
absl::Status RotateCertificate(const IamClient& iam, const std::string& user,
                               const std::string& pem) {
  auto listed = iam.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName(user));
  if (!listed.ok()) return listed.status();
  for (const SigningCertificate& certificate : listed->GetCertificates()) {
    absl::Status deleted = iam.DeleteSigningCertificate(
        DeleteSigningCertificateRequest().WithUserName(user).WithCertificateId(
            certificate.GetCertificateId()));
    if (!deleted.ok()) return deleted;
  }
  return iam
      .UploadSigningCertificate(
          UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(pem))
      .status();
}

UploadSigningCertificateRequest Upload(const std::string& user, const std::string& pem) {
  return UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(pem);
}

TEST(MockIamClientTest, EveryMethodDelegatesToTheFake) {
  FakeIamBackend backend(TestOptions());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  EXPECT_THAT(iam.CreateUser(CreateUserRequest().WithUserName("bob")),
              IsOkAndHolds(HasUser(HasUserName("bob"))));
  EXPECT_THAT(iam.GetUser(GetUserRequest().WithUserName("bob")),
              IsOkAndHolds(HasUser(HasArn("arn:aws:iam::123456789012:user/bob"))));
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsOk());
  auto uploaded = iam.UploadSigningCertificate(Upload("bob", ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(
      iam.UpdateSigningCertificate(
          UpdateSigningCertificateRequest().WithUserName("bob").WithCertificateId(id).WithStatus(
              StatusType::kInactive)),
      IsOk());
  EXPECT_THAT(iam.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("bob")),
              IsOk());
  EXPECT_THAT(backend.Certificates("bob"),
              ElementsAre(AllOf(HasCertificateId(id), HasStatus(StatusType::kInactive))));
  EXPECT_THAT(iam.DeleteUser(DeleteUserRequest().WithUserName("bob")),
              IsIamError(IamErrorCode::kDeleteConflict));
  EXPECT_THAT(iam.DeleteSigningCertificate(
                  DeleteSigningCertificateRequest().WithUserName("bob").WithCertificateId(id)),
              IsOk());
  EXPECT_THAT(iam.DeleteUser(DeleteUserRequest().WithUserName("bob")), IsOk());
  EXPECT_THAT(backend.Users(), IsEmpty());
  EXPECT_THAT(backend.RecordedCalls(), SizeIs(9));
}

TEST(MockIamClientTest, ExpectOneMethodWhileTheOthersChangeTheFake) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  ASSERT_THAT(backend.UploadSigningCertificate("bob", ValidCertificatePem()), IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  // Only the upload is checked; listing and deleting still happen, in the fake.
  const std::string pem = ValidCertificatePem();
  EXPECT_CALL(iam, UploadSigningCertificate(AllOf(HasUserName("bob"), HasCertificateBody(pem))))
      .Times(1);

  EXPECT_THAT(RotateCertificate(iam, "bob", pem), IsOk());
  EXPECT_THAT(backend.Certificates("bob"), ElementsAre(HasCertificateBody(pem)));
}

TEST(MockIamClientTest, OverriddenActionReturnsAnErrorThenTheFakeAnswers) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  EXPECT_CALL(iam, UploadSigningCertificate(_))
      .WillOnce(Return(MakeIamError(IamErrorCode::kConcurrentModification, "try again")))
      .WillRepeatedly(DoDefault());

  const std::string pem = ValidCertificatePem();
  EXPECT_THAT(RotateCertificate(iam, "bob", pem),
              IsIamError(IamErrorCode::kConcurrentModification, "try again"));
  EXPECT_THAT(backend.Certificates("bob"), IsEmpty());  // the error came from the mock
  EXPECT_THAT(RotateCertificate(iam, "bob", pem), IsOk());
  EXPECT_THAT(backend.Certificates("bob"), ElementsAre(HasCertificateBody(pem)));
}

TEST(MockIamClientTest, OnCallAfterDelegateToFakeWins) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);
  ON_CALL(iam, GetUser(_))
      .WillByDefault(Return(MakeIamError(IamErrorCode::kServiceFailure, "down")));

  EXPECT_THAT(iam.GetUser(GetUserRequest().WithUserName("bob")),
              IsIamError(IamErrorCode::kServiceFailure));
  // Another method still reaches the fake.
  EXPECT_THAT(iam.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("bob")),
              IsOk());
}

TEST(MockIamClientTest, StrictMockRunsTheFakeForExpectedCalls) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  StrictMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  const std::string pem = ValidCertificatePem();
  {
    InSequence in_order;
    EXPECT_CALL(iam, ListSigningCertificates(HasUserName("bob")));
    EXPECT_CALL(iam, UploadSigningCertificate(HasUserName("bob")));
  }
  EXPECT_THAT(RotateCertificate(iam, "bob", pem), IsOk());
  EXPECT_THAT(backend.Certificates("bob"), SizeIs(1));
}

TEST(MockIamClientTest, StrictMockRejectsAnUnexpectedCall) {
  FakeIamBackend backend(TestOptions());
  StrictMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  EXPECT_NONFATAL_FAILURE((void)iam.GetUser(GetUserRequest().WithUserName("bob")),
                          "Uninteresting mock function call");
}

TEST(MockIamClientTest, MismatchedArgumentsPrintTheRequest) {
  FakeIamBackend backend(TestOptions());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);
  EXPECT_CALL(iam, GetUser(HasUserName("bob"))).Times(::testing::AnyNumber());

  // The unexpected call is reported with the request printed member by member.
  EXPECT_NONFATAL_FAILURE((void)iam.GetUser(GetUserRequest().WithUserName("alice")),
                          "GetUserRequest{UserName: \"alice\"}");
  EXPECT_NONFATAL_FAILURE((void)iam.GetUser(GetUserRequest().WithUserName("alice")),
                          "whose UserName is \"alice\"");
}

TEST(MockIamClientTest, FakeRecordsDelegatedCallsWithTheMocksCaller) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("alice"), IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend, CallerIdentity::User("alice"));
  EXPECT_CALL(iam, GetUser(_))
      .WillOnce(Return(MakeIamError(IamErrorCode::kThrottling, "Rate exceeded")));

  // UserName omitted: the caller's identity decides, so the certificate is alice's.
  const std::string pem = ValidCertificatePem();
  EXPECT_THAT(
      iam.UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsOkAndHolds(HasCertificate(HasUserName("alice"))));
  EXPECT_THAT(backend.Certificates("alice"), ElementsAre(HasCertificateBody(pem)));
  // Answered by the mock's action: never reaches the backend, so not recorded.
  EXPECT_THAT(iam.GetUser(GetUserRequest()), IsIamError(IamErrorCode::kThrottling));

  EXPECT_THAT(backend.RecordedCalls(),
              ElementsAre(AllOf(HasOperation(Operation::kUploadSigningCertificate),
                                HasCaller(CallerIdentity::User("alice")), HasCallStatus(IsOk()))));
}

TEST(MockIamClientTest, InjectedFaultsReachTheCodeThroughTheMock) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  ASSERT_THAT(
      backend.InjectFault(
          FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kListSigningCertificates)),
      IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);

  EXPECT_THAT(RotateCertificate(iam, "bob", ValidCertificatePem()),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(backend.RecordedCalls(), ElementsAre(WasInjected()));
}

TEST(MockIamClientTest, DelegateToFakeAgainRepointsEveryMethod) {
  FakeIamBackend first(TestOptions());
  FakeIamBackend second(TestOptions());
  ASSERT_THAT(second.CreateUser("bob"), IsOk());
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(first);
  ON_CALL(iam, GetUser(_)).WillByDefault(Return(absl::InternalError("overridden")));

  iam.DelegateToFake(second, CallerIdentity::User("bob"));
  EXPECT_THAT(iam.GetUser(GetUserRequest()), IsOkAndHolds(HasUser(HasUserName("bob"))));
  EXPECT_THAT(iam.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem())),
              IsOk());
  EXPECT_THAT(second.Certificates("bob"), SizeIs(1));
  EXPECT_THAT(first.RecordedCalls(), IsEmpty());
  EXPECT_THAT(second.RecordedCalls(), ElementsAre(HasCaller(CallerIdentity::User("bob")),
                                                  HasCaller(CallerIdentity::User("bob"))));
}

TEST(MockIamClientTest, WithoutDelegateToFakeItIsAPlainMock) {
  StrictMock<MockIamClient> iam;
  EXPECT_CALL(iam, DeleteUser(HasUserName("bob"))).WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(iam, GetUser(_))
      .WillOnce(Return(GetUserResult().WithUser(User().WithUserName("bob"))));

  const IamClient& client = iam;
  EXPECT_THAT(client.DeleteUser(DeleteUserRequest().WithUserName("bob")), IsOk());
  EXPECT_THAT(client.GetUser(GetUserRequest()), IsOkAndHolds(HasUser(HasUserName("bob"))));
}

}  // namespace
}  // namespace fake_iam
