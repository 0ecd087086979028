// UploadSigningCertificate: the order of its checks, duplicates (account-wide, judged on the DER),
// the per-user quota, and the fields of a new certificate.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/backend_fixture.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::BackendTest;
using ::fake_iam_test::DoesNotEchoBody;
using ::fake_iam_test::IdsOf;
using ::fake_iam_test::IsCertificateIdShape;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::fake_iam_test::ToCrlf;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// Upload: the order of checks (input -> user -> parsing -> duplicate -> quota).

struct OrderCase {
  const char* name;
  std::string user;
  std::function<std::string()> body;  // called after set-up
  IamErrorCode expected;
};

// Shared by the cases: Bob is at his quota with A and B; Alice holds C.
struct OrderFixtureCertificates {
  std::string a = ValidCertificatePem();
  std::string b = ValidCertificatePem();
  std::string c = ValidCertificatePem();
};

TEST_F(BackendTest, UploadChecksInSpecOrder) {
  CreateUsers({"Bob", "Alice"});
  const OrderFixtureCertificates certs;
  MustUpload("Bob", certs.a);
  MustUpload("Bob", certs.b);
  MustUpload("Alice", certs.c);
  const std::string before = fake_iam_test::DescribeState(backend());

  const std::vector<OrderCase> cases = {
      // input before user
      {"bad input, unknown user", "Nobody", [] { return std::string(); },
       IamErrorCode::kValidationError},
      {"bad input, full user", "Bob", [] { return std::string("\x01"); },
       IamErrorCode::kValidationError},
      // user before parsing, duplicates and dates
      {"unknown user, malformed", "Nobody", [] { return std::string("not a certificate"); },
       IamErrorCode::kNoSuchEntity},
      {"unknown user, duplicate", "Nobody", [&] { return certs.c; }, IamErrorCode::kNoSuchEntity},
      {"unknown user, expired", "Nobody", [] { return ExpiredCertificatePem(kStartTime); },
       IamErrorCode::kNoSuchEntity},
      {"unknown user, weak key", "Nobody", [] { return WeakRsaCertificatePem(); },
       IamErrorCode::kNoSuchEntity},
      // parsing before duplicate and quota
      {"malformed, full user", "Bob", [] { return PrivateKeyPem(); },
       IamErrorCode::kMalformedCertificate},
      {"expired, full user", "Bob", [] { return ExpiredCertificatePem(kStartTime); },
       IamErrorCode::kMalformedCertificate},
      {"not yet valid, full user", "Bob", [] { return NotYetValidCertificatePem(kStartTime); },
       IamErrorCode::kMalformedCertificate},
      {"bad signature, full user", "Bob", [] { return BadSignatureCertificatePem(); },
       IamErrorCode::kInvalidCertificate},
      {"weak key, full user", "Bob", [] { return WeakRsaCertificatePem(); },
       IamErrorCode::kInvalidCertificate},
      // duplicate before quota
      {"own duplicate, full user", "Bob", [&] { return certs.a; },
       IamErrorCode::kDuplicateCertificate},
      {"other's duplicate, full user", "Bob", [&] { return certs.c; },
       IamErrorCode::kDuplicateCertificate},
      // and the quota last
      {"new certificate, full user", "Bob", [] { return ValidCertificatePem(); },
       IamErrorCode::kLimitExceeded},
  };
  for (const OrderCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.body();
    EXPECT_THAT(Upload(c.user, body), IsIamError(c.expected));
  }
  EXPECT_EQ(fake_iam_test::DescribeState(backend()), before);
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

TEST_F(BackendTest, DuplicatesAreAccountWide) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  const std::string id = MustUpload("Bob", pem);

  auto to_alice = Upload("Alice", pem);
  EXPECT_THAT(to_alice, IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(to_alice, DoesNotEchoBody(pem));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDuplicateCertificate), 409);
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(
      root().UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
  EXPECT_THAT(backend().Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

TEST_F(BackendTest, RootsCertificateIsADuplicateForUsers) {
  CreateUsers({"Bob"});
  const std::string pem = ValidCertificatePem();
  ASSERT_THAT(
      root().UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsOk());
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  EXPECT_THAT(
      bob.UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsIamError(IamErrorCode::kDuplicateCertificate));
}

TEST_F(BackendTest, DuplicateIsJudgedOnTheDerNotTheText) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  MustUpload("Bob", pem);
  EXPECT_THAT(Upload("Alice", ToCrlf(pem)), IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(Upload("Alice", "\n  " + pem + "\n\n"),
              IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(Upload("Alice", absl::StrReplaceAll(pem, {{"\n", " \n"}})),
              IsIamError(IamErrorCode::kDuplicateCertificate));
}

TEST_F(BackendTest, DeletingFreesTheCertificate) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  const std::string first = MustUpload("Bob", pem);
  ASSERT_THAT(Delete("Bob", first), IsOk());
  auto again = Upload("Alice", pem);
  ASSERT_THAT(again, IsOk());
  EXPECT_NE(again->GetCertificate().GetCertificateId(), first);
  EXPECT_EQ(again->GetCertificate().GetUserName(), "Alice");
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
}

// ---------------------------------------------------------------------------------------------
// Quota.

TEST_F(BackendTest, QuotaIsTwoPerUserActiveOrNot) {
  CreateUsers({"Bob", "Alice"});
  const std::string first = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", first, StatusType::kInactive), IsOk());
  MustUpload("Bob", ValidCertificatePem());
  const std::string third = ValidCertificatePem();
  EXPECT_THAT(Upload("Bob", third),
              IsIamError(IamErrorCode::kLimitExceeded,
                         Eq("Cannot exceed quota for CertificatesPerUser: 2")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kLimitExceeded), 409);
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(2));
  // The quota is per user...
  EXPECT_THAT(Upload("Alice", ValidCertificatePem()), IsOk());
  // ...and a deletion frees a place; the refused certificate was not remembered as held.
  ASSERT_THAT(Delete("Bob", first), IsOk());
  EXPECT_THAT(Upload("Bob", third), IsOk());
}

TEST_F(BackendTest, QuotaIsConfigurable) {
  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 3;
  Init(options);
  CreateUsers({"Bob"});
  for (int i = 0; i < 3; ++i) MustUpload("Bob", ValidCertificatePem());
  EXPECT_THAT(Upload("Bob", ValidCertificatePem()),
              IsIamError(IamErrorCode::kLimitExceeded,
                         Eq("Cannot exceed quota for CertificatesPerUser: 3")));

  options.max_certificates_per_user = 1;
  Init(options);
  CreateUsers({"Bob"});
  MustUpload("Bob", ValidCertificatePem());
  EXPECT_THAT(Upload("Bob", ValidCertificatePem()),
              IsIamError(IamErrorCode::kLimitExceeded,
                         Eq("Cannot exceed quota for CertificatesPerUser: 1")));
}

// ---------------------------------------------------------------------------------------------
// New certificates.

TEST_F(BackendTest, NewCertificateFields) {
  CreateUsers({"Bob"});
  const std::string pem = ValidCertificatePem();
  backend().AdvanceClock(absl::Seconds(42));
  auto uploaded = Upload("Bob", pem);
  ASSERT_THAT(uploaded, IsOk());
  const SigningCertificate& cert = uploaded->GetCertificate();
  EXPECT_EQ(cert.GetUserName(), "Bob");
  EXPECT_EQ(cert.GetStatus(), StatusType::kActive);
  EXPECT_EQ(cert.GetUploadDate(), kStartTime + absl::Seconds(42));
  EXPECT_THAT(cert.GetCertificateId(), IsCertificateIdShape());
  EXPECT_EQ(cert.GetCertificateBody(), pem);

  // What the listing and the inspection show is the same certificate.
  for (const auto& listed : {List("Bob")->GetCertificates(), backend().Certificates("Bob")}) {
    ASSERT_THAT(listed, SizeIs(1));
    EXPECT_EQ(listed[0].GetCertificateId(), cert.GetCertificateId());
    EXPECT_EQ(listed[0].GetUserName(), "Bob");
    EXPECT_EQ(listed[0].GetStatus(), StatusType::kActive);
    EXPECT_EQ(listed[0].GetUploadDate(), cert.GetUploadDate());
    EXPECT_EQ(listed[0].GetCertificateBody(), pem);
  }
}

TEST_F(BackendTest, UploadDateIsWholeSeconds) {
  FakeIamOptions options = TestOptions();
  options.start_time = kStartTime + absl::Milliseconds(750);
  Init(options);
  CreateUsers({"Bob", "Alice"});
  auto first = Upload("Bob", ValidCertificatePem());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->GetCertificate().GetUploadDate(), kStartTime);
  backend().AdvanceClock(absl::Milliseconds(1500));  // now 00:00:02.250
  auto second = Upload("Alice", ValidCertificatePem());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->GetCertificate().GetUploadDate(), kStartTime + absl::Seconds(2));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(2250));
}

}  // namespace
}  // namespace fake_iam
