#include "fake_iam/internal/call_log.h"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace fake_iam::internal {

void CallLog::Append(RecordedCall call) {
  const size_t index = ThreadShard();
  Shard& shard = shards_[index];
  std::lock_guard<std::mutex> lock(shard.mu);
  const int64_t stamp = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
  shard.entries.push_back(Entry{stamp, index, std::move(call)});
}

std::array<std::unique_lock<std::mutex>, kShards> CallLog::LockAll() const {
  std::array<std::unique_lock<std::mutex>, kShards> locks;
  for (size_t i = 0; i < kShards; ++i) locks[i] = std::unique_lock<std::mutex>(shards_[i].mu);
  return locks;
}

std::vector<RecordedCall> CallLog::Calls(std::optional<Operation> operation) const {
  std::vector<const Entry*> entries;
  auto locks = LockAll();
  for (size_t i = 0; i < kShards; ++i) {
    for (const Entry& entry : shards_[i].entries) entries.push_back(&entry);
  }
  // Stable: two calls of one shard with the same stamp keep the order they were appended in.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) {
    return std::tie(a->stamp, a->shard) < std::tie(b->stamp, b->shard);
  });
  std::vector<RecordedCall> calls;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (operation && entries[i]->call.operation != *operation) continue;
    calls.push_back(entries[i]->call);
    calls.back().sequence = i + 1;
  }
  return calls;
}

void CallLog::Clear() {
  auto locks = LockAll();
  for (size_t i = 0; i < kShards; ++i) shards_[i].entries.clear();
}

}  // namespace fake_iam::internal
