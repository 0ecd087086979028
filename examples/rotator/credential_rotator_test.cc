// Tests of CredentialRotator: rotating a user's certificate and access key the way AWS documents
// it, and confirming the result in IAM's credential report. The fake keeps IAM's rules (the key
// quota, the report's 4-hour reuse); faults stand in for what the fake does not do by itself (a
// report still in progress, a failing CreateAccessKey).
#include "examples/rotator/credential_rotator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
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
#include "testing/mock_iam_client.h"

namespace rotator {
namespace {

using ::fake_iam::AccessKey;
using ::fake_iam::CallerIdentity;
using ::fake_iam::FakeIamBackend;
using ::fake_iam::FakeIamClient;
using ::fake_iam::FakeIamOptions;
using ::fake_iam::FaultRule;
using ::fake_iam::HasAccessKeyId;
using ::fake_iam::HasCallStatus;
using ::fake_iam::HasCertificateId;
using ::fake_iam::HasOperation;
using ::fake_iam::HasStatus;
using ::fake_iam::IamErrorCode;
using ::fake_iam::IsIamError;
using ::fake_iam::IsOk;
using ::fake_iam::MockIamClient;
using ::fake_iam::Operation;
using ::fake_iam::StatusIs;
using ::fake_iam::StatusType;
using ::fake_iam::ValidCertificatePem;
using ::fake_iam::WasInjected;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kUser[] = "deployer";

FakeIamOptions FixedClock() {
  FakeIamOptions options;
  options.start_time = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  return options;
}

// Options for kUser that never sleep for real; the waits land in `sleeps` if given.
CredentialRotatorOptions RotatorOptions(std::vector<absl::Duration>* sleeps = nullptr) {
  CredentialRotatorOptions options;
  options.user_name = kUser;
  options.retry.initial_backoff = absl::Milliseconds(100);
  options.retry.max_backoff = absl::Milliseconds(100);
  options.retry.sleep = [sleeps](absl::Duration wait) {
    if (sleeps != nullptr) sleeps->push_back(wait);
  };
  options.report_attempts = 3;
  options.report_wait = absl::Seconds(5);
  return options;
}

// Set-up: kUser's credentials, each a day older than the next, so their dates differ.
std::string GiveCertificate(FakeIamBackend& backend) {
  backend.AdvanceClock(absl::Hours(24));
  absl::StatusOr<fake_iam::SigningCertificate> certificate =
      backend.UploadSigningCertificate(kUser, ValidCertificatePem());
  EXPECT_THAT(certificate, IsOk());
  return certificate.ok() ? certificate->GetCertificateId() : "";
}
std::string GiveAccessKey(FakeIamBackend& backend, StatusType status) {
  backend.AdvanceClock(absl::Hours(24));
  absl::StatusOr<AccessKey> key = backend.CreateAccessKey(CallerIdentity::User(kUser));
  EXPECT_THAT(key, IsOk());
  if (!key.ok()) return "";
  if (status == StatusType::kInactive) {
    EXPECT_THAT(FakeIamClient(backend).UpdateAccessKey(fake_iam::UpdateAccessKeyRequest()
                                                           .WithUserName(kUser)
                                                           .WithAccessKeyId(key->GetAccessKeyId())
                                                           .WithStatus(StatusType::kInactive)),
                IsOk());
  }
  return key->GetAccessKeyId();
}

// A user with one Active certificate and one Active key, made before the test's "now".
struct Deployer {
  std::string certificate_id;
  std::string access_key_id;
};
Deployer GiveDeployer(FakeIamBackend& backend) {
  EXPECT_THAT(backend.CreateUser(kUser), IsOk());
  Deployer deployer;
  deployer.certificate_id = GiveCertificate(backend);
  deployer.access_key_id = GiveAccessKey(backend, StatusType::kActive);
  backend.AdvanceClock(absl::Hours(24));
  return deployer;
}

// The whole routine on the fake: IAM afterwards holds only the new credentials, and the report
// read back says so in the columns a human auditor would look at.
TEST(CredentialRotatorTest, ReplacesCertificateAndKeyAndTheReportConfirmsIt) {
  FakeIamBackend backend(FixedClock());
  Deployer old = GiveDeployer(backend);
  FakeIamClient iam(backend);
  CredentialRotator rotator(iam, RotatorOptions());

  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());
  ASSERT_THAT(rotated, IsOk());
  absl::StatusOr<CredentialReportRow> row = rotator.Confirm(*rotated);

  ASSERT_THAT(row, IsOk());
  EXPECT_THAT(backend.Certificates(kUser),
              ElementsAre(AllOf(HasCertificateId(rotated->certificate.GetCertificateId()),
                                HasStatus(StatusType::kActive))));
  EXPECT_THAT(backend.AccessKeys(kUser),
              ElementsAre(AllOf(HasAccessKeyId(rotated->access_key.GetAccessKeyId()),
                                HasStatus(StatusType::kActive))));
  EXPECT_NE(rotated->certificate.GetCertificateId(), old.certificate_id);
  EXPECT_NE(rotated->access_key.GetAccessKeyId(), old.access_key_id);
  EXPECT_THAT(rotated->access_key.GetSecretAccessKey(), SizeIs(40));
  EXPECT_THAT(*row,
              IsSupersetOf({Pair("user", kUser), Pair("cert_1_active", "true"),
                            Pair("cert_1_last_rotated", "2026-01-04T00:00:00+00:00"),
                            Pair("cert_2_active", "false"), Pair("access_key_1_active", "true"),
                            Pair("access_key_1_last_rotated", "2026-01-04T00:00:00+00:00"),
                            Pair("access_key_2_active", "false")}));
}

// Real IAM builds a report in the background and answers ReportInProgress meanwhile; the fake's is
// ready at once, so one injected ReportInProgress proves the rotator asks again.
// [START report_in_progress]
TEST(CredentialRotatorTest, AsksAgainWhileTheReportIsInProgress) {
  FakeIamBackend backend(FixedClock());
  GiveDeployer(backend);
  FakeIamClient iam(backend);
  ASSERT_THAT(
      backend.InjectFault(
          FaultRule::Fail(IamErrorCode::kReportInProgress).On(Operation::kGetCredentialReport)),
      IsOk());
  std::vector<absl::Duration> sleeps;
  CredentialRotator rotator(iam, RotatorOptions(&sleeps));
  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());
  ASSERT_THAT(rotated, IsOk());

  EXPECT_THAT(rotator.Confirm(*rotated), IsOk());
  EXPECT_THAT(
      backend.RecordedCalls(Operation::kGetCredentialReport),
      ElementsAre(AllOf(WasInjected(), HasCallStatus(IsIamError(IamErrorCode::kReportInProgress))),
                  HasCallStatus(IsOk())));
  EXPECT_THAT(sleeps, ElementsAre(absl::Seconds(5)));
}
// [END report_in_progress]

TEST(CredentialRotatorTest, GivesUpOnAReportThatStaysInProgress) {
  FakeIamBackend backend(FixedClock());
  GiveDeployer(backend);
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.InjectFault(FaultRule::Fail(IamErrorCode::kReportInProgress)
                                      .On(Operation::kGetCredentialReport)
                                      .Always()),
              IsOk());
  CredentialRotator rotator(iam, RotatorOptions());  // 3 report attempts
  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());
  ASSERT_THAT(rotated, IsOk());

  EXPECT_THAT(rotator.Confirm(*rotated), IsIamError(IamErrorCode::kReportInProgress));
  EXPECT_THAT(backend.RecordedCalls(Operation::kGetCredentialReport), SizeIs(3));
}

// IAM hands out the report of the last 4 hours instead of making a new one, as the fake does: a
// report made before the rotation cannot confirm it, and is not mistaken for a confirmation.
// [START report_reuse]
TEST(CredentialRotatorTest, AReportOlderThanTheRotationConfirmsNothingUntilIamMakesANewOne) {
  FakeIamBackend backend(FixedClock());
  GiveDeployer(backend);
  FakeIamClient iam(backend);
  ASSERT_THAT(iam.GenerateCredentialReport(fake_iam::GenerateCredentialReportRequest()), IsOk());
  backend.AdvanceClock(absl::Hours(1));
  CredentialRotator rotator(iam, RotatorOptions());
  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());
  ASSERT_THAT(rotated, IsOk());

  EXPECT_THAT(rotator.Confirm(*rotated),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("predates the rotation")));
  backend.AdvanceClock(absl::Hours(3));
  EXPECT_THAT(rotator.Confirm(*rotated), IsOk());
}
// [END report_reuse]

// The check reads the report rather than trusting the rotation: a key made after it shows up.
TEST(CredentialRotatorTest, AKeyMadeAfterTheRotationFailsTheConfirmation) {
  FakeIamBackend backend(FixedClock());
  GiveDeployer(backend);
  FakeIamClient iam(backend);
  CredentialRotator rotator(iam, RotatorOptions());
  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());
  ASSERT_THAT(rotated, IsOk());
  ASSERT_THAT(backend.CreateAccessKey(CallerIdentity::User(kUser)), IsOk());

  EXPECT_THAT(rotator.Confirm(*rotated),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("shows 2 Active access key(s) for deployer")));
}

// IAM's AccessKeysPerUser quota is 2: a user holding two keys loses the Inactive one first.
TEST(CredentialRotatorTest, AtTheKeyQuotaDeletesTheInactiveKeyBeforeCreating) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  std::string inactive_id = GiveAccessKey(backend, StatusType::kInactive);
  GiveAccessKey(backend, StatusType::kActive);
  backend.ClearRecordedCalls();
  FakeIamClient iam(backend);
  CredentialRotator rotator(iam, RotatorOptions());

  absl::StatusOr<RotatedCredentials> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_THAT(backend.AccessKeys(kUser),
              ElementsAre(HasAccessKeyId(rotated->access_key.GetAccessKeyId())));
  std::vector<fake_iam::RecordedCall> key_calls;
  for (const fake_iam::RecordedCall& call : backend.RecordedCalls()) {
    if (call.operation == Operation::kDeleteAccessKey ||
        call.operation == Operation::kCreateAccessKey) {
      key_calls.push_back(call);
    }
  }
  ASSERT_THAT(key_calls, SizeIs(3));
  EXPECT_EQ(key_calls[0].Request<fake_iam::DeleteAccessKeyRequest>()->GetAccessKeyId(),
            inactive_id);
  EXPECT_THAT(key_calls[1], HasOperation(Operation::kCreateAccessKey));
}

TEST(CredentialRotatorTest, TwoActiveKeysStopTheRotationBeforeAnythingChanges) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend);
  GiveAccessKey(backend, StatusType::kActive);
  GiveAccessKey(backend, StatusType::kActive);
  backend.ClearRecordedCalls();
  FakeIamClient iam(backend);
  CredentialRotator rotator(iam, RotatorOptions());

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("2 Active access keys")));
  EXPECT_THAT(backend.RecordedCalls(), ElementsAre(HasOperation(Operation::kListAccessKeys)));
  EXPECT_THAT(backend.AccessKeys(kUser),
              ElementsAre(HasStatus(StatusType::kActive), HasStatus(StatusType::kActive)));
}

// A CreateAccessKey that fails leaves the user with the key that works, and says why.
// [START create_access_key_fails]
TEST(CredentialRotatorTest, LimitExceededOnCreateKeepsTheOldKeyActive) {
  FakeIamBackend backend(FixedClock());
  Deployer old = GiveDeployer(backend);
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.InjectFault(
                  FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kCreateAccessKey)),
              IsOk());
  CredentialRotator rotator(iam, RotatorOptions());

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsIamError(IamErrorCode::kLimitExceeded));
  EXPECT_THAT(backend.AccessKeys(kUser), ElementsAre(AllOf(HasAccessKeyId(old.access_key_id),
                                                           HasStatus(StatusType::kActive))));
  EXPECT_THAT(backend.RecordedCalls(Operation::kUpdateAccessKey), IsEmpty());
}
// [END create_access_key_fails]

TEST(CredentialRotatorTest, ServiceFailureOnEveryCreateIsRetriedThenReported) {
  FakeIamBackend backend(FixedClock());
  Deployer old = GiveDeployer(backend);
  FakeIamClient iam(backend);
  ASSERT_THAT(
      backend.InjectFault(
          FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kCreateAccessKey).Always()),
      IsOk());
  CredentialRotator rotator(iam, RotatorOptions());  // 4 attempts

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(backend.RecordedCalls(Operation::kCreateAccessKey), SizeIs(4));
  EXPECT_THAT(backend.AccessKeys(kUser), ElementsAre(AllOf(HasAccessKeyId(old.access_key_id),
                                                           HasStatus(StatusType::kActive))));
}

// The secret exists only in CreateAccessKey's answer: if it cannot be installed, the new key is
// deleted and the old one keeps working.
TEST(CredentialRotatorTest, AKeyThatCannotBeInstalledIsDeletedAndTheOldOneKept) {
  FakeIamBackend backend(FixedClock());
  Deployer old = GiveDeployer(backend);
  FakeIamClient iam(backend);
  CredentialRotatorOptions options = RotatorOptions();
  std::string offered_id;
  options.install_access_key = [&](const AccessKey& key) {
    offered_id = key.GetAccessKeyId();
    return absl::UnavailableError("the secret store is down");
  };
  CredentialRotator rotator(iam, options);

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()),
              StatusIs(absl::StatusCode::kUnavailable, "the secret store is down"));
  EXPECT_THAT(offered_id, Not(IsEmpty()));
  EXPECT_THAT(backend.AccessKeys(kUser), ElementsAre(AllOf(HasAccessKeyId(old.access_key_id),
                                                           HasStatus(StatusType::kActive))));
}

// Interaction: the old key is switched off before it is deleted (AWS's procedure: an Inactive key
// can still be switched back on if something turns out to use it).
TEST(CredentialRotatorTest, DeactivatesTheOldKeyThenDeletesIt) {
  FakeIamBackend backend(FixedClock());
  Deployer old = GiveDeployer(backend);
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);
  {
    InSequence in_order;
    EXPECT_CALL(iam, CreateAccessKey(_));
    EXPECT_CALL(iam, UpdateAccessKey(AllOf(HasAccessKeyId(old.access_key_id),
                                           HasStatus(StatusType::kInactive))));
    EXPECT_CALL(iam, DeleteAccessKey(HasAccessKeyId(old.access_key_id)));
  }
  EXPECT_CALL(iam, DeleteAccessKey(Not(HasAccessKeyId(old.access_key_id)))).Times(0);

  CredentialRotator rotator(iam, RotatorOptions());
  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsOk());
}

}  // namespace
}  // namespace rotator
