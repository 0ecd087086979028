// The control API: JSON over HTTP under /_fake_iam/ on the server's own port, so that tests
// written in any language can set up the fake, inject faults, move the clock and read the recorded
// calls. Each endpoint maps onto one public method of FakeIamBackend (docs/server.md lists them):
//
//   POST /_fake_iam/users {"user_name":"bob"}      -> backend.CreateUser("bob")
//   POST /_fake_iam/faults {"error":"Throttling"}  -> backend.InjectFault(FaultRule::Fail(...))
//
// Control requests are never signed and never recorded as IAM calls. FakeIamServer routes every
// path under /_fake_iam/ here; tests and the fuzzer call Handle directly, without sockets.
#ifndef FAKE_IAM_SERVER_CONTROL_API_H_
#define FAKE_IAM_SERVER_CONTROL_API_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/faults.h"

namespace fake_iam::server {

// The answer: an HTTP status and a JSON document (an object; {"error":"..."} when status >= 400).
struct ControlResponse {
  int status = 200;
  std::string body;
};

struct ControlApiOptions {
  // Off: every control path answers 403. FakeIamServer turns it on for a loopback address, and
  // for any address once a token is set, so that a server reachable from other machines cannot be
  // reset or faulted by whoever finds it.
  bool enabled = true;
  // Non-empty: requests must carry "Authorization: Bearer <token>", else 401.
  std::string token;
};

// Thread-safe: any number of requests at once. The backend must outlive it.
class ControlApi {
 public:
  static constexpr std::string_view kPathPrefix = "/_fake_iam/";

  // Whether a request belongs to the control API rather than to IAM, by its raw path or its
  // whole target (path and query).
  static bool Handles(std::string_view target);
  // Whether `host` (an address or "localhost") is a loopback address, reachable from this machine
  // only.
  static bool IsLoopback(std::string_view host);
  // The answer to a request the transport refused before it got here (a body over the limit, a
  // method with no route), with `status` as the transport set it.
  static ControlResponse TransportError(int status);

  explicit ControlApi(FakeIamBackend& backend, ControlApiOptions options = {});
  ~ControlApi();
  ControlApi(const ControlApi&) = delete;
  ControlApi& operator=(const ControlApi&) = delete;

  // One request: method, raw path (no query), raw query string without '?', body, and headers
  // (names in any case). Never throws; a bad request changes nothing.
  ControlResponse Handle(std::string_view method, std::string_view path, std::string_view query,
                         std::string_view body,
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  struct Fault;
  // What an endpoint's handler is given: the rest of a prefix path, the query and the body.
  struct Call {
    std::string_view argument;
    std::string_view query;
    std::string_view body;
  };
  struct Endpoint;
  static const Endpoint kEndpoints[];

  ControlResponse Route(std::string_view method, std::string_view path, std::string_view query,
                        std::string_view body);
  ControlResponse Reset(std::string_view body);
  ControlResponse State(std::string_view body) const;
  ControlResponse CreateUser(std::string_view body);
  ControlResponse CreateAccessKey(std::string_view body);
  ControlResponse InjectFault(std::string_view body);
  ControlResponse ListFaults(std::string_view body) const;
  ControlResponse RemoveFault(std::string_view id, std::string_view body);
  ControlResponse ClearFaults(std::string_view body);
  ControlResponse Calls(std::string_view query, std::string_view body) const;
  ControlResponse ClearCalls(std::string_view body);
  ControlResponse Clock(std::string_view body) const;
  ControlResponse SetClock(std::string_view body);

  FakeIamBackend& backend_;
  const ControlApiOptions options_;
  // The fault rules this API injected, numbered 1, 2, ... in the order they were made; Reset
  // forgets them and starts over. Held with the posted rule so that GET can show it back.
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Fault>> faults_ ABSL_GUARDED_BY(mu_);
  int64_t next_fault_id_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_CONTROL_API_H_
