#include "fake_iam/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "fake_iam/internal/error_type.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam {
namespace {

// The status payload that carries the IAM code's wire name.
constexpr char kPayloadUrl[] = "type.googleapis.com/fake_iam.IamErrorCode";
// The status payload that carries the fake's diagnosis.
constexpr char kDiagnosisUrl[] = "type.googleapis.com/fake_iam.Diagnosis";

struct ErrorInfo {
  IamErrorCode code;
  std::string_view name;
  int http_status;
  absl::StatusCode status_code;
  std::string_view message;  // the error shape's documentation in the IAM API model
};

// docs/behavior.md's "Error codes" table, in IamErrorCode order.
constexpr ErrorInfo kErrors[] = {
    {IamErrorCode::kNoSuchEntity, "NoSuchEntity", 404, absl::StatusCode::kNotFound,
     "The request was rejected because it referenced a resource entity that does not exist. The "
     "error message describes the resource."},
    {IamErrorCode::kEntityAlreadyExists, "EntityAlreadyExists", 409,
     absl::StatusCode::kAlreadyExists,
     "The request was rejected because it attempted to create a resource that already exists."},
    {IamErrorCode::kDuplicateCertificate, "DuplicateCertificate", 409,
     absl::StatusCode::kAlreadyExists,
     "The request was rejected because the same certificate is associated with an IAM user in the "
     "account."},
    {IamErrorCode::kLimitExceeded, "LimitExceeded", 409, absl::StatusCode::kResourceExhausted,
     "The request was rejected because it attempted to create resources beyond the current Amazon "
     "Web Services account limits. The error message describes the limit exceeded."},
    {IamErrorCode::kDeleteConflict, "DeleteConflict", 409, absl::StatusCode::kFailedPrecondition,
     "The request was rejected because it attempted to delete a resource that has attached "
     "subordinate entities. The error message describes these entities."},
    {IamErrorCode::kConcurrentModification, "ConcurrentModification", 409,
     absl::StatusCode::kAborted,
     "The request was rejected because multiple requests to change this object were submitted "
     "simultaneously. Wait a few minutes and submit your request again."},
    {IamErrorCode::kMalformedCertificate, "MalformedCertificate", 400,
     absl::StatusCode::kInvalidArgument,
     "The request was rejected because the certificate was malformed or expired. The error message "
     "describes the specific error."},
    {IamErrorCode::kInvalidCertificate, "InvalidCertificate", 400,
     absl::StatusCode::kInvalidArgument,
     "The request was rejected because the certificate is invalid."},
    {IamErrorCode::kInvalidInput, "InvalidInput", 400, absl::StatusCode::kInvalidArgument,
     "The request was rejected because an invalid or out-of-range value was supplied for an input "
     "parameter."},
    {IamErrorCode::kValidationError, "ValidationError", 400, absl::StatusCode::kInvalidArgument,
     "The input fails to satisfy the constraints specified by an AWS service."},
    {IamErrorCode::kThrottling, "Throttling", 400, absl::StatusCode::kUnavailable, "Rate exceeded"},
    {IamErrorCode::kServiceFailure, "ServiceFailure", 500, absl::StatusCode::kInternal,
     "The request processing has failed because of an unknown error, exception or failure."},
    {IamErrorCode::kAccessDenied, "AccessDenied", 403, absl::StatusCode::kPermissionDenied,
     "User is not authorized to perform this action."},
    {IamErrorCode::kReportNotPresent, "ReportNotPresent", 410,
     absl::StatusCode::kFailedPrecondition,
     "The request was rejected because the credential report does not exist. To generate a "
     "credential report, use GenerateCredentialReport."},
    {IamErrorCode::kReportExpired, "ReportExpired", 410, absl::StatusCode::kFailedPrecondition,
     "The request was rejected because the most recent credential report has expired. To generate "
     "a new credential report, use GenerateCredentialReport. For more information about credential "
     "report expiration, see Getting credential reports in the IAM User Guide."},
    {IamErrorCode::kReportInProgress, "ReportInProgress", 404, absl::StatusCode::kUnavailable,
     "The request was rejected because the credential report is still being generated."},
    {IamErrorCode::kUnrecognizedPublicKeyEncoding, "UnrecognizedPublicKeyEncoding", 400,
     absl::StatusCode::kInvalidArgument,
     "The request was rejected because the public key encoding format is unsupported or "
     "unrecognized."},
    {IamErrorCode::kInvalidPublicKey, "InvalidPublicKey", 400, absl::StatusCode::kInvalidArgument,
     "The request was rejected because the public key is malformed or otherwise invalid."},
    {IamErrorCode::kDuplicateSSHPublicKey, "DuplicateSSHPublicKey", 400,
     absl::StatusCode::kAlreadyExists,
     "The request was rejected because the SSH public key is already associated with the specified "
     "IAM user."},
};

const ErrorInfo& Info(IamErrorCode code) { return kErrors[static_cast<int>(code)]; }

}  // namespace

std::string_view IamErrorCodeName(IamErrorCode code) { return Info(code).name; }

std::optional<IamErrorCode> IamErrorCodeFromName(std::string_view name) {
  for (const ErrorInfo& info : kErrors) {
    if (info.name == name) return info.code;
  }
  return std::nullopt;
}

int IamErrorHttpStatus(IamErrorCode code) { return Info(code).http_status; }

std::string_view IamErrorType(IamErrorCode code) {
  return internal::ErrorTypeForHttpStatus(Info(code).http_status);
}

absl::StatusCode IamErrorStatusCode(IamErrorCode code) { return Info(code).status_code; }

std::string_view IamErrorDefaultMessage(IamErrorCode code) { return Info(code).message; }

absl::Status MakeIamError(IamErrorCode code, std::string_view message) {
  absl::Status status(Info(code).status_code, internal::ToAbsl(message));
  status.SetPayload(kPayloadUrl, absl::Cord(std::string(Info(code).name)));
  return status;
}

std::optional<IamErrorCode> IamErrorCodeOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return std::nullopt;
  std::optional<IamErrorCode> code = IamErrorCodeFromName(std::string(*payload));
  // A payload that disagrees with the status code was not made by MakeIamError.
  if (!code || Info(*code).status_code != status.code()) return std::nullopt;
  return code;
}

absl::Status WithDiagnosis(absl::Status status, std::string_view diagnosis) {
  if (!status.ok()) status.SetPayload(kDiagnosisUrl, absl::Cord(std::string(diagnosis)));
  return status;
}

std::optional<std::string> IamErrorDiagnosis(const absl::Status& status) {
  auto payload = status.GetPayload(kDiagnosisUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace fake_iam
