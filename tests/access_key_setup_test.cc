// Access keys beyond their CRUD: GetAccessKeyLastUsed (never used, after a use, an unknown key),
// the set-up API (CreateAccessKey and AddAccessKey for users, the root and roles), FindAccessKey,
// Reset, and the records and faults of the access-key operations.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
#include "testing/matchers.h"
#include "tests/access_key_fixture.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::AccessKeyIdsOf;
using ::fake_iam_test::AccessKeyTest;
using ::fake_iam_test::GetLastUsed;
using ::fake_iam_test::kAccountId;
using ::fake_iam_test::kRoleArn;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// GetAccessKeyLastUsed.

TEST_F(AccessKeyTest, KeyNeverUsedHasNoDateAndNotApplicable) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  auto last_used = GetLastUsed(root(), id);
  ASSERT_THAT(last_used, IsOk());
  EXPECT_EQ(last_used->GetUserName(), "Bob");
  // As recorded: no LastUsedDate at all, and the literal N/A.
  EXPECT_THAT(last_used->GetAccessKeyLastUsed(),
              AllOf(Not(HasLastUsedDate(_)), HasServiceName("N/A"), HasRegion("N/A")));
}

TEST_F(AccessKeyTest, LastUseIsTheLatestInWholeSecondsOfTheBackendClock) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  backend().AdvanceClock(absl::Milliseconds(90'700));
  backend().RecordAccessKeyUse(id, "iam", "us-east-1");
  auto first = GetLastUsed(root(), id);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->GetAccessKeyLastUsed(), AllOf(HasLastUsedDate(kStartTime + absl::Seconds(90)),
                                                   HasServiceName("iam"), HasRegion("us-east-1")));

  backend().AdvanceClock(absl::Hours(1));
  backend().RecordAccessKeyUse(id, "sts", "eu-west-1");
  auto second = GetLastUsed(root(), id);
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(second->GetAccessKeyLastUsed(),
              AllOf(HasLastUsedDate(kStartTime + absl::Seconds(3690)), HasServiceName("sts"),
                    HasRegion("eu-west-1")));
  EXPECT_EQ(second->GetUserName(), "Bob");

  // Within the same second, a use from elsewhere is still the latest one.
  backend().RecordAccessKeyUse(id, "sts", "ap-south-1");
  EXPECT_THAT(GetLastUsed(root(), id)->GetAccessKeyLastUsed(),
              AllOf(HasLastUsedDate(kStartTime + absl::Seconds(3690)), HasServiceName("sts"),
                    HasRegion("ap-south-1")));

  // A use of a key the backend does not hold changes nothing, and does not fail.
  backend().RecordAccessKeyUse("AKIAIOSFODNN7EXAMPLE", "iam", "us-east-1");
  EXPECT_THAT(GetLastUsed(root(), "AKIAIOSFODNN7EXAMPLE"), IsIamError(IamErrorCode::kAccessDenied));
}

TEST_F(AccessKeyTest, UnknownKeyIsAccessDeniedNamingTheCaller) {
  ASSERT_THAT(backend().CreateUser("Bob", "/eng/"), IsOk());
  const std::string id = "AKIAIOSFODNN7EXAMPLE";
  const std::string tail =
      " is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key " + id;
  // IAM answers AccessDenied, not NoSuchEntity, even to the root (recorded).
  EXPECT_THAT(GetLastUsed(root(), id),
              IsIamError(IamErrorCode::kAccessDenied,
                         Eq(absl::StrCat("User: arn:aws:iam::", kAccountId, ":root", tail))));
  // A user's ARN carries its path.
  EXPECT_THAT(GetLastUsed(FakeIamClient(backend(), CallerIdentity::User("bob")), id),
              IsIamError(IamErrorCode::kAccessDenied,
                         Eq("User: arn:aws:iam::123456789012:user/eng/Bob" + tail)));
  EXPECT_THAT(GetLastUsed(FakeIamClient(backend(), CallerIdentity::Role(kRoleArn)), id),
              IsIamError(IamErrorCode::kAccessDenied, Eq(absl::StrCat("User: ", kRoleArn, tail))));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kAccessDenied), 403);

  std::vector<RecordedCall> calls = backend().RecordedCalls(Operation::kGetAccessKeyLastUsed);
  ASSERT_THAT(calls, SizeIs(3));
  EXPECT_THAT(calls[2].status, IsIamError(IamErrorCode::kAccessDenied));
  EXPECT_EQ(calls[2].caller, CallerIdentity::Role(kRoleArn));
}

// ---------------------------------------------------------------------------------------------
// The set-up API.

TEST_F(AccessKeyTest, SetUpKeysFollowTheApisRulesUnrecorded) {
  CreateUsers({"Bob"});
  absl::StatusOr<AccessKey> bobs = backend().CreateAccessKey(CallerIdentity::User("bob"));
  ASSERT_THAT(bobs, IsOk());
  EXPECT_THAT(*bobs, AllOf(HasUserName("Bob"), HasStatus(StatusType::kActive),
                           HasCreateDate(kStartTime), HasSecretAccessKey(SizeIs(40))));
  EXPECT_THAT(AccessKeyIdsOf(backend().AccessKeys("Bob")), ElementsAre(bobs->GetAccessKeyId()));
  absl::StatusOr<AccessKey> roots = backend().CreateAccessKey(CallerIdentity::Root());
  ASSERT_THAT(roots, IsOk());
  EXPECT_EQ(roots->GetUserName(), kAccountId);
  EXPECT_THAT(AccessKeyIdsOf(backend().RootAccessKeys()), ElementsAre(roots->GetAccessKeyId()));

  ASSERT_THAT(backend().CreateAccessKey(CallerIdentity::User("Bob")), IsOk());
  EXPECT_THAT(backend().CreateAccessKey(CallerIdentity::User("Bob")),
              IsIamError(IamErrorCode::kLimitExceeded));
  EXPECT_THAT(backend().CreateAccessKey(CallerIdentity::User("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(backend().RecordedCalls(), IsEmpty());
}

TEST_F(AccessKeyTest, RoleKeySignsButIsListedNowhere) {
  CreateUsers({"Bob"});
  absl::StatusOr<AccessKey> key = backend().CreateAccessKey(CallerIdentity::Role(kRoleArn));
  ASSERT_THAT(key, IsOk());
  std::optional<AccessKeyOwner> owner = backend().FindAccessKey(key->GetAccessKeyId());
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->caller, CallerIdentity::Role(kRoleArn));
  EXPECT_EQ(owner->secret_access_key, key->GetSecretAccessKey());

  // IAM holds no keys for roles: no list shows it, and no quota counts it.
  EXPECT_THAT(backend().RootAccessKeys(), IsEmpty());
  EXPECT_THAT(backend().AccessKeys("Bob"), IsEmpty());
  EXPECT_THAT(root().ListAccessKeys(ListAccessKeysRequest())->GetAccessKeyMetadata(), IsEmpty());
  EXPECT_THAT(ListKeys("Bob")->GetAccessKeyMetadata(), IsEmpty());
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(backend().CreateAccessKey(CallerIdentity::Role(kRoleArn)), IsOk());
  }
  ASSERT_THAT(root().GenerateCredentialReport(GenerateCredentialReportRequest()), IsOk());
  auto report = root().GetCredentialReport(GetCredentialReportRequest());
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->GetContent(), Not(::testing::HasSubstr(key->GetAccessKeyId())));
  EXPECT_THAT(report->GetContent(), Not(::testing::HasSubstr("role")));
  auto summary = root().GetAccountSummary(GetAccountSummaryRequest());
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->GetSummaryMap().at("AccountAccessKeysPresent"), 0);
}

TEST_F(AccessKeyTest, AddAccessKeyTakesTheTestsIdSecretAndStatus) {
  CreateUsers({"Bob"});
  backend().AdvanceClock(absl::Seconds(3));
  ASSERT_THAT(backend().AddAccessKey(
                  AccessKey().WithAccessKeyId("AKIDBOBEXAMPLE0001").WithSecretAccessKey("s3cr3t"),
                  CallerIdentity::User("Bob")),
              IsOk());
  EXPECT_THAT(backend().AccessKeys("Bob"),
              ElementsAre(AllOf(HasAccessKeyId("AKIDBOBEXAMPLE0001"), HasUserName("Bob"),
                                HasStatus(StatusType::kActive),
                                HasCreateDate(kStartTime + absl::Seconds(3)))));
  EXPECT_EQ(backend().FindAccessKey("AKIDBOBEXAMPLE0001")->secret_access_key, "s3cr3t");

  // A key added Inactive is held, and listed, but signs nothing.
  ASSERT_THAT(backend().AddAccessKey(AccessKey()
                                         .WithAccessKeyId("AKIDROOTINACTIVE01")
                                         .WithSecretAccessKey("x")
                                         .WithStatus(StatusType::kInactive),
                                     CallerIdentity::Root()),
              IsOk());
  EXPECT_THAT(backend().RootAccessKeys(), ElementsAre(HasStatus(StatusType::kInactive)));
  EXPECT_FALSE(backend().FindAccessKey("AKIDROOTINACTIVE01").has_value());

  // An id is taken whoever holds it, a role included.
  ASSERT_THAT(backend().AddAccessKey(
                  AccessKey().WithAccessKeyId("AKIDROLE0000000001").WithSecretAccessKey("r"),
                  CallerIdentity::Role(kRoleArn)),
              IsOk());
  for (const char* taken : {"AKIDBOBEXAMPLE0001", "AKIDROOTINACTIVE01", "AKIDROLE0000000001"}) {
    EXPECT_THAT(
        backend().AddAccessKey(AccessKey().WithAccessKeyId(taken).WithSecretAccessKey("other"),
                               CallerIdentity::Root()),
        IsIamError(IamErrorCode::kEntityAlreadyExists,
                   Eq(absl::StrCat("Access key ", taken, " already exists."))));
  }
  EXPECT_EQ(backend().FindAccessKey("AKIDROLE0000000001")->secret_access_key, "r");
  EXPECT_THAT(backend().RootAccessKeys(), SizeIs(1));
  EXPECT_THAT(backend().AddAccessKey(
                  AccessKey().WithAccessKeyId("AKIDNOBODY00000001").WithSecretAccessKey("n"),
                  CallerIdentity::User("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity));
}

TEST_F(AccessKeyTest, FindAccessKeyRefusesUnknownInactiveAndDeletedKeys) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  EXPECT_TRUE(backend().FindAccessKey(id).has_value());
  EXPECT_FALSE(backend().FindAccessKey("AKIAIOSFODNN7EXAMPLE").has_value());
  ASSERT_THAT(UpdateKey("Bob", id, StatusType::kInactive), IsOk());
  EXPECT_EQ(backend().FindAccessKey(id), std::nullopt);
  ASSERT_THAT(DeleteKey("Bob", id), IsOk());
  EXPECT_EQ(backend().FindAccessKey(id), std::nullopt);
}

TEST_F(AccessKeyTest, ResetForgetsEveryKeyAndIdsStartOver) {
  CreateUsers({"Bob"});
  const AccessKey bobs = MustCreateKey("Bob");
  const AccessKey roots = *backend().CreateAccessKey(CallerIdentity::Root());
  const AccessKey roles = *backend().CreateAccessKey(CallerIdentity::Role(kRoleArn));

  backend().Reset();
  EXPECT_THAT(backend().RootAccessKeys(), IsEmpty());
  for (const AccessKey& key : {bobs, roots, roles}) {
    EXPECT_FALSE(backend().FindAccessKey(key.GetAccessKeyId()).has_value());
  }
  // The same calls make the same keys again.
  CreateUsers({"Bob"});
  const AccessKey again = MustCreateKey("Bob");
  EXPECT_EQ(again.GetAccessKeyId(), bobs.GetAccessKeyId());
  EXPECT_EQ(again.GetSecretAccessKey(), bobs.GetSecretAccessKey());
}

// ---------------------------------------------------------------------------------------------
// Records and faults.

TEST_F(AccessKeyTest, EveryCallIsRecordedWithItsRequestAndAnswer) {
  CreateUsers({"Bob"});
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  const std::string id =
      bob.CreateAccessKey(CreateAccessKeyRequest())->GetAccessKey().GetAccessKeyId();
  ASSERT_THAT(bob.ListAccessKeys(ListAccessKeysRequest().WithMaxItems(5)), IsOk());
  ASSERT_THAT(bob.UpdateAccessKey(
                  UpdateAccessKeyRequest().WithAccessKeyId(id).WithStatus(StatusType::kInactive)),
              IsOk());
  ASSERT_THAT(GetLastUsed(bob, id), IsOk());
  ASSERT_THAT(bob.DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(id)), IsOk());
  EXPECT_THAT(bob.DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(id)),
              IsIamError(IamErrorCode::kNoSuchEntity));

  std::vector<RecordedCall> calls = backend().RecordedCalls();
  ASSERT_THAT(calls, SizeIs(6));
  EXPECT_THAT(calls,
              ::testing::Each(AllOf(HasCaller(CallerIdentity::User("Bob")), Not(WasInjected()))));
  EXPECT_THAT(calls[0], HasOperation(Operation::kCreateAccessKey));
  ASSERT_NE(calls[0].Request<CreateAccessKeyRequest>(), nullptr);
  EXPECT_THAT(*calls[0].Request<CreateAccessKeyRequest>(), Not(HasUserName(_)));
  EXPECT_EQ(calls[1].Request<ListAccessKeysRequest>()->GetMaxItems(), 5);
  EXPECT_THAT(*calls[2].Request<UpdateAccessKeyRequest>(),
              AllOf(HasAccessKeyId(id), HasStatus(StatusType::kInactive)));
  EXPECT_THAT(*calls[3].Request<GetAccessKeyLastUsedRequest>(), HasAccessKeyId(id));
  EXPECT_THAT(calls[4], AllOf(HasOperation(Operation::kDeleteAccessKey), HasCallStatus(IsOk())));
  EXPECT_THAT(calls[5].status, IsIamError(IamErrorCode::kNoSuchEntity));
}

TEST_F(AccessKeyTest, FaultForAUserFindsTheCallerOfAnOmittedUserName) {
  CreateUsers({"Bob", "Alice"});
  ASSERT_THAT(backend().InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure)
                                        .On(Operation::kCreateAccessKey)
                                        .ForUser("BOB")),
              IsOk());
  FakeIamClient alice(backend(), CallerIdentity::User("Alice"));
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  EXPECT_THAT(alice.CreateAccessKey(CreateAccessKeyRequest()), IsOk());
  EXPECT_THAT(bob.CreateAccessKey(CreateAccessKeyRequest()),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(backend().AccessKeys("Bob"), IsEmpty());
}

TEST_F(AccessKeyTest, AFaultedCreateMakesNoKeyAndConsumesNoId) {
  CreateUsers({"Bob"});
  ASSERT_THAT(backend().InjectFault(
                  FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kCreateAccessKey)),
              IsOk());
  EXPECT_THAT(CreateKey("Bob"), IsIamError(IamErrorCode::kLimitExceeded));
  const AccessKey made = MustCreateKey("Bob");

  FakeIamBackend fresh(TestOptions());
  ASSERT_THAT(fresh.CreateUser("Bob"), IsOk());
  absl::StatusOr<AccessKey> expected = fresh.CreateAccessKey(CallerIdentity::User("Bob"));
  ASSERT_THAT(expected, IsOk());
  EXPECT_EQ(made.GetAccessKeyId(), expected->GetAccessKeyId());
  EXPECT_THAT(backend().AccessKeys("Bob"), SizeIs(1));
}

TEST_F(AccessKeyTest, EachOperationsOwnErrorsCanBeInjected) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  // The one way a test sees these: the fake itself never answers them for these calls.
  ASSERT_THAT(backend().InjectFault(
                  FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kUpdateAccessKey)),
              IsOk());
  ASSERT_THAT(backend().InjectFault(
                  FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kDeleteAccessKey)),
              IsOk());
  ASSERT_THAT(backend().InjectFault(FaultRule::Fail(IamErrorCode::kAccessDenied)
                                        .On(Operation::kGetAccessKeyLastUsed)
                                        .WithMessage("denied")),
              IsOk());
  EXPECT_THAT(UpdateKey("Bob", id, StatusType::kInactive),
              IsIamError(IamErrorCode::kLimitExceeded));
  EXPECT_THAT(DeleteKey("Bob", id), IsIamError(IamErrorCode::kLimitExceeded));
  EXPECT_THAT(GetLastUsed(root(), id), IsIamError(IamErrorCode::kAccessDenied, Eq("denied")));
  // And none changed anything.
  EXPECT_THAT(backend().AccessKeys("Bob"),
              ElementsAre(AllOf(HasAccessKeyId(id), HasStatus(StatusType::kActive))));
  // An error the model does not list for the operation is refused without AllowAnyError.
  EXPECT_THAT(backend().InjectFault(
                  FaultRule::Fail(IamErrorCode::kDeleteConflict).On(Operation::kListAccessKeys)),
              Not(IsOk()));
}

}  // namespace
}  // namespace fake_iam
