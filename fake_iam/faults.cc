#include "fake_iam/faults.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fake_iam {
namespace {

constexpr char kWireFaultUrl[] = "type.googleapis.com/fake_iam.WireFault";

}  // namespace

FaultRule FaultRule::Fail(IamErrorCode code) {
  FaultRule rule;
  rule.error_ = code;
  return rule;
}

FaultRule FaultRule::DelayOnly(absl::Duration delay) {
  FaultRule rule;
  rule.delay_ = delay;
  return rule;
}

FaultRule FaultRule::DropConnection() {
  FaultRule rule;
  rule.wire_ = WireFault{WireFault::Kind::kDropConnection, 0};
  return rule;
}

FaultRule FaultRule::HttpStatus(int http_status) {
  FaultRule rule;
  rule.wire_ = WireFault{WireFault::Kind::kHttpStatus, http_status};
  return rule;
}

FaultRule& FaultRule::On(Operation operation) {
  operation_ = operation;
  return *this;
}

FaultRule& FaultRule::ForUser(std::string user_name) {
  user_name_ = std::move(user_name);
  return *this;
}

FaultRule& FaultRule::When(std::function<bool(const RecordedCall&)> predicate) {
  predicate_ = std::move(predicate);
  return *this;
}

FaultRule& FaultRule::AfterCalls(int n) {
  after_calls_ = n;
  return *this;
}

FaultRule& FaultRule::Times(int k) {
  times_ = k;
  return *this;
}

FaultRule& FaultRule::Always() {
  times_ = std::nullopt;
  return *this;
}

FaultRule& FaultRule::WithMessage(std::string message) {
  message_ = std::move(message);
  return *this;
}

FaultRule& FaultRule::Delay(absl::Duration delay) {
  delay_ = delay;
  return *this;
}

FaultRule& FaultRule::AllowAnyError() {
  allow_any_error_ = true;
  return *this;
}

std::string FaultRule::message() const {
  if (message_) return *message_;
  return error_ ? std::string(IamErrorDefaultMessage(*error_)) : std::string();
}

absl::Status FaultRule::Validate() const {
  if (after_calls_ < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "FaultRule::AfterCalls(%d): the count must not be negative.", after_calls_));
  }
  if (times_ && *times_ <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "FaultRule::Times(%d): the rule would never fire; the count must be at least 1.", *times_));
  }
  if (delay_ < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("FaultRule::Delay: the delay must not be negative.");
  }
  if (!error_ && !wire_ && delay_ == absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "FaultRule::DelayOnly(0): the rule neither fails nor delays a call.");
  }
  if (!error_ && message_) {
    return absl::InvalidArgumentError(
        "FaultRule::WithMessage: the rule returns no IAM error to carry the message.");
  }
  if (wire_ && wire_->kind == WireFault::Kind::kHttpStatus &&
      (wire_->http_status < 100 || wire_->http_status > 599)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "FaultRule::HttpStatus(%d): an HTTP status is between 100 and 599.", wire_->http_status));
  }
  if (user_name_ && user_name_->empty()) {
    return absl::InvalidArgumentError("FaultRule::ForUser: the user name must not be empty.");
  }
  if (error_ && operation_ && !allow_any_error_ && !OperationCanReturn(*operation_, *error_)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "FaultRule::Fail(%s).On(%s): IAM's %s never returns %s (docs/behavior.md, Operations); add "
        "AllowAnyError() to inject it anyway.",
        IamErrorCodeName(*error_), OperationName(*operation_), OperationName(*operation_),
        IamErrorCodeName(*error_)));
  }
  return absl::OkStatus();
}

bool FaultRule::Matches(const RecordedCall& call,
                        const std::optional<std::string>& effective_user) const {
  if (operation_ && *operation_ != call.operation) return false;
  if (wire_ && !call.over_http) return false;
  // Without On(), an error only reaches the operations that can return it.
  if (error_ && !allow_any_error_ && !OperationCanReturn(call.operation, *error_)) return false;
  if (user_name_ && !(effective_user && absl::EqualsIgnoreCase(*effective_user, *user_name_))) {
    return false;
  }
  return !predicate_ || predicate_(call);
}

absl::Status FaultRule::FiredStatus() const {
  if (!wire_) return error_ ? MakeIamError(*error_, message()) : absl::OkStatus();
  absl::Status status = absl::UnavailableError(
      wire_->kind == WireFault::Kind::kDropConnection
          ? "The connection was dropped by a fault rule."
          : absl::StrFormat("HTTP %d from a fault rule.", wire_->http_status));
  status.SetPayload(kWireFaultUrl, absl::Cord(absl::StrCat(wire_->http_status)));
  return status;
}

std::optional<WireFault> WireFaultOf(const absl::Status& status) {
  auto payload = status.GetPayload(kWireFaultUrl);
  int http_status = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &http_status)) return std::nullopt;
  // HttpStatus rules hold 100-599 (Validate); a dropped connection has none.
  return http_status == 0 ? WireFault{WireFault::Kind::kDropConnection, 0}
                          : WireFault{WireFault::Kind::kHttpStatus, http_status};
}

bool FaultHandle::active() const {
  if (fault_->removed.load()) return false;
  std::optional<int> times = fault_->rule.times();
  return !times || fault_->fired.load() < *times;
}

}  // namespace fake_iam
