#include "examples/rotator/credential_report_csv.h"

#include <cstddef>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace rotator {
namespace {

// Splits the text into lines of fields. A quoted field may hold commas, line breaks and "" for
// a quote.
std::vector<std::vector<std::string>> Records(std::string_view csv) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
    } else {
      field += c;
    }
  }
  // The last line needs no line break: IAM's report ends right after its last field.
  if (!field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

absl::StatusOr<std::vector<CredentialReportRow>> ParseCredentialReport(std::string_view csv) {
  std::vector<std::vector<std::string>> records = Records(csv);
  if (records.empty()) return absl::InvalidArgumentError("the credential report is empty");
  const std::vector<std::string>& header = records.front();
  std::vector<CredentialReportRow> rows;
  for (size_t line = 1; line < records.size(); ++line) {
    if (records[line].size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("credential report line %d has %d fields; the header has %d", line + 1,
                          records[line].size(), header.size()));
    }
    CredentialReportRow row;
    for (size_t i = 0; i < header.size(); ++i) row[header[i]] = records[line][i];
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<absl::Time> ReportDate(std::string_view value) {
  absl::Time time;
  std::string error;
  // %Ez reads the +00:00 the report writes.
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%S%Ez", std::string(value), &time, &error)) {
    return std::nullopt;
  }
  return time;
}

}  // namespace rotator
