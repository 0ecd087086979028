#include "fake_iam/fake_iam_backend.h"

#include <algorithm>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/ids.h"
#include "fake_iam/internal/input_validation.h"
#include "fake_iam/internal/status_of.h"
#include "fake_iam/internal/validation_cache.h"

namespace fake_iam {
namespace {

// The request's input constraints, as one ValidationError.
template <typename Request>
absl::Status CheckInput(const Request& request) {
  internal::InputValidator validator;
  internal::CheckRequest(validator, request);
  return validator.ToStatus();
}

constexpr int kDefaultMaxItems = 100;
constexpr size_t kCertificateIdLength = 32;
constexpr size_t kUserIdSuffixLength = 17;       // after "AIDA"
constexpr size_t kAccessKeyIdSuffixLength = 16;  // after "AKIA"
constexpr size_t kSecretLength = 40;

// IAM's dates have whole seconds.
absl::Time WholeSeconds(absl::Time time) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(time));
}

std::string Lower(std::string_view text) {
  return absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
}

absl::Status NoSuchUser(std::string_view user_name) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The user with name %s cannot be found.", user_name));
}

absl::Status InvalidMarker() {
  return MakeIamError(IamErrorCode::kInvalidInput, "Invalid Marker.");
}

absl::Status NoSuchCertificate(std::string_view id) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The Certificate with id %s cannot be found.", id));
}

// The request's UserName, or nullptr when it was omitted.
template <typename Request>
const std::string* NamedUser(const Request& request) {
  return request.UserNameHasBeenSet() ? &request.GetUserName() : nullptr;
}

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

// The user a call acts on, for FaultRule::ForUser.
std::optional<std::string> EffectiveUser(const RecordedCall& call, std::string_view account_id) {
  return std::visit(
      [&](const auto& request) -> std::optional<std::string> {
        if constexpr (std::is_same_v<std::decay_t<decltype(request)>, ListUsersRequest>) {
          return std::nullopt;
        } else {
          if (request.UserNameHasBeenSet()) return request.GetUserName();
          switch (call.caller.kind()) {
            case CallerIdentity::Kind::kRoot:
              return std::string(account_id);
            case CallerIdentity::Kind::kUser:
              return call.caller.name();
            case CallerIdentity::Kind::kRole:
              break;
          }
          return std::nullopt;
        }
      },
      call.request);
}

}  // namespace

FakeIamBackend::FakeIamBackend(FakeIamOptions options)
    : options_(std::move(options)),
      created_(options_.start_time.value_or(absl::Now())),
      markers_(options_.seed),
      clock_(options_.start_time) {
  root_.user = RootUser();
  root_.marker_scope = "root";
}

FakeIamBackend::~FakeIamBackend() = default;

// As IAM answers GetUser to the root: no UserName and no Path.
User FakeIamBackend::RootUser() const {
  return User()
      .WithUserId(options_.account_id)
      .WithArn(absl::StrFormat("arn:aws:iam::%s:root", options_.account_id))
      .WithCreateDate(WholeSeconds(created_));
}

// ---- Set-up and inspection ----

absl::StatusOr<User> FakeIamBackend::CreateUser(std::string_view user_name, std::string_view path) {
  absl::StatusOr<CreateUserResult> result =
      Execute(CallerIdentity::Root(),
              CreateUserRequest().WithUserName(std::string(user_name)).WithPath(std::string(path)));
  if (!result.ok()) return result.status();
  return result->GetUser();
}

absl::StatusOr<SigningCertificate> FakeIamBackend::UploadSigningCertificate(
    std::string_view user_name, std::string_view certificate_body) {
  absl::StatusOr<UploadSigningCertificateResult> result =
      Execute(CallerIdentity::Root(), UploadSigningCertificateRequest()
                                          .WithUserName(std::string(user_name))
                                          .WithCertificateBody(std::string(certificate_body)));
  if (!result.ok()) return result.status();
  return result->GetCertificate();
}

absl::StatusOr<AccessKey> FakeIamBackend::CreateAccessKey(const CallerIdentity& owner) {
  internal::WriterLock lock(&mu_);
  AccessKey key{"AKIA" + NextId(kAccessKeyIdSuffixLength), NextId(kSecretLength)};
  if (absl::Status added = AddAccessKeyLocked(key, owner); !added.ok()) return added;
  return key;
}

absl::Status FakeIamBackend::AddAccessKey(const AccessKey& key, const CallerIdentity& owner) {
  internal::WriterLock lock(&mu_);
  return AddAccessKeyLocked(key, owner);
}

absl::Status FakeIamBackend::AddAccessKeyLocked(const AccessKey& key, const CallerIdentity& owner) {
  if (owner.kind() == CallerIdentity::Kind::kUser && !users_.contains(Lower(owner.name()))) {
    return NoSuchUser(owner.name());
  }
  if (!access_keys_.try_emplace(key.access_key_id, AccessKeyOwner{owner, key.secret_access_key})
           .second) {
    return MakeIamError(IamErrorCode::kEntityAlreadyExists,
                        absl::StrFormat("Access key %s already exists.", key.access_key_id));
  }
  return absl::OkStatus();
}

std::optional<AccessKeyOwner> FakeIamBackend::FindAccessKey(std::string_view access_key_id) const {
  internal::ReaderLock lock(&mu_);
  auto it = access_keys_.find(std::string(access_key_id));
  if (it == access_keys_.end()) return std::nullopt;
  return it->second;
}

std::vector<SigningCertificate> FakeIamBackend::Principal::Certificates() const {
  std::vector<SigningCertificate> copies;
  copies.reserve(certificates.size());
  for (const StoredCertificate& stored : certificates) copies.push_back(stored.certificate);
  return copies;
}

std::vector<SigningCertificate> FakeIamBackend::Certificates(std::string_view user_name) const {
  internal::ReaderLock lock(&mu_);
  auto it = users_.find(Lower(user_name));
  return it == users_.end() ? std::vector<SigningCertificate>() : it->second.Certificates();
}

std::vector<SigningCertificate> FakeIamBackend::RootCertificates() const {
  internal::ReaderLock lock(&mu_);
  return root_.Certificates();
}

std::vector<User> FakeIamBackend::Users() const {
  internal::ReaderLock lock(&mu_);
  std::vector<User> users;
  for (const auto& [key, principal] : users_) users.push_back(principal.user);
  return users;
}

absl::Time FakeIamBackend::Now() const { return clock_.Now(); }
void FakeIamBackend::AdvanceClock(absl::Duration duration) { clock_.Advance(duration); }
void FakeIamBackend::SetClock(absl::Time time) { clock_.Freeze(time); }
void FakeIamBackend::UseLiveClock() { clock_.Live(); }
ClockMode FakeIamBackend::clock_mode() const {
  return clock_.frozen() ? ClockMode::kFrozen : ClockMode::kLive;
}

std::string FakeIamBackend::NextId(size_t length) {
  return internal::DeterministicId(options_.seed, ++id_counter_, length);
}

void FakeIamBackend::Reset() {
  {
    internal::WriterLock lock(&mu_);
    users_.clear();
    root_.certificates.clear();
    fingerprints_.clear();
    access_keys_.clear();
    id_counter_ = 0;
    certificate_sequence_ = 0;
  }
  ClearFaults();
  ClearRecordedCalls();
}

// ---- Faults and records ----

absl::StatusOr<FaultHandle> FakeIamBackend::InjectFault(FaultRule rule) {
  if (absl::Status valid = rule.Validate(); !valid.ok()) return valid;
  auto fault = std::make_shared<ActiveFault>(std::move(rule));
  internal::WriterLock lock(&faults_mu_);
  faults_.push_back(fault);
  has_faults_.store(true);
  return FaultHandle(std::move(fault));
}

void FakeIamBackend::ClearFaults() {
  internal::WriterLock lock(&faults_mu_);
  for (const auto& fault : faults_) fault->removed.store(true);
  faults_.clear();
  has_faults_.store(false);
}

std::vector<RecordedCall> FakeIamBackend::RecordedCalls() const { return calls_.Calls(); }

std::vector<RecordedCall> FakeIamBackend::RecordedCalls(Operation operation) const {
  return calls_.Calls(operation);
}

void FakeIamBackend::ClearRecordedCalls() { calls_.Clear(); }

template <typename Request>
typename RequestTraits<Request>::Outcome FakeIamBackend::Run(const CallerIdentity& caller,
                                                             const Request& request,
                                                             HttpCall* http) {
  using Result = typename RequestTraits<Request>::Outcome;
  RecordedCall call;
  call.operation = RequestTraits<Request>::kOperation;
  call.caller = caller;
  call.request = request;
  call.time = Now();
  call.over_http = http != nullptr;

  std::optional<absl::Status> injected;
  absl::Duration delay;
  if (has_faults_.load()) {
    internal::WriterLock lock(&faults_mu_);
    // Retired and removed rules go first, so the list stays short.
    faults_.erase(std::remove_if(faults_.begin(), faults_.end(),
                                 [](const std::shared_ptr<ActiveFault>& fault) {
                                   return !FaultHandle(fault).active();
                                 }),
                  faults_.end());
    has_faults_.store(!faults_.empty());
    std::optional<std::string> user;
    if (!faults_.empty()) user = EffectiveUser(call, options_.account_id);
    for (const auto& fault : faults_) {
      if (!fault->rule.Matches(call, user)) continue;
      if (fault->matched++ < fault->rule.after_calls()) continue;  // let through
      fault->fired.fetch_add(1);
      delay = fault->rule.delay();
      if (fault->rule.error()) injected = MakeIamError(*fault->rule.error(), fault->rule.message());
      if (const std::optional<WireFault>& wire = fault->rule.wire()) {
        http->wire_fault = wire;  // Matches() saw over_http, so http is set
        injected = absl::UnavailableError(
            wire->kind == WireFault::Kind::kDropConnection
                ? "The connection was dropped by a fault rule."
                : absl::StrFormat("HTTP %d from a fault rule.", wire->http_status));
      }
      break;
    }
  }
  if (delay > absl::ZeroDuration()) absl::SleepFor(delay);

  Result result = injected ? Result(*injected) : Execute(caller, request);
  call.status = internal::StatusOf(result);
  call.injected = injected.has_value();
  calls_.Append(std::move(call));
  return result;
}

// ---- The API ----

#define FAKE_IAM_BACKEND_CALL(Name, Result, Errors)                                                \
  Outcome<Result> FakeIamBackend::Call(const CallerIdentity& caller, const Name##Request& request, \
                                       HttpCall* http) {                                           \
    return Run(caller, request, http);                                                             \
  }
FAKE_IAM_OPERATIONS(FAKE_IAM_BACKEND_CALL)
#undef FAKE_IAM_BACKEND_CALL

absl::StatusOr<const FakeIamBackend::Principal*> FakeIamBackend::Resolve(
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

absl::StatusOr<std::string> FakeIamBackend::MarkerPosition(std::string_view scope,
                                                           const std::string& marker,
                                                           bool has_marker) const {
  if (!has_marker) return std::string();
  std::optional<std::string> position = markers_.Decode(scope, marker);
  if (!position) return InvalidMarker();
  return *std::move(position);
}

int FakeIamBackend::PageSize(bool max_items_set, int max_items) const {
  return std::max(1,
                  std::min(max_items_set ? max_items : kDefaultMaxItems, options_.max_page_size));
}

absl::StatusOr<ListSigningCertificatesResult> FakeIamBackend::Execute(
    const CallerIdentity& caller, const ListSigningCertificatesRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::ReaderLock lock(&mu_);
  absl::StatusOr<const Principal*> principal = Resolve(caller, NamedUser(request));
  if (!principal.ok()) return principal.status();
  const std::string& scope = (*principal)->marker_scope;
  absl::StatusOr<std::string> position =
      MarkerPosition(scope, request.GetMarker(), request.MarkerHasBeenSet());
  if (!position.ok()) return position.status();
  if (request.MarkerHasBeenSet() && position->size() != 8) {
    return InvalidMarker();
  }

  // Certificates are in ascending sequence: continue after the last one the marker saw.
  const std::vector<StoredCertificate>& stored = (*principal)->certificates;
  uint64_t after = DecodeSequence(*position);
  auto it = std::upper_bound(stored.begin(), stored.end(), after,
                             [](uint64_t sequence, const StoredCertificate& certificate) {
                               return sequence < certificate.sequence;
                             });
  const size_t page_size = PageSize(request.MaxItemsHasBeenSet(), request.GetMaxItems());
  std::vector<SigningCertificate> page;
  for (; it != stored.end() && page.size() < page_size; ++it) page.push_back(it->certificate);
  ListSigningCertificatesResult result;
  result.SetIsTruncated(it != stored.end());
  if (it != stored.end())
    result.SetMarker(markers_.Encode(scope, EncodeSequence(std::prev(it)->sequence)));
  result.SetCertificates(std::move(page));
  return result;
}

absl::StatusOr<UploadSigningCertificateResult> FakeIamBackend::Execute(
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
  if (options_.check_certificate_dates && parsed->not_after < now) {
    return MakeIamError(IamErrorCode::kMalformedCertificate, "The certificate has expired.");
  }
  if (options_.check_certificate_dates && parsed->not_before > now) {
    return MakeIamError(IamErrorCode::kMalformedCertificate, "The certificate is not yet valid.");
  }
  if (!parsed->invalid.ok()) return parsed->invalid;
  if (fingerprints_.contains(parsed->fingerprint)) {
    return MakeIamError(IamErrorCode::kDuplicateCertificate,
                        IamErrorDefaultMessage(IamErrorCode::kDuplicateCertificate));
  }
  Principal& principal = const_cast<Principal&>(**resolved);
  if (principal.certificates.size() >=
      static_cast<size_t>(std::max(0, options_.max_certificates_per_user))) {
    return MakeIamError(IamErrorCode::kLimitExceeded,
                        absl::StrFormat("Cannot exceed quota for CertificatesPerUser: %d",
                                        options_.max_certificates_per_user));
  }

  // The root's certificates carry the account id as their UserName.
  const std::string& owner =
      &principal == &root_ ? options_.account_id : principal.user.GetUserName();
  SigningCertificate certificate = SigningCertificate()
                                       .WithUserName(owner)
                                       .WithCertificateId(NextId(kCertificateIdLength))
                                       .WithCertificateBody(request.GetCertificateBody())
                                       .WithStatus(StatusType::kActive)
                                       .WithUploadDate(WholeSeconds(now));
  fingerprints_.insert(parsed->fingerprint);
  principal.certificates.push_back(
      {certificate, ++certificate_sequence_, std::move(parsed->fingerprint)});
  return UploadSigningCertificateResult().WithCertificate(std::move(certificate));
}

absl::Status FakeIamBackend::Execute(const CallerIdentity& caller,
                                     const UpdateSigningCertificateRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

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

absl::Status FakeIamBackend::Execute(const CallerIdentity& caller,
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
  fingerprints_.erase(it->fingerprint);
  certificates.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<CreateUserResult> FakeIamBackend::Execute(const CallerIdentity& caller,
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

absl::StatusOr<GetUserResult> FakeIamBackend::Execute(const CallerIdentity& caller,
                                                      const GetUserRequest& request) {
  if (absl::Status status = CheckInput(request); !status.ok()) return status;

  internal::ReaderLock lock(&mu_);
  absl::StatusOr<const Principal*> principal = Resolve(caller, NamedUser(request));
  if (!principal.ok()) return principal.status();
  return GetUserResult().WithUser((*principal)->user);
}

absl::Status FakeIamBackend::Execute(const CallerIdentity& caller,
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
  users_.erase(it);
  // The user's access keys go with it, so that a later user of the same name does not inherit them.
  absl::erase_if(access_keys_, [&](const auto& entry) {
    const CallerIdentity& owner = entry.second.caller;
    return owner.kind() == CallerIdentity::Kind::kUser && Lower(owner.name()) == key;
  });
  return absl::OkStatus();
}

absl::StatusOr<ListUsersResult> FakeIamBackend::Execute(const CallerIdentity& caller,
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
  const size_t page_size = PageSize(request.MaxItemsHasBeenSet(), request.GetMaxItems());
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
