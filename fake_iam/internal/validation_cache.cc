#include "fake_iam/internal/validation_cache.h"

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam::internal {
namespace {

// Keyed by the body itself, hashed with absl::Hash: a hit costs a hash and one comparison, far
// less than a cryptographic digest of the body, and no two bodies can be mistaken for each other.
class ValidationCache {
 public:
  std::optional<absl::StatusOr<ParsedCertificate>> Find(std::string_view body) {
    ReaderLock lock(&mu_);
    auto it = results_.find(ToAbsl(body));
    if (it == results_.end()) return std::nullopt;
    return it->second;
  }

  void Insert(std::string_view body, const absl::StatusOr<ParsedCertificate>& result) {
    WriterLock lock(&mu_);
    // Starting over keeps the bound without bookkeeping per lookup; a suite's working set of
    // certificates is far smaller than the bound.
    if (results_.size() >= kValidationCacheSize || bytes_ + body.size() > kValidationCacheBytes) {
      results_.clear();
      bytes_ = 0;
    }
    if (results_.insert_or_assign(std::string(body), result).second) bytes_ += body.size();
  }

 private:
  SharedMutex mu_;
  absl::flat_hash_map<std::string, absl::StatusOr<ParsedCertificate>> results_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;  // of the bodies held
};

ValidationCache& Cache() {
  static auto* cache = new ValidationCache();  // never destroyed: uploads may run at exit
  return *cache;
}

}  // namespace

absl::StatusOr<ParsedCertificate> ParseCertificateBodyCached(std::string_view body) {
  if (auto cached = Cache().Find(body)) return *std::move(cached);
  absl::StatusOr<ParsedCertificate> parsed = ParseCertificateBody(body);
  Cache().Insert(body, parsed);
  return parsed;
}

}  // namespace fake_iam::internal
