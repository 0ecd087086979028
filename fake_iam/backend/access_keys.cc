// The semantics of the access-key operations: FakeIamBackend::Impl::Execute for CreateAccessKey,
// ListAccessKeys, UpdateAccessKey, DeleteAccessKey and GetAccessKeyLastUsed, and the key store
// they share with the HTTP front, which signs with these keys.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam {
namespace {

using internal::CheckInput;
using internal::NamedUser;
using internal::WholeSeconds;

constexpr size_t kAccessKeyIdSuffixLength = 16;  // after "AKIA"
constexpr size_t kSecretLength = 40;
constexpr char kNotAvailable[] = "N/A";  // a key's last use, before its first

absl::Status NoSuchAccessKey(std::string_view id) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The Access Key with id %s cannot be found.", id));
}

}  // namespace

AccessKey FakeIamBackend::Impl::NewAccessKey() {
  return AccessKey()
      .WithAccessKeyId("AKIA" + NextId(kAccessKeyIdSuffixLength))
      .WithSecretAccessKey(NextId(kSecretLength));
}

absl::StatusOr<AccessKey> FakeIamBackend::Impl::AddAccessKeyLocked(Principal* principal,
                                                                   const CallerIdentity& owner,
                                                                   AccessKey key) {
  if (key.StatusHasBeenSet()) RETURN_IF_ERROR(internal::CheckSettableStatus(key.GetStatus()));
  if (principal != nullptr &&
      principal->access_key_ids.size() >=
          static_cast<size_t>(std::max(0, options_.max_access_keys_per_user))) {
    return MakeIamError(IamErrorCode::kLimitExceeded,
                        absl::StrFormat("Cannot exceed quota for AccessKeysPerUser: %d",
                                        options_.max_access_keys_per_user));
  }
  if (access_keys_.contains(key.GetAccessKeyId())) {
    return MakeIamError(IamErrorCode::kEntityAlreadyExists,
                        absl::StrFormat("Access key %s already exists.", key.GetAccessKeyId()));
  }
  if (principal != nullptr) key.SetUserName(OwnerName(*principal));
  if (!key.StatusHasBeenSet()) key.SetStatus(StatusType::kActive);
  key.SetCreateDate(WholeSeconds(Now()));
  AccessKeyLastUsed never_used =
      AccessKeyLastUsed().WithServiceName(kNotAvailable).WithRegion(kNotAvailable);
  access_keys_.emplace(key.GetAccessKeyId(),
                       StoredAccessKey{key, owner, ++sequence_, std::move(never_used)});
  if (principal != nullptr) principal->access_key_ids.push_back(key.GetAccessKeyId());
  return key;
}

AccessKeyMetadata FakeIamBackend::Impl::Metadata(const AccessKey& key) {
  return AccessKeyMetadata()
      .WithUserName(key.GetUserName())
      .WithAccessKeyId(key.GetAccessKeyId())
      .WithStatus(key.GetStatus())
      .WithCreateDate(key.GetCreateDate());
}

std::vector<AccessKeyMetadata> FakeIamBackend::Impl::AccessKeys(const Principal& principal) const {
  std::vector<AccessKeyMetadata> keys;
  for (const std::string& id : principal.access_key_ids) {
    keys.push_back(Metadata(access_keys_.at(id).key));
  }
  return keys;
}

absl::StatusOr<CreateAccessKeyResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const CreateAccessKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  const CallerIdentity owner = principal == &root_
                                   ? CallerIdentity::Root()
                                   : CallerIdentity::User(principal->user.GetUserName());
  ASSIGN_OR_RETURN(AccessKey added, AddAccessKeyLocked(principal, owner, NewAccessKey()));
  return CreateAccessKeyResult().WithAccessKey(std::move(added));
}

absl::StatusOr<ListAccessKeysResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const ListAccessKeysRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  const std::string scope = "keys:" + principal->marker_scope;
  ASSIGN_OR_RETURN(const uint64_t after,
                   SequenceAfter(scope, request.GetMarker(), request.MarkerHasBeenSet()));

  // Keys are in ascending sequence: continue after the last one the marker saw.
  const std::vector<std::string>& ids = principal->access_key_ids;
  auto it = std::find_if(ids.begin(), ids.end(), [&](const std::string& id) {
    return access_keys_.at(id).sequence > after;
  });
  const size_t page_size =
      internal::PageSize(options_, request.MaxItemsHasBeenSet(), request.GetMaxItems());
  std::vector<AccessKeyMetadata> page;
  for (; it != ids.end() && page.size() < page_size; ++it) {
    page.push_back(Metadata(access_keys_.at(*it).key));
  }
  ListAccessKeysResult result;
  result.SetIsTruncated(it != ids.end());
  if (it != ids.end()) {
    result.SetMarker(SequenceMarker(scope, access_keys_.at(*std::prev(it)).sequence));
  }
  result.SetAccessKeyMetadata(std::move(page));
  return result;
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const UpdateAccessKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));
  RETURN_IF_ERROR(internal::CheckSettableStatus(request.GetStatus()));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  const std::vector<std::string>& ids = principal->access_key_ids;
  if (std::find(ids.begin(), ids.end(), request.GetAccessKeyId()) == ids.end()) {
    return NoSuchAccessKey(request.GetAccessKeyId());
  }
  access_keys_.at(request.GetAccessKeyId()).key.SetStatus(request.GetStatus());
  return absl::OkStatus();
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const DeleteAccessKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  std::vector<std::string>& ids = principal->access_key_ids;
  auto it = std::find(ids.begin(), ids.end(), request.GetAccessKeyId());
  if (it == ids.end()) return NoSuchAccessKey(request.GetAccessKeyId());
  access_keys_.erase(*it);
  ids.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<GetAccessKeyLastUsedResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const GetAccessKeyLastUsedRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  auto it = access_keys_.find(request.GetAccessKeyId());
  if (it == access_keys_.end()) {
    // IAM answers an unknown key as one the caller may not see (recorded).
    return MakeIamError(
        IamErrorCode::kAccessDenied,
        absl::StrFormat("User: %s is not authorized to perform iam:GetAccessKeyLastUsed on "
                        "resource: access key %s",
                        CallerArn(caller), request.GetAccessKeyId()));
  }
  GetAccessKeyLastUsedResult result;
  if (it->second.key.UserNameHasBeenSet()) result.SetUserName(it->second.key.GetUserName());
  result.SetAccessKeyLastUsed(it->second.last_used);
  return result;
}

std::string FakeIamBackend::Impl::CallerArn(const CallerIdentity& caller) const {
  switch (caller.kind()) {
    case CallerIdentity::Kind::kRoot:
      return root_.user.GetArn();
    case CallerIdentity::Kind::kUser: {
      auto it = users_.find(internal::Lower(caller.name()));
      if (it != users_.end()) return it->second.user.GetArn();
      return absl::StrFormat("arn:aws:iam::%s:user/%s", options_.account_id, caller.name());
    }
    case CallerIdentity::Kind::kRole:
      break;
  }
  if (absl::StartsWith(caller.name(), "arn:")) return caller.name();
  return absl::StrFormat("arn:aws:iam::%s:role/%s", options_.account_id, caller.name());
}

}  // namespace fake_iam
