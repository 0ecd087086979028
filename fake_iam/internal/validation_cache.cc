#include "fake_iam/internal/validation_cache.h"

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "fake_iam/internal/openssl_util.h"
#include "fake_iam/internal/shared_mutex.h"

namespace fake_iam::internal {
namespace {

class ValidationCache {
 public:
  std::optional<absl::StatusOr<ParsedCertificate>> Find(const std::string& key) {
    ReaderLock lock(&mu_);
    auto it = results_.find(key);
    if (it == results_.end()) return std::nullopt;
    return it->second;
  }

  void Insert(std::string key, const absl::StatusOr<ParsedCertificate>& result) {
    WriterLock lock(&mu_);
    // Starting over keeps the bound without bookkeeping per lookup; a suite's working set of
    // certificates is far smaller than the bound.
    if (results_.size() >= kValidationCacheSize) results_.clear();
    results_.insert_or_assign(std::move(key), result);
  }

 private:
  SharedMutex mu_;
  absl::flat_hash_map<std::string, absl::StatusOr<ParsedCertificate>> results_
      ABSL_GUARDED_BY(mu_);
};

ValidationCache& Cache() {
  static auto* cache = new ValidationCache();  // never destroyed: uploads may run at exit
  return *cache;
}

}  // namespace

absl::StatusOr<ParsedCertificate> ParseCertificateBodyCached(std::string_view body) {
  std::string key = Sha256(body);
  if (auto cached = Cache().Find(key)) return *std::move(cached);
  absl::StatusOr<ParsedCertificate> parsed = ParseCertificateBody(body);
  Cache().Insert(std::move(key), parsed);
  return parsed;
}

}  // namespace fake_iam::internal
