// Runs one rotation of a user's certificate and access key against an in-memory fake IAM and
// prints what happened: the credentials before and after, the calls the rotator made, and the
// user's line of the credential report. Exits 0 when the report confirms that only the new
// certificate and key are Active.
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "examples/rotator/credential_rotator.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/recorded_call.h"
#include "testing/certificates.h"

namespace {

constexpr char kUser[] = "deployer";

void Print(const char* label, const fake_iam::FakeIamBackend& backend) {
  std::cout << label << " certificates:";
  for (const auto& certificate : backend.Certificates(kUser)) {
    std::cout << " " << certificate.GetCertificateId() << " ("
              << fake_iam::StatusTypeName(certificate.GetStatus()) << ")";
  }
  std::cout << "; access keys:";
  for (const auto& key : backend.AccessKeys(kUser)) {
    std::cout << " " << key.GetAccessKeyId() << " (" << fake_iam::StatusTypeName(key.GetStatus())
              << ")";
  }
  std::cout << "\n";
}

}  // namespace

int main() {
  fake_iam::FakeIamOptions fake_options;
  fake_options.start_time =
      absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  fake_iam::FakeIamBackend backend(fake_options);
  if (!backend.CreateUser(kUser).ok()) return 1;
  if (!backend.UploadSigningCertificate(kUser, fake_iam::ValidCertificatePem()).ok()) return 1;
  if (!backend.CreateAccessKey(fake_iam::CallerIdentity::User(kUser)).ok()) return 1;
  backend.AdvanceClock(absl::Hours(24 * 90));  // the credentials are due
  Print("before:", backend);

  fake_iam::FakeIamClient iam(backend);
  rotator::CredentialRotatorOptions options;
  options.user_name = kUser;
  options.install_access_key = [](const fake_iam::AccessKey& key) {
    std::cout << "install: " << key.GetAccessKeyId() << " (secret of "
              << key.GetSecretAccessKey().size() << " characters)\n";
    return absl::OkStatus();
  };
  rotator::CredentialRotator rotator(iam, options);
  absl::StatusOr<rotator::RotatedCredentials> rotated =
      rotator.Rotate(fake_iam::ValidCertificatePem());
  if (!rotated.ok()) {
    std::cout << "rotation failed: " << rotated.status() << "\n";
    return 1;
  }
  absl::StatusOr<rotator::CredentialReportRow> row = rotator.Confirm(*rotated);

  std::cout << "calls: ";
  const char* separator = "";
  for (const fake_iam::RecordedCall& call : backend.RecordedCalls()) {
    std::cout << separator << call.operation;
    separator = ", ";
  }
  std::cout << "\n";
  Print("after: ", backend);
  if (!row.ok()) {
    std::cout << "not confirmed: " << row.status() << "\n";
    return 1;
  }
  std::cout << "report:";
  for (const char* column :
       {"cert_1_active", "cert_1_last_rotated", "cert_2_active", "access_key_1_active",
        "access_key_1_last_rotated", "access_key_2_active"}) {
    std::cout << " " << column << "=" << row->at(column);
  }
  std::cout << "\nconfirmed: " << rotated->certificate.GetCertificateId() << ", "
            << rotated->access_key.GetAccessKeyId() << "\n";
  return 0;
}
