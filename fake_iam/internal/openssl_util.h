// Ownership and errors for OpenSSL objects: every object is held by a std::unique_ptr with its
// free function from the moment it exists, and the error queue is read into messages.
#ifndef FAKE_IAM_INTERNAL_OPENSSL_UTIL_H_
#define FAKE_IAM_INTERNAL_OPENSSL_UTIL_H_

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fake_iam::internal {

template <auto kFree>
struct OpenSslFree {
  template <typename T>
  void operator()(T* object) const {
    kFree(object);
  }
};

using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpenSslFree<EVP_MAC_CTX_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslFree<X509_NAME_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, OpenSslFree<X509_REQ_free>>;

// Empties this thread's OpenSSL error queue and returns its reasons joined by "; " (empty if none).
std::string DrainOpenSslErrors();

// SHA-256 of `data`, 32 raw bytes.
std::string Sha256(std::string_view data);

// SHA-1 of `data`, 20 raw bytes: IAM names a signing certificate by the SHA-1 of its DER.
std::string Sha1(std::string_view data);

// HMAC-SHA256 of `data` under `key`, 32 raw bytes; an Internal error only if OpenSSL fails.
absl::StatusOr<std::string> HmacSha256(std::string_view key, std::string_view data);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_OPENSSL_UTIL_H_
