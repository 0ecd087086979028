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

class SigningCertificate {
  using Self = SigningCertificate;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, CertificateId)
  FAKE_IAM_MEMBER(std::string, CertificateBody)
  FAKE_IAM_MEMBER(StatusType, Status)
  FAKE_IAM_MEMBER(absl::Time, UploadDate)
};

class User {
  using Self = User;
  FAKE_IAM_MEMBER(std::string, Path)
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, UserId)
  FAKE_IAM_MEMBER(std::string, Arn)
  FAKE_IAM_MEMBER(absl::Time, CreateDate)
};

class ListSigningCertificatesRequest {
  using Self = ListSigningCertificatesRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, Marker)
  FAKE_IAM_MEMBER(int, MaxItems)
};

class ListSigningCertificatesResult {
  using Self = ListSigningCertificatesResult;
  FAKE_IAM_MEMBER(std::vector<SigningCertificate>, Certificates)
  FAKE_IAM_MEMBER(bool, IsTruncated)
  FAKE_IAM_MEMBER(std::string, Marker)
};

class UploadSigningCertificateRequest {
  using Self = UploadSigningCertificateRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, CertificateBody)
};

class UploadSigningCertificateResult {
  using Self = UploadSigningCertificateResult;
  FAKE_IAM_MEMBER(SigningCertificate, Certificate)
};

class UpdateSigningCertificateRequest {
  using Self = UpdateSigningCertificateRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, CertificateId)
  FAKE_IAM_MEMBER(StatusType, Status)
};

class DeleteSigningCertificateRequest {
  using Self = DeleteSigningCertificateRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, CertificateId)
};

class CreateUserRequest {
  using Self = CreateUserRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
  FAKE_IAM_MEMBER(std::string, Path)
};

class CreateUserResult {
  using Self = CreateUserResult;
  FAKE_IAM_MEMBER(User, User)
};

class GetUserRequest {
  using Self = GetUserRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
};

class GetUserResult {
  using Self = GetUserResult;
  FAKE_IAM_MEMBER(User, User)
};

class DeleteUserRequest {
  using Self = DeleteUserRequest;
  FAKE_IAM_MEMBER(std::string, UserName)
};

class ListUsersRequest {
  using Self = ListUsersRequest;
  FAKE_IAM_MEMBER(std::string, PathPrefix)
  FAKE_IAM_MEMBER(std::string, Marker)
  FAKE_IAM_MEMBER(int, MaxItems)
};

class ListUsersResult {
  using Self = ListUsersResult;
  FAKE_IAM_MEMBER(std::vector<User>, Users)
  FAKE_IAM_MEMBER(bool, IsTruncated)
  FAKE_IAM_MEMBER(std::string, Marker)
};

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
