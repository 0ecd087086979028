// FakeIamBackend: IAM's users and signing certificates in memory, with IAM's rules and limits
// (docs/behavior.md), certificates checked with OpenSSL, a manual clock, deterministic ids, fault
// injection and a record of every call.
#ifndef FAKE_IAM_FAKE_IAM_BACKEND_H_
#define FAKE_IAM_FAKE_IAM_BACKEND_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam {

struct FakeIamOptions {
  std::string account_id = "123456789012";
  int max_certificates_per_user = 2;    // IAM's CertificatesPerUser quota
  int max_access_keys_per_user = 2;     // IAM's AccessKeysPerUser quota
  int max_ssh_public_keys_per_user = 5;  // IAM's PublicKeysPerUser quota
  int max_page_size = 1000;             // pages never longer than this, whatever MaxItems says
  bool check_certificate_dates = true;  // expired / not yet valid -> MalformedCertificate
  uint64_t seed = 0;                    // ids are a function of seed and call order
  // The clock. Unset (the default): a live clock that follows real time, so a certificate made
  // "now" by any tool is valid. Set: the clock is frozen at this time until the test moves it,
  // for exact, repeatable dates.
  std::optional<absl::Time> start_time;
};

// How the backend's clock runs: following real time (plus any offset AdvanceClock added), or
// frozen at a time that only the test moves.
enum class ClockMode { kLive, kFrozen };

// Where a call comes from: a client in the test's process, or a front end that carries calls
// over the wire (FakeIamServer). Only a wire call can meet a wire fault (FaultRule::DropConnection,
// HttpStatus); the front end finds it in the call's status (WireFaultOf, fake_iam/faults.h).
enum class CallOrigin { kInProcess, kWire };

// Who an access key stands for and its secret: what a front end that checks signatures needs.
struct AccessKeyOwner {
  CallerIdentity caller;
  std::string secret_access_key;
};

// Make one per test (it is cheap), share it by reference with every client and server using it; it
// must outlive them. Thread-safe: any number of threads may call any method at once. Reads (lists,
// gets, inspection) run in parallel under a reader lock; writes take the lock exclusively, and the
// slow part of an upload, parsing the certificate, runs outside the lock.
class FakeIamBackend {
 public:
  explicit FakeIamBackend(FakeIamOptions options = {});
  ~FakeIamBackend();
  FakeIamBackend(const FakeIamBackend&) = delete;
  FakeIamBackend& operator=(const FakeIamBackend&) = delete;

  const FakeIamOptions& options() const;

  // Set-up for tests: the same rules as the API, but not recorded and never faulted.
  absl::StatusOr<User> CreateUser(std::string_view user_name, std::string_view path = "/");
  absl::StatusOr<SigningCertificate> UploadSigningCertificate(std::string_view user_name,
                                                              std::string_view certificate_body);
  // An SSH public key (an OpenSSH ssh-rsa line or a PEM PUBLIC KEY block), as UploadSSHPublicKey.
  absl::StatusOr<SSHPublicKey> UploadSSHPublicKey(std::string_view user_name,
                                                  std::string_view ssh_public_key_body);
  // An access key as CreateAccessKey makes it (the quota applies) for `owner`: an existing user or
  // the root. A role gets a key that only signs requests over the HTTP front: IAM holds no keys
  // for roles, so no list or report shows it. Any key signs requests at once.
  absl::StatusOr<AccessKey> CreateAccessKey(const CallerIdentity& owner);
  // The same with the AccessKeyId and SecretAccessKey (and Status, if set) the test chooses
  // (fake_iam_server --access-key); EntityAlreadyExists when the id is taken.
  absl::Status AddAccessKey(const AccessKey& key, const CallerIdentity& owner);

  // For a front end that checks signatures (FakeIamServer): the owner and secret of an Active
  // key; nullopt for an unknown or Inactive one, which IAM refuses (InvalidClientTokenId).
  std::optional<AccessKeyOwner> FindAccessKey(std::string_view access_key_id) const;
  // A request signed with the key was accepted, by `service` in `region`: GetAccessKeyLastUsed
  // and the credential report show it, dated by the backend's clock.
  void RecordAccessKeyUse(std::string_view access_key_id, std::string_view service,
                          std::string_view region);
  // Inspection: the key's last use as GetAccessKeyLastUsed answers it (no LastUsedDate and "N/A"
  // before the first), without a call, so nothing is recorded or faulted; nullopt for a key the
  // backend does not hold.
  std::optional<AccessKeyLastUsed> AccessKeyLastUse(std::string_view access_key_id) const;

  // State inspection: what IAM holds now, in upload order. Unknown user: empty.
  std::vector<SigningCertificate> Certificates(std::string_view user_name) const;
  std::vector<SigningCertificate> RootCertificates() const;
  std::vector<AccessKeyMetadata> AccessKeys(std::string_view user_name) const;  // creation order
  std::vector<AccessKeyMetadata> RootAccessKeys() const;
  // The user's SSH public keys as ListSSHPublicKeys shows them, in upload order.
  std::vector<SSHPublicKeyMetadata> SshPublicKeys(std::string_view user_name) const;
  // The same keys whole, as UploadSSHPublicKey answered them (the body as sent, the Fingerprint)
  // with their current Status.
  std::vector<SSHPublicKey> SshPublicKeyDetails(std::string_view user_name) const;
  std::vector<User> Users() const;  // ordered by name without regard to case

  // The clock: live unless FakeIamOptions::start_time or SetClock froze it. AdvanceClock moves a
  // frozen clock, and makes a live one run ahead of real time by the sum of the advances.
  absl::Time Now() const;
  void AdvanceClock(absl::Duration duration);
  void SetClock(absl::Time time);  // freezes the clock at `time`
  void UseLiveClock();             // follows real time again, without offset
  ClockMode clock_mode() const;

  // Faults (fake_iam/faults.h). InjectFault refuses a malformed rule with InvalidArgument.
  absl::StatusOr<FaultHandle> InjectFault(FaultRule rule);
  void ClearFaults();

  // Every call made through a client or the HTTP front, in answer order.
  std::vector<RecordedCall> RecordedCalls() const;
  std::vector<RecordedCall> RecordedCalls(Operation operation) const;
  void ClearRecordedCalls();

  // Empty state, faults and records, and ids start over; the clock and options are kept.
  void Reset();

  // The API as `caller` makes it: input checked, faults applied, the call recorded. FakeIamClient
  // and FakeIamServer call these (the server with CallOrigin::kWire); a test normally uses a
  // client. One plain overload per served operation: tools/generate writes them into this section
  // from codegen/, as it writes their definitions in fake_iam_backend.cc, so that a reader and an
  // IDE find each one here rather than behind a macro or a template.
  // BEGIN GENERATED by tools/generate from codegen/, do not edit: FakeIamBackend::Call.
  absl::StatusOr<ListSigningCertificatesResult> Call(const CallerIdentity& caller,
                                                     const ListSigningCertificatesRequest& request,
                                                     CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<UploadSigningCertificateResult> Call(
      const CallerIdentity& caller, const UploadSigningCertificateRequest& request,
      CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const UpdateSigningCertificateRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const DeleteSigningCertificateRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<CreateUserResult> Call(const CallerIdentity& caller,
                                        const CreateUserRequest& request,
                                        CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GetUserResult> Call(const CallerIdentity& caller, const GetUserRequest& request,
                                     CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const DeleteUserRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<ListUsersResult> Call(const CallerIdentity& caller,
                                       const ListUsersRequest& request,
                                       CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<CreateAccessKeyResult> Call(const CallerIdentity& caller,
                                             const CreateAccessKeyRequest& request,
                                             CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<ListAccessKeysResult> Call(const CallerIdentity& caller,
                                            const ListAccessKeysRequest& request,
                                            CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const UpdateAccessKeyRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const DeleteAccessKeyRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GetAccessKeyLastUsedResult> Call(const CallerIdentity& caller,
                                                  const GetAccessKeyLastUsedRequest& request,
                                                  CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GenerateCredentialReportResult> Call(
      const CallerIdentity& caller, const GenerateCredentialReportRequest& request,
      CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GetCredentialReportResult> Call(const CallerIdentity& caller,
                                                 const GetCredentialReportRequest& request,
                                                 CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GetAccountSummaryResult> Call(const CallerIdentity& caller,
                                               const GetAccountSummaryRequest& request,
                                               CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<UploadSSHPublicKeyResult> Call(const CallerIdentity& caller,
                                                const UploadSSHPublicKeyRequest& request,
                                                CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<GetSSHPublicKeyResult> Call(const CallerIdentity& caller,
                                             const GetSSHPublicKeyRequest& request,
                                             CallOrigin origin = CallOrigin::kInProcess);
  absl::StatusOr<ListSSHPublicKeysResult> Call(const CallerIdentity& caller,
                                               const ListSSHPublicKeysRequest& request,
                                               CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const UpdateSSHPublicKeyRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  absl::Status Call(const CallerIdentity& caller, const DeleteSSHPublicKeyRequest& request,
                    CallOrigin origin = CallOrigin::kInProcess);
  // END GENERATED: FakeIamBackend::Call.

 private:
  // The state and the operations' semantics (fake_iam/internal/backend_impl.h).
  struct Impl;
  const std::unique_ptr<Impl> impl_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_FAKE_IAM_BACKEND_H_
