// The request and result types of the IAM operations fake_iam serves, shaped like the AWS SDK for
// C++ model (Aws::IAM::Model): each member has Get, Set, With and HasBeenSet accessors, so code
// written against the SDK reads the same here. Plain values: copyable, not thread-safe to mutate.
// Each type has a PrintTo, which gtest uses, and an operator<< that prints the same text.
#ifndef FAKE_IAM_MODEL_H_
#define FAKE_IAM_MODEL_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace fake_iam {

enum class StatusType { kActive, kInactive };

// "Active" or "Inactive", as on the wire.
std::string_view StatusTypeName(StatusType status);
// The wire name back to the enum; nullopt for anything but "Active" and "Inactive".
std::optional<StatusType> StatusTypeFromName(std::string_view name);

// One member with the SDK's accessors. `Self` names the enclosing class so With* can chain, on
// lvalues and temporaries alike:
// ListSigningCertificatesRequest().WithUserName("Bob").WithMaxItems(10).
#define FAKE_IAM_MEMBER(Type, Name)                           \
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

// A model type from its member list, M(Type, Name) for each member in wire order. Besides the
// accessors, each type can be walked member by member, which is how the HTTP front reads requests
// and writes results, whatever the operation:
//   kTypeName                    "ListUsersRequest"
//   ForEachMember(visit)         visit(std::string_view name, value, has_been_set), in wire order;
//                                const, or with mutable references to fill a value in.
#define FAKE_IAM_VISIT_MEMBER(Type, Name) \
  visit(std::string_view(#Name), Name##_, Name##HasBeenSet_);
#define FAKE_IAM_MODEL_TYPE(Class, MEMBERS)               \
  class Class {                                           \
    using Self = Class;                                   \
    MEMBERS(FAKE_IAM_MEMBER)                              \
                                                          \
   public:                                                \
    static constexpr std::string_view kTypeName = #Class; \
    template <typename Visitor>                           \
    void ForEachMember(Visitor&& visit) const {           \
      MEMBERS(FAKE_IAM_VISIT_MEMBER)                      \
    }                                                     \
    template <typename Visitor>                           \
    void ForEachMember(Visitor&& visit) {                 \
      MEMBERS(FAKE_IAM_VISIT_MEMBER)                      \
    }                                                     \
  };

// clang-format off
#define FAKE_IAM_SIGNING_CERTIFICATE_MEMBERS(M)  \
  M(std::string, UserName)                       \
  M(std::string, CertificateId)                  \
  M(std::string, CertificateBody)                \
  M(StatusType, Status)                          \
  M(absl::Time, UploadDate)
FAKE_IAM_MODEL_TYPE(SigningCertificate, FAKE_IAM_SIGNING_CERTIFICATE_MEMBERS)

#define FAKE_IAM_USER_MEMBERS(M)  \
  M(std::string, Path)            \
  M(std::string, UserName)        \
  M(std::string, UserId)          \
  M(std::string, Arn)             \
  M(absl::Time, CreateDate)
FAKE_IAM_MODEL_TYPE(User, FAKE_IAM_USER_MEMBERS)

#define FAKE_IAM_LIST_SIGNING_CERTIFICATES_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)                                     \
  M(std::string, Marker)                                       \
  M(int, MaxItems)
FAKE_IAM_MODEL_TYPE(ListSigningCertificatesRequest, FAKE_IAM_LIST_SIGNING_CERTIFICATES_REQUEST_MEMBERS)

#define FAKE_IAM_LIST_SIGNING_CERTIFICATES_RESULT_MEMBERS(M)  \
  M(std::vector<SigningCertificate>, Certificates)            \
  M(bool, IsTruncated)                                        \
  M(std::string, Marker)
FAKE_IAM_MODEL_TYPE(ListSigningCertificatesResult, FAKE_IAM_LIST_SIGNING_CERTIFICATES_RESULT_MEMBERS)

#define FAKE_IAM_UPLOAD_SIGNING_CERTIFICATE_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)                                      \
  M(std::string, CertificateBody)
FAKE_IAM_MODEL_TYPE(UploadSigningCertificateRequest, FAKE_IAM_UPLOAD_SIGNING_CERTIFICATE_REQUEST_MEMBERS)

#define FAKE_IAM_UPLOAD_SIGNING_CERTIFICATE_RESULT_MEMBERS(M)  \
  M(SigningCertificate, Certificate)
FAKE_IAM_MODEL_TYPE(UploadSigningCertificateResult, FAKE_IAM_UPLOAD_SIGNING_CERTIFICATE_RESULT_MEMBERS)

#define FAKE_IAM_UPDATE_SIGNING_CERTIFICATE_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)                                      \
  M(std::string, CertificateId)                                 \
  M(StatusType, Status)
FAKE_IAM_MODEL_TYPE(UpdateSigningCertificateRequest, FAKE_IAM_UPDATE_SIGNING_CERTIFICATE_REQUEST_MEMBERS)

#define FAKE_IAM_DELETE_SIGNING_CERTIFICATE_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)                                      \
  M(std::string, CertificateId)
FAKE_IAM_MODEL_TYPE(DeleteSigningCertificateRequest, FAKE_IAM_DELETE_SIGNING_CERTIFICATE_REQUEST_MEMBERS)

#define FAKE_IAM_CREATE_USER_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)                       \
  M(std::string, Path)
FAKE_IAM_MODEL_TYPE(CreateUserRequest, FAKE_IAM_CREATE_USER_REQUEST_MEMBERS)

#define FAKE_IAM_CREATE_USER_RESULT_MEMBERS(M)  \
  M(User, User)
FAKE_IAM_MODEL_TYPE(CreateUserResult, FAKE_IAM_CREATE_USER_RESULT_MEMBERS)

#define FAKE_IAM_GET_USER_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)
FAKE_IAM_MODEL_TYPE(GetUserRequest, FAKE_IAM_GET_USER_REQUEST_MEMBERS)

#define FAKE_IAM_GET_USER_RESULT_MEMBERS(M)  \
  M(User, User)
FAKE_IAM_MODEL_TYPE(GetUserResult, FAKE_IAM_GET_USER_RESULT_MEMBERS)

#define FAKE_IAM_DELETE_USER_REQUEST_MEMBERS(M)  \
  M(std::string, UserName)
FAKE_IAM_MODEL_TYPE(DeleteUserRequest, FAKE_IAM_DELETE_USER_REQUEST_MEMBERS)

#define FAKE_IAM_LIST_USERS_REQUEST_MEMBERS(M)  \
  M(std::string, PathPrefix)                    \
  M(std::string, Marker)                        \
  M(int, MaxItems)
FAKE_IAM_MODEL_TYPE(ListUsersRequest, FAKE_IAM_LIST_USERS_REQUEST_MEMBERS)

#define FAKE_IAM_LIST_USERS_RESULT_MEMBERS(M)  \
  M(std::vector<User>, Users)                  \
  M(bool, IsTruncated)                         \
  M(std::string, Marker)
FAKE_IAM_MODEL_TYPE(ListUsersResult, FAKE_IAM_LIST_USERS_RESULT_MEMBERS)

// clang-format on

#undef FAKE_IAM_MODEL_TYPE
#undef FAKE_IAM_VISIT_MEMBER
#undef FAKE_IAM_MEMBER

// Printers (fake_iam/model_printing.cc), beside the types so that every file prints them alike:
// gtest finds PrintTo by argument-dependent lookup, with or without testing/matchers.h, and
// operator<< writes the same text to any stream. Members print by name, and only those that
// HasBeenSet, so what is printed is what would go on the wire; a certificate body prints as its
// length and first line, never whole, and times print in UTC as IAM writes them:
//   GetUserResult{User: User{UserName: "bob", CreateDate: 2026-01-01T00:00:00Z}}
//   SigningCertificate{CertificateId: "...", Status: Active,
//                      CertificateBody: <612 bytes, begins "-----BEGIN CERTIFICATE-----">}
void PrintTo(StatusType status, std::ostream* os);  // Active; StatusType(7) for a stray value
void PrintTo(const SigningCertificate& certificate, std::ostream* os);
void PrintTo(const User& user, std::ostream* os);
void PrintTo(const ListSigningCertificatesRequest& request, std::ostream* os);
void PrintTo(const ListSigningCertificatesResult& result, std::ostream* os);
void PrintTo(const UploadSigningCertificateRequest& request, std::ostream* os);
void PrintTo(const UploadSigningCertificateResult& result, std::ostream* os);
void PrintTo(const UpdateSigningCertificateRequest& request, std::ostream* os);
void PrintTo(const DeleteSigningCertificateRequest& request, std::ostream* os);
void PrintTo(const CreateUserRequest& request, std::ostream* os);
void PrintTo(const CreateUserResult& result, std::ostream* os);
void PrintTo(const GetUserRequest& request, std::ostream* os);
void PrintTo(const GetUserResult& result, std::ostream* os);
void PrintTo(const DeleteUserRequest& request, std::ostream* os);
void PrintTo(const ListUsersRequest& request, std::ostream* os);
void PrintTo(const ListUsersResult& result, std::ostream* os);

std::ostream& operator<<(std::ostream& os, StatusType status);
std::ostream& operator<<(std::ostream& os, const SigningCertificate& certificate);
std::ostream& operator<<(std::ostream& os, const User& user);
std::ostream& operator<<(std::ostream& os, const ListSigningCertificatesRequest& request);
std::ostream& operator<<(std::ostream& os, const ListSigningCertificatesResult& result);
std::ostream& operator<<(std::ostream& os, const UploadSigningCertificateRequest& request);
std::ostream& operator<<(std::ostream& os, const UploadSigningCertificateResult& result);
std::ostream& operator<<(std::ostream& os, const UpdateSigningCertificateRequest& request);
std::ostream& operator<<(std::ostream& os, const DeleteSigningCertificateRequest& request);
std::ostream& operator<<(std::ostream& os, const CreateUserRequest& request);
std::ostream& operator<<(std::ostream& os, const CreateUserResult& result);
std::ostream& operator<<(std::ostream& os, const GetUserRequest& request);
std::ostream& operator<<(std::ostream& os, const GetUserResult& result);
std::ostream& operator<<(std::ostream& os, const DeleteUserRequest& request);
std::ostream& operator<<(std::ostream& os, const ListUsersRequest& request);
std::ostream& operator<<(std::ostream& os, const ListUsersResult& result);

}  // namespace fake_iam

#endif  // FAKE_IAM_MODEL_H_
