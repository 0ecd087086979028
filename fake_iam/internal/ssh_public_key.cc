#include "fake_iam/internal/ssh_public_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/openssl_util.h"
#include "fake_iam/internal/status_macros.h"
#include "fake_iam/internal/string_view.h"
#include "fake_iam/internal/parse_cache.h"

namespace fake_iam::internal {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslFree<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslFree<OSSL_PARAM_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;

constexpr std::string_view kSshRsa = "ssh-rsa";
constexpr std::string_view kAnyBegin = "-----BEGIN ";
constexpr std::string_view kBegin = "-----BEGIN PUBLIC KEY-----";
constexpr std::string_view kEnd = "-----END PUBLIC KEY-----";
// OpenSSH key types of other kinds: a key, but not one IAM takes.
constexpr std::string_view kOtherSshTypes[] = {"ssh-dss",
                                               "ssh-ed25519",
                                               "ssh-ed448",
                                               "ecdsa-sha2-nistp256",
                                               "ecdsa-sha2-nistp384",
                                               "ecdsa-sha2-nistp521",
                                               "sk-ssh-ed25519@openssh.com",
                                               "sk-ecdsa-sha2-nistp256@openssh.com"};

// No key in an encoding IAM reads: IAM's words, and the fake's reason as the diagnosis.
absl::Status Unrecognized(std::string_view reason) {
  return WithDiagnosis(
      MakeIamError(IamErrorCode::kUnrecognizedPublicKeyEncoding, "Invalid public key uploaded."),
      reason);
}

// A key IAM does not take.
absl::Status Invalid(std::string_view reason) {
  return WithDiagnosis(MakeIamError(IamErrorCode::kInvalidPublicKey, "Invalid body for public key"),
                       reason);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// One length-prefixed field of an OpenSSH blob (RFC 4251 "string"), or nullopt when the blob
// ends first.
std::optional<std::string_view> ReadField(std::string_view& blob) {
  if (blob.size() < 4) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(blob.data());
  const uint32_t length = (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
                          (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]};
  blob.remove_prefix(4);
  if (length > blob.size()) return std::nullopt;
  std::string_view field = blob.substr(0, length);
  blob.remove_prefix(length);
  return field;
}

// An RFC 4251 mpint that must be positive.
absl::StatusOr<BignumPtr> ReadPositiveMpint(std::string_view field, std::string_view name) {
  if (field.empty()) return Invalid(absl::StrFormat("The RSA %s is zero.", name));
  if ((static_cast<unsigned char>(field[0]) & 0x80) != 0) {
    return Invalid(absl::StrFormat("The RSA %s is negative.", name));
  }
  BignumPtr value(BN_bin2bn(reinterpret_cast<const unsigned char*>(field.data()),
                            static_cast<int>(field.size()), nullptr));
  if (value == nullptr) return absl::InternalError("BN_bin2bn failed");
  return value;
}

void AppendField(std::string_view field, std::string& blob) {
  const uint32_t length = static_cast<uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) blob += static_cast<char>((length >> shift) & 0xff);
  blob.append(field);
}

// RFC 4251's mpint of a non-negative number: big-endian, a zero byte first when the top bit is
// set, empty for zero.
void AppendMpint(const BIGNUM* value, std::string& blob) {
  std::string bytes(static_cast<size_t>(BN_num_bytes(value)), '\0');
  BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80) != 0)
    bytes.insert(0, 1, '\0');
  AppendField(bytes, blob);
}

// The checks both encodings share, then the key's three forms.
absl::StatusOr<ParsedSshPublicKey> FromRsaNumbers(const BIGNUM* n, const BIGNUM* e, EVP_PKEY* key) {
  const int bits = BN_num_bits(n);
  if (bits < kMinSshRsaBits || bits > kMaxSshRsaBits) {
    return Invalid(absl::StrFormat("The RSA key has %d bits; IAM takes %d to %d.", bits,
                                   kMinSshRsaBits, kMaxSshRsaBits));
  }
  if (!BN_is_odd(n)) return Invalid("The RSA modulus is even.");
  if (!BN_is_odd(e) || BN_is_one(e))
    return Invalid("The RSA public exponent is not an odd number above 1.");
  if (BN_cmp(e, n) >= 0) return Invalid("The RSA public exponent is not below the modulus.");

  std::string blob;
  AppendField(kSshRsa, blob);
  AppendMpint(e, blob);
  AppendMpint(n, blob);

  ParsedSshPublicKey parsed;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(blob.data(), blob.size(), digest, &digest_size, EVP_md5(), nullptr) != 1) {
    return absl::InternalError(absl::StrFormat("MD5 failed: %s", DrainOpenSslErrors()));
  }
  for (unsigned int i = 0; i < digest_size; ++i) {
    absl::StrAppendFormat(&parsed.fingerprint, "%s%02x", i == 0 ? "" : ":", digest[i]);
  }
  parsed.openssh = absl::StrFormat("%s %s", kSshRsa, absl::Base64Escape(blob));

  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    return absl::InternalError(
        absl::StrFormat("PEM_write_bio_PUBKEY failed: %s", DrainOpenSslErrors()));
  }
  char* pem = nullptr;
  const long pem_size = BIO_get_mem_data(bio.get(), &pem);
  parsed.pem.assign(pem, static_cast<size_t>(pem_size));
  return parsed;
}

// The RSA key of an OpenSSH "ssh-rsa" blob, built with EVP_PKEY_fromdata.
absl::StatusOr<ParsedSshPublicKey> ParseOpenSshBlob(std::string_view blob) {
  std::optional<std::string_view> type = ReadField(blob);
  if (!type.has_value()) return Unrecognized("The key blob ends inside its type field.");
  if (*type != kSshRsa) {
    return Unrecognized(absl::StrFormat(
        "The line says ssh-rsa but the key blob names another type (%d bytes).", type->size()));
  }
  std::optional<std::string_view> e_field = ReadField(blob);
  std::optional<std::string_view> n_field = e_field.has_value() ? ReadField(blob) : std::nullopt;
  if (!n_field.has_value()) return Unrecognized("The ssh-rsa blob ends before its e and n.");
  if (!blob.empty()) return Unrecognized("Unexpected bytes after n in the ssh-rsa blob.");
  ASSIGN_OR_RETURN(BignumPtr e, ReadPositiveMpint(*e_field, "public exponent"));
  ASSIGN_OR_RETURN(BignumPtr n, ReadPositiveMpint(*n_field, "modulus"));
  // Checked before OpenSSL builds a key: a modulus of a million bits costs nothing to refuse.
  const int bits = BN_num_bits(n.get());
  if (bits < kMinSshRsaBits || bits > kMaxSshRsaBits) {
    return Invalid(absl::StrFormat("The RSA key has %d bits; IAM takes %d to %d.", bits,
                                   kMinSshRsaBits, kMaxSshRsaBits));
  }

  ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return absl::InternalError(absl::StrFormat("OSSL_PARAM_BLD failed: %s", DrainOpenSslErrors()));
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw_key = nullptr;
  if (params == nullptr || context == nullptr || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw_key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    std::string reasons = DrainOpenSslErrors();
    return Invalid(absl::StrFormat("OpenSSL builds no RSA key of the numbers (%s).",
                                   reasons.empty() ? "no reason given" : reasons));
  }
  EvpPkeyPtr key(raw_key);
  return FromRsaNumbers(n.get(), e.get(), key.get());
}

// "ssh-rsa <base64> [comment]".
absl::StatusOr<ParsedSshPublicKey> ParseOpenSshLine(std::string_view line) {
  if (line.find_first_of("\r\n") != std::string_view::npos) {
    return Unrecognized("An OpenSSH public key is one line.");
  }
  const size_t type_end = line.find_first_of(" \t");
  const std::string_view type = line.substr(0, type_end);
  if (type != kSshRsa) {
    for (std::string_view other : kOtherSshTypes) {
      if (type == other) {
        return Invalid(absl::StrFormat("A %s key; IAM takes RSA keys only.", other));
      }
    }
    return Unrecognized(
        "The body is neither an OpenSSH ssh-rsa line nor a PEM -----BEGIN PUBLIC KEY----- block.");
  }
  if (type_end == std::string_view::npos) return Unrecognized("The ssh-rsa line has no key.");
  std::string_view rest = line.substr(type_end);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  const std::string_view base64 = rest.substr(0, rest.find_first_of(" \t"));
  std::string blob;
  if (base64.empty() || !absl::Base64Unescape(ToAbsl(base64), &blob) || blob.empty()) {
    return Unrecognized("The ssh-rsa key is not valid base64.");
  }
  return ParseOpenSshBlob(blob);
}

// Exactly one "-----BEGIN PUBLIC KEY-----" block, white space only around it.
absl::StatusOr<ParsedSshPublicKey> ParsePem(std::string_view body) {
  if (body.compare(0, kBegin.size(), kBegin) != 0) {
    const std::string_view after = body.substr(kAnyBegin.size());
    return Unrecognized(
        absl::StrFormat("Expected a PEM PUBLIC KEY block, found %s.",
                        after.substr(0, std::min<size_t>(after.find("-----"), 40))));
  }
  const size_t end = body.find(kEnd, kBegin.size());
  if (end == std::string_view::npos) {
    return Unrecognized("The PEM block has no -----END PUBLIC KEY----- line.");
  }
  if (end + kEnd.size() != body.size()) {
    return Unrecognized("Unexpected text after -----END PUBLIC KEY-----.");
  }
  std::string base64;
  for (char c : body.substr(kBegin.size(), end - kBegin.size())) {
    if (!IsSpace(c)) base64 += c;
  }
  std::string der;
  if (base64.empty() || !absl::Base64Unescape(base64, &der) || der.empty()) {
    return Unrecognized("The PEM block is not valid base64.");
  }
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())));
  if (key == nullptr) {
    std::string reasons = DrainOpenSslErrors();
    return Unrecognized(absl::StrFormat("The PEM block is no SubjectPublicKeyInfo (%s).",
                                        reasons.empty() ? "no reason given" : reasons));
  }
  if (cursor != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    return Unrecognized("Unexpected data after the key in the PEM block.");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return Invalid(absl::StrFormat("A %s key; IAM takes RSA keys only.",
                                   OBJ_nid2sn(EVP_PKEY_get_base_id(key.get()))));
  }
  BIGNUM* raw_n = nullptr;
  BIGNUM* raw_e = nullptr;
  EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &raw_n);
  BignumPtr n(raw_n);
  EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &raw_e);
  BignumPtr e(raw_e);
  if (n == nullptr || e == nullptr) return Invalid("The RSA key's numbers cannot be read.");
  return FromRsaNumbers(n.get(), e.get(), key.get());
}

absl::StatusOr<ParsedSshPublicKey> Parse(std::string_view body) {
  body = Trim(body);
  const size_t begin = body.find(kAnyBegin);
  if (begin == 0) {
    if (body.find(kAnyBegin, kAnyBegin.size()) != std::string_view::npos) {
      return Unrecognized("The body must hold exactly one PEM block.");
    }
    return ParsePem(body);
  }
  return ParseOpenSshLine(body);
}

}  // namespace

absl::StatusOr<ParsedSshPublicKey> ParseSshPublicKeyBody(std::string_view body) {
  ERR_clear_error();
  absl::StatusOr<ParsedSshPublicKey> parsed = Parse(body);
  DrainOpenSslErrors();  // leave the queue empty for the next caller on this thread
  return parsed;
}

absl::StatusOr<ParsedSshPublicKey> ParseSshPublicKeyBodyCached(std::string_view body) {
  // Never destroyed: uploads may run at exit.
  static auto* cache = new ParseCache<ParsedSshPublicKey>(&ParseSshPublicKeyBody);
  return cache->Parse(body);
}

}  // namespace fake_iam::internal
