// The test README.md shows, compiled and run by CI so that the README cannot rot.
#include <string>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"

namespace {

using namespace fake_iam;
using ::testing::ElementsAre;

// [START readme]
TEST(Readme, ACertificateBelongsToOneUser) {
  FakeIamBackend backend;                               // IAM in memory: no network, no credentials
  FakeIamClient iam(backend);                           // the IamClient your code is given
  ASSERT_THAT(backend.CreateUser("deployer"), IsOk());  // set-up: not recorded, never faulted
  ASSERT_THAT(backend.CreateUser("auditor"), IsOk());
  const std::string pem = ValidCertificatePem();        // a fresh certificate, made at run time
  auto upload = UploadSigningCertificateRequest().WithUserName("deployer").WithCertificateBody(pem);
  EXPECT_THAT(iam.UploadSigningCertificate(upload), IsOk());
  EXPECT_THAT(iam.UploadSigningCertificate(upload), IsOk());  // the same user again: nothing added
  EXPECT_THAT(iam.UploadSigningCertificate(upload.WithUserName("auditor")),
              IsIamError(IamErrorCode::kDuplicateCertificate, "Duplicate certificate uploaded."));
  EXPECT_THAT(backend.Certificates("DEPLOYER"), ElementsAre(HasStatus(StatusType::kActive)));
}
// [END readme]

}  // namespace
