// The record of calls a backend keeps, appended from many threads at once.
#ifndef FAKE_IAM_INTERNAL_CALL_LOG_H_
#define FAKE_IAM_INTERNAL_CALL_LOG_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam::internal {

// Each CPU has a shard to append to, so that concurrent calls do not queue on one lock;
// sequence numbers come from one counter, and a read merges the shards in sequence order.
// Thread-safe.
class CallLog {
 public:
  // Gives the call the next sequence number (1, 2, ... since the last Clear) and keeps it.
  void Append(RecordedCall call);
  // The calls in sequence order; only those of `operation` when given.
  std::vector<RecordedCall> Calls(std::optional<Operation> operation = std::nullopt) const;
  void Clear();

 private:
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::vector<RecordedCall> calls ABSL_GUARDED_BY(mu);
  };

  std::array<std::unique_lock<std::mutex>, kShards> LockAll() const;

  std::array<Shard, kShards> shards_;
  // Read and bumped under a shard's lock; reset under all of them, so that no call of the
  // previous epoch can carry a number of the next.
  std::atomic<uint64_t> last_sequence_{0};
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_CALL_LOG_H_
