#include "fake_iam/operation.h"

#include <cstdint>
#include <initializer_list>

namespace fake_iam {
namespace {

using E = IamErrorCode;

constexpr uint32_t Mask(std::initializer_list<IamErrorCode> codes) {
  uint32_t mask = 0;
  for (IamErrorCode code : codes) mask |= 1u << static_cast<int>(code);
  return mask;
}

struct OperationInfo {
  Operation operation;
  std::string_view name;
  uint32_t errors;  // docs/behavior.md's "Errors it can return", a bit per IamErrorCode
};

// In Operation order.
constexpr OperationInfo kOperations[] = {
    {Operation::kListSigningCertificates, "ListSigningCertificates",
     // InvalidInput: a marker the fake did not issue (the fake's choice, docs/behavior.md "Listing").
     Mask({E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure})},
    {Operation::kUploadSigningCertificate, "UploadSigningCertificate",
     Mask({E::kLimitExceeded, E::kEntityAlreadyExists, E::kMalformedCertificate,
           E::kInvalidCertificate, E::kDuplicateCertificate, E::kNoSuchEntity,
           E::kConcurrentModification, E::kServiceFailure})},
    {Operation::kUpdateSigningCertificate, "UpdateSigningCertificate",
     Mask({E::kNoSuchEntity, E::kLimitExceeded, E::kInvalidInput, E::kServiceFailure})},
    {Operation::kDeleteSigningCertificate, "DeleteSigningCertificate",
     Mask({E::kNoSuchEntity, E::kLimitExceeded, E::kConcurrentModification, E::kServiceFailure})},
    {Operation::kCreateUser, "CreateUser",
     Mask({E::kLimitExceeded, E::kEntityAlreadyExists, E::kNoSuchEntity, E::kInvalidInput,
           E::kConcurrentModification, E::kServiceFailure})},
    {Operation::kGetUser, "GetUser", Mask({E::kNoSuchEntity, E::kServiceFailure})},
    {Operation::kDeleteUser, "DeleteUser",
     Mask({E::kLimitExceeded, E::kNoSuchEntity, E::kDeleteConflict, E::kConcurrentModification,
           E::kServiceFailure})},
    {Operation::kListUsers, "ListUsers", Mask({E::kInvalidInput, E::kServiceFailure})},
};

}  // namespace

std::string_view OperationName(Operation operation) {
  return kOperations[static_cast<int>(operation)].name;
}

std::optional<Operation> OperationFromName(std::string_view name) {
  for (const OperationInfo& info : kOperations) {
    if (info.name == name) return info.operation;
  }
  return std::nullopt;
}

bool OperationCanReturn(Operation operation, IamErrorCode code) {
  constexpr uint32_t kEveryOperation = Mask({E::kValidationError, E::kThrottling});
  return ((kOperations[static_cast<int>(operation)].errors | kEveryOperation) >>
          static_cast<int>(code)) &
         1u;
}

}  // namespace fake_iam
