// CredentialRotator: replaces all of one IAM user's credentials, a signing certificate and an
// access key, retires the old ones, and then checks IAM's credential report to confirm that the
// user holds exactly the new ones. AWS's rotation procedure, as a scheduled job runs it:
//
//   CredentialRotatorOptions options;
//   options.user_name = "deployer";
//   options.install_access_key = [&](const fake_iam::AccessKey& key) {
//     return secrets.Store("deployer", key.GetAccessKeyId(), key.GetSecretAccessKey());
//   };
//   CredentialRotator rotator(iam, options);
//   absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(new_pem);
//   if (rotated.ok()) absl::Status confirmed = rotator.Confirm(*rotated);
//
// Like CertificateRotator it sees only the fake_iam::IamClient interface. Not thread-safe: one
// rotation at a time per object; the client must outlive the rotator.
#ifndef EXAMPLES_ROTATOR_CREDENTIAL_ROTATOR_H_
#define EXAMPLES_ROTATOR_CREDENTIAL_ROTATOR_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "examples/rotator/credential_report_csv.h"
#include "examples/rotator/retry.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"

namespace rotator {

struct CredentialRotatorOptions {
  std::string user_name;
  // IAM's quotas: CertificatesPerUser and AccessKeysPerUser are 2.
  int certificate_quota = 2;
  int access_key_quota = 2;
  // Every IAM call is retried on ServiceFailure and Throttling.
  RetryOptions retry;
  // Hands the new access key to whatever signs with it. IAM shows the secret only in
  // CreateAccessKey's answer, so the old keys are retired only once this succeeds; an error stops
  // the rotation with the old key still Active.
  std::function<absl::Status(const fake_iam::AccessKey&)> install_access_key =
      [](const fake_iam::AccessKey&) { return absl::OkStatus(); };
  // IAM builds a credential report in the background: GetCredentialReport answers
  // ReportInProgress until it is done. Ask again after report_wait, report_attempts times in all.
  int report_attempts = 10;
  absl::Duration report_wait = absl::Seconds(5);
};

// What Rotate put in place.
struct RotatedCredentials {
  fake_iam::SigningCertificate certificate;
  fake_iam::AccessKey access_key;  // with its secret
};

class CredentialRotator {
 public:
  CredentialRotator(const fake_iam::IamClient& iam, CredentialRotatorOptions options);

  // Uploads `new_certificate_pem` and creates an access key for the user, then deactivates and
  // deletes every other certificate and key the user holds. A user at the key quota first loses an
  // Inactive key; FailedPrecondition, before anything changes, if every key is Active (one may be
  // in use: a person has to decide). Returns the first IAM error it could not get past; a failure
  // while making the new key leaves the old one Active.
  absl::StatusOr<RotatedCredentials> Rotate(std::string_view new_certificate_pem);

  // Generates and reads the credential report, and checks the user's row: exactly one Active
  // certificate and one Active access key, the ones `rotated` holds (by their *_last_rotated
  // dates). Unavailable when the report is older than the rotation (IAM makes a new report at
  // most every 4 hours; try again later), IAM's ReportInProgress when it is still being built
  // after report_attempts, FailedPrecondition when it shows other credentials. Returns the
  // user's row.
  absl::StatusOr<CredentialReportRow> Confirm(const RotatedCredentials& rotated);

 private:
  absl::StatusOr<std::vector<fake_iam::AccessKeyMetadata>> ListAllAccessKeys();
  absl::StatusOr<std::vector<fake_iam::SigningCertificate>> ListAllCertificates();
  absl::Status DeleteAccessKey(const std::string& access_key_id);
  absl::StatusOr<fake_iam::SigningCertificate> RotateCertificate(std::string_view pem);
  // Deactivates and deletes every key in `old_keys`.
  absl::Status RetireAccessKeys(const std::vector<fake_iam::AccessKeyMetadata>& old_keys);
  absl::StatusOr<fake_iam::GetCredentialReportResult> FetchReport();

  const fake_iam::IamClient& iam_;
  CredentialRotatorOptions options_;
};

}  // namespace rotator

#endif  // EXAMPLES_ROTATOR_CREDENTIAL_ROTATOR_H_
