// Benchmarks of the in-process API (FakeIamClient over a FakeIamBackend): certificate uploads
// against a bare-OpenSSL floor, listings, scaling with the number of users, paging, two threads,
// and the memory a stored certificate costs. Each figure is a ratio to a baseline measured in the
// same run, mostly interleaved with it, and the program ends with a table saying which targets
// are met.
//
//   upload_benchmark [--benchmark_filter=...] [--benchmark_min_time=0.2]
//
// Environment: FAKE_IAM_BENCH_FRESH (never-seen uploads per key type, default 2000) and
// FAKE_IAM_BENCH_MEMORY_CERTS (certificates in the memory measurement, default 20000; 100000 takes
// about 45 s on two cores: OpenSSL 3.0 needs ~0.15-0.2 ms to decode and verify each certificate,
// and as long again to make one).
//
// Every API call is recorded by the backend. The listing benchmarks clear the record every
// 100,000 calls with the timer paused, and first grow it once on every CPU (then clear it, which
// keeps its capacity), so that they measure the listing, not the first touch of the record's fresh
// memory; BM_ListTwoCertificates/growing measures that case apart.
#include <malloc.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "benchmarks/bench_harness.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "testing/certificates.h"

namespace fake_iam {
namespace {

using fake_iam_bench::EnvSize;
using fake_iam_bench::Interleaved;
using fake_iam_bench::Interleaving;
using fake_iam_bench::NowNs;
using fake_iam_bench::Row;
using fake_iam_bench::Summary;
using fake_iam_bench::Throughput;
using fake_iam_bench::Us;
using fake_iam_bench::WarmCallLog;

constexpr char kUser[] = "bench";
constexpr int kUnlimited = 1 << 30;
// Bodies cycled through by the already-validated upload benchmarks: far fewer than the
// library's validation cache holds.
constexpr size_t kValidatedPoolSize = 256;
constexpr int kManyUsers = 100000;
constexpr int kFewUsers = 10;
constexpr size_t kClearRecordsEvery = 100000;
constexpr size_t kListBlock = 1000;

const char* KeyName(TestKeyType key_type) {
  return key_type == TestKeyType::kRsa2048 ? "RSA-2048" : "EC P-256";
}

FakeIamOptions BenchOptions(int quota = kUnlimited) {
  FakeIamOptions options;
  options.max_certificates_per_user = quota;
  options.seed = 1;
  options.start_time = absl::FromUnixSeconds(1767225600);  // 2026-01-01, inside the certs' validity
  return options;
}

std::string UserName(int i) { return absl::StrFormat("user%06d", i); }

// `count` distinct certificates, made on every core (MakeTestCertificate is thread-safe and each
// call gives a new serial number, so a body is never made twice in the process).
std::vector<std::string> Generate(TestKeyType key_type, size_t count) {
  std::vector<std::string> bodies(count);
  std::atomic<size_t> next{0};
  TestCertificateOptions options;
  options.key_type = key_type;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < count;) bodies[i] = MakeTestCertificate(options);
  };
  std::vector<std::thread> workers;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();
  return bodies;
}

// The floor of an upload: what any validating fake must do with OpenSSL, and nothing more. Read
// the PEM, hash the DER with SHA-256 (the duplicate key), verify the self-signature.
bool FloorValidate(const std::string& body) {
  BIO* bio = BIO_new_mem_buf(body.data(), static_cast<int>(body.size()));
  X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  bool ok = false;
  if (certificate != nullptr) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    ok = X509_digest(certificate, EVP_sha256(), digest, &length) == 1 &&
         X509_verify(certificate, X509_get0_pubkey(certificate)) == 1;
    benchmark::DoNotOptimize(digest);
  }
  X509_free(certificate);
  BIO_free(bio);
  return ok;
}

UploadSigningCertificateRequest Upload(const std::string& user, const std::string& body) {
  return UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(body);
}

// Bodies of `key_type` that the library has validated (uploaded to a throwaway backend), so that a
// later upload of one of them is "already validated". Made once per process; uploaded again at
// each call, which costs little when they are still cached and re-validates them if not.
const std::vector<std::string>& ValidatedPool(TestKeyType key_type) {
  static auto* const pools = new std::vector<std::string>[2];
  std::vector<std::string>& pool = pools[key_type == TestKeyType::kRsa2048 ? 1 : 0];
  if (pool.empty()) pool = Generate(key_type, kValidatedPoolSize);
  FakeIamBackend warm_up(BenchOptions());
  if (!warm_up.CreateUser(kUser).ok()) std::abort();
  for (const std::string& body : pool) {
    if (!warm_up.UploadSigningCertificate(kUser, body).ok()) std::abort();
  }
  return pool;
}

// ---- 1. Upload of a never-seen body vs the OpenSSL floor ----

// Each iteration uploads a body never uploaded before in this process and runs the floor on the
// same body, in alternating order; the iteration count is fixed so the bodies can be made first.
void BM_UploadNeverSeen(benchmark::State& state) {
  const auto key_type = static_cast<TestKeyType>(state.range(0));
  std::vector<std::string> bodies = Generate(key_type, static_cast<size_t>(state.max_iterations));
  FakeIamBackend backend(BenchOptions());
  if (!backend.CreateUser(kUser).ok()) std::abort();
  FakeIamClient client(backend);
  const std::string user = kUser;
  double fake_ns = 0, floor_ns = 0;
  size_t i = 0;
  auto fake = [&](const std::string& body) {
    double start = NowNs();
    auto result = client.UploadSigningCertificate(Upload(user, body));
    fake_ns += NowNs() - start;
    if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
  };
  auto floor = [&](const std::string& body) {
    double start = NowNs();
    if (!FloorValidate(body)) state.SkipWithError("floor failed");
    floor_ns += NowNs() - start;
  };
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (i++ % 2 == 0) {
      fake(body);
      floor(body);
    } else {
      floor(body);
      fake(body);
    }
  }
  const double n = static_cast<double>(std::max<size_t>(i, 1));
  const double ratio = fake_ns / floor_ns;
  state.counters["fake_us"] = fake_ns / n / 1000;
  state.counters["floor_us"] = floor_ns / n / 1000;
  state.counters["x_floor"] = ratio;
  Summary::Get().Set(
      absl::StrFormat("upload-fresh-%d", state.range(0)),
      Row{absl::StrFormat("Upload never-seen %s (%d bodies)", KeyName(key_type), i),
          absl::StrFormat("%.3fx floor (fake %s, floor %s)", ratio, Us(fake_ns / n),
                          Us(floor_ns / n)),
          "<= 1.2x floor", ratio <= 1.2});
}

// ---- 2. Upload of an already-validated body ----

// The bodies were validated once by another backend; each is uploaded to this backend once per
// cycle of the pool, then the backend is Reset (timer paused) and the cycle starts over. The floor
// is sampled on the same bodies during the pauses (16 per cycle: it costs ~50x an upload).
void BM_UploadAlreadyValidated(benchmark::State& state) {
  const auto key_type = static_cast<TestKeyType>(state.range(0));
  const std::vector<std::string>& pool = ValidatedPool(key_type);
  FakeIamBackend backend(BenchOptions());
  if (!backend.CreateUser(kUser).ok()) std::abort();
  FakeIamClient client(backend);
  const std::string user = kUser;
  size_t i = 0, floor_i = 0;
  constexpr size_t kFloorPerCycle = 16;
  Interleaving measured = Interleaved(
      state, pool.size(), kFloorPerCycle,
      [&] {
        auto result = client.UploadSigningCertificate(Upload(user, pool[i++ % pool.size()]));
        if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
      },
      [&] {
        if (!FloorValidate(pool[floor_i++ % pool.size()])) state.SkipWithError("floor failed");
      },
      [&] {
        backend.Reset();
        if (!backend.CreateUser(kUser).ok()) std::abort();
      });
  const double fake_ns = measured.subject_ns, floor_ns = measured.baseline_ns;
  const double under = floor_ns / fake_ns;
  state.counters["fake_us"] = fake_ns / 1000;
  state.counters["floor_us"] = floor_ns / 1000;
  state.counters["floor_over_fake"] = under;
  state.counters["faults_per_op"] = measured.subject_faults;
  Summary::Get().Set(
      absl::StrFormat("upload-validated-%d", state.range(0)),
      Row{absl::StrFormat("Upload already-validated %s", KeyName(key_type)),
          absl::StrFormat("%s, %.1fx under floor (floor %s)", Us(fake_ns), under, Us(floor_ns)),
          "<= 5 us and >= 25x under floor", fake_ns <= 5000 && under >= 25});
}

// ---- 3. List a user's two certificates ----

// A backend with `users` users named UserName(i).
std::unique_ptr<FakeIamBackend> MakeBackend(int users) {
  auto backend = std::make_unique<FakeIamBackend>(BenchOptions());
  for (int i = 0; i < users; ++i) {
    if (!backend->CreateUser(UserName(i)).ok()) std::abort();
  }
  return backend;
}

// Adds user "bench" with two certificates.
void AddTwoCertificateUser(FakeIamBackend& backend) {
  if (!backend.CreateUser(kUser).ok()) std::abort();
  for (const std::string& body : Generate(TestKeyType::kEcP256, 2)) {
    if (!backend.UploadSigningCertificate(kUser, body).ok()) std::abort();
  }
}

ListSigningCertificatesRequest ListBench() {
  return ListSigningCertificatesRequest().WithUserName(kUser);
}

// Shared by the single- and two-thread listings; its record is warm.
FakeIamBackend& TwoCertificateBackend() {
  static FakeIamBackend* const backend = [] {
    FakeIamBackend* made = MakeBackend(0).release();
    AddTwoCertificateUser(*made);
    FakeIamClient client(*made);
    const auto request = ListBench();
    WarmCallLog(
        *made, [&] { benchmark::DoNotOptimize(client.ListSigningCertificates(request)); },
        kClearRecordsEvery + 2 * kListBlock);
    return made;
  }();
  return *backend;
}

// Arg 1: the warm shared backend, its record cleared every 100,000 calls (the judged figure).
// Arg 0 ("growing"): a fresh backend per run whose record is never cleared, so each call also
// appends into fresh memory. The baseline: the least a list must do, copying the two stored
// certificates into a result.
void BM_ListTwoCertificates(benchmark::State& state) {
  const bool warm = state.range(0) == 1;
  std::unique_ptr<FakeIamBackend> fresh;
  if (!warm) {
    fresh = MakeBackend(0);
    AddTwoCertificateUser(*fresh);
  }
  FakeIamBackend& backend = warm ? TwoCertificateBackend() : *fresh;
  backend.ClearRecordedCalls();
  FakeIamClient client(backend);
  const auto request = ListBench();
  const std::vector<SigningCertificate> stored = backend.Certificates(kUser);
  size_t since_clear = 0;
  Interleaving measured = Interleaved(
      state, kListBlock, kListBlock,
      [&] { benchmark::DoNotOptimize(client.ListSigningCertificates(request)); },
      [&] {
        absl::StatusOr<ListSigningCertificatesResult> result =
            ListSigningCertificatesResult().WithCertificates(stored).WithIsTruncated(false);
        benchmark::DoNotOptimize(result);
      },
      [&] {
        if (warm && (since_clear += kListBlock) >= kClearRecordsEvery) {
          backend.ClearRecordedCalls();
          since_clear = 0;
        }
      });
  backend.ClearRecordedCalls();
  const double list_ns = measured.subject_ns, copy_ns = measured.baseline_ns;
  state.counters["list_us"] = list_ns / 1000;
  state.counters["copy_us"] = copy_ns / 1000;
  state.counters["x_copy"] = list_ns / copy_ns;
  state.counters["faults_per_op"] = measured.subject_faults;
  Summary::Get().Set(
      absl::StrFormat("list-2-%d", state.range(0)),
      Row{warm ? "List 2 certificates (record warm, cleared every 100k)"
               : absl::StrFormat("List 2 certificates (record growing to %d calls)",
                                 state.iterations()),
          absl::StrFormat("%s, %.1fx copying the result (%s); %.3f faults/call", Us(list_ns),
                          list_ns / copy_ns, Us(copy_ns), measured.subject_faults),
          "<= 1 us", list_ns <= 1000, /*judged=*/warm});
}

// ---- 4. 100,000 users against 10 ----

struct ScaleBackends {
  std::unique_ptr<FakeIamBackend> many, few;
  std::string many_user, few_user;          // holds two certificates, listed
  std::string many_uploader, few_uploader;  // receives the upload benchmark's certificates
};

ListSigningCertificatesRequest ListOf(const std::string& user) {
  return ListSigningCertificatesRequest().WithUserName(user);
}

ScaleBackends& Scale() {
  static ScaleBackends* const scale = [] {
    auto* made = new ScaleBackends();
    made->many = MakeBackend(kManyUsers);
    made->few = MakeBackend(kFewUsers);
    made->many_user = UserName(kManyUsers / 2);
    made->few_user = UserName(kFewUsers / 2);
    made->many_uploader = UserName(kManyUsers / 2 + 1);
    made->few_uploader = UserName(kFewUsers / 2 + 1);
    std::vector<std::string> bodies = Generate(TestKeyType::kEcP256, 4);
    for (int i = 0; i < 2; ++i) {
      if (!made->many->UploadSigningCertificate(made->many_user, bodies[i]).ok()) std::abort();
      if (!made->few->UploadSigningCertificate(made->few_user, bodies[2 + i]).ok()) std::abort();
    }
    for (auto [backend, user] : {std::pair(made->many.get(), made->many_user),
                                 std::pair(made->few.get(), made->few_user)}) {
      FakeIamClient client(*backend);
      const auto request = ListOf(user);
      WarmCallLog(
          *backend, [&] { benchmark::DoNotOptimize(client.ListSigningCertificates(request)); },
          kClearRecordsEvery + 2 * kListBlock);
    }
    return made;
  }();
  return *scale;
}

void BM_ListScale(benchmark::State& state) {
  ScaleBackends& scale = Scale();
  FakeIamClient many(*scale.many), few(*scale.few);
  const auto many_request = ListOf(scale.many_user);
  const auto few_request = ListOf(scale.few_user);
  scale.many->ClearRecordedCalls();
  scale.few->ClearRecordedCalls();
  size_t since_clear = 0;
  Interleaving measured = Interleaved(
      state, kListBlock, kListBlock,
      [&] { benchmark::DoNotOptimize(many.ListSigningCertificates(many_request)); },
      [&] { benchmark::DoNotOptimize(few.ListSigningCertificates(few_request)); },
      [&] {
        if ((since_clear += kListBlock) >= kClearRecordsEvery) {
          scale.many->ClearRecordedCalls();
          scale.few->ClearRecordedCalls();
          since_clear = 0;
        }
      });
  scale.many->ClearRecordedCalls();
  scale.few->ClearRecordedCalls();
  const double many_ns = measured.subject_ns, few_ns = measured.baseline_ns;
  const double ratio = many_ns / few_ns;
  state.counters["many_us"] = many_ns / 1000;
  state.counters["few_us"] = few_ns / 1000;
  state.counters["x_few"] = ratio;
  Summary::Get().Set("scale-list",
                     Row{"List, 100,000 users vs 10",
                         absl::StrFormat("%.3fx (%s vs %s)", ratio, Us(many_ns), Us(few_ns)),
                         "<= 1.5x", ratio <= 1.5});
}

// Uploads already-validated EC bodies to a user of each backend, interleaved a pool at a time;
// after each block the certificates are deleted again with the timer paused.
void BM_UploadScale(benchmark::State& state) {
  ScaleBackends& scale = Scale();
  const std::vector<std::string>& pool = ValidatedPool(TestKeyType::kEcP256);
  FakeIamClient many(*scale.many), few(*scale.few);
  size_t many_i = 0, few_i = 0;
  auto upload = [&](FakeIamClient& client, const std::string& user, size_t& i) {
    auto result = client.UploadSigningCertificate(Upload(user, pool[i++ % pool.size()]));
    if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
  };
  auto delete_all = [](FakeIamBackend& backend, const std::string& user) {
    FakeIamClient client(backend);
    for (const SigningCertificate& certificate : backend.Certificates(user)) {
      if (!client
               .DeleteSigningCertificate(DeleteSigningCertificateRequest()
                                             .WithUserName(user)
                                             .WithCertificateId(certificate.GetCertificateId()))
               .ok()) {
        std::abort();
      }
    }
    backend.ClearRecordedCalls();
  };
  Interleaving measured = Interleaved(
      state, pool.size(), pool.size(), [&] { upload(many, scale.many_uploader, many_i); },
      [&] { upload(few, scale.few_uploader, few_i); },
      [&] {
        delete_all(*scale.many, scale.many_uploader);
        delete_all(*scale.few, scale.few_uploader);
        many_i = few_i = 0;
      });
  delete_all(*scale.many, scale.many_uploader);
  delete_all(*scale.few, scale.few_uploader);
  const double many_ns = measured.subject_ns, few_ns = measured.baseline_ns;
  const double ratio = many_ns / few_ns;
  state.counters["many_us"] = many_ns / 1000;
  state.counters["few_us"] = few_ns / 1000;
  state.counters["x_few"] = ratio;
  Summary::Get().Set("scale-upload",
                     Row{"Upload already-validated EC, 100,000 users vs 10",
                         absl::StrFormat("%.3fx (%s vs %s)", ratio, Us(many_ns), Us(few_ns)),
                         "<= 1.5x", ratio <= 1.5});
}

// ---- 5. ListUsers paging over 100,000 users ----

// Pages of 100 users at three places of the listing: the start (pages 2-11), the middle (pages
// 496-505) and the end (pages 991-1000). Each iteration lists one page of each place, in turn, and
// each place is timed as the mean of its ten pages, because single pages differ by up to ~25%
// with where their users sit in memory, whatever their position. All carry a marker; the first
// page, which needs none, is timed apart (it skips the marker's check).
void BM_ListUsersPaging(benchmark::State& state) {
  FakeIamBackend& backend = *Scale().many;
  FakeIamClient client(backend);
  // The marker of each page after the first: page through once.
  std::vector<std::string> markers;
  ListUsersRequest request = ListUsersRequest().WithMaxItems(100);
  for (;;) {
    auto page = client.ListUsers(request);
    if (!page.ok()) std::abort();
    if (!page->GetIsTruncated()) break;
    markers.push_back(page->GetMarker());
    request.SetMarker(page->GetMarker());
  }
  backend.ClearRecordedCalls();
  constexpr size_t kPagesPerPlace = 10;
  const size_t pages = markers.size() + 1;  // markers[i] starts page i + 2
  const size_t first_of[3] = {0, pages / 2 - 6, markers.size() - kPagesPerPlace};
  std::vector<ListUsersRequest> requests[3];
  for (int place = 0; place < 3; ++place) {
    for (size_t i = 0; i < kPagesPerPlace; ++i) {
      requests[place].push_back(
          ListUsersRequest().WithMaxItems(100).WithMarker(markers[first_of[place] + i]));
    }
  }
  const ListUsersRequest first_page = ListUsersRequest().WithMaxItems(100);
  double ns[4] = {0, 0, 0, 0};
  size_t n = 0;
  auto timed = [&](const ListUsersRequest& page_request, double& sum) {
    double start = NowNs();
    auto page = client.ListUsers(page_request);
    sum += NowNs() - start;
    if (!page.ok() || page->GetUsers().size() != 100) state.SkipWithError("ListUsers failed");
  };
  for (auto _ : state) {
    for (int place = 0; place < 3; ++place) timed(requests[place][n % kPagesPerPlace], ns[place]);
    timed(first_page, ns[3]);
    if (++n % 20000 == 0) {
      state.PauseTiming();
      backend.ClearRecordedCalls();
      state.ResumeTiming();
    }
  }
  backend.ClearRecordedCalls();
  const double d = static_cast<double>(std::max<size_t>(n, 1));
  const double end_ratio = ns[2] / ns[0], middle_ratio = ns[1] / ns[0];
  state.counters["start_us"] = ns[0] / d / 1000;
  state.counters["middle_us"] = ns[1] / d / 1000;
  state.counters["end_us"] = ns[2] / d / 1000;
  state.counters["first_page_us"] = ns[3] / d / 1000;
  state.counters["end_over_start"] = end_ratio;
  Summary::Get().Set(
      "paging",
      Row{absl::StrFormat("ListUsers, pages of 100 of %d users", kManyUsers),
          absl::StrFormat("end/start %.3fx, middle/start %.3fx (start %s, first page %s)",
                          end_ratio, middle_ratio, Us(ns[0] / d), Us(ns[3] / d)),
          "independent of position (<= 1.2x)", end_ratio <= 1.2 && middle_ratio <= 1.2});
}

// ---- 6. Two threads listing ----

// Google Benchmark's threaded runs, for items/s: every thread lists the same user of one shared
// backend, and clears the record every 100,000 of its calls, its own timer paused. Their ratio is
// not the judged one: Benchmark 1.7 runs "threads:1" on the main thread, whose malloc arena is
// measurably slower here than a worker thread's (a plain copy loop: ~145 ns on the main thread,
// ~85-110 ns on a worker), which flatters the two-thread run; BM_ListScaling below avoids that.
void BM_ListThreads(benchmark::State& state) {
  FakeIamBackend& backend = TwoCertificateBackend();
  if (state.thread_index() == 0) backend.ClearRecordedCalls();
  FakeIamClient client(backend);
  const auto request = ListBench();
  size_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(client.ListSigningCertificates(request));
    if (++n % kClearRecordsEvery == 0) {
      state.PauseTiming();
      backend.ClearRecordedCalls();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// One thread against two, on worker threads, alternating 1, 2, 1, 2, ... so both see the same
// noise: listing a shared backend (judged), listing a backend per thread, and the list's floor
// (copying two certificates, nothing shared: the machine's own scaling). The records are cleared
// before each measurement (their capacity is warm) and by each thread every 100,000 of its calls.
void BM_ListScaling(benchmark::State& state) {
  FakeIamBackend& shared = TwoCertificateBackend();
  static FakeIamBackend* const own[2] = {MakeBackend(0).release(), MakeBackend(0).release()};
  static const bool own_ready = [] {
    for (FakeIamBackend* backend : own) {
      AddTwoCertificateUser(*backend);
      FakeIamClient client(*backend);
      const auto request = ListBench();
      WarmCallLog(
          *backend, [&] { benchmark::DoNotOptimize(client.ListSigningCertificates(request)); },
          kClearRecordsEvery + 2 * kListBlock);
    }
    return true;
  }();
  (void)own_ready;
  const std::vector<SigningCertificate> stored = shared.Certificates(kUser);
  auto list_on = [](FakeIamBackend& backend) {
    return [&backend, client = std::make_shared<FakeIamClient>(backend), request = ListBench(),
            n = size_t{0}]() mutable {
      benchmark::DoNotOptimize(client->ListSigningCertificates(request));
      if (++n % kClearRecordsEvery == 0) backend.ClearRecordedCalls();
    };
  };
  auto make_shared_list = [&](int) { return list_on(shared); };
  auto make_own_list = [&](int t) { return list_on(*own[t]); };
  auto make_copy = [&](int) {
    return [mine = stored] {
      absl::StatusOr<ListSigningCertificatesResult> result =
          ListSigningCertificatesResult().WithCertificates(mine).WithIsTruncated(false);
      benchmark::DoNotOptimize(result);
    };
  };
  auto clear = [&] {
    shared.ClearRecordedCalls();
    own[0]->ClearRecordedCalls();
    own[1]->ClearRecordedCalls();
  };
  constexpr double kSeconds = 0.15;
  constexpr int kRounds = 3;
  double shared_rate[2] = {0, 0}, own_rate[2] = {0, 0}, copy_rate[2] = {0, 0};
  for (auto _ : state) {
    for (int round = 0; round < kRounds; ++round) {
      for (int threads : {1, 2}) {
        clear();
        shared_rate[threads - 1] += Throughput(threads, kSeconds, make_shared_list) / kRounds;
        clear();
        own_rate[threads - 1] += Throughput(threads, kSeconds, make_own_list) / kRounds;
        copy_rate[threads - 1] += Throughput(threads, kSeconds, make_copy) / kRounds;
      }
    }
  }
  clear();
  const double ratio = shared_rate[1] / shared_rate[0];
  const double own_ratio = own_rate[1] / own_rate[0];
  const double machine = copy_rate[1] / copy_rate[0];
  state.counters["one_thread_per_s"] = shared_rate[0];
  state.counters["two_threads_per_s"] = shared_rate[1];
  state.counters["x_one"] = ratio;
  state.counters["own_backend_x_one"] = own_ratio;
  state.counters["machine_x_one"] = machine;
  Summary::Get().Set(
      "threads", Row{"List throughput, 2 threads vs 1 (one backend)",
                     absl::StrFormat("%.2fx (%.2fM/s vs %.2fM/s); machine %.2fx", ratio,
                                     shared_rate[1] / 1e6, shared_rate[0] / 1e6, machine),
                     ">= 1.6x", ratio >= 1.6});
  Summary::Get().Set(
      "threads-own",
      Row{"List throughput, 2 threads vs 1 (a backend each)",
          absl::StrFormat("%.2fx (%.2fM/s vs %.2fM/s)", own_ratio, own_rate[1] / 1e6,
                          own_rate[0] / 1e6),
          "(info: nothing shared)", own_ratio >= 1.6, /*judged=*/false});
}

// ---- 7. Memory per stored certificate ----

// Uploads `count` distinct EC certificates with the set-up method (not recorded), two per user,
// on every core; the heap in use (mallinfo2: arenas plus mmap'd blocks) before and after, per
// certificate, against the average PEM body.
void BM_MemoryPerCertificate(benchmark::State& state) {
  const size_t count = EnvSize("FAKE_IAM_BENCH_MEMORY_CERTS", 20000) & ~size_t{1};
  double generate_start = NowNs();
  std::vector<std::string> bodies = Generate(TestKeyType::kEcP256, count);
  const double generate_s = (NowNs() - generate_start) / 1e9;
  double pem_bytes = 0;
  for (const std::string& body : bodies) pem_bytes += static_cast<double>(body.size());
  auto backend = std::make_unique<FakeIamBackend>(BenchOptions(/*quota=*/2));
  std::vector<std::string> users(count / 2);
  for (size_t u = 0; u < users.size(); ++u) {
    users[u] = UserName(static_cast<int>(u));
    if (!backend->CreateUser(users[u]).ok()) std::abort();
  }
  auto heap = [] {
    struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd);
  };
  double before = 0, after = 0, upload_s = 0;
  for (auto _ : state) {
    before = heap();
    double start = NowNs();
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t u; (u = next.fetch_add(1)) < users.size();) {
        for (size_t i = 2 * u; i < 2 * u + 2; ++i) {
          if (!backend->UploadSigningCertificate(users[u], bodies[i]).ok()) std::abort();
        }
      }
    };
    std::vector<std::thread> workers;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (std::thread& worker : workers) worker.join();
    upload_s = (NowNs() - start) / 1e9;
    after = heap();
  }
  const double per_certificate = (after - before) / static_cast<double>(count);
  const double average_pem = pem_bytes / static_cast<double>(count);
  const double ratio = per_certificate / average_pem;
  state.counters["bytes_per_cert"] = per_certificate;
  state.counters["avg_pem_bytes"] = average_pem;
  state.counters["x_pem"] = ratio;
  state.counters["generate_s"] = generate_s;
  state.counters["upload_s"] = upload_s;
  Summary::Get().Set(
      "memory",
      Row{absl::StrFormat("Memory per stored EC cert (%d certs, %d users)", count, users.size()),
          absl::StrFormat("%.2fx PEM (%.0f B per cert, PEM %.0f B)", ratio, per_certificate,
                          average_pem),
          "<= 2x PEM", ratio <= 2.0});
}

void RegisterAll() {
  const size_t fresh = EnvSize("FAKE_IAM_BENCH_FRESH", 2000);
  for (TestKeyType key_type : {TestKeyType::kRsa2048, TestKeyType::kEcP256}) {
    const std::string key = key_type == TestKeyType::kRsa2048 ? "rsa2048" : "ecp256";
    benchmark::RegisterBenchmark(("BM_UploadNeverSeen/" + key).c_str(), BM_UploadNeverSeen)
        ->Arg(static_cast<int>(key_type))
        ->Iterations(static_cast<benchmark::IterationCount>(fresh))
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_UploadAlreadyValidated/" + key).c_str(),
                                 BM_UploadAlreadyValidated)
        ->Arg(static_cast<int>(key_type))
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("BM_ListTwoCertificates/warm", BM_ListTwoCertificates)->Arg(1);
  benchmark::RegisterBenchmark("BM_ListTwoCertificates/growing", BM_ListTwoCertificates)->Arg(0);
  benchmark::RegisterBenchmark("BM_ListScale", BM_ListScale);
  benchmark::RegisterBenchmark("BM_UploadScale", BM_UploadScale)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_ListUsersPaging", BM_ListUsersPaging)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_ListThreads", BM_ListThreads)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_ListScaling", BM_ListScaling)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_MemoryPerCertificate", BM_MemoryPerCertificate)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);

}

}  // namespace
}  // namespace fake_iam

int main(int argc, char** argv) {
  fake_iam::RegisterAll();
  return fake_iam_bench::RunAndSummarize(argc, argv, "upload_benchmark");
}
