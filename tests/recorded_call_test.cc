// The record of calls (fake_iam/recorded_call.h): every client call in answer order with its
// caller, request, status and time; filtering, clearing; set-up calls are neither recorded nor
// faulted; injected errors are recorded as injected.
#include "fake_iam/recorded_call.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::GetUser;
using ::fake_iam_test::kRoleArn;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class RecordTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_THAT(backend_.CreateUser("Bob"), IsOk()); }
  FakeIamBackend backend_{TestOptions()};
  FakeIamClient root_{backend_};
};

TEST_F(RecordTest, EveryClientCallInAnswerOrder) {
  const std::string pem = ValidCertificatePem();
  FakeIamClient bob(backend_, CallerIdentity::User("Bob"));
  FakeIamClient role(backend_, CallerIdentity::Role(kRoleArn));

  ASSERT_THAT(root_.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithUserName("Bob").WithCertificateBody(pem)),
              IsOk());
  backend_.AdvanceClock(absl::Seconds(5));
  ASSERT_THAT(bob.ListSigningCertificates(ListSigningCertificatesRequest().WithMaxItems(7)),
              IsOk());
  const absl::Status not_found = GetUser(root_, "Nobody");
  const absl::Status invalid =
      root_.CreateUser(CreateUserRequest().WithUserName("bad name")).status();
  backend_.AdvanceClock(absl::Seconds(1));
  ASSERT_THAT(role.ListUsers(ListUsersRequest()), IsOk());

  const std::vector<RecordedCall> calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(5));
  for (size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].sequence, i + 1);
    EXPECT_FALSE(calls[i].injected);
    EXPECT_FALSE(calls[i].over_http);
    // The variant's alternative is the operation's.
    EXPECT_EQ(calls[i].request.index(), static_cast<size_t>(calls[i].operation));
  }

  EXPECT_EQ(calls[0].operation, Operation::kUploadSigningCertificate);
  EXPECT_EQ(calls[0].caller, CallerIdentity::Root());
  ASSERT_NE(calls[0].Request<UploadSigningCertificateRequest>(), nullptr);
  EXPECT_EQ(calls[0].Request<UploadSigningCertificateRequest>()->GetUserName(), "Bob");
  EXPECT_EQ(calls[0].Request<UploadSigningCertificateRequest>()->GetCertificateBody(), pem);
  EXPECT_EQ(calls[0].Request<ListSigningCertificatesRequest>(), nullptr);
  EXPECT_THAT(calls[0].status, IsOk());
  EXPECT_EQ(calls[0].time, kStartTime);

  EXPECT_EQ(calls[1].operation, Operation::kListSigningCertificates);
  EXPECT_EQ(calls[1].caller, CallerIdentity::User("Bob"));
  ASSERT_NE(calls[1].Request<ListSigningCertificatesRequest>(), nullptr);
  // Recorded as sent: UserName omitted stays omitted.
  EXPECT_FALSE(calls[1].Request<ListSigningCertificatesRequest>()->UserNameHasBeenSet());
  EXPECT_EQ(calls[1].Request<ListSigningCertificatesRequest>()->GetMaxItems(), 7);
  EXPECT_EQ(calls[1].time, kStartTime + absl::Seconds(5));

  EXPECT_EQ(calls[2].operation, Operation::kGetUser);
  EXPECT_EQ(calls[2].status, not_found);
  EXPECT_THAT(calls[2].status, IsIamError(IamErrorCode::kNoSuchEntity,
                                          Eq("The user with name Nobody cannot be found.")));
  EXPECT_EQ(calls[2].Request<GetUserRequest>()->GetUserName(), "Nobody");

  EXPECT_EQ(calls[3].operation, Operation::kCreateUser);
  EXPECT_EQ(calls[3].status, invalid);
  EXPECT_THAT(calls[3].status, IsIamError(IamErrorCode::kValidationError));

  EXPECT_EQ(calls[4].operation, Operation::kListUsers);
  EXPECT_EQ(calls[4].caller, CallerIdentity::Role(kRoleArn));
  EXPECT_EQ(calls[4].time, kStartTime + absl::Seconds(6));
}

TEST_F(RecordTest, FilterByOperation) {
  ASSERT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  ASSERT_THAT(GetUser(root_, "Bob"), IsOk());
  ASSERT_THAT(root_.ListUsers(ListUsersRequest().WithMaxItems(3)), IsOk());
  const auto list_users = backend_.RecordedCalls(Operation::kListUsers);
  ASSERT_THAT(list_users, SizeIs(2));
  EXPECT_EQ(list_users[0].sequence, 1u);
  EXPECT_EQ(list_users[1].sequence, 3u);
  EXPECT_EQ(list_users[1].Request<ListUsersRequest>()->GetMaxItems(), 3);
  const auto get_user = backend_.RecordedCalls(Operation::kGetUser);
  ASSERT_THAT(get_user, SizeIs(1));
  EXPECT_EQ(get_user[0].sequence, 2u);
  EXPECT_THAT(backend_.RecordedCalls(Operation::kDeleteUser), IsEmpty());
}

TEST_F(RecordTest, ClearStartsOver) {
  ASSERT_THAT(GetUser(root_, "Bob"), IsOk());
  ASSERT_THAT(GetUser(root_, "Bob"), IsOk());
  backend_.ClearRecordedCalls();
  EXPECT_THAT(backend_.RecordedCalls(), IsEmpty());
  ASSERT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  const auto calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].sequence, 1u);
  EXPECT_EQ(calls[0].operation, Operation::kListUsers);
}

TEST_F(RecordTest, SetUpAndInspectionAreNotRecorded) {
  ASSERT_THAT(backend_.CreateUser("Alice"), IsOk());
  ASSERT_THAT(backend_.UploadSigningCertificate("Alice", ValidCertificatePem()), IsOk());
  backend_.Certificates("Alice");
  backend_.RootCertificates();
  backend_.Users();
  backend_.Now();
  backend_.AdvanceClock(absl::Seconds(1));
  ASSERT_THAT(backend_.InjectFault(
                  FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kDeleteUser)),
              IsOk());
  EXPECT_THAT(backend_.RecordedCalls(), IsEmpty());
}

TEST_F(RecordTest, SetUpCallsAreNeverFaulted) {
  ASSERT_THAT(backend_.InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure).Always()),
              IsOk());
  EXPECT_THAT(backend_.CreateUser("Alice"), IsOk());
  EXPECT_THAT(backend_.UploadSigningCertificate("Alice", ValidCertificatePem()), IsOk());
  EXPECT_THAT(GetUser(root_, "Alice"), IsIamError(IamErrorCode::kServiceFailure));
}

TEST_F(RecordTest, InjectedCallsAreRecordedAsInjected) {
  ASSERT_THAT(backend_.InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure)
                                       .On(Operation::kGetUser)
                                       .WithMessage("boom")),
              IsOk());
  const absl::Status status = GetUser(root_, "Bob");
  ASSERT_THAT(GetUser(root_, "Bob"), IsOk());
  const auto calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_TRUE(calls[0].injected);
  EXPECT_EQ(calls[0].status, status);
  EXPECT_THAT(calls[0].status, IsIamError(IamErrorCode::kServiceFailure, Eq("boom")));
  EXPECT_FALSE(calls[1].injected);
  EXPECT_THAT(calls[1].status, IsOk());
}

}  // namespace
}  // namespace fake_iam
