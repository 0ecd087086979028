// fake_iam in one page: a backend, a user, a certificate, a listing and an error, through the same
// IamClient interface production code uses.
#include <iostream>

#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "testing/certificates.h"

int main() {
  using namespace fake_iam;

  FakeIamBackend backend;  // in memory, with IAM's rules; nothing leaves the process
  FakeIamClient iam(backend);

  auto user = iam.CreateUser(CreateUserRequest().WithUserName("alice"));
  if (!user.ok()) return 1;
  std::cout << "created user     " << user->GetUser().GetArn() << "\n";

  std::string pem = ValidCertificatePem();  // a fresh self-signed EC certificate
  auto uploaded = iam.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("alice").WithCertificateBody(pem));
  if (!uploaded.ok()) return 1;
  std::cout << "uploaded         " << uploaded->GetCertificate().GetCertificateId() << "\n";

  auto listed = iam.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("alice"));
  if (!listed.ok()) return 1;
  for (const SigningCertificate& certificate : listed->GetCertificates()) {
    std::cout << "listed           " << certificate.GetCertificateId() << " "
              << StatusTypeName(certificate.GetStatus()) << " uploaded "
              << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", certificate.GetUploadDate(),
                                  absl::UTCTimeZone())
              << "\n";
  }

  // The same certificate again: IAM refuses duplicates account-wide.
  auto again = iam.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("alice").WithCertificateBody(pem));
  std::optional<IamErrorCode> code = IamErrorCodeOf(again.status());
  std::cout << "upload it again  " << (code ? IamErrorCodeName(*code) : "no error") << " ("
            << IamErrorHttpStatus(code.value_or(IamErrorCode::kServiceFailure))
            << "): " << again.status().message() << "\n";
  return code == IamErrorCode::kDuplicateCertificate ? 0 : 1;
}
