// ListSigningCertificates over HTTP: requests per second from httplib clients over keep-alive
// loopback connections to an in-process FakeIamServer, with one and two client threads (one
// connection each), against the same call made in process through FakeIamClient.
//
//   wire_benchmark [--benchmark_filter=...] [--benchmark_min_time=0.2]
//
// BM_WireList: the server runs with accept_any_credentials (unsigned requests act as the root).
// BM_WireListSigned: the server checks SigV4; each request carries the same pre-computed
// Authorization header (the server does not check the request's age), so the figure includes the
// server's signature check but not the client's signing.
// Every call is recorded by the backend; the record is cleared at the start of each run, and
// every 100,000 in-process calls (after being grown once on each CPU: see WarmCallLog).
#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "benchmarks/bench_summary.h"
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
constexpr char kListBody[] =
    "Action=ListSigningCertificates&Version=2010-05-08&UserName=bench";
constexpr double kTargetPerSecond = 20000;
constexpr size_t kClearRecordsEvery = 100000;

// One backend, user "bench" with two certificates, behind two servers: one accepting any
// credentials, one checking signatures against `key`.
struct Fixture {
  std::unique_ptr<FakeIamBackend> backend;
  std::unique_ptr<FakeIamServer> open_server, signed_server;
  AccessKey key;
  httplib::Headers signed_headers;
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

    // Signed as botocore signs: content-type, host and x-amz-date.
    server::SigV4Request request;
    request.method = "POST";
    request.path = "/";
    request.body = kListBody;
    const std::string host = absl::StrFormat("127.0.0.1:%d", made->signed_server->port());
    request.headers = {{"Host", host}, {"X-Amz-Date", "20260101T000000Z"}, {"Content-Type", kForm}};
    server::SigV4Authorization scope;
    scope.access_key_id = made->key.access_key_id;
    scope.date = "20260101";
    scope.region = "us-east-1";
    scope.service = "iam";
    scope.signed_headers = "content-type;host;x-amz-date";
    scope.signed_header_names = {"content-type", "host", "x-amz-date"};
    absl::StatusOr<std::string> signature =
        server::ComputeSigV4Signature(request, scope, made->key.secret_access_key);
    if (!signature.ok()) std::abort();
    made->signed_headers = {
        {"X-Amz-Date", "20260101T000000Z"},
        {"Authorization",
         absl::StrFormat("AWS4-HMAC-SHA256 Credential=%s/20260101/us-east-1/iam/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date, Signature=%s",
                         made->key.access_key_id, *signature)}};
    return made;
  }();
  return *fixture;
}

// Arg 0: the server accepting any credentials; arg 1: the signature-checking one.
void BM_WireList(benchmark::State& state) {
  Fixture& fixture = Get();
  const bool signed_requests = state.range(0) == 1;
  FakeIamServer& server = signed_requests ? *fixture.signed_server : *fixture.open_server;
  const httplib::Headers headers = signed_requests ? fixture.signed_headers : httplib::Headers{};
  if (state.thread_index() == 0) fixture.backend->ClearRecordedCalls();
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_read_timeout(10, 0);
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
  // Wire and in-process alternate, thread count by thread count, so that each ratio compares
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
      const double in_process =
          reporter.Counter("BM_InProcessList" + suffix, "items_per_second");
      for (const char* variant : {"any_credentials/0", "signed/1"}) {
        const double rate = reporter.Counter(
            absl::StrFormat("BM_WireList/%s%s", variant, suffix), "items_per_second");
        if (rate <= 0) continue;
        std::string figure = absl::StrFormat("%.0f requests/s", rate);
        if (in_process > 0) {
          figure += absl::StrFormat(", %.1fx slower than in process (%.0f/s)", in_process / rate,
                                    in_process);
        }
        const std::string name(variant, std::string_view(variant).find('/'));
        Summary::Get().Set(absl::StrFormat("wire-%s-%d", name, threads),
                           Row{absl::StrFormat("List over HTTP keep-alive, %s, %d connection%s",
                                               name, threads, threads == 1 ? "" : "s"),
                               figure, ">= 20,000/s", rate >= kTargetPerSecond});
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
