#include "fake_iam/fake_iam_backend.h"

#include <algorithm>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/ids.h"
#include "fake_iam/internal/status_of.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam {
namespace {

using internal::Lower;
using internal::NoSuchUser;
using internal::WholeSeconds;


// The user a call acts on, for FaultRule::ForUser: the request's UserName, or the caller's own
// where the operation has one and it was omitted; none for an operation without a UserName.
template <typename Request, typename = void>
struct HasUserName : std::false_type {};
template <typename Request>
struct HasUserName<Request, std::void_t<decltype(std::declval<Request>().GetUserName())>>
    : std::true_type {};

std::optional<std::string> EffectiveUser(const RecordedCall& call, std::string_view account_id) {
  return std::visit(
      [&](const auto& request) -> std::optional<std::string> {
        if constexpr (!HasUserName<std::decay_t<decltype(request)>>::value) {
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

FakeIamBackend::Impl::Impl(FakeIamOptions options)
    : options_(std::move(options)),
      created_(options_.start_time.value_or(absl::Now())),
      markers_(options_.seed),
      clock_(options_.start_time) {
  root_.user = RootUser();
  root_.marker_scope = "root";
}

FakeIamBackend::FakeIamBackend(FakeIamOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeIamBackend::~FakeIamBackend() = default;

const FakeIamOptions& FakeIamBackend::options() const { return impl_->options_; }

// As IAM answers GetUser to the root: no UserName and no Path.
User FakeIamBackend::Impl::RootUser() const {
  return User()
      .WithUserId(options_.account_id)
      .WithArn(absl::StrFormat("arn:aws:iam::%s:root", options_.account_id))
      .WithCreateDate(WholeSeconds(created_));
}

// ---- Set-up and inspection ----

absl::StatusOr<User> FakeIamBackend::CreateUser(std::string_view user_name, std::string_view path) {
  ASSIGN_OR_RETURN(CreateUserResult result,
                   impl_->Execute(CallerIdentity::Root(), CreateUserRequest()
                                                              .WithUserName(std::string(user_name))
                                                              .WithPath(std::string(path))));
  return result.GetUser();
}

absl::StatusOr<SigningCertificate> FakeIamBackend::UploadSigningCertificate(
    std::string_view user_name, std::string_view certificate_body) {
  ASSIGN_OR_RETURN(UploadSigningCertificateResult result,
                   impl_->Execute(CallerIdentity::Root(),
                                  UploadSigningCertificateRequest()
                                      .WithUserName(std::string(user_name))
                                      .WithCertificateBody(std::string(certificate_body))));
  return result.GetCertificate();
}

absl::StatusOr<SSHPublicKey> FakeIamBackend::UploadSSHPublicKey(
    std::string_view user_name, std::string_view ssh_public_key_body) {
  ASSIGN_OR_RETURN(UploadSSHPublicKeyResult result,
                   impl_->Execute(CallerIdentity::Root(),
                                  UploadSSHPublicKeyRequest()
                                      .WithUserName(std::string(user_name))
                                      .WithSSHPublicKeyBody(std::string(ssh_public_key_body))));
  return result.GetSSHPublicKey();
}

absl::StatusOr<AccessKey> FakeIamBackend::CreateAccessKey(const CallerIdentity& owner) {
  if (owner.kind() != CallerIdentity::Kind::kRole) {
    ASSIGN_OR_RETURN(CreateAccessKeyResult created,
                     impl_->Execute(owner, CreateAccessKeyRequest()));
    return created.GetAccessKey();
  }
  internal::WriterLock lock(&impl_->mu_);
  return impl_->AddAccessKeyLocked(nullptr, owner, impl_->NewAccessKey());
}

absl::Status FakeIamBackend::AddAccessKey(const AccessKey& key, const CallerIdentity& owner) {
  internal::WriterLock lock(&impl_->mu_);
  Impl::Principal* principal = nullptr;
  if (owner.kind() != CallerIdentity::Kind::kRole) {
    ASSIGN_OR_RETURN(principal, impl_->ResolveForWrite(owner, nullptr));
  }
  return impl_->AddAccessKeyLocked(principal, owner, key).status();
}

std::optional<AccessKeyOwner> FakeIamBackend::FindAccessKey(std::string_view access_key_id) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->access_keys_.find(std::string(access_key_id));
  if (it == impl_->access_keys_.end() || it->second.key.GetStatus() != StatusType::kActive) {
    return std::nullopt;
  }
  return AccessKeyOwner{it->second.owner, it->second.key.GetSecretAccessKey()};
}

void FakeIamBackend::RecordAccessKeyUse(std::string_view access_key_id, std::string_view service,
                                        std::string_view region) {
  const absl::Time now = WholeSeconds(Now());
  const AccessKeyLastUsed use = AccessKeyLastUsed()
                                    .WithLastUsedDate(now)
                                    .WithServiceName(std::string(service))
                                    .WithRegion(std::string(region));
  auto recorded = [&](const Impl::StoredAccessKey& key) {
    const AccessKeyLastUsed& last = key.last_used;
    return last.LastUsedDateHasBeenSet() && last.GetLastUsedDate() == now &&
           last.GetServiceName() == use.GetServiceName() && last.GetRegion() == use.GetRegion();
  };
  const std::string id(access_key_id);
  {
    // Most requests repeat the use already recorded within the same second: the shared lock
    // settles those, so that signed requests keep reading the state in parallel.
    internal::ReaderLock lock(&impl_->mu_);
    auto it = impl_->access_keys_.find(id);
    if (it == impl_->access_keys_.end() || recorded(it->second)) return;
  }
  internal::WriterLock lock(&impl_->mu_);
  auto it = impl_->access_keys_.find(id);
  if (it != impl_->access_keys_.end()) it->second.last_used = use;
}

std::optional<AccessKeyLastUsed> FakeIamBackend::AccessKeyLastUse(
    std::string_view access_key_id) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->access_keys_.find(std::string(access_key_id));
  if (it == impl_->access_keys_.end()) return std::nullopt;
  return it->second.last_used;
}

std::vector<SigningCertificate> FakeIamBackend::Impl::Principal::Certificates() const {
  std::vector<SigningCertificate> copies;
  copies.reserve(certificates.size());
  for (const StoredCertificate& stored : certificates) copies.push_back(stored.certificate);
  return copies;
}

std::vector<SigningCertificate> FakeIamBackend::Certificates(std::string_view user_name) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->users_.find(Lower(user_name));
  return it == impl_->users_.end() ? std::vector<SigningCertificate>()
                                   : it->second.Certificates();
}

std::vector<SSHPublicKeyMetadata> FakeIamBackend::Impl::Principal::SshPublicKeys() const {
  std::vector<SSHPublicKeyMetadata> copies;
  copies.reserve(ssh_public_keys.size());
  for (const StoredSshPublicKey& stored : ssh_public_keys) copies.push_back(Metadata(stored.key));
  return copies;
}

SSHPublicKeyMetadata FakeIamBackend::Impl::Metadata(const SSHPublicKey& key) {
  return SSHPublicKeyMetadata()
      .WithUserName(key.GetUserName())
      .WithSSHPublicKeyId(key.GetSSHPublicKeyId())
      .WithStatus(key.GetStatus())
      .WithUploadDate(key.GetUploadDate());
}

std::vector<SSHPublicKeyMetadata> FakeIamBackend::SshPublicKeys(std::string_view user_name) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->users_.find(Lower(user_name));
  return it == impl_->users_.end() ? std::vector<SSHPublicKeyMetadata>()
                                   : it->second.SshPublicKeys();
}

std::vector<SSHPublicKey> FakeIamBackend::SshPublicKeyDetails(std::string_view user_name) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->users_.find(Lower(user_name));
  std::vector<SSHPublicKey> keys;
  if (it == impl_->users_.end()) return keys;
  for (const Impl::StoredSshPublicKey& stored : it->second.ssh_public_keys) {
    keys.push_back(stored.key);
  }
  return keys;
}

std::vector<SigningCertificate> FakeIamBackend::RootCertificates() const {
  internal::ReaderLock lock(&impl_->mu_);
  return impl_->root_.Certificates();
}

std::vector<AccessKeyMetadata> FakeIamBackend::AccessKeys(std::string_view user_name) const {
  internal::ReaderLock lock(&impl_->mu_);
  auto it = impl_->users_.find(Lower(user_name));
  return it == impl_->users_.end() ? std::vector<AccessKeyMetadata>()
                                   : impl_->AccessKeys(it->second);
}

std::vector<AccessKeyMetadata> FakeIamBackend::RootAccessKeys() const {
  internal::ReaderLock lock(&impl_->mu_);
  return impl_->AccessKeys(impl_->root_);
}

std::vector<User> FakeIamBackend::Users() const {
  internal::ReaderLock lock(&impl_->mu_);
  std::vector<User> users;
  for (const auto& [key, principal] : impl_->users_) users.push_back(principal.user);
  return users;
}

absl::Time FakeIamBackend::Now() const { return impl_->Now(); }
void FakeIamBackend::AdvanceClock(absl::Duration duration) { impl_->clock_.Advance(duration); }
void FakeIamBackend::SetClock(absl::Time time) { impl_->clock_.Freeze(time); }
void FakeIamBackend::UseLiveClock() { impl_->clock_.Live(); }
ClockMode FakeIamBackend::clock_mode() const {
  return impl_->clock_.frozen() ? ClockMode::kFrozen : ClockMode::kLive;
}

std::string FakeIamBackend::Impl::NextId(size_t length) {
  return internal::DeterministicId(options_.seed, ++id_counter_, length);
}

void FakeIamBackend::Reset() {
  {
    internal::WriterLock lock(&impl_->mu_);
    impl_->users_.clear();
    impl_->root_.certificates.clear();
    impl_->root_.access_key_ids.clear();
    impl_->root_.ssh_public_keys.clear();
    impl_->certificate_ids_.clear();
    impl_->access_keys_.clear();
    impl_->report_.reset();
    impl_->id_counter_ = 0;
    impl_->sequence_ = 0;
  }
  ClearFaults();
  ClearRecordedCalls();
}

// ---- Faults and records ----

absl::StatusOr<FaultHandle> FakeIamBackend::InjectFault(FaultRule rule) {
  if (absl::Status valid = rule.Validate(); !valid.ok()) return valid;
  auto fault = std::make_shared<ActiveFault>(std::move(rule));
  internal::WriterLock lock(&impl_->faults_mu_);
  impl_->faults_.push_back(fault);
  impl_->has_faults_.store(true);
  return FaultHandle(std::move(fault));
}

void FakeIamBackend::ClearFaults() {
  internal::WriterLock lock(&impl_->faults_mu_);
  for (const auto& fault : impl_->faults_) fault->removed.store(true);
  impl_->faults_.clear();
  impl_->has_faults_.store(false);
}

std::vector<RecordedCall> FakeIamBackend::RecordedCalls() const { return impl_->calls_.Calls(); }

std::vector<RecordedCall> FakeIamBackend::RecordedCalls(Operation operation) const {
  return impl_->calls_.Calls(operation);
}

void FakeIamBackend::ClearRecordedCalls() { impl_->calls_.Clear(); }

template <typename Request>
typename RequestTraits<Request>::Outcome FakeIamBackend::Impl::Run(const CallerIdentity& caller,
                                                                   const Request& request,
                                                                   CallOrigin origin) {
  using Result = typename RequestTraits<Request>::Outcome;
  RecordedCall call;
  call.operation = RequestTraits<Request>::kOperation;
  call.caller = caller;
  call.request = request;
  call.time = Now();
  call.over_http = origin == CallOrigin::kWire;

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
      if (absl::Status fired = fault->rule.FiredStatus(); !fired.ok()) injected = fired;
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

// BEGIN GENERATED by tools/generate from codegen/, do not edit: FakeIamBackend::Call.
absl::StatusOr<ListSigningCertificatesResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const ListSigningCertificatesRequest& request,
    CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<UploadSigningCertificateResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const UploadSigningCertificateRequest& request,
    CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const UpdateSigningCertificateRequest& request,
                                  CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const DeleteSigningCertificateRequest& request,
                                  CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<CreateUserResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                      const CreateUserRequest& request,
                                                      CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GetUserResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                   const GetUserRequest& request,
                                                   CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller, const DeleteUserRequest& request,
                                  CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<ListUsersResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                     const ListUsersRequest& request,
                                                     CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<CreateAccessKeyResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                           const CreateAccessKeyRequest& request,
                                                           CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<ListAccessKeysResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                          const ListAccessKeysRequest& request,
                                                          CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const UpdateAccessKeyRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const DeleteAccessKeyRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GetAccessKeyLastUsedResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const GetAccessKeyLastUsedRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GenerateCredentialReportResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const GenerateCredentialReportRequest& request,
    CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GetCredentialReportResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const GetCredentialReportRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GetAccountSummaryResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const GetAccountSummaryRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<UploadSSHPublicKeyResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const UploadSSHPublicKeyRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<GetSSHPublicKeyResult> FakeIamBackend::Call(const CallerIdentity& caller,
                                                           const GetSSHPublicKeyRequest& request,
                                                           CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::StatusOr<ListSSHPublicKeysResult> FakeIamBackend::Call(
    const CallerIdentity& caller, const ListSSHPublicKeysRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const UpdateSSHPublicKeyRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
absl::Status FakeIamBackend::Call(const CallerIdentity& caller,
                                  const DeleteSSHPublicKeyRequest& request, CallOrigin origin) {
  return impl_->Run(caller, request, origin);
}
// END GENERATED: FakeIamBackend::Call.

}  // namespace fake_iam
