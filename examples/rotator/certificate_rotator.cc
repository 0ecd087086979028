#include "examples/rotator/certificate_rotator.h"

#include <optional>
#include <utility>

#include "examples/rotator/retry.h"
#include "fake_iam/errors.h"

namespace rotator {
namespace {

using fake_iam::IamErrorCode;
using fake_iam::SigningCertificate;
using fake_iam::StatusType;

// The index of the oldest certificate, among the Inactive ones only if `inactive_only`. Listings
// are in upload order, so the first of equal UploadDates is the older.
std::optional<size_t> Oldest(const std::vector<SigningCertificate>& certificates,
                             bool inactive_only) {
  std::optional<size_t> oldest;
  for (size_t i = 0; i < certificates.size(); ++i) {
    if (inactive_only && certificates[i].GetStatus() != StatusType::kInactive) continue;
    if (!oldest || certificates[i].GetUploadDate() < certificates[*oldest].GetUploadDate()) {
      oldest = i;
    }
  }
  return oldest;
}

}  // namespace

CertificateRotator::CertificateRotator(const fake_iam::IamClient& iam,
                                       CertificateRotatorOptions options)
    : iam_(iam), options_(std::move(options)) {}

template <typename Call>
auto CertificateRotator::WithRetries(const Call& call) -> decltype(call()) {
  RetryOptions retry;
  retry.max_attempts = options_.max_attempts;
  retry.initial_backoff = options_.initial_backoff;
  retry.max_backoff = options_.max_backoff;
  retry.sleep = options_.sleep;
  return rotator::WithRetries(retry, call);
}

absl::StatusOr<std::vector<SigningCertificate>> CertificateRotator::ListAll() {
  std::vector<SigningCertificate> all;
  auto request = fake_iam::ListSigningCertificatesRequest().WithUserName(options_.user_name);
  while (true) {
    auto page = WithRetries([&] { return iam_.ListSigningCertificates(request); });
    if (!page.ok()) return page.status();
    all.insert(all.end(), page->GetCertificates().begin(), page->GetCertificates().end());
    if (!page->GetIsTruncated()) return all;
    request.SetMarker(page->GetMarker());
  }
}

absl::Status CertificateRotator::DeleteAt(std::vector<SigningCertificate>& certificates,
                                          size_t index) {
  auto request = fake_iam::DeleteSigningCertificateRequest()
                     .WithUserName(options_.user_name)
                     .WithCertificateId(certificates[index].GetCertificateId());
  absl::Status status = WithRetries([&] { return iam_.DeleteSigningCertificate(request); });
  if (status.ok()) certificates.erase(certificates.begin() + index);
  return status;
}

absl::StatusOr<SigningCertificate> CertificateRotator::Upload(std::string_view pem) {
  auto request = fake_iam::UploadSigningCertificateRequest()
                     .WithUserName(options_.user_name)
                     .WithCertificateBody(std::string(pem));
  auto uploaded = WithRetries([&] { return iam_.UploadSigningCertificate(request); });
  if (!uploaded.ok()) return uploaded.status();
  return uploaded->GetCertificate();
}

absl::StatusOr<SigningCertificate> CertificateRotator::Rotate(
    std::string_view new_certificate_pem) {
  absl::StatusOr<std::vector<SigningCertificate>> existing = ListAll();
  if (!existing.ok()) return existing.status();

  // Make room: delete the oldest Inactive certificate, or the oldest of all, until below quota.
  while (!existing->empty() && static_cast<int>(existing->size()) >= options_.certificate_quota) {
    std::optional<size_t> victim = Oldest(*existing, /*inactive_only=*/true);
    if (!victim) victim = Oldest(*existing, /*inactive_only=*/false);
    if (absl::Status status = DeleteAt(*existing, *victim); !status.ok()) return status;
  }

  absl::StatusOr<SigningCertificate> uploaded = Upload(new_certificate_pem);
  if (HasIamError(uploaded.status(), IamErrorCode::kLimitExceeded)) {
    // Someone uploaded between our listing and our upload: look again, make room once, retry once.
    existing = ListAll();
    if (!existing.ok()) return existing.status();
    std::optional<size_t> victim = Oldest(*existing, /*inactive_only=*/true);
    if (!victim) return uploaded.status();  // never delete a certificate that may be in use
    if (absl::Status status = DeleteAt(*existing, *victim); !status.ok()) return status;
    uploaded = Upload(new_certificate_pem);
  }
  if (!uploaded.ok()) return uploaded.status();

  // The new certificate is in place: retire every other Active one.
  for (const SigningCertificate& certificate : *existing) {
    if (certificate.GetStatus() != StatusType::kActive) continue;
    auto request = fake_iam::UpdateSigningCertificateRequest()
                       .WithUserName(options_.user_name)
                       .WithCertificateId(certificate.GetCertificateId())
                       .WithStatus(StatusType::kInactive);
    absl::Status status = WithRetries([&] { return iam_.UpdateSigningCertificate(request); });
    if (!status.ok()) return status;
  }
  return uploaded;
}

}  // namespace rotator
