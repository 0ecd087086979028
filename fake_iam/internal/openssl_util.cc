#include "fake_iam/internal/openssl_util.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>
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

std::string Sha1(std::string_view data) {
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);  // fetched once, as above
  std::string digest(SHA_DIGEST_LENGTH, '\0');
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(digest.data()), nullptr,
             sha1, nullptr);
  return digest;
}

absl::StatusOr<std::string> HmacSha256(std::string_view key, std::string_view data) {
  // OpenSSL 3 looks algorithms up under a process-wide lock; HMAC() would do so on every call,
  // which stops concurrent requests from scaling. A context set up once is copied instead.
  static EVP_MAC_CTX* const prototype = [] {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* context = mac == nullptr ? nullptr : EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context keeps its own reference
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (context != nullptr && EVP_MAC_CTX_set_params(context, params) != 1) {
      EVP_MAC_CTX_free(context);
      context = nullptr;
    }
    return context;
  }();
  ERR_clear_error();
  EvpMacCtxPtr context(prototype == nullptr ? nullptr : EVP_MAC_CTX_dup(prototype));
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (context == nullptr ||
      EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   nullptr) != 1 ||
      EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(context.get(), mac, &length, sizeof(mac)) != 1) {
    return absl::InternalError("HMAC-SHA256 failed: " + DrainOpenSslErrors());
  }
  return std::string(reinterpret_cast<const char*>(mac), length);
}

}  // namespace fake_iam::internal
