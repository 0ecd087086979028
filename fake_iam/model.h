// The request and result types of the IAM operations fake_iam serves, shaped like the AWS SDK for
// C++ model (Aws::IAM::Model): each member has Get, Set, With and HasBeenSet accessors, so code
// written against the SDK reads the same here. Plain values: copyable, not thread-safe to mutate.
#ifndef FAKE_IAM_MODEL_H_
#define FAKE_IAM_MODEL_H_

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

}  // namespace fake_iam

#endif  // FAKE_IAM_MODEL_H_
