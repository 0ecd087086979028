#include "fake_iam/fake_iam_backend.h"

#include <algorithm>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/backend_common.h"
#include "fake_iam/internal/ids.h"
#include "fake_iam/internal/status_of.h"

namespace fake_iam {
namespace {

using internal::Lower;
using internal::NoSuchUser;
using internal::WholeSeconds;

constexpr size_t kAccessKeyIdSuffixLength = 16;  // after "AKIA"
constexpr size_t kSecretLength = 40;

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

}  // namespace fake_iam
