// Listing: ListSigningCertificates (upload order, MaxItems, pages, markers and which markers are
// foreign) and ListUsers (path prefix, fields, pages).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
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
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::NamesOf;
using ::fake_iam_test::TestOptions;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

// ---------------------------------------------------------------------------------------------
// Listing.

class ListingTest : public BackendTest {
 protected:
  void SetUp() override {
    FakeIamOptions options = TestOptions();
    options.max_certificates_per_user = 200;
    Init(options);
    CreateUsers({"Bob", "Alice"});
  }
  std::vector<std::string> UploadMany(const std::string& user, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(MustUpload(user, ValidCertificatePem()));
    return ids;
  }
};

TEST_F(ListingTest, EmptyList) {
  auto listed = List("Bob");
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->GetCertificates(), IsEmpty());
  EXPECT_TRUE(listed->IsTruncatedHasBeenSet());
  EXPECT_FALSE(listed->GetIsTruncated());
  EXPECT_FALSE(listed->MarkerHasBeenSet());
}

TEST_F(ListingTest, UploadOrder) {
  std::vector<std::string> bob, alice;
  for (int i = 0; i < 6; ++i) {
    bob.push_back(MustUpload("Bob", ValidCertificatePem()));
    alice.push_back(MustUpload("Alice", ValidCertificatePem()));
  }
  ASSERT_THAT(Delete("Bob", bob[2]), IsOk());
  bob.erase(bob.begin() + 2);
  bob.push_back(MustUpload("Bob", ValidCertificatePem()));
  EXPECT_THAT(IdsOf(List("Bob")->GetCertificates()), ElementsAreArray(bob));
  EXPECT_THAT(IdsOf(List("Alice")->GetCertificates()), ElementsAreArray(alice));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAreArray(bob));
  EXPECT_THAT(ListAllIds("Bob", 1), ElementsAreArray(bob));
}

TEST_F(ListingTest, MaxItemsDefaultsTo100) {
  const std::vector<std::string> ids = UploadMany("Bob", 101);
  auto first = List("Bob");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->GetCertificates(), SizeIs(100));
  EXPECT_TRUE(first->GetIsTruncated());
  EXPECT_THAT(first->GetMarker(), Not(IsEmpty()));
  auto second = List("Bob", first->GetMarker());
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(IdsOf(second->GetCertificates()), ElementsAre(ids[100]));
  EXPECT_FALSE(second->GetIsTruncated());
  EXPECT_FALSE(second->MarkerHasBeenSet());
}

TEST_F(ListingTest, PagesOfMaxItems) {
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob", std::nullopt, 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(IdsOf(p1->GetCertificates()), ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(p1->GetIsTruncated());
  auto p2 = List("Bob", p1->GetMarker(), 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[2], ids[3]));
  EXPECT_TRUE(p2->GetIsTruncated());
  auto p3 = List("Bob", p2->GetMarker(), 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(IdsOf(p3->GetCertificates()), ElementsAre(ids[4]));
  EXPECT_FALSE(p3->GetIsTruncated());
  EXPECT_FALSE(p3->MarkerHasBeenSet());
  // A marker may be used again: listing is a read.
  auto p2_again = List("Bob", p1->GetMarker(), 2);
  ASSERT_THAT(p2_again, IsOk());
  EXPECT_THAT(IdsOf(p2_again->GetCertificates()), ElementsAre(ids[2], ids[3]));
}

TEST_F(ListingTest, ExactlyMaxItemsIsNotTruncated) {
  const std::vector<std::string> ids = UploadMany("Bob", 4);
  auto listed = List("Bob", std::nullopt, 4);
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAreArray(ids));
  EXPECT_FALSE(listed->GetIsTruncated());
}

TEST_F(ListingTest, MaxPageSizeCapsPages) {
  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 200;
  options.max_page_size = 2;
  Init(options);
  CreateUsers({"Bob"});
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob");  // MaxItems defaults to 100, but the page is capped
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(IdsOf(p1->GetCertificates()), ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(p1->GetIsTruncated());
  auto capped = List("Bob", std::nullopt, 1000);
  ASSERT_THAT(capped, IsOk());
  EXPECT_THAT(capped->GetCertificates(), SizeIs(2));
  // A smaller MaxItems still wins.
  auto one = List("Bob", std::nullopt, 1);
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(IdsOf(one->GetCertificates()), ElementsAre(ids[0]));
  EXPECT_THAT(ListAllIds("Bob"), ElementsAreArray(ids));
}

TEST_F(ListingTest, MarkerSurvivesDeletionOfTheLastReturnedCertificate) {
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob", std::nullopt, 2);
  ASSERT_THAT(p1, IsOk());
  ASSERT_THAT(Delete("Bob", ids[1]), IsOk());
  ASSERT_THAT(Delete("Bob", ids[2]), IsOk());
  const std::string added = MustUpload("Bob", ValidCertificatePem());
  auto p2 = List("Bob", p1->GetMarker(), 10);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[3], ids[4], added));
}

TEST_F(ListingTest, MarkerAcceptsTheUserNameInAnotherCase) {
  const std::vector<std::string> ids = UploadMany("Bob", 3);
  auto p1 = List("Bob", std::nullopt, 1);
  ASSERT_THAT(p1, IsOk());
  auto p2 = List("BOB", p1->GetMarker(), 5);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[1], ids[2]));
}

TEST_F(ListingTest, ForeignMarkersAreInvalid) {
  UploadMany("Bob", 3);
  UploadMany("Alice", 3);
  ASSERT_TRUE(root()
                  .UploadSigningCertificate(
                      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()))
                  .ok());
  ASSERT_TRUE(root()
                  .UploadSigningCertificate(
                      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()))
                  .ok());
  auto bob_page = List("Bob", std::nullopt, 1);
  ASSERT_THAT(bob_page, IsOk());
  const std::string bob_marker = bob_page->GetMarker();
  auto root_page = root().ListSigningCertificates(ListSigningCertificatesRequest().WithMaxItems(1));
  ASSERT_THAT(root_page, IsOk());
  ASSERT_TRUE(root_page->GetIsTruncated());
  auto users_page = root().ListUsers(ListUsersRequest().WithMaxItems(1));
  ASSERT_THAT(users_page, IsOk());
  ASSERT_TRUE(users_page->GetIsTruncated());

  std::string first_changed = bob_marker;
  first_changed[0] = first_changed[0] == 'A' ? 'B' : 'A';
  std::string last_changed = bob_marker;
  last_changed.back() = last_changed.back() == 'A' ? 'B' : 'A';

  const auto invalid = IsIamError(IamErrorCode::kInvalidInput, Eq("Invalid Marker."));
  EXPECT_THAT(List("Alice", bob_marker), invalid);
  EXPECT_THAT(List("Bob", root_page->GetMarker()), invalid);
  EXPECT_THAT(
      root().ListSigningCertificates(ListSigningCertificatesRequest().WithMarker(bob_marker)),
      invalid);
  EXPECT_THAT(List("Bob", users_page->GetMarker()), invalid);
  EXPECT_THAT(root().ListUsers(ListUsersRequest().WithMarker(bob_marker)), invalid);
  EXPECT_THAT(List("Bob", std::string("garbage")), invalid);
  EXPECT_THAT(List("Bob", bob_marker + "x"), invalid);
  EXPECT_THAT(List("Bob", first_changed), invalid);
  EXPECT_THAT(List("Bob", last_changed), invalid);
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kInvalidInput), 400);
  // The genuine marker still works.
  EXPECT_THAT(List("Bob", bob_marker), IsOk());
}

// ---------------------------------------------------------------------------------------------
// ListUsers.

TEST_F(BackendTest, ListUsersFiltersByPathPrefix) {
  ASSERT_THAT(backend().CreateUser("a", "/"), IsOk());
  ASSERT_THAT(backend().CreateUser("b", "/eng/"), IsOk());
  ASSERT_THAT(backend().CreateUser("c", "/eng/team/"), IsOk());
  ASSERT_THAT(backend().CreateUser("d", "/engineering/"), IsOk());
  ASSERT_THAT(backend().CreateUser("e", "/ops/"), IsOk());

  auto eng = root().ListUsers(ListUsersRequest().WithPathPrefix("/eng/"));
  ASSERT_THAT(eng, IsOk());
  EXPECT_THAT(NamesOf(eng->GetUsers()), UnorderedElementsAre("b", "c"));
  EXPECT_FALSE(eng->GetIsTruncated());

  auto all = root().ListUsers(ListUsersRequest());
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(NamesOf(all->GetUsers()), UnorderedElementsAre("a", "b", "c", "d", "e"));
  EXPECT_TRUE(all->IsTruncatedHasBeenSet());
  EXPECT_FALSE(all->GetIsTruncated());

  auto slash = root().ListUsers(ListUsersRequest().WithPathPrefix("/"));
  ASSERT_THAT(slash, IsOk());
  EXPECT_THAT(slash->GetUsers(), SizeIs(5));

  auto none = root().ListUsers(ListUsersRequest().WithPathPrefix("/nothing/"));
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(none->GetUsers(), IsEmpty());
  EXPECT_FALSE(none->GetIsTruncated());
}

TEST_F(BackendTest, ListUsersShowsTheUsersFields) {
  backend().AdvanceClock(absl::Seconds(5));
  auto created = root().CreateUser(CreateUserRequest().WithUserName("Bob").WithPath("/eng/"));
  ASSERT_THAT(created, IsOk());
  auto listed = root().ListUsers(ListUsersRequest());
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetUsers(), SizeIs(1));
  const User& user = listed->GetUsers()[0];
  EXPECT_EQ(user.GetUserName(), "Bob");
  EXPECT_EQ(user.GetPath(), "/eng/");
  EXPECT_EQ(user.GetArn(), "arn:aws:iam::123456789012:user/eng/Bob");
  EXPECT_EQ(user.GetUserId(), created->GetUser().GetUserId());
  EXPECT_EQ(user.GetCreateDate(), kStartTime + absl::Seconds(5));
}

TEST_F(BackendTest, ListUsersPages) {
  FakeIamOptions options = TestOptions();
  options.max_page_size = 3;
  Init(options);
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    names.push_back(absl::StrCat("user", i));
    ASSERT_THAT(backend().CreateUser(names.back()), IsOk());
  }
  for (int max_items : {1, 2, 3, 100}) {
    SCOPED_TRACE(max_items);
    std::vector<std::string> seen;
    std::optional<std::string> marker;
    for (int page = 0; page < 20; ++page) {
      ListUsersRequest request;
      request.SetMaxItems(max_items);
      if (marker) request.SetMarker(*marker);
      auto result = root().ListUsers(request);
      ASSERT_THAT(result, IsOk());
      EXPECT_LE(result->GetUsers().size(), static_cast<size_t>(std::min(max_items, 3)));
      for (const auto& user : result->GetUsers()) seen.push_back(user.GetUserName());
      if (!result->GetIsTruncated()) {
        EXPECT_FALSE(result->MarkerHasBeenSet());
        break;
      }
      EXPECT_FALSE(result->GetUsers().empty());
      marker = result->GetMarker();
    }
    EXPECT_THAT(
        seen, UnorderedElementsAre("user0", "user1", "user2", "user3", "user4", "user5", "user6"));
  }
}

}  // namespace
}  // namespace fake_iam
