// Built against the installed package: the headers, both libraries and their dependencies resolve.
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"

namespace {

TEST(InstalledPackage, UploadsAndRefusesAnotherUsersCertificate) {
  fake_iam::FakeIamBackend backend;
  fake_iam::FakeIamClient iam(backend);
  ASSERT_TRUE(backend.CreateUser("consumer").ok());
  ASSERT_TRUE(backend.CreateUser("other").ok());
  std::string pem = fake_iam::ValidCertificatePem();
  auto request =
      fake_iam::UploadSigningCertificateRequest().WithUserName("consumer").WithCertificateBody(pem);
  ASSERT_TRUE(iam.UploadSigningCertificate(request).ok());
  EXPECT_EQ(fake_iam::IamErrorCodeOf(
                iam.UploadSigningCertificate(request.WithUserName("other")).status()),
            fake_iam::IamErrorCode::kDuplicateCertificate);
  EXPECT_THAT(backend.Certificates("CONSUMER"), testing::SizeIs(1));
}

}  // namespace
