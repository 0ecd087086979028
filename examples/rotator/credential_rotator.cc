#include "examples/rotator/credential_rotator.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "examples/rotator/certificate_rotator.h"
#include "fake_iam/errors.h"

namespace rotator {
namespace {

using fake_iam::AccessKey;
using fake_iam::AccessKeyMetadata;
using fake_iam::IamErrorCode;
using fake_iam::SigningCertificate;
using fake_iam::StatusType;

std::string Describe(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// The report has whole seconds; the SDK's dates may carry milliseconds.
bool SameSecond(absl::Time a, absl::Time b) {
  return absl::ToUnixSeconds(a) == absl::ToUnixSeconds(b);
}

std::string Column(const CredentialReportRow& row, const std::string& name) {
  auto it = row.find(name);
  return it == row.end() ? "" : it->second;
}

// The last_rotated dates of the Active credentials in a row, for the columns
// <prefix>1_active, <prefix>1_last_rotated, <prefix>2_active, <prefix>2_last_rotated.
std::vector<std::optional<absl::Time>> ActiveRotationDates(const CredentialReportRow& row,
                                                           const std::string& prefix) {
  std::vector<std::optional<absl::Time>> dates;
  for (const char* n : {"1", "2"}) {
    if (Column(row, prefix + n + "_active") != "true") continue;
    dates.push_back(ReportDate(Column(row, prefix + n + "_last_rotated")));
  }
  return dates;
}

// OK when the row shows exactly one Active credential of the kind, rotated at `expected`.
absl::Status CheckOnlyActive(const CredentialReportRow& row, const std::string& prefix,
                             std::string_view what, absl::Time expected) {
  std::vector<std::optional<absl::Time>> active = ActiveRotationDates(row, prefix);
  if (active.size() == 1 && active[0].has_value() && SameSecond(*active[0], expected)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrFormat(
      "the credential report shows %d Active %s(s) for %s; expected only the one of %s",
      active.size(), what, Column(row, "user"), Describe(expected)));
}

}  // namespace

CredentialRotator::CredentialRotator(const fake_iam::IamClient& iam,
                                     CredentialRotatorOptions options)
    : iam_(iam), options_(std::move(options)) {}

absl::StatusOr<std::vector<AccessKeyMetadata>> CredentialRotator::ListAllAccessKeys() {
  std::vector<AccessKeyMetadata> all;
  auto request = fake_iam::ListAccessKeysRequest().WithUserName(options_.user_name);
  while (true) {
    auto page = WithRetries(options_.retry, [&] { return iam_.ListAccessKeys(request); });
    if (!page.ok()) return page.status();
    all.insert(all.end(), page->GetAccessKeyMetadata().begin(), page->GetAccessKeyMetadata().end());
    if (!page->GetIsTruncated()) return all;
    request.SetMarker(page->GetMarker());
  }
}

absl::StatusOr<std::vector<SigningCertificate>> CredentialRotator::ListAllCertificates() {
  std::vector<SigningCertificate> all;
  auto request = fake_iam::ListSigningCertificatesRequest().WithUserName(options_.user_name);
  while (true) {
    auto page = WithRetries(options_.retry, [&] { return iam_.ListSigningCertificates(request); });
    if (!page.ok()) return page.status();
    all.insert(all.end(), page->GetCertificates().begin(), page->GetCertificates().end());
    if (!page->GetIsTruncated()) return all;
    request.SetMarker(page->GetMarker());
  }
}

absl::Status CredentialRotator::DeleteAccessKey(const std::string& access_key_id) {
  auto request = fake_iam::DeleteAccessKeyRequest()
                     .WithUserName(options_.user_name)
                     .WithAccessKeyId(access_key_id);
  return WithRetries(options_.retry, [&] { return iam_.DeleteAccessKey(request); });
}

absl::StatusOr<SigningCertificate> CredentialRotator::RotateCertificate(std::string_view pem) {
  // CertificateRotator makes room, uploads and deactivates the others; what is left is deleting.
  CertificateRotatorOptions certificate_options;
  certificate_options.user_name = options_.user_name;
  certificate_options.certificate_quota = options_.certificate_quota;
  certificate_options.max_attempts = options_.retry.max_attempts;
  certificate_options.initial_backoff = options_.retry.initial_backoff;
  certificate_options.max_backoff = options_.retry.max_backoff;
  certificate_options.sleep = options_.retry.sleep;
  absl::StatusOr<SigningCertificate> uploaded =
      CertificateRotator(iam_, certificate_options).Rotate(pem);
  if (!uploaded.ok()) return uploaded.status();

  absl::StatusOr<std::vector<SigningCertificate>> held = ListAllCertificates();
  if (!held.ok()) return held.status();
  for (const SigningCertificate& certificate : *held) {
    if (certificate.GetCertificateId() == uploaded->GetCertificateId()) continue;
    auto request = fake_iam::DeleteSigningCertificateRequest()
                       .WithUserName(options_.user_name)
                       .WithCertificateId(certificate.GetCertificateId());
    absl::Status status =
        WithRetries(options_.retry, [&] { return iam_.DeleteSigningCertificate(request); });
    if (!status.ok()) return status;
  }
  return uploaded;
}

absl::Status CredentialRotator::RetireAccessKeys(const std::vector<AccessKeyMetadata>& old_keys) {
  // Deactivate every old key before deleting any: a key still in use shows up (as failed
  // requests) while it can be switched back on.
  for (const AccessKeyMetadata& key : old_keys) {
    if (key.GetStatus() != StatusType::kActive) continue;
    auto request = fake_iam::UpdateAccessKeyRequest()
                       .WithUserName(options_.user_name)
                       .WithAccessKeyId(key.GetAccessKeyId())
                       .WithStatus(StatusType::kInactive);
    absl::Status status =
        WithRetries(options_.retry, [&] { return iam_.UpdateAccessKey(request); });
    if (!status.ok()) return status;
  }
  for (const AccessKeyMetadata& key : old_keys) {
    if (absl::Status status = DeleteAccessKey(key.GetAccessKeyId()); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<RotatedCredentials> CredentialRotator::Rotate(std::string_view new_certificate_pem) {
  // Room for the new key first, so that nothing changes when it cannot be made. Listings are in
  // creation order: the first Inactive key is the oldest.
  absl::StatusOr<std::vector<AccessKeyMetadata>> old_keys = ListAllAccessKeys();
  if (!old_keys.ok()) return old_keys.status();
  while (static_cast<int>(old_keys->size()) >= options_.access_key_quota) {
    auto inactive = std::find_if(old_keys->begin(), old_keys->end(), [](const auto& key) {
      return key.GetStatus() == StatusType::kInactive;
    });
    if (inactive == old_keys->end()) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s holds %d Active access keys, IAM's quota: retire one that is not in use first",
          options_.user_name, old_keys->size()));
    }
    if (absl::Status status = DeleteAccessKey(inactive->GetAccessKeyId()); !status.ok()) {
      return status;
    }
    old_keys->erase(inactive);
  }

  RotatedCredentials rotated;
  absl::StatusOr<SigningCertificate> certificate = RotateCertificate(new_certificate_pem);
  if (!certificate.ok()) return certificate.status();
  rotated.certificate = *std::move(certificate);

  auto create = fake_iam::CreateAccessKeyRequest().WithUserName(options_.user_name);
  auto created = WithRetries(options_.retry, [&] { return iam_.CreateAccessKey(create); });
  if (!created.ok()) return created.status();  // the old key is untouched, still Active
  rotated.access_key = created->GetAccessKey();
  if (absl::Status installed = options_.install_access_key(rotated.access_key); !installed.ok()) {
    // Nobody else holds the new secret: the key is useless, and would take a place in the quota.
    DeleteAccessKey(rotated.access_key.GetAccessKeyId()).IgnoreError();
    return installed;
  }
  if (absl::Status status = RetireAccessKeys(*old_keys); !status.ok()) return status;
  return rotated;
}

absl::StatusOr<fake_iam::GetCredentialReportResult> CredentialRotator::FetchReport() {
  for (int attempt = 1;; ++attempt) {
    auto report = WithRetries(options_.retry, [&] {
      return iam_.GetCredentialReport(fake_iam::GetCredentialReportRequest());
    });
    if (!HasIamError(report.status(), IamErrorCode::kReportInProgress) ||
        attempt >= options_.report_attempts) {
      return report;
    }
    options_.retry.sleep(options_.report_wait);
  }
}

absl::StatusOr<CredentialReportRow> CredentialRotator::Confirm(const RotatedCredentials& rotated) {
  absl::Status generated =
      WithRetries(options_.retry, [&] {
        return iam_.GenerateCredentialReport(fake_iam::GenerateCredentialReportRequest());
      }).status();
  if (!generated.ok()) return generated;
  absl::StatusOr<fake_iam::GetCredentialReportResult> report = FetchReport();
  if (!report.ok()) return report.status();

  // IAM answers with the report of the last 4 hours if there is one, which may predate the
  // rotation and show the old credentials.
  const absl::Time rotated_at =
      std::max(rotated.certificate.GetUploadDate(), rotated.access_key.GetCreateDate());
  if (absl::ToUnixSeconds(report->GetGeneratedTime()) < absl::ToUnixSeconds(rotated_at)) {
    return absl::UnavailableError(absl::StrFormat(
        "the credential report of %s predates the rotation at %s; IAM makes a new one at most "
        "every 4 hours",
        Describe(report->GetGeneratedTime()), Describe(rotated_at)));
  }

  absl::StatusOr<std::vector<CredentialReportRow>> rows =
      ParseCredentialReport(report->GetContent());
  if (!rows.ok()) return rows.status();
  auto row = std::find_if(rows->begin(), rows->end(), [&](const CredentialReportRow& r) {
    return absl::EqualsIgnoreCase(Column(r, "user"), options_.user_name);  // as IAM compares
  });
  if (row == rows->end()) {
    return absl::NotFoundError(
        absl::StrFormat("the credential report has no row for %s", options_.user_name));
  }
  if (absl::Status status =
          CheckOnlyActive(*row, "cert_", "certificate", rotated.certificate.GetUploadDate());
      !status.ok()) {
    return status;
  }
  if (absl::Status status =
          CheckOnlyActive(*row, "access_key_", "access key", rotated.access_key.GetCreateDate());
      !status.ok()) {
    return status;
  }
  return *row;
}

}  // namespace rotator
