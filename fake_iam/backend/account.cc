// The semantics of the account-wide operations: FakeIamBackend::Impl::Execute for
// GenerateCredentialReport, GetCredentialReport and GetAccountSummary.
#include <string>
#include <vector>

#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/account_summary.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/status_macros.h"
#include "fake_iam/internal/credential_report.h"

namespace fake_iam {
namespace {

// IAM makes a new report at most every 4 hours, and calls an older one expired.
constexpr absl::Duration kReportLifetime = absl::Hours(4);

}  // namespace

std::string FakeIamBackend::Impl::BuildCredentialReport() const {
  auto row = [&](const Principal& principal) {
    internal::CredentialReportRow row;
    row.root = &principal == &root_;
    row.user = principal.user.GetUserName();
    row.arn = principal.user.GetArn();
    row.creation_time = principal.user.GetCreateDate();
    for (const std::string& id : principal.access_key_ids) {
      const StoredAccessKey& stored = access_keys_.at(id);
      internal::CredentialReportKey key;
      key.active = stored.key.GetStatus() == StatusType::kActive;
      key.last_rotated = stored.key.GetCreateDate();
      if (stored.last_used.LastUsedDateHasBeenSet()) {
        key.last_used = stored.last_used.GetLastUsedDate();
        key.last_used_region = stored.last_used.GetRegion();
        key.last_used_service = stored.last_used.GetServiceName();
      }
      row.access_keys.push_back(key);
    }
    for (const StoredCertificate& stored : principal.certificates) {
      row.certificates.push_back({stored.certificate.GetStatus() == StatusType::kActive,
                                  stored.certificate.GetUploadDate()});
    }
    return row;
  };
  // The root first, then the users by name.
  std::vector<internal::CredentialReportRow> rows = {row(root_)};
  for (const auto& [key, principal] : users_) rows.push_back(row(principal));
  return internal::FormatCredentialReport(rows);
}

absl::StatusOr<GenerateCredentialReportResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity&, const GenerateCredentialReportRequest& request) {
  RETURN_IF_ERROR(internal::CheckInput(request));

  const absl::Time now = Now();
  internal::WriterLock lock(&mu_);
  if (report_ && now - report_->generated < kReportLifetime) {
    return GenerateCredentialReportResult().WithState(ReportStateType::kComplete);
  }
  // The fake's report is ready at once: the next GetCredentialReport finds it.
  GenerateCredentialReportResult result;
  result.SetState(ReportStateType::kStarted);
  if (!report_) result.SetDescription("No report exists. Starting a new report generation task");
  report_ = CredentialReport{internal::WholeSeconds(now), BuildCredentialReport()};
  return result;
}

absl::StatusOr<GetCredentialReportResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity&, const GetCredentialReportRequest& request) {
  RETURN_IF_ERROR(internal::CheckInput(request));

  const absl::Time now = Now();
  internal::ReaderLock lock(&mu_);
  // IAM's ReportNotPresent carries no message (recorded).
  if (!report_) return MakeIamError(IamErrorCode::kReportNotPresent, "");
  if (now - report_->generated >= kReportLifetime) {
    return MakeIamError(IamErrorCode::kReportExpired,
                        IamErrorDefaultMessage(IamErrorCode::kReportExpired));
  }
  return GetCredentialReportResult()
      .WithContent(report_->content)
      .WithReportFormat(ReportFormatType::kTextCsv)
      .WithGeneratedTime(report_->generated);
}

absl::StatusOr<GetAccountSummaryResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity&, const GetAccountSummaryRequest& request) {
  RETURN_IF_ERROR(internal::CheckInput(request));

  internal::ReaderLock lock(&mu_);
  internal::AccountSummaryCounts counts;
  counts.users = static_cast<int>(users_.size());
  counts.access_keys_per_user_quota = options_.max_access_keys_per_user;
  counts.signing_certificates_per_user_quota = options_.max_certificates_per_user;
  counts.root_has_access_keys = !root_.access_key_ids.empty();
  counts.root_has_signing_certificates = !root_.certificates.empty();
  return GetAccountSummaryResult().WithSummaryMap(internal::AccountSummaryMap(counts));
}

}  // namespace fake_iam
