// fake_iam in one page: a backend, users, a certificate, a listing and an error, through the same
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

  // The same certificate again: alice already holds it, so IAM answers it and adds nothing.
  auto again = iam.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("alice").WithCertificateBody(pem));
  if (!again.ok()) return 1;
  std::cout << "upload it again  " << again->GetCertificate().GetCertificateId() << " (still "
            << backend.Certificates("alice").size() << " certificate)\n";

  // Another user with the same certificate: IAM refuses duplicates account-wide.
  if (!iam.CreateUser(CreateUserRequest().WithUserName("bob")).ok()) return 1;
  auto bobs = iam.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("bob").WithCertificateBody(pem));
  std::optional<IamErrorCode> code = IamErrorCodeOf(bobs.status());
  std::cout << "bob uploads it   " << (code ? IamErrorCodeName(*code) : "no error") << " ("
            << IamErrorHttpStatus(code.value_or(IamErrorCode::kServiceFailure))
            << "): " << bobs.status().message() << "\n";
  return code == IamErrorCode::kDuplicateCertificate ? 0 : 1;
}
