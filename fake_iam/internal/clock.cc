#include "fake_iam/internal/clock.h"

#include "absl/time/clock.h"

namespace fake_iam::internal {

Clock::Clock(std::optional<absl::Time> frozen_at)
    : frozen_(frozen_at.has_value()), nanos_(frozen_at ? absl::ToUnixNanos(*frozen_at) : 0) {}

absl::Time Clock::Now() const {
  while (true) {
    const uint64_t before = sequence_.load(std::memory_order_acquire);
    const bool frozen = frozen_.load(std::memory_order_relaxed);
    const int64_t nanos = nanos_.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (before % 2 == 0 && sequence_.load(std::memory_order_relaxed) == before) {
      return frozen ? absl::FromUnixNanos(nanos) : absl::Now() + absl::Nanoseconds(nanos);
    }
  }
}

bool Clock::frozen() const { return frozen_.load(std::memory_order_acquire); }

template <typename Change>
void Clock::Write(Change change) {
  std::lock_guard<std::mutex> lock(write_mu_);
  sequence_.fetch_add(1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  bool frozen = frozen_.load(std::memory_order_relaxed);
  int64_t nanos = nanos_.load(std::memory_order_relaxed);
  change(frozen, nanos);
  frozen_.store(frozen, std::memory_order_relaxed);
  nanos_.store(nanos, std::memory_order_relaxed);
  sequence_.fetch_add(1, std::memory_order_release);
}

void Clock::Advance(absl::Duration duration) {
  Write([&](bool&, int64_t& nanos) { nanos += absl::ToInt64Nanoseconds(duration); });
}

void Clock::Freeze(absl::Time time) {
  Write([&](bool& frozen, int64_t& nanos) {
    frozen = true;
    nanos = absl::ToUnixNanos(time);
  });
}

void Clock::Live() {
  Write([](bool& frozen, int64_t& nanos) {
    frozen = false;
    nanos = 0;
  });
}

}  // namespace fake_iam::internal
