// IAM's Query protocol over a FakeIamBackend, without the HTTP transport: an HTTP request in, the
// HTTP answer out. FakeIamServer feeds it from its transport; tests and the fuzzer call it directly.
#ifndef FAKE_IAM_SERVER_DISPATCHER_H_
#define FAKE_IAM_SERVER_DISPATCHER_H_

#include <functional>
#include <string>
#include <string_view>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/http_transport.h"

namespace fake_iam::server {

struct HttpResponse {
  int status = 200;
  std::string body;              // an XML document, or empty for a raw-status fault
  bool drop_connection = false;  // a DropConnection fault: answer nothing
  // The answer's id: the body's RequestId, and the x-amzn-RequestId header IAM sends with it.
  std::string request_id;
};

struct DispatcherOptions {
  bool verify_signatures = true;        // check each request's SigV4 signature
  bool accept_any_credentials = false;  // unknown or missing credentials act as the root
  // Refuse a request signed more than 5 minutes before or after real time, as IAM does.
  bool check_signing_time = true;
  // Told one line for each IAM error answered, with the fake's diagnosis where it has one.
  std::function<void(std::string_view line)> log;
};

// Thread-safe: Handle may run on many threads at once (the backend serialises what it must).
class Dispatcher {
 public:
  Dispatcher(FakeIamBackend& backend, DispatcherOptions options)
      : backend_(backend), options_(options) {}

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  // The <ErrorResponse> of an IAM error, told to options_.log.
  HttpResponse IamError(const absl::Status& status, const CallerIdentity& caller,
                        std::string_view action) const;
  template <typename Request>
  HttpResponse Invoke(const CallerIdentity& caller, const Request& request,
                      std::string_view action) const;

  FakeIamBackend& backend_;
  const DispatcherOptions options_;
};

// An <ErrorResponse> for a code that is not an IAM error of the backend (InvalidAction,
// SignatureDoesNotMatch, ...), as the server also writes for transport errors.
HttpResponse WireErrorResponse(int http_status, std::string_view code, std::string_view message);

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_DISPATCHER_H_
