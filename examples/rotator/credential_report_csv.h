// Reads an IAM credential report: the CSV text GetCredentialReport returns (the SDK decodes the
// base64 of the wire). The first line names the columns (user, arn, ..., access_key_1_active,
// ..., cert_2_last_rotated; the IAM User Guide's "Getting credential reports" lists them), then
// one line per principal: `<root_account>` for the account root, then each IAM user.
//
//   absl::StatusOr<std::vector<CredentialReportRow>> rows = ParseCredentialReport(content);
//   (*rows)[1].at("access_key_1_active")  // "true"
//
// Values are as IAM writes them: lowercase true/false, dates as 2026-01-01T00:00:00+00:00, and
// N/A, no_information or not_supported where there is no date.
#ifndef EXAMPLES_ROTATOR_CREDENTIAL_REPORT_CSV_H_
#define EXAMPLES_ROTATOR_CREDENTIAL_REPORT_CSV_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rotator {

// One principal's line, by column name.
using CredentialReportRow = std::map<std::string, std::string>;

// The rows under the header, in report order. Fields may be quoted as RFC 4180 says (an ARN's path
// may hold a comma); lines end with LF or CR LF, the last one with either or nothing.
// InvalidArgument when a line has another number of fields than the header.
absl::StatusOr<std::vector<CredentialReportRow>> ParseCredentialReport(std::string_view csv);

// A date column's value as a time; nullopt for N/A, no_information, not_supported or anything else
// that is not an ISO 8601 date.
std::optional<absl::Time> ReportDate(std::string_view value);

}  // namespace rotator

#endif  // EXAMPLES_ROTATOR_CREDENTIAL_REPORT_CSV_H_
