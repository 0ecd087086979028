#include "testing/certificates.h"
#include "fake_iam/internal/openssl_util.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstddef>
#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>  // NOLINT(build/c++11)
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

// OpenSSL objects are owned as fake_iam owns them.
using internal::BioPtr;
using internal::EvpPkeyPtr;
using internal::X509NamePtr;
using internal::X509Ptr;
using internal::X509ReqPtr;

// A fixed "now" keeps the date tests independent of the wall clock.
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2024, 6, 15, 12, 34, 56),
                                        absl::UTCTimeZone());

absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

BioPtr MemBio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

// Failed parses are expected in some tests; clearing keeps one test's errors
// from showing up in another's diagnostics.
X509Ptr ParseCertificate(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

X509Ptr ParseDer(std::string_view der) {
  const auto* in = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &in, static_cast<long>(der.size())));
  ERR_clear_error();
  return cert;
}

// Labels of all PEM blocks, in order, e.g. {"CERTIFICATE"}.
std::vector<std::string> PemLabels(std::string_view pem) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  std::vector<std::string> labels;
  for (size_t pos = pem.find(kBegin); pos != std::string_view::npos;
       pos = pem.find(kBegin, pos + 1)) {
    const size_t start = pos + kBegin.size();
    const size_t end = pem.find("-----", start);
    labels.emplace_back(pem.substr(start, end - start));
  }
  return labels;
}

void ExpectSinglePemBlock(std::string_view pem, const std::string& label) {
  EXPECT_THAT(PemLabels(pem), ::testing::ElementsAre(label));
  EXPECT_THAT(std::string(pem), StartsWith("-----BEGIN " + label + "-----\n"));
  EXPECT_THAT(std::string(pem), HasSubstr("-----END " + label + "-----\n"));
}

absl::Time ToAbslTime(const ASN1_TIME* time) {
  struct tm parts = {};
  if (ASN1_TIME_to_tm(time, &parts) != 1) return absl::InfinitePast();
  return absl::FromTimeT(timegm(&parts));
}

absl::Time NotBefore(X509* cert) { return ToAbslTime(X509_get0_notBefore(cert)); }
absl::Time NotAfter(X509* cert) { return ToAbslTime(X509_get0_notAfter(cert)); }

std::string NameEntry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "<missing>";
  const ASN1_STRING* value =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<size_t>(ASN1_STRING_length(value)));
}

std::string SubjectCn(X509* cert) {
  return NameEntry(X509_get_subject_name(cert), NID_commonName);
}

bool IssuerIsSubject(X509* cert) {
  return X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(cert)) ==
         0;
}

bool VerifiesWithOwnKey(X509* cert) {
  const bool ok = X509_verify(cert, X509_get0_pubkey(cert)) == 1;
  ERR_clear_error();
  return ok;
}

TEST(MakeTestCertificateTest, DefaultsAreValidSelfSignedP256) {
  const TestCertificateOptions defaults;
  const std::string pem = MakeTestCertificate();
  ExpectSinglePemBlock(pem, "CERTIFICATE");

  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  EXPECT_EQ(NotBefore(cert.get()), Utc(2020, 1, 1, 0, 0, 0));
  EXPECT_EQ(NotAfter(cert.get()), Utc(2049, 12, 31, 23, 59, 59));
  EXPECT_EQ(NotBefore(cert.get()), defaults.not_before);
  EXPECT_EQ(NotAfter(cert.get()), defaults.not_after);
  EXPECT_EQ(SubjectCn(cert.get()), "fake-iam-test");
  EXPECT_EQ(NameEntry(X509_get_subject_name(cert.get()), NID_organizationName),
            "fake_iam tests");
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));

  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(key), 256);
  char group[64] = {};
  ASSERT_EQ(EVP_PKEY_get_group_name(key, group, sizeof(group), nullptr), 1);
  EXPECT_STREQ(group, "prime256v1");
}

struct KeyTypeCase {
  TestKeyType key_type;
  int base_id;
  int bits;
};

class KeyTypeTest : public ::testing::TestWithParam<KeyTypeCase> {};

TEST_P(KeyTypeTest, ValidCertificateHasKeyTypeAndVerifies) {
  const std::string pem = ValidCertificatePem(GetParam().key_type);
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), GetParam().base_id);
  EXPECT_EQ(EVP_PKEY_get_bits(key), GetParam().bits);
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));
}

TEST_P(KeyTypeTest, CorruptSignatureParsesButDoesNotVerify) {
  TestCertificateOptions options;
  options.key_type = GetParam().key_type;
  options.corrupt_signature = true;
  const std::string pem = MakeTestCertificate(options);
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), GetParam().bits);
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_FALSE(VerifiesWithOwnKey(cert.get()));
}

TEST_P(KeyTypeTest, SignedByTestCaHasDifferentIssuer) {
  TestCertificateOptions options;
  options.key_type = GetParam().key_type;
  options.signed_by_test_ca = true;
  X509Ptr cert = ParseCertificate(MakeTestCertificate(options));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), GetParam().bits);
  EXPECT_FALSE(IssuerIsSubject(cert.get()));
  EXPECT_EQ(NameEntry(X509_get_issuer_name(cert.get()), NID_commonName),
            "fake-iam-test-ca");
  EXPECT_EQ(SubjectCn(cert.get()), "fake-iam-test");
  // Signed by the CA key, not by its own key.
  EXPECT_FALSE(VerifiesWithOwnKey(cert.get()));
}

INSTANTIATE_TEST_SUITE_P(
    AllKeyTypes, KeyTypeTest,
    ::testing::Values(KeyTypeCase{TestKeyType::kEcP256, EVP_PKEY_EC, 256},
                      KeyTypeCase{TestKeyType::kRsa2048, EVP_PKEY_RSA, 2048},
                      KeyTypeCase{TestKeyType::kRsa1024, EVP_PKEY_RSA, 1024},
                      KeyTypeCase{TestKeyType::kRsa512, EVP_PKEY_RSA, 512}));

TEST(MakeTestCertificateTest, UsesOptionDatesToTheSecond) {
  TestCertificateOptions options;
  // 1990 and 2049 are UTCTime, 2050+ is GeneralizedTime: cover both encodings.
  options.not_before = Utc(1990, 2, 3, 4, 5, 6);
  options.not_after = Utc(2101, 7, 8, 9, 10, 11);
  X509Ptr cert = ParseCertificate(MakeTestCertificate(options));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(NotBefore(cert.get()), options.not_before);
  EXPECT_EQ(NotAfter(cert.get()), options.not_after);
  EXPECT_EQ(ASN1_STRING_type(X509_get0_notBefore(cert.get())), V_ASN1_UTCTIME);
  EXPECT_EQ(ASN1_STRING_type(X509_get0_notAfter(cert.get())),
            V_ASN1_GENERALIZEDTIME);
}

TEST(MakeTestCertificateTest, TruncatesSubSecondDates) {
  TestCertificateOptions options;
  options.not_before = kNow + absl::Milliseconds(999);
  options.not_after = kNow + absl::Hours(1) + absl::Milliseconds(1);
  X509Ptr cert = ParseCertificate(MakeTestCertificate(options));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(NotBefore(cert.get()), kNow);
  EXPECT_EQ(NotAfter(cert.get()), kNow + absl::Hours(1));
}

TEST(MakeTestCertificateTest, UsesCommonName) {
  TestCertificateOptions options;
  options.common_name = "alice@example.com";
  X509Ptr cert = ParseCertificate(MakeTestCertificate(options));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(SubjectCn(cert.get()), "alice@example.com");
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));
}

TEST(MakeTestCertificateTest, EmptyCommonNameOmitsCn) {
  TestCertificateOptions options;
  options.common_name = "";
  X509Ptr cert = ParseCertificate(MakeTestCertificate(options));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(SubjectCn(cert.get()), "<missing>");
  EXPECT_EQ(NameEntry(X509_get_subject_name(cert.get()), NID_organizationName),
            "fake_iam tests");
}

TEST(MakeTestCertificateTest, TooLongCommonNameDies) {
  TestCertificateOptions options;
  options.common_name = std::string(65, 'x');
  EXPECT_DEATH(MakeTestCertificate(options), "X509_NAME_add_entry_by_txt");
}

TEST(MakeTestCertificateTest, TwoCallsGiveDifferentDer) {
  const std::string first = MakeTestCertificate();
  const std::string second = MakeTestCertificate();
  EXPECT_NE(PemToDer(first), PemToDer(second));
  X509Ptr first_cert = ParseCertificate(first);
  X509Ptr second_cert = ParseCertificate(second);
  ASSERT_NE(first_cert, nullptr);
  ASSERT_NE(second_cert, nullptr);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(first_cert.get()),
                             X509_get0_serialNumber(second_cert.get())),
            0);

  // Deterministic RSA signatures must not make the DER repeat either.
  EXPECT_NE(PemToDer(ValidCertificatePem(TestKeyType::kRsa1024)),
            PemToDer(ValidCertificatePem(TestKeyType::kRsa1024)));
  EXPECT_NE(PemToDer(BadSignatureCertificatePem()),
            PemToDer(BadSignatureCertificatePem()));
}

TEST(ShorthandTest, ExpiredCertificate) {
  const std::string pem = ExpiredCertificatePem(kNow);
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(NotBefore(cert.get()), kNow - absl::Hours(24 * 30));
  EXPECT_EQ(NotAfter(cert.get()), kNow - absl::Hours(24));
  time_t now = absl::ToTimeT(kNow);
  EXPECT_LT(X509_cmp_time(X509_get0_notAfter(cert.get()), &now), 0);
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));
}

TEST(ShorthandTest, NotYetValidCertificate) {
  const std::string pem = NotYetValidCertificatePem(kNow);
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(NotBefore(cert.get()), kNow + absl::Hours(24));
  EXPECT_EQ(NotAfter(cert.get()), kNow + absl::Hours(24 * 30));
  time_t now = absl::ToTimeT(kNow);
  EXPECT_GT(X509_cmp_time(X509_get0_notBefore(cert.get()), &now), 0);
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));
}

TEST(ShorthandTest, WeakRsaCertificate) {
  const std::string pem = WeakRsaCertificatePem();
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_RSA);
  EXPECT_EQ(EVP_PKEY_get_bits(key), 512);
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_TRUE(VerifiesWithOwnKey(cert.get()));
}

TEST(ShorthandTest, BadSignatureCertificate) {
  const std::string pem = BadSignatureCertificatePem();
  ExpectSinglePemBlock(pem, "CERTIFICATE");
  X509Ptr cert = ParseCertificate(pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_NE(ParseDer(PemToDer(pem)), nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())), EVP_PKEY_EC);
  EXPECT_TRUE(IssuerIsSubject(cert.get()));
  EXPECT_FALSE(VerifiesWithOwnKey(cert.get()));
}

TEST(ShorthandTest, CertificateRequestIsACsrNotACertificate) {
  const std::string pem = CertificateRequestPem();
  ExpectSinglePemBlock(pem, "CERTIFICATE REQUEST");

  BioPtr bio = MemBio(pem);
  X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_NE(request, nullptr);
  EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(X509_REQ_verify(request.get(), key), 1);
  EXPECT_EQ(NameEntry(X509_REQ_get_subject_name(request.get()), NID_commonName),
            "fake-iam-test");

  EXPECT_EQ(ParseCertificate(pem), nullptr);
  EXPECT_THAT(PemToDer(pem), IsEmpty());
}

TEST(ShorthandTest, PrivateKeyIsPkcs8OfTheP256Key) {
  const std::string pem = PrivateKeyPem();
  ExpectSinglePemBlock(pem, "PRIVATE KEY");

  BioPtr bio = MemBio(pem);
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);

  X509Ptr cert = ParseCertificate(ValidCertificatePem());
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(key.get(), X509_get0_pubkey(cert.get())), 1);

  EXPECT_EQ(ParseCertificate(pem), nullptr);
  EXPECT_THAT(PemToDer(pem), IsEmpty());
}

TEST(PemToDerTest, RoundTrips) {
  const std::string pem = ValidCertificatePem();
  const std::string der = PemToDer(pem);
  ASSERT_THAT(der, Not(IsEmpty()));
  X509Ptr from_der = ParseDer(der);
  ASSERT_NE(from_der, nullptr);
  X509Ptr from_pem = ParseCertificate(pem);
  ASSERT_NE(from_pem, nullptr);
  EXPECT_EQ(X509_cmp(from_der.get(), from_pem.get()), 0);

  // Re-encoding the parsed certificate gives back exactly the same bytes.
  unsigned char* raw = nullptr;
  const int length = i2d_X509(from_der.get(), &raw);
  ASSERT_GT(length, 0);
  const std::string reencoded(reinterpret_cast<char*>(raw),
                              static_cast<size_t>(length));
  OPENSSL_free(raw);
  EXPECT_EQ(reencoded, der);
}

TEST(PemToDerTest, FindsCertificateAmongOtherBlocks) {
  const std::string cert_pem = ValidCertificatePem();
  EXPECT_EQ(PemToDer(PrivateKeyPem() + cert_pem + BadSignatureCertificatePem()),
            PemToDer(cert_pem));
}

TEST(PemToDerTest, EmptyOnError) {
  EXPECT_THAT(PemToDer(""), IsEmpty());
  EXPECT_THAT(PemToDer("not pem at all"), IsEmpty());
  EXPECT_THAT(PemToDer("-----BEGIN CERTIFICATE-----\n!!!!\n"
                       "-----END CERTIFICATE-----\n"),
              IsEmpty());
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(ThreadSafetyTest, ConcurrentCallsGiveDistinctCertificates) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20;
  constexpr TestKeyType kKeyTypes[] = {TestKeyType::kEcP256, TestKeyType::kRsa2048,
                                       TestKeyType::kRsa1024, TestKeyType::kRsa512};
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &kKeyTypes, &results] {
      for (int i = 0; i < kPerThread; ++i) {
        TestCertificateOptions options;
        options.key_type = kKeyTypes[(t + i) % 4];
        options.signed_by_test_ca = i % 3 == 0;
        options.corrupt_signature = i % 5 == 0;
        results[t].push_back(PemToDer(MakeTestCertificate(options)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<std::string> distinct;
  for (const auto& per_thread : results) {
    ASSERT_THAT(per_thread, SizeIs(kPerThread));
    for (const std::string& der : per_thread) {
      ASSERT_NE(ParseDer(der), nullptr);
      distinct.insert(der);
    }
  }
  EXPECT_THAT(distinct, SizeIs(kThreads * kPerThread));
}

}  // namespace
}  // namespace fake_iam
