#include "testing/certificates.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>  // NOLINT(build/c++11): std::call_once, see LazyKey.
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fake_iam/internal/openssl_util.h"

namespace fake_iam {
namespace {

constexpr char kOrganization[] = "fake_iam tests";
constexpr char kTestCaCommonName[] = "fake-iam-test-ca";

// OpenSSL objects are owned as fake_iam owns them.
using internal::BioPtr;
using internal::EvpPkeyPtr;
using internal::X509NamePtr;
using internal::X509Ptr;
using internal::X509ReqPtr;

// OPENSSL_free is a macro, so it cannot be a template argument.
struct OpenSslFree {
  void operator()(void* ptr) const { OPENSSL_free(ptr); }
};
template <typename T>
using OpenSslBuffer = std::unique_ptr<T, OpenSslFree>;

// A generator failure is a bug in the test or the environment, so dying loudly
// with OpenSSL's own explanation beats handing the test a bogus input.
[[noreturn]] void DieWithOpenSslErrors(const char* what) {
  std::fprintf(stderr, "fake_iam/testing/certificates: %s failed\n", what);
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    std::fprintf(stderr, "  OpenSSL: %s\n", buffer);
  }
  std::fflush(stderr);
  std::abort();
}

void Check(bool condition, const char* what) {
  if (!condition) DieWithOpenSslErrors(what);
}

EvpPkeyPtr GenerateKey(TestKeyType key_type) {
  EvpPkeyPtr key;
  // EVP_PKEY_Q_keygen passes the RSA size to EVP_PKEY_CTX_set_rsa_keygen_bits;
  // OpenSSL 3.0's minimum is 512 bits, so kRsa512 needs no special handling.
  switch (key_type) {
    case TestKeyType::kEcP256:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
      break;
    case TestKeyType::kRsa2048:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
      break;
    case TestKeyType::kRsa1024:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
      break;
    case TestKeyType::kRsa512:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{512}));
      break;
    default:
      std::fprintf(stderr, "fake_iam/testing/certificates: bad TestKeyType %d\n",
                   static_cast<int>(key_type));
      std::abort();
  }
  Check(key != nullptr, "EVP_PKEY_Q_keygen");
  return key;
}

// A key generated on first use. EVP_PKEY is safe to share between threads as
// long as nobody modifies it, and after call_once nobody does. std::call_once
// rather than absl::call_once because the latter's waiter path lives in the
// uninstrumented libabsl_base.so and makes ThreadSanitizer report false races.
struct LazyKey {
  std::once_flag once;
  EvpPkeyPtr key;
};

EVP_PKEY* GetOrGenerate(LazyKey& lazy, TestKeyType key_type) {
  std::call_once(lazy.once, [&] { lazy.key = GenerateKey(key_type); });
  return lazy.key.get();
}

// Leaked on purpose (Google style for non-trivial statics): destroying it at
// exit could race with threads still generating certificates.
EVP_PKEY* KeyFor(TestKeyType key_type) {
  static auto* const keys = new std::array<LazyKey, 4>();
  const auto index = static_cast<size_t>(key_type);
  if (index >= keys->size()) {
    std::fprintf(stderr, "fake_iam/testing/certificates: bad TestKeyType %d\n",
                 static_cast<int>(key_type));
    std::abort();
  }
  return GetOrGenerate((*keys)[index], key_type);
}

// Separate from the kEcP256 key so that a CA-issued certificate is never
// accidentally verifiable with its own public key.
EVP_PKEY* TestCaKey() {
  static auto* const ca_key = new LazyKey();
  return GetOrGenerate(*ca_key, TestKeyType::kEcP256);
}

// A counter rather than random serials guarantees distinct DER within the
// process, which is what "two calls never produce the same DER" needs.
uint64_t NextSerialNumber() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

void AddNameEntry(X509_NAME* name, const char* field, std::string_view value) {
  Check(value.size() <= INT_MAX &&
            X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.data()),
                                       static_cast<int>(value.size()), /*loc=*/-1, /*set=*/0) == 1,
        "X509_NAME_add_entry_by_txt (is the common name 1-64 characters?)");
}

X509NamePtr MakeName(std::string_view common_name) {
  X509NamePtr name(X509_NAME_new());
  Check(name != nullptr, "X509_NAME_new");
  AddNameEntry(name.get(), "O", kOrganization);
  if (!common_name.empty()) AddNameEntry(name.get(), "CN", common_name);
  return name;
}

void SetTime(ASN1_TIME* field, absl::Time time, const char* what) {
  // ToTimeT truncates toward the past; ASN1_TIME_set picks UTCTime for
  // 1950-2049 and GeneralizedTime otherwise, as RFC 5280 requires.
  Check(ASN1_TIME_set(field, absl::ToTimeT(time)) != nullptr, what);
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  Check(length >= 0 && (length == 0 || data != nullptr), "BIO_get_mem_data");
  return std::string(data, static_cast<size_t>(length));
}

// Runs `write` against a fresh memory BIO and returns what it wrote.
template <typename WriteFn>
std::string WriteToString(WriteFn write, const char* what) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  Check(bio != nullptr, "BIO_new");
  Check(write(bio.get()) == 1, what);
  return BioContents(bio.get());
}

std::string CertificateToPem(X509* cert) {
  return WriteToString([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); },
                       "PEM_write_bio_X509");
}

std::string CertificateToDer(X509* cert) {
  const int length = i2d_X509(cert, nullptr);
  Check(length > 0, "i2d_X509 (size)");
  std::string der(static_cast<size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  Check(i2d_X509(cert, &out) == length, "i2d_X509");
  return der;
}

// The signature BIT STRING is the last field of a Certificate, so the last DER
// byte is a signature byte; flipping its low bit keeps every length and tag
// intact (for ECDSA it only changes the low bit of `s`).
std::string CorruptSignature(X509* cert, EVP_PKEY* signing_key) {
  std::string der = CertificateToDer(cert);
  der.back() ^= 0x01;
  const auto* in = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr corrupted(d2i_X509(nullptr, &in, static_cast<long>(der.size())));
  Check(corrupted != nullptr, "d2i_X509 of the corrupted certificate");
  std::string pem = CertificateToPem(corrupted.get());

  // The point of the option is "parses but does not verify"; make sure the
  // emitted PEM really is that.
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Check(bio != nullptr, "BIO_new_mem_buf");
  X509Ptr reparsed(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  Check(reparsed != nullptr, "PEM_read_bio_X509 of the corrupted certificate");
  Check(X509_verify(reparsed.get(), signing_key) != 1,
        "corrupting the signature (it still verifies)");
  ERR_clear_error();  // X509_verify leaves the expected failure on the queue.
  return pem;
}

}  // namespace

std::string MakeTestCertificate(const TestCertificateOptions& options) {
  EVP_PKEY* const subject_key = KeyFor(options.key_type);
  EVP_PKEY* const signing_key = options.signed_by_test_ca ? TestCaKey() : subject_key;
  const X509NamePtr subject = MakeName(options.common_name);
  const X509NamePtr issuer = options.signed_by_test_ca ? MakeName(kTestCaCommonName) : nullptr;

  X509Ptr cert(X509_new());
  Check(cert != nullptr, "X509_new");
  Check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
  Check(ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), NextSerialNumber()) == 1,
        "ASN1_INTEGER_set_uint64");
  SetTime(X509_getm_notBefore(cert.get()), options.not_before, "ASN1_TIME_set (notBefore)");
  SetTime(X509_getm_notAfter(cert.get()), options.not_after, "ASN1_TIME_set (notAfter)");
  Check(X509_set_subject_name(cert.get(), subject.get()) == 1, "X509_set_subject_name");
  Check(X509_set_issuer_name(cert.get(), issuer != nullptr ? issuer.get() : subject.get()) == 1,
        "X509_set_issuer_name");
  Check(X509_set_pubkey(cert.get(), subject_key) == 1, "X509_set_pubkey");
  Check(X509_sign(cert.get(), signing_key, EVP_sha256()) > 0, "X509_sign");

  if (options.corrupt_signature) {
    return CorruptSignature(cert.get(), signing_key);
  }
  return CertificateToPem(cert.get());
}

std::string ValidCertificatePem(TestKeyType key_type) {
  TestCertificateOptions options;
  options.key_type = key_type;
  return MakeTestCertificate(options);
}

std::string ExpiredCertificatePem(absl::Time now) {
  TestCertificateOptions options;
  options.not_before = now - absl::Hours(24 * 30);
  options.not_after = now - absl::Hours(24);
  return MakeTestCertificate(options);
}

std::string NotYetValidCertificatePem(absl::Time now) {
  TestCertificateOptions options;
  options.not_before = now + absl::Hours(24);
  options.not_after = now + absl::Hours(24 * 30);
  return MakeTestCertificate(options);
}

std::string WeakRsaCertificatePem() { return ValidCertificatePem(TestKeyType::kRsa512); }

std::string BadSignatureCertificatePem() {
  TestCertificateOptions options;
  options.corrupt_signature = true;
  return MakeTestCertificate(options);
}

std::string CertificateRequestPem() {
  EVP_PKEY* const key = KeyFor(TestKeyType::kEcP256);
  const X509NamePtr subject = MakeName(TestCertificateOptions().common_name);

  X509ReqPtr request(X509_REQ_new());
  Check(request != nullptr, "X509_REQ_new");
  Check(X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) == 1, "X509_REQ_set_version");
  Check(X509_REQ_set_subject_name(request.get(), subject.get()) == 1, "X509_REQ_set_subject_name");
  Check(X509_REQ_set_pubkey(request.get(), key) == 1, "X509_REQ_set_pubkey");
  Check(X509_REQ_sign(request.get(), key, EVP_sha256()) > 0, "X509_REQ_sign");
  return WriteToString([&request](BIO* bio) { return PEM_write_bio_X509_REQ(bio, request.get()); },
                       "PEM_write_bio_X509_REQ");
}

std::string PrivateKeyPem() {
  EVP_PKEY* const key = KeyFor(TestKeyType::kEcP256);
  return WriteToString(
      [key](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key, /*enc=*/nullptr,
                                        /*kstr=*/nullptr, /*klen=*/0,
                                        /*cb=*/nullptr, /*u=*/nullptr);
      },
      "PEM_write_bio_PrivateKey");
}

std::string PemToDer(std::string_view pem) {
  if (pem.size() > INT_MAX) return "";
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) {
    ERR_clear_error();
    return "";
  }
  while (true) {
    char* raw_name = nullptr;
    char* raw_header = nullptr;
    unsigned char* raw_data = nullptr;
    long length = 0;
    const int ok = PEM_read_bio(bio.get(), &raw_name, &raw_header, &raw_data, &length);
    const OpenSslBuffer<char> name(raw_name);
    const OpenSslBuffer<char> header(raw_header);
    const OpenSslBuffer<unsigned char> data(raw_data);
    if (ok != 1) {
      // Callers only learn "no certificate"; don't leave the reason behind on
      // this thread's error queue to confuse a later OpenSSL caller.
      ERR_clear_error();
      return "";
    }
    if (std::strcmp(name.get(), PEM_STRING_X509) == 0) {
      return std::string(reinterpret_cast<const char*>(data.get()), static_cast<size_t>(length));
    }
  }
}

namespace {

void AppendSshString(std::string_view field, std::string& blob) {
  const auto length = static_cast<uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) blob += static_cast<char>((length >> shift) & 0xff);
  blob.append(field);
}

void AppendSshMpint(const char* name, EVP_PKEY* key, std::string& blob) {
  BIGNUM* raw = nullptr;
  Check(EVP_PKEY_get_bn_param(key, name, &raw) == 1, "EVP_PKEY_get_bn_param");
  std::string bytes(static_cast<size_t>(BN_num_bytes(raw)), '\0');
  BN_bn2bin(raw, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(raw);
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80) != 0)
    bytes.insert(0, 1, '\0');
  AppendSshString(bytes, blob);
}

TestSshPublicKey SshPublicKeyOf(EVP_PKEY* key) {
  std::string blob;
  AppendSshString("ssh-rsa", blob);
  AppendSshMpint(OSSL_PKEY_PARAM_RSA_E, key, blob);
  AppendSshMpint(OSSL_PKEY_PARAM_RSA_N, key, blob);
  TestSshPublicKey result;
  result.openssh = "ssh-rsa " + absl::Base64Escape(blob);
  result.pem = WriteToString([key](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); },
                             "PEM_write_bio_PUBKEY");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  Check(EVP_Digest(blob.data(), blob.size(), digest, &size, EVP_md5(), nullptr) == 1, "EVP_Digest");
  for (unsigned int i = 0; i < size; ++i) {
    absl::StrAppendFormat(&result.fingerprint, "%s%02x", i == 0 ? "" : ":", digest[i]);
  }
  return result;
}

}  // namespace

TestSshPublicKey MakeTestSshPublicKey(int bits) {
  Check(bits > 0, "MakeTestSshPublicKey: bits must be positive");
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
  Check(key != nullptr, "EVP_PKEY_Q_keygen");
  return SshPublicKeyOf(key.get());
}

const TestSshPublicKey& SshTestKey(int index) {
  static std::mutex* const mu = new std::mutex();
  static auto* const keys = new std::deque<TestSshPublicKey>();  // references stay valid
  Check(index >= 0, "SshTestKey: index must not be negative");
  std::lock_guard<std::mutex> lock(*mu);
  while (keys->size() <= static_cast<size_t>(index)) keys->push_back(MakeTestSshPublicKey(2048));
  return (*keys)[static_cast<size_t>(index)];
}

std::string RsaPublicKeyOpenSsh(int bits) { return MakeTestSshPublicKey(bits).openssh; }
std::string RsaPublicKeyPem(int bits) { return MakeTestSshPublicKey(bits).pem; }

std::string EcPublicKeyPem() {
  EVP_PKEY* key = KeyFor(TestKeyType::kEcP256);
  return WriteToString([key](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); },
                       "PEM_write_bio_PUBKEY");
}

}  // namespace fake_iam
