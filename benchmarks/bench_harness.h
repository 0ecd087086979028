// The harness the benchmark programs share: timing (a clock, page faults, a record warmed on every
// CPU), a subject interleaved block by block with its baseline, throughput on worker threads, a
// table of targets printed after the runs, and a reporter that keeps every final run for ratios
// computed across runs.
//
// A machine shared with other work is noisy, so every target is judged on a ratio to a baseline
// measured in the same process, mostly interleaved with the subject in small blocks, so that
// both see the same noise. The last run of a benchmark (the one Google Benchmark reports, after
// its estimation runs) writes the row.
#ifndef FAKE_IAM_BENCHMARKS_BENCH_HARNESS_H_
#define FAKE_IAM_BENCHMARKS_BENCH_HARNESS_H_

#include <benchmark/benchmark.h>
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"

namespace fake_iam_bench {

inline double NowNs() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count());
}

// Minor page faults of the calling thread so far. First touches of fresh memory are the costliest
// thing some virtual machines do (about 15 us each on a Firecracker guest), so the benchmarks
// report them per operation to explain outliers.
inline double MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_minflt);
}

// Makes `calls` calls on each CPU in turn, then clears the backend's record of calls. The record
// keeps the capacity it grew to, so that timed calls append into memory touched before instead of
// paying for fresh pages (see MinorFaults).
template <typename Backend, typename Call>
void WarmCallLog(Backend& backend, const Call& call, size_t calls) {
  cpu_set_t original;
  if (sched_getaffinity(0, sizeof original, &original) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (!CPU_ISSET(cpu, &original)) continue;
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      if (sched_setaffinity(0, sizeof one, &one) != 0) continue;
      for (size_t i = 0; i < calls; ++i) call();
    }
    sched_setaffinity(0, sizeof original, &original);
  }
  backend.ClearRecordedCalls();
}

// A positive integer from the environment variable `name`, or `fallback`.
inline size_t EnvSize(const char* name, size_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  long long value = std::atoll(text);
  return value > 0 ? static_cast<size_t>(value) : fallback;
}

// Nanoseconds as microseconds, for a summary row: "1.23 us".
inline std::string Us(double ns) { return absl::StrFormat("%.2f us", ns / 1000); }

// What Interleaved measured: the subject and its baseline, each per call.
struct Interleaving {
  double subject_ns = 0;      // per call
  double baseline_ns = 0;     // per call
  double subject_faults = 0;  // minor page faults per subject call
};

// Runs the benchmark loop on `subject` (one call per iteration) and, every `block` iterations
// with the timer paused, `baseline_block` calls of `baseline`; `between` runs paused after each
// block (clean-up). Both are timed with the same clock, a block at a time, so that they share the
// machine's noise.
template <typename Subject, typename Baseline, typename Between>
Interleaving Interleaved(benchmark::State& state, size_t block, size_t baseline_block,
                         Subject subject, Baseline baseline, Between between) {
  double subject_ns = 0, baseline_ns = 0, faults = 0;
  size_t subject_ops = 0, baseline_ops = 0, in_block = 0;
  double start = NowNs(), start_faults = MinorFaults();
  auto run_baseline = [&] {
    double baseline_start = NowNs();
    for (size_t i = 0; i < baseline_block; ++i) baseline();
    baseline_ns += NowNs() - baseline_start;
    baseline_ops += baseline_block;
    between();
  };
  for (auto _ : state) {
    subject();
    if (++in_block == block) {
      subject_ns += NowNs() - start;
      faults += MinorFaults() - start_faults;
      subject_ops += in_block;
      in_block = 0;
      state.PauseTiming();
      run_baseline();
      state.ResumeTiming();
      start_faults = MinorFaults();
      start = NowNs();
    }
  }
  subject_ns += NowNs() - start;
  faults += MinorFaults() - start_faults;
  subject_ops += in_block;
  if (baseline_ops == 0) run_baseline();  // a run too short for one block
  const double ops = static_cast<double>(std::max<size_t>(subject_ops, 1));
  return {subject_ns / ops, baseline_ns / static_cast<double>(baseline_ops), faults / ops};
}

// Calls per second of `threads` worker threads (never the main thread), thread t calling the op
// made by make_op(t) for `seconds`.
template <typename MakeOp>
double Throughput(int threads, double seconds, const MakeOp& make_op) {
  std::atomic<bool> go{false};
  std::atomic<int> ready{0};
  std::atomic<uint64_t> total{0};
  double start = 0, end = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto op = make_op(t);
      ready.fetch_add(1);
      while (!go.load()) {
      }
      uint64_t n = 0;
      const double stop = NowNs() + seconds * 1e9;
      do {
        for (int i = 0; i < 100; ++i) op();
        n += 100;
      } while (NowNs() < stop);
      total.fetch_add(n);
    });
  }
  while (ready.load() < threads) {
  }
  start = NowNs();
  go.store(true);
  for (std::thread& worker : workers) worker.join();
  end = NowNs();
  return static_cast<double>(total.load()) / ((end - start) / 1e9);
}

// One row of the summary: what was measured, the figure, the target and whether it is met.
struct Row {
  std::string what;
  std::string figure;  // e.g. "1.07x floor (fake 31.2 us, floor 29.1 us)"
  std::string target;  // e.g. "<= 1.2x floor"
  bool met = false;
  bool judged = true;  // false: informational only
};

// Rows keyed by a stable id, printed in first-insertion order; a later Set replaces the row.
class Summary {
 public:
  static Summary& Get() {
    static auto* const summary = new Summary();
    return *summary;
  }
  void Set(const std::string& id, Row row) {
    std::lock_guard<std::mutex> lock(mu_);
    if (rows_.find(id) == rows_.end()) order_.push_back(id);
    rows_[id] = std::move(row);
  }
  // Code to run after all benchmarks, to derive rows from the final runs (see Reporter).
  void AddDerived(std::function<void()> derive) { derived_.push_back(std::move(derive)); }

  void Print(const char* title) {
    for (auto& derive : derived_) derive();
    std::lock_guard<std::mutex> lock(mu_);
    std::printf("\n==== %s: summary (ratios against baselines measured in this process) ====\n",
                title);
    int met = 0, judged = 0;
    for (const std::string& id : order_) {
      const Row& row = rows_[id];
      const char* verdict = !row.judged ? "info" : row.met ? "MET" : "MISSED";
      if (row.judged) {
        ++judged;
        met += row.met ? 1 : 0;
      }
      std::printf("%-7s %-52s %-58s target %s\n", verdict, row.what.c_str(), row.figure.c_str(),
                  row.target.c_str());
    }
    std::printf("==== %d of %d targets met ====\n", met, judged);
    std::fflush(stdout);
  }

 private:
  std::mutex mu_;
  std::vector<std::string> order_;
  std::map<std::string, Row> rows_;
  std::vector<std::function<void()>> derived_;
};

// The console reporter, keeping the final (non-aggregate) run of each benchmark by name, for
// rows that compare two runs (one thread against two).
class Reporter : public benchmark::ConsoleReporter {
 public:
  Reporter() : ConsoleReporter(OO_Tabular) {}
  static Reporter& Get() {
    static auto* const reporter = new Reporter();
    return *reporter;
  }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        runs_[run.benchmark_name()] = run;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  const Run* Find(const std::string& name) const {
    auto it = runs_.find(name);
    return it == runs_.end() ? nullptr : &it->second;
  }
  // A counter of a run, or -1 when the run or the counter is missing (filtered out).
  double Counter(const std::string& name, const std::string& counter) const {
    const Run* run = Find(name);
    if (run == nullptr) return -1;
    auto it = run->counters.find(counter);
    return it == run->counters.end() ? -1 : it->second.value;
  }

 private:
  std::map<std::string, Run> runs_;
};

// The first three fields of /proc/loadavg: other work on the machine shows here.
inline std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// main() for a benchmark program: run what the flags select, then print the summary table.
inline int RunAndSummarize(int argc, char** argv, const char* title) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const std::string load_before = LoadAverage();
  benchmark::RunSpecifiedBenchmarks(&Reporter::Get());
  Summary::Get().Print(title);
  std::printf("load average before: %s, after: %s (this program adds 1-2)\n", load_before.c_str(),
              LoadAverage().c_str());
  benchmark::Shutdown();
  return 0;
}

}  // namespace fake_iam_bench

#endif  // FAKE_IAM_BENCHMARKS_BENCH_HARNESS_H_
