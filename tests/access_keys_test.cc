// The access-key operations through a FakeIamClient: CreateAccessKey (shape, determinism, whose
// key, quota), ListAccessKeys (order, pages, markers), UpdateAccessKey, DeleteAccessKey, and
// DeleteUser refused while a user holds keys. Last use, set-up, records and faults:
// tests/access_key_setup_test.cc.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// CreateAccessKey.

TEST_F(AccessKeyTest, CreateReturnsAnActiveKeyWithItsSecret) {
  CreateUsers({"Bob"});
  backend().AdvanceClock(absl::Milliseconds(1500));
  auto created = root().CreateAccessKey(CreateAccessKeyRequest().WithUserName("BOB"));
  ASSERT_THAT(created, IsOk());
  const AccessKey& key = created->GetAccessKey();
  EXPECT_THAT(key.GetAccessKeyId(), MatchesRegex("AKIA[A-Z2-7]{16}"));
  EXPECT_THAT(key.GetSecretAccessKey(), SizeIs(40));
  EXPECT_EQ(key.GetStatus(), StatusType::kActive);
  EXPECT_EQ(key.GetUserName(), "Bob");                            // the user's own spelling
  EXPECT_EQ(key.GetCreateDate(), kStartTime + absl::Seconds(1));  // whole seconds

  // The store holds it as answered, and the key signs requests as Bob.
  std::vector<AccessKeyMetadata> held = backend().AccessKeys("Bob");
  ASSERT_THAT(held, SizeIs(1));
  EXPECT_EQ(held[0].GetAccessKeyId(), key.GetAccessKeyId());
  EXPECT_EQ(held[0].GetUserName(), "Bob");
  EXPECT_EQ(held[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(held[0].GetCreateDate(), key.GetCreateDate());
  std::optional<AccessKeyOwner> owner = backend().FindAccessKey(key.GetAccessKeyId());
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->caller, CallerIdentity::User("Bob"));
  EXPECT_EQ(owner->secret_access_key, key.GetSecretAccessKey());
}

TEST_F(AccessKeyTest, KeysAreAFunctionOfTheSeed) {
  auto first_key = [](uint64_t seed) {
    FakeIamOptions options = TestOptions();
    options.seed = seed;
    FakeIamBackend backend(options);
    return FakeIamClient(backend).CreateAccessKey(CreateAccessKeyRequest())->GetAccessKey();
  };
  const AccessKey a = first_key(7);
  const AccessKey b = first_key(7);
  const AccessKey c = first_key(8);
  EXPECT_EQ(a.GetAccessKeyId(), b.GetAccessKeyId());
  EXPECT_EQ(a.GetSecretAccessKey(), b.GetSecretAccessKey());
  EXPECT_NE(a.GetAccessKeyId(), c.GetAccessKeyId());
  EXPECT_NE(a.GetSecretAccessKey(), c.GetSecretAccessKey());

  // Within one backend, each key differs from the last.
  CreateUsers({"Bob"});
  const AccessKey one = MustCreateKey("Bob");
  const AccessKey two = MustCreateKey("Bob");
  EXPECT_NE(one.GetAccessKeyId(), two.GetAccessKeyId());
  EXPECT_NE(one.GetSecretAccessKey(), two.GetSecretAccessKey());
}

TEST_F(AccessKeyTest, OmittedUserNameIsTheCallersOwn) {
  CreateUsers({"Bob"});
  FakeIamClient bob(backend(), CallerIdentity::User("bob"));
  auto bobs = bob.CreateAccessKey(CreateAccessKeyRequest());
  ASSERT_THAT(bobs, IsOk());
  EXPECT_EQ(bobs->GetAccessKey().GetUserName(), "Bob");
  EXPECT_THAT(AccessKeyIdsOf(backend().AccessKeys("Bob")),
              ElementsAre(bobs->GetAccessKey().GetAccessKeyId()));

  // The root's own key carries the account id as its UserName, as its certificates do.
  auto roots = root().CreateAccessKey(CreateAccessKeyRequest());
  ASSERT_THAT(roots, IsOk());
  EXPECT_EQ(roots->GetAccessKey().GetUserName(), kAccountId);
  EXPECT_THAT(AccessKeyIdsOf(backend().RootAccessKeys()),
              ElementsAre(roots->GetAccessKey().GetAccessKeyId()));
  EXPECT_EQ(backend().FindAccessKey(roots->GetAccessKey().GetAccessKeyId())->caller,
            CallerIdentity::Root());
  auto roots_listed = root().ListAccessKeys(ListAccessKeysRequest());
  ASSERT_THAT(roots_listed, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(roots_listed->GetAccessKeyMetadata()),
              ElementsAre(roots->GetAccessKey().GetAccessKeyId()));
  auto bobs_listed = bob.ListAccessKeys(ListAccessKeysRequest());
  ASSERT_THAT(bobs_listed, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(bobs_listed->GetAccessKeyMetadata()),
              ElementsAre(bobs->GetAccessKey().GetAccessKeyId()));

  // A role holds no keys of its own: it must name the user (recorded).
  FakeIamClient role(backend(), CallerIdentity::Role(kRoleArn));
  const std::string id = bobs->GetAccessKey().GetAccessKeyId();
  const auto must_specify =
      IsIamError(IamErrorCode::kValidationError,
                 Eq("Must specify userName when calling with non-User credentials"));
  EXPECT_THAT(role.CreateAccessKey(CreateAccessKeyRequest()), must_specify);
  EXPECT_THAT(role.ListAccessKeys(ListAccessKeysRequest()), must_specify);
  EXPECT_THAT(role.UpdateAccessKey(
                  UpdateAccessKeyRequest().WithAccessKeyId(id).WithStatus(StatusType::kInactive)),
              must_specify);
  EXPECT_THAT(role.DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(id)), must_specify);
  EXPECT_THAT(backend().AccessKeys("Bob"), SizeIs(1));
  EXPECT_EQ(backend().AccessKeys("Bob")[0].GetStatus(), StatusType::kActive);
  auto named = role.CreateAccessKey(CreateAccessKeyRequest().WithUserName("Bob"));
  ASSERT_THAT(named, IsOk());
  EXPECT_EQ(named->GetAccessKey().GetUserName(), "Bob");
}

TEST_F(AccessKeyTest, UnknownUserIsNoSuchEntity) {
  const auto no_such =
      IsIamError(IamErrorCode::kNoSuchEntity, Eq("The user with name Nobody cannot be found."));
  const std::string id(20, 'A');
  EXPECT_THAT(CreateKey("Nobody"), no_such);
  EXPECT_THAT(ListKeys("Nobody"), no_such);
  EXPECT_THAT(UpdateKey("Nobody", id, StatusType::kInactive), no_such);
  EXPECT_THAT(DeleteKey("Nobody", id), no_such);
  // A user caller that does not exist, omitting UserName.
  FakeIamClient ghost(backend(), CallerIdentity::User("Nobody"));
  EXPECT_THAT(ghost.CreateAccessKey(CreateAccessKeyRequest()), no_such);
  EXPECT_THAT(backend().RootAccessKeys(), IsEmpty());
}

TEST_F(AccessKeyTest, QuotaIsTwoKeysPerUserWhateverTheirStatus) {
  CreateUsers({"Bob"});
  const AccessKey first = MustCreateKey("Bob");
  MustCreateKey("Bob");
  ASSERT_THAT(UpdateKey("Bob", first.GetAccessKeyId(), StatusType::kInactive), IsOk());
  const auto over_quota =
      IsIamError(IamErrorCode::kLimitExceeded, Eq("Cannot exceed quota for AccessKeysPerUser: 2"));
  EXPECT_THAT(CreateKey("Bob"), over_quota);
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kLimitExceeded), 409);
  EXPECT_THAT(backend().AccessKeys("Bob"), SizeIs(2));

  // The root has a quota of its own.
  ASSERT_THAT(root().CreateAccessKey(CreateAccessKeyRequest()), IsOk());
  ASSERT_THAT(root().CreateAccessKey(CreateAccessKeyRequest()), IsOk());
  EXPECT_THAT(root().CreateAccessKey(CreateAccessKeyRequest()), over_quota);

  // Deleting one makes room again.
  ASSERT_THAT(DeleteKey("Bob", first.GetAccessKeyId()), IsOk());
  EXPECT_THAT(CreateKey("Bob"), IsOk());
}

TEST_F(AccessKeyTest, QuotaFollowsTheOptions) {
  FakeIamOptions options = TestOptions();
  options.max_access_keys_per_user = 3;
  Init(options);
  CreateUsers({"Bob"});
  for (int i = 0; i < 3; ++i) MustCreateKey("Bob");
  EXPECT_THAT(CreateKey("Bob"), IsIamError(IamErrorCode::kLimitExceeded,
                                           Eq("Cannot exceed quota for AccessKeysPerUser: 3")));
  EXPECT_THAT(backend().AccessKeys("Bob"), SizeIs(3));
}

// ---------------------------------------------------------------------------------------------
// ListAccessKeys.

TEST_F(AccessKeyTest, EmptyListSaysItIsNotTruncated) {
  CreateUsers({"Bob"});
  auto listed = ListKeys("Bob");
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->GetAccessKeyMetadata(), IsEmpty());
  // IAM sends IsTruncated false even then (recorded).
  EXPECT_TRUE(listed->IsTruncatedHasBeenSet());
  EXPECT_FALSE(listed->GetIsTruncated());
  EXPECT_FALSE(listed->MarkerHasBeenSet());
}

TEST_F(AccessKeyTest, ListsInCreationOrderWithEveryField) {
  InitWithQuota(5);
  CreateUsers({"Bob", "Alice"});
  std::vector<std::string> bobs;
  for (int i = 0; i < 3; ++i) {
    bobs.push_back(MustCreateKey("Bob").GetAccessKeyId());
    MustCreateKey("Alice");
    backend().AdvanceClock(absl::Seconds(10));
  }
  ASSERT_THAT(DeleteKey("Bob", bobs[0]), IsOk());
  bobs.erase(bobs.begin());
  bobs.push_back(MustCreateKey("Bob").GetAccessKeyId());
  ASSERT_THAT(UpdateKey("Bob", bobs[0], StatusType::kInactive), IsOk());

  auto listed = ListKeys("bob");
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(listed->GetAccessKeyMetadata()), ElementsAreArray(bobs));
  const AccessKeyMetadata& first = listed->GetAccessKeyMetadata()[0];
  EXPECT_EQ(first.GetUserName(), "Bob");
  EXPECT_EQ(first.GetStatus(), StatusType::kInactive);
  EXPECT_EQ(first.GetCreateDate(), kStartTime + absl::Seconds(10));
  EXPECT_EQ(listed->GetAccessKeyMetadata()[2].GetCreateDate(), kStartTime + absl::Seconds(30));
  EXPECT_FALSE(listed->GetIsTruncated());
  EXPECT_THAT(AccessKeyIdsOf(backend().AccessKeys("Bob")), ElementsAreArray(bobs));
}

TEST_F(AccessKeyTest, PagesOfMaxItems) {
  InitWithQuota(5);
  CreateUsers({"Bob"});
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(MustCreateKey("Bob").GetAccessKeyId());

  auto p1 = ListKeys("Bob", std::nullopt, 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(p1->GetAccessKeyMetadata()), ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(p1->GetIsTruncated());
  auto p2 = ListKeys("Bob", p1->GetMarker(), 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(p2->GetAccessKeyMetadata()), ElementsAre(ids[2], ids[3]));
  EXPECT_TRUE(p2->GetIsTruncated());
  auto p3 = ListKeys("Bob", p2->GetMarker(), 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(p3->GetAccessKeyMetadata()), ElementsAre(ids[4]));
  EXPECT_FALSE(p3->GetIsTruncated());
  EXPECT_FALSE(p3->MarkerHasBeenSet());
  EXPECT_THAT(ListAllKeyIds("Bob", 1), ElementsAreArray(ids));

  // A marker outlives the deletion of the last key it saw.
  ASSERT_THAT(DeleteKey("Bob", ids[1]), IsOk());
  auto after_delete = ListKeys("Bob", p1->GetMarker(), 10);
  ASSERT_THAT(after_delete, IsOk());
  EXPECT_THAT(AccessKeyIdsOf(after_delete->GetAccessKeyMetadata()),
              ElementsAre(ids[2], ids[3], ids[4]));
}

TEST_F(AccessKeyTest, MarkersOfOtherListingsAreInvalid) {
  InitWithQuota(5);
  CreateUsers({"Bob", "Alice"});
  for (int i = 0; i < 3; ++i) {
    MustCreateKey("Bob");
    MustCreateKey("Alice");
    ASSERT_THAT(root().CreateAccessKey(CreateAccessKeyRequest()), IsOk());
  }
  MustUpload("Bob", ValidCertificatePem());
  MustUpload("Bob", ValidCertificatePem());
  auto bob_page = ListKeys("Bob", std::nullopt, 1);
  ASSERT_THAT(bob_page, IsOk());
  ASSERT_TRUE(bob_page->GetIsTruncated());
  auto root_page = root().ListAccessKeys(ListAccessKeysRequest().WithMaxItems(1));
  ASSERT_THAT(root_page, IsOk());
  ASSERT_TRUE(root_page->GetIsTruncated());
  auto certificate_page = List("Bob", std::nullopt, 1);
  ASSERT_THAT(certificate_page, IsOk());
  ASSERT_TRUE(certificate_page->GetIsTruncated());

  const auto invalid = IsIamError(IamErrorCode::kInvalidInput, Eq("Invalid Marker."));
  EXPECT_THAT(ListKeys("Alice", bob_page->GetMarker()), invalid);
  EXPECT_THAT(ListKeys("Bob", root_page->GetMarker()), invalid);
  EXPECT_THAT(root().ListAccessKeys(ListAccessKeysRequest().WithMarker(bob_page->GetMarker())),
              invalid);
  // Bob's certificate marker is not one of Bob's key markers, nor the other way round.
  EXPECT_THAT(ListKeys("Bob", certificate_page->GetMarker()), invalid);
  EXPECT_THAT(List("Bob", bob_page->GetMarker()), invalid);
  EXPECT_THAT(ListKeys("Bob", std::string("garbage")), invalid);
  // The genuine marker still works, in any spelling of the name.
  EXPECT_THAT(ListKeys("BOB", bob_page->GetMarker()), IsOk());
}

// ---------------------------------------------------------------------------------------------
// UpdateAccessKey and DeleteAccessKey.

TEST_F(AccessKeyTest, UpdateTurnsTheKeyOffAndOnAgain) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  ASSERT_THAT(UpdateKey("Bob", id, StatusType::kInactive), IsOk());
  EXPECT_EQ(ListKeys("Bob")->GetAccessKeyMetadata()[0].GetStatus(), StatusType::kInactive);
  // An Inactive key signs nothing.
  EXPECT_FALSE(backend().FindAccessKey(id).has_value());
  // To the same status: accepted.
  EXPECT_THAT(UpdateKey("Bob", id, StatusType::kInactive), IsOk());

  ASSERT_THAT(UpdateKey("Bob", id, StatusType::kActive), IsOk());
  EXPECT_EQ(backend().AccessKeys("Bob")[0].GetStatus(), StatusType::kActive);
  EXPECT_TRUE(backend().FindAccessKey(id).has_value());
  // The update moves nothing else.
  EXPECT_EQ(backend().AccessKeys("Bob")[0].GetCreateDate(), kStartTime);
}

TEST_F(AccessKeyTest, UpdateAndDeleteOnlyTheUsersOwnKeys) {
  CreateUsers({"Bob", "Alice"});
  const std::string alices = MustCreateKey("Alice").GetAccessKeyId();
  const std::string message = absl::StrCat("The Access Key with id ", alices, " cannot be found.");
  EXPECT_THAT(UpdateKey("Bob", alices, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(DeleteKey("Bob", alices), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  // Nor the root's, for a caller omitting UserName.
  EXPECT_THAT(root().DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(alices)),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  ASSERT_THAT(backend().AccessKeys("Alice"), SizeIs(1));
  EXPECT_EQ(backend().AccessKeys("Alice")[0].GetStatus(), StatusType::kActive);

  const std::string unknown = "AKIAIOSFODNN7EXAMPLE";
  EXPECT_THAT(UpdateKey("Alice", unknown, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity,
                         Eq("The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.")));
  EXPECT_THAT(DeleteKey("Alice", unknown), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kNoSuchEntity), 404);
}

TEST_F(AccessKeyTest, DeletedKeyIsGone) {
  CreateUsers({"Bob"});
  const std::string id = MustCreateKey("Bob").GetAccessKeyId();
  const std::string kept = MustCreateKey("Bob").GetAccessKeyId();
  // Bob deletes his own key without naming himself (recorded as working).
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  ASSERT_THAT(bob.DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(id)), IsOk());
  EXPECT_THAT(AccessKeyIdsOf(ListKeys("Bob")->GetAccessKeyMetadata()), ElementsAre(kept));
  EXPECT_FALSE(backend().FindAccessKey(id).has_value());
  EXPECT_THAT(DeleteKey("Bob", id),
              IsIamError(IamErrorCode::kNoSuchEntity,
                         Eq(absl::StrCat("The Access Key with id ", id, " cannot be found."))));
  EXPECT_THAT(UpdateKey("Bob", id, StatusType::kActive), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(GetLastUsed(root(), id), IsIamError(IamErrorCode::kAccessDenied));
}

// ---------------------------------------------------------------------------------------------
// DeleteUser.

TEST_F(AccessKeyTest, DeleteUserAsksForCertificatesFirstThenAccessKeys) {
  CreateUsers({"Bob"});
  const std::string key = MustCreateKey("Bob").GetAccessKeyId();
  ASSERT_THAT(UpdateKey("Bob", key, StatusType::kInactive), IsOk());  // Inactive counts too
  const std::string certificate = MustUpload("Bob", ValidCertificatePem());
  const DeleteUserRequest delete_bob = DeleteUserRequest().WithUserName("Bob");

  EXPECT_THAT(root().DeleteUser(delete_bob),
              IsIamError(IamErrorCode::kDeleteConflict,
                         Eq("Cannot delete entity, must delete certificates first.")));
  ASSERT_THAT(Delete("Bob", certificate), IsOk());
  EXPECT_THAT(root().DeleteUser(delete_bob),
              IsIamError(IamErrorCode::kDeleteConflict,
                         Eq("Cannot delete entity, must delete access keys first.")));
  EXPECT_THAT(backend().AccessKeys("Bob"), SizeIs(1));
  ASSERT_THAT(DeleteKey("Bob", key), IsOk());
  EXPECT_THAT(root().DeleteUser(delete_bob), IsOk());
  EXPECT_THAT(backend().Users(), IsEmpty());
}

}  // namespace
}  // namespace fake_iam
