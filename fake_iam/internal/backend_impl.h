// FakeIamBackend's private half: its state, and what its source files share. The pipeline every
// call goes through is in fake_iam_backend.cc; each operation's semantics (Execute) in
// fake_iam/backend/, one file per area.
#ifndef FAKE_IAM_INTERNAL_BACKEND_IMPL_H_
#define FAKE_IAM_INTERNAL_BACKEND_IMPL_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/call_log.h"
#include "fake_iam/internal/clock.h"
#include "fake_iam/internal/input_validation.h"
#include "fake_iam/internal/marker.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/internal/string_view.h"

namespace fake_iam {
namespace internal {

// IAM's dates have whole seconds.
inline absl::Time WholeSeconds(absl::Time time) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(time));
}

inline std::string Lower(std::string_view text) {
  return absl::AsciiStrToLower(ToAbsl(text));
}

inline absl::Status NoSuchUser(std::string_view user_name) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The user with name %s cannot be found.", user_name));
}

// The model's StatusType lists Expired, but IAM sets no credential to it: InvalidInput, as IAM
// answers UpdateSigningCertificate and UpdateSSHPublicKey (recorded). OK for Active and Inactive.
inline absl::Status CheckSettableStatus(StatusType status) {
  if (status != StatusType::kExpired) return absl::OkStatus();
  return MakeIamError(IamErrorCode::kInvalidInput, "Operation does not support status Expired");
}

// The request's UserName, or nullptr when it was omitted.
template <typename Request>
const std::string* NamedUser(const Request& request) {
  return request.UserNameHasBeenSet() ? &request.GetUserName() : nullptr;
}

// The request's input constraints (fake_iam/model.h), as one ValidationError.
template <typename Request>
absl::Status CheckInput(const Request& request) {
  InputValidator validator;
  CheckRequest(validator, request);
  return validator.ToStatus();
}

// A page of a list operation, as MaxItems and FakeIamOptions::max_page_size say.
inline size_t PageSize(const FakeIamOptions& options, bool max_items_set, int max_items) {
  constexpr int kDefaultMaxItems = 100;
  return std::max(1, std::min(max_items_set ? max_items : kDefaultMaxItems, options.max_page_size));
}

}  // namespace internal

struct FakeIamBackend::Impl {
  explicit Impl(FakeIamOptions options);

  struct StoredCertificate {
    SigningCertificate certificate;
    uint64_t sequence;        // upload order across the backend; markers point at it
    std::string fingerprint;  // SHA-256 of the DER
  };
  struct StoredAccessKey {
    AccessKey key;  // with its secret and current Status
    CallerIdentity owner;
    uint64_t sequence;  // creation order across the backend; markers point at it
    AccessKeyLastUsed last_used;
  };
  // A user, or the account root, and the certificates and access keys it holds.
  struct Principal {
    User user;
    std::string marker_scope;                     // binds list markers to this principal
    std::vector<StoredCertificate> certificates;  // ascending sequence
    std::vector<std::string> access_key_ids;      // into access_keys_, ascending sequence

    std::vector<SigningCertificate> Certificates() const;  // copies, for inspection
  };
  // The credential report GenerateCredentialReport made last.
  struct CredentialReport {
    absl::Time generated;
    std::string content;
  };

  absl::Time Now() const { return clock_.Now(); }

  // What each operation does, without faults or records; set-up methods call these directly. One
  // per FAKE_IAM_OPERATIONS entry, defined in fake_iam/backend/<area>.cc: the operation's semantics.
#define FAKE_IAM_BACKEND_EXECUTE(Name, Result, Errors) \
  Outcome<Result> Execute(const CallerIdentity& caller, const Name##Request& request);
  FAKE_IAM_OPERATIONS(FAKE_IAM_BACKEND_EXECUTE)
#undef FAKE_IAM_BACKEND_EXECUTE

  // Faults, then Execute, then the record: the pipeline every API call goes through.
  template <typename Request>
  typename RequestTraits<Request>::Outcome Run(const CallerIdentity& caller, const Request& request,
                                               CallOrigin origin);

  // The principal a call acts on: the named user, or the caller's own for an omitted UserName
  // (nullptr). Readers hold mu_ shared; writers, which change the principal, hold it exclusively
  // and use ResolveForWrite.
  absl::StatusOr<const Principal*> Resolve(const CallerIdentity& caller,
                                           const std::string* user_name) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::StatusOr<Principal*> ResolveForWrite(const CallerIdentity& caller,
                                             const std::string* user_name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A fresh id of `length` base32 characters, a function of the seed and the ids made before.
  // Ids are unique by construction (internal/ids.h).
  std::string NextId(size_t length) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  User RootUser() const;
  // A fresh id ("AKIA" and 16 base32 characters) and secret (40 characters).
  AccessKey NewAccessKey() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Adds `key` (id and secret set) for `owner`, held by `principal` (nullptr for a role's key,
  // which only signs requests): the quota applies, and a taken id is EntityAlreadyExists.
  absl::StatusOr<AccessKey> AddAccessKeyLocked(Principal* principal, const CallerIdentity& owner,
                                               AccessKey key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The name IAM gives a principal's certificates and keys: the account id for the root.
  const std::string& OwnerName(const Principal& principal) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  std::vector<AccessKeyMetadata> AccessKeys(const Principal& principal) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A stored key as ListAccessKeys shows it: without the secret.
  static AccessKeyMetadata Metadata(const AccessKey& key);
  std::string BuildCredentialReport() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The caller's ARN, as IAM names it in AccessDenied messages.
  std::string CallerArn(const CallerIdentity& caller) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The first item of a page, from a marker of `scope`; InvalidInput for a marker not issued for
  // it.
  absl::StatusOr<std::string> MarkerPosition(std::string_view scope, const std::string& marker,
                                             bool has_marker) const;
  // For lists in creation order (certificates, access keys): the sequence a marker of `scope`
  // continues after (0 without a marker; InvalidInput for a marker not issued for it), and the
  // marker that continues after `sequence`.
  absl::StatusOr<uint64_t> SequenceAfter(std::string_view scope, const std::string& marker,
                                         bool has_marker) const;
  std::string SequenceMarker(std::string_view scope, uint64_t sequence) const;

  const FakeIamOptions options_;
  const absl::Time created_;  // the root's CreateDate
  const internal::MarkerCodec markers_;

  internal::Clock clock_;

  mutable internal::SharedMutex mu_;
  absl::btree_map<std::string, Principal> users_ ABSL_GUARDED_BY(mu_);  // by lower-case name
  Principal root_ ABSL_GUARDED_BY(mu_);
  // The id of every certificate held, by anyone: another user's copy is a duplicate.
  absl::flat_hash_set<std::string> certificate_ids_ ABSL_GUARDED_BY(mu_);
  // Every access key, by id: users', the root's, and roles' (which no principal holds).
  absl::flat_hash_map<std::string, StoredAccessKey> access_keys_ ABSL_GUARDED_BY(mu_);
  std::optional<CredentialReport> report_ ABSL_GUARDED_BY(mu_);
  uint64_t id_counter_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t sequence_ ABSL_GUARDED_BY(mu_) = 0;  // of certificates and access keys

  // Faults and records have locks of their own, so that reads of the state stay parallel; a
  // call looks at the fault rules only when there are some.
  mutable internal::SharedMutex faults_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::vector<std::shared_ptr<ActiveFault>> faults_ ABSL_GUARDED_BY(faults_mu_);
  std::atomic<bool> has_faults_{false};
  internal::CallLog calls_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_INTERNAL_BACKEND_IMPL_H_
