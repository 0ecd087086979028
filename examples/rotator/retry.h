// How the rotators retry an IAM call: IAM answers ServiceFailure and Throttling when it is busy,
// and the same call succeeds a moment later, so each call is tried again after a growing wait. Any
// other error is the answer.
//
//   RetryOptions retry;
//   auto listed = WithRetries(retry, [&] { return iam.ListAccessKeys(request); });
#ifndef EXAMPLES_ROTATOR_RETRY_H_
#define EXAMPLES_ROTATOR_RETRY_H_

#include <algorithm>
#include <functional>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"

namespace rotator {

struct RetryOptions {
  // Each IAM call is tried at most this often.
  int max_attempts = 4;
  // The wait before the second attempt; it doubles each time, up to max_backoff.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  // How to wait; tests replace it so they neither sleep nor depend on timing.
  std::function<void(absl::Duration)> sleep = [](absl::Duration d) { absl::SleepFor(d); };
};

inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

// Whether the status carries this IAM error code.
inline bool HasIamError(const absl::Status& status, fake_iam::IamErrorCode code) {
  return fake_iam::IamErrorCodeOf(status) == code;
}

// IAM's answers for "busy, try again": the only ones worth repeating the same call for.
inline bool IsRetryable(const absl::Status& status) {
  return HasIamError(status, fake_iam::IamErrorCode::kServiceFailure) ||
         HasIamError(status, fake_iam::IamErrorCode::kThrottling);
}

// Runs `call` until it succeeds, fails with a non-retryable error, or max_attempts is reached, and
// returns its last answer.
template <typename Call>
auto WithRetries(const RetryOptions& options, const Call& call) -> decltype(call()) {
  absl::Duration backoff = options.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    auto result = call();
    if (!IsRetryable(StatusOf(result)) || attempt >= options.max_attempts) return result;
    options.sleep(backoff);
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

}  // namespace rotator

#endif  // EXAMPLES_ROTATOR_RETRY_H_
