// Deterministic fault injection: a test tells the backend which calls to fail, or to hold, and the
// backend does exactly that, with no randomness.
//
//   auto handle = backend.InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure)
//                                         .On(Operation::kUploadSigningCertificate)
//                                         .AfterCalls(1)
//                                         .Times(2));
//
// Rules are checked in the order they were added; the first rule that matches a call fires. A fired
// error changes no state, and the call is recorded with injected = true.
#ifndef FAKE_IAM_FAULTS_H_
#define FAKE_IAM_FAULTS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam {

// A fault only the HTTP front can act out: in-process calls never match a rule that has one.
struct WireFault {
  enum class Kind {
    kDropConnection,  // close the connection before a complete answer
    kHttpStatus,      // answer with a bare HTTP status and an empty body
  };
  Kind kind = Kind::kDropConnection;
  int http_status = 0;  // for kHttpStatus
};

// The wire fault that fired for a call, from the call's status: the front end acts it out (drops
// the connection, or answers the bare HTTP status) instead of answering. nullopt for any other
// status.
std::optional<WireFault> WireFaultOf(const absl::Status& status);

// What to do to matching calls. Build it with Fail or DelayOnly and the chained setters; a
// FakeIamBackend::InjectFault checks it and refuses a rule that could never fire or names an error
// the operation cannot return.
class FaultRule {
 public:
  // Answer matching calls with this error.
  static FaultRule Fail(IamErrorCode code);
  // Hold matching calls for `delay` of real time, then answer them normally.
  static FaultRule DelayOnly(absl::Duration delay);
  // Over the HTTP front only: drop the connection instead of answering, to test an SDK's retries.
  static FaultRule DropConnection();
  // Over the HTTP front only: answer with this HTTP status (100-599) and no IAM error body.
  static FaultRule HttpStatus(int http_status);

  // Only calls of this operation (default: every operation that can return the error).
  FaultRule& On(Operation operation);
  // Only calls acting on this user, compared without regard to case; an omitted UserName counts as
  // the calling user's (the account id for the root).
  FaultRule& ForUser(std::string user_name);
  // Only calls for which the predicate is true. It sees the call as it will be recorded, before
  // status is known; it runs under the backend's fault lock, so it must not call the backend.
  FaultRule& When(std::function<bool(const RecordedCall&)> predicate);
  // Let the first n matching calls through; the rule fires from the n+1st on (default 0).
  FaultRule& AfterCalls(int n);
  // Fire k times, then retire (default 1).
  FaultRule& Times(int k);
  // Never retire.
  FaultRule& Always();
  // The error message (default: IamErrorDefaultMessage of the code).
  FaultRule& WithMessage(std::string message);
  // Also hold the call for `delay` of real time before answering.
  FaultRule& Delay(absl::Duration delay);
  // Accept an error docs/behavior.md's table says the operation never returns.
  FaultRule& AllowAnyError();

  // Whether the rule is well formed for InjectFault: OK, or InvalidArgument saying what is wrong.
  absl::Status Validate() const;
  // Whether the call is one the rule applies to (ignores AfterCalls and Times).
  // `effective_user` is the user the call acts on, if any.
  bool Matches(const RecordedCall& call, const std::optional<std::string>& effective_user) const;

  const std::optional<IamErrorCode>& error() const { return error_; }
  const std::optional<WireFault>& wire() const { return wire_; }
  // The message a fired error carries.
  std::string message() const;
  // What a call the rule fires for answers: the IAM error; for a wire fault, Unavailable carrying
  // the fault for WireFaultOf; OK for a rule that only delays.
  absl::Status FiredStatus() const;
  absl::Duration delay() const { return delay_; }
  int after_calls() const { return after_calls_; }
  // Times the rule may fire; nullopt for Always().
  std::optional<int> times() const { return times_; }

 private:
  FaultRule() = default;

  std::optional<IamErrorCode> error_;
  std::optional<WireFault> wire_;
  std::optional<Operation> operation_;
  std::optional<std::string> user_name_;
  std::function<bool(const RecordedCall&)> predicate_;
  int after_calls_ = 0;
  std::optional<int> times_ = 1;
  std::optional<std::string> message_;
  absl::Duration delay_ = absl::ZeroDuration();
  bool allow_any_error_ = false;
};

// An injected rule's counters, shared by the backend and the handles to it.
struct ActiveFault {
  explicit ActiveFault(FaultRule r) : rule(std::move(r)) {}
  const FaultRule rule;
  int matched = 0;  // matching calls seen, guarded by the backend's fault lock
  std::atomic<int> fired{0};
  std::atomic<bool> removed{false};
};

// A rule the backend holds. Copyable; stays valid after the rule retires, is removed, or the
// backend is gone. Thread-safe.
class FaultHandle {
 public:
  explicit FaultHandle(std::shared_ptr<ActiveFault> fault) : fault_(std::move(fault)) {}
  // How many calls the rule has answered (with an error or a delay).
  int fired() const { return fault_->fired.load(); }
  // Whether the rule can still fire: not removed, not cleared, and Times() not used up.
  bool active() const;
  // Drops the rule: it fires no more.
  void Remove() { fault_->removed.store(true); }

 private:
  std::shared_ptr<ActiveFault> fault_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_FAULTS_H_
