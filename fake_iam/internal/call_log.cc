#include "fake_iam/internal/call_log.h"

#include <algorithm>

namespace fake_iam::internal {

void CallLog::Append(RecordedCall call) {
  Shard& shard = shards_[ThreadShard()];
  std::lock_guard<std::mutex> lock(shard.mu);
  call.sequence = last_sequence_.fetch_add(1, std::memory_order_relaxed) + 1;
  shard.calls.push_back(std::move(call));
}

std::array<std::unique_lock<std::mutex>, kShards> CallLog::LockAll() const {
  std::array<std::unique_lock<std::mutex>, kShards> locks;
  for (size_t i = 0; i < kShards; ++i) locks[i] = std::unique_lock<std::mutex>(shards_[i].mu);
  return locks;
}

std::vector<RecordedCall> CallLog::Calls(std::optional<Operation> operation) const {
  auto locks = LockAll();  // a consistent cut: no call numbered between two we return is missing
  std::vector<RecordedCall> calls;
  for (const Shard& shard : shards_) {
    for (const RecordedCall& call : shard.calls) {
      if (!operation || call.operation == *operation) calls.push_back(call);
    }
  }
  std::sort(calls.begin(), calls.end(),
            [](const RecordedCall& a, const RecordedCall& b) { return a.sequence < b.sequence; });
  return calls;
}

void CallLog::Clear() {
  auto locks = LockAll();
  for (Shard& shard : shards_) shard.calls.clear();
  last_sequence_.store(0, std::memory_order_relaxed);
}

}  // namespace fake_iam::internal
