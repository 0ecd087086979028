// Status plumbing for fake_iam's own .cc files, as the Cloud Spanner emulator and ZetaSQL write it:
//
//   RETURN_IF_ERROR(CheckInput(request));
//   ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
//
// Internal: never included by an installed header.
#ifndef FAKE_IAM_INTERNAL_STATUS_MACROS_H_
#define FAKE_IAM_INTERNAL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status of `expr` (an absl::Status) from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                                                \
  do {                                                                       \
    if (::absl::Status fake_iam_status_ = (expr); !fake_iam_status_.ok()) {  \
      return fake_iam_status_;                                               \
    }                                                                        \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>): returns its status from the enclosing function when it
// is not OK, else declares or assigns `lhs` from its value.
#define ASSIGN_OR_RETURN(lhs, expr) \
  FAKE_IAM_ASSIGN_OR_RETURN_IMPL_(FAKE_IAM_STATUS_CONCAT_(fake_iam_statusor_, __LINE__), lhs, expr)

#define FAKE_IAM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = *std::move(statusor)

#define FAKE_IAM_STATUS_CONCAT_(a, b) FAKE_IAM_STATUS_CONCAT_INNER_(a, b)
#define FAKE_IAM_STATUS_CONCAT_INNER_(a, b) a##b

#endif  // FAKE_IAM_INTERNAL_STATUS_MACROS_H_
