// The model types' SDK-style accessors (fake_iam/model.h).
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(ModelTest, MembersStartUnsetWithDefaultValues) {
  ListSigningCertificatesRequest request;
  EXPECT_FALSE(request.UserNameHasBeenSet());
  EXPECT_FALSE(request.MarkerHasBeenSet());
  EXPECT_FALSE(request.MaxItemsHasBeenSet());
  EXPECT_EQ(request.GetUserName(), "");
  EXPECT_EQ(request.GetMarker(), "");
  EXPECT_EQ(request.GetMaxItems(), 0);

  ListSigningCertificatesResult result;
  EXPECT_FALSE(result.CertificatesHasBeenSet());
  EXPECT_FALSE(result.IsTruncatedHasBeenSet());
  EXPECT_FALSE(result.MarkerHasBeenSet());
  EXPECT_THAT(result.GetCertificates(), IsEmpty());
  EXPECT_FALSE(result.GetIsTruncated());

  SigningCertificate cert;
  EXPECT_FALSE(cert.UserNameHasBeenSet());
  EXPECT_FALSE(cert.CertificateIdHasBeenSet());
  EXPECT_FALSE(cert.CertificateBodyHasBeenSet());
  EXPECT_FALSE(cert.StatusHasBeenSet());
  EXPECT_FALSE(cert.UploadDateHasBeenSet());

  User user;
  EXPECT_FALSE(user.PathHasBeenSet());
  EXPECT_FALSE(user.UserNameHasBeenSet());
  EXPECT_FALSE(user.UserIdHasBeenSet());
  EXPECT_FALSE(user.ArnHasBeenSet());
  EXPECT_FALSE(user.CreateDateHasBeenSet());

  UpdateSigningCertificateRequest update;
  EXPECT_FALSE(update.StatusHasBeenSet());
  EXPECT_FALSE(update.CertificateIdHasBeenSet());
  EXPECT_FALSE(update.UserNameHasBeenSet());
  EXPECT_FALSE(UploadSigningCertificateRequest().CertificateBodyHasBeenSet());
  EXPECT_FALSE(DeleteSigningCertificateRequest().CertificateIdHasBeenSet());
  EXPECT_FALSE(CreateUserRequest().UserNameHasBeenSet());
  EXPECT_FALSE(CreateUserRequest().PathHasBeenSet());
  EXPECT_FALSE(GetUserRequest().UserNameHasBeenSet());
  EXPECT_FALSE(DeleteUserRequest().UserNameHasBeenSet());
  EXPECT_FALSE(ListUsersRequest().PathPrefixHasBeenSet());
  EXPECT_FALSE(ListUsersRequest().MarkerHasBeenSet());
  EXPECT_FALSE(ListUsersRequest().MaxItemsHasBeenSet());
  EXPECT_FALSE(UploadSigningCertificateResult().CertificateHasBeenSet());
  EXPECT_FALSE(CreateUserResult().UserHasBeenSet());
  EXPECT_FALSE(GetUserResult().UserHasBeenSet());
  EXPECT_FALSE(ListUsersResult().UsersHasBeenSet());
}

TEST(ModelTest, SetStoresValueAndMarksSet) {
  ListSigningCertificatesRequest request;
  request.SetUserName("Bob");
  EXPECT_TRUE(request.UserNameHasBeenSet());
  EXPECT_EQ(request.GetUserName(), "Bob");
  EXPECT_FALSE(request.MarkerHasBeenSet());
  EXPECT_FALSE(request.MaxItemsHasBeenSet());

  request.SetMaxItems(7);
  EXPECT_TRUE(request.MaxItemsHasBeenSet());
  EXPECT_EQ(request.GetMaxItems(), 7);
  request.SetMaxItems(9);
  EXPECT_EQ(request.GetMaxItems(), 9);
}

TEST(ModelTest, SettingTheDefaultValueStillCountsAsSet) {
  // An explicit empty string or 0 is a value the service sees (and validates), not an omission.
  ListSigningCertificatesRequest request;
  request.SetUserName("");
  request.SetMaxItems(0);
  EXPECT_TRUE(request.UserNameHasBeenSet());
  EXPECT_TRUE(request.MaxItemsHasBeenSet());

  UpdateSigningCertificateRequest update;
  update.SetStatus(StatusType::kActive);
  EXPECT_TRUE(update.StatusHasBeenSet());

  ListSigningCertificatesResult result;
  result.SetIsTruncated(false);
  EXPECT_TRUE(result.IsTruncatedHasBeenSet());
}

TEST(ModelTest, WithChainsOnTemporaries) {
  ListSigningCertificatesRequest request =
      ListSigningCertificatesRequest().WithUserName("Bob").WithMarker("m").WithMaxItems(10);
  EXPECT_EQ(request.GetUserName(), "Bob");
  EXPECT_EQ(request.GetMarker(), "m");
  EXPECT_EQ(request.GetMaxItems(), 10);
  EXPECT_TRUE(request.UserNameHasBeenSet());
  EXPECT_TRUE(request.MarkerHasBeenSet());
  EXPECT_TRUE(request.MaxItemsHasBeenSet());

  // On a temporary, With* yields an rvalue reference, so the chain moves instead of copying.
  static_assert(std::is_same_v<decltype(UploadSigningCertificateRequest().WithUserName("x")),
                               UploadSigningCertificateRequest&&>);
}

TEST(ModelTest, WithOnLvalueReturnsTheSameObject) {
  UpdateSigningCertificateRequest request;
  UpdateSigningCertificateRequest& same =
      request.WithUserName("Alice").WithCertificateId("ID").WithStatus(StatusType::kInactive);
  EXPECT_EQ(&same, &request);
  EXPECT_EQ(request.GetUserName(), "Alice");
  EXPECT_EQ(request.GetCertificateId(), "ID");
  EXPECT_EQ(request.GetStatus(), StatusType::kInactive);
  EXPECT_TRUE(request.StatusHasBeenSet());
}

TEST(ModelTest, CopiesKeepValuesAndSetFlags) {
  CreateUserRequest original = CreateUserRequest().WithUserName("Bob");
  CreateUserRequest copy = original;
  EXPECT_TRUE(copy.UserNameHasBeenSet());
  EXPECT_FALSE(copy.PathHasBeenSet());
  EXPECT_EQ(copy.GetUserName(), "Bob");
  copy.SetUserName("Carol");
  EXPECT_EQ(original.GetUserName(), "Bob");
}

TEST(ModelTest, NestedValues) {
  const absl::Time when = absl::FromUnixSeconds(1767225600);
  SigningCertificate cert = SigningCertificate()
                                .WithUserName("Bob")
                                .WithCertificateId("ABC")
                                .WithCertificateBody("body")
                                .WithStatus(StatusType::kInactive)
                                .WithUploadDate(when);
  ListSigningCertificatesResult result;
  result.SetCertificates({cert, cert});
  result.SetIsTruncated(true);
  result.SetMarker("next");
  ASSERT_EQ(result.GetCertificates().size(), 2u);
  EXPECT_EQ(result.GetCertificates()[1].GetCertificateId(), "ABC");
  EXPECT_EQ(result.GetCertificates()[1].GetUploadDate(), when);
  EXPECT_EQ(result.GetCertificates()[1].GetStatus(), StatusType::kInactive);
  EXPECT_TRUE(result.GetIsTruncated());

  GetUserResult get = GetUserResult().WithUser(User().WithUserName("Bob").WithPath("/x/"));
  EXPECT_TRUE(get.UserHasBeenSet());
  EXPECT_EQ(get.GetUser().GetPath(), "/x/");
  EXPECT_FALSE(get.GetUser().ArnHasBeenSet());
}

TEST(StatusTypeTest, Names) {
  EXPECT_EQ(StatusTypeName(StatusType::kActive), "Active");
  EXPECT_EQ(StatusTypeName(StatusType::kInactive), "Inactive");
  EXPECT_EQ(StatusTypeName(StatusType::kExpired), "Expired");
  EXPECT_EQ(StatusTypeName(static_cast<StatusType>(7)), "");
}

TEST(StatusTypeTest, FromName) {
  EXPECT_THAT(StatusTypeFromName("Active"), Optional(StatusType::kActive));
  EXPECT_THAT(StatusTypeFromName("Inactive"), Optional(StatusType::kInactive));
  EXPECT_THAT(StatusTypeFromName("Expired"), Optional(StatusType::kExpired));
  for (const char* bad : {"", "active", "INACTIVE", "expired", "Active ", " Active", "Activ"}) {
    EXPECT_EQ(StatusTypeFromName(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(StatusTypeTest, RoundTrips) {
  for (StatusType status : {StatusType::kActive, StatusType::kInactive, StatusType::kExpired}) {
    EXPECT_THAT(StatusTypeFromName(StatusTypeName(status)), Optional(status));
  }
}

TEST(CallerIdentityTest, ParseReadsBackToString) {
  for (const CallerIdentity& caller :
       {CallerIdentity::Root(), CallerIdentity::User("bob"), CallerIdentity::Role("Deployer")}) {
    EXPECT_EQ(CallerIdentity::Parse(caller.ToString()), caller) << caller;
  }
  EXPECT_EQ(CallerIdentity::Parse("user/"), std::nullopt);
  EXPECT_EQ(CallerIdentity::Parse("role/"), std::nullopt);
  EXPECT_EQ(CallerIdentity::Parse("bob"), std::nullopt);
  EXPECT_EQ(CallerIdentity::Parse("Root"), std::nullopt);
}

// The printers live with the types, so a file that includes fake_iam/model.h but not
// testing/matchers.h, as this one does, prints model values readably rather than as bytes, and
// exactly as a file with the matchers does (tests/matchers_test.cc holds the full format).
TEST(ModelPrintingTest, GtestPrintsModelValuesWithoutTheMatchersHeader) {
  const User bob = User().WithUserName("bob").WithCreateDate(absl::FromUnixSeconds(1767225600));
  EXPECT_EQ(::testing::PrintToString(bob),
            "User{UserName: \"bob\", CreateDate: 2026-01-01T00:00:00Z}");
  EXPECT_EQ(::testing::PrintToString(GetUserResult().WithUser(User().WithUserName("bob"))),
            "GetUserResult{User: User{UserName: \"bob\"}}");
  EXPECT_EQ(::testing::PrintToString(UploadSigningCertificateRequest().WithCertificateBody(
                "-----BEGIN CERTIFICATE-----\nMIIB\n")),
            "UploadSigningCertificateRequest{CertificateBody: <33 bytes, begins "
            "\"-----BEGIN CERTIFICATE-----\">}");
  EXPECT_EQ(::testing::PrintToString(StatusType::kInactive), "Inactive");
  EXPECT_EQ(::testing::PrintToString(std::vector<User>{User().WithUserName("a")}),
            "{ User{UserName: \"a\"} }");
  EXPECT_EQ(::testing::PrintToString(CallerIdentity::User("bob")), "user/bob");
}

// operator<< is PrintTo under another name: a log line reads as a test failure does.
TEST(ModelPrintingTest, StreamsPrintWhatGtestPrints) {
  auto streamed = [](const auto& value) {
    std::ostringstream out;
    out << value;
    return out.str();
  };
  const User bob = User().WithUserName("bob").WithPath("/");
  EXPECT_EQ(streamed(bob), ::testing::PrintToString(bob));
  const ListUsersResult users = ListUsersResult().WithUsers({bob}).WithIsTruncated(false);
  EXPECT_EQ(streamed(users), ::testing::PrintToString(users));
  const UpdateSigningCertificateRequest update =
      UpdateSigningCertificateRequest().WithCertificateId("ID").WithStatus(StatusType::kActive);
  EXPECT_EQ(streamed(update), ::testing::PrintToString(update));
  EXPECT_EQ(streamed(StatusType::kActive), "Active");
  EXPECT_EQ(streamed(static_cast<StatusType>(7)), "StatusType(7)");
}

}  // namespace
}  // namespace fake_iam
