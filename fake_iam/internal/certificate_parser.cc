#include "fake_iam/internal/certificate_parser.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <ctime>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/ids.h"
#include "fake_iam/internal/openssl_util.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam::internal {
namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
constexpr std::string_view kAnyBegin = "-----BEGIN ";
constexpr int kMinRsaBits = 1024;
// IAM's malformed-certificate message echoes the body; a longer one is cut to this many characters.
constexpr size_t kMaxEchoedChars = 64;

// Why the body is malformed, in the fake's words; ParseCertificateBody turns it into IAM's answer.
absl::Status Malformed(std::string_view reason) {
  return MakeIamError(IamErrorCode::kMalformedCertificate, reason);
}

// The body as IAM's message shows it: at most kMaxEchoedChars characters, then "...".
std::string Echo(std::string_view body) {
  size_t characters = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    // A character starts at every byte that is not a UTF-8 continuation byte.
    if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80 && ++characters > kMaxEchoedChars) {
      return absl::StrFormat("%s...", body.substr(0, i));
    }
  }
  return std::string(body);
}

absl::Status Invalid(std::string_view reason) {
  return MakeIamError(IamErrorCode::kInvalidCertificate, reason);
}

bool IsPemSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool AllPemSpace(std::string_view text) {
  for (char c : text) {
    if (!IsPemSpace(c)) return false;
  }
  return true;
}

// "PRIVATE KEY" for a body starting "-----BEGIN PRIVATE KEY-----", cut short for messages.
std::string_view PemLabel(std::string_view text_after_begin) {
  size_t end = text_after_begin.find("-----");
  std::string_view label = text_after_begin.substr(0, end);
  return label.substr(0, 40);
}

// The base64 text of the one CERTIFICATE block, white space removed, or why there is none.
absl::StatusOr<std::string> CertificateBase64(std::string_view body) {
  size_t begin = body.find(kAnyBegin);
  if (begin == std::string_view::npos) {
    return Malformed("The body holds no PEM block; expected -----BEGIN CERTIFICATE-----.");
  }
  if (body.compare(begin, kBegin.size(), kBegin) != 0) {
    return Malformed(absl::StrFormat("Expected a PEM CERTIFICATE block, found %s.",
                                     PemLabel(body.substr(begin + kAnyBegin.size()))));
  }
  if (body.find(kAnyBegin, begin + kBegin.size()) != std::string_view::npos) {
    return Malformed("The body must hold exactly one PEM block.");
  }
  if (!AllPemSpace(body.substr(0, begin))) {
    return Malformed("Unexpected text before -----BEGIN CERTIFICATE-----.");
  }
  size_t content = begin + kBegin.size();
  size_t end = body.find(kEnd, content);
  if (end == std::string_view::npos) {
    return Malformed("The PEM block has no -----END CERTIFICATE----- line.");
  }
  if (!AllPemSpace(body.substr(end + kEnd.size()))) {
    return Malformed("Unexpected text after -----END CERTIFICATE-----.");
  }
  std::string base64;
  base64.reserve(end - content);
  for (char c : body.substr(content, end - content)) {
    if (!IsPemSpace(c)) base64 += c;
  }
  if (base64.empty()) return Malformed("The PEM block is empty.");
  return base64;
}

absl::StatusOr<absl::Time> ToTime(const ASN1_TIME* asn1) {
  std::tm tm = {};
  if (asn1 == nullptr || ASN1_TIME_to_tm(asn1, &tm) != 1) {
    return Malformed("The certificate's validity dates cannot be read.");
  }
  return absl::FromCivil(absl::CivilSecond(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                           tm.tm_min, tm.tm_sec),
                         absl::UTCTimeZone());
}

absl::Status CheckValidity(X509* certificate) {
  EVP_PKEY* key = X509_get0_pubkey(certificate);
  if (key == nullptr) return Invalid("The certificate's public key cannot be decoded.");
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key) < kMinRsaBits) {
    return Invalid(
        absl::StrFormat("The certificate's RSA key has %d bits; at least %d are required.",
                        EVP_PKEY_get_bits(key), kMinRsaBits));
  }
  bool self_signed =
      X509_NAME_cmp(X509_get_subject_name(certificate), X509_get_issuer_name(certificate)) == 0;
  if (self_signed && X509_verify(certificate, key) != 1) {
    return Invalid("The certificate is self-signed and its signature does not verify.");
  }
  return absl::OkStatus();
}

absl::StatusOr<ParsedCertificate> Parse(std::string_view body) {
  ASSIGN_OR_RETURN(const std::string base64, CertificateBase64(body));
  std::string der;
  if (!absl::Base64Unescape(base64, &der) || der.empty()) {
    return Malformed("The PEM block is not valid base64.");
  }
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (certificate == nullptr) {
    std::string reasons = DrainOpenSslErrors();
    return Malformed(absl::StrFormat("The PEM block is not an X.509 certificate (%s).",
                                     reasons.empty() ? "no reason given" : reasons));
  }
  if (cursor != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    return Malformed("Unexpected data after the certificate in the PEM block.");
  }
  ParsedCertificate parsed;
  ASSIGN_OR_RETURN(parsed.not_before, ToTime(X509_get0_notBefore(certificate.get())));
  ASSIGN_OR_RETURN(parsed.not_after, ToTime(X509_get0_notAfter(certificate.get())));
  parsed.certificate_id = Base32Encode(Sha1(der));
  parsed.fingerprint = Sha256(der);
  parsed.invalid = CheckValidity(certificate.get());
  return parsed;
}

}  // namespace

absl::StatusOr<ParsedCertificate> ParseCertificateBody(std::string_view body) {
  ERR_clear_error();
  absl::StatusOr<ParsedCertificate> parsed = Parse(body);
  DrainOpenSslErrors();  // leave the queue empty for the next caller on this thread
  if (!parsed.ok() && IamErrorCodeOf(parsed.status()) == IamErrorCode::kMalformedCertificate) {
    return MalformedCertificate(body, std::string(parsed.status().message()));
  }
  return parsed;
}

absl::Status MalformedCertificate(std::string_view body, std::string_view reason) {
  // IAM's words for the caller; the reason stays beside them as the diagnosis.
  return WithDiagnosis(MakeIamError(IamErrorCode::kMalformedCertificate,
                                    absl::StrFormat("Certificate %s is malformed.", Echo(body))),
                       reason);
}

}  // namespace fake_iam::internal
