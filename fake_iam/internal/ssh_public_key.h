// Reads an UploadSSHPublicKey body as IAM does, with OpenSSL: an OpenSSH "ssh-rsa" line or a PEM
// "PUBLIC KEY" block holding an RSA key of 2048 to 16384 bits.
#ifndef FAKE_IAM_INTERNAL_SSH_PUBLIC_KEY_H_
#define FAKE_IAM_INTERNAL_SSH_PUBLIC_KEY_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fake_iam::internal {

inline constexpr int kMinSshRsaBits = 2048;
inline constexpr int kMaxSshRsaBits = 16384;

// What the backend needs of a key that parsed; the same key gives the same values in either
// encoding.
struct ParsedSshPublicKey {
  // IAM's Fingerprint: the MD5 of the key's OpenSSH wire blob (string "ssh-rsa", mpint e,
  // mpint n), 16 lower-case hex pairs joined by ':' (recorded).
  std::string fingerprint;
  // GetSSHPublicKey's bodies: "ssh-rsa <base64>" without comment or newline (Encoding SSH), and
  // the SubjectPublicKeyInfo PEM, "-----BEGIN PUBLIC KEY-----" ... with a trailing newline (PEM).
  std::string openssh;
  std::string pem;
};

// The body, with white space (space, tab, CR, LF) around it ignored, must be either
// - one OpenSSH line "ssh-rsa <base64 blob> [comment]", the blob holding exactly the string
//   "ssh-rsa", the mpint e and the mpint n, or
// - exactly one PEM "-----BEGIN PUBLIC KEY-----" block (SubjectPublicKeyInfo DER).
// Anything that is no key of these encodings: UnrecognizedPublicKeyEncoding "Invalid public key
// uploaded." (recorded). A key of another kind (EC, Ed25519, DSA), an RSA key outside 2048-16384
// bits, or RSA numbers that are no key (even modulus, exponent below 3 or even): InvalidPublicKey
// "Invalid body for public key" (recorded for RSA-1024). Both carry the fake's reason as the
// diagnosis (IamErrorDiagnosis). Thread-safe.
absl::StatusOr<ParsedSshPublicKey> ParseSshPublicKeyBody(std::string_view body);

// The same, answered from a process-wide cache keyed by the body (as ParseCertificateBodyCached):
// a suite uploads the same few keys again and again. Thread-safe.
absl::StatusOr<ParsedSshPublicKey> ParseSshPublicKeyBodyCached(std::string_view body);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_SSH_PUBLIC_KEY_H_
