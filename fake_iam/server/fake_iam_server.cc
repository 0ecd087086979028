#include "fake_iam/server/fake_iam_server.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/server/control_api.h"
#include "fake_iam/server/dispatcher.h"
#include "fake_iam/server/http_transport.h"

namespace fake_iam {
namespace {

// IAM's answer on the wire: XML, with the headers IAM sends with every answer: the request id (the
// AWS SDK for JavaScript v3 reads it only from here) and the real time, which SDKs use to correct
// their clock skew.
server::HttpAnswer IamAnswer(server::HttpResponse response) {
  server::HttpAnswer answer;
  answer.status = response.status;
  answer.content_type = "text/xml";
  answer.body = std::move(response.body);
  answer.drop_connection = response.drop_connection;
  answer.headers = {
      {"x-amzn-RequestId", response.request_id},
      {"Date",
       absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", absl::Now(), absl::UTCTimeZone())}};
  return answer;
}

server::HttpAnswer ControlAnswer(server::ControlResponse response) {
  server::HttpAnswer answer;
  answer.status = response.status;
  answer.content_type = "application/json";
  answer.body = std::move(response.body);
  return answer;
}

}  // namespace

// Routes each request to the control API or to IAM's dispatcher.
struct FakeIamServer::Impl final : server::HttpHandler {
  Impl(FakeIamBackend& backend, FakeIamServerOptions server_options)
      : options(std::move(server_options)),
        dispatcher(backend, {options.verify_signatures, options.accept_any_credentials,
                             options.check_signing_time, options.log}),
        control(backend,
                {server::ControlApi::IsLoopback(options.host) || !options.control_token.empty(),
                 options.control_token}),
        transport(*this, {options.host, options.port, options.max_body_bytes,
                          options.read_timeout, options.threads}) {}

  server::HttpAnswer Handle(server::HttpRequest request) override {
    if (server::ControlApi::Handles(request.path)) {
      return ControlAnswer(control.Handle(request.method, request.path, request.query,
                                          request.body, request.headers));
    }
    // IAM takes GET and POST; DELETE is the control API's alone.
    if (request.method == "DELETE") return Refused(404, request.path);
    return IamAnswer(dispatcher.Handle(request));
  }

  server::HttpAnswer Refused(int status, std::string_view target) override {
    if (server::ControlApi::Handles(target)) {
      return ControlAnswer(server::ControlApi::TransportError(status));
    }
    std::string code = status == 413   ? "RequestEntityTooLarge"
                       : status == 404 ? "InvalidAction"
                                       : "MalformedRequest";
    return IamAnswer(server::WireErrorResponse(
        status, code,
        absl::StrFormat("The request was rejected by the HTTP front (HTTP %d).", status)));
  }

  const FakeIamServerOptions options;
  const server::Dispatcher dispatcher;
  server::ControlApi control;
  server::HttpTransport transport;  // last: it stops first, while the rest still answers
};

FakeIamServer::FakeIamServer(FakeIamBackend& backend, FakeIamServerOptions options)
    : impl_(std::make_unique<Impl>(backend, std::move(options))) {}

FakeIamServer::~FakeIamServer() { Stop(); }

absl::Status FakeIamServer::Start() { return impl_->transport.Start(); }

std::string FakeIamServer::endpoint() const {
  return absl::StrFormat("http://%s:%d", impl_->options.host, impl_->transport.port());
}

int FakeIamServer::port() const { return impl_->transport.port(); }

void FakeIamServer::Stop() { impl_->transport.Stop(); }

}  // namespace fake_iam
