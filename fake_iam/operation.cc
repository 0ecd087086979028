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
  uint32_t errors;  // a bit per IamErrorCode
};

#define FAKE_IAM_UNPARENTHESIZE(...) __VA_ARGS__
#define FAKE_IAM_OPERATION_INFO(Name, Result, Errors) \
  {Operation::k##Name, #Name, Mask({FAKE_IAM_UNPARENTHESIZE Errors})},

// In Operation order, by construction.
constexpr OperationInfo kOperations[] = {FAKE_IAM_OPERATIONS(FAKE_IAM_OPERATION_INFO)};

#undef FAKE_IAM_OPERATION_INFO
#undef FAKE_IAM_UNPARENTHESIZE

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
