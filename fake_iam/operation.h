// The IAM operations fake_iam serves, which errors each can return (docs/behavior.md's table), and
// how an operation prints.
#ifndef FAKE_IAM_OPERATION_H_
#define FAKE_IAM_OPERATION_H_

#include <optional>
#include <ostream>
#include <string_view>

#include "fake_iam/errors.h"
#include "fake_iam/operation_list.h"

namespace fake_iam {

// kListSigningCertificates, kUploadSigningCertificate, ...: one per FAKE_IAM_OPERATIONS entry, in
// its order.
enum class Operation {
#define FAKE_IAM_OPERATION_ENUMERATOR(Name, Result, Errors) k##Name,
  FAKE_IAM_OPERATIONS(FAKE_IAM_OPERATION_ENUMERATOR)
#undef FAKE_IAM_OPERATION_ENUMERATOR
};

inline constexpr Operation kAllOperations[] = {
#define FAKE_IAM_OPERATION_VALUE(Name, Result, Errors) Operation::k##Name,
    FAKE_IAM_OPERATIONS(FAKE_IAM_OPERATION_VALUE)
#undef FAKE_IAM_OPERATION_VALUE
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
