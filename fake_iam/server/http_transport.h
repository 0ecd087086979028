// The HTTP transport under FakeIamServer: the listening socket, a thread per connection, and
// cpp-httplib reading requests and writing answers. It hands each whole request to an HttpHandler
// as the server's own HttpRequest and writes back the HttpAnswer it gets; nothing above it sees
// httplib or a socket.
//
//   class Echo : public HttpHandler { ... };
//   Echo handler;
//   HttpTransport transport(handler, HttpTransportOptions());
//   if (absl::Status bound = transport.Start(); !bound.ok()) ...
//   // serving on 127.0.0.1:transport.port() until
//   transport.Stop();
#ifndef FAKE_IAM_SERVER_HTTP_TRANSPORT_H_
#define FAKE_IAM_SERVER_HTTP_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fake_iam/server/sigv4.h"

namespace fake_iam::server {

// What a client sent: method, raw path and query (as signed), headers and the whole body.
using HttpRequest = SigV4Request;

// What goes back to the client.
struct HttpAnswer {
  int status = 200;
  std::string content_type;  // with the body; an answer without a body has none
  std::string body;          // empty: the status line and headers only
  std::vector<std::pair<std::string, std::string>> headers;
  bool drop_connection = false;  // send the headers, then close the connection without a body
};

// Answers requests; called on the transport's connection threads, any number at once.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // A request read whole, its body within the transport's limit.
  virtual HttpAnswer Handle(HttpRequest request) = 0;
  // A request the transport refused before it could be handled: 413 (a body over the limit), 400
  // (a body cut short, a malformed request), 404 (a method the transport does not take), with the
  // request's raw target when it got that far.
  virtual HttpAnswer Refused(int status, std::string_view target) = 0;
};

struct HttpTransportOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the system picks a free port
  size_t max_body_bytes = 1 << 20;
  absl::Duration read_timeout = absl::Seconds(5);  // also the write timeout
  int threads = 256;                               // most connections served at once
};

// Start it once, Stop it (or destroy it) once. The handler must outlive it.
class HttpTransport {
 public:
  HttpTransport(HttpHandler& handler, HttpTransportOptions options);
  ~HttpTransport();  // stops
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds and serves on a thread of its own; an error when the address cannot be bound.
  absl::Status Start();
  int port() const;
  // Stops accepting, closes idle keep-alive connections at once, lets each request already
  // received get its full answer, and returns when every connection is closed.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_HTTP_TRANSPORT_H_
