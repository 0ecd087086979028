// The fixture the access-key and account tests share: the backend fixture with short forms of the
// access-key calls, made by the root naming the user. Not part of the library; tests only.
#ifndef FAKE_IAM_TESTS_ACCESS_KEY_FIXTURE_H_
#define FAKE_IAM_TESTS_ACCESS_KEY_FIXTURE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"
#include "gtest/gtest.h"
#include "tests/backend_fixture.h"
#include "tests/test_util.h"

namespace fake_iam_test {

// The key ids of a list, in order.
inline std::vector<std::string> AccessKeyIdsOf(
    const std::vector<fake_iam::AccessKeyMetadata>& keys) {
  std::vector<std::string> ids;
  ids.reserve(keys.size());
  for (const auto& key : keys) ids.push_back(key.GetAccessKeyId());
  return ids;
}

// GetAccessKeyLastUsed of `id` through `client`.
inline absl::StatusOr<fake_iam::GetAccessKeyLastUsedResult> GetLastUsed(
    const fake_iam::IamClient& client, const std::string& id) {
  return client.GetAccessKeyLastUsed(fake_iam::GetAccessKeyLastUsedRequest().WithAccessKeyId(id));
}

class AccessKeyTest : public BackendTest {
 protected:
  // A fresh backend whose users may hold `quota` keys each.
  void InitWithQuota(int quota) {
    fake_iam::FakeIamOptions options = TestOptions();
    options.max_access_keys_per_user = quota;
    Init(options);
  }

  absl::StatusOr<fake_iam::CreateAccessKeyResult> CreateKey(const std::string& user) {
    return root().CreateAccessKey(fake_iam::CreateAccessKeyRequest().WithUserName(user));
  }
  // Creates a key and returns it; fails the test (and returns an empty key) if that fails.
  fake_iam::AccessKey MustCreateKey(const std::string& user) {
    auto created = CreateKey(user);
    EXPECT_TRUE(created.ok()) << "key for '" << user << "': " << created.status();
    return created.ok() ? created->GetAccessKey() : fake_iam::AccessKey();
  }
  absl::StatusOr<fake_iam::ListAccessKeysResult> ListKeys(const std::string& user,
                                                          std::optional<std::string> marker = {},
                                                          std::optional<int> max_items = {}) {
    fake_iam::ListAccessKeysRequest request;
    request.SetUserName(user);
    if (marker) request.SetMarker(*marker);
    if (max_items) request.SetMaxItems(*max_items);
    return root().ListAccessKeys(request);
  }
  // Walks every page; fails the test on an error.
  std::vector<std::string> ListAllKeyIds(const std::string& user, int max_items) {
    std::vector<std::string> ids;
    std::optional<std::string> marker;
    for (int page = 0; page < 1000; ++page) {
      auto result = ListKeys(user, marker, max_items);
      EXPECT_TRUE(result.ok()) << result.status();
      if (!result.ok()) break;
      for (const auto& key : result->GetAccessKeyMetadata()) ids.push_back(key.GetAccessKeyId());
      if (!result->GetIsTruncated()) break;
      marker = result->GetMarker();
    }
    return ids;
  }
  absl::Status UpdateKey(const std::string& user, const std::string& id,
                         fake_iam::StatusType status) {
    return root().UpdateAccessKey(
        fake_iam::UpdateAccessKeyRequest().WithUserName(user).WithAccessKeyId(id).WithStatus(
            status));
  }
  absl::Status DeleteKey(const std::string& user, const std::string& id) {
    return root().DeleteAccessKey(
        fake_iam::DeleteAccessKeyRequest().WithUserName(user).WithAccessKeyId(id));
  }
};

}  // namespace fake_iam_test

#endif  // FAKE_IAM_TESTS_ACCESS_KEY_FIXTURE_H_
