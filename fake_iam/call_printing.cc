// The printers of a call's parts: IamErrorCode (fake_iam/errors.h), Operation
// (fake_iam/operation.h), CallerIdentity (fake_iam/caller_identity.h) and the RecordedCall that
// holds them (fake_iam/recorded_call.h). The requests inside print as fake_iam/model.h says.
#include <ostream>
#include <variant>

#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/printing.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam {

void PrintTo(IamErrorCode code, std::ostream* os) {
  // A value cast from outside the enum has no name, and IamErrorCodeName must not be asked for it.
  for (IamErrorCode known : kAllIamErrorCodes) {
    if (known == code) {
      *os << IamErrorCodeName(code);
      return;
    }
  }
  *os << "IamErrorCode(" << static_cast<int>(code) << ")";
}

std::ostream& operator<<(std::ostream& os, IamErrorCode code) {
  PrintTo(code, &os);
  return os;
}

void PrintTo(Operation operation, std::ostream* os) {
  for (Operation known : kAllOperations) {
    if (known == operation) {
      *os << OperationName(operation);
      return;
    }
  }
  *os << "Operation(" << static_cast<int>(operation) << ")";
}

std::ostream& operator<<(std::ostream& os, Operation operation) {
  PrintTo(operation, &os);
  return os;
}

void PrintTo(const CallerIdentity& caller, std::ostream* os) { *os << caller.ToString(); }

void PrintTo(const RecordedCall& call, std::ostream* os) {
  MemberPrinter printer(os, "RecordedCall");
  printer.Member("sequence") << call.sequence;
  PrintTo(call.operation, &printer.Member("operation"));
  PrintTo(call.caller, &printer.Member("caller"));
  printer.Member("time") << DescribeTime(call.time);
  std::visit([&printer](const auto& request) { PrintTo(request, &printer.Member("request")); },
             call.request);
  printer.Member("status") << DescribeStatus(call.status);
  printer.Member("injected") << (call.injected ? "true" : "false");
}

std::ostream& operator<<(std::ostream& os, const RecordedCall& call) {
  PrintTo(call, &os);
  return os;
}

}  // namespace fake_iam
