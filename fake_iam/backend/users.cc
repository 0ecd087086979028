// The semantics of the user operations: FakeIamBackend::Impl::Execute for CreateUser, GetUser,
// DeleteUser and ListUsers.
#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam {
namespace {

using internal::CheckInput;
using internal::Lower;
using internal::NamedUser;
using internal::NoSuchUser;
using internal::PageSize;
using internal::WholeSeconds;

constexpr size_t kUserIdSuffixLength = 17;  // after "AIDA"

// A permissions boundary the fake can attach: an AWS managed policy (arn:<partition>:iam::aws:
// policy/...), whatever its name, as the fake holds no catalogue of them. It holds no policies of
// the account's own, so any other ARN names a policy that does not exist.
absl::StatusOr<AttachedPermissionsBoundary> PermissionsBoundaryOf(const std::string& arn) {
  // arn:partition:service:region:account:resource
  const std::vector<absl::string_view> parts = absl::StrSplit(arn, absl::MaxSplits(':', 5));
  if (parts.size() < 6 || parts[0] != "arn") {
    // IAM's words for text that is no ARN (recorded for AttachUserPolicy).
    return MakeIamError(IamErrorCode::kValidationError, "Invalid ARN:  Could not be parsed!");
  }
  if (parts[2] != "iam" || parts[4] != "aws" || !absl::StartsWith(parts[5], "policy/")) {
    // Recorded for AttachUserPolicy of a policy ARN that does not exist.
    return MakeIamError(IamErrorCode::kNoSuchEntity,
                        absl::StrFormat("Policy %s does not exist or is not attachable.", arn));
  }
  return AttachedPermissionsBoundary()
      .WithPermissionsBoundaryType(PermissionsBoundaryAttachmentType::kPermissionsBoundaryPolicy)
      .WithPermissionsBoundaryArn(arn);
}

// A user as ListUsers shows it: IAM's list answers leave out Tags and PermissionsBoundary
// (GetUser has them).
User Listed(const User& user) {
  User listed = User()
                    .WithPath(user.GetPath())
                    .WithUserName(user.GetUserName())
                    .WithUserId(user.GetUserId())
                    .WithArn(user.GetArn())
                    .WithCreateDate(user.GetCreateDate());
  if (user.PasswordLastUsedHasBeenSet()) listed.SetPasswordLastUsed(user.GetPasswordLastUsed());
  return listed;
}

}  // namespace

absl::StatusOr<CreateUserResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                               const CreateUserRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  std::string key = Lower(request.GetUserName());
  if (users_.contains(key)) {
    return MakeIamError(
        IamErrorCode::kEntityAlreadyExists,
        absl::StrFormat("User with name %s already exists.", request.GetUserName()));
  }
  std::optional<AttachedPermissionsBoundary> boundary;
  if (request.PermissionsBoundaryHasBeenSet()) {
    ASSIGN_OR_RETURN(boundary, PermissionsBoundaryOf(request.GetPermissionsBoundary()));
  }
  std::string path = request.PathHasBeenSet() ? request.GetPath() : "/";
  User user = User()
                  .WithPath(path)
                  .WithUserName(request.GetUserName())
                  .WithUserId("AIDA" + NextId(kUserIdSuffixLength))
                  .WithArn(absl::StrFormat("arn:aws:iam::%s:user%s%s", options_.account_id, path,
                                           request.GetUserName()))
                  .WithCreateDate(WholeSeconds(Now()));
  if (boundary) user.SetPermissionsBoundary(*std::move(boundary));
  // Kept as given; IAM answers them in CreateUser and GetUser, and leaves out an empty list.
  if (!request.GetTags().empty()) user.SetTags(request.GetTags());
  users_.emplace(key, Principal{user, "user/" + key, {}});
  return CreateUserResult().WithUser(std::move(user));
}

absl::StatusOr<GetUserResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                            const GetUserRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  return GetUserResult().WithUser(principal->user);
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const DeleteUserRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  std::string key = Lower(request.GetUserName());
  auto it = users_.find(key);
  if (it == users_.end()) return NoSuchUser(request.GetUserName());
  if (!it->second.certificates.empty()) {
    return MakeIamError(IamErrorCode::kDeleteConflict,
                        "Cannot delete entity, must delete certificates first.");
  }
  if (!it->second.access_key_ids.empty()) {
    return MakeIamError(IamErrorCode::kDeleteConflict,
                        "Cannot delete entity, must delete access keys first.");
  }
  if (!it->second.ssh_public_keys.empty()) {
    return MakeIamError(IamErrorCode::kDeleteConflict,
                        "Cannot delete entity, must remove referenced objects first.");
  }
  users_.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<ListUsersResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                              const ListUsersRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  const std::string prefix = request.PathPrefixHasBeenSet() ? request.GetPathPrefix() : "/";
  const std::string scope = "users:" + prefix;
  ASSIGN_OR_RETURN(const std::string position,
                   MarkerPosition(scope, request.GetMarker(), request.MarkerHasBeenSet()));

  internal::ReaderLock lock(&mu_);
  auto matches = [&](const auto& entry) {
    return absl::StartsWith(entry.second.user.GetPath(), prefix);
  };
  // Users are ordered by lower-case name: continue after the last one the marker saw.
  auto it = request.MarkerHasBeenSet() ? users_.upper_bound(position) : users_.begin();
  const size_t page_size = PageSize(options_, request.MaxItemsHasBeenSet(), request.GetMaxItems());
  std::vector<User> page;
  std::string last_key;
  for (it = std::find_if(it, users_.end(), matches); it != users_.end() && page.size() < page_size;
       it = std::find_if(std::next(it), users_.end(), matches)) {
    page.push_back(Listed(it->second.user));
    last_key = it->first;
  }
  ListUsersResult result;
  result.SetIsTruncated(it != users_.end());
  if (it != users_.end()) result.SetMarker(markers_.Encode(scope, last_key));
  result.SetUsers(std::move(page));
  return result;
}

}  // namespace fake_iam
