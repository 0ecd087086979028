// The IAM client API fake_iam's users write their code against: one method per operation, const
// like the AWS SDK for C++'s IAMClient, returning absl::Status(Or) with the IAM error code as
// payload (read it with IamErrorCodeOf). Production code adapts the SDK's client to it; tests hand
// the code a FakeIamClient or a MockIamClient.
#ifndef FAKE_IAM_IAM_CLIENT_H_
#define FAKE_IAM_IAM_CLIENT_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/model.h"

namespace fake_iam {

class IamClient {
 public:
  virtual ~IamClient() = default;

  virtual absl::StatusOr<ListSigningCertificatesResult> ListSigningCertificates(
      const ListSigningCertificatesRequest& request) const = 0;
  virtual absl::StatusOr<UploadSigningCertificateResult> UploadSigningCertificate(
      const UploadSigningCertificateRequest& request) const = 0;
  virtual absl::Status UpdateSigningCertificate(
      const UpdateSigningCertificateRequest& request) const = 0;
  virtual absl::Status DeleteSigningCertificate(
      const DeleteSigningCertificateRequest& request) const = 0;
  virtual absl::StatusOr<CreateUserResult> CreateUser(const CreateUserRequest& request) const = 0;
  virtual absl::StatusOr<GetUserResult> GetUser(const GetUserRequest& request) const = 0;
  virtual absl::Status DeleteUser(const DeleteUserRequest& request) const = 0;
  virtual absl::StatusOr<ListUsersResult> ListUsers(const ListUsersRequest& request) const = 0;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_IAM_CLIENT_H_
