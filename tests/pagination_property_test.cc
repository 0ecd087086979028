// Property: paging through ListSigningCertificates while certificates are uploaded and deleted
// between pages never skips or repeats a surviving certificate, and shows them in upload order
// (docs/behavior.md "Listing"). Random but reproducible: each seed drives a std::mt19937.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
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

// Each certificate is uploaded at most once per seed: an id is the certificate's own, so a
// certificate uploaded again after its deletion would come back under the same id.
constexpr int kPoolSize = 150;

class PaginationPropertyTest : public ::testing::TestWithParam<int> {
 protected:
  // Certificates cost about a millisecond each to make: make them once for every seed.
  static void SetUpTestSuite() {
    pool_ = new std::vector<std::string>();
    for (int i = 0; i < kPoolSize; ++i) pool_->push_back(ValidCertificatePem());
  }
  static void TearDownTestSuite() {
    delete pool_;
    pool_ = nullptr;
  }
  static std::vector<std::string>* pool_;
};
std::vector<std::string>* PaginationPropertyTest::pool_ = nullptr;

// One certificate as the test knows it.
struct Known {
  int pool_index;
  uint64_t upload_order;       // position in the global upload order
  std::optional<int> deleted;  // the page number before which it was deleted
};

TEST_P(PaginationPropertyTest, WalkNeverSkipsOrRepeatsSurvivors) {
  std::mt19937 rng(GetParam());
  auto uniform = [&rng](int lo, int hi) {  // inclusive
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };

  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 1000;
  options.max_page_size = uniform(1, 5);
  options.seed = GetParam();
  FakeIamBackend backend(options);
  ASSERT_TRUE(backend.CreateUser("Walker").ok());
  ASSERT_TRUE(backend.CreateUser("Other").ok());
  // Half the seeds walk as the user itself (UserName omitted), half as the root naming the user.
  const bool implicit = GetParam() % 2 == 0;
  FakeIamClient walker(backend, implicit ? CallerIdentity::User("Walker") : CallerIdentity::Root());
  FakeIamClient root(backend);

  std::map<std::string, Known> known;  // by certificate id
  std::vector<bool> in_use(kPoolSize, false);
  uint64_t next_order = 0;
  std::vector<std::string> live;  // ids held now, in upload order

  auto upload_one = [&](int page) -> bool {
    std::vector<int> free;
    for (int i = 0; i < kPoolSize; ++i) {
      if (!in_use[i]) free.push_back(i);
    }
    if (free.empty()) return false;
    const int index = free[uniform(0, static_cast<int>(free.size()) - 1)];
    // Now and then the certificate goes to another user, which must not show in the walk.
    const bool to_other = uniform(0, 5) == 0;
    auto result = root.UploadSigningCertificate(UploadSigningCertificateRequest()
                                                    .WithUserName(to_other ? "Other" : "Walker")
                                                    .WithCertificateBody((*pool_)[index]));
    EXPECT_TRUE(result.ok()) << "page " << page << ": " << result.status();
    if (!result.ok()) return false;
    in_use[index] = true;
    const std::string id = result->GetCertificate().GetCertificateId();
    EXPECT_EQ(known.count(id), 0u) << "id reused: " << id;
    known[id] = Known{index, next_order++, std::nullopt};
    if (to_other) {
      known[id].deleted = -1;  // never part of Walker's list
      return true;
    }
    live.push_back(id);
    return true;
  };
  auto delete_one = [&](int page, std::optional<std::string> preferred) -> bool {
    if (live.empty()) return false;
    std::string id = live[uniform(0, static_cast<int>(live.size()) - 1)];
    if (preferred && std::find(live.begin(), live.end(), *preferred) != live.end()) id = *preferred;
    absl::Status status = root.DeleteSigningCertificate(
        DeleteSigningCertificateRequest().WithUserName("Walker").WithCertificateId(id));
    EXPECT_TRUE(status.ok()) << "page " << page << ": " << status;
    if (!status.ok()) return false;
    live.erase(std::find(live.begin(), live.end(), id));
    known[id].deleted = page;  // its certificate stays used: see kPoolSize
    return true;
  };

  // Before the first walk: some certificates, some deleted again.
  const int initial = uniform(10, 35);
  for (int i = 0; i < initial; ++i) ASSERT_TRUE(upload_one(0));
  for (int i = uniform(0, 4); i > 0; --i) delete_one(0, std::nullopt);

  // Three walks one after another on the same backend, with changes between pages.
  int page = 0;  // counts pages across walks
  for (int walk = 0; walk < 3; ++walk) {
    SCOPED_TRACE(absl::StrCat("seed ", GetParam(), ", walk ", walk));
    const std::set<std::string> before_walk(live.begin(), live.end());
    std::vector<std::string> seen;
    std::set<std::string> seen_set;
    std::optional<std::string> marker;
    std::optional<std::string> last_returned;
    bool ended = false;
    for (int walk_page = 0; walk_page < 1000; ++walk_page, ++page) {
      if (walk_page > 0) {
        const int changes = uniform(0, 4);
        for (int c = 0; c < changes; ++c) {
          switch (uniform(0, 3)) {
            case 0:
            case 1:
              upload_one(page);
              break;
            case 2:
              delete_one(page, std::nullopt);
              break;
            case 3:  // the certificate the marker points after
              delete_one(page, last_returned);
              break;
          }
        }
      }
      const int max_items = uniform(1, 6);
      ListSigningCertificatesRequest request;
      if (!implicit) request.SetUserName("Walker");
      request.SetMaxItems(max_items);
      if (marker) request.SetMarker(*marker);
      auto result = walker.ListSigningCertificates(request);
      ASSERT_TRUE(result.ok()) << "page " << page << ": " << result.status();
      const auto& certs = result->GetCertificates();
      EXPECT_LE(certs.size(), static_cast<size_t>(std::min(max_items, options.max_page_size)))
          << "page " << page;
      for (const auto& cert : certs) {
        const std::string& id = cert.GetCertificateId();
        ASSERT_EQ(known.count(id), 1u) << "unknown id " << id << " on page " << page;
        EXPECT_FALSE(known[id].deleted.has_value())
            << id << " was deleted (or belongs to Other) but listed on page " << page;
        EXPECT_EQ(cert.GetUserName(), "Walker");
        EXPECT_TRUE(seen_set.insert(id).second) << id << " repeated on page " << page;
        seen.push_back(id);
      }
      if (!certs.empty()) last_returned = certs.back().GetCertificateId();
      if (!result->GetIsTruncated()) {
        EXPECT_FALSE(result->MarkerHasBeenSet()) << "page " << page;
        ended = true;
        ++page;
        break;
      }
      ASSERT_FALSE(certs.empty()) << "a truncated page must make progress (page " << page << ")";
      marker = result->GetMarker();
    }
    ASSERT_TRUE(ended) << "the walk did not end";

    // Upload order.
    for (size_t i = 1; i < seen.size(); ++i) {
      EXPECT_LT(known[seen[i - 1]].upload_order, known[seen[i]].upload_order)
          << seen[i - 1] << " listed before " << seen[i] << " (positions " << i - 1 << ", " << i
          << ")";
    }
    // Every certificate present from before the walk to its end was seen exactly once (once is
    // guaranteed by the repeat check above).
    for (const std::string& id : before_walk) {
      if (known[id].deleted.has_value()) continue;
      EXPECT_EQ(seen_set.count(id), 1u) << "survivor " << id << " skipped";
    }
    // Stronger: uploads append at the end, past any marker, so all held at the end was seen.
    for (const std::string& id : live) {
      EXPECT_EQ(seen_set.count(id), 1u) << "held at the end but never listed: " << id;
    }
    // And the backend agrees with the model of what Walker holds.
    EXPECT_EQ(fake_iam_test::IdsOf(backend.Certificates("Walker")), live);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, PaginationPropertyTest, ::testing::Range(1, 41));

}  // namespace
}  // namespace fake_iam
