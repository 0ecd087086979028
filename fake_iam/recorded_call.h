// What a FakeIamBackend remembers of each call made through a client or the HTTP front, and how a
// recorded call prints.
#ifndef FAKE_IAM_RECORDED_CALL_H_
#define FAKE_IAM_RECORDED_CALL_H_

#include <cstdint>
#include <iosfwd>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/request_traits.h"  // AnyRequest

namespace fake_iam {

// One call, in the order the backend answered them. Read the request with
// std::get<UploadSigningCertificateRequest>(call.request) or call.Request<...>().
struct RecordedCall {
  uint64_t sequence = 0;  // 1, 2, 3, ... in answer order; restarts after ClearRecordedCalls()
  Operation operation = Operation::kListSigningCertificates;
  CallerIdentity caller = CallerIdentity::Root();
  AnyRequest request;
  absl::Status status;     // what the caller got
  bool injected = false;   // the status came from a FaultRule
  bool over_http = false;  // the call came through FakeIamServer
  absl::Time time;         // the backend's clock when the call arrived

  // The request as its type; nullptr when the call was another operation.
  template <typename T>
  const T* Request() const {
    return std::get_if<T>(&request);
  }
};

// RecordedCall{sequence: 1, operation: GetUser, caller: user/alice, time: 2026-01-01T00:00:00Z,
//   request: GetUserRequest{}, status: OK, injected: false}
// The status reads as "IAM error NoSuchEntity (NOT_FOUND): <message> [fake_iam: <diagnosis>]".
// gtest finds PrintTo by argument-dependent lookup; operator<< prints the same
// (fake_iam/call_printing.cc).
void PrintTo(const RecordedCall& call, std::ostream* os);
std::ostream& operator<<(std::ostream& os, const RecordedCall& call);

}  // namespace fake_iam

#endif  // FAKE_IAM_RECORDED_CALL_H_
