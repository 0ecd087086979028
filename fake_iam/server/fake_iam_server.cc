#include "fake_iam/server/fake_iam_server.h"

#include <httplib.h>

#include <chrono>
#include <limits>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/server/dispatcher.h"

namespace fake_iam {
namespace {

// A header on raw-status fault answers, so that the error handler leaves their empty body alone.
constexpr char kRawStatusHeader[] = "X-Fake-Iam-Fault";

server::HttpRequest ToHttpRequest(const httplib::Request& request) {
  server::HttpRequest http;
  http.method = request.method;
  // The raw target, not httplib's decoded path, is what the client signed.
  std::string_view target = request.target;
  size_t question = target.find('?');
  http.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) http.query = std::string(target.substr(question + 1));
  for (const auto& [name, value] : request.headers) http.headers.emplace_back(name, value);
  return http;
}

}  // namespace

struct FakeIamServer::Impl {
  Impl(FakeIamBackend& backend, FakeIamServerOptions server_options)
      : options(std::move(server_options)),
        dispatcher(backend, {options.verify_signatures, options.accept_any_credentials}) {}

  void Serve(const httplib::Request& request, std::string body, httplib::Response& response) {
    server::HttpRequest http = ToHttpRequest(request);
    http.body = std::move(body);
    server::HttpResponse answer = dispatcher.Handle(http);
    if (answer.drop_connection) {
      // Headers go out, then the content provider fails and httplib closes the connection: the
      // client sees the connection end without an answer.
      response.set_chunked_content_provider("text/xml",
                                            [](size_t, httplib::DataSink&) { return false; });
      return;
    }
    response.status = answer.status;
    if (answer.body.empty()) {
      response.set_header(kRawStatusHeader, "http-status");
    } else {
      response.set_content(answer.body, "text/xml");
    }
  }

  const FakeIamServerOptions options;
  const server::Dispatcher dispatcher;
  httplib::Server http;
  std::thread thread;
  int port = 0;
  bool started = false;
};

FakeIamServer::FakeIamServer(FakeIamBackend& backend, FakeIamServerOptions options)
    : impl_(std::make_unique<Impl>(backend, std::move(options))) {}

FakeIamServer::~FakeIamServer() { Stop(); }

absl::Status FakeIamServer::Start() {
  Impl& impl = *impl_;
  if (impl.started) return absl::FailedPreconditionError("FakeIamServer::Start: already started.");
  const int threads = std::max(1, impl.options.threads);
  impl.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The body limit is enforced while reading (below), where the answer can be an IAM error.
  impl.http.set_payload_max_length(std::numeric_limits<size_t>::max());
  const auto timeout = absl::ToChronoMicroseconds(impl.options.read_timeout);
  impl.http.set_read_timeout(timeout);
  impl.http.set_write_timeout(timeout);
  impl.http.set_keep_alive_max_count(100000);
  // A connection holds a worker thread while it is kept alive: idle ones are closed after a second,
  // so that they neither starve new clients of workers nor hold up Stop() for long.
  impl.http.set_keep_alive_timeout(1);
  // Small answers go out at once instead of waiting for Nagle's algorithm.
  impl.http.set_tcp_nodelay(true);
  // A POST body is read here rather than by httplib, which refuses form bodies over 8 KiB.
  impl.http.Post(".*", [&impl](const httplib::Request& request, httplib::Response& response,
                               const httplib::ContentReader& read_content) {
    std::string body;
    bool too_large = false;
    bool complete = read_content([&](const char* data, size_t length) {
      too_large = body.size() + length > impl.options.max_body_bytes;
      if (!too_large) body.append(data, length);
      return !too_large;
    });
    if (too_large || !complete) {
      response.status = too_large ? 413 : 400;  // the error handler writes the body
      return;
    }
    impl.Serve(request, std::move(body), response);
  });
  impl.http.Get(".*", [&impl](const httplib::Request& request, httplib::Response& response) {
    impl.Serve(request, request.body, response);
  });
  // Transport errors (413, an unknown method or a malformed request line) get an IAM-style body.
  impl.http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.has_header(kRawStatusHeader) || !response.body.empty()) return;
    std::string code = response.status == 413   ? "RequestEntityTooLarge"
                       : response.status == 404 ? "InvalidAction"
                                                : "MalformedRequest";
    server::HttpResponse error = server::WireErrorResponse(
        response.status, code,
        absl::StrFormat("The request was rejected by the HTTP front (HTTP %d).", response.status));
    response.set_content(error.body, "text/xml");
  });

  impl.port =
      impl.options.port == 0
          ? impl.http.bind_to_any_port(impl.options.host)
          : (impl.http.bind_to_port(impl.options.host, impl.options.port) ? impl.options.port : -1);
  if (impl.port <= 0) {
    return absl::UnavailableError(
        absl::StrFormat("FakeIamServer: cannot bind %s:%d.", impl.options.host, impl.options.port));
  }
  impl.thread = std::thread([&impl] { impl.http.listen_after_bind(); });
  while (!impl.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl.started = true;
  return absl::OkStatus();
}

std::string FakeIamServer::endpoint() const {
  return absl::StrFormat("http://%s:%d", impl_->options.host, impl_->port);
}

int FakeIamServer::port() const { return impl_->port; }

void FakeIamServer::Stop() {
  if (!impl_->started) return;
  impl_->http.stop();
  impl_->thread.join();
  impl_->started = false;
}

}  // namespace fake_iam
