// Runs one certificate rotation against an in-memory fake IAM and prints what happened: the
// certificates before and after, and the calls the rotator made. Exits 0 when the new certificate
// is the only Active one.
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "examples/rotator/certificate_rotator.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/recorded_call.h"
#include "testing/certificates.h"

namespace {

void Print(const char* label, const std::vector<fake_iam::SigningCertificate>& certificates) {
  std::cout << label;
  for (const auto& certificate : certificates) {
    std::cout << " " << certificate.GetCertificateId() << " ("
              << fake_iam::StatusTypeName(certificate.GetStatus()) << ")";
  }
  std::cout << "\n";
}

}  // namespace

int main() {
  fake_iam::FakeIamOptions fake_options;
  fake_options.start_time =
      absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  fake_iam::FakeIamBackend backend(fake_options);
  if (!backend.CreateUser("deployer").ok()) return 1;
  if (!backend.UploadSigningCertificate("deployer", fake_iam::ValidCertificatePem()).ok()) return 1;
  Print("before:", backend.Certificates("deployer"));

  fake_iam::FakeIamClient iam(backend);
  rotator::CertificateRotatorOptions options;
  options.user_name = "deployer";
  rotator::CertificateRotator rotator(iam, options);
  auto rotated = rotator.Rotate(fake_iam::ValidCertificatePem());
  if (!rotated.ok()) {
    std::cout << "rotation failed: " << rotated.status() << "\n";
    return 1;
  }

  std::cout << "calls: ";
  const char* separator = "";
  for (const fake_iam::RecordedCall& call : backend.RecordedCalls()) {
    std::cout << separator << call.operation;
    separator = ", ";
  }
  std::cout << "\n";
  std::vector<fake_iam::SigningCertificate> after = backend.Certificates("deployer");
  Print("after: ", after);

  int active = 0;
  for (const auto& certificate : after) {
    if (certificate.GetStatus() != fake_iam::StatusType::kActive) continue;
    ++active;
    if (certificate.GetCertificateId() != rotated->GetCertificateId()) return 1;
  }
  std::cout << "active: " << rotated->GetCertificateId() << "\n";
  return active == 1 ? 0 : 1;
}
