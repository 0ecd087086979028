// The semantics of the SSH public key operations: FakeIamBackend::Impl::Execute for
// UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey and
// DeleteSSHPublicKey.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/ssh_public_key.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam {
namespace {

using internal::CheckInput;
using internal::NamedUser;
using internal::WholeSeconds;

// IAM's words for a key id the user does not hold, whoever else holds it (recorded).
absl::Status NoSuchSshPublicKey(std::string_view id) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("User has no Public Key with id %s.", id));
}

template <typename Keys>
auto FindKey(Keys& keys, const std::string& id) {
  return std::find_if(keys.begin(), keys.end(),
                      [&](const auto& stored) { return stored.key.GetSSHPublicKeyId() == id; });
}

}  // namespace

absl::StatusOr<UploadSSHPublicKeyResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const UploadSSHPublicKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  // OpenSSL's work happens outside the lock; its outcome counts only after the user check.
  absl::StatusOr<internal::ParsedSshPublicKey> parsed =
      internal::ParseSshPublicKeyBodyCached(request.GetSSHPublicKeyBody());

  const absl::Time now = Now();

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  RETURN_IF_ERROR(parsed.status());
  // The same key again for the same user, in either encoding (recorded); another user may hold
  // it too (recorded).
  for (const StoredSshPublicKey& stored : principal->ssh_public_keys) {
    if (stored.key.GetFingerprint() == parsed->fingerprint) {
      return MakeIamError(IamErrorCode::kDuplicateSSHPublicKey,
                          "Duplicate SSH public key uploaded.");
    }
  }
  if (principal->ssh_public_keys.size() >=
      static_cast<size_t>(std::max(0, options_.max_ssh_public_keys_per_user))) {
    return MakeIamError(IamErrorCode::kLimitExceeded,
                        absl::StrFormat("Cannot exceed quota for PublicKeysPerUser: %d",
                                        options_.max_ssh_public_keys_per_user));
  }

  SSHPublicKey key = SSHPublicKey()
                         .WithUserName(OwnerName(*principal))
                         .WithSSHPublicKeyId("APKA" + NextId(16))
                         .WithFingerprint(parsed->fingerprint)
                         .WithSSHPublicKeyBody(request.GetSSHPublicKeyBody())
                         .WithStatus(StatusType::kActive)
                         .WithUploadDate(WholeSeconds(now));
  principal->ssh_public_keys.push_back(
      {key, ++sequence_, std::move(parsed->openssh), std::move(parsed->pem)});
  return UploadSSHPublicKeyResult().WithSSHPublicKey(std::move(key));
}

absl::StatusOr<GetSSHPublicKeyResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const GetSSHPublicKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  auto it = FindKey(principal->ssh_public_keys, request.GetSSHPublicKeyId());
  if (it == principal->ssh_public_keys.end()) {
    return NoSuchSshPublicKey(request.GetSSHPublicKeyId());
  }
  // The body in the encoding asked for, whatever was uploaded (recorded): no comment, and the
  // PEM with its trailing newline.
  SSHPublicKey key = it->key;
  key.SetSSHPublicKeyBody(request.GetEncoding() == EncodingType::kPem ? it->pem : it->openssh);
  return GetSSHPublicKeyResult().WithSSHPublicKey(std::move(key));
}

absl::StatusOr<ListSSHPublicKeysResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const ListSSHPublicKeysRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  ASSIGN_OR_RETURN(SequencePage<SSHPublicKeyMetadata> page,
                   PageInSequence(principal->marker_scope, principal->ssh_public_keys, request,
                                  [](const StoredSshPublicKey& stored) {
                                    return Metadata(stored.key);
                                  }));
  ListSSHPublicKeysResult result;
  result.SetIsTruncated(page.marker.has_value());
  if (page.marker) result.SetMarker(*std::move(page.marker));
  result.SetSSHPublicKeys(std::move(page.items));
  return result;
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const UpdateSSHPublicKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));
  RETURN_IF_ERROR(internal::CheckSettableStatus(request.GetStatus()));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  auto it = FindKey(principal->ssh_public_keys, request.GetSSHPublicKeyId());
  if (it == principal->ssh_public_keys.end()) {
    return NoSuchSshPublicKey(request.GetSSHPublicKeyId());
  }
  it->key.SetStatus(request.GetStatus());
  return absl::OkStatus();
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const DeleteSSHPublicKeyRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  auto it = FindKey(principal->ssh_public_keys, request.GetSSHPublicKeyId());
  if (it == principal->ssh_public_keys.end()) {
    return NoSuchSshPublicKey(request.GetSSHPublicKeyId());
  }
  principal->ssh_public_keys.erase(it);
  return absl::OkStatus();
}

}  // namespace fake_iam
