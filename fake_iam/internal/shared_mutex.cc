#include "fake_iam/internal/shared_mutex.h"

#include <sched.h>

namespace fake_iam::internal {

size_t ThreadShard() {
  // The CPU the thread runs on: two threads running at the same moment are on different CPUs, so
  // they never share a stripe; a thread that moves afterwards only costs a cache miss.
  int cpu = sched_getcpu();
  return cpu < 0 ? 0 : static_cast<size_t>(cpu) % kShards;
}

}  // namespace fake_iam::internal
