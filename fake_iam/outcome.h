// What a call of an operation returns: Outcome<Result> is absl::StatusOr<Result>, or absl::Status
// for an operation that answers with metadata only (Outcome<void>).
#ifndef FAKE_IAM_OUTCOME_H_
#define FAKE_IAM_OUTCOME_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fake_iam {

template <typename Result>
struct OutcomeOf {
  using type = absl::StatusOr<Result>;
};
template <>
struct OutcomeOf<void> {
  using type = absl::Status;
};
template <typename Result>
using Outcome = typename OutcomeOf<Result>::type;

}  // namespace fake_iam

#endif  // FAKE_IAM_OUTCOME_H_
