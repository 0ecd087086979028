// UpdateSigningCertificate and DeleteSigningCertificate: status changes, only the user's own
// certificates, a second delete.
#include <string>

#include "absl/strings/str_cat.h"
#include "fake_iam/errors.h"
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
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// Update and delete.

TEST_F(BackendTest, UpdateChangesStatusVisibleInListing) {
  CreateUsers({"Bob"});
  const std::string first = MustUpload("Bob", ValidCertificatePem());
  const std::string second = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", second, StatusType::kInactive), IsOk());
  auto listed = List("Bob");
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetCertificates(), SizeIs(2));
  EXPECT_EQ(listed->GetCertificates()[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(listed->GetCertificates()[1].GetStatus(), StatusType::kInactive);

  // To the same status: accepted, nothing changes.
  EXPECT_THAT(Update("Bob", second, StatusType::kInactive), IsOk());
  EXPECT_THAT(Update("Bob", first, StatusType::kActive), IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(backend().Certificates("Bob")[1].GetStatus(), StatusType::kInactive);

  ASSERT_THAT(Update("Bob", second, StatusType::kActive), IsOk());
  EXPECT_EQ(List("Bob")->GetCertificates()[1].GetStatus(), StatusType::kActive);
  // The update does not move the certificate or change its other fields.
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(first, second));
  EXPECT_EQ(backend().Certificates("Bob")[1].GetUploadDate(), kStartTime);
}

TEST_F(BackendTest, UpdateAndDeleteOnlyTheUsersOwnCertificates) {
  CreateUsers({"Bob", "Alice"});
  const std::string alices = MustUpload("Alice", ValidCertificatePem());
  const std::string message = absl::StrCat("The Certificate with id ", alices, " cannot be found.");
  EXPECT_THAT(Update("Bob", alices, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Delete("Bob", alices), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  ASSERT_THAT(backend().Certificates("Alice"), SizeIs(1));
  EXPECT_EQ(backend().Certificates("Alice")[0].GetStatus(), StatusType::kActive);

  const std::string unknown(32, 'Q');
  EXPECT_THAT(
      Update("Alice", unknown, StatusType::kInactive),
      IsIamError(IamErrorCode::kNoSuchEntity,
                 Eq(absl::StrCat("The Certificate with id ", unknown, " cannot be found."))));
  EXPECT_THAT(Delete("Alice", unknown), IsIamError(IamErrorCode::kNoSuchEntity));

  // A user's certificate through the root's implicit user is not the root's either.
  EXPECT_THAT(
      root().DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(alices)),
      IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(backend().Certificates("Alice"), SizeIs(1));
}

TEST_F(BackendTest, DeleteTwiceIsNoSuchEntity) {
  CreateUsers({"Bob"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Delete("Bob", id), IsOk());
  EXPECT_THAT(Delete("Bob", id),
              IsIamError(IamErrorCode::kNoSuchEntity,
                         Eq(absl::StrCat("The Certificate with id ", id, " cannot be found."))));
  EXPECT_THAT(Update("Bob", id, StatusType::kActive), IsIamError(IamErrorCode::kNoSuchEntity));
}

}  // namespace
}  // namespace fake_iam
