// A reader-writer lock for read-mostly state that many threads read at once, with Abseil's
// thread-safety annotations.
//
// Readers scale: the lock is striped over kShards std::shared_mutex, each on a cache line of its
// own; a reader takes only the stripe of the CPU it runs on, so readers on different CPUs never
// write the same cache line. A writer takes every stripe, in order. Writes are rarer and slower.
//
// Why not absl::Mutex: Debian's Abseil is built without ThreadSanitizer hooks, so TSan cannot see
// absl::Mutex's happens-before edges and reports every guarded access as a race; the standard
// library's lock it understands. And a single lock word, written by every reader, is exactly what
// keeps two threads listing from running twice as fast as one.
#ifndef FAKE_IAM_INTERNAL_SHARED_MUTEX_H_
#define FAKE_IAM_INTERNAL_SHARED_MUTEX_H_

#include <cstddef>
#include <memory>
#include <shared_mutex>

#include "absl/base/thread_annotations.h"

namespace fake_iam::internal {

inline constexpr size_t kShards = 8;

// The stripe for the calling thread now, in [0, kShards): its CPU's. The caller keeps the answer
// for the matching unlock.
size_t ThreadShard();

class ABSL_LOCKABLE SharedMutex {
 public:
  SharedMutex() : stripes_(new Stripe[kShards]) {}

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() {
    for (size_t i = 0; i < kShards; ++i) stripes_[i].mu.lock();
  }
  void Unlock() ABSL_UNLOCK_FUNCTION() {
    for (size_t i = 0; i < kShards; ++i) stripes_[i].mu.unlock();
  }
  // Returns the stripe to hand back to ReaderUnlock.
  size_t ReaderLock() ABSL_SHARED_LOCK_FUNCTION() {
    size_t shard = ThreadShard();
    stripes_[shard].mu.lock_shared();
    return shard;
  }
  void ReaderUnlock(size_t shard) ABSL_UNLOCK_FUNCTION() { stripes_[shard].mu.unlock_shared(); }

 private:
  struct alignas(64) Stripe {
    std::shared_mutex mu;
  };
  // On the heap, so that classes holding a SharedMutex are not over-aligned themselves (which
  // some allocators and sanitizer stacks do not honour).
  std::unique_ptr<Stripe[]> stripes_;
};

// Holds the lock exclusively for its scope.
class ABSL_SCOPED_LOCKABLE WriterLock {
 public:
  explicit WriterLock(SharedMutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Holds the lock shared for its scope.
class ABSL_SCOPED_LOCKABLE ReaderLock {
 public:
  explicit ReaderLock(SharedMutex* mu) ABSL_SHARED_LOCK_FUNCTION(mu)
      : mu_(mu), shard_(mu->ReaderLock()) {}
  ~ReaderLock() ABSL_UNLOCK_FUNCTION() { mu_->ReaderUnlock(shard_); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex* const mu_;
  const size_t shard_;
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_SHARED_MUTEX_H_
