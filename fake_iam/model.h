// The request and result types of the IAM operations fake_iam serves, shaped like the AWS SDK for
// C++ model (Aws::IAM::Model): each member has Get, Set, With and HasBeenSet accessors, so code
// written against the SDK reads the same here. Plain values: copyable, not thread-safe to mutate.
#ifndef FAKE_IAM_MODEL_H_
#define FAKE_IAM_MODEL_H_

#include <ostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "fake_iam/printing.h"

namespace fake_iam {

// The model's enum: IAM answers a request to set Expired with InvalidInput.
enum class StatusType { kActive, kInactive, kExpired };

// "Active", "Inactive" or "Expired", as on the wire; empty for a stray value.
std::string_view StatusTypeName(StatusType status);
// The wire name back to the enum; nullopt for anything but "Active", "Inactive" and "Expired".
std::optional<StatusType> StatusTypeFromName(std::string_view name);
void PrintTo(StatusType status, std::ostream* os);  // Active; StatusType(7) for a stray value
std::ostream& operator<<(std::ostream& os, StatusType status);

// A credential report's state: "STARTED", "INPROGRESS", "COMPLETE" on the wire.
enum class ReportStateType { kStarted, kInProgress, kComplete };
std::string_view ReportStateTypeName(ReportStateType state);  // empty for a stray value
void PrintTo(ReportStateType state, std::ostream* os);
std::ostream& operator<<(std::ostream& os, ReportStateType state);

// A credential report's format: "text/csv" on the wire, the only one IAM has.
enum class ReportFormatType { kTextCsv };
std::string_view ReportFormatTypeName(ReportFormatType format);  // empty for a stray value
void PrintTo(ReportFormatType format, std::ostream* os);
std::ostream& operator<<(std::ostream& os, ReportFormatType format);

// Each type is described once, by its member list FAKE_IAM_MEMBERS_<Type>(M), in wire order:
//   M(Type, Name)        a member of a result or of a type inside one;
//   M(Type, Name, Rule)  a member of a request, with its input constraint as IAM's API model
//                        states it (Required(...) or Optional(...) of a constraint that
//                        fake_iam/internal/input_validation.cc defines; the backend checks every
//                        call with them).
// From the list come the accessors, a PrintTo and operator<<, and ForEachMember, which walks the
// members in wire order: it is how the HTTP front reads requests and writes results, and how
// values print, whatever the operation:
//   kTypeName                    "ListUsersRequest"
//   ForEachMember(visit)         visit(std::string_view name, value, has_been_set); const, or with
//                                mutable references to fill a value in.
//
// Printing: `TypeName{Member: value, ...}` with the members that HasBeenSet, so what is printed is
// what would go on the wire; a certificate body prints as its length and first line, never whole,
// and times print in UTC as IAM writes them (fake_iam/printing.h):
//   GetUserResult{User: User{UserName: "bob", CreateDate: 2026-01-01T00:00:00Z}}
// gtest finds PrintTo by argument-dependent lookup, and operator<< writes the same text to any
// stream.

// One member with the SDK's accessors. `Self` names the enclosing class so With* can chain, on
// lvalues and temporaries alike:
// ListSigningCertificatesRequest().WithUserName("Bob").WithMaxItems(10).
#define FAKE_IAM_MEMBER_(Type, Name)                          \
 public:                                                      \
  const Type& Get##Name() const { return Name##_; }           \
  bool Name##HasBeenSet() const { return Name##HasBeenSet_; } \
  void Set##Name(Type value) {                                \
    Name##_ = std::move(value);                               \
    Name##HasBeenSet_ = true;                                 \
  }                                                           \
  Self& With##Name(Type value)& {                             \
    Set##Name(std::move(value));                              \
    return *this;                                             \
  }                                                           \
  Self&& With##Name(Type value)&& {                           \
    Set##Name(std::move(value));                              \
    return std::move(*this);                                  \
  }                                                           \
                                                              \
 private:                                                     \
  Type Name##_{};                                             \
  bool Name##HasBeenSet_ = false;
#define FAKE_IAM_REQUEST_MEMBER_(Type, Name, Rule) FAKE_IAM_MEMBER_(Type, Name)
#define FAKE_IAM_VISIT_MEMBER_(Type, Name) \
  visit(std::string_view(#Name), Name##_, Name##HasBeenSet_);
#define FAKE_IAM_VISIT_REQUEST_MEMBER_(Type, Name, Rule) FAKE_IAM_VISIT_MEMBER_(Type, Name)

#define FAKE_IAM_MODEL_CLASS_(Class, MEMBERS, MEMBER, VISIT)                     \
  class Class {                                                                  \
    using Self = Class;                                                          \
    MEMBERS(MEMBER)                                                              \
                                                                                 \
   public:                                                                       \
    static constexpr std::string_view kTypeName = #Class;                        \
    template <typename Visitor>                                                  \
    void ForEachMember(Visitor&& visit) const {                                  \
      static_cast<void>(visit);                                                  \
      MEMBERS(VISIT)                                                             \
    }                                                                            \
    template <typename Visitor>                                                  \
    void ForEachMember(Visitor&& visit) {                                        \
      static_cast<void>(visit);                                                  \
      MEMBERS(VISIT)                                                             \
    }                                                                            \
    friend void PrintTo(const Class& value, std::ostream* os) {                  \
      MemberPrinter printer(os, kTypeName);                                      \
      value.ForEachMember(printer);                                              \
    }                                                                            \
    friend std::ostream& operator<<(std::ostream& os, const Class& value) {      \
      PrintTo(value, &os);                                                       \
      return os;                                                                 \
    }                                                                            \
  };
#define FAKE_IAM_MODEL_TYPE(Class) \
  FAKE_IAM_MODEL_CLASS_(Class, FAKE_IAM_MEMBERS_##Class, FAKE_IAM_MEMBER_, FAKE_IAM_VISIT_MEMBER_)
#define FAKE_IAM_REQUEST_TYPE(Class)                                                    \
  FAKE_IAM_MODEL_CLASS_(Class, FAKE_IAM_MEMBERS_##Class, FAKE_IAM_REQUEST_MEMBER_,      \
                        FAKE_IAM_VISIT_REQUEST_MEMBER_)

// GetAccountSummary's counts and quotas, by key.
using SummaryMap = std::map<std::string, int>;

// clang-format off

// ---- Types inside results ----

#define FAKE_IAM_MEMBERS_SigningCertificate(M)  \
  M(std::string, UserName)                      \
  M(std::string, CertificateId)                 \
  M(std::string, CertificateBody)               \
  M(StatusType, Status)                         \
  M(absl::Time, UploadDate)
FAKE_IAM_MODEL_TYPE(SigningCertificate)

#define FAKE_IAM_MEMBERS_User(M)  \
  M(std::string, Path)            \
  M(std::string, UserName)        \
  M(std::string, UserId)          \
  M(std::string, Arn)             \
  M(absl::Time, CreateDate)
FAKE_IAM_MODEL_TYPE(User)

// An access key with its secret: only CreateAccessKey's answer carries the secret.
#define FAKE_IAM_MEMBERS_AccessKey(M)  \
  M(std::string, UserName)             \
  M(std::string, AccessKeyId)          \
  M(StatusType, Status)                \
  M(std::string, SecretAccessKey)      \
  M(absl::Time, CreateDate)
FAKE_IAM_MODEL_TYPE(AccessKey)

#define FAKE_IAM_MEMBERS_AccessKeyMetadata(M)  \
  M(std::string, UserName)                     \
  M(std::string, AccessKeyId)                  \
  M(StatusType, Status)                        \
  M(absl::Time, CreateDate)
FAKE_IAM_MODEL_TYPE(AccessKeyMetadata)

// A key never used has no LastUsedDate, and "N/A" for ServiceName and Region.
#define FAKE_IAM_MEMBERS_AccessKeyLastUsed(M)  \
  M(absl::Time, LastUsedDate)                  \
  M(std::string, ServiceName)                  \
  M(std::string, Region)
FAKE_IAM_MODEL_TYPE(AccessKeyLastUsed)

// ---- Requests and results, by operation ----

#define FAKE_IAM_MEMBERS_ListSigningCertificatesRequest(M)  \
  M(std::string, UserName, Optional(kUserName))             \
  M(std::string, Marker, Optional(kMarker))                 \
  M(int, MaxItems, Optional(kMaxItems))
FAKE_IAM_REQUEST_TYPE(ListSigningCertificatesRequest)

#define FAKE_IAM_MEMBERS_ListSigningCertificatesResult(M)  \
  M(std::vector<SigningCertificate>, Certificates)         \
  M(bool, IsTruncated)                                     \
  M(std::string, Marker)
FAKE_IAM_MODEL_TYPE(ListSigningCertificatesResult)

#define FAKE_IAM_MEMBERS_UploadSigningCertificateRequest(M)  \
  M(std::string, UserName, Optional(kUserName))              \
  M(std::string, CertificateBody, Required(kCertificateBody))
FAKE_IAM_REQUEST_TYPE(UploadSigningCertificateRequest)

#define FAKE_IAM_MEMBERS_UploadSigningCertificateResult(M)  \
  M(SigningCertificate, Certificate)
FAKE_IAM_MODEL_TYPE(UploadSigningCertificateResult)

#define FAKE_IAM_MEMBERS_UpdateSigningCertificateRequest(M)  \
  M(std::string, UserName, Optional(kUserName))              \
  M(std::string, CertificateId, Required(kCertificateId))    \
  M(StatusType, Status, Required(kStatus))
FAKE_IAM_REQUEST_TYPE(UpdateSigningCertificateRequest)

#define FAKE_IAM_MEMBERS_DeleteSigningCertificateRequest(M)  \
  M(std::string, UserName, Optional(kUserName))              \
  M(std::string, CertificateId, Required(kCertificateId))
FAKE_IAM_REQUEST_TYPE(DeleteSigningCertificateRequest)

#define FAKE_IAM_MEMBERS_CreateUserRequest(M)     \
  M(std::string, UserName, Required(kNewUserName)) \
  M(std::string, Path, Optional(kPath))
FAKE_IAM_REQUEST_TYPE(CreateUserRequest)

#define FAKE_IAM_MEMBERS_CreateUserResult(M)  \
  M(User, User)
FAKE_IAM_MODEL_TYPE(CreateUserResult)

#define FAKE_IAM_MEMBERS_GetUserRequest(M)  \
  M(std::string, UserName, Optional(kUserName))
FAKE_IAM_REQUEST_TYPE(GetUserRequest)

#define FAKE_IAM_MEMBERS_GetUserResult(M)  \
  M(User, User)
FAKE_IAM_MODEL_TYPE(GetUserResult)

#define FAKE_IAM_MEMBERS_DeleteUserRequest(M)  \
  M(std::string, UserName, Required(kUserName))
FAKE_IAM_REQUEST_TYPE(DeleteUserRequest)

#define FAKE_IAM_MEMBERS_ListUsersRequest(M)        \
  M(std::string, PathPrefix, Optional(kPathPrefix)) \
  M(std::string, Marker, Optional(kMarker))         \
  M(int, MaxItems, Optional(kMaxItems))
FAKE_IAM_REQUEST_TYPE(ListUsersRequest)

#define FAKE_IAM_MEMBERS_ListUsersResult(M)  \
  M(std::vector<User>, Users)                \
  M(bool, IsTruncated)                       \
  M(std::string, Marker)
FAKE_IAM_MODEL_TYPE(ListUsersResult)

#define FAKE_IAM_MEMBERS_CreateAccessKeyRequest(M)  \
  M(std::string, UserName, Optional(kUserName))
FAKE_IAM_REQUEST_TYPE(CreateAccessKeyRequest)

#define FAKE_IAM_MEMBERS_CreateAccessKeyResult(M)  \
  M(AccessKey, AccessKey)
FAKE_IAM_MODEL_TYPE(CreateAccessKeyResult)

#define FAKE_IAM_MEMBERS_ListAccessKeysRequest(M)  \
  M(std::string, UserName, Optional(kUserName))    \
  M(std::string, Marker, Optional(kMarker))        \
  M(int, MaxItems, Optional(kMaxItems))
FAKE_IAM_REQUEST_TYPE(ListAccessKeysRequest)

#define FAKE_IAM_MEMBERS_ListAccessKeysResult(M)      \
  M(std::vector<AccessKeyMetadata>, AccessKeyMetadata) \
  M(bool, IsTruncated)                                 \
  M(std::string, Marker)
FAKE_IAM_MODEL_TYPE(ListAccessKeysResult)

#define FAKE_IAM_MEMBERS_UpdateAccessKeyRequest(M)       \
  M(std::string, UserName, Optional(kUserName))          \
  M(std::string, AccessKeyId, Required(kAccessKeyId))    \
  M(StatusType, Status, Required(kStatus))
FAKE_IAM_REQUEST_TYPE(UpdateAccessKeyRequest)

#define FAKE_IAM_MEMBERS_DeleteAccessKeyRequest(M)       \
  M(std::string, UserName, Optional(kUserName))          \
  M(std::string, AccessKeyId, Required(kAccessKeyId))
FAKE_IAM_REQUEST_TYPE(DeleteAccessKeyRequest)

#define FAKE_IAM_MEMBERS_GetAccessKeyLastUsedRequest(M)  \
  M(std::string, AccessKeyId, Required(kAccessKeyId))
FAKE_IAM_REQUEST_TYPE(GetAccessKeyLastUsedRequest)

#define FAKE_IAM_MEMBERS_GetAccessKeyLastUsedResult(M)  \
  M(std::string, UserName)                              \
  M(AccessKeyLastUsed, AccessKeyLastUsed)
FAKE_IAM_MODEL_TYPE(GetAccessKeyLastUsedResult)

#define FAKE_IAM_MEMBERS_GenerateCredentialReportRequest(M)
FAKE_IAM_REQUEST_TYPE(GenerateCredentialReportRequest)

#define FAKE_IAM_MEMBERS_GenerateCredentialReportResult(M)  \
  M(ReportStateType, State)                                 \
  M(std::string, Description)
FAKE_IAM_MODEL_TYPE(GenerateCredentialReportResult)

#define FAKE_IAM_MEMBERS_GetCredentialReportRequest(M)
FAKE_IAM_REQUEST_TYPE(GetCredentialReportRequest)

// Content is the CSV text (base64 on the wire, as IAM's blobs are).
#define FAKE_IAM_MEMBERS_GetCredentialReportResult(M)  \
  M(std::string, Content)                              \
  M(ReportFormatType, ReportFormat)                    \
  M(absl::Time, GeneratedTime)
FAKE_IAM_MODEL_TYPE(GetCredentialReportResult)

#define FAKE_IAM_MEMBERS_GetAccountSummaryRequest(M)
FAKE_IAM_REQUEST_TYPE(GetAccountSummaryRequest)

// By SummaryKeyType name: "Users", "AccessKeysPerUserQuota", ...
#define FAKE_IAM_MEMBERS_GetAccountSummaryResult(M)  \
  M(SummaryMap, SummaryMap)
FAKE_IAM_MODEL_TYPE(GetAccountSummaryResult)

// clang-format on

#undef FAKE_IAM_REQUEST_TYPE
#undef FAKE_IAM_MODEL_TYPE
#undef FAKE_IAM_MODEL_CLASS_
#undef FAKE_IAM_VISIT_REQUEST_MEMBER_
#undef FAKE_IAM_VISIT_MEMBER_
#undef FAKE_IAM_REQUEST_MEMBER_
#undef FAKE_IAM_MEMBER_

}  // namespace fake_iam

#endif  // FAKE_IAM_MODEL_H_
