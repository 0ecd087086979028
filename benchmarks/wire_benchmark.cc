// ListSigningCertificates over HTTP: requests per second from httplib clients over keep-alive
// loopback connections to an in-process FakeIamServer, with one and two client threads (one
// connection each), against the same call made in process through FakeIamClient.
//
//   wire_benchmark [--benchmark_filter=...] [--benchmark_min_time=0.2]
//
// BM_WireList/any_credentials: the server runs with accept_any_credentials (unsigned requests act
// as the root). BM_WireList/signed: the server checks SigV4; each request carries the same
// pre-computed Authorization header (the server does not check the request's age), so the figure
// includes the server's signature check but not the client's signing.
//
// Two floors, to tell where the time goes: BM_HttplibFloor, the same httplib client against a bare
// httplib::Server answering the same bytes (HTTP without fake_iam), and BM_TcpFloor, a blocking
// ping-pong of the same sizes over a loopback TCP connection (the kernel's share).
//
// Every call is recorded by the backend; the record is cleared at the start of each run, and
// every 100,000 in-process calls (after being grown once on each CPU: see WarmCallLog).
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "benchmarks/bench_harness.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/server/fake_iam_server.h"
#include "fake_iam/server/sigv4.h"
#include "testing/certificates.h"

namespace fake_iam {
namespace {

using fake_iam_bench::Row;
using fake_iam_bench::Summary;

constexpr char kUser[] = "bench";
constexpr char kForm[] = "application/x-www-form-urlencoded; charset=utf-8";
constexpr char kListBody[] = "Action=ListSigningCertificates&Version=2010-05-08&UserName=bench";
constexpr double kTargetPerSecond = 20000;
constexpr size_t kClearRecordsEvery = 100000;
// The TCP floor's message sizes: about what httplib sends and what the fake answers.
constexpr size_t kTcpRequestBytes = 200;

// One backend, user "bench" with two certificates, behind two servers: one accepting any
// credentials, one checking signatures against `key`; and a bare httplib server answering what
// the fake answers.
struct Fixture {
  std::unique_ptr<FakeIamBackend> backend;
  std::unique_ptr<FakeIamServer> open_server, signed_server;
  AccessKey key;
  httplib::Headers signed_headers;
  std::string answer;  // the body of the fake's answer to kListBody
  httplib::Server plain;
  int plain_port = 0;
  std::thread plain_thread;
};

Fixture& Get() {
  static Fixture* const fixture = [] {
    auto* made = new Fixture();
    FakeIamOptions options;
    options.seed = 1;
    options.start_time = absl::FromUnixSeconds(1767225600);
    made->backend = std::make_unique<FakeIamBackend>(options);
    if (!made->backend->CreateUser(kUser).ok()) std::abort();
    for (int i = 0; i < 2; ++i) {
      if (!made->backend->UploadSigningCertificate(kUser, ValidCertificatePem()).ok()) {
        std::abort();
      }
    }
    made->key = *made->backend->CreateAccessKey(CallerIdentity::Root());
    {
      FakeIamClient client(*made->backend);
      const auto list = ListSigningCertificatesRequest().WithUserName(kUser);
      fake_iam_bench::WarmCallLog(
          *made->backend, [&] { benchmark::DoNotOptimize(client.ListSigningCertificates(list)); },
          kClearRecordsEvery + 1000);
    }

    FakeIamServerOptions open;
    open.accept_any_credentials = true;
    made->open_server = std::make_unique<FakeIamServer>(*made->backend, open);
    made->signed_server = std::make_unique<FakeIamServer>(*made->backend, FakeIamServerOptions{});
    if (!made->open_server->Start().ok() || !made->signed_server->Start().ok()) std::abort();

    // Signed as botocore signs: content-type, host and x-amz-date. Signed now, once: the server
    // accepts the signature for 5 minutes, longer than the benchmark runs.
    const std::string amz_date =
        absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone());
    const std::string date = amz_date.substr(0, 8);
    server::SigV4Request request;
    request.method = "POST";
    request.path = "/";
    request.body = kListBody;
    const std::string host = absl::StrFormat("127.0.0.1:%d", made->signed_server->port());
    request.headers = {{"Host", host}, {"X-Amz-Date", amz_date}, {"Content-Type", kForm}};
    server::SigV4Authorization scope;
    scope.access_key_id = made->key.GetAccessKeyId();
    scope.date = date;
    scope.region = "us-east-1";
    scope.service = "iam";
    scope.signed_headers = "content-type;host;x-amz-date";
    scope.signed_header_names = {"content-type", "host", "x-amz-date"};
    absl::StatusOr<std::string> signature =
        server::ComputeSigV4Signature(request, scope, made->key.GetSecretAccessKey());
    if (!signature.ok()) std::abort();
    made->signed_headers = {
        {"X-Amz-Date", amz_date},
        {"Authorization",
         absl::StrFormat("AWS4-HMAC-SHA256 Credential=%s/%s/us-east-1/iam/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date, Signature=%s",
                         made->key.GetAccessKeyId(), date, *signature)}};

    // The bare server: the fake's answer, verbatim, with the fake server's socket options.
    httplib::Client probe("127.0.0.1", made->open_server->port());
    httplib::Result answer = probe.Post("/", kListBody, kForm);
    if (!answer || answer->status != 200) std::abort();
    made->answer = answer->body;
    made->plain.set_tcp_nodelay(true);
    made->plain.set_keep_alive_max_count(100000);
    made->plain.Post("/", [made](const httplib::Request&, httplib::Response& response) {
      response.set_content(made->answer, "text/xml");
    });
    made->plain_port = made->plain.bind_to_any_port("127.0.0.1");
    if (made->plain_port <= 0) std::abort();
    made->plain_thread = std::thread([made] { made->plain.listen_after_bind(); });
    while (!made->plain.is_running()) std::this_thread::yield();
    return made;
  }();
  return *fixture;
}

httplib::Client KeepAliveClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_read_timeout(10, 0);
  return client;
}

// Posts kListBody on one keep-alive connection per thread to `port`, checking for HTTP 200.
void PostLoop(benchmark::State& state, int port, const httplib::Headers& headers) {
  httplib::Client client = KeepAliveClient(port);
  // One request before timing: opens the connection and checks the answer.
  httplib::Result first = client.Post("/", headers, kListBody, kForm);
  if (!first || first->status != 200 ||
      first->body.find("<ListSigningCertificatesResult>") == std::string::npos) {
    state.SkipWithError(first ? absl::StrFormat("HTTP %d: %s", first->status, first->body).c_str()
                              : "no answer");
    return;
  }
  for (auto _ : state) {
    httplib::Result result = client.Post("/", headers, kListBody, kForm);
    if (!result || result->status != 200) {
      state.SkipWithError("request failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Arg 0: the server accepting any credentials; arg 1: the signature-checking one.
void BM_WireList(benchmark::State& state) {
  Fixture& fixture = Get();
  const bool signed_requests = state.range(0) == 1;
  FakeIamServer& server = signed_requests ? *fixture.signed_server : *fixture.open_server;
  if (state.thread_index() == 0) fixture.backend->ClearRecordedCalls();
  PostLoop(state, server.port(), signed_requests ? fixture.signed_headers : httplib::Headers{});
}

void BM_HttplibFloor(benchmark::State& state) {
  Fixture& fixture = Get();
  PostLoop(state, fixture.plain_port, {});
}

// A loopback TCP connection whose far end answers each kTcpRequestBytes with `answer_bytes`, from
// a thread of its own; both ends with TCP_NODELAY.
class TcpPingPong {
 public:
  explicit TcpPingPong(size_t answer_bytes) : answer_bytes_(answer_bytes) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listener, 1) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      std::abort();
    }
    client_ = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(client_, reinterpret_cast<sockaddr*>(&address), length) != 0) std::abort();
    int server = accept(listener, nullptr, nullptr);
    close(listener);
    int one = 1;
    setsockopt(client_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    server_ = std::thread([this, server] {
      std::string request(kTcpRequestBytes, '\0'), answer(answer_bytes_, 'x');
      while (ReadFully(server, request) && WriteFully(server, answer)) {
      }
      close(server);
    });
  }
  ~TcpPingPong() {
    shutdown(client_, SHUT_RDWR);
    server_.join();
    close(client_);
  }
  bool RoundTrip() { return WriteFully(client_, request_) && ReadFully(client_, answer_); }

 private:
  static bool ReadFully(int fd, std::string& buffer) {
    for (size_t done = 0; done < buffer.size();) {
      ssize_t n = read(fd, buffer.data() + done, buffer.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  static bool WriteFully(int fd, const std::string& buffer) {
    for (size_t done = 0; done < buffer.size();) {
      ssize_t n = write(fd, buffer.data() + done, buffer.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  const size_t answer_bytes_;
  int client_ = -1;
  std::thread server_;
  std::string request_ = std::string(kTcpRequestBytes, 'r');
  std::string answer_ = std::string(answer_bytes_, '\0');
};

void BM_TcpFloor(benchmark::State& state) {
  // The answer: the fake's XML plus about 150 bytes of HTTP status line and headers.
  TcpPingPong connection(Get().answer.size() + 150);
  for (auto _ : state) {
    if (!connection.RoundTrip()) {
      state.SkipWithError("round trip failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_InProcessList(benchmark::State& state) {
  Fixture& fixture = Get();
  if (state.thread_index() == 0) fixture.backend->ClearRecordedCalls();
  FakeIamClient client(*fixture.backend);
  const auto request = ListSigningCertificatesRequest().WithUserName(kUser);
  size_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(client.ListSigningCertificates(request));
    if (++n % kClearRecordsEvery == 0) {
      state.PauseTiming();
      fixture.backend->ClearRecordedCalls();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void RegisterAll() {
  // The variants alternate, thread count by thread count, so that each ratio compares
  // neighbouring runs.
  for (int threads : {1, 2}) {
    benchmark::RegisterBenchmark("BM_WireList/any_credentials", BM_WireList)
        ->Arg(0)
        ->Threads(threads)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_InProcessList", BM_InProcessList)
        ->Threads(threads)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_HttplibFloor", BM_HttplibFloor)
        ->Threads(threads)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_TcpFloor", BM_TcpFloor)
        ->Threads(threads)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_WireList/signed", BM_WireList)
        ->Arg(1)
        ->Threads(threads)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }

  Summary::Get().AddDerived([] {
    const auto& reporter = fake_iam_bench::Reporter::Get();
    for (int threads : {1, 2}) {
      const std::string suffix = absl::StrFormat("/real_time/threads:%d", threads);
      auto rate = [&](const std::string& name) {
        return reporter.Counter(name + suffix, "items_per_second");
      };
      const double in_process = rate("BM_InProcessList");
      const double httplib_floor = rate("BM_HttplibFloor");
      const double tcp_floor = rate("BM_TcpFloor");
      for (std::string_view variant : {"any_credentials/0", "signed/1"}) {
        const double wire = rate(absl::StrFormat("BM_WireList/%s", variant));
        if (wire <= 0) continue;
        std::string figure = absl::StrFormat("%.0f/s", wire);
        if (in_process > 0) figure += absl::StrFormat("; in-process %.0fx", in_process / wire);
        if (httplib_floor > 0)
          figure += absl::StrFormat(", bare httplib %.2fx", httplib_floor / wire);
        if (tcp_floor > 0) figure += absl::StrFormat(", TCP %.1fx", tcp_floor / wire);
        figure += " faster";
        const std::string name(variant.substr(0, variant.find('/')));
        Summary::Get().Set(absl::StrFormat("wire-%s-%d", name, threads),
                           Row{absl::StrFormat("List over HTTP, %s, %d connection%s", name, threads,
                                               threads == 1 ? "" : "s"),
                               figure, ">= 20,000/s", wire >= kTargetPerSecond});
      }
      if (httplib_floor > 0 && tcp_floor > 0) {
        Summary::Get().Set(
            absl::StrFormat("wire-floors-%d", threads),
            Row{absl::StrFormat("Floors, %d connection%s", threads, threads == 1 ? "" : "s"),
                absl::StrFormat("bare httplib %.0f/s, TCP ping-pong %.0f/s", httplib_floor,
                                tcp_floor),
                "(info)", false, /*judged=*/false});
      }
    }
  });
}

}  // namespace
}  // namespace fake_iam

int main(int argc, char** argv) {
  fake_iam::RegisterAll();
  return fake_iam_bench::RunAndSummarize(argc, argv, "wire_benchmark");
}
