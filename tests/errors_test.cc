// IAM error codes (docs/behavior.md "Error codes") and operations (docs/behavior.md "Operations").
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "fake_iam/errors.h"
#include "fake_iam/operation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam {
namespace {

using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

// docs/behavior.md "Error codes", written out.
struct ErrorRow {
  IamErrorCode code;
  std::string_view wire_name;
  int http_status;
  std::string_view type;
  absl::StatusCode status_code;
};

constexpr ErrorRow kErrorTable[] = {
    {IamErrorCode::kNoSuchEntity, "NoSuchEntity", 404, "Sender", absl::StatusCode::kNotFound},
    {IamErrorCode::kEntityAlreadyExists, "EntityAlreadyExists", 409, "Sender",
     absl::StatusCode::kAlreadyExists},
    {IamErrorCode::kDuplicateCertificate, "DuplicateCertificate", 409, "Sender",
     absl::StatusCode::kAlreadyExists},
    {IamErrorCode::kLimitExceeded, "LimitExceeded", 409, "Sender",
     absl::StatusCode::kResourceExhausted},
    {IamErrorCode::kDeleteConflict, "DeleteConflict", 409, "Sender",
     absl::StatusCode::kFailedPrecondition},
    {IamErrorCode::kConcurrentModification, "ConcurrentModification", 409, "Sender",
     absl::StatusCode::kAborted},
    {IamErrorCode::kMalformedCertificate, "MalformedCertificate", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kInvalidCertificate, "InvalidCertificate", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kInvalidInput, "InvalidInput", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kValidationError, "ValidationError", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kThrottling, "Throttling", 400, "Sender", absl::StatusCode::kUnavailable},
    {IamErrorCode::kServiceFailure, "ServiceFailure", 500, "Receiver",
     absl::StatusCode::kInternal},
    {IamErrorCode::kAccessDenied, "AccessDenied", 403, "Sender",
     absl::StatusCode::kPermissionDenied},
    {IamErrorCode::kReportNotPresent, "ReportNotPresent", 410, "Sender",
     absl::StatusCode::kFailedPrecondition},
    {IamErrorCode::kReportExpired, "ReportExpired", 410, "Sender",
     absl::StatusCode::kFailedPrecondition},
    {IamErrorCode::kReportInProgress, "ReportInProgress", 404, "Sender",
     absl::StatusCode::kUnavailable},
    {IamErrorCode::kUnrecognizedPublicKeyEncoding, "UnrecognizedPublicKeyEncoding", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kInvalidPublicKey, "InvalidPublicKey", 400, "Sender",
     absl::StatusCode::kInvalidArgument},
    {IamErrorCode::kDuplicateSSHPublicKey, "DuplicateSSHPublicKey", 400, "Sender",
     absl::StatusCode::kAlreadyExists},
};

void PrintTo(const ErrorRow& row, std::ostream* os) { *os << row.wire_name; }

class ErrorCodeTest : public ::testing::TestWithParam<ErrorRow> {};

TEST_P(ErrorCodeTest, MatchesSpecTable) {
  const ErrorRow& row = GetParam();
  EXPECT_EQ(IamErrorCodeName(row.code), row.wire_name);
  EXPECT_EQ(IamErrorHttpStatus(row.code), row.http_status);
  EXPECT_EQ(IamErrorType(row.code), row.type);
  EXPECT_EQ(IamErrorStatusCode(row.code), row.status_code);
}

TEST_P(ErrorCodeTest, MakeIamErrorCarriesCodeAndMessage) {
  const ErrorRow& row = GetParam();
  const std::string message = "Something about " + std::string(row.wire_name) + " happened.";
  absl::Status status = MakeIamError(row.code, message);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), row.status_code);
  EXPECT_EQ(status.message(), message);
  EXPECT_THAT(IamErrorCodeOf(status), Optional(row.code));
  // A copy carries the code too (it rides in the status, not beside it).
  absl::Status copy = status;
  EXPECT_THAT(IamErrorCodeOf(copy), Optional(row.code));
}

TEST_P(ErrorCodeTest, NameRoundTrips) {
  const ErrorRow& row = GetParam();
  EXPECT_THAT(IamErrorCodeFromName(row.wire_name), Optional(row.code));
  EXPECT_THAT(IamErrorCodeFromName(IamErrorCodeName(row.code)), Optional(row.code));
}

TEST_P(ErrorCodeTest, HasDefaultMessage) {
  EXPECT_THAT(IamErrorDefaultMessage(GetParam().code), Not(IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(AllCodes, ErrorCodeTest, ::testing::ValuesIn(kErrorTable),
                         [](const ::testing::TestParamInfo<ErrorRow>& info) {
                           return std::string(info.param.wire_name);
                         });

TEST(ErrorCodesTest, TableCoversEveryCodeExactlyOnce) {
  std::set<IamErrorCode> in_table;
  for (const ErrorRow& row : kErrorTable) in_table.insert(row.code);
  std::set<IamErrorCode> all(std::begin(kAllIamErrorCodes), std::end(kAllIamErrorCodes));
  EXPECT_EQ(in_table, all);
  EXPECT_EQ(std::size(kAllIamErrorCodes), std::size(kErrorTable));
}

TEST(ErrorCodesTest, EveryCodeOfTheListRoundTrips) {
  for (IamErrorCode code : kAllIamErrorCodes) {
    SCOPED_TRACE(IamErrorCodeName(code));
    EXPECT_THAT(IamErrorCodeOf(MakeIamError(code, "m")), Optional(code));
    EXPECT_THAT(IamErrorCodeFromName(IamErrorCodeName(code)), Optional(code));
  }
}

TEST(ErrorCodesTest, NamesAreDistinct) {
  std::set<std::string_view> names;
  for (IamErrorCode code : kAllIamErrorCodes) names.insert(IamErrorCodeName(code));
  EXPECT_EQ(names.size(), std::size(kAllIamErrorCodes));
}

TEST(ErrorCodesTest, NonIamStatusesHaveNoCode) {
  EXPECT_EQ(IamErrorCodeOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(IamErrorCodeOf(absl::NotFoundError("The user with name Bob cannot be found.")),
            std::nullopt);
  EXPECT_EQ(IamErrorCodeOf(absl::InvalidArgumentError("ValidationError")), std::nullopt);
  EXPECT_EQ(IamErrorCodeOf(absl::InternalError("")), std::nullopt);
}

TEST(ErrorCodesTest, UnknownNamesHaveNoCode) {
  EXPECT_EQ(IamErrorCodeFromName(""), std::nullopt);
  EXPECT_EQ(IamErrorCodeFromName("Bogus"), std::nullopt);
  EXPECT_EQ(IamErrorCodeFromName("NoSuchEntityX"), std::nullopt);
  // Wire-only codes of the HTTP front are not IamErrorCodes.
  EXPECT_EQ(IamErrorCodeFromName("InvalidClientTokenId"), std::nullopt);
  EXPECT_EQ(IamErrorCodeFromName("SignatureDoesNotMatch"), std::nullopt);
  EXPECT_EQ(IamErrorCodeFromName("MissingAuthenticationToken"), std::nullopt);
  EXPECT_EQ(IamErrorCodeFromName("InvalidAction"), std::nullopt);
}

TEST(ErrorCodesTest, EmptyMessageIsKept) {
  absl::Status status = MakeIamError(IamErrorCode::kServiceFailure, "");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(IamErrorCodeOf(status), Optional(IamErrorCode::kServiceFailure));
}

// ---------------------------------------------------------------------------------------------
// Operations.

TEST(OperationTest, NamesAreTheWireActions) {
  const std::map<Operation, std::string_view> expected = {
      {Operation::kListSigningCertificates, "ListSigningCertificates"},
      {Operation::kUploadSigningCertificate, "UploadSigningCertificate"},
      {Operation::kUpdateSigningCertificate, "UpdateSigningCertificate"},
      {Operation::kDeleteSigningCertificate, "DeleteSigningCertificate"},
      {Operation::kCreateUser, "CreateUser"},
      {Operation::kGetUser, "GetUser"},
      {Operation::kDeleteUser, "DeleteUser"},
      {Operation::kListUsers, "ListUsers"},
      {Operation::kCreateAccessKey, "CreateAccessKey"},
      {Operation::kListAccessKeys, "ListAccessKeys"},
      {Operation::kUpdateAccessKey, "UpdateAccessKey"},
      {Operation::kDeleteAccessKey, "DeleteAccessKey"},
      {Operation::kGetAccessKeyLastUsed, "GetAccessKeyLastUsed"},
      {Operation::kGenerateCredentialReport, "GenerateCredentialReport"},
      {Operation::kGetCredentialReport, "GetCredentialReport"},
      {Operation::kGetAccountSummary, "GetAccountSummary"},
      {Operation::kUploadSSHPublicKey, "UploadSSHPublicKey"},
      {Operation::kGetSSHPublicKey, "GetSSHPublicKey"},
      {Operation::kListSSHPublicKeys, "ListSSHPublicKeys"},
      {Operation::kUpdateSSHPublicKey, "UpdateSSHPublicKey"},
      {Operation::kDeleteSSHPublicKey, "DeleteSSHPublicKey"},
  };
  ASSERT_EQ(expected.size(), std::size(kAllOperations));
  for (Operation op : kAllOperations) {
    ASSERT_EQ(expected.count(op), 1u);
    EXPECT_EQ(OperationName(op), expected.at(op));
  }
}

TEST(OperationTest, NameRoundTrips) {
  for (Operation op : kAllOperations) {
    SCOPED_TRACE(OperationName(op));
    EXPECT_THAT(OperationFromName(OperationName(op)), Optional(op));
  }
}

TEST(OperationTest, UnknownActionHasNoOperation) {
  EXPECT_EQ(OperationFromName(""), std::nullopt);
  EXPECT_EQ(OperationFromName("CreateLoginProfile"), std::nullopt);
  EXPECT_EQ(OperationFromName("createaccesskey"), std::nullopt);
  EXPECT_EQ(OperationFromName("ListSigningCertificatesX"), std::nullopt);
}

TEST(OperationTest, StreamsItsName) {
  std::ostringstream os;
  os << Operation::kDeleteUser;
  EXPECT_EQ(os.str(), "DeleteUser");
}

// docs/behavior.md "Operations", the "Errors it can return" column (ValidationError and Throttling added
// for every row by OperationCanReturn's contract), with InvalidInput for the list operations: the
// fake's answer to a marker it did not issue (docs/behavior.md "Listing").
using E = IamErrorCode;
const std::map<Operation, std::set<IamErrorCode>>& SpecErrorTable() {
  static const auto* table = new std::map<Operation, std::set<IamErrorCode>>{
      {Operation::kListSigningCertificates,
       {E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kUploadSigningCertificate,
       {E::kLimitExceeded, E::kEntityAlreadyExists, E::kMalformedCertificate,
        E::kInvalidCertificate, E::kDuplicateCertificate, E::kNoSuchEntity,
        E::kConcurrentModification, E::kServiceFailure}},
      {Operation::kUpdateSigningCertificate,
       {E::kNoSuchEntity, E::kLimitExceeded, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kDeleteSigningCertificate,
       {E::kNoSuchEntity, E::kLimitExceeded, E::kConcurrentModification, E::kServiceFailure}},
      {Operation::kCreateUser,
       {E::kLimitExceeded, E::kEntityAlreadyExists, E::kNoSuchEntity, E::kInvalidInput,
        E::kConcurrentModification, E::kServiceFailure}},
      {Operation::kGetUser, {E::kNoSuchEntity, E::kServiceFailure}},
      {Operation::kDeleteUser,
       {E::kLimitExceeded, E::kNoSuchEntity, E::kDeleteConflict, E::kConcurrentModification,
        E::kServiceFailure}},
      {Operation::kListUsers, {E::kInvalidInput, E::kServiceFailure}},
      {Operation::kCreateAccessKey, {E::kNoSuchEntity, E::kLimitExceeded, E::kServiceFailure}},
      {Operation::kListAccessKeys, {E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kUpdateAccessKey,
       {E::kNoSuchEntity, E::kLimitExceeded, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kDeleteAccessKey, {E::kNoSuchEntity, E::kLimitExceeded, E::kServiceFailure}},
      {Operation::kGetAccessKeyLastUsed, {E::kAccessDenied, E::kServiceFailure}},
      {Operation::kGenerateCredentialReport, {E::kLimitExceeded, E::kServiceFailure}},
      {Operation::kGetCredentialReport,
       {E::kReportNotPresent, E::kReportExpired, E::kReportInProgress, E::kServiceFailure}},
      {Operation::kGetAccountSummary, {E::kServiceFailure}},
      {Operation::kUploadSSHPublicKey,
       {E::kLimitExceeded, E::kNoSuchEntity, E::kInvalidPublicKey, E::kDuplicateSSHPublicKey,
        E::kUnrecognizedPublicKeyEncoding, E::kServiceFailure}},
      {Operation::kGetSSHPublicKey,
       {E::kNoSuchEntity, E::kUnrecognizedPublicKeyEncoding, E::kServiceFailure}},
      {Operation::kListSSHPublicKeys, {E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kUpdateSSHPublicKey, {E::kNoSuchEntity, E::kInvalidInput, E::kServiceFailure}},
      {Operation::kDeleteSSHPublicKey, {E::kNoSuchEntity, E::kServiceFailure}},
  };
  return *table;
}

TEST(OperationTest, CanReturnMatchesSpecTable) {
  ASSERT_EQ(SpecErrorTable().size(), std::size(kAllOperations));
  for (Operation op : kAllOperations) {
    std::set<IamErrorCode> allowed = SpecErrorTable().at(op);
    allowed.insert(E::kValidationError);
    allowed.insert(E::kThrottling);
    for (IamErrorCode code : kAllIamErrorCodes) {
      EXPECT_EQ(OperationCanReturn(op, code), allowed.count(code) == 1)
          << OperationName(op) << " / " << IamErrorCodeName(code);
    }
  }
}

TEST(OperationTest, SpotChecks) {
  EXPECT_FALSE(OperationCanReturn(Operation::kListSigningCertificates, E::kDuplicateCertificate));
  EXPECT_FALSE(OperationCanReturn(Operation::kListUsers, E::kNoSuchEntity));
  EXPECT_FALSE(OperationCanReturn(Operation::kGetUser, E::kDeleteConflict));
  EXPECT_TRUE(OperationCanReturn(Operation::kUploadSigningCertificate, E::kDuplicateCertificate));
  EXPECT_TRUE(OperationCanReturn(Operation::kDeleteUser, E::kDeleteConflict));
  for (Operation op : kAllOperations) {
    EXPECT_TRUE(OperationCanReturn(op, E::kValidationError)) << op;
    EXPECT_TRUE(OperationCanReturn(op, E::kThrottling)) << op;
    EXPECT_TRUE(OperationCanReturn(op, E::kServiceFailure)) << op;
  }
}

TEST(DiagnosisTest, RidesBesideTheIamError) {
  absl::Status status = WithDiagnosis(
      MakeIamError(IamErrorCode::kMalformedCertificate, "Certificate x is malformed."),
      "The body holds no PEM block.");
  EXPECT_EQ(IamErrorCodeOf(status), IamErrorCode::kMalformedCertificate);
  EXPECT_EQ(status.message(), "Certificate x is malformed.");
  EXPECT_EQ(IamErrorDiagnosis(status), "The body holds no PEM block.");
}

TEST(DiagnosisTest, AbsentUnlessGiven) {
  EXPECT_EQ(IamErrorDiagnosis(MakeIamError(IamErrorCode::kNoSuchEntity, "gone")), std::nullopt);
  EXPECT_EQ(IamErrorDiagnosis(absl::OkStatus()), std::nullopt);
  // An OK status carries no payload, so a diagnosis cannot be attached to it.
  EXPECT_EQ(IamErrorDiagnosis(WithDiagnosis(absl::OkStatus(), "why")), std::nullopt);
}

}  // namespace
}  // namespace fake_iam
