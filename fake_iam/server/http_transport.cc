#include "fake_iam/server/http_transport.h"

#include <httplib.h>
#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"

namespace fake_iam::server {
namespace {

// A header on answers without a body, so that the error handler leaves them alone.
constexpr char kNoBodyHeader[] = "X-Fake-Iam-No-Body";

// How long an idle keep-alive connection is kept open: longer than a test pauses between calls,
// so that an SDK client's pooled connection is not closed under it. Neither Stop() nor other
// clients wait for it (see HttpServer and ConnectionThreads).
constexpr time_t kKeepAliveSeconds = 30;

// httplib's task queue, with a thread for each connection, started when no thread is free and
// kept for the next one, up to `max_threads`. httplib serves a connection on one thread from
// accept to close, keep-alive waits included: with its fixed ThreadPool, clients holding idle
// connections (an SDK keeps a pool of them) would leave a new client queued until one of them
// timed out. A server that is never used starts no thread.
class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(size_t max_threads) : max_threads_(max_threads) {}

  // Called by httplib's accepting thread only.
  void enqueue(std::function<void()> job) override {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
    if (jobs_.size() > waiting_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { Work(); });
    } else {
      wake_.notify_one();
    }
  }

  // Called by the accepting thread once it has stopped: runs what is queued, then joins.
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      ++waiting_;
      wake_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      --waiting_;
      if (jobs_.empty()) return;  // stopping, with nothing left to run
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  const size_t max_threads_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  size_t waiting_ = 0;  // threads waiting for a job
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// httplib's Stream over a connected socket, read through a buffer (httplib reads request lines a
// byte at a time), with httplib's read and write timeouts.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  bool buffered() const { return begin_ < end_; }
  // A read timed out or failed, or found the end: what is left of the request cannot be read.
  bool broken() const { return broken_; }
  bool is_readable() const override { return buffered() || Ready(POLLIN, read_timeout_ms_); }
  bool is_writable() const override { return Ready(POLLOUT, write_timeout_ms_); }
  ssize_t read(char* data, size_t size) override {
    if (!buffered()) {
      ssize_t got = -1;
      if (Ready(POLLIN, read_timeout_ms_)) {
        do {
          got = recv(sock_, buffer_, sizeof(buffer_), 0);
        } while (got < 0 && errno == EINTR);
      }
      if (got <= 0) {
        broken_ = true;
        return got;
      }
      begin_ = 0;
      end_ = static_cast<size_t>(got);
    }
    size = std::min(size, end_ - begin_);
    std::memcpy(data, buffer_ + begin_, size);
    begin_ += size;
    return static_cast<ssize_t>(size);
  }
  ssize_t write(const char* data, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t sent;
    do {
      sent = send(sock_, data, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  bool Ready(short events, int timeout_ms) const {
    pollfd wanted = {sock_, events, 0};
    int ready;
    do {
      ready = poll(&wanted, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
  }
  void Address(int (*name)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage address;
    socklen_t length = sizeof(address);
    char host[NI_MAXHOST], service[NI_MAXSERV];
    if (name(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof(host), service,
                    sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(service);
    }
  }

  const int sock_;
  const int read_timeout_ms_;
  const int write_timeout_ms_;
  char buffer_[16384];
  size_t begin_ = 0, end_ = 0;  // the unread part of buffer_
  bool broken_ = false;
};

int Milliseconds(time_t seconds, time_t microseconds) {
  return static_cast<int>(seconds * 1000 + microseconds / 1000);
}

// An httplib::Server whose keep-alive waits end as soon as it is stopped. httplib 0.11 waits for
// a connection's next request in a loop of its own, polling the socket every 10 ms until the
// keep-alive timeout, and nothing else can end that wait: Stop() would wait for every client that
// holds an idle connection. So each connection is served here instead, as httplib's own
// SSLServer does: a loop around httplib's process_request, whose wait also watches an event that
// CloseConnections() sets.
class HttpServer final : public httplib::Server {
 public:
  HttpServer() : stop_event_(eventfd(0, EFD_CLOEXEC)) {}
  ~HttpServer() override {
    if (stop_event_ >= 0) close(stop_event_);
  }
  bool is_valid() const override { return stop_event_ >= 0; }

  // Closes idle connections at once, and every other one once its answer is written. Call it
  // after stop(), so that no new connection waits.
  void CloseConnections() { eventfd_write(stop_event_, 1); }

 private:
  // httplib calls this on a task-queue thread for each connection it accepts.
  bool process_and_close_socket(socket_t sock) override {
    ConnectionStream stream(sock, Milliseconds(read_timeout_sec_, read_timeout_usec_),
                            Milliseconds(write_timeout_sec_, write_timeout_usec_));
    bool served = true;
    for (size_t left = keep_alive_max_count_; served && left > 0 && WaitForRequest(stream);
         --left) {
      bool client_closes = false;
      served = process_request(stream, /*close_connection=*/left == 1, client_closes, nullptr);
      if (client_closes || stream.broken()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    close(sock);
    return served;
  }

  // True when a request has come (or the client has closed, which process_request finds); false
  // after the keep-alive timeout, or at once when the server is stopping. A request that has come
  // but not yet been read when the server stops is not answered.
  bool WaitForRequest(const ConnectionStream& stream) const {
    pollfd wanted[2] = {{stream.socket(), POLLIN, 0}, {stop_event_, POLLIN, 0}};
    const int timeout_ms = stream.buffered() ? 0 : Milliseconds(keep_alive_timeout_sec_, 0);
    int ready;
    do {
      ready = poll(wanted, 2, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0 || wanted[1].revents != 0) return false;
    return stream.buffered() || wanted[0].revents != 0;
  }

  const int stop_event_;  // readable, for every connection at once, once CloseConnections is called
};

HttpRequest ToHttpRequest(const httplib::Request& request, std::string body) {
  HttpRequest http;
  http.method = request.method;
  // The raw target, not httplib's decoded path, is what the client signed.
  std::string_view target = request.target;
  size_t question = target.find('?');
  http.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) http.query = std::string(target.substr(question + 1));
  for (const auto& [name, value] : request.headers) http.headers.emplace_back(name, value);
  http.body = std::move(body);
  return http;
}

void Write(const HttpAnswer& answer, httplib::Response& response) {
  for (const auto& [name, value] : answer.headers) response.set_header(name, value);
  if (answer.drop_connection) {
    // Headers go out, then the content provider fails and httplib closes the connection: the
    // client sees the connection end without an answer.
    response.set_chunked_content_provider(answer.content_type,
                                          [](size_t, httplib::DataSink&) { return false; });
    return;
  }
  response.status = answer.status;
  if (answer.body.empty()) {
    response.set_header(kNoBodyHeader, "1");
  } else {
    response.set_content(answer.body, answer.content_type);
  }
}

}  // namespace

struct HttpTransport::Impl {
  Impl(HttpHandler& handler, HttpTransportOptions options)
      : handler(handler), options(std::move(options)) {}

  void Serve(const httplib::Request& request, std::string body, httplib::Response& response) {
    Write(handler.Handle(ToHttpRequest(request, std::move(body))), response);
  }

  HttpHandler& handler;
  const HttpTransportOptions options;
  HttpServer http;
  std::thread thread;
  int port = 0;
  bool started = false;
};

HttpTransport::HttpTransport(HttpHandler& handler, HttpTransportOptions options)
    : impl_(std::make_unique<Impl>(handler, std::move(options))) {}

HttpTransport::~HttpTransport() { Stop(); }

absl::Status HttpTransport::Start() {
  Impl& impl = *impl_;
  if (impl.started) return absl::FailedPreconditionError("FakeIamServer::Start: already started.");
  if (!impl.http.is_valid()) {
    return absl::ResourceExhaustedError("FakeIamServer: out of file descriptors.");
  }
  const size_t threads = std::max(1, impl.options.threads);
  impl.http.new_task_queue = [threads] { return new ConnectionThreads(threads); };
  // The body limit is enforced while reading (below), where the handler can answer it.
  impl.http.set_payload_max_length(std::numeric_limits<size_t>::max());
  const auto timeout = absl::ToChronoMicroseconds(impl.options.read_timeout);
  impl.http.set_read_timeout(timeout);
  impl.http.set_write_timeout(timeout);
  impl.http.set_keep_alive_max_count(100000);
  impl.http.set_keep_alive_timeout(kKeepAliveSeconds);
  // Small answers go out at once instead of waiting for Nagle's algorithm.
  impl.http.set_tcp_nodelay(true);
  // A POST body is read here rather than by httplib, which refuses form bodies over 8 KiB.
  impl.http.Post(".*", [&impl](const httplib::Request& request, httplib::Response& response,
                               const httplib::ContentReader& read_content) {
    // A request with neither Content-Length nor chunked encoding has no body (RFC 9112), as from
    // `curl -X POST .../_fake_iam/reset`; httplib would wait for the connection to close.
    if (!request.has_header("Content-Length") &&
        request.get_header_value("Transfer-Encoding").find("chunked") == std::string::npos) {
      impl.Serve(request, "", response);
      return;
    }
    std::string body;
    bool too_large = false;
    bool complete = read_content([&](const char* data, size_t length) {
      too_large = body.size() + length > impl.options.max_body_bytes;
      if (!too_large) body.append(data, length);
      return !too_large;
    });
    if (too_large || !complete) {
      response.status = too_large ? 413 : 400;  // the error handler asks the handler for the body
      return;
    }
    impl.Serve(request, std::move(body), response);
  });
  auto serve_with_body = [&impl](const httplib::Request& request, httplib::Response& response) {
    impl.Serve(request, request.body, response);
  };
  impl.http.Get(".*", serve_with_body);
  impl.http.Delete(".*", serve_with_body);
  // Requests httplib refused (413, an unknown method, a malformed request line), and answers the
  // POST handler left without a body: the handler writes them.
  impl.http.set_error_handler([&impl](const httplib::Request& request,
                                      httplib::Response& response) {
    if (response.has_header(kNoBodyHeader) || !response.body.empty()) return;
    Write(impl.handler.Refused(response.status, request.target), response);
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

int HttpTransport::port() const { return impl_->port; }

void HttpTransport::Stop() {
  if (!impl_->started) return;
  impl_->http.stop();  // closes the listening socket: no new connection is accepted
  impl_->http.CloseConnections();
  impl_->thread.join();  // httplib's thread returns once every connection has closed
  impl_->started = false;
}

}  // namespace fake_iam::server
