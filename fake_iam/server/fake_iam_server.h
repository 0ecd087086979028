// FakeIamServer: a FakeIamBackend behind IAM's real HTTP wire protocol (the Query protocol with
// SigV4) on loopback, so that unmodified code using an AWS SDK, boto3 or the AWS CLI can be
// tested against it:
//
//   FakeIamBackend backend;
//   AccessKey key = *backend.CreateAccessKey(CallerIdentity::Root());
//   FakeIamServer server(backend);
//   ASSERT_TRUE(server.Start().ok());
//   // point the SDK's endpoint at server.endpoint(), with key as its credentials
//
// Calls over HTTP are checked, faulted and recorded by the backend exactly like in-process calls;
// FaultRule::DropConnection and FaultRule::HttpStatus act only here.
#ifndef FAKE_IAM_SERVER_FAKE_IAM_SERVER_H_
#define FAKE_IAM_SERVER_FAKE_IAM_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/fake_iam_backend.h"

namespace fake_iam {

struct FakeIamServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                         // 0: the system picks a free port
  bool verify_signatures = true;        // check each request's SigV4 signature
  bool accept_any_credentials = false;  // any credentials, or none, act as the root
  // Refuse a request signed more than 5 minutes before or after real time (SignatureDoesNotMatch),
  // as IAM does. The fake clock plays no part: SDKs sign with the machine's clock.
  bool check_signing_time = true;
  // Told one line for each IAM error answered, with the fake's diagnosis beside IAM's message
  // ("... is malformed. [The body holds no PEM block; ...]"); fake_iam_server prints them.
  std::function<void(std::string_view line)> log;
  size_t max_body_bytes = 1 << 20;                 // larger bodies get 413
  absl::Duration read_timeout = absl::Seconds(5);  // a client slower than this is dropped
  // Most connections served at once, each on a thread of its own (started when first needed, kept
  // for the next connection). An idle keep-alive connection holds its thread for up to 30 s, so
  // the limit is high: below it, idle connections never make a new client wait.
  int threads = 256;
  // The control API (/_fake_iam/, docs/server.md): on when `host` is a loopback address, and on
  // any address once this is set; when set, control requests must carry
  // "Authorization: Bearer <control_token>".
  std::string control_token;
};

// Start it once, Stop it (or destroy it) once; endpoint() is valid in between. Thread-safe for
// any number of concurrent requests. The backend must outlive the server.
class FakeIamServer {
 public:
  explicit FakeIamServer(FakeIamBackend& backend, FakeIamServerOptions options = {});
  ~FakeIamServer();  // stops
  FakeIamServer(const FakeIamServer&) = delete;
  FakeIamServer& operator=(const FakeIamServer&) = delete;

  // Binds and starts serving on a thread of its own; an error when the address cannot be bound.
  absl::Status Start();
  // "http://127.0.0.1:<port>"
  std::string endpoint() const;
  int port() const;
  // Stops accepting, closes idle keep-alive connections at once, lets each request already
  // received finish and get its full answer, and returns when every connection is closed: in a
  // few milliseconds unless a request is in flight. Clients may outlive the server; their next
  // call fails to connect.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_SERVER_FAKE_IAM_SERVER_H_
