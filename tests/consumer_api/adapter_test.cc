// An adapter that overrides one IamClient method, built against fake_iam::api alone: the
// operations it does not override answer Unimplemented, naming the operation, so that a new
// operation in IamClient breaks no adapter. Exits non-zero on any failure.
#include <iostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/errors.h"
#include "fake_iam/iam_client.h"

namespace {

// Stands in for an adapter over Aws::IAM::IAMClient: GetUser only.
class GetUserOnly : public fake_iam::IamClient {
 public:
  absl::StatusOr<fake_iam::GetUserResult> GetUser(
      const fake_iam::GetUserRequest& request) const override {
    if (request.GetUserName() == "nobody") {
      return fake_iam::MakeIamError(fake_iam::IamErrorCode::kNoSuchEntity,
                                    "The user with name nobody cannot be found.");
    }
    return fake_iam::GetUserResult().WithUser(
        fake_iam::User().WithUserName(request.GetUserName()).WithPath("/"));
  }
};

int failures = 0;

void Expect(bool condition, const std::string& what) {
  if (!condition) {
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
  }
}

}  // namespace

int main() {
  GetUserOnly adapter;
  const fake_iam::IamClient& iam = adapter;

  absl::StatusOr<fake_iam::GetUserResult> bob =
      iam.GetUser(fake_iam::GetUserRequest().WithUserName("bob"));
  Expect(bob.ok() && bob->GetUser().GetUserName() == "bob", "the overridden GetUser answers");
  Expect(fake_iam::IamErrorCodeOf(
             iam.GetUser(fake_iam::GetUserRequest().WithUserName("nobody")).status()) ==
             fake_iam::IamErrorCode::kNoSuchEntity,
         "the adapter's IAM error carries its code");

  absl::Status deleted = iam.DeleteUser(fake_iam::DeleteUserRequest().WithUserName("bob"));
  Expect(deleted.code() == absl::StatusCode::kUnimplemented, "DeleteUser is Unimplemented");
  Expect(std::string(deleted.message()).find("DeleteUser") != std::string::npos,
         "the Unimplemented message names DeleteUser: " + std::string(deleted.message()));
  absl::StatusOr<fake_iam::ListSigningCertificatesResult> listed =
      iam.ListSigningCertificates(fake_iam::ListSigningCertificatesRequest());
  Expect(listed.status().code() == absl::StatusCode::kUnimplemented,
         "ListSigningCertificates is Unimplemented");

  std::cout << (failures == 0 ? "adapter_test: OK" : "adapter_test: FAILED") << "\n";
  return failures == 0 ? 0 : 1;
}
