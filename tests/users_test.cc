// Users and who a call acts on: CreateUser, GetUser and DeleteUser, names without regard to case,
// and the implicit user (a user caller acts on itself, the root on its own certificates, a role
// must name the user).
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/backend_fixture.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::BackendTest;
using ::fake_iam_test::IdsOf;
using ::fake_iam_test::IsUserIdShape;
using ::fake_iam_test::kAccountId;
using ::fake_iam_test::kRoleArn;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::NamesOf;
using ::fake_iam_test::TestOptions;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Property;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// Users.

TEST_F(BackendTest, CreateUserReturnsItsFields) {
  auto created = root().CreateUser(CreateUserRequest().WithUserName("Bob"));
  ASSERT_THAT(created, IsOk());
  const User& user = created->GetUser();
  EXPECT_EQ(user.GetUserName(), "Bob");
  EXPECT_EQ(user.GetPath(), "/");
  EXPECT_EQ(user.GetArn(), "arn:aws:iam::123456789012:user/Bob");
  EXPECT_THAT(user.GetUserId(), IsUserIdShape());
  EXPECT_EQ(user.GetCreateDate(), kStartTime);

  auto got = root().GetUser(GetUserRequest().WithUserName("Bob"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetUserName(), "Bob");
  EXPECT_EQ(got->GetUser().GetPath(), "/");
  EXPECT_EQ(got->GetUser().GetArn(), user.GetArn());
  EXPECT_EQ(got->GetUser().GetUserId(), user.GetUserId());
  EXPECT_EQ(got->GetUser().GetCreateDate(), kStartTime);
}

TEST_F(BackendTest, PathIsPartOfTheArn) {
  auto created =
      root().CreateUser(CreateUserRequest().WithUserName("Bob").WithPath("/division/team/"));
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->GetUser().GetPath(), "/division/team/");
  EXPECT_EQ(created->GetUser().GetArn(), "arn:aws:iam::123456789012:user/division/team/Bob");
  auto got = root().GetUser(GetUserRequest().WithUserName("bob"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetPath(), "/division/team/");
  EXPECT_EQ(got->GetUser().GetArn(), "arn:aws:iam::123456789012:user/division/team/Bob");

  auto set_up = backend().CreateUser("Carol", "/ops/");
  ASSERT_THAT(set_up, IsOk());
  EXPECT_EQ(set_up->GetArn(), "arn:aws:iam::123456789012:user/ops/Carol");
}

TEST_F(BackendTest, ArnUsesTheConfiguredAccount) {
  FakeIamOptions options = TestOptions();
  options.account_id = "999988887777";
  Init(options);
  auto user = backend().CreateUser("Bob");
  ASSERT_THAT(user, IsOk());
  EXPECT_EQ(user->GetArn(), "arn:aws:iam::999988887777:user/Bob");
}

TEST_F(BackendTest, CreateDateIsTheFakeClock) {
  backend().AdvanceClock(absl::Minutes(90));
  auto user = root().CreateUser(CreateUserRequest().WithUserName("Carol"));
  ASSERT_THAT(user, IsOk());
  EXPECT_EQ(user->GetUser().GetCreateDate(), kStartTime + absl::Minutes(90));
}

TEST_F(BackendTest, UserIdsAreShapedAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    auto user = root().CreateUser(CreateUserRequest().WithUserName(absl::StrCat("user", i)));
    ASSERT_THAT(user, IsOk());
    EXPECT_THAT(user->GetUser().GetUserId(), IsUserIdShape());
    ids.insert(user->GetUser().GetUserId());
  }
  EXPECT_THAT(ids, SizeIs(40));
}

TEST_F(BackendTest, UserNamesAreUniqueWithoutRegardToCase) {
  ASSERT_THAT(root().CreateUser(CreateUserRequest().WithUserName("Bob")), IsOk());
  auto again = root().CreateUser(CreateUserRequest().WithUserName("BOB"));
  EXPECT_THAT(again, IsIamError(IamErrorCode::kEntityAlreadyExists,
                                Eq("User with name BOB already exists.")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kEntityAlreadyExists), 409);
  EXPECT_THAT(
      root().CreateUser(CreateUserRequest().WithUserName("Bob")),
      IsIamError(IamErrorCode::kEntityAlreadyExists, Eq("User with name Bob already exists.")));
  // The set-up path follows the same rule.
  EXPECT_THAT(backend().CreateUser("bOb"), IsIamError(IamErrorCode::kEntityAlreadyExists));
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Bob"));
}

TEST_F(BackendTest, LookupsIgnoreCaseAndKeepTheOriginalSpelling) {
  CreateUsers({"Bob"});
  auto got = root().GetUser(GetUserRequest().WithUserName("bOB"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetUserName(), "Bob");
  EXPECT_EQ(got->GetUser().GetArn(), "arn:aws:iam::123456789012:user/Bob");

  auto uploaded = Upload("BOB", ValidCertificatePem());
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().Certificates("bob")), ElementsAre(id));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));

  auto listed = List("bob");
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetCertificates(), SizeIs(1));
  EXPECT_EQ(listed->GetCertificates()[0].GetUserName(), "Bob");

  EXPECT_THAT(Update("boB", id, StatusType::kInactive), IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kInactive);
  EXPECT_THAT(Delete("BoB", id), IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("BOB")), IsOk());
  EXPECT_THAT(backend().Users(), IsEmpty());
}

TEST_F(BackendTest, UnknownUserIsNoSuchEntity) {
  CreateUsers({"Bob"});
  const std::string message = "The user with name Nobody cannot be found.";
  const std::string id(32, 'A');
  EXPECT_THAT(List("Nobody"), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Upload("Nobody", ValidCertificatePem()),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Update("Nobody", id, StatusType::kActive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Delete("Nobody", id), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(root().GetUser(GetUserRequest().WithUserName("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kNoSuchEntity), 404);
}

TEST_F(BackendTest, UsersAreOrderedByNameWithoutRegardToCase) {
  CreateUsers({"charlie", "Bob", "alice", "Dave"});
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("alice", "Bob", "charlie", "Dave"));
}

TEST_F(BackendTest, DeleteUserWithCertificatesIsAConflict) {
  CreateUsers({"Bob"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", id, StatusType::kInactive), IsOk());  // Inactive counts too
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kDeleteConflict,
                         Eq("Cannot delete entity, must delete certificates first.")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDeleteConflict), 409);
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Bob"));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
}

TEST_F(BackendTest, DeleteUserWithoutCertificatesRemovesIt) {
  CreateUsers({"Bob", "Alice"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Delete("Bob", id), IsOk());
  ASSERT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")), IsOk());
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Alice"));
  EXPECT_THAT(
      root().GetUser(GetUserRequest().WithUserName("Bob")),
      IsIamError(IamErrorCode::kNoSuchEntity, Eq("The user with name Bob cannot be found.")));
  EXPECT_THAT(List("Bob"), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kNoSuchEntity));
  // The name is free again, in any spelling.
  auto again = root().CreateUser(CreateUserRequest().WithUserName("bob"));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->GetUser().GetUserName(), "bob");
}

// ---------------------------------------------------------------------------------------------
// The implicit user.

TEST_F(BackendTest, UserCallerActsOnItself) {
  CreateUsers({"Bob", "Alice"});
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  const std::string pem = ValidCertificatePem();
  auto uploaded =
      bob.UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
  EXPECT_THAT(backend().Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());

  auto listed = bob.ListSigningCertificates(ListSigningCertificatesRequest());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(id));

  ASSERT_THAT(bob.UpdateSigningCertificate(
                  UpdateSigningCertificateRequest().WithCertificateId(id).WithStatus(
                      StatusType::kInactive)),
              IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kInactive);

  auto me = bob.GetUser(GetUserRequest());
  ASSERT_THAT(me, IsOk());
  EXPECT_EQ(me->GetUser().GetUserName(), "Bob");

  ASSERT_THAT(bob.DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(id)),
              IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(BackendTest, UserCallerNameIsLookedUpWithoutRegardToCase) {
  CreateUsers({"Bob"});
  FakeIamClient bob(backend(), CallerIdentity::User("bob"));
  auto uploaded = bob.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(1));
}

TEST_F(BackendTest, UserCallerThatDoesNotExist) {
  FakeIamClient ghost(backend(), CallerIdentity::User("Ghost"));
  EXPECT_THAT(
      ghost.UploadSigningCertificate(
          UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem())),
      IsIamError(IamErrorCode::kNoSuchEntity, Eq("The user with name Ghost cannot be found.")));
  EXPECT_THAT(
      ghost.ListSigningCertificates(ListSigningCertificatesRequest()),
      IsIamError(IamErrorCode::kNoSuchEntity, Eq("The user with name Ghost cannot be found.")));
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

TEST_F(BackendTest, RootActsOnItsOwnCertificates) {
  CreateUsers({"Bob"});
  auto uploaded = root().UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), kAccountId);
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().RootCertificates()), ElementsAre(id));
  EXPECT_EQ(backend().RootCertificates()[0].GetUserName(), kAccountId);
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());

  auto listed = root().ListSigningCertificates(ListSigningCertificatesRequest());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(id));

  // Bob's listing does not show the root's certificate, and Bob cannot touch it.
  EXPECT_THAT(IdsOf(List("Bob")->GetCertificates()), IsEmpty());
  EXPECT_THAT(Update("Bob", id, StatusType::kInactive), IsIamError(IamErrorCode::kNoSuchEntity));

  ASSERT_THAT(root().UpdateSigningCertificate(
                  UpdateSigningCertificateRequest().WithCertificateId(id).WithStatus(
                      StatusType::kInactive)),
              IsOk());
  EXPECT_EQ(backend().RootCertificates()[0].GetStatus(), StatusType::kInactive);
  ASSERT_THAT(
      root().DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(id)),
      IsOk());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

// Recorded from AWS: the root's GetUser has the account id as UserId, the root ARN, a CreateDate,
// and neither UserName nor Path.
TEST_F(BackendTest, RootGetUserHasNoUserNameAndNoPath) {
  auto me = root().GetUser(GetUserRequest());
  ASSERT_THAT(me, IsOk());
  const User& user = me->GetUser();
  EXPECT_EQ(user.GetUserId(), kAccountId);
  EXPECT_EQ(user.GetArn(), absl::StrCat("arn:aws:iam::", kAccountId, ":root"));
  EXPECT_TRUE(user.CreateDateHasBeenSet());
  EXPECT_EQ(user.GetCreateDate(), kStartTime);
  EXPECT_FALSE(user.UserNameHasBeenSet());
  EXPECT_FALSE(user.PathHasBeenSet());
}

TEST_F(BackendTest, RootCertificatesReportTheConfiguredAccount) {
  FakeIamOptions options = TestOptions();
  options.account_id = "999988887777";
  Init(options);
  auto uploaded = root().UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "999988887777");
}

TEST_F(BackendTest, RoleMustNameTheUser) {
  CreateUsers({"Bob"});
  const std::string bob_id = MustUpload("Bob", ValidCertificatePem());
  FakeIamClient role(backend(), CallerIdentity::Role(kRoleArn));
  const auto must_specify =
      IsIamError(IamErrorCode::kValidationError,
                 Eq("Must specify userName when calling with non-User credentials"));
  EXPECT_THAT(role.ListSigningCertificates(ListSigningCertificatesRequest()), must_specify);
  EXPECT_THAT(role.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem())),
              must_specify);
  EXPECT_THAT(role.UpdateSigningCertificate(
                  UpdateSigningCertificateRequest().WithCertificateId(bob_id).WithStatus(
                      StatusType::kInactive)),
              must_specify);
  EXPECT_THAT(
      role.DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(bob_id)),
      must_specify);
  EXPECT_THAT(role.GetUser(GetUserRequest()), must_specify);
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
  ASSERT_THAT(backend().Certificates("Bob"), SizeIs(1));
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kActive);

  // Naming the user works.
  auto listed = role.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob"));
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(bob_id));
  EXPECT_THAT(role.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithUserName("Bob").WithCertificateBody(
                      ValidCertificatePem())),
              IsOk());
}

// ---------------------------------------------------------------------------------------------
// Tags and a permissions boundary: kept, and answered where IAM answers them.

std::vector<Tag> TeamTags() {
  return {Tag().WithKey("team").WithValue("ops"), Tag().WithKey("cost-center").WithValue("")};
}

constexpr char kManagedPolicy[] = "arn:aws:iam::aws:policy/PowerUserAccess";

TEST_F(BackendTest, CreateUserKeepsTagsAndAManagedPolicyBoundary) {
  auto created = root().CreateUser(CreateUserRequest()
                                       .WithUserName("bob")
                                       .WithPermissionsBoundary(kManagedPolicy)
                                       .WithTags(TeamTags()));
  ASSERT_THAT(created, IsOk());
  const auto has_both = AllOf(
      HasTags(ElementsAre(AllOf(HasKey("team"), HasValue("ops")),
                          AllOf(HasKey("cost-center"), HasValue("")))),
      // (no HasPermissionsBoundary: the member is an ARN in the request and a structure here)
      Property(&User::GetPermissionsBoundary,
               AllOf(HasPermissionsBoundaryType(
                         PermissionsBoundaryAttachmentType::kPermissionsBoundaryPolicy),
                     HasPermissionsBoundaryArn(kManagedPolicy))));
  EXPECT_THAT(created->GetUser(), has_both);
  auto got = root().GetUser(GetUserRequest().WithUserName("BOB"));
  ASSERT_THAT(got, IsOk());
  EXPECT_THAT(got->GetUser(), has_both);

  // ListUsers leaves both out, as IAM's list answers do.
  auto listed = root().ListUsers(ListUsersRequest());
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetUsers(), SizeIs(1));
  EXPECT_FALSE(listed->GetUsers()[0].TagsHasBeenSet());
  EXPECT_FALSE(listed->GetUsers()[0].PermissionsBoundaryHasBeenSet());
  EXPECT_EQ(listed->GetUsers()[0].GetUserId(), got->GetUser().GetUserId());
}

TEST_F(BackendTest, AUserWithoutTagsOrBoundaryAnswersNeither) {
  auto created = root().CreateUser(CreateUserRequest().WithUserName("bob").WithTags({}));
  ASSERT_THAT(created, IsOk());
  EXPECT_FALSE(created->GetUser().TagsHasBeenSet());
  EXPECT_FALSE(created->GetUser().PermissionsBoundaryHasBeenSet());
}

TEST_F(BackendTest, BoundaryOfAPolicyTheFakeDoesNotHoldIsRefused) {
  // The fake holds no policies of the account's own: IAM's answer for a policy that does not
  // exist (recorded for AttachUserPolicy).
  const std::string own = absl::StrCat("arn:aws:iam::", kAccountId, ":policy/boundary");
  EXPECT_THAT(root().CreateUser(CreateUserRequest().WithUserName("bob").WithPermissionsBoundary(own)),
              IsIamError(IamErrorCode::kNoSuchEntity,
                         absl::StrCat("Policy ", own, " does not exist or is not attachable.")));
  // Text that is no ARN.
  EXPECT_THAT(root().CreateUser(
                  CreateUserRequest().WithUserName("bob").WithPermissionsBoundary(
                      "longpolicynamebutnoarn")),
              IsIamError(IamErrorCode::kValidationError, "Invalid ARN:  Could not be parsed!"));
  // Nothing was made.
  EXPECT_THAT(backend().Users(), IsEmpty());
}

}  // namespace
}  // namespace fake_iam
