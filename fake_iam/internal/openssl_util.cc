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
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace fake_iam::internal
