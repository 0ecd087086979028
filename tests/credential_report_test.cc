// The credential report's CSV (columns, the root's and users' password columns, keys and
// certificates, dates, quoting) and GetAccountSummary's map (keys, recorded quotas, counts), as
// pure functions, against the formats in real AWS reports and recordings.
#include "fake_iam/internal/credential_report.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fake_iam/internal/account_summary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam::internal {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kHeader[] =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

CredentialReportRow User(std::string name) {
  CredentialReportRow row;
  row.user = name;
  row.arn = "arn:aws:iam::123456789012:user/" + name;
  row.creation_time = Utc(2024, 1, 2, 3, 4, 5);
  return row;
}

// The report's lines; a trailing newline would show as an empty last line.
std::vector<std::string> Lines(const std::string& report) { return absl::StrSplit(report, '\n'); }

TEST(CredentialReportTest, EmptyReportIsTheHeaderAlone) {
  EXPECT_EQ(FormatCredentialReport({}), kHeader);
}

TEST(CredentialReportTest, RootRowWithNothing) {
  CredentialReportRow root;
  root.root = true;
  root.user = "ignored";
  root.arn = "arn:aws:iam::123456789012:root";
  root.creation_time = Utc(2015, 6, 24, 12, 45, 0);

  EXPECT_THAT(Lines(FormatCredentialReport({root})),
              ElementsAre(kHeader,
                          "<root_account>,arn:aws:iam::123456789012:root,"
                          "2015-06-24T12:45:00+00:00,not_supported,no_information,not_supported,"
                          "not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                          "false,N/A,false,N/A"));
}

TEST(CredentialReportTest, UserWithNothing) {
  EXPECT_EQ(FormatCredentialReport({User("alice")}),
            std::string(kHeader) +
                "\nalice,arn:aws:iam::123456789012:user/alice,2024-01-02T03:04:05+00:00,"
                "false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                "false,N/A,false,N/A");
}

TEST(CredentialReportTest, UserWithTwoKeysAndThreeCertificates) {
  CredentialReportRow row = User("bob");
  row.access_keys = {
      {/*active=*/false, Utc(2024, 2, 1, 0, 0, 1), std::nullopt, "", ""},
      {/*active=*/true, Utc(2024, 2, 2, 0, 0, 2), Utc(2024, 3, 3, 13, 14, 15), "us-east-1", "iam"},
  };
  row.certificates = {
      {/*active=*/true, Utc(2024, 4, 1, 0, 0, 1)},
      {/*active=*/false, Utc(2024, 4, 2, 0, 0, 2)},
      {/*active=*/true, Utc(2024, 4, 3, 0, 0, 3)},  // a third: the report has room for two
  };

  EXPECT_THAT(Lines(FormatCredentialReport({row})),
              ElementsAre(kHeader,
                          "bob,arn:aws:iam::123456789012:user/bob,2024-01-02T03:04:05+00:00,"
                          "false,N/A,N/A,N/A,false,"
                          "false,2024-02-01T00:00:01+00:00,N/A,N/A,N/A,"
                          "true,2024-02-02T00:00:02+00:00,2024-03-03T13:14:15+00:00,us-east-1,iam,"
                          "true,2024-04-01T00:00:01+00:00,false,2024-04-02T00:00:02+00:00"));
}

TEST(CredentialReportTest, UsedKeyWithoutRegionPrintsNotApplicable) {
  // AWS prints N/A for the region of a service that has none, such as S3.
  CredentialReportRow row = User("carol");
  row.access_keys = {{true, Utc(2024, 2, 1, 0, 0, 0), Utc(2024, 2, 5, 0, 0, 0), "", "s3"}};

  std::vector<std::string> fields = absl::StrSplit(Lines(FormatCredentialReport({row}))[1], ',');
  ASSERT_THAT(fields, SizeIs(22));
  EXPECT_EQ(fields[10], "2024-02-05T00:00:00+00:00");
  EXPECT_EQ(fields[11], "N/A");
  EXPECT_EQ(fields[12], "s3");
}

TEST(CredentialReportTest, DatesAreUtcWholeSecondsWithOffset) {
  CredentialReportRow row = User("dave");
  row.creation_time = Utc(2023, 12, 31, 23, 59, 59) + absl::Milliseconds(999);
  row.access_keys = {{true, Utc(2024, 5, 6, 7, 8, 9) + absl::Milliseconds(789),
                      Utc(2024, 5, 7, 1, 2, 3) + absl::Microseconds(500001), "eu-west-1", "sts"}};
  row.certificates = {{true, Utc(2024, 5, 8, 10, 11, 12) + absl::Nanoseconds(1)}};

  std::vector<std::string> fields = absl::StrSplit(Lines(FormatCredentialReport({row}))[1], ',');
  ASSERT_THAT(fields, SizeIs(22));
  // Truncated, not rounded: the second the event happened in.
  EXPECT_EQ(fields[2], "2023-12-31T23:59:59+00:00");
  EXPECT_EQ(fields[9], "2024-05-06T07:08:09+00:00");
  EXPECT_EQ(fields[10], "2024-05-07T01:02:03+00:00");
  EXPECT_EQ(fields[19], "2024-05-08T10:11:12+00:00");
}

TEST(CredentialReportTest, RowsKeepTheirOrderWithNoTrailingNewline) {
  CredentialReportRow root;
  root.root = true;
  root.arn = "arn:aws:iam::123456789012:root";
  root.creation_time = Utc(2020, 1, 1, 0, 0, 0);

  std::vector<std::string> lines = Lines(FormatCredentialReport({root, User("zed"), User("amy")}));
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_EQ(lines[1].substr(0, lines[1].find(',')), "<root_account>");
  EXPECT_EQ(lines[2].substr(0, lines[2].find(',')), "zed");
  EXPECT_EQ(lines[3].substr(0, lines[3].find(',')), "amy");
}

TEST(CredentialReportTest, FieldWithCommaOrQuoteIsQuoted) {
  // A path may hold any printable ASCII, so an ARN can carry a comma or a quote.
  CredentialReportRow row = User("erin");
  row.arn = "arn:aws:iam::123456789012:user/a,\"b\"/erin";

  EXPECT_EQ(Lines(FormatCredentialReport({row}))[1],
            "erin,\"arn:aws:iam::123456789012:user/a,\"\"b\"\"/erin\",2024-01-02T03:04:05+00:00,"
            "false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
            "false,N/A,false,N/A");
}

AccountSummaryCounts Counts() {
  return {/*users=*/7, /*access_keys_per_user_quota=*/2,
          /*signing_certificates_per_user_quota=*/3, /*root_has_access_keys=*/false,
          /*root_has_signing_certificates=*/false};
}

TEST(AccountSummaryTest, HasExactlyTheRecordedKeys) {
  // botocore's summaryKeyType enum, which equals the set real AWS returned.
  std::vector<std::string> expected = {
      "Users",
      "UsersQuota",
      "Groups",
      "GroupsQuota",
      "ServerCertificates",
      "ServerCertificatesQuota",
      "UserPolicySizeQuota",
      "GroupPolicySizeQuota",
      "GroupsPerUserQuota",
      "SigningCertificatesPerUserQuota",
      "AccessKeysPerUserQuota",
      "MFADevices",
      "MFADevicesInUse",
      "AccountMFAEnabled",
      "AccountAccessKeysPresent",
      "AccountPasswordPresent",
      "AccountSigningCertificatesPresent",
      "AttachedPoliciesPerGroupQuota",
      "AttachedPoliciesPerRoleQuota",
      "AttachedPoliciesPerUserQuota",
      "Policies",
      "PoliciesQuota",
      "PolicySizeQuota",
      "PolicyVersionsInUse",
      "PolicyVersionsInUseQuota",
      "VersionsPerPolicyQuota",
      "GlobalEndpointTokenVersion",
      "AssumeRolePolicySizeQuota",
      "InstanceProfiles",
      "InstanceProfilesQuota",
      "Providers",
      "RolePolicySizeQuota",
      "Roles",
      "RolesQuota",
  };
  std::map<std::string, int> summary = AccountSummaryMap(Counts());

  ASSERT_THAT(summary, SizeIs(34));
  for (const std::string& key : expected) EXPECT_EQ(summary.count(key), 1u) << key;
}

TEST(AccountSummaryTest, RecordedQuotas) {
  std::map<std::string, int> summary = AccountSummaryMap(Counts());

  EXPECT_EQ(summary.at("UsersQuota"), 5000);
  EXPECT_EQ(summary.at("GroupsQuota"), 300);
  EXPECT_EQ(summary.at("RolesQuota"), 1000);
  EXPECT_EQ(summary.at("PoliciesQuota"), 1500);
  EXPECT_EQ(summary.at("PolicySizeQuota"), 6144);
  EXPECT_EQ(summary.at("ServerCertificatesQuota"), 20);
  EXPECT_EQ(summary.at("GlobalEndpointTokenVersion"), 1);
}

TEST(AccountSummaryTest, CountsPassedIn) {
  std::map<std::string, int> summary = AccountSummaryMap(Counts());
  EXPECT_EQ(summary.at("Users"), 7);
  EXPECT_EQ(summary.at("AccessKeysPerUserQuota"), 2);
  EXPECT_EQ(summary.at("SigningCertificatesPerUserQuota"), 3);
  EXPECT_EQ(summary.at("AccountAccessKeysPresent"), 0);
  EXPECT_EQ(summary.at("AccountSigningCertificatesPresent"), 0);
  EXPECT_EQ(summary.at("AccountMFAEnabled"), 0);
  EXPECT_EQ(summary.at("AccountPasswordPresent"), 0);
  EXPECT_EQ(summary.at("Groups"), 0);
  EXPECT_EQ(summary.at("Roles"), 0);

  AccountSummaryCounts root_with_credentials = Counts();
  root_with_credentials.root_has_access_keys = true;
  root_with_credentials.root_has_signing_certificates = true;
  EXPECT_THAT(AccountSummaryMap(root_with_credentials),
              AllOf(Contains(Pair("AccountAccessKeysPresent", 1)),
                    Contains(Pair("AccountSigningCertificatesPresent", 1))));
}

}  // namespace
}  // namespace fake_iam::internal
