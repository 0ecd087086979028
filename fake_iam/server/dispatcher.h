// IAM's Query protocol over a FakeIamBackend, without the HTTP transport: an HTTP request in, the
// HTTP answer out. FakeIamServer feeds it from cpp-httplib; tests and the fuzzer call it directly.
#ifndef FAKE_IAM_SERVER_DISPATCHER_H_
#define FAKE_IAM_SERVER_DISPATCHER_H_

#include <string>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/sigv4.h"

namespace fake_iam::server {

// What the server received: method, raw path and query, headers and body.
using HttpRequest = SigV4Request;

struct HttpResponse {
  int status = 200;
  std::string body;              // an XML document, or empty for a raw-status fault
  bool drop_connection = false;  // a DropConnection fault: answer nothing
};

struct DispatcherOptions {
  bool verify_signatures = true;        // check each request's SigV4 signature
  bool accept_any_credentials = false;  // unknown or missing credentials act as the root
};

// Thread-safe: Handle may run on many threads at once (the backend serialises what it must).
class Dispatcher {
 public:
  Dispatcher(FakeIamBackend& backend, DispatcherOptions options)
      : backend_(backend), options_(options) {}

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  FakeIamBackend& backend_;
  const DispatcherOptions options_;
};

// An <ErrorResponse> for a code that is not an IAM error of the backend (InvalidAction,
// SignatureDoesNotMatch, ...), as the server also writes for transport errors.
HttpResponse WireErrorResponse(int http_status, std::string_view code, std::string_view message);

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_DISPATCHER_H_
