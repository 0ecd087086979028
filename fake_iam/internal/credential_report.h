// IAM's credential report: the CSV that GetCredentialReport returns (base64 on the wire), made
// from plain data so that it can be tested without a backend. The backend collects the rows.
#ifndef FAKE_IAM_INTERNAL_CREDENTIAL_REPORT_H_
#define FAKE_IAM_INTERNAL_CREDENTIAL_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace fake_iam::internal {

struct CredentialReportKey {
  bool active;  // Status Active; Inactive keys are still reported, with their date
  absl::Time last_rotated;
  std::optional<absl::Time> last_used;  // nullopt: never used, and then region and service are N/A
  std::string last_used_region;   // empty: N/A, as AWS prints for a service with no region (S3)
  std::string last_used_service;  // empty: N/A
};

struct CredentialReportCertificate {
  bool active;
  absl::Time last_rotated;
};

struct CredentialReportRow {
  // The account root: user "<root_account>", password columns as AWS prints them for the root.
  bool root = false;
  std::string user;  // user name (ignored for root)
  std::string arn;
  absl::Time creation_time;  // for the root, the account's creation time
  // In creation order; the first two fill access_key_1/2.
  std::vector<CredentialReportKey> access_keys;
  // In upload order; the first two fill cert_1/2.
  std::vector<CredentialReportCertificate> certificates;
};

// The report: a header line with AWS's 22 columns, then one line per row in the order given.
// Lines are joined by "\n", with no newline after the last line (as in a real report's decoded
// content). The fake has no passwords and no MFA, so those columns say so.
std::string FormatCredentialReport(const std::vector<CredentialReportRow>& rows);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_CREDENTIAL_REPORT_H_
