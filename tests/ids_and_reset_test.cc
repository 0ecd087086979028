// Ids: their shapes, uniqueness, determinism (user and key ids for a seed and call order; a
// certificate's id for its content, as IAM's); and Reset, which empties the state and starts the
// ids over.
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/backend_fixture.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::BackendTest;
using ::fake_iam_test::IsCertificateIdShape;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST_F(BackendTest, CertificateIdsAreShapedAndUnique) {
  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 100;
  Init(options);
  CreateUsers({"Bob"});
  std::set<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    const std::string id = MustUpload("Bob", ValidCertificatePem());
    EXPECT_THAT(id, IsCertificateIdShape());
    ids.insert(id);
    if (i % 3 == 0) {
      ASSERT_THAT(Delete("Bob", id), IsOk());  // another certificate never gets a freed id
    }
  }
  EXPECT_THAT(ids, SizeIs(40));
}

// The same calls on a backend: three user ids, then five certificate ids, in order.
std::vector<std::string> RunScript(FakeIamBackend& backend, const std::vector<std::string>& pems) {
  std::vector<std::string> out;
  FakeIamClient client(backend);
  for (const char* name : {"Alice", "Bob"}) {
    auto user = client.CreateUser(CreateUserRequest().WithUserName(name));
    EXPECT_TRUE(user.ok()) << user.status();
    if (user.ok()) out.push_back(user->GetUser().GetUserId());
  }
  auto set_up = backend.CreateUser("Carol");
  EXPECT_TRUE(set_up.ok());
  if (set_up.ok()) out.push_back(set_up->GetUserId());
  out.push_back(fake_iam_test::UploadOrDie(client, "Alice", pems[0]));
  out.push_back(fake_iam_test::UploadOrDie(client, "Bob", pems[1]));
  if (out.size() < 5) return out;
  EXPECT_TRUE(
      client
          .DeleteSigningCertificate(
              DeleteSigningCertificateRequest().WithUserName("Alice").WithCertificateId(out[3]))
          .ok());
  out.push_back(fake_iam_test::UploadOrDie(client, "Alice", pems[2]));
  out.push_back(fake_iam_test::UploadOrDie(client, "", pems[3]));  // the root
  auto carol = backend.UploadSigningCertificate("Carol", pems[4]);
  EXPECT_TRUE(carol.ok()) << carol.status();
  if (carol.ok()) out.push_back(carol->GetCertificateId());
  return out;
}

constexpr size_t kUserIds = 3;

TEST(DeterminismTest, SameSeedSameIds) {
  std::vector<std::string> pems;
  for (int i = 0; i < 5; ++i) pems.push_back(ValidCertificatePem());
  FakeIamOptions options = TestOptions();
  options.seed = 42;
  FakeIamBackend first(options);
  FakeIamBackend second(options);
  const std::vector<std::string> a = RunScript(first, pems);
  const std::vector<std::string> b = RunScript(second, pems);
  ASSERT_THAT(a, SizeIs(8));
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::set<std::string>(a.begin(), a.end()).size(), a.size());

  // Another seed: other user ids, and the same certificate ids, which are the certificates' own.
  options.seed = 43;
  FakeIamBackend other(options);
  const std::vector<std::string> c = RunScript(other, pems);
  ASSERT_THAT(c, SizeIs(8));
  for (size_t i = 0; i < kUserIds; ++i) EXPECT_NE(a[i], c[i]) << i;
  for (size_t i = kUserIds; i < a.size(); ++i) EXPECT_EQ(a[i], c[i]) << i;
}

TEST(DeterminismTest, UserIdsDoNotDependOnCertificatesOrTime) {
  // User ids are a function of the seed and call order: other certificates, another clock, same
  // user ids; the certificate ids are those of the other certificates.
  std::vector<std::string> pems_a, pems_b;
  for (int i = 0; i < 5; ++i) pems_a.push_back(ValidCertificatePem());
  for (int i = 0; i < 5; ++i) pems_b.push_back(ValidCertificatePem());
  FakeIamOptions options = TestOptions();
  options.seed = 7;
  FakeIamBackend first(options);
  options.start_time = kStartTime + absl::Hours(1000);
  FakeIamBackend second(options);
  const std::vector<std::string> a = RunScript(first, pems_a);
  const std::vector<std::string> b = RunScript(second, pems_b);
  ASSERT_THAT(a, SizeIs(8));
  ASSERT_THAT(b, SizeIs(8));
  for (size_t i = 0; i < kUserIds; ++i) EXPECT_EQ(a[i], b[i]) << i;
  for (size_t i = kUserIds; i < a.size(); ++i) EXPECT_NE(a[i], b[i]) << i;
}

TEST(ResetTest, EmptiesStateFaultsAndRecordsKeepsClockAndRestartsIds) {
  std::vector<std::string> pems;
  for (int i = 0; i < 5; ++i) pems.push_back(ValidCertificatePem());
  FakeIamOptions options = TestOptions();
  options.seed = 9;
  options.max_certificates_per_user = 1;
  FakeIamBackend fresh(options);
  const std::vector<std::string> expected = RunScript(fresh, pems);

  FakeIamBackend backend(options);
  RunScript(backend, pems);
  ASSERT_TRUE(
      backend
          .InjectFault(
              FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kListUsers).Always())
          .ok());
  backend.AdvanceClock(absl::Hours(3));
  ASSERT_FALSE(backend.RecordedCalls().empty());

  backend.Reset();
  EXPECT_THAT(backend.Users(), IsEmpty());
  EXPECT_THAT(backend.RootCertificates(), IsEmpty());
  EXPECT_THAT(backend.Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend.RecordedCalls(), IsEmpty());
  EXPECT_EQ(backend.Now(), kStartTime + absl::Hours(3));
  EXPECT_EQ(backend.options().max_certificates_per_user, 1);
  FakeIamClient client(backend);
  EXPECT_THAT(client.ListUsers(ListUsersRequest()), IsOk());  // the fault is gone

  backend.ClearRecordedCalls();
  // Ids start over, and the certificates are free again (no DuplicateCertificate).
  EXPECT_EQ(RunScript(backend, pems), expected);
  // The recorded calls start over too.
  const auto calls = backend.RecordedCalls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.front().sequence, 1u);
}

}  // namespace
}  // namespace fake_iam
