// The semantics of each operation: FakeIamBackend::Impl::Execute for every FAKE_IAM_OPERATIONS entry,
// without faults or records (fake_iam_backend.cc runs them inside that pipeline).
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/input_validation.h"
#include "fake_iam/internal/validation_cache.h"

namespace fake_iam {
namespace {

using internal::CheckInput;
using internal::Lower;
using internal::NamedUser;
using internal::NoSuchUser;
using internal::PageSize;
using internal::WholeSeconds;

constexpr size_t kUserIdSuffixLength = 17;  // after "AIDA"

absl::Status InvalidMarker() {
  return MakeIamError(IamErrorCode::kInvalidInput, "Invalid Marker.");
}

absl::Status NoSuchCertificate(std::string_view id) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The Certificate with id %s cannot be found.", id));
}

// Sequences in list markers: 8 bytes, big-endian.
std::string EncodeSequence(uint64_t sequence) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i, sequence >>= 8) bytes[i] = static_cast<char>(sequence & 0xff);
  return bytes;
}

uint64_t DecodeSequence(std::string_view bytes) {
  uint64_t sequence = 0;
  for (unsigned char byte : bytes) sequence = (sequence << 8) | byte;
  return sequence;
}

}  // namespace

absl::StatusOr<const FakeIamBackend::Impl::Principal*> FakeIamBackend::Impl::Resolve(
    const CallerIdentity& caller, const std::string* user_name) const {
  if (user_name == nullptr) {
    switch (caller.kind()) {
      case CallerIdentity::Kind::kRoot:
        return &root_;
      case CallerIdentity::Kind::kRole:
        return MakeIamError(IamErrorCode::kValidationError,
                            "Must specify userName when calling with non-User credentials");
      case CallerIdentity::Kind::kUser:
        user_name = &caller.name();
        break;
    }
  }
  auto it = users_.find(Lower(*user_name));
  if (it == users_.end()) return NoSuchUser(*user_name);
  return &it->second;
}

// The root's certificates and keys carry the account id as their UserName.
const std::string& FakeIamBackend::Impl::OwnerName(const Principal& principal) const {
  return &principal == &root_ ? options_.account_id : principal.user.GetUserName();
}

absl::StatusOr<std::string> FakeIamBackend::Impl::MarkerPosition(std::string_view scope,
                                                           const std::string& marker,
                                                           bool has_marker) const {
  if (!has_marker) return std::string();
  std::optional<std::string> position = markers_.Decode(scope, marker);
  if (!position) return InvalidMarker();
  return *std::move(position);
}

absl::StatusOr<uint64_t> FakeIamBackend::Impl::SequenceAfter(std::string_view scope,
                                                              const std::string& marker,
                                                              bool has_marker) const {
  absl::StatusOr<std::string> position = MarkerPosition(scope, marker, has_marker);
  if (!position.ok()) return position.status();
  if (has_marker && position->size() != 8) return InvalidMarker();
  return DecodeSequence(*position);
}

std::string FakeIamBackend::Impl::SequenceMarker(std::string_view scope,
                                                 uint64_t sequence) const {
  return markers_.Encode(scope, EncodeSequence(sequence));
}

absl::StatusOr<ListSigningCertificatesResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const ListSigningCertificatesRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::ReaderLock lock(&mu_);
  absl::StatusOr<const Principal*> principal = Resolve(caller, NamedUser(request));
  if (!principal.ok()) return principal.status();
  const std::string& scope = (*principal)->marker_scope;
  absl::StatusOr<uint64_t> after =
      SequenceAfter(scope, request.GetMarker(), request.MarkerHasBeenSet());
  if (!after.ok()) return after.status();

  // Certificates are in ascending sequence: continue after the last one the marker saw.
  const std::vector<StoredCertificate>& stored = (*principal)->certificates;
  auto it = std::upper_bound(stored.begin(), stored.end(), *after,
                             [](uint64_t sequence, const StoredCertificate& certificate) {
                               return sequence < certificate.sequence;
                             });
  const size_t page_size = PageSize(options_, request.MaxItemsHasBeenSet(), request.GetMaxItems());
  std::vector<SigningCertificate> page;
  for (; it != stored.end() && page.size() < page_size; ++it) page.push_back(it->certificate);
  ListSigningCertificatesResult result;
  result.SetIsTruncated(it != stored.end());
  if (it != stored.end())
    result.SetMarker(SequenceMarker(scope, std::prev(it)->sequence));
  result.SetCertificates(std::move(page));
  return result;
}

absl::StatusOr<UploadSigningCertificateResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const UploadSigningCertificateRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  // OpenSSL's work happens outside the lock; its outcome counts only after the user check.
  absl::StatusOr<internal::ParsedCertificate> parsed =
      internal::ParseCertificateBodyCached(request.GetCertificateBody());

  const absl::Time now = Now();

  internal::WriterLock lock(&mu_);
  absl::StatusOr<const Principal*> resolved = Resolve(caller, NamedUser(request));
  if (!resolved.ok()) return resolved.status();
  if (!parsed.ok()) return parsed.status();
  // IAM calls an expired certificate malformed, in the same words (recorded).
  if (options_.check_certificate_dates && parsed->not_after < now) {
    return internal::MalformedCertificate(request.GetCertificateBody(),
                                          "The certificate has expired.");
  }
  if (options_.check_certificate_dates && parsed->not_before > now) {
    return internal::MalformedCertificate(request.GetCertificateBody(),
                                          "The certificate is not yet valid.");
  }
  if (!parsed->invalid.ok()) return parsed->invalid;
  Principal& principal = const_cast<Principal&>(**resolved);
  const std::string& id = parsed->certificate_id;
  // The user's own certificate again: IAM answers success and adds nothing (recorded), with the
  // held certificate's id and date and the status of a new upload, Active, whatever the held one's.
  for (const StoredCertificate& stored : principal.certificates) {
    if (stored.certificate.GetCertificateId() == id) {
      SigningCertificate answer = stored.certificate;
      answer.SetCertificateBody(request.GetCertificateBody());
      answer.SetStatus(StatusType::kActive);
      return UploadSigningCertificateResult().WithCertificate(std::move(answer));
    }
  }
  if (certificate_ids_.contains(id)) {
    return MakeIamError(IamErrorCode::kDuplicateCertificate, "Duplicate certificate uploaded.");
  }
  if (principal.certificates.size() >=
      static_cast<size_t>(std::max(0, options_.max_certificates_per_user))) {
    return MakeIamError(IamErrorCode::kLimitExceeded,
                        absl::StrFormat("Cannot exceed quota for CertificatesPerUser: %d",
                                        options_.max_certificates_per_user));
  }

  SigningCertificate certificate = SigningCertificate()
                                       .WithUserName(OwnerName(principal))
                                       .WithCertificateId(id)
                                       .WithCertificateBody(request.GetCertificateBody())
                                       .WithStatus(StatusType::kActive)
                                       .WithUploadDate(WholeSeconds(now));
  certificate_ids_.insert(id);
  principal.certificates.push_back({certificate, ++sequence_, std::move(parsed->fingerprint)});
  return UploadSigningCertificateResult().WithCertificate(std::move(certificate));
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                     const UpdateSigningCertificateRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;
  if (absl::Status status = internal::CheckSettableStatus(request.GetStatus()); !status.ok()) {
    return status;
  }

  internal::WriterLock lock(&mu_);
  absl::StatusOr<const Principal*> resolved = Resolve(caller, NamedUser(request));
  if (!resolved.ok()) return resolved.status();
  Principal& principal = const_cast<Principal&>(**resolved);
  for (StoredCertificate& stored : principal.certificates) {
    if (stored.certificate.GetCertificateId() == request.GetCertificateId()) {
      stored.certificate.SetStatus(request.GetStatus());
      return absl::OkStatus();
    }
  }
  return NoSuchCertificate(request.GetCertificateId());
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                     const DeleteSigningCertificateRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::WriterLock lock(&mu_);
  absl::StatusOr<const Principal*> resolved = Resolve(caller, NamedUser(request));
  if (!resolved.ok()) return resolved.status();
  std::vector<StoredCertificate>& certificates = const_cast<Principal&>(**resolved).certificates;
  auto it =
      std::find_if(certificates.begin(), certificates.end(), [&](const StoredCertificate& stored) {
        return stored.certificate.GetCertificateId() == request.GetCertificateId();
      });
  if (it == certificates.end()) return NoSuchCertificate(request.GetCertificateId());
  certificate_ids_.erase(it->certificate.GetCertificateId());
  certificates.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<CreateUserResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                         const CreateUserRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::WriterLock lock(&mu_);
  std::string key = Lower(request.GetUserName());
  if (users_.contains(key)) {
    return MakeIamError(
        IamErrorCode::kEntityAlreadyExists,
        absl::StrFormat("User with name %s already exists.", request.GetUserName()));
  }
  std::string path = request.PathHasBeenSet() ? request.GetPath() : "/";
  User user = User()
                  .WithPath(path)
                  .WithUserName(request.GetUserName())
                  .WithUserId("AIDA" + NextId(kUserIdSuffixLength))
                  .WithArn(absl::StrFormat("arn:aws:iam::%s:user%s%s", options_.account_id, path,
                                           request.GetUserName()))
                  .WithCreateDate(WholeSeconds(Now()));
  users_.emplace(key, Principal{user, "user/" + key, {}});
  return CreateUserResult().WithUser(std::move(user));
}

absl::StatusOr<GetUserResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                      const GetUserRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::ReaderLock lock(&mu_);
  absl::StatusOr<const Principal*> principal = Resolve(caller, NamedUser(request));
  if (!principal.ok()) return principal.status();
  return GetUserResult().WithUser((*principal)->user);
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                     const DeleteUserRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

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
  users_.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<ListUsersResult> FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                                        const ListUsersRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  const std::string prefix = request.PathPrefixHasBeenSet() ? request.GetPathPrefix() : "/";
  const std::string scope = "users:" + prefix;
  absl::StatusOr<std::string> position =
      MarkerPosition(scope, request.GetMarker(), request.MarkerHasBeenSet());
  if (!position.ok()) return position.status();

  internal::ReaderLock lock(&mu_);
  auto matches = [&](const auto& entry) {
    return absl::StartsWith(entry.second.user.GetPath(), prefix);
  };
  // Users are ordered by lower-case name: continue after the last one the marker saw.
  auto it = request.MarkerHasBeenSet() ? users_.upper_bound(*position) : users_.begin();
  const size_t page_size = PageSize(options_, request.MaxItemsHasBeenSet(), request.GetMaxItems());
  std::vector<User> page;
  std::string last_key;
  for (it = std::find_if(it, users_.end(), matches); it != users_.end() && page.size() < page_size;
       it = std::find_if(std::next(it), users_.end(), matches)) {
    page.push_back(it->second.user);
    last_key = it->first;
  }
  ListUsersResult result;
  result.SetIsTruncated(it != users_.end());
  if (it != users_.end()) result.SetMarker(markers_.Encode(scope, last_key));
  result.SetUsers(std::move(page));
  return result;
}
}  // namespace fake_iam
