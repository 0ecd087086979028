// The record of calls a backend keeps, appended from many threads at once.
#ifndef FAKE_IAM_INTERNAL_CALL_LOG_H_
#define FAKE_IAM_INTERNAL_CALL_LOG_H_

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam::internal {

// Each CPU has a shard to append to, so that concurrent calls share no lock and no counter: a
// call is stamped with the monotonic clock inside its shard's lock, and a read, holding every
// shard's lock, merges the shards by stamp and numbers the calls 1, 2, ... in that order. A call
// appended after a read is stamped after every call that read saw, so numbers never change
// between reads. Thread-safe.
class CallLog {
 public:
  void Append(RecordedCall call);
  // The calls in answer order, numbered from 1 since the last Clear; only those of `operation`
  // when given (numbered as among all calls).
  std::vector<RecordedCall> Calls(std::optional<Operation> operation = std::nullopt) const;
  void Clear();

 private:
  struct Entry {
    int64_t stamp;  // steady clock nanoseconds, taken under the shard's lock
    size_t shard;   // breaks ties between shards, the same way in every read
    RecordedCall call;
  };
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::vector<Entry> entries ABSL_GUARDED_BY(mu);
  };

  std::array<std::unique_lock<std::mutex>, kShards> LockAll() const;

  // On the heap, so that the backend holding the log is not over-aligned itself.
  std::unique_ptr<Shard[]> shards_ = std::unique_ptr<Shard[]>(new Shard[kShards]);
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_CALL_LOG_H_
