// Tests of CertificateRotator, written the way a project that uses fake_iam tests its own IAM code.
// Each test shows one technique; the comment above it says which.
#include "examples/rotator/certificate_rotator.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"
#include "testing/mock_iam_client.h"

namespace rotator {
namespace {

using ::fake_iam::FakeIamBackend;
using ::fake_iam::FakeIamClient;
using ::fake_iam::FakeIamOptions;
using ::fake_iam::FaultHandle;
using ::fake_iam::FaultRule;
using ::fake_iam::HasCallStatus;
using ::fake_iam::HasCertificateId;
using ::fake_iam::HasOperation;
using ::fake_iam::HasStatus;
using ::fake_iam::IamErrorCode;
using ::fake_iam::IsIamError;
using ::fake_iam::IsOk;
using ::fake_iam::ListSigningCertificatesRequest;
using ::fake_iam::ListSigningCertificatesResult;
using ::fake_iam::MockIamClient;
using ::fake_iam::Operation;
using ::fake_iam::RecordedCall;
using ::fake_iam::SigningCertificate;
using ::fake_iam::StatusType;
using ::fake_iam::UpdateSigningCertificateRequest;
using ::fake_iam::ValidCertificatePem;
using ::fake_iam::WasInjected;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::DoDefault;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kUser[] = "deployer";

// The fake's clock starts at a fixed instant, so nothing depends on the wall clock.
FakeIamOptions FixedClock() {
  FakeIamOptions options;
  options.start_time = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  return options;
}

// Rotator options for kUser that never sleep for real; the waits land in `sleeps` if given.
CertificateRotatorOptions RotatorOptions(std::vector<absl::Duration>* sleeps = nullptr) {
  CertificateRotatorOptions options;
  options.user_name = kUser;
  options.initial_backoff = absl::Milliseconds(100);
  options.max_backoff = absl::Milliseconds(250);
  options.sleep = [sleeps](absl::Duration wait) {
    if (sleeps != nullptr) sleeps->push_back(wait);
  };
  return options;
}

// Set-up: gives kUser a certificate uploaded a day after the previous one, so their ages differ,
// and returns its id. The upload is not recorded; making it Inactive is (a client call).
std::string GiveCertificate(FakeIamBackend& backend, StatusType status) {
  backend.AdvanceClock(absl::Hours(24));
  absl::StatusOr<SigningCertificate> certificate =
      backend.UploadSigningCertificate(kUser, ValidCertificatePem());
  EXPECT_THAT(certificate, IsOk());
  if (!certificate.ok()) return "";
  if (status == StatusType::kInactive) {
    EXPECT_THAT(FakeIamClient(backend).UpdateSigningCertificate(
                    UpdateSigningCertificateRequest()
                        .WithUserName(kUser)
                        .WithCertificateId(certificate->GetCertificateId())
                        .WithStatus(StatusType::kInactive)),
                IsOk());
  }
  return certificate->GetCertificateId();
}

// Technique: state-based test on the fake. Run the code, then look at what IAM holds.
// [START state_test]
TEST(CertificateRotatorTest, NewCertificateIsActiveAndOldOneInactive) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  std::string old_id = GiveCertificate(backend, StatusType::kActive);
  FakeIamClient iam(backend);

  CertificateRotator rotator(iam, RotatorOptions());
  absl::StatusOr<SigningCertificate> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_THAT(backend.Certificates(kUser),
              ElementsAre(AllOf(HasCertificateId(old_id), HasStatus(StatusType::kInactive)),
                          AllOf(HasCertificateId(rotated->GetCertificateId()),
                                HasStatus(StatusType::kActive))));
}
// [END state_test]

// Technique: exact dates. The clock is live by default (real time), so certificates made "now" are
// valid; a test that compares dates freezes it, and moves it only when it says so.
// [START clock]
TEST(CertificateRotatorTest, NewCertificateIsDatedByTheFrozenClock) {
  FakeIamOptions options;
  options.start_time = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  FakeIamBackend backend(options);        // frozen at 2026-01-01T00:00:00Z
  backend.AdvanceClock(absl::Hours(24));  // a frozen clock moves only when told
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  FakeIamClient iam(backend);

  absl::StatusOr<SigningCertificate> rotated =
      CertificateRotator(iam, RotatorOptions()).Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_EQ(rotated->GetUploadDate(), *options.start_time + absl::Hours(24));
}
// [END clock]

// Technique: state-based test at IAM's quota, which the fake enforces like IAM does.
TEST(CertificateRotatorTest, AtQuotaDeletesTheOldestInactiveCertificate) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kActive);  // the oldest, but still in use
  std::string inactive_id = GiveCertificate(backend, StatusType::kInactive);
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.Certificates(kUser), SizeIs(2));  // IAM's quota

  CertificateRotator rotator(iam, RotatorOptions());
  absl::StatusOr<SigningCertificate> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  std::vector<SigningCertificate> held = backend.Certificates(kUser);
  EXPECT_THAT(held, SizeIs(2));
  EXPECT_THAT(held, Not(Contains(HasCertificateId(inactive_id))));
  EXPECT_THAT(held, Contains(AllOf(HasCertificateId(rotated->GetCertificateId()),
                                   HasStatus(StatusType::kActive))));
}

// Technique: state-based test at quota when nothing is Inactive yet.
TEST(CertificateRotatorTest, AtQuotaWithNothingInactiveDeletesTheOldest) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kActive);  // the oldest: it goes
  std::string newer_id = GiveCertificate(backend, StatusType::kActive);
  FakeIamClient iam(backend);

  CertificateRotator rotator(iam, RotatorOptions());
  absl::StatusOr<SigningCertificate> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_THAT(backend.Certificates(kUser),
              ElementsAre(AllOf(HasCertificateId(newer_id), HasStatus(StatusType::kInactive)),
                          HasCertificateId(rotated->GetCertificateId())));
}

// Technique: an injected LimitExceeded stands in for another uploader winning the race between
// the rotator's listing and its upload.
// [START limit_exceeded]
TEST(CertificateRotatorTest, LimitExceededOnUploadMakesRoomAndRetriesOnce) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kInactive);
  FakeIamClient iam(backend);
  absl::StatusOr<FaultHandle> race = backend.InjectFault(
      FaultRule::Fail(IamErrorCode::kLimitExceeded).On(Operation::kUploadSigningCertificate));
  ASSERT_THAT(race, IsOk());

  CertificateRotator rotator(iam, RotatorOptions());
  absl::StatusOr<SigningCertificate> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_EQ(race->fired(), 1);
  EXPECT_THAT(backend.Certificates(kUser),
              ElementsAre(HasCertificateId(rotated->GetCertificateId())));
}
// [END limit_exceeded]

// Technique: injected faults; the rotator makes room only once, then reports the error.
TEST(CertificateRotatorTest, LimitExceededTwiceIsReturned) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kInactive);
  GiveCertificate(backend, StatusType::kInactive);
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.InjectFault(FaultRule::Fail(IamErrorCode::kLimitExceeded)
                                      .On(Operation::kUploadSigningCertificate)
                                      .Times(2)),
              IsOk());

  CertificateRotator rotator(iam, RotatorOptions());
  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsIamError(IamErrorCode::kLimitExceeded));
  EXPECT_THAT(backend.RecordedCalls(Operation::kUploadSigningCertificate), SizeIs(2));
}

// Technique: retries driven by injected faults, with the sleep function recording the backoff.
// [START fault_retry]
TEST(CertificateRotatorTest, RetriesServiceFailureWithBackoff) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure)
                                      .On(Operation::kUploadSigningCertificate)
                                      .Times(2)),
              IsOk());
  std::vector<absl::Duration> sleeps;

  CertificateRotator rotator(iam, RotatorOptions(&sleeps));

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsOk());
  EXPECT_THAT(sleeps, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200)));
}
// [END fault_retry]

// Technique: a fault that never retires shows the retries are bounded, and the backoff capped.
TEST(CertificateRotatorTest, GivesUpWhenThrottledOnEveryAttempt) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  FakeIamClient iam(backend);
  ASSERT_THAT(backend.InjectFault(FaultRule::Fail(IamErrorCode::kThrottling)
                                      .On(Operation::kListSigningCertificates)
                                      .Always()),
              IsOk());
  std::vector<absl::Duration> sleeps;

  CertificateRotator rotator(iam, RotatorOptions(&sleeps));  // 4 attempts, 100ms..250ms

  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsIamError(IamErrorCode::kThrottling));
  EXPECT_THAT(backend.RecordedCalls(Operation::kListSigningCertificates), SizeIs(4));
  EXPECT_THAT(sleeps, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200),
                                  absl::Milliseconds(250)));
  EXPECT_THAT(backend.Certificates(kUser), IsEmpty());
}

// Technique: the fake's own validation produces a real, non-retryable error; no fault needed.
TEST(CertificateRotatorTest, DoesNotRetryAMalformedCertificate) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  FakeIamClient iam(backend);
  std::vector<absl::Duration> sleeps;

  CertificateRotator rotator(iam, RotatorOptions(&sleeps));

  EXPECT_THAT(rotator.Rotate("not a certificate"), IsIamError(IamErrorCode::kMalformedCertificate));
  EXPECT_THAT(backend.RecordedCalls(Operation::kUploadSigningCertificate), SizeIs(1));
  EXPECT_THAT(sleeps, IsEmpty());
}

// Technique: interaction test. A MockIamClient delegates to the fake, so only the call under test
// needs an expectation; every other call gets the fake's real answer.
// [START mock_delegate]
TEST(CertificateRotatorTest, DeactivatesThePreviousCertificateExactlyOnce) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  std::string old_id = GiveCertificate(backend, StatusType::kActive);
  NiceMock<MockIamClient> iam;  // calls without an expectation are fine: the fake answers them
  iam.DelegateToFake(backend);

  EXPECT_CALL(iam, UpdateSigningCertificate(
                       AllOf(HasCertificateId(old_id), HasStatus(StatusType::kInactive))))
      .Times(1);

  CertificateRotator rotator(iam, RotatorOptions());
  EXPECT_THAT(rotator.Rotate(ValidCertificatePem()), IsOk());
}
// [END mock_delegate]

// Technique: a mock action that changes the fake's state mid-run, to stage a real race: another
// deployer uploads right after the rotator lists, and the fake itself answers LimitExceeded.
TEST(CertificateRotatorTest, HandlesARealRaceWithAnotherUploader) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kInactive);
  NiceMock<MockIamClient> iam;
  iam.DelegateToFake(backend);
  FakeIamClient fake(backend);
  std::string racer_id;
  EXPECT_CALL(iam, ListSigningCertificates(_))
      .WillOnce([&](const ListSigningCertificatesRequest& request) {
        absl::StatusOr<ListSigningCertificatesResult> listed =
            fake.ListSigningCertificates(request);
        racer_id = GiveCertificate(backend, StatusType::kActive);
        return listed;
      })
      .WillRepeatedly(DoDefault());

  CertificateRotator rotator(iam, RotatorOptions());
  absl::StatusOr<SigningCertificate> rotated = rotator.Rotate(ValidCertificatePem());

  ASSERT_THAT(rotated, IsOk());
  EXPECT_THAT(
      backend.RecordedCalls(Operation::kUploadSigningCertificate),
      ElementsAre(HasCallStatus(IsIamError(IamErrorCode::kLimitExceeded)), HasCallStatus(IsOk())));
  EXPECT_THAT(backend.Certificates(kUser),
              ElementsAre(AllOf(HasCertificateId(racer_id), HasStatus(StatusType::kInactive)),
                          AllOf(HasCertificateId(rotated->GetCertificateId()),
                                HasStatus(StatusType::kActive))));
}

// Technique: assertions on the recorded calls: the exact sequence of operations the rotator made,
// and which answers came from an injected fault.
// [START recorded_calls]
TEST(CertificateRotatorTest, RecordsEveryCallIncludingTheRetriedOne) {
  FakeIamBackend backend(FixedClock());
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  GiveCertificate(backend, StatusType::kActive);
  FakeIamClient iam(backend);
  ASSERT_THAT(
      backend.InjectFault(
          FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kUpdateSigningCertificate)),
      IsOk());

  CertificateRotator rotator(iam, RotatorOptions());
  ASSERT_THAT(rotator.Rotate(ValidCertificatePem()), IsOk());

  EXPECT_THAT(
      backend.RecordedCalls(),
      ElementsAre(AllOf(HasOperation(Operation::kListSigningCertificates), Not(WasInjected())),
                  AllOf(HasOperation(Operation::kUploadSigningCertificate), Not(WasInjected())),
                  AllOf(HasOperation(Operation::kUpdateSigningCertificate), WasInjected()),
                  AllOf(HasOperation(Operation::kUpdateSigningCertificate), Not(WasInjected()))));
}
// [END recorded_calls]

// The markers a full listing of kUser hands out, one page per certificate, as the requests that
// page through it carry them: none on the first request, then each page's marker.
std::vector<std::string> MarkersOfFullListing(FakeIamBackend& backend) {
  std::vector<std::string> markers = {""};
  FakeIamClient reader(backend);
  auto request = ListSigningCertificatesRequest().WithUserName(kUser);
  while (true) {
    absl::StatusOr<ListSigningCertificatesResult> page = reader.ListSigningCertificates(request);
    if (!page.ok() || !page->GetIsTruncated()) break;
    markers.push_back(page->GetMarker());
    request.SetMarker(page->GetMarker());
  }
  return markers;
}

// Technique: options that force pagination (one certificate per page) prove the code follows
// IsTruncated and Marker instead of reading only the first page.
// [START pagination]
TEST(CertificateRotatorTest, FindsCertificatesOnEveryPage) {
  FakeIamOptions options = FixedClock();
  options.max_page_size = 1;
  options.max_certificates_per_user = 5;
  FakeIamBackend backend(options);
  ASSERT_THAT(backend.CreateUser(kUser), IsOk());
  for (int i = 0; i < 3; ++i) GiveCertificate(backend, StatusType::kActive);
  std::vector<std::string> expected_markers = MarkersOfFullListing(backend);
  ASSERT_THAT(expected_markers, SizeIs(3));  // one page per certificate
  backend.ClearRecordedCalls();              // from here on, only the rotator's calls
  FakeIamClient iam(backend);
  CertificateRotatorOptions rotator_options = RotatorOptions();
  rotator_options.certificate_quota = 5;

  CertificateRotator rotator(iam, rotator_options);
  ASSERT_THAT(rotator.Rotate(ValidCertificatePem()), IsOk());

  std::vector<std::string> sent_markers;
  for (const RecordedCall& call : backend.RecordedCalls(Operation::kListSigningCertificates)) {
    sent_markers.push_back(call.Request<ListSigningCertificatesRequest>()->GetMarker());
  }
  // Every request after the first carried the marker of the page before it.
  EXPECT_THAT(sent_markers, ElementsAreArray(expected_markers));
  EXPECT_THAT(backend.RecordedCalls(Operation::kUpdateSigningCertificate), SizeIs(3));
}
// [END pagination]

}  // namespace
}  // namespace rotator
