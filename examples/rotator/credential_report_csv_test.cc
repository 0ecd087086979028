// Tests of the credential report reader, on report text shaped like IAM's.
#include "examples/rotator/credential_report_csv.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"

namespace rotator {
namespace {

using ::fake_iam::IsOk;
using ::fake_iam::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::SizeIs;

TEST(CredentialReportCsvTest, ReadsRowsByColumnWithoutATrailingNewline) {
  absl::StatusOr<std::vector<CredentialReportRow>> rows = ParseCredentialReport(
      "user,arn,cert_1_active\n"
      "<root_account>,arn:aws:iam::123456789012:root,false\n"
      "deployer,arn:aws:iam::123456789012:user/deployer,true");

  ASSERT_THAT(rows, IsOk());
  ASSERT_THAT(*rows, SizeIs(2));
  EXPECT_THAT((*rows)[0], IsSupersetOf({Pair("user", "<root_account>")}));
  EXPECT_THAT((*rows)[1], ElementsAre(Pair("arn", "arn:aws:iam::123456789012:user/deployer"),
                                      Pair("cert_1_active", "true"), Pair("user", "deployer")));
}

// An ARN's path may hold a comma or a quote; the report quotes such a field.
TEST(CredentialReportCsvTest, ReadsQuotedFieldsAndCrLf) {
  absl::StatusOr<std::vector<CredentialReportRow>> rows = ParseCredentialReport(
      "user,arn\r\n"
      "bob,\"arn:aws:iam::123456789012:user/a,\"\"b\"\"/bob\"\r\n");

  ASSERT_THAT(rows, IsOk());
  ASSERT_THAT(*rows, SizeIs(1));
  EXPECT_EQ((*rows)[0].at("arn"), "arn:aws:iam::123456789012:user/a,\"b\"/bob");
}

TEST(CredentialReportCsvTest, RefusesALineWithTheWrongNumberOfFields) {
  EXPECT_THAT(ParseCredentialReport("user,arn\nbob"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2 has 1 fields")));
}

TEST(CredentialReportCsvTest, ReadsDatesAndNotTheirPlaceholders) {
  EXPECT_THAT(
      ReportDate("2026-01-04T05:06:07+00:00"),
      Optional(absl::FromCivil(absl::CivilSecond(2026, 1, 4, 5, 6, 7), absl::UTCTimeZone())));
  EXPECT_EQ(ReportDate("N/A"), std::nullopt);
  EXPECT_EQ(ReportDate("no_information"), std::nullopt);
  EXPECT_EQ(ReportDate("not_supported"), std::nullopt);
}

}  // namespace
}  // namespace rotator
