#include "fake_iam/internal/validation_cache.h"

#include "fake_iam/internal/parse_cache.h"

namespace fake_iam::internal {

absl::StatusOr<ParsedCertificate> ParseCertificateBodyCached(std::string_view body) {
  // Never destroyed: uploads may run at exit.
  static auto* cache = new ParseCache<ParsedCertificate>(&ParseCertificateBody);
  return cache->Parse(body);
}

}  // namespace fake_iam::internal
