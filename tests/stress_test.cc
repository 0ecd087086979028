// Many threads, each with its own FakeIamClient, on one backend: uploads, listings, updates and
// deletes over shared users. Each thread owns the certificates it uploaded (the PEM pools are
// disjoint and the quota is raised), so the final state is what the threads' logs say it must be.
// Bounded work with pre-generated certificates keeps it to a second or two, even under TSan.
#include <atomic>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::TestOptions;

constexpr int kRootThreads = 3;
constexpr int kUserThreads = 3;  // thread kRootThreads + i acts as CallerIdentity::User(Ui)
constexpr int kThreads = kRootThreads + kUserThreads;
constexpr int kUsers = 4;  // U0..U3; U3 is only reached by the root threads
constexpr int kIterations = 400;
// Each pem is uploaded at most once: an id is the certificate's own, so a pem deleted and uploaded
// again would come back under the same id, and a walk could meet it twice, rightly.
constexpr int kPemsPerThread = 60;
const char kRootTarget[] = "";  // the root's own certificates

std::string UserName(int i) { return absl::StrCat("U", i); }

// What one thread did and saw.
struct ThreadLog {
  struct Owned {
    std::string user;  // kRootTarget for the root's own
    StatusType status;
    int pem;
  };
  std::map<std::string, Owned> held;   // certificates it uploaded and has not deleted
  std::set<std::string> all_uploaded;  // every id it was given
  int calls = 0;                       // calls made through its client
  std::vector<std::string> errors;     // anything that should not have happened
};

void RunThread(int t, FakeIamBackend& backend, const std::vector<std::string>& pems,
               ThreadLog& log) {
  std::mt19937 rng(1000 + t);
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const bool as_user = t >= kRootThreads;
  const std::string own_user = as_user ? UserName(t - kRootThreads) : "";
  FakeIamClient client(backend, as_user ? CallerIdentity::User(own_user) : CallerIdentity::Root());
  std::vector<bool> pem_used(pems.size(), false);

  auto fail = [&log](std::string what) { log.errors.push_back(std::move(what)); };
  // The user a call targets, and whether UserName is sent.
  auto pick_target = [&]() -> std::string {
    if (as_user) return own_user;
    const int n = uniform(0, kUsers);  // kUsers: the root's own
    return n == kUsers ? std::string(kRootTarget) : UserName(n);
  };
  auto set_user = [&](auto& request, const std::string& target) {
    if (!as_user && !target.empty()) request.SetUserName(target);
    // as_user or the root's own: UserName omitted, the caller decides.
  };

  for (int i = 0; i < kIterations; ++i) {
    const int op = uniform(0, 9);
    if (op <= 2) {  // upload
      std::vector<int> free;
      for (size_t p = 0; p < pems.size(); ++p) {
        if (!pem_used[p]) free.push_back(static_cast<int>(p));
      }
      if (free.empty()) continue;
      const int p = free[uniform(0, static_cast<int>(free.size()) - 1)];
      const std::string target = pick_target();
      UploadSigningCertificateRequest request;
      set_user(request, target);
      request.SetCertificateBody(pems[p]);
      ++log.calls;
      auto result = client.UploadSigningCertificate(request);
      if (!result.ok()) {
        fail(absl::StrCat("upload: ", result.status().ToString()));
        continue;
      }
      const std::string id = result->GetCertificate().GetCertificateId();
      if (!log.all_uploaded.insert(id).second) fail("id given twice: " + id);
      log.held[id] = ThreadLog::Owned{target, StatusType::kActive, p};
      pem_used[p] = true;
    } else if (op <= 4) {  // update one of its own
      if (log.held.empty()) continue;
      auto it = std::next(log.held.begin(), uniform(0, static_cast<int>(log.held.size()) - 1));
      const StatusType status = uniform(0, 1) ? StatusType::kActive : StatusType::kInactive;
      UpdateSigningCertificateRequest request;
      set_user(request, it->second.user);
      request.SetCertificateId(it->first);
      request.SetStatus(status);
      ++log.calls;
      absl::Status s = client.UpdateSigningCertificate(request);
      if (!s.ok()) {
        fail(absl::StrCat("update: ", s.ToString()));
        continue;
      }
      it->second.status = status;
    } else if (op <= 6) {  // delete one of its own
      if (log.held.empty()) continue;
      auto it = std::next(log.held.begin(), uniform(0, static_cast<int>(log.held.size()) - 1));
      DeleteSigningCertificateRequest request;
      set_user(request, it->second.user);
      request.SetCertificateId(it->first);
      ++log.calls;
      absl::Status s = client.DeleteSigningCertificate(request);
      if (!s.ok()) {
        fail(absl::StrCat("delete: ", s.ToString()));
        continue;
      }
      log.held.erase(it);
    } else if (op <= 8) {  // walk a listing
      const std::string target = pick_target();
      std::set<std::string> seen;
      std::optional<std::string> marker;
      bool ok = true;
      for (int page = 0; page < 1000; ++page) {
        ListSigningCertificatesRequest request;
        set_user(request, target);
        request.SetMaxItems(uniform(1, 5));
        if (marker) request.SetMarker(*marker);
        ++log.calls;
        auto result = client.ListSigningCertificates(request);
        if (!result.ok()) {
          fail(absl::StrCat("list: ", result.status().ToString()));
          ok = false;
          break;
        }
        for (const auto& cert : result->GetCertificates()) {
          if (!seen.insert(cert.GetCertificateId()).second) {
            fail("listed twice in one walk: " + cert.GetCertificateId());
          }
          // Only this thread changes its own certificates: they must show as it left them.
          auto own = log.held.find(cert.GetCertificateId());
          if (own != log.held.end() && own->second.status != cert.GetStatus()) {
            fail("own certificate with a stale status: " + cert.GetCertificateId());
          }
        }
        if (!result->GetIsTruncated()) break;
        marker = result->GetMarker();
      }
      if (ok) {
        // Its own certificates of that user were held throughout the walk: none may be missing.
        for (const auto& [id, owned] : log.held) {
          if (owned.user == target && seen.count(id) == 0) fail("own certificate skipped: " + id);
        }
      }
    } else {  // create and delete a user of its own
      const std::string temp = absl::StrCat("Temp", t, "_", i);
      ++log.calls;
      auto created = client.CreateUser(CreateUserRequest().WithUserName(temp));
      if (!created.ok()) {
        fail(absl::StrCat("create user: ", created.status().ToString()));
        continue;
      }
      ++log.calls;
      absl::Status deleted = client.DeleteUser(DeleteUserRequest().WithUserName(temp));
      if (!deleted.ok()) fail(absl::StrCat("delete user: ", deleted.ToString()));
    }
  }
}

TEST(StressTest, ConcurrentClientsLeaveTheStateTheirLogsImply) {
  // Every PEM is made here, before any thread starts.
  std::vector<std::vector<std::string>> pems(kThreads);
  for (auto& pool : pems) {
    for (int i = 0; i < kPemsPerThread; ++i) pool.push_back(ValidCertificatePem());
  }

  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 1000;
  options.max_page_size = 3;
  FakeIamBackend backend(options);
  for (int u = 0; u < kUsers; ++u) ASSERT_TRUE(backend.CreateUser(UserName(u)).ok());

  std::vector<ThreadLog> logs(kThreads);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back(RunThread, t, std::ref(backend), std::cref(pems[t]), std::ref(logs[t]));
    }
    for (auto& thread : threads) thread.join();
  }

  int total_calls = 0;
  std::set<std::string> all_ids;
  size_t uploads = 0;
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(absl::StrCat("thread ", t));
    EXPECT_THAT(logs[t].errors, ::testing::IsEmpty());
    total_calls += logs[t].calls;
    uploads += logs[t].all_uploaded.size();
    all_ids.insert(logs[t].all_uploaded.begin(), logs[t].all_uploaded.end());
  }
  EXPECT_EQ(all_ids.size(), uploads) << "an id was given to two uploads";
  EXPECT_GT(uploads, 50u);  // the workload did work

  // The final state is exactly the union of what the threads hold.
  std::map<std::string, std::map<std::string, StatusType>> expected;  // user -> id -> status
  for (const ThreadLog& log : logs) {
    for (const auto& [id, owned] : log.held) expected[owned.user][id] = owned.status;
  }
  auto actual_of = [](const std::vector<SigningCertificate>& certs) {
    std::map<std::string, StatusType> out;
    for (const auto& cert : certs) {
      EXPECT_TRUE(out.emplace(cert.GetCertificateId(), cert.GetStatus()).second)
          << "held twice: " << cert.GetCertificateId();
    }
    return out;
  };
  for (int u = 0; u < kUsers; ++u) {
    SCOPED_TRACE(UserName(u));
    EXPECT_EQ(actual_of(backend.Certificates(UserName(u))), expected[UserName(u)]);
  }
  EXPECT_EQ(actual_of(backend.RootCertificates()), expected[kRootTarget]);
  // The temporary users are all gone.
  EXPECT_THAT(fake_iam_test::NamesOf(backend.Users()),
              ::testing::ElementsAre("U0", "U1", "U2", "U3"));

  // Every call was recorded once, numbered 1..N in answer order.
  const std::vector<RecordedCall> calls = backend.RecordedCalls();
  ASSERT_EQ(calls.size(), static_cast<size_t>(total_calls));
  for (size_t i = 0; i < calls.size(); ++i) {
    ASSERT_EQ(calls[i].sequence, i + 1) << "at index " << i;
  }
  for (int t = kRootThreads; t < kThreads; ++t) {
    const CallerIdentity caller = CallerIdentity::User(UserName(t - kRootThreads));
    int count = 0;
    for (const RecordedCall& call : calls) count += call.caller == caller ? 1 : 0;
    EXPECT_EQ(count, logs[t].calls) << caller;
  }
  int root_calls = 0;
  for (const RecordedCall& call : calls) root_calls += call.caller.is_root() ? 1 : 0;
  int expected_root_calls = 0;
  for (int t = 0; t < kRootThreads; ++t) expected_root_calls += logs[t].calls;
  EXPECT_EQ(root_calls, expected_root_calls);
  // Every recorded call succeeded, and none was injected.
  for (const RecordedCall& call : calls) {
    EXPECT_TRUE(call.status.ok()) << call.sequence << ": " << call.status;
    EXPECT_FALSE(call.injected);
  }
}

// The clock is read without a lock while tests move it: a reader sees either the frozen time or
// real time, never a mix of one's mode with the other's value (the epoch, or twice the time).
TEST(StressTest, ClockReadersSeeWholeChanges) {
  FakeIamBackend backend(TestOptions());
  const absl::Time frozen = fake_iam_test::kStartTime;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!done.load()) {
        const absl::Time now = backend.Now();
        if (now != frozen && absl::AbsDuration(now - absl::Now()) > absl::Minutes(1)) ++torn;
      }
    });
  }
  for (int i = 0; i < 20000; ++i) {
    if (i % 2 == 0) {
      backend.UseLiveClock();
    } else {
      backend.SetClock(frozen);
    }
  }
  done.store(true);
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace fake_iam
