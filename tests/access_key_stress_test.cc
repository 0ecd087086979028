// Threads rotating access keys on one backend while others authenticate with those keys (as the
// HTTP front does on every signed request), read the credential report and the account summary.
// Each rotating thread owns one user, so its final keys are exactly what its own log says.
// Bounded work keeps it to a second or two, even under TSan.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int kRotators = 4;
constexpr int kRotations = 150;

std::vector<std::string> IdsOf(const std::vector<AccessKeyMetadata>& keys) {
  std::vector<std::string> ids;
  for (const AccessKeyMetadata& key : keys) ids.push_back(key.GetAccessKeyId());
  return ids;
}

TEST(AccessKeyStressTest, RotationsAuthenticationAndReportsInParallel) {
  FakeIamBackend backend(fake_iam_test::TestOptions());
  for (int i = 0; i < kRotators; ++i) {
    ASSERT_THAT(backend.CreateUser(absl::StrFormat("user%d", i)), IsOk());
  }
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::vector<std::string>> final_keys(kRotators);

  std::vector<std::thread> threads;
  for (int i = 0; i < kRotators; ++i) {
    threads.emplace_back([&, i] {
      const std::string user = absl::StrFormat("user%d", i);
      FakeIamClient client(backend, CallerIdentity::User(user));
      std::vector<std::string> mine;  // this thread's keys, oldest first
      for (int round = 0; round < kRotations; ++round) {
        auto created = client.CreateAccessKey(CreateAccessKeyRequest());
        if (!created.ok()) {
          // Only the quota may refuse: two keys already.
          if (mine.size() != 2 ||
              IamErrorCodeOf(created.status()) != IamErrorCode::kLimitExceeded) {
            ++failures;
          }
        } else {
          mine.push_back(created->GetAccessKey().GetAccessKeyId());
        }
        if (mine.size() == 2) {
          // Retire the older key as a rotation does: deactivate, then delete.
          if (!client.UpdateAccessKey(UpdateAccessKeyRequest()
                                          .WithAccessKeyId(mine.front())
                                          .WithStatus(StatusType::kInactive))
                   .ok() ||
              !client.DeleteAccessKey(DeleteAccessKeyRequest().WithAccessKeyId(mine.front()))
                   .ok()) {
            ++failures;
          }
          mine.erase(mine.begin());
        }
        auto listed = client.ListAccessKeys(ListAccessKeysRequest());
        if (!listed.ok() || IdsOf(listed->GetAccessKeyMetadata()) != mine) ++failures;
      }
      final_keys[i] = mine;
    });
  }
  // Authenticators: look keys up and record their use, as each signed request does.
  for (int a = 0; a < 2; ++a) {
    threads.emplace_back([&] {
      while (!done.load()) {
        for (const User& user : backend.Users()) {
          for (const AccessKeyMetadata& key : backend.AccessKeys(user.GetUserName())) {
            if (backend.FindAccessKey(key.GetAccessKeyId())) {
              backend.RecordAccessKeyUse(key.GetAccessKeyId(), "iam", "us-east-1");
            }
          }
        }
      }
    });
  }
  // An auditor: the report and the summary stay readable and whole while keys change.
  threads.emplace_back([&] {
    FakeIamClient root(backend);
    while (!done.load()) {
      backend.AdvanceClock(absl::Hours(5));  // expire the report, so each Generate makes a new one
      if (!root.GenerateCredentialReport(GenerateCredentialReportRequest()).ok()) ++failures;
      auto report = root.GetCredentialReport(GetCredentialReportRequest());
      if (!report.ok() || report->GetContent().find("<root_account>") == std::string::npos) {
        ++failures;
      }
      auto summary = root.GetAccountSummary(GetAccountSummaryRequest());
      if (!summary.ok() || summary->GetSummaryMap().at("Users") != kRotators) ++failures;
    }
  });
  for (int i = 0; i < kRotators; ++i) threads[i].join();
  done.store(true);
  for (size_t i = kRotators; i < threads.size(); ++i) threads[i].join();

  EXPECT_EQ(failures.load(), 0);
  for (int i = 0; i < kRotators; ++i) {
    const std::string user = absl::StrFormat("user%d", i);
    EXPECT_THAT(IdsOf(backend.AccessKeys(user)), ElementsAreArray(final_keys[i])) << user;
    EXPECT_THAT(final_keys[i], SizeIs(1)) << user;
  }
  EXPECT_THAT(backend.RootAccessKeys(), IsEmpty());
}

}  // namespace
}  // namespace fake_iam
