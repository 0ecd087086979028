// The account-wide operations through a FakeIamClient: GenerateCredentialReport and
// GetCredentialReport (states, the snapshot, the 4-hour life, the exact CSV of users, keys and
// certificates) and GetAccountSummary (counts, quotas, the root's flags). The CSV's formatting
// rules alone: tests/credential_report_test.cc.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"
#include "tests/access_key_fixture.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::AccessKeyTest;
using ::fake_iam_test::kRoleArn;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::fake_iam_test::UploadOrDie;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kHeader[] =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
constexpr char kRootRow[] =
    "<root_account>,arn:aws:iam::123456789012:root,2026-01-01T00:00:00+00:00,not_supported,"
    "no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,"
    "N/A,false,N/A,false,N/A";
constexpr char kNothingColumns[] =
    "false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

// A user's row when it holds no keys and no certificates, created at kStartTime.
std::string EmptyUserRow(const std::string& name) {
  return absl::StrCat(name, ",arn:aws:iam::123456789012:user/", name, ",2026-01-01T00:00:00+00:00,",
                      kNothingColumns);
}

class AccountTest : public AccessKeyTest {
 protected:
  absl::StatusOr<GenerateCredentialReportResult> Generate() {
    return root().GenerateCredentialReport(GenerateCredentialReportRequest());
  }
  absl::StatusOr<GetCredentialReportResult> GetReport() {
    return root().GetCredentialReport(GetCredentialReportRequest());
  }
  // The report's lines; fails the test (and returns none) if there is no report.
  std::vector<std::string> ReportLines() {
    auto report = GetReport();
    EXPECT_THAT(report, IsOk());
    if (!report.ok()) return {};
    return absl::StrSplit(report->GetContent(), '\n');
  }
  SummaryMap Summary() {
    auto summary = root().GetAccountSummary(GetAccountSummaryRequest());
    EXPECT_THAT(summary, IsOk());
    return summary.ok() ? summary->GetSummaryMap() : SummaryMap();
  }
};

// ---------------------------------------------------------------------------------------------
// The credential report's life.

TEST_F(AccountTest, NoReportBeforeTheFirstGenerate) {
  // IAM's ReportNotPresent carries no message at all (recorded).
  EXPECT_THAT(GetReport(), IsIamError(IamErrorCode::kReportNotPresent, Eq("")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kReportNotPresent), 410);
  EXPECT_THAT(backend().RecordedCalls(Operation::kGetCredentialReport),
              ElementsAre(HasCallStatus(IsIamError(IamErrorCode::kReportNotPresent))));
}

TEST_F(AccountTest, FirstGenerateStartsThenLaterOnesAreComplete) {
  backend().AdvanceClock(absl::Milliseconds(61'500));
  auto first = Generate();
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->GetState(), ReportStateType::kStarted);
  EXPECT_EQ(first->GetDescription(), "No report exists. Starting a new report generation task");

  // The fake's report is ready at once.
  auto report = GetReport();
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->GetReportFormat(), ReportFormatType::kTextCsv);
  EXPECT_EQ(report->GetGeneratedTime(), kStartTime + absl::Seconds(61));  // whole seconds
  EXPECT_THAT(absl::StrSplit(report->GetContent(), '\n'), ElementsAre(kHeader, kRootRow));

  backend().AdvanceClock(absl::Minutes(5));
  auto second = Generate();
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(*second, HasState(ReportStateType::kComplete));
  EXPECT_FALSE(second->DescriptionHasBeenSet());  // as observed: COMPLETE comes alone
}

TEST_F(AccountTest, ReportIsASnapshotForFourHours) {
  CreateUsers({"bob"});
  ASSERT_THAT(Generate(), IsOk());
  const absl::Time generated = kStartTime;
  CreateUsers({"carol"});
  MustCreateKey("bob");
  EXPECT_THAT(ReportLines(), ElementsAre(kHeader, kRootRow, EmptyUserRow("bob")));

  // Within 4 hours a Generate reuses the report: still no carol.
  backend().AdvanceClock(absl::Hours(4) - absl::Seconds(1));
  EXPECT_THAT(Generate(), IsOkAndHolds(HasState(ReportStateType::kComplete)));
  EXPECT_THAT(ReportLines(), ElementsAre(kHeader, kRootRow, EmptyUserRow("bob")));
  EXPECT_EQ(GetReport()->GetGeneratedTime(), generated);

  // At 4 hours the report has expired, and the next Generate makes a new one.
  backend().AdvanceClock(absl::Seconds(1));
  EXPECT_THAT(GetReport(),
              IsIamError(IamErrorCode::kReportExpired,
                         Eq(std::string(IamErrorDefaultMessage(IamErrorCode::kReportExpired)))));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kReportExpired), 410);
  auto regenerated = Generate();
  ASSERT_THAT(regenerated, IsOk());
  EXPECT_EQ(regenerated->GetState(), ReportStateType::kStarted);
  EXPECT_FALSE(regenerated->DescriptionHasBeenSet());  // a report existed before
  auto report = GetReport();
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->GetGeneratedTime(), generated + absl::Hours(4));
  std::vector<std::string> lines = absl::StrSplit(report->GetContent(), '\n');
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_THAT(lines[2], ::testing::StartsWith("bob,"));
  EXPECT_THAT(lines[2], HasSubstr(",true,2026-01-01T00:00:00+00:00,"));  // bob's key now
  EXPECT_EQ(lines[3], EmptyUserRow("carol"));
}

TEST_F(AccountTest, ReportHoldsEveryUsersKeysAndCertificatesExactly) {
  CreateUsers({"bob", "Alice"});
  backend().AdvanceClock(absl::Seconds(10));
  const std::string inactive = MustCreateKey("bob").GetAccessKeyId();
  backend().AdvanceClock(absl::Seconds(10));
  const std::string used = MustCreateKey("bob").GetAccessKeyId();
  ASSERT_THAT(UpdateKey("bob", inactive, StatusType::kInactive), IsOk());
  backend().AdvanceClock(absl::Milliseconds(10'900));
  backend().RecordAccessKeyUse(used, "iam", "us-east-1");
  backend().AdvanceClock(absl::Seconds(10));
  MustUpload("bob", ValidCertificatePem());
  backend().AdvanceClock(absl::Seconds(1));
  const std::string second_certificate = MustUpload("bob", ValidCertificatePem());
  ASSERT_THAT(Update("bob", second_certificate, StatusType::kInactive), IsOk());
  backend().AdvanceClock(absl::Minutes(1));
  ASSERT_THAT(Generate(), IsOk());

  // The root first, then the users by name without regard to case.
  EXPECT_THAT(ReportLines(),
              ElementsAre(kHeader, kRootRow, EmptyUserRow("Alice"),
                          "bob,arn:aws:iam::123456789012:user/bob,2026-01-01T00:00:00+00:00,"
                          "false,N/A,N/A,N/A,false,"
                          "false,2026-01-01T00:00:10+00:00,N/A,N/A,N/A,"
                          "true,2026-01-01T00:00:20+00:00,2026-01-01T00:00:30+00:00,us-east-1,iam,"
                          "true,2026-01-01T00:00:40+00:00,false,2026-01-01T00:00:41+00:00"));
}

TEST_F(AccountTest, RootRowShowsTheRootsOwnKeysAndCertificates) {
  const AccessKey key = *backend().CreateAccessKey(CallerIdentity::Root());
  backend().AdvanceClock(absl::Seconds(5));
  backend().RecordAccessKeyUse(key.GetAccessKeyId(), "sts", "eu-west-1");
  UploadOrDie(root(), "", ValidCertificatePem());
  ASSERT_THAT(Generate(), IsOk());
  EXPECT_THAT(ReportLines(),
              ElementsAre(kHeader,
                          "<root_account>,arn:aws:iam::123456789012:root,2026-01-01T00:00:00+00:00,"
                          "not_supported,no_information,not_supported,not_supported,false,"
                          "true,2026-01-01T00:00:00+00:00,2026-01-01T00:00:05+00:00,eu-west-1,sts,"
                          "false,N/A,N/A,N/A,N/A,true,2026-01-01T00:00:05+00:00,false,N/A"));
}

TEST_F(AccountTest, ReportOperationsAreRecordedAndFaultable) {
  ASSERT_THAT(
      backend().InjectFault(
          FaultRule::Fail(IamErrorCode::kReportInProgress).On(Operation::kGetCredentialReport)),
      IsOk());
  ASSERT_THAT(Generate(), IsOk());
  // The fake never answers ReportInProgress of itself: injecting it is how a test sees it.
  EXPECT_THAT(GetReport(), IsIamError(IamErrorCode::kReportInProgress));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kReportInProgress), 404);
  EXPECT_THAT(GetReport(), IsOk());
  ASSERT_THAT(
      backend().InjectFault(
          FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kGenerateCredentialReport)),
      IsOk());
  EXPECT_THAT(Generate(), IsIamError(IamErrorCode::kLimitExceeded));

  EXPECT_THAT(
      backend().RecordedCalls(),
      ElementsAre(HasOperation(Operation::kGenerateCredentialReport),
                  AllOf(HasOperation(Operation::kGetCredentialReport), WasInjected()),
                  AllOf(HasOperation(Operation::kGetCredentialReport), Not(WasInjected())),
                  AllOf(HasOperation(Operation::kGenerateCredentialReport), WasInjected())));
}

// ---------------------------------------------------------------------------------------------
// GetAccountSummary.

TEST_F(AccountTest, SummaryCountsUsersAndFollowsTheOptions) {
  FakeIamOptions options = TestOptions();
  options.max_access_keys_per_user = 3;
  options.max_certificates_per_user = 5;
  Init(options);
  SummaryMap summary = Summary();
  EXPECT_THAT(summary, SizeIs(34));
  EXPECT_THAT(summary, Contains(Pair("Users", 0)));
  EXPECT_THAT(summary, Contains(Pair("AccessKeysPerUserQuota", 3)));
  EXPECT_THAT(summary, Contains(Pair("SigningCertificatesPerUserQuota", 5)));
  EXPECT_THAT(summary, Contains(Pair("UsersQuota", 5000)));

  CreateUsers({"a", "b", "c"});
  EXPECT_THAT(Summary(), Contains(Pair("Users", 3)));
  ASSERT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("b")), IsOk());
  EXPECT_THAT(Summary(), Contains(Pair("Users", 2)));
  // Users' keys and certificates are not the account's.
  MustCreateKey("a");
  MustUpload("a", ValidCertificatePem());
  EXPECT_THAT(Summary(), Contains(Pair("AccountAccessKeysPresent", 0)));
  EXPECT_THAT(Summary(), Contains(Pair("AccountSigningCertificatesPresent", 0)));
}

TEST_F(AccountTest, SummaryFlagsTheRootsKeysAndCertificates) {
  EXPECT_THAT(Summary(), Contains(Pair("AccountAccessKeysPresent", 0)));
  auto key = root().CreateAccessKey(CreateAccessKeyRequest());
  ASSERT_THAT(key, IsOk());
  EXPECT_THAT(Summary(), Contains(Pair("AccountAccessKeysPresent", 1)));
  EXPECT_THAT(Summary(), Contains(Pair("AccountSigningCertificatesPresent", 0)));
  const std::string certificate = UploadOrDie(root(), "", ValidCertificatePem());
  EXPECT_THAT(Summary(), Contains(Pair("AccountSigningCertificatesPresent", 1)));

  ASSERT_THAT(root().DeleteAccessKey(
                  DeleteAccessKeyRequest().WithAccessKeyId(key->GetAccessKey().GetAccessKeyId())),
              IsOk());
  ASSERT_THAT(root().DeleteSigningCertificate(
                  DeleteSigningCertificateRequest().WithCertificateId(certificate)),
              IsOk());
  EXPECT_THAT(Summary(), Contains(Pair("AccountAccessKeysPresent", 0)));
  EXPECT_THAT(Summary(), Contains(Pair("AccountSigningCertificatesPresent", 0)));
  // Any caller may ask, and is recorded.
  FakeIamClient role(backend(), CallerIdentity::Role(kRoleArn));
  EXPECT_THAT(role.GetAccountSummary(GetAccountSummaryRequest()), IsOk());
  EXPECT_THAT(backend().RecordedCalls(Operation::kGetAccountSummary).back(),
              HasCaller(CallerIdentity::Role(kRoleArn)));
}

}  // namespace
}  // namespace fake_iam
