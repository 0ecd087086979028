// The backend's clock: live (real time plus an offset) or frozen at a time the test sets.
#ifndef FAKE_IAM_INTERNAL_CLOCK_H_
#define FAKE_IAM_INTERNAL_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

#include "absl/time/time.h"

namespace fake_iam::internal {

// Thread-safe. Every call reads the clock, so Now() takes no lock and writes nothing shared: the
// rare writers publish under a sequence number that readers check (a seqlock). Times are kept as
// nanoseconds, which covers the years 1678 to 2262.
class Clock {
 public:
  // Frozen at `frozen_at` when given; live otherwise.
  explicit Clock(std::optional<absl::Time> frozen_at);

  absl::Time Now() const;
  bool frozen() const;
  void Advance(absl::Duration duration);  // frozen: moves the time; live: adds to the offset
  void Freeze(absl::Time time);
  void Live();  // real time again, without offset

 private:
  // Runs `change` on (frozen, nanos) as one step that readers see whole.
  template <typename Change>
  void Write(Change change);

  std::mutex write_mu_;
  std::atomic<uint64_t> sequence_{0};  // odd while a write is under way
  std::atomic<bool> frozen_;
  std::atomic<int64_t> nanos_;  // frozen: the time since the epoch; live: the offset
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_CLOCK_H_
