// The IAM client API fake_iam's users write their code against: one method per operation, const
// like the AWS SDK for C++'s IAMClient, returning absl::Status(Or) with the IAM error code as
// payload (read it with IamErrorCodeOf). Production code adapts the SDK's client to it; tests hand
// the code a FakeIamClient or a MockIamClient.
#ifndef FAKE_IAM_IAM_CLIENT_H_
#define FAKE_IAM_IAM_CLIENT_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/model.h"
#include "fake_iam/operation_list.h"

namespace fake_iam {

class IamClient {
 public:
  virtual ~IamClient() = default;

  // One pure virtual per FAKE_IAM_OPERATIONS entry, e.g.
  //   virtual absl::StatusOr<UploadSigningCertificateResult> UploadSigningCertificate(
  //       const UploadSigningCertificateRequest& request) const = 0;
  //   virtual absl::Status DeleteUser(const DeleteUserRequest& request) const = 0;
#define FAKE_IAM_CLIENT_METHOD(Name, Result, Errors) \
  virtual Outcome<Result> Name(const Name##Request& request) const = 0;
  FAKE_IAM_OPERATIONS(FAKE_IAM_CLIENT_METHOD)
#undef FAKE_IAM_CLIENT_METHOD
};

}  // namespace fake_iam

#endif  // FAKE_IAM_IAM_CLIENT_H_
