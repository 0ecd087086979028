// FakeIamBackend: IAM's users and signing certificates in memory, with IAM's rules and limits
// (docs/behavior.md), certificates checked with OpenSSL, a manual clock, deterministic ids, fault
// injection and a record of every call.
#ifndef FAKE_IAM_FAKE_IAM_BACKEND_H_
#define FAKE_IAM_FAKE_IAM_BACKEND_H_

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
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/faults.h"
#include "fake_iam/internal/call_log.h"
#include "fake_iam/internal/clock.h"
#include "fake_iam/internal/marker.h"
#include "fake_iam/internal/shared_mutex.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/operation_list.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam {

struct FakeIamOptions {
  std::string account_id = "123456789012";
  int max_certificates_per_user = 2;    // IAM's CertificatesPerUser quota
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

// Who an access key id stands for, and its secret (for the HTTP front's signature checks).
struct AccessKeyOwner {
  CallerIdentity caller;
  std::string secret_access_key;
};

// What the HTTP front passes with each call: it marks the call as made over HTTP, and receives
// the wire-only fault that fired for it, if any.
struct HttpCall {
  std::optional<WireFault> wire_fault;
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

  const FakeIamOptions& options() const { return options_; }

  // Set-up for tests: the same rules as the API, but not recorded and never faulted.
  absl::StatusOr<User> CreateUser(std::string_view user_name, std::string_view path = "/");
  absl::StatusOr<SigningCertificate> UploadSigningCertificate(std::string_view user_name,
                                                              std::string_view certificate_body);
  // An access key for the HTTP front: the owner is the root, an existing user, or a role.
  absl::StatusOr<AccessKey> CreateAccessKey(const CallerIdentity& owner);
  // The same with a key the test chooses (fake_iam_server --access-key); EntityAlreadyExists
  // when the id is taken.
  absl::Status AddAccessKey(const AccessKey& key, const CallerIdentity& owner);
  std::optional<AccessKeyOwner> FindAccessKey(std::string_view access_key_id) const;

  // State inspection: what IAM holds now, in upload order. Unknown user: empty.
  std::vector<SigningCertificate> Certificates(std::string_view user_name) const;
  std::vector<SigningCertificate> RootCertificates() const;
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
  // and FakeIamServer call these (the server with `http`); a test normally uses a client.
  // One overload per FAKE_IAM_OPERATIONS entry, e.g.
  //   absl::StatusOr<UploadSigningCertificateResult> Call(
  //       const CallerIdentity& caller, const UploadSigningCertificateRequest& request,
  //       HttpCall* http = nullptr);
#define FAKE_IAM_BACKEND_CALL(Name, Result, Errors)                                \
  Outcome<Result> Call(const CallerIdentity& caller, const Name##Request& request, \
                       HttpCall* http = nullptr);
  FAKE_IAM_OPERATIONS(FAKE_IAM_BACKEND_CALL)
#undef FAKE_IAM_BACKEND_CALL

 private:
  struct StoredCertificate {
    SigningCertificate certificate;
    uint64_t sequence;        // upload order across the backend; markers point at it
    std::string fingerprint;  // SHA-256 of the DER
  };
  // A user, or the account root, and the certificates it holds.
  struct Principal {
    User user;
    std::string marker_scope;                     // binds list markers to this principal
    std::vector<StoredCertificate> certificates;  // ascending sequence

    std::vector<SigningCertificate> Certificates() const;  // copies, for inspection
  };

  // What each operation does, without faults or records; set-up methods call these directly. One
  // per FAKE_IAM_OPERATIONS entry, defined in fake_iam_backend.cc: the operation's semantics.
#define FAKE_IAM_BACKEND_EXECUTE(Name, Result, Errors) \
  Outcome<Result> Execute(const CallerIdentity& caller, const Name##Request& request);
  FAKE_IAM_OPERATIONS(FAKE_IAM_BACKEND_EXECUTE)
#undef FAKE_IAM_BACKEND_EXECUTE

  // Faults, then Execute, then the record: the pipeline every API call goes through.
  template <typename Request>
  typename RequestTraits<Request>::Outcome Run(const CallerIdentity& caller, const Request& request,
                                               HttpCall* http);

  // The principal a call acts on: the named user, or the caller's own for an omitted UserName
  // (nullptr). Writers may cast the result to non-const: they hold mu_ exclusively.
  absl::StatusOr<const Principal*> Resolve(const CallerIdentity& caller,
                                           const std::string* user_name) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A fresh id of `length` base32 characters, a function of the seed and the ids made before.
  // Ids are unique by construction (internal/ids.h).
  std::string NextId(size_t length) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  User RootUser() const;
  absl::Status AddAccessKeyLocked(const AccessKey& key, const CallerIdentity& owner)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The first item of a page, from a marker of `scope`; InvalidInput for a marker not issued for
  // it.
  absl::StatusOr<std::string> MarkerPosition(std::string_view scope, const std::string& marker,
                                             bool has_marker) const;
  int PageSize(bool max_items_set, int max_items) const;

  const FakeIamOptions options_;
  const absl::Time created_;  // the root's CreateDate
  const internal::MarkerCodec markers_;

  internal::Clock clock_;

  mutable internal::SharedMutex mu_;
  absl::btree_map<std::string, Principal> users_ ABSL_GUARDED_BY(mu_);  // by lower-case name
  Principal root_ ABSL_GUARDED_BY(mu_);
  // Of every certificate held, by anyone: duplicates are account-wide.
  absl::flat_hash_set<std::string> fingerprints_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, AccessKeyOwner> access_keys_ ABSL_GUARDED_BY(mu_);
  uint64_t id_counter_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t certificate_sequence_ ABSL_GUARDED_BY(mu_) = 0;

  // Faults and records have locks of their own, so that reads of the state stay parallel; a
  // call looks at the fault rules only when there are some.
  mutable internal::SharedMutex faults_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::vector<std::shared_ptr<ActiveFault>> faults_ ABSL_GUARDED_BY(faults_mu_);
  std::atomic<bool> has_faults_{false};
  internal::CallLog calls_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_FAKE_IAM_BACKEND_H_
