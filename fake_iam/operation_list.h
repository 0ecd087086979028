// Every operation fake_iam serves, described once. Everything else per operation derives from this
// list: the Operation enum and its names, which errors each can return, AnyRequest, the IamClient
// methods, FakeIamClient, MockIamClient and FakeIamBackend::Call. The order is the Operation enum's.
//
//   X(Name, Result, (Errors...))
//     Name    the IAM action; the request type is Name##Request and the client method is Name.
//     Result  the result type, or void for an operation that answers with metadata only.
//     Errors  the IAM errors the operation can return, as the API model lists them, besides
//             ValidationError and Throttling, which every operation can return; E stands for
//             IamErrorCode where the list is expanded.
//
// docs/adding-an-operation.md says what else a new operation needs.
#ifndef FAKE_IAM_OPERATION_LIST_H_
#define FAKE_IAM_OPERATION_LIST_H_

#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// clang-format off
#define FAKE_IAM_OPERATIONS(X)                                                              \
  X(ListSigningCertificates, ListSigningCertificatesResult,                                \
    /* InvalidInput: a marker the fake did not issue (the fake's choice) */                \
    (E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure))                               \
  X(UploadSigningCertificate, UploadSigningCertificateResult,                              \
    (E::kLimitExceeded, E::kEntityAlreadyExists, E::kMalformedCertificate,                  \
     E::kInvalidCertificate, E::kDuplicateCertificate, E::kNoSuchEntity,                    \
     E::kConcurrentModification, E::kServiceFailure))                                       \
  X(UpdateSigningCertificate, void,                                                         \
    (E::kNoSuchEntity, E::kLimitExceeded, E::kInvalidInput, E::kServiceFailure))            \
  X(DeleteSigningCertificate, void,                                                         \
    (E::kNoSuchEntity, E::kLimitExceeded, E::kConcurrentModification, E::kServiceFailure))  \
  X(CreateUser, CreateUserResult,                                                           \
    (E::kLimitExceeded, E::kEntityAlreadyExists, E::kNoSuchEntity, E::kInvalidInput,        \
     E::kConcurrentModification, E::kServiceFailure))                                       \
  X(GetUser, GetUserResult, (E::kNoSuchEntity, E::kServiceFailure))                         \
  X(DeleteUser, void,                                                                       \
    (E::kLimitExceeded, E::kNoSuchEntity, E::kDeleteConflict, E::kConcurrentModification,   \
     E::kServiceFailure))                                                                   \
  X(ListUsers, ListUsersResult,                                                             \
    /* InvalidInput: a marker the fake did not issue (the fake's choice) */                \
    (E::kInvalidInput, E::kServiceFailure))                                                 \
  X(CreateAccessKey, CreateAccessKeyResult,                                                 \
    (E::kNoSuchEntity, E::kLimitExceeded, E::kServiceFailure))                              \
  X(ListAccessKeys, ListAccessKeysResult,                                                   \
    /* InvalidInput: a marker the fake did not issue (the fake's choice) */                \
    (E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure))                               \
  X(UpdateAccessKey, void,                                                                  \
    (E::kNoSuchEntity, E::kLimitExceeded, E::kInvalidInput, E::kServiceFailure))            \
  X(DeleteAccessKey, void,                                                                  \
    (E::kNoSuchEntity, E::kLimitExceeded, E::kServiceFailure))                              \
  X(GetAccessKeyLastUsed, GetAccessKeyLastUsedResult,                                       \
    /* the model lists none: AccessDenied for an unknown key (recorded), ServiceFailure as */ \
    /* every operation can */                                                               \
    (E::kAccessDenied, E::kServiceFailure))                                                                     \
  X(GenerateCredentialReport, GenerateCredentialReportResult,                               \
    (E::kLimitExceeded, E::kServiceFailure))                                                \
  X(GetCredentialReport, GetCredentialReportResult,                                         \
    (E::kReportNotPresent, E::kReportExpired, E::kReportInProgress, E::kServiceFailure))    \
  X(GetAccountSummary, GetAccountSummaryResult, (E::kServiceFailure))
// clang-format on

namespace fake_iam {

// What a call of an operation returns: absl::StatusOr<Result>, or absl::Status when the operation
// has no result.
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

#endif  // FAKE_IAM_OPERATION_LIST_H_
