// Generates X.509 PEM test inputs for the fake IAM signing-certificate API at
// run time, so that no certificate files are committed and no test depends on
// the wall clock.
//
// Typical use:
//
//   std::string pem = fake_iam::ValidCertificatePem();
//   std::string expired = fake_iam::ExpiredCertificatePem(kNow);
//
//   fake_iam::TestCertificateOptions options;
//   options.key_type = fake_iam::TestKeyType::kRsa2048;
//   options.signed_by_test_ca = true;
//   std::string issued = fake_iam::MakeTestCertificate(options);
//
// Thread safety: every function in this header may be called concurrently from
// any number of threads.
//
// Failures inside the generator (OpenSSL errors, impossible options such as a
// common name longer than 64 characters) are programming errors in the test:
// they print the OpenSSL error queue to stderr and abort the process instead
// of returning an unusable input.

#ifndef FAKE_IAM_TESTING_CERTIFICATES_H_
#define FAKE_IAM_TESTING_CERTIFICATES_H_

#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fake_iam {

// Key algorithm and size of a generated certificate. The RSA sizes sit on both
// sides of the fake's 1024-bit minimum so tests can hit the boundary.
enum class TestKeyType { kEcP256, kRsa2048, kRsa1024, kRsa512 };

// Describes the certificate MakeTestCertificate() produces. The defaults give a
// valid self-signed P-256 certificate whose validity period covers any
// plausible test "now", so a test only sets the fields it is about.
struct TestCertificateOptions {
  TestKeyType key_type = TestKeyType::kEcP256;

  // Subject CN; the subject also always holds O="fake_iam tests". An empty
  // string omits the CN. X.509 limits a CN to 64 characters.
  std::string common_name = "fake-iam-test";

  // Validity period. X.509 stores whole seconds, so sub-second parts are
  // truncated toward the past.
  absl::Time not_before =
      absl::FromCivil(absl::CivilSecond(2020, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  absl::Time not_after =
      absl::FromCivil(absl::CivilSecond(2049, 12, 31, 23, 59, 59), absl::UTCTimeZone());

  // false: self-signed (issuer == subject, signed with the certificate's own
  // key). true: issued by a process-wide test CA with an EC key and subject
  // O="fake_iam tests", CN="fake-iam-test-ca", so issuer != subject and the
  // certificate's own public key does not verify its signature.
  bool signed_by_test_ca = false;

  // Flips one bit of the signature value after signing. The DER still parses
  // as X.509 but the signature no longer verifies.
  bool corrupt_signature = false;
};

// Returns one PEM "CERTIFICATE" block described by `options`.
//
// Each call returns a different certificate (serial numbers come from a
// process-wide counter), so two calls never produce the same DER even with the
// same options. One key per TestKeyType is generated on first use and reused
// for the rest of the process, because RSA key generation is slow.
std::string MakeTestCertificate(const TestCertificateOptions& options = {});

// Shorthands for MakeTestCertificate() covering the fake's validation cases.
// All of them are self-signed and, unless stated otherwise, have a valid
// signature and the default subject.

// A certificate that passes every check, valid 2020-01-01 to 2049-12-31.
std::string ValidCertificatePem(TestKeyType key_type = TestKeyType::kEcP256);
// Valid from `now` - 30 days to `now` - 1 day, so it has expired at `now`.
std::string ExpiredCertificatePem(absl::Time now);
// Valid from `now` + 1 day to `now` + 30 days, so it is not yet valid at `now`.
std::string NotYetValidCertificatePem(absl::Time now);
// A certificate with a 512-bit RSA key, which the fake must reject as weak.
std::string WeakRsaCertificatePem();
// A self-signed P-256 certificate whose signature does not verify.
std::string BadSignatureCertificatePem();

// Returns a real PKCS#10 request ("-----BEGIN CERTIFICATE REQUEST-----") for
// the P-256 test key; it is not a certificate, so the fake must reject it.
std::string CertificateRequestPem();

// Returns the P-256 test key (the key of ValidCertificatePem()) as an
// unencrypted PKCS#8 "-----BEGIN PRIVATE KEY-----" block, which the fake must
// reject as a certificate body.
std::string PrivateKeyPem();

// Returns the DER bytes of the first "CERTIFICATE" block in `pem`, for tests
// that compare fingerprints. The bytes are returned as found, without being
// parsed as X.509. Returns an empty string if there is no such block or it is
// not valid PEM.
std::string PemToDer(std::string_view pem);

// One RSA public key in both encodings UploadSSHPublicKey takes, and the
// Fingerprint IAM gives it.
struct TestSshPublicKey {
  std::string openssh;      // "ssh-rsa <base64>", no comment, no newline
  std::string pem;          // "-----BEGIN PUBLIC KEY-----" ... with a trailing newline
  std::string fingerprint;  // MD5 of the OpenSSH blob, "60:34:db:...", 47 characters
};

// A new RSA key of `bits` bits on every call (slow: a 2048-bit key takes
// tens of milliseconds, a 4096-bit one far more).
TestSshPublicKey MakeTestSshPublicKey(int bits = 2048);
// The `index`-th 2048-bit test key, generated once per process: tests that
// need a few distinct keys share them.
const TestSshPublicKey& SshTestKey(int index);
// Shorthands: the OpenSSH line and the PEM of a new RSA key of `bits` bits.
std::string RsaPublicKeyOpenSsh(int bits = 2048);
std::string RsaPublicKeyPem(int bits = 2048);
// The P-256 test key's public half as a PEM "PUBLIC KEY" block: a key, but
// not of a kind IAM takes for SSH.
std::string EcPublicKeyPem();

}  // namespace fake_iam

#endif  // FAKE_IAM_TESTING_CERTIFICATES_H_
