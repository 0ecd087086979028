#include "fake_iam/internal/marker.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "fake_iam/internal/openssl_util.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam::internal {
namespace {

constexpr size_t kTagSize = 16;  // bytes of HMAC-SHA256 kept

}  // namespace

MarkerCodec::MarkerCodec(uint64_t seed)
    : key_(Sha256(absl::StrCat("fake_iam marker key ", seed))) {}

std::string MarkerCodec::Tag(std::string_view scope, std::string_view position) const {
  // The scope's length goes first so that no (scope, position) pair can pose as another.
  std::string message = absl::StrCat(scope.size(), ":");
  message.append(scope).append(position);
  // HMAC over a key of ours and a short message does not fail; an empty tag would match nothing.
  absl::StatusOr<std::string> mac = HmacSha256(key_, message);
  return mac.ok() ? mac->substr(0, kTagSize) : std::string();
}

std::string MarkerCodec::Encode(std::string_view scope, std::string_view position) const {
  std::string raw(position);
  raw += Tag(scope, position);
  std::string marker;
  absl::WebSafeBase64Escape(raw, &marker);
  return marker;
}

std::optional<std::string> MarkerCodec::Decode(std::string_view scope,
                                               std::string_view marker) const {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(ToAbsl(marker), &raw) ||
      raw.size() < kTagSize) {
    return std::nullopt;
  }
  std::string position = raw.substr(0, raw.size() - kTagSize);
  std::string tag = Tag(scope, position);
  if (CRYPTO_memcmp(tag.data(), raw.data() + position.size(), kTagSize) != 0) return std::nullopt;
  return position;
}

}  // namespace fake_iam::internal
