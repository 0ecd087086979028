// A process-wide memo of a body parser: a test suite uploads the same few certificates and keys
// again and again (to a fresh backend per test, or after a delete), and OpenSSL's parse costs far
// more than a hash and a lookup. The certificate parser (validation_cache.h) and the SSH key
// parser (ssh_public_key.h) each keep one.
#ifndef FAKE_IAM_INTERNAL_PARSE_CACHE_H_
#define FAKE_IAM_INTERNAL_PARSE_CACHE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam::internal {

// At most this many results, and this many bytes of bodies, per cache; it starts over when full.
inline constexpr size_t kValidationCacheSize = 4096;
inline constexpr size_t kValidationCacheBytes = 8 << 20;

// Answers `parse(body)` from memory when the same body was parsed before. Results must depend on
// the body alone (dates are checked by each backend against its own clock). Keyed by the body
// itself, hashed with absl::Hash: a hit costs a hash and one comparison, and no two bodies can be
// mistaken for each other. Thread-safe.
template <typename Parsed>
class ParseCache {
 public:
  using Parser = absl::StatusOr<Parsed> (*)(std::string_view body);

  explicit ParseCache(Parser parse) : parse_(parse) {}

  absl::StatusOr<Parsed> Parse(std::string_view body) {
    {
      ReaderLock lock(&mu_);
      auto it = results_.find(ToAbsl(body));
      if (it != results_.end()) return it->second;
    }
    absl::StatusOr<Parsed> parsed = parse_(body);  // outside the lock: OpenSSL takes its time
    WriterLock lock(&mu_);
    // Starting over keeps the bound without bookkeeping per lookup; a suite's working set is far
    // smaller than the bound.
    if (results_.size() >= kValidationCacheSize || bytes_ + body.size() > kValidationCacheBytes) {
      results_.clear();
      bytes_ = 0;
    }
    if (results_.insert_or_assign(std::string(body), parsed).second) bytes_ += body.size();
    return parsed;
  }

 private:
  const Parser parse_;
  SharedMutex mu_;
  absl::flat_hash_map<std::string, absl::StatusOr<Parsed>> results_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;  // of the bodies held
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_PARSE_CACHE_H_
