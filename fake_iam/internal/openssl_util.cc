#include "fake_iam/internal/openssl_util.h"

#include <openssl/err.h>
#include <openssl/sha.h>

namespace fake_iam::internal {

std::string DrainOpenSslErrors() {
  std::string reasons;
  while (unsigned long error = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(error);
    if (!reasons.empty()) reasons += "; ";
    reasons += reason != nullptr ? reason : "unknown error";
  }
  return reasons;
}

std::string Sha256(std::string_view data) {
  // Fetched once: OpenSSL 3 would otherwise look the algorithm up again on every digest, which
  // costs more than hashing a short input.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(digest.data()), nullptr,
             sha256, nullptr);
  return digest;
}

}  // namespace fake_iam::internal
