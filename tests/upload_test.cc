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
#include "testing/matchers.h"
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
using ::testing::AllOf;
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
      // another user's certificate before the quota (the user's own succeeds: see below)
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

  // Recorded against AWS: another user's certificate is DuplicateCertificate, in these words.
  auto to_alice = Upload("Alice", pem);
  EXPECT_THAT(to_alice, IsIamError(IamErrorCode::kDuplicateCertificate,
                                   "Duplicate certificate uploaded."));
  EXPECT_THAT(to_alice, DoesNotEchoBody(pem));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDuplicateCertificate), 409);
  EXPECT_THAT(
      root().UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
  EXPECT_THAT(backend().Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

// Recorded against AWS: the user's own certificate again succeeds and adds nothing, answering the
// held id and upload date with Status Active, even while the held one is Inactive.
TEST_F(BackendTest, OwnCertificateAgainSucceedsAndAddsNothing) {
  CreateUsers({"Bob"});
  const std::string pem = ValidCertificatePem();
  auto first = Upload("Bob", pem);
  ASSERT_THAT(first, IsOk());
  const SigningCertificate held = first->GetCertificate();
  ASSERT_THAT(Update("Bob", held.GetCertificateId(), StatusType::kInactive), IsOk());
  backend().AdvanceClock(absl::Hours(1));

  auto again = Upload("Bob", pem);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->GetCertificate().GetCertificateId(), held.GetCertificateId());
  EXPECT_EQ(again->GetCertificate().GetUploadDate(), held.GetUploadDate());
  EXPECT_EQ(again->GetCertificate().GetStatus(), StatusType::kActive);
  EXPECT_EQ(again->GetCertificate().GetUserName(), "Bob");
  EXPECT_EQ(again->GetCertificate().GetCertificateBody(), pem);
  // Nothing changed: one certificate, still Inactive.
  EXPECT_THAT(backend().Certificates("Bob"),
              ElementsAre(AllOf(HasCertificateId(held.GetCertificateId()),
                                HasStatus(StatusType::kInactive))));

  // The same DER in other text is the same certificate; the answer echoes the text sent.
  auto crlf = Upload("Bob", ToCrlf(pem));
  ASSERT_THAT(crlf, IsOk());
  EXPECT_EQ(crlf->GetCertificate().GetCertificateId(), held.GetCertificateId());
  EXPECT_EQ(crlf->GetCertificate().GetCertificateBody(), ToCrlf(pem));
  EXPECT_THAT(backend().Certificates("Bob"), ElementsAre(HasCertificateBody(pem)));
}

// It adds nothing, so it succeeds at the quota too (the recording shows it below the quota; at
// the quota is our reading).
TEST_F(BackendTest, OwnCertificateAgainSucceedsAtTheQuota) {
  CreateUsers({"Bob"});
  const std::string a = ValidCertificatePem();
  MustUpload("Bob", a);
  MustUpload("Bob", ValidCertificatePem());
  const std::string before = fake_iam_test::DescribeState(backend());
  EXPECT_THAT(Upload("Bob", a), IsOk());
  EXPECT_EQ(fake_iam_test::DescribeState(backend()), before);
  EXPECT_THAT(Upload("Bob", ValidCertificatePem()), IsIamError(IamErrorCode::kLimitExceeded));
}

TEST_F(BackendTest, RootsOwnCertificateAgainSucceeds) {
  const std::string pem = ValidCertificatePem();
  auto upload = [&] {
    return root().UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem));
  };
  auto first = upload();
  ASSERT_THAT(first, IsOk());
  auto again = upload();
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->GetCertificate().GetCertificateId(), first->GetCertificate().GetCertificateId());
  EXPECT_THAT(backend().RootCertificates(), SizeIs(1));
}

// Recorded against AWS: a certificate's id is the base32 of the SHA-1 of its DER. This one's was
// computed with `openssl x509 -outform der | openssl sha1 -binary | base32`.
constexpr char kFixedCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBMjCB2KADAgECAgIgJjAKBggqhkjOPQQDAjAhMR8wHQYDVQQDDBZmYWtlLWlh
bS1maXhlZC5pbnZhbGlkMCAXDTAwMDEwMTAwMDAwMFoYDzI5OTkxMjMxMDAwMDAw
WjAhMR8wHQYDVQQDDBZmYWtlLWlhbS1maXhlZC5pbnZhbGlkMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEhgWSXHTAlz353UKTAbzcvLDlKlxaQVkhvYDQ77390ug+
tGsuCxmvXNJ8K6hW5AjduTn1sj1JcR2XPP6M+R7lZTAKBggqhkjOPQQDAgNJADBG
AiEA5kT66hmB00zgMB0zXJxaQmBlAecnRrAUHzQeK0zxNgkCIQDoqAN7nZkkr1Ts
kX5pZ//9yuOjaGkxbazq08mi1eTgGQ==
-----END CERTIFICATE-----
)";
constexpr char kFixedCertificateId[] = "VOEVKIF3NRZVFLB2G7C3CME7HI3HQ36Z";

TEST_F(BackendTest, CertificateIdIsTheBase32OfTheSha1OfTheDer) {
  CreateUsers({"Bob", "Alice"});
  EXPECT_EQ(MustUpload("Bob", kFixedCertificate), kFixedCertificateId);
  // Whoever holds it, whatever the seed or the calls before.
  ASSERT_THAT(Delete("Bob", kFixedCertificateId), IsOk());
  MustUpload("Alice", ValidCertificatePem());
  EXPECT_EQ(MustUpload("Alice", ToCrlf(kFixedCertificate)), kFixedCertificateId);
  FakeIamOptions options = TestOptions();
  options.seed = 12345;
  FakeIamBackend other(options);
  auto root_upload = FakeIamClient(other).UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(kFixedCertificate));
  ASSERT_THAT(root_upload, IsOk());
  EXPECT_EQ(root_upload->GetCertificate().GetCertificateId(), kFixedCertificateId);
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
  EXPECT_EQ(again->GetCertificate().GetCertificateId(), first);  // the id is the certificate's
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
