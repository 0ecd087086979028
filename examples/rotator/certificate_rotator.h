// CertificateRotator: puts a new signing certificate in place for one IAM user and retires the old
// ones, the job a deployment pipeline runs when a certificate is renewed.
//
//   CertificateRotatorOptions options;
//   options.user_name = "deployer";
//   CertificateRotator rotator(iam, options);
//   absl::StatusOr<fake_iam::SigningCertificate> current = rotator.Rotate(new_pem);
//
// The rotator only sees the fake_iam::IamClient interface: production hands it an adapter over the
// AWS SDK, tests hand it a FakeIamClient or a MockIamClient. Not thread-safe: one rotation at a
// time per object; the client must outlive the rotator.
#ifndef EXAMPLES_ROTATOR_CERTIFICATE_ROTATOR_H_
#define EXAMPLES_ROTATOR_CERTIFICATE_ROTATOR_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"

namespace rotator {

struct CertificateRotatorOptions {
  std::string user_name;
  // Certificates the user may hold; IAM's CertificatesPerUser quota is 2.
  int certificate_quota = 2;
  // Each IAM call is tried at most this often when IAM answers ServiceFailure or Throttling.
  int max_attempts = 4;
  // The wait before the second attempt; it doubles each time, up to max_backoff.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  // How to wait; tests replace it so they neither sleep nor depend on timing.
  std::function<void(absl::Duration)> sleep = [](absl::Duration d) { absl::SleepFor(d); };
};

class CertificateRotator {
 public:
  CertificateRotator(const fake_iam::IamClient& iam, CertificateRotatorOptions options);

  // Uploads `new_certificate_pem` for the user and deactivates every other Active certificate. At
  // quota, it first deletes the oldest Inactive certificate (the oldest of all if none is
  // Inactive). Returns the uploaded certificate, or the first IAM error it could not get past.
  absl::StatusOr<fake_iam::SigningCertificate> Rotate(std::string_view new_certificate_pem);

 private:
  // Every certificate of the user, following IsTruncated/Marker through all pages.
  absl::StatusOr<std::vector<fake_iam::SigningCertificate>> ListAll();
  // Deletes certificates[index] in IAM and, once IAM agrees, from the vector.
  absl::Status DeleteAt(std::vector<fake_iam::SigningCertificate>& certificates, size_t index);
  absl::StatusOr<fake_iam::SigningCertificate> Upload(std::string_view pem);
  // Runs `call` until it succeeds, fails with a non-retryable error, or max_attempts is reached.
  template <typename Call>
  auto WithRetries(const Call& call) -> decltype(call());

  const fake_iam::IamClient& iam_;
  CertificateRotatorOptions options_;
};

}  // namespace rotator

#endif  // EXAMPLES_ROTATOR_CERTIFICATE_ROTATOR_H_
