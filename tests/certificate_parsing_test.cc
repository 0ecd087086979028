// Certificate bodies: what parses (layouts, key types, issuers), what is malformed or invalid and
// the messages that say so, validity dates against the backend's clock, and that clock itself:
// frozen with a start time, live by default (LiveClockTest).
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
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
using ::fake_iam_test::IsMalformedBecause;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::fake_iam_test::ToCrlf;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using ::testing::SizeIs;

// Certificates with RSA keys are slow to make the first time; make each kind once.
const std::string& Rsa1024Pem() {
  static const std::string* pem = new std::string(ValidCertificatePem(TestKeyType::kRsa1024));
  return *pem;
}
const std::string& Rsa2048Pem() {
  static const std::string* pem = new std::string(ValidCertificatePem(TestKeyType::kRsa2048));
  return *pem;
}

std::string CertificateValidUntil(absl::Time not_after) {
  TestCertificateOptions options;
  options.not_before = not_after - absl::Hours(24 * 30);
  options.not_after = not_after;
  return MakeTestCertificate(options);
}
std::string CertificateValidFrom(absl::Time not_before) {
  TestCertificateOptions options;
  options.not_before = not_before;
  options.not_after = not_before + absl::Hours(24 * 30);
  return MakeTestCertificate(options);
}

// ---------------------------------------------------------------------------------------------
// Certificate parsing.

std::string StripPemArmor(const std::string& pem) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(pem, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "-----")) continue;
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

struct BodyCase {
  const char* name;
  std::function<std::string()> make;
};

class ParsingTest : public BackendTest {
 protected:
  void SetUp() override {
    FakeIamOptions options = TestOptions();
    options.max_certificates_per_user = 100;
    Init(options);
    CreateUsers({"Bob"});
  }
};

TEST_F(ParsingTest, MalformedBodies) {
  const std::vector<BodyCase> cases = {
      {"private key", [] { return PrivateKeyPem(); }},
      {"certificate request", [] { return CertificateRequestPem(); }},
      {"bare base64 of the DER, one line",
       [] { return absl::Base64Escape(PemToDer(ValidCertificatePem())); }},
      {"bare base64 of the DER, PEM lines", [] { return StripPemArmor(ValidCertificatePem()); }},
      {"two certificates", [] { return ValidCertificatePem() + ValidCertificatePem(); }},
      {"the same certificate twice",
       [] {
         const std::string pem = ValidCertificatePem();
         return pem + pem;
       }},
      {"certificate and its private key", [] { return ValidCertificatePem() + PrivateKeyPem(); }},
      {"text after the block", [] { return ValidCertificatePem() + "trailing words\n"; }},
      {"text before the block", [] { return "leading words\n" + ValidCertificatePem(); }},
      {"empty block",
       [] { return std::string("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"); }},
      {"garbage in the block",
       [] {
         return std::string(
             "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
       }},
      {"a key's DER labelled CERTIFICATE",
       [] {
         return absl::StrReplaceAll(PrivateKeyPem(), {{"PRIVATE KEY", "CERTIFICATE"}});
       }},
      {"no END line",
       [] {
         const std::string pem = ValidCertificatePem();
         return pem.substr(0, pem.find("-----END"));
       }},
      {"truncated base64",
       [] {
         const std::string pem = ValidCertificatePem();
         const size_t end = pem.find("-----END");
         return pem.substr(0, end / 2) + "\n" + pem.substr(end);
       }},
      {"plain text", [] { return std::string("hello"); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.make();
    auto result = Upload("Bob", body);
    // AWS's words (recorded): the body echoed, cut to 64 characters and "..." when longer.
    const std::string echoed = body.size() <= 64 ? body : body.substr(0, 64) + "...";
    EXPECT_THAT(result, IsIamError(IamErrorCode::kMalformedCertificate,
                                   Eq(absl::StrCat("Certificate ", echoed, " is malformed."))));
    // The fake's own reason rides beside them.
    EXPECT_THAT(IamErrorDiagnosis(result.status()), Optional(Not(IsEmpty())));
  }
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kMalformedCertificate), 400);
}

TEST_F(ParsingTest, MalformedMessageIsAwsRecordedOne) {
  EXPECT_THAT(Upload("Bob", "invalid-certificate-body"),
              IsIamError(IamErrorCode::kMalformedCertificate,
                         Eq("Certificate invalid-certificate-body is malformed.")));
}

TEST_F(ParsingTest, DiagnosisSaysWhyTheBodyIsMalformed) {
  const struct {
    std::string body;
    const char* diagnosis;
  } cases[] = {
      {"hello", "no PEM block"},
      {ValidCertificatePem() + ValidCertificatePem(), "exactly one PEM block"},
      {PrivateKeyPem(), "found PRIVATE KEY"},
      {ValidCertificatePem() + "trailing words\n", "Unexpected text after"},
  };
  for (const auto& c : cases) {
    auto result = Upload("Bob", c.body);
    EXPECT_THAT(IamErrorDiagnosis(result.status()), Optional(HasSubstr(c.diagnosis)));
  }
  // The recorded call keeps the diagnosis; so does what a failing matcher prints.
  const RecordedCall& last = backend().RecordedCalls().back();
  EXPECT_THAT(IamErrorDiagnosis(last.status), Optional(HasSubstr("Unexpected text after")));
  EXPECT_THAT(::testing::PrintToString(last.status), HasSubstr("Unexpected text after"));
}

TEST_F(ParsingTest, LongBodiesAreCutOnACharacterBoundary) {
  // 63 ASCII characters, then "\xC3\xA9" (one character, two bytes in UTF-8) as the 64th.
  const std::string body = std::string(63, 'x') + "\xC3\xA9" + "tail";
  EXPECT_THAT(Upload("Bob", body), IsIamError(IamErrorCode::kMalformedCertificate,
                                              Eq(absl::StrCat("Certificate ", std::string(63, 'x'),
                                                              "\xC3\xA9", "... is malformed."))));
}

TEST_F(ParsingTest, AcceptedLayouts) {
  const std::vector<BodyCase> cases = {
      {"as generated", [] { return ValidCertificatePem(); }},
      {"CRLF line endings", [] { return ToCrlf(ValidCertificatePem()); }},
      {"white space and blank lines around",
       [] { return "\n\n  \t\n" + ValidCertificatePem() + "\n \n\t\n\n"; }},
      {"CRLF and blank lines around",
       [] { return "\r\n\r\n" + ToCrlf(ValidCertificatePem()) + "\r\n  \r\n"; }},
      {"no final newline",
       [] {
         std::string pem = ValidCertificatePem();
         while (!pem.empty() && (pem.back() == '\n' || pem.back() == '\r')) pem.pop_back();
         return pem;
       }},
      {"trailing spaces on every line",
       [] {
         return absl::StrReplaceAll(ValidCertificatePem(), {{"\n", "  \n"}});
       }},
      {"a space inside a base64 line",
       [] {
         std::string pem = ValidCertificatePem();
         const size_t second_line = pem.find('\n') + 1;
         pem.insert(second_line + 10, " ");
         return pem;
       }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = Upload("Bob", c.make());
    EXPECT_THAT(result, IsOk());
  }
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(cases.size()));
}

TEST_F(ParsingTest, KeyTypesAndIssuers) {
  TestCertificateOptions ca_signed;
  ca_signed.signed_by_test_ca = true;
  TestCertificateOptions ca_signed_rsa = ca_signed;
  ca_signed_rsa.key_type = TestKeyType::kRsa2048;
  // Not self-signed, so its own key is not expected to verify the signature: nothing to check.
  TestCertificateOptions ca_signed_corrupt = ca_signed;
  ca_signed_corrupt.corrupt_signature = true;
  const std::vector<BodyCase> cases = {
      {"EC P-256", [] { return ValidCertificatePem(TestKeyType::kEcP256); }},
      {"RSA 1024", [] { return Rsa1024Pem(); }},
      {"RSA 2048", [] { return Rsa2048Pem(); }},
      {"signed by a CA", [&] { return MakeTestCertificate(ca_signed); }},
      {"RSA 2048 signed by a CA", [&] { return MakeTestCertificate(ca_signed_rsa); }},
      {"signed by a CA, signature corrupted",
       [&] { return MakeTestCertificate(ca_signed_corrupt); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(Upload("Bob", c.make()), IsOk());
  }
}

TEST_F(ParsingTest, InvalidCertificates) {
  TestCertificateOptions rsa_corrupt;
  rsa_corrupt.key_type = TestKeyType::kRsa2048;
  rsa_corrupt.corrupt_signature = true;
  const std::vector<BodyCase> cases = {
      {"self-signed, signature corrupted", [] { return BadSignatureCertificatePem(); }},
      {"RSA 2048 self-signed, signature corrupted",
       [&] { return MakeTestCertificate(rsa_corrupt); }},
      {"RSA 512", [] { return WeakRsaCertificatePem(); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.make();
    auto result = Upload("Bob", body);
    EXPECT_THAT(result, IsIamError(IamErrorCode::kInvalidCertificate, Not(IsEmpty())));
    EXPECT_THAT(result, DoesNotEchoBody(body));
  }
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kInvalidCertificate), 400);
}

// ---------------------------------------------------------------------------------------------
// Validity dates against the manual clock.

TEST_F(ParsingTest, ExpiredIsMalformed) {
  // Recorded against AWS: the malformed answer, the body quoted.
  const std::string body = ExpiredCertificatePem(kStartTime);
  auto result = Upload("Bob", body);
  EXPECT_THAT(result, IsMalformedBecause(body, "The certificate has expired."));
  EXPECT_THAT(result, DoesNotEchoBody(body));
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(ParsingTest, NotYetValidIsMalformed) {
  const std::string body = NotYetValidCertificatePem(kStartTime);
  auto result = Upload("Bob", body);
  EXPECT_THAT(result, IsMalformedBecause(body, "The certificate is not yet valid."));
  EXPECT_THAT(result, DoesNotEchoBody(body));
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(ParsingTest, DatesNotCheckedWhenTurnedOff) {
  FakeIamOptions options = TestOptions();
  options.check_certificate_dates = false;
  Init(options);
  CreateUsers({"Bob"});
  EXPECT_THAT(Upload("Bob", ExpiredCertificatePem(kStartTime)), IsOk());
  EXPECT_THAT(Upload("Bob", NotYetValidCertificatePem(kStartTime)), IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(2));
}

TEST_F(ParsingTest, CertificateExpiresWhenTheClockAdvances) {
  const std::string first = CertificateValidUntil(kStartTime + absl::Hours(1));
  const std::string second = CertificateValidUntil(kStartTime + absl::Hours(1));
  ASSERT_THAT(Upload("Bob", first), IsOk());
  backend().AdvanceClock(absl::Hours(2));
  EXPECT_THAT(Upload("Bob", second), IsMalformedBecause(second, "expired"));
}

TEST_F(ParsingTest, CertificateBecomesValidWhenTheClockAdvances) {
  const std::string body = CertificateValidFrom(kStartTime + absl::Hours(24));
  EXPECT_THAT(Upload("Bob", body), IsIamError(IamErrorCode::kMalformedCertificate));
  backend().AdvanceClock(absl::Hours(48));
  EXPECT_THAT(Upload("Bob", body), IsOk());
}

TEST_F(ParsingTest, ValidityBoundsAreInclusive) {
  // "Expired" is notAfter *before* the clock; "not yet valid" is notBefore *after* it.
  EXPECT_THAT(Upload("Bob", CertificateValidUntil(kStartTime)), IsOk());
  EXPECT_THAT(Upload("Bob", CertificateValidFrom(kStartTime)), IsOk());
  const std::string ends_now = CertificateValidUntil(kStartTime);
  backend().AdvanceClock(absl::Seconds(1));
  EXPECT_THAT(Upload("Bob", ends_now), IsIamError(IamErrorCode::kMalformedCertificate));
}

// ---------------------------------------------------------------------------------------------
// The clock: live by default, frozen on request.

// A certificate made "now" by any tool is valid "now" in the fake, however long after the backend
// was made (a clock frozen at construction refused every such certificate after the first second).
TEST(LiveClockTest, CertificateValidFromNowIsAcceptedLongAfterStart) {
  FakeIamBackend backend;  // default options: the live clock
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  absl::SleepFor(absl::Milliseconds(1100));
  TestCertificateOptions options;
  options.not_before = absl::Now();
  options.not_after = options.not_before + absl::Hours(24 * 365);
  const std::string pem = MakeTestCertificate(options);
  EXPECT_THAT(backend.UploadSigningCertificate("Bob", pem), IsOk());
}

TEST(LiveClockTest, FollowsRealTime) {
  FakeIamBackend backend;
  const absl::Time before = absl::Now();
  const absl::Time now = backend.Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, absl::Now());
}

TEST(LiveClockTest, AdvancedLiveClockRunsAheadAndExpiresCertificates) {
  FakeIamBackend backend;
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  const std::string pem = CertificateValidUntil(absl::Now() + absl::Hours(1));
  backend.AdvanceClock(absl::Hours(2));
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  const absl::Time before = absl::Now();
  const absl::Time now = backend.Now();
  const absl::Time after = absl::Now();
  EXPECT_GE(now, before + absl::Hours(2));
  EXPECT_LE(now, after + absl::Hours(2));
  EXPECT_THAT(backend.UploadSigningCertificate("Bob", pem), IsMalformedBecause(pem, "expired"));
}

TEST(LiveClockTest, SetClockFreezesAndUseLiveClockResumesRealTime) {
  FakeIamBackend backend;
  backend.SetClock(kStartTime);
  EXPECT_EQ(backend.clock_mode(), ClockMode::kFrozen);
  absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(backend.Now(), kStartTime);
  backend.AdvanceClock(absl::Seconds(30));
  EXPECT_EQ(backend.Now(), kStartTime + absl::Seconds(30));
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  EXPECT_EQ(backend.Users()[0].GetCreateDate(), kStartTime + absl::Seconds(30));

  backend.UseLiveClock();
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  EXPECT_LE(absl::AbsDuration(backend.Now() - absl::Now()), absl::Seconds(1));
}

TEST_F(BackendTest, ClockIsFrozenWithAStartTime) {
  EXPECT_EQ(backend().clock_mode(), ClockMode::kFrozen);
  EXPECT_EQ(backend().Now(), kStartTime);
  CreateUsers({"Bob"});
  MustUpload("Bob", ValidCertificatePem());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(backend().Now(), kStartTime);
  backend().AdvanceClock(absl::Milliseconds(1500));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(1500));
  backend().AdvanceClock(absl::Hours(5));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(1500) + absl::Hours(5));
}

}  // namespace
}  // namespace fake_iam
