// IAM's error codes and how they ride on absl::Status: the canonical absl::StatusCode of
// docs/behavior.md's table, the message, and the IAM code itself as a status payload that
// IamErrorCodeOf reads back. An IamErrorCode prints as its wire name.
#ifndef FAKE_IAM_ERRORS_H_
#define FAKE_IAM_ERRORS_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fake_iam {

enum class IamErrorCode {
  kNoSuchEntity,
  kEntityAlreadyExists,
  kDuplicateCertificate,
  kLimitExceeded,
  kDeleteConflict,
  kConcurrentModification,
  kMalformedCertificate,
  kInvalidCertificate,
  kInvalidInput,
  kValidationError,
  kThrottling,
  kServiceFailure,
  kAccessDenied,
  kReportNotPresent,
  kReportExpired,
  kReportInProgress,
  kUnrecognizedPublicKeyEncoding,
  kInvalidPublicKey,
  kDuplicateSSHPublicKey,
};

// Every code, in declaration order, for table-driven code and tests.
inline constexpr IamErrorCode kAllIamErrorCodes[] = {
    IamErrorCode::kNoSuchEntity,         IamErrorCode::kEntityAlreadyExists,
    IamErrorCode::kDuplicateCertificate, IamErrorCode::kLimitExceeded,
    IamErrorCode::kDeleteConflict,       IamErrorCode::kConcurrentModification,
    IamErrorCode::kMalformedCertificate, IamErrorCode::kInvalidCertificate,
    IamErrorCode::kInvalidInput,         IamErrorCode::kValidationError,
    IamErrorCode::kThrottling,           IamErrorCode::kServiceFailure,
    IamErrorCode::kAccessDenied,         IamErrorCode::kReportNotPresent,
    IamErrorCode::kReportExpired,        IamErrorCode::kReportInProgress,
    IamErrorCode::kUnrecognizedPublicKeyEncoding, IamErrorCode::kInvalidPublicKey,
    IamErrorCode::kDuplicateSSHPublicKey,
};

// The wire name: "NoSuchEntity".
std::string_view IamErrorCodeName(IamErrorCode code);
// The wire name back to the code; nullopt for a name that is not one of the codes above.
std::optional<IamErrorCode> IamErrorCodeFromName(std::string_view name);
// The HTTP status IAM answers with: 404 for NoSuchEntity.
int IamErrorHttpStatus(IamErrorCode code);
// "Sender" or "Receiver", the <Type> of an IAM error response.
std::string_view IamErrorType(IamErrorCode code);
// The absl::StatusCode that MakeIamError uses for the code.
absl::StatusCode IamErrorStatusCode(IamErrorCode code);
// The documentation sentence of the error's shape in the IAM API model; the default message of an
// injected fault.
std::string_view IamErrorDefaultMessage(IamErrorCode code);

// A status with the canonical code of docs/behavior.md's table, the message, and the IAM code as payload.
absl::Status MakeIamError(IamErrorCode code, std::string_view message);
// The IAM code a status carries; nullopt for OK and for statuses not made by MakeIamError.
std::optional<IamErrorCode> IamErrorCodeOf(const absl::Status& status);

// The fake's own explanation of an error, beside IAM's words: IAM answers a body that is not a
// certificate with "Certificate <body> is malformed.", and the diagnosis says why ("The body holds
// no PEM block"). It rides as a second payload, so the wire and SDKs never see it, while the
// recorded call, the server's log and the IsIamError matcher show it.
absl::Status WithDiagnosis(absl::Status status, std::string_view diagnosis);
// The diagnosis a status carries; nullopt when it has none.
std::optional<std::string> IamErrorDiagnosis(const absl::Status& status);

// The wire name, as IamErrorCodeName, and "IamErrorCode(99)" for a value outside the enum; gtest
// finds PrintTo by argument-dependent lookup, and operator<< prints the same
// (fake_iam/call_printing.cc).
void PrintTo(IamErrorCode code, std::ostream* os);
std::ostream& operator<<(std::ostream& os, IamErrorCode code);

}  // namespace fake_iam

#endif  // FAKE_IAM_ERRORS_H_
