// The IAM operations fake_iam serves, which errors each can return (docs/behavior.md's table), and
// how an operation prints.
#ifndef FAKE_IAM_OPERATION_H_
#define FAKE_IAM_OPERATION_H_

#include <optional>
#include <ostream>
#include <string_view>

#include "fake_iam/errors.h"

namespace fake_iam {

enum class Operation {
  kListSigningCertificates,
  kUploadSigningCertificate,
  kUpdateSigningCertificate,
  kDeleteSigningCertificate,
  kCreateUser,
  kGetUser,
  kDeleteUser,
  kListUsers,
};

inline constexpr Operation kAllOperations[] = {
    Operation::kListSigningCertificates,
    Operation::kUploadSigningCertificate,
    Operation::kUpdateSigningCertificate,
    Operation::kDeleteSigningCertificate,
    Operation::kCreateUser,
    Operation::kGetUser,
    Operation::kDeleteUser,
    Operation::kListUsers,
};

// The wire Action name: "UploadSigningCertificate".
std::string_view OperationName(Operation operation);
// The Action name back to the operation; nullopt for an action fake_iam does not serve.
std::optional<Operation> OperationFromName(std::string_view name);

// Whether IAM can answer the operation with the error: its row of docs/behavior.md's table, plus
// ValidationError and Throttling, which every operation can return, and InvalidInput for the list
// operations (a marker the fake did not issue, docs/behavior.md "Listing").
bool OperationCanReturn(Operation operation, IamErrorCode code);

// The Action name, as OperationName, and "Operation(99)" for a value outside the enum; gtest finds
// PrintTo by argument-dependent lookup, and operator<< prints the same (fake_iam/call_printing.cc).
void PrintTo(Operation operation, std::ostream* os);
std::ostream& operator<<(std::ostream& os, Operation operation);

}  // namespace fake_iam

#endif  // FAKE_IAM_OPERATION_H_
