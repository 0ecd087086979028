// What a test fixture pays for an HTTP server: make a backend and a FakeIamServer, answer one call
// over loopback, stop. Three variants, run in turn in each iteration so that they see the same
// noise on a shared machine:
//
//   baseline     make + Start + Stop, no call (what any fixture with a server pays)
//   closed       + one call from an httplib client that closes its connection before Stop
//   keep-alive   + one call from a keep-alive client that still holds its idle connection during
//                Stop, as an SDK client kept in a fixture does (the client is destroyed after)
//
//   server_lifecycle_benchmark [--benchmark_min_time=0.2]
//
// The counters give each variant's whole cost and its Stop() alone, in milliseconds; the summary
// gives them as ratios to the baseline.
#include <httplib.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "benchmarks/bench_harness.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/fake_iam_server.h"

namespace fake_iam {
namespace {

using fake_iam_bench::NowNs;
using fake_iam_bench::Row;
using fake_iam_bench::Summary;

constexpr char kForm[] = "application/x-www-form-urlencoded; charset=utf-8";
constexpr char kCall[] = "Action=ListUsers&Version=2010-05-08";
constexpr double kStopTargetMs = 50;

enum class Variant { kBaseline, kClosed, kKeepAlive };

struct Timing {
  double total_ns = 0;
  double stop_ns = 0;
};

// One fixture's life; false when the call was not answered.
bool Lifecycle(Variant variant, Timing& timing) {
  const double start = NowNs();
  FakeIamOptions options;
  options.seed = 1;
  auto backend = std::make_unique<FakeIamBackend>(options);
  FakeIamServerOptions server_options;
  server_options.accept_any_credentials = true;  // the call's signature check is not the subject
  auto server = std::make_unique<FakeIamServer>(*backend, server_options);
  if (!server->Start().ok()) std::abort();
  std::optional<httplib::Client> client;
  bool answered = true;
  if (variant != Variant::kBaseline) {
    client.emplace("127.0.0.1", server->port());
    client->set_tcp_nodelay(true);
    client->set_keep_alive(variant == Variant::kKeepAlive);
    httplib::Result result = client->Post("/", kCall, kForm);
    answered = result && result->status == 200;
  }
  const double stop_start = NowNs();
  server->Stop();
  const double stopped = NowNs();
  server.reset();
  backend.reset();
  const double end = NowNs();
  client.reset();  // the SDK client outlives the server; its own teardown is not the fixture's
  timing.total_ns += end - start;
  timing.stop_ns += stopped - stop_start;
  return answered;
}

void BM_ServerLifecycle(benchmark::State& state) {
  Timing baseline, closed, keep_alive;
  for (auto _ : state) {
    if (!Lifecycle(Variant::kBaseline, baseline) || !Lifecycle(Variant::kClosed, closed) ||
        !Lifecycle(Variant::kKeepAlive, keep_alive)) {
      state.SkipWithError("the call was not answered");
      break;
    }
  }
  const double n = static_cast<double>(state.iterations()) * 1e6;  // ns to ms, per iteration
  state.counters["baseline_ms"] = baseline.total_ns / n;
  state.counters["closed_ms"] = closed.total_ns / n;
  state.counters["keepalive_ms"] = keep_alive.total_ns / n;
  state.counters["stop_baseline_ms"] = baseline.stop_ns / n;
  state.counters["stop_closed_ms"] = closed.stop_ns / n;
  state.counters["stop_keepalive_ms"] = keep_alive.stop_ns / n;
}

void RegisterAll() {
  benchmark::RegisterBenchmark("BM_ServerLifecycle", BM_ServerLifecycle)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);

  Summary::Get().AddDerived([] {
    const auto& reporter = fake_iam_bench::Reporter::Get();
    auto counter = [&](const char* name) {
      return reporter.Counter("BM_ServerLifecycle/real_time", name);
    };
    const double baseline = counter("baseline_ms");
    if (baseline <= 0) return;
    Summary::Get().Set("lifecycle-baseline", Row{"Server make + Start + Stop, no call (baseline)",
                                                 absl::StrFormat("%.2f ms (Stop %.2f ms)", baseline,
                                                                 counter("stop_baseline_ms")),
                                                 "(info)", false, /*judged=*/false});
    const struct {
      const char* id;
      const char* what;
      const char* total;
      const char* stop;
    } rows[] = {
        {"lifecycle-closed", "... + one call, client closed first", "closed_ms", "stop_closed_ms"},
        {"lifecycle-keepalive", "... + one call, client holds an idle keep-alive", "keepalive_ms",
         "stop_keepalive_ms"},
    };
    for (const auto& row : rows) {
      const double total = counter(row.total);
      const double stop = counter(row.stop);
      Summary::Get().Set(row.id, Row{row.what,
                                     absl::StrFormat("%.2f ms, %.2fx baseline (Stop %.2f ms)",
                                                     total, total / baseline, stop),
                                     "Stop <= 50 ms", stop <= kStopTargetMs});
    }
  });
}

}  // namespace
}  // namespace fake_iam

int main(int argc, char** argv) {
  fake_iam::RegisterAll();
  return fake_iam_bench::RunAndSummarize(argc, argv, "server_lifecycle_benchmark");
}
