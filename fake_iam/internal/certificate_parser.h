// Reads an UploadSigningCertificate body as IAM does, with OpenSSL.
#ifndef FAKE_IAM_INTERNAL_CERTIFICATE_PARSER_H_
#define FAKE_IAM_INTERNAL_CERTIFICATE_PARSER_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fake_iam::internal {

// What the backend needs of a certificate that parsed.
struct ParsedCertificate {
  // IAM's CertificateId: the base32 of the SHA-1 of the DER, 32 characters (recorded against
  // AWS), so the same certificate has the same id wherever and whenever it is uploaded.
  std::string certificate_id;
  std::string fingerprint;  // SHA-256 of the DER, 32 raw bytes
  absl::Time not_before;
  absl::Time not_after;
  // OK, or the InvalidCertificate error: the key cannot be decoded, an RSA key is shorter than
  // 1024 bits, or a self-signed signature does not verify. Kept apart from parsing so that the
  // backend can report an expired certificate first.
  absl::Status invalid;
};

// The body must hold exactly one PEM CERTIFICATE block, with only white space around it, that
// decodes as X.509; otherwise MalformedCertificate with IAM's message, "Certificate <body> is
// malformed.", and the reason as its diagnosis (IamErrorDiagnosis). Thread-safe.
absl::StatusOr<ParsedCertificate> ParseCertificateBody(std::string_view body);

// IAM's MalformedCertificate for `body`, "Certificate <body> is malformed.", with `reason` as its
// diagnosis. IAM answers an expired certificate with it too (recorded).
absl::Status MalformedCertificate(std::string_view body, std::string_view reason);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_CERTIFICATE_PARSER_H_
