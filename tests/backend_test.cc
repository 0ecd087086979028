// The backend's semantics: users, the implicit user, certificate checks, duplicates, quota, new
// certificates, ids, Reset, update/delete, DeleteUser, listing and ListUsers. Backends run on a
// clock frozen at a fixed time, except in LiveClockTest, which covers the default live clock.
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::IdsOf;
using ::fake_iam_test::IsCertificateIdShape;
using ::fake_iam_test::IsUserIdShape;
using ::fake_iam_test::kAccountId;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::NamesOf;
using ::fake_iam_test::StatusOf;
using ::fake_iam_test::TestOptions;
using ::fake_iam_test::ToCrlf;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/Deployer";

// The message of an IAM error never holds the whole body, nor a long run of it.
MATCHER_P(DoesNotEchoBody, body, "does not contain the certificate body") {
  const std::string message(StatusOf(arg).message());
  if (absl::StrContains(message, body)) return false;
  // Nor two consecutive lines of it (a single 64-character line may be quoted as a sample).
  std::vector<std::string> lines = absl::StrSplit(body, '\n', absl::SkipEmpty());
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].size() >= 16 && absl::StrContains(message, lines[i] + "\n" + lines[i + 1])) {
      *result_listener << "message contains two lines of the body: " << message;
      return false;
    }
  }
  return true;
}

// Certificates with RSA keys are slow to make the first time; make each kind once.
const std::string& Rsa1024Pem() {
  static const std::string* pem = new std::string(ValidCertificatePem(TestKeyType::kRsa1024));
  return *pem;
}
const std::string& Rsa2048Pem() {
  static const std::string* pem = new std::string(ValidCertificatePem(TestKeyType::kRsa2048));
  return *pem;
}

std::string CertificateValidUntil(absl::Time not_after) {
  TestCertificateOptions options;
  options.not_before = not_after - absl::Hours(24 * 30);
  options.not_after = not_after;
  return MakeTestCertificate(options);
}
std::string CertificateValidFrom(absl::Time not_before) {
  TestCertificateOptions options;
  options.not_before = not_before;
  options.not_after = not_before + absl::Hours(24 * 30);
  return MakeTestCertificate(options);
}

class BackendTest : public ::testing::Test {
 protected:
  BackendTest() { Init(TestOptions()); }

  // Replaces the backend (and the root client) with one made with `options`.
  void Init(FakeIamOptions options) {
    root_.reset();
    backend_ = std::make_unique<FakeIamBackend>(std::move(options));
    root_ = std::make_unique<FakeIamClient>(*backend_);
  }
  FakeIamBackend& backend() { return *backend_; }
  const FakeIamClient& root() { return *root_; }

  void CreateUsers(std::initializer_list<const char*> names) {
    for (const char* name : names) ASSERT_TRUE(backend().CreateUser(name).ok()) << name;
  }

  absl::StatusOr<UploadSigningCertificateResult> Upload(const std::string& user,
                                                        const std::string& body) {
    return root().UploadSigningCertificate(
        UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(body));
  }
  // Uploads and returns the id; fails the test if the upload fails.
  std::string MustUpload(const std::string& user, const std::string& body) {
    return fake_iam_test::UploadOrDie(root(), user, body);
  }
  absl::Status Update(const std::string& user, const std::string& id, StatusType status) {
    return root().UpdateSigningCertificate(
        UpdateSigningCertificateRequest().WithUserName(user).WithCertificateId(id).WithStatus(
            status));
  }
  absl::Status Delete(const std::string& user, const std::string& id) {
    return root().DeleteSigningCertificate(
        DeleteSigningCertificateRequest().WithUserName(user).WithCertificateId(id));
  }
  absl::StatusOr<ListSigningCertificatesResult> List(const std::string& user,
                                                     std::optional<std::string> marker = {},
                                                     std::optional<int> max_items = {}) {
    ListSigningCertificatesRequest request;
    request.SetUserName(user);
    if (marker) request.SetMarker(*marker);
    if (max_items) request.SetMaxItems(*max_items);
    return root().ListSigningCertificates(request);
  }
  // Walks every page; fails the test on an error.
  std::vector<std::string> ListAllIds(const std::string& user, std::optional<int> max_items = {}) {
    std::vector<std::string> ids;
    std::optional<std::string> marker;
    for (int page = 0; page < 10000; ++page) {
      auto result = List(user, marker, max_items);
      EXPECT_TRUE(result.ok()) << result.status();
      if (!result.ok()) break;
      for (const auto& cert : result->GetCertificates()) ids.push_back(cert.GetCertificateId());
      if (!result->GetIsTruncated()) break;
      marker = result->GetMarker();
    }
    return ids;
  }

  std::unique_ptr<FakeIamBackend> backend_;
  std::unique_ptr<FakeIamClient> root_;
};

// ---------------------------------------------------------------------------------------------
// Users.

TEST_F(BackendTest, CreateUserReturnsItsFields) {
  auto created = root().CreateUser(CreateUserRequest().WithUserName("Bob"));
  ASSERT_THAT(created, IsOk());
  const User& user = created->GetUser();
  EXPECT_EQ(user.GetUserName(), "Bob");
  EXPECT_EQ(user.GetPath(), "/");
  EXPECT_EQ(user.GetArn(), "arn:aws:iam::123456789012:user/Bob");
  EXPECT_THAT(user.GetUserId(), IsUserIdShape());
  EXPECT_EQ(user.GetCreateDate(), kStartTime);

  auto got = root().GetUser(GetUserRequest().WithUserName("Bob"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetUserName(), "Bob");
  EXPECT_EQ(got->GetUser().GetPath(), "/");
  EXPECT_EQ(got->GetUser().GetArn(), user.GetArn());
  EXPECT_EQ(got->GetUser().GetUserId(), user.GetUserId());
  EXPECT_EQ(got->GetUser().GetCreateDate(), kStartTime);
}

TEST_F(BackendTest, PathIsPartOfTheArn) {
  auto created =
      root().CreateUser(CreateUserRequest().WithUserName("Bob").WithPath("/division/team/"));
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->GetUser().GetPath(), "/division/team/");
  EXPECT_EQ(created->GetUser().GetArn(), "arn:aws:iam::123456789012:user/division/team/Bob");
  auto got = root().GetUser(GetUserRequest().WithUserName("bob"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetPath(), "/division/team/");
  EXPECT_EQ(got->GetUser().GetArn(), "arn:aws:iam::123456789012:user/division/team/Bob");

  auto set_up = backend().CreateUser("Carol", "/ops/");
  ASSERT_THAT(set_up, IsOk());
  EXPECT_EQ(set_up->GetArn(), "arn:aws:iam::123456789012:user/ops/Carol");
}

TEST_F(BackendTest, ArnUsesTheConfiguredAccount) {
  FakeIamOptions options = TestOptions();
  options.account_id = "999988887777";
  Init(options);
  auto user = backend().CreateUser("Bob");
  ASSERT_THAT(user, IsOk());
  EXPECT_EQ(user->GetArn(), "arn:aws:iam::999988887777:user/Bob");
}

TEST_F(BackendTest, CreateDateIsTheFakeClock) {
  backend().AdvanceClock(absl::Minutes(90));
  auto user = root().CreateUser(CreateUserRequest().WithUserName("Carol"));
  ASSERT_THAT(user, IsOk());
  EXPECT_EQ(user->GetUser().GetCreateDate(), kStartTime + absl::Minutes(90));
}

TEST_F(BackendTest, UserIdsAreShapedAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    auto user = root().CreateUser(CreateUserRequest().WithUserName(absl::StrCat("user", i)));
    ASSERT_THAT(user, IsOk());
    EXPECT_THAT(user->GetUser().GetUserId(), IsUserIdShape());
    ids.insert(user->GetUser().GetUserId());
  }
  EXPECT_THAT(ids, SizeIs(40));
}

TEST_F(BackendTest, UserNamesAreUniqueWithoutRegardToCase) {
  ASSERT_THAT(root().CreateUser(CreateUserRequest().WithUserName("Bob")), IsOk());
  auto again = root().CreateUser(CreateUserRequest().WithUserName("BOB"));
  EXPECT_THAT(again, IsIamError(IamErrorCode::kEntityAlreadyExists,
                                 Eq("User with name BOB already exists.")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kEntityAlreadyExists), 409);
  EXPECT_THAT(root().CreateUser(CreateUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kEntityAlreadyExists,
                          Eq("User with name Bob already exists.")));
  // The set-up path follows the same rule.
  EXPECT_THAT(backend().CreateUser("bOb"), IsIamError(IamErrorCode::kEntityAlreadyExists));
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Bob"));
}

TEST_F(BackendTest, LookupsIgnoreCaseAndKeepTheOriginalSpelling) {
  CreateUsers({"Bob"});
  auto got = root().GetUser(GetUserRequest().WithUserName("bOB"));
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->GetUser().GetUserName(), "Bob");
  EXPECT_EQ(got->GetUser().GetArn(), "arn:aws:iam::123456789012:user/Bob");

  auto uploaded = Upload("BOB", ValidCertificatePem());
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().Certificates("bob")), ElementsAre(id));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));

  auto listed = List("bob");
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetCertificates(), SizeIs(1));
  EXPECT_EQ(listed->GetCertificates()[0].GetUserName(), "Bob");

  EXPECT_THAT(Update("boB", id, StatusType::kInactive), IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kInactive);
  EXPECT_THAT(Delete("BoB", id), IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("BOB")), IsOk());
  EXPECT_THAT(backend().Users(), IsEmpty());
}

TEST_F(BackendTest, UnknownUserIsNoSuchEntity) {
  CreateUsers({"Bob"});
  const std::string message = "The user with name Nobody cannot be found.";
  const std::string id(32, 'A');
  EXPECT_THAT(List("Nobody"), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Upload("Nobody", ValidCertificatePem()),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Update("Nobody", id, StatusType::kActive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Delete("Nobody", id), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(root().GetUser(GetUserRequest().WithUserName("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Nobody")),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kNoSuchEntity), 404);
}

TEST_F(BackendTest, UsersAreOrderedByNameWithoutRegardToCase) {
  CreateUsers({"charlie", "Bob", "alice", "Dave"});
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("alice", "Bob", "charlie", "Dave"));
}

TEST_F(BackendTest, DeleteUserWithCertificatesIsAConflict) {
  CreateUsers({"Bob"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", id, StatusType::kInactive), IsOk());  // Inactive counts too
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kDeleteConflict,
                          Eq("Cannot delete entity, must delete certificates first.")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDeleteConflict), 409);
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Bob"));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
}

TEST_F(BackendTest, DeleteUserWithoutCertificatesRemovesIt) {
  CreateUsers({"Bob", "Alice"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Delete("Bob", id), IsOk());
  ASSERT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")), IsOk());
  EXPECT_THAT(NamesOf(backend().Users()), ElementsAre("Alice"));
  EXPECT_THAT(root().GetUser(GetUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kNoSuchEntity,
                          Eq("The user with name Bob cannot be found.")));
  EXPECT_THAT(List("Bob"), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(root().DeleteUser(DeleteUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kNoSuchEntity));
  // The name is free again, in any spelling.
  auto again = root().CreateUser(CreateUserRequest().WithUserName("bob"));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->GetUser().GetUserName(), "bob");
}

// ---------------------------------------------------------------------------------------------
// The implicit user.

TEST_F(BackendTest, UserCallerActsOnItself) {
  CreateUsers({"Bob", "Alice"});
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  const std::string pem = ValidCertificatePem();
  auto uploaded =
      bob.UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
  EXPECT_THAT(backend().Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());

  auto listed = bob.ListSigningCertificates(ListSigningCertificatesRequest());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(id));

  ASSERT_THAT(bob.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                               .WithCertificateId(id)
                                               .WithStatus(StatusType::kInactive)),
              IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kInactive);

  auto me = bob.GetUser(GetUserRequest());
  ASSERT_THAT(me, IsOk());
  EXPECT_EQ(me->GetUser().GetUserName(), "Bob");

  ASSERT_THAT(bob.DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(id)),
              IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(BackendTest, UserCallerNameIsLookedUpWithoutRegardToCase) {
  CreateUsers({"Bob"});
  FakeIamClient bob(backend(), CallerIdentity::User("bob"));
  auto uploaded = bob.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "Bob");
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(1));
}

TEST_F(BackendTest, UserCallerThatDoesNotExist) {
  FakeIamClient ghost(backend(), CallerIdentity::User("Ghost"));
  EXPECT_THAT(ghost.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem())),
              IsIamError(IamErrorCode::kNoSuchEntity,
                          Eq("The user with name Ghost cannot be found.")));
  EXPECT_THAT(ghost.ListSigningCertificates(ListSigningCertificatesRequest()),
              IsIamError(IamErrorCode::kNoSuchEntity,
                          Eq("The user with name Ghost cannot be found.")));
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

TEST_F(BackendTest, RootActsOnItsOwnCertificates) {
  CreateUsers({"Bob"});
  auto uploaded = root().UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), kAccountId);
  const std::string id = uploaded->GetCertificate().GetCertificateId();
  EXPECT_THAT(IdsOf(backend().RootCertificates()), ElementsAre(id));
  EXPECT_EQ(backend().RootCertificates()[0].GetUserName(), kAccountId);
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());

  auto listed = root().ListSigningCertificates(ListSigningCertificatesRequest());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(id));

  // Bob's listing does not show the root's certificate, and Bob cannot touch it.
  EXPECT_THAT(IdsOf(List("Bob")->GetCertificates()), IsEmpty());
  EXPECT_THAT(Update("Bob", id, StatusType::kInactive), IsIamError(IamErrorCode::kNoSuchEntity));

  ASSERT_THAT(root().UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                  .WithCertificateId(id)
                                                  .WithStatus(StatusType::kInactive)),
              IsOk());
  EXPECT_EQ(backend().RootCertificates()[0].GetStatus(), StatusType::kInactive);
  ASSERT_THAT(
      root().DeleteSigningCertificate(DeleteSigningCertificateRequest().WithCertificateId(id)),
      IsOk());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

// Recorded from AWS: the root's GetUser has the account id as UserId, the root ARN, a CreateDate,
// and neither UserName nor Path.
TEST_F(BackendTest, RootGetUserHasNoUserNameAndNoPath) {
  auto me = root().GetUser(GetUserRequest());
  ASSERT_THAT(me, IsOk());
  const User& user = me->GetUser();
  EXPECT_EQ(user.GetUserId(), kAccountId);
  EXPECT_EQ(user.GetArn(), absl::StrCat("arn:aws:iam::", kAccountId, ":root"));
  EXPECT_TRUE(user.CreateDateHasBeenSet());
  EXPECT_EQ(user.GetCreateDate(), kStartTime);
  EXPECT_FALSE(user.UserNameHasBeenSet());
  EXPECT_FALSE(user.PathHasBeenSet());
}

TEST_F(BackendTest, RootCertificatesReportTheConfiguredAccount) {
  FakeIamOptions options = TestOptions();
  options.account_id = "999988887777";
  Init(options);
  auto uploaded = root().UploadSigningCertificate(
      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()));
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetCertificate().GetUserName(), "999988887777");
}

TEST_F(BackendTest, RoleMustNameTheUser) {
  CreateUsers({"Bob"});
  const std::string bob_id = MustUpload("Bob", ValidCertificatePem());
  FakeIamClient role(backend(), CallerIdentity::Role(kRoleArn));
  const auto must_specify = IsIamError(
      IamErrorCode::kValidationError, Eq("Must specify userName when calling with non-User credentials"));
  EXPECT_THAT(role.ListSigningCertificates(ListSigningCertificatesRequest()), must_specify);
  EXPECT_THAT(role.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem())),
              must_specify);
  EXPECT_THAT(role.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                .WithCertificateId(bob_id)
                                                .WithStatus(StatusType::kInactive)),
              must_specify);
  EXPECT_THAT(role.DeleteSigningCertificate(
                  DeleteSigningCertificateRequest().WithCertificateId(bob_id)),
              must_specify);
  EXPECT_THAT(role.GetUser(GetUserRequest()), must_specify);
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
  ASSERT_THAT(backend().Certificates("Bob"), SizeIs(1));
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kActive);

  // Naming the user works.
  auto listed =
      role.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob"));
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAre(bob_id));
  EXPECT_THAT(role.UploadSigningCertificate(UploadSigningCertificateRequest()
                                                .WithUserName("Bob")
                                                .WithCertificateBody(ValidCertificatePem())),
              IsOk());
}

// ---------------------------------------------------------------------------------------------
// Upload: the order of checks (input -> user -> parsing -> duplicate -> quota).

struct OrderCase {
  const char* name;
  std::string user;
  std::function<std::string()> body;  // called after set-up
  IamErrorCode expected;
};

// Shared by the cases: Bob is at his quota with A and B; Alice holds C.
struct OrderFixtureCertificates {
  std::string a = ValidCertificatePem();
  std::string b = ValidCertificatePem();
  std::string c = ValidCertificatePem();
};

TEST_F(BackendTest, UploadChecksInSpecOrder) {
  CreateUsers({"Bob", "Alice"});
  const OrderFixtureCertificates certs;
  MustUpload("Bob", certs.a);
  MustUpload("Bob", certs.b);
  MustUpload("Alice", certs.c);
  const std::string before = fake_iam_test::DescribeState(backend());

  const std::vector<OrderCase> cases = {
      // input before user
      {"bad input, unknown user", "Nobody", [] { return std::string(); },
       IamErrorCode::kValidationError},
      {"bad input, full user", "Bob", [] { return std::string("\x01"); },
       IamErrorCode::kValidationError},
      // user before parsing, duplicates and dates
      {"unknown user, malformed", "Nobody", [] { return std::string("not a certificate"); },
       IamErrorCode::kNoSuchEntity},
      {"unknown user, duplicate", "Nobody", [&] { return certs.c; }, IamErrorCode::kNoSuchEntity},
      {"unknown user, expired", "Nobody", [] { return ExpiredCertificatePem(kStartTime); },
       IamErrorCode::kNoSuchEntity},
      {"unknown user, weak key", "Nobody", [] { return WeakRsaCertificatePem(); },
       IamErrorCode::kNoSuchEntity},
      // parsing before duplicate and quota
      {"malformed, full user", "Bob", [] { return PrivateKeyPem(); },
       IamErrorCode::kMalformedCertificate},
      {"expired, full user", "Bob", [] { return ExpiredCertificatePem(kStartTime); },
       IamErrorCode::kMalformedCertificate},
      {"not yet valid, full user", "Bob", [] { return NotYetValidCertificatePem(kStartTime); },
       IamErrorCode::kMalformedCertificate},
      {"bad signature, full user", "Bob", [] { return BadSignatureCertificatePem(); },
       IamErrorCode::kInvalidCertificate},
      {"weak key, full user", "Bob", [] { return WeakRsaCertificatePem(); },
       IamErrorCode::kInvalidCertificate},
      // duplicate before quota
      {"own duplicate, full user", "Bob", [&] { return certs.a; },
       IamErrorCode::kDuplicateCertificate},
      {"other's duplicate, full user", "Bob", [&] { return certs.c; },
       IamErrorCode::kDuplicateCertificate},
      // and the quota last
      {"new certificate, full user", "Bob", [] { return ValidCertificatePem(); },
       IamErrorCode::kLimitExceeded},
  };
  for (const OrderCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.body();
    EXPECT_THAT(Upload(c.user, body), IsIamError(c.expected));
  }
  EXPECT_EQ(fake_iam_test::DescribeState(backend()), before);
}

// ---------------------------------------------------------------------------------------------
// Certificate parsing.

std::string StripPemArmor(const std::string& pem) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(pem, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "-----")) continue;
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

struct BodyCase {
  const char* name;
  std::function<std::string()> make;
};

class ParsingTest : public BackendTest {
 protected:
  void SetUp() override {
    FakeIamOptions options = TestOptions();
    options.max_certificates_per_user = 100;
    Init(options);
    CreateUsers({"Bob"});
  }
};

TEST_F(ParsingTest, MalformedBodies) {
  const std::vector<BodyCase> cases = {
      {"private key", [] { return PrivateKeyPem(); }},
      {"certificate request", [] { return CertificateRequestPem(); }},
      {"bare base64 of the DER, one line",
       [] { return absl::Base64Escape(PemToDer(ValidCertificatePem())); }},
      {"bare base64 of the DER, PEM lines", [] { return StripPemArmor(ValidCertificatePem()); }},
      {"two certificates", [] { return ValidCertificatePem() + ValidCertificatePem(); }},
      {"the same certificate twice",
       [] {
         const std::string pem = ValidCertificatePem();
         return pem + pem;
       }},
      {"certificate and its private key", [] { return ValidCertificatePem() + PrivateKeyPem(); }},
      {"text after the block", [] { return ValidCertificatePem() + "trailing words\n"; }},
      {"text before the block", [] { return "leading words\n" + ValidCertificatePem(); }},
      {"empty block", [] { return std::string("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"); }},
      {"garbage in the block",
       [] { return std::string("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"); }},
      {"a key's DER labelled CERTIFICATE",
       [] {
         return absl::StrReplaceAll(PrivateKeyPem(), {{"PRIVATE KEY", "CERTIFICATE"}});
       }},
      {"no END line",
       [] {
         const std::string pem = ValidCertificatePem();
         return pem.substr(0, pem.find("-----END"));
       }},
      {"truncated base64",
       [] {
         const std::string pem = ValidCertificatePem();
         const size_t end = pem.find("-----END");
         return pem.substr(0, end / 2) + "\n" + pem.substr(end);
       }},
      {"plain text", [] { return std::string("hello"); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.make();
    auto result = Upload("Bob", body);
    // AWS's words (recorded): the body echoed, cut to 64 characters and "..." when longer.
    const std::string echoed = body.size() <= 64 ? body : body.substr(0, 64) + "...";
    EXPECT_THAT(result, IsIamError(IamErrorCode::kMalformedCertificate,
                                   Eq(absl::StrCat("Certificate ", echoed, " is malformed."))));
    // The fake's own reason rides beside them.
    EXPECT_THAT(IamErrorDiagnosis(result.status()), Optional(Not(IsEmpty())));
  }
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kMalformedCertificate), 400);
}

TEST_F(ParsingTest, MalformedMessageIsAwsRecordedOne) {
  EXPECT_THAT(Upload("Bob", "invalid-certificate-body"),
              IsIamError(IamErrorCode::kMalformedCertificate,
                         Eq("Certificate invalid-certificate-body is malformed.")));
}

TEST_F(ParsingTest, DiagnosisSaysWhyTheBodyIsMalformed) {
  const struct {
    std::string body;
    const char* diagnosis;
  } cases[] = {
      {"hello", "no PEM block"},
      {ValidCertificatePem() + ValidCertificatePem(), "exactly one PEM block"},
      {PrivateKeyPem(), "found PRIVATE KEY"},
      {ValidCertificatePem() + "trailing words\n", "Unexpected text after"},
  };
  for (const auto& c : cases) {
    auto result = Upload("Bob", c.body);
    EXPECT_THAT(IamErrorDiagnosis(result.status()), Optional(HasSubstr(c.diagnosis)));
  }
  // The recorded call keeps the diagnosis; so does what a failing matcher prints.
  const RecordedCall& last = backend().RecordedCalls().back();
  EXPECT_THAT(IamErrorDiagnosis(last.status), Optional(HasSubstr("Unexpected text after")));
  EXPECT_THAT(::testing::PrintToString(last.status), HasSubstr("Unexpected text after"));
}

TEST_F(ParsingTest, LongBodiesAreCutOnACharacterBoundary) {
  // 63 ASCII characters, then "\xC3\xA9" (one character, two bytes in UTF-8) as the 64th.
  const std::string body = std::string(63, 'x') + "\xC3\xA9" + "tail";
  EXPECT_THAT(Upload("Bob", body),
              IsIamError(IamErrorCode::kMalformedCertificate,
                         Eq(absl::StrCat("Certificate ", std::string(63, 'x'), "\xC3\xA9",
                                         "... is malformed."))));
}

TEST_F(ParsingTest, AcceptedLayouts) {
  const std::vector<BodyCase> cases = {
      {"as generated", [] { return ValidCertificatePem(); }},
      {"CRLF line endings", [] { return ToCrlf(ValidCertificatePem()); }},
      {"white space and blank lines around",
       [] { return "\n\n  \t\n" + ValidCertificatePem() + "\n \n\t\n\n"; }},
      {"CRLF and blank lines around",
       [] { return "\r\n\r\n" + ToCrlf(ValidCertificatePem()) + "\r\n  \r\n"; }},
      {"no final newline",
       [] {
         std::string pem = ValidCertificatePem();
         while (!pem.empty() && (pem.back() == '\n' || pem.back() == '\r')) pem.pop_back();
         return pem;
       }},
      {"trailing spaces on every line",
       [] { return absl::StrReplaceAll(ValidCertificatePem(), {{"\n", "  \n"}}); }},
      {"a space inside a base64 line",
       [] {
         std::string pem = ValidCertificatePem();
         const size_t second_line = pem.find('\n') + 1;
         pem.insert(second_line + 10, " ");
         return pem;
       }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = Upload("Bob", c.make());
    EXPECT_THAT(result, IsOk());
  }
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(cases.size()));
}

TEST_F(ParsingTest, KeyTypesAndIssuers) {
  TestCertificateOptions ca_signed;
  ca_signed.signed_by_test_ca = true;
  TestCertificateOptions ca_signed_rsa = ca_signed;
  ca_signed_rsa.key_type = TestKeyType::kRsa2048;
  // Not self-signed, so its own key is not expected to verify the signature: nothing to check.
  TestCertificateOptions ca_signed_corrupt = ca_signed;
  ca_signed_corrupt.corrupt_signature = true;
  const std::vector<BodyCase> cases = {
      {"EC P-256", [] { return ValidCertificatePem(TestKeyType::kEcP256); }},
      {"RSA 1024", [] { return Rsa1024Pem(); }},
      {"RSA 2048", [] { return Rsa2048Pem(); }},
      {"signed by a CA", [&] { return MakeTestCertificate(ca_signed); }},
      {"RSA 2048 signed by a CA", [&] { return MakeTestCertificate(ca_signed_rsa); }},
      {"signed by a CA, signature corrupted", [&] { return MakeTestCertificate(ca_signed_corrupt); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(Upload("Bob", c.make()), IsOk());
  }
}

TEST_F(ParsingTest, InvalidCertificates) {
  TestCertificateOptions rsa_corrupt;
  rsa_corrupt.key_type = TestKeyType::kRsa2048;
  rsa_corrupt.corrupt_signature = true;
  const std::vector<BodyCase> cases = {
      {"self-signed, signature corrupted", [] { return BadSignatureCertificatePem(); }},
      {"RSA 2048 self-signed, signature corrupted", [&] { return MakeTestCertificate(rsa_corrupt); }},
      {"RSA 512", [] { return WeakRsaCertificatePem(); }},
  };
  for (const BodyCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = c.make();
    auto result = Upload("Bob", body);
    EXPECT_THAT(result, IsIamError(IamErrorCode::kInvalidCertificate, Not(IsEmpty())));
    EXPECT_THAT(result, DoesNotEchoBody(body));
  }
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kInvalidCertificate), 400);
}

// ---------------------------------------------------------------------------------------------
// Validity dates against the manual clock.

TEST_F(ParsingTest, ExpiredIsMalformed) {
  const std::string body = ExpiredCertificatePem(kStartTime);
  auto result = Upload("Bob", body);
  EXPECT_THAT(result, IsIamError(IamErrorCode::kMalformedCertificate, HasSubstr("expired")));
  EXPECT_THAT(result, DoesNotEchoBody(body));
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(ParsingTest, NotYetValidIsMalformed) {
  const std::string body = NotYetValidCertificatePem(kStartTime);
  auto result = Upload("Bob", body);
  EXPECT_THAT(result, IsIamError(IamErrorCode::kMalformedCertificate, Not(IsEmpty())));
  EXPECT_THAT(result, DoesNotEchoBody(body));
  EXPECT_THAT(backend().Certificates("Bob"), IsEmpty());
}

TEST_F(ParsingTest, DatesNotCheckedWhenTurnedOff) {
  FakeIamOptions options = TestOptions();
  options.check_certificate_dates = false;
  Init(options);
  CreateUsers({"Bob"});
  EXPECT_THAT(Upload("Bob", ExpiredCertificatePem(kStartTime)), IsOk());
  EXPECT_THAT(Upload("Bob", NotYetValidCertificatePem(kStartTime)), IsOk());
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(2));
}

TEST_F(ParsingTest, CertificateExpiresWhenTheClockAdvances) {
  const std::string first = CertificateValidUntil(kStartTime + absl::Hours(1));
  const std::string second = CertificateValidUntil(kStartTime + absl::Hours(1));
  ASSERT_THAT(Upload("Bob", first), IsOk());
  backend().AdvanceClock(absl::Hours(2));
  EXPECT_THAT(Upload("Bob", second),
              IsIamError(IamErrorCode::kMalformedCertificate, HasSubstr("expired")));
}

TEST_F(ParsingTest, CertificateBecomesValidWhenTheClockAdvances) {
  const std::string body = CertificateValidFrom(kStartTime + absl::Hours(24));
  EXPECT_THAT(Upload("Bob", body), IsIamError(IamErrorCode::kMalformedCertificate));
  backend().AdvanceClock(absl::Hours(48));
  EXPECT_THAT(Upload("Bob", body), IsOk());
}

TEST_F(ParsingTest, ValidityBoundsAreInclusive) {
  // "Expired" is notAfter *before* the clock; "not yet valid" is notBefore *after* it.
  EXPECT_THAT(Upload("Bob", CertificateValidUntil(kStartTime)), IsOk());
  EXPECT_THAT(Upload("Bob", CertificateValidFrom(kStartTime)), IsOk());
  const std::string ends_now = CertificateValidUntil(kStartTime);
  backend().AdvanceClock(absl::Seconds(1));
  EXPECT_THAT(Upload("Bob", ends_now), IsIamError(IamErrorCode::kMalformedCertificate));
}

// ---------------------------------------------------------------------------------------------
// The clock: live by default, frozen on request.

// A certificate made "now" by any tool is valid "now" in the fake, however long after the backend
// was made (a clock frozen at construction refused every such certificate after the first second).
TEST(LiveClockTest, CertificateValidFromNowIsAcceptedLongAfterStart) {
  FakeIamBackend backend;  // default options: the live clock
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  absl::SleepFor(absl::Milliseconds(1100));
  TestCertificateOptions options;
  options.not_before = absl::Now();
  options.not_after = options.not_before + absl::Hours(24 * 365);
  const std::string pem = MakeTestCertificate(options);
  EXPECT_THAT(backend.UploadSigningCertificate("Bob", pem), IsOk());
}

TEST(LiveClockTest, FollowsRealTime) {
  FakeIamBackend backend;
  const absl::Time before = absl::Now();
  const absl::Time now = backend.Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, absl::Now());
}

TEST(LiveClockTest, AdvancedLiveClockRunsAheadAndExpiresCertificates) {
  FakeIamBackend backend;
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  const std::string pem = CertificateValidUntil(absl::Now() + absl::Hours(1));
  backend.AdvanceClock(absl::Hours(2));
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  const absl::Time before = absl::Now();
  const absl::Time now = backend.Now();
  const absl::Time after = absl::Now();
  EXPECT_GE(now, before + absl::Hours(2));
  EXPECT_LE(now, after + absl::Hours(2));
  EXPECT_THAT(backend.UploadSigningCertificate("Bob", pem),
              IsIamError(IamErrorCode::kMalformedCertificate, HasSubstr("expired")));
}

TEST(LiveClockTest, SetClockFreezesAndUseLiveClockResumesRealTime) {
  FakeIamBackend backend;
  backend.SetClock(kStartTime);
  EXPECT_EQ(backend.clock_mode(), ClockMode::kFrozen);
  absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(backend.Now(), kStartTime);
  backend.AdvanceClock(absl::Seconds(30));
  EXPECT_EQ(backend.Now(), kStartTime + absl::Seconds(30));
  ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
  EXPECT_EQ(backend.Users()[0].GetCreateDate(), kStartTime + absl::Seconds(30));

  backend.UseLiveClock();
  EXPECT_EQ(backend.clock_mode(), ClockMode::kLive);
  EXPECT_LE(absl::AbsDuration(backend.Now() - absl::Now()), absl::Seconds(1));
}

TEST_F(BackendTest, ClockIsFrozenWithAStartTime) {
  EXPECT_EQ(backend().clock_mode(), ClockMode::kFrozen);
  EXPECT_EQ(backend().Now(), kStartTime);
  CreateUsers({"Bob"});
  MustUpload("Bob", ValidCertificatePem());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(backend().Now(), kStartTime);
  backend().AdvanceClock(absl::Milliseconds(1500));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(1500));
  backend().AdvanceClock(absl::Hours(5));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(1500) + absl::Hours(5));
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

TEST_F(BackendTest, DuplicatesAreAccountWide) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  const std::string id = MustUpload("Bob", pem);

  auto to_alice = Upload("Alice", pem);
  EXPECT_THAT(to_alice, IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(to_alice, DoesNotEchoBody(pem));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDuplicateCertificate), 409);
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(root().UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(pem)),
              IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(id));
  EXPECT_THAT(backend().Certificates("Alice"), IsEmpty());
  EXPECT_THAT(backend().RootCertificates(), IsEmpty());
}

TEST_F(BackendTest, RootsCertificateIsADuplicateForUsers) {
  CreateUsers({"Bob"});
  const std::string pem = ValidCertificatePem();
  ASSERT_THAT(root().UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithCertificateBody(pem)),
              IsOk());
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
  FakeIamClient bob(backend(), CallerIdentity::User("Bob"));
  EXPECT_THAT(
      bob.UploadSigningCertificate(UploadSigningCertificateRequest().WithCertificateBody(pem)),
      IsIamError(IamErrorCode::kDuplicateCertificate));
}

TEST_F(BackendTest, DuplicateIsJudgedOnTheDerNotTheText) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  MustUpload("Bob", pem);
  EXPECT_THAT(Upload("Alice", ToCrlf(pem)), IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(Upload("Alice", "\n  " + pem + "\n\n"),
              IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(Upload("Alice", absl::StrReplaceAll(pem, {{"\n", " \n"}})),
              IsIamError(IamErrorCode::kDuplicateCertificate));
}

TEST_F(BackendTest, DeletingFreesTheCertificate) {
  CreateUsers({"Bob", "Alice"});
  const std::string pem = ValidCertificatePem();
  const std::string first = MustUpload("Bob", pem);
  ASSERT_THAT(Delete("Bob", first), IsOk());
  auto again = Upload("Alice", pem);
  ASSERT_THAT(again, IsOk());
  EXPECT_NE(again->GetCertificate().GetCertificateId(), first);
  EXPECT_EQ(again->GetCertificate().GetUserName(), "Alice");
  EXPECT_THAT(Upload("Bob", pem), IsIamError(IamErrorCode::kDuplicateCertificate));
}

// ---------------------------------------------------------------------------------------------
// Quota.

TEST_F(BackendTest, QuotaIsTwoPerUserActiveOrNot) {
  CreateUsers({"Bob", "Alice"});
  const std::string first = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", first, StatusType::kInactive), IsOk());
  MustUpload("Bob", ValidCertificatePem());
  const std::string third = ValidCertificatePem();
  EXPECT_THAT(Upload("Bob", third),
              IsIamError(IamErrorCode::kLimitExceeded,
                          Eq("Cannot exceed quota for CertificatesPerUser: 2")));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kLimitExceeded), 409);
  EXPECT_THAT(backend().Certificates("Bob"), SizeIs(2));
  // The quota is per user...
  EXPECT_THAT(Upload("Alice", ValidCertificatePem()), IsOk());
  // ...and a deletion frees a place; the refused certificate was not remembered as held.
  ASSERT_THAT(Delete("Bob", first), IsOk());
  EXPECT_THAT(Upload("Bob", third), IsOk());
}

TEST_F(BackendTest, QuotaIsConfigurable) {
  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 3;
  Init(options);
  CreateUsers({"Bob"});
  for (int i = 0; i < 3; ++i) MustUpload("Bob", ValidCertificatePem());
  EXPECT_THAT(Upload("Bob", ValidCertificatePem()),
              IsIamError(IamErrorCode::kLimitExceeded,
                          Eq("Cannot exceed quota for CertificatesPerUser: 3")));

  options.max_certificates_per_user = 1;
  Init(options);
  CreateUsers({"Bob"});
  MustUpload("Bob", ValidCertificatePem());
  EXPECT_THAT(Upload("Bob", ValidCertificatePem()),
              IsIamError(IamErrorCode::kLimitExceeded,
                          Eq("Cannot exceed quota for CertificatesPerUser: 1")));
}

// ---------------------------------------------------------------------------------------------
// New certificates.

TEST_F(BackendTest, NewCertificateFields) {
  CreateUsers({"Bob"});
  const std::string pem = ValidCertificatePem();
  backend().AdvanceClock(absl::Seconds(42));
  auto uploaded = Upload("Bob", pem);
  ASSERT_THAT(uploaded, IsOk());
  const SigningCertificate& cert = uploaded->GetCertificate();
  EXPECT_EQ(cert.GetUserName(), "Bob");
  EXPECT_EQ(cert.GetStatus(), StatusType::kActive);
  EXPECT_EQ(cert.GetUploadDate(), kStartTime + absl::Seconds(42));
  EXPECT_THAT(cert.GetCertificateId(), IsCertificateIdShape());
  EXPECT_EQ(cert.GetCertificateBody(), pem);

  // What the listing and the inspection show is the same certificate.
  for (const auto& listed : {List("Bob")->GetCertificates(), backend().Certificates("Bob")}) {
    ASSERT_THAT(listed, SizeIs(1));
    EXPECT_EQ(listed[0].GetCertificateId(), cert.GetCertificateId());
    EXPECT_EQ(listed[0].GetUserName(), "Bob");
    EXPECT_EQ(listed[0].GetStatus(), StatusType::kActive);
    EXPECT_EQ(listed[0].GetUploadDate(), cert.GetUploadDate());
    EXPECT_EQ(listed[0].GetCertificateBody(), pem);
  }
}

TEST_F(BackendTest, UploadDateIsWholeSeconds) {
  FakeIamOptions options = TestOptions();
  options.start_time = kStartTime + absl::Milliseconds(750);
  Init(options);
  CreateUsers({"Bob", "Alice"});
  auto first = Upload("Bob", ValidCertificatePem());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->GetCertificate().GetUploadDate(), kStartTime);
  backend().AdvanceClock(absl::Milliseconds(1500));  // now 00:00:02.250
  auto second = Upload("Alice", ValidCertificatePem());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->GetCertificate().GetUploadDate(), kStartTime + absl::Seconds(2));
  EXPECT_EQ(backend().Now(), kStartTime + absl::Milliseconds(2250));
}

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
      ASSERT_THAT(Delete("Bob", id), IsOk());  // a freed id is not handed out again
    }
  }
  EXPECT_THAT(ids, SizeIs(40));
}

// The same calls on a backend: user ids and certificate ids, in order.
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
  EXPECT_TRUE(client
                  .DeleteSigningCertificate(
                      DeleteSigningCertificateRequest().WithUserName("Alice").WithCertificateId(
                          out[3]))
                  .ok());
  out.push_back(fake_iam_test::UploadOrDie(client, "Alice", pems[2]));
  out.push_back(fake_iam_test::UploadOrDie(client, "", pems[3]));  // the root
  auto carol = backend.UploadSigningCertificate("Carol", pems[4]);
  EXPECT_TRUE(carol.ok()) << carol.status();
  if (carol.ok()) out.push_back(carol->GetCertificateId());
  return out;
}

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

  options.seed = 43;
  FakeIamBackend other(options);
  const std::vector<std::string> c = RunScript(other, pems);
  ASSERT_THAT(c, SizeIs(8));
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NE(a[i], c[i]) << i;
}

TEST(DeterminismTest, IdsDoNotDependOnCertificateContentsOrTime) {
  // "deterministic for a given seed and call order": other certificates, another clock, same ids.
  std::vector<std::string> pems_a, pems_b;
  for (int i = 0; i < 5; ++i) pems_a.push_back(ValidCertificatePem());
  for (int i = 0; i < 5; ++i) pems_b.push_back(ValidCertificatePem());
  FakeIamOptions options = TestOptions();
  options.seed = 7;
  FakeIamBackend first(options);
  options.start_time = kStartTime + absl::Hours(1000);
  FakeIamBackend second(options);
  EXPECT_EQ(RunScript(first, pems_a), RunScript(second, pems_b));
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
  ASSERT_TRUE(backend.InjectFault(FaultRule::Fail(IamErrorCode::kServiceFailure)
                                      .On(Operation::kListUsers)
                                      .Always())
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

// ---------------------------------------------------------------------------------------------
// Update and delete.

TEST_F(BackendTest, UpdateChangesStatusVisibleInListing) {
  CreateUsers({"Bob"});
  const std::string first = MustUpload("Bob", ValidCertificatePem());
  const std::string second = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Update("Bob", second, StatusType::kInactive), IsOk());
  auto listed = List("Bob");
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetCertificates(), SizeIs(2));
  EXPECT_EQ(listed->GetCertificates()[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(listed->GetCertificates()[1].GetStatus(), StatusType::kInactive);

  // To the same status: accepted, nothing changes.
  EXPECT_THAT(Update("Bob", second, StatusType::kInactive), IsOk());
  EXPECT_THAT(Update("Bob", first, StatusType::kActive), IsOk());
  EXPECT_EQ(backend().Certificates("Bob")[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(backend().Certificates("Bob")[1].GetStatus(), StatusType::kInactive);

  ASSERT_THAT(Update("Bob", second, StatusType::kActive), IsOk());
  EXPECT_EQ(List("Bob")->GetCertificates()[1].GetStatus(), StatusType::kActive);
  // The update does not move the certificate or change its other fields.
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAre(first, second));
  EXPECT_EQ(backend().Certificates("Bob")[1].GetUploadDate(), kStartTime);
}

TEST_F(BackendTest, UpdateAndDeleteOnlyTheUsersOwnCertificates) {
  CreateUsers({"Bob", "Alice"});
  const std::string alices = MustUpload("Alice", ValidCertificatePem());
  const std::string message = absl::StrCat("The Certificate with id ", alices, " cannot be found.");
  EXPECT_THAT(Update("Bob", alices, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Delete("Bob", alices), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  ASSERT_THAT(backend().Certificates("Alice"), SizeIs(1));
  EXPECT_EQ(backend().Certificates("Alice")[0].GetStatus(), StatusType::kActive);

  const std::string unknown(32, 'Q');
  EXPECT_THAT(Update("Alice", unknown, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity,
                          Eq(absl::StrCat("The Certificate with id ", unknown,
                                          " cannot be found."))));
  EXPECT_THAT(Delete("Alice", unknown), IsIamError(IamErrorCode::kNoSuchEntity));

  // A user's certificate through the root's implicit user is not the root's either.
  EXPECT_THAT(root().DeleteSigningCertificate(
                  DeleteSigningCertificateRequest().WithCertificateId(alices)),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(backend().Certificates("Alice"), SizeIs(1));
}

TEST_F(BackendTest, DeleteTwiceIsNoSuchEntity) {
  CreateUsers({"Bob"});
  const std::string id = MustUpload("Bob", ValidCertificatePem());
  ASSERT_THAT(Delete("Bob", id), IsOk());
  EXPECT_THAT(Delete("Bob", id),
              IsIamError(IamErrorCode::kNoSuchEntity,
                          Eq(absl::StrCat("The Certificate with id ", id, " cannot be found."))));
  EXPECT_THAT(Update("Bob", id, StatusType::kActive), IsIamError(IamErrorCode::kNoSuchEntity));
}

// ---------------------------------------------------------------------------------------------
// Listing.

class ListingTest : public BackendTest {
 protected:
  void SetUp() override {
    FakeIamOptions options = TestOptions();
    options.max_certificates_per_user = 200;
    Init(options);
    CreateUsers({"Bob", "Alice"});
  }
  std::vector<std::string> UploadMany(const std::string& user, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(MustUpload(user, ValidCertificatePem()));
    return ids;
  }
};

TEST_F(ListingTest, EmptyList) {
  auto listed = List("Bob");
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->GetCertificates(), IsEmpty());
  EXPECT_TRUE(listed->IsTruncatedHasBeenSet());
  EXPECT_FALSE(listed->GetIsTruncated());
  EXPECT_FALSE(listed->MarkerHasBeenSet());
}

TEST_F(ListingTest, UploadOrder) {
  std::vector<std::string> bob, alice;
  for (int i = 0; i < 6; ++i) {
    bob.push_back(MustUpload("Bob", ValidCertificatePem()));
    alice.push_back(MustUpload("Alice", ValidCertificatePem()));
  }
  ASSERT_THAT(Delete("Bob", bob[2]), IsOk());
  bob.erase(bob.begin() + 2);
  bob.push_back(MustUpload("Bob", ValidCertificatePem()));
  EXPECT_THAT(IdsOf(List("Bob")->GetCertificates()), ElementsAreArray(bob));
  EXPECT_THAT(IdsOf(List("Alice")->GetCertificates()), ElementsAreArray(alice));
  EXPECT_THAT(IdsOf(backend().Certificates("Bob")), ElementsAreArray(bob));
  EXPECT_THAT(ListAllIds("Bob", 1), ElementsAreArray(bob));
}

TEST_F(ListingTest, MaxItemsDefaultsTo100) {
  const std::vector<std::string> ids = UploadMany("Bob", 101);
  auto first = List("Bob");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->GetCertificates(), SizeIs(100));
  EXPECT_TRUE(first->GetIsTruncated());
  EXPECT_THAT(first->GetMarker(), Not(IsEmpty()));
  auto second = List("Bob", first->GetMarker());
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(IdsOf(second->GetCertificates()), ElementsAre(ids[100]));
  EXPECT_FALSE(second->GetIsTruncated());
  EXPECT_FALSE(second->MarkerHasBeenSet());
}

TEST_F(ListingTest, PagesOfMaxItems) {
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob", std::nullopt, 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(IdsOf(p1->GetCertificates()), ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(p1->GetIsTruncated());
  auto p2 = List("Bob", p1->GetMarker(), 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[2], ids[3]));
  EXPECT_TRUE(p2->GetIsTruncated());
  auto p3 = List("Bob", p2->GetMarker(), 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(IdsOf(p3->GetCertificates()), ElementsAre(ids[4]));
  EXPECT_FALSE(p3->GetIsTruncated());
  EXPECT_FALSE(p3->MarkerHasBeenSet());
  // A marker may be used again: listing is a read.
  auto p2_again = List("Bob", p1->GetMarker(), 2);
  ASSERT_THAT(p2_again, IsOk());
  EXPECT_THAT(IdsOf(p2_again->GetCertificates()), ElementsAre(ids[2], ids[3]));
}

TEST_F(ListingTest, ExactlyMaxItemsIsNotTruncated) {
  const std::vector<std::string> ids = UploadMany("Bob", 4);
  auto listed = List("Bob", std::nullopt, 4);
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(IdsOf(listed->GetCertificates()), ElementsAreArray(ids));
  EXPECT_FALSE(listed->GetIsTruncated());
}

TEST_F(ListingTest, MaxPageSizeCapsPages) {
  FakeIamOptions options = TestOptions();
  options.max_certificates_per_user = 200;
  options.max_page_size = 2;
  Init(options);
  CreateUsers({"Bob"});
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob");  // MaxItems defaults to 100, but the page is capped
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(IdsOf(p1->GetCertificates()), ElementsAre(ids[0], ids[1]));
  EXPECT_TRUE(p1->GetIsTruncated());
  auto capped = List("Bob", std::nullopt, 1000);
  ASSERT_THAT(capped, IsOk());
  EXPECT_THAT(capped->GetCertificates(), SizeIs(2));
  // A smaller MaxItems still wins.
  auto one = List("Bob", std::nullopt, 1);
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(IdsOf(one->GetCertificates()), ElementsAre(ids[0]));
  EXPECT_THAT(ListAllIds("Bob"), ElementsAreArray(ids));
}

TEST_F(ListingTest, MarkerSurvivesDeletionOfTheLastReturnedCertificate) {
  const std::vector<std::string> ids = UploadMany("Bob", 5);
  auto p1 = List("Bob", std::nullopt, 2);
  ASSERT_THAT(p1, IsOk());
  ASSERT_THAT(Delete("Bob", ids[1]), IsOk());
  ASSERT_THAT(Delete("Bob", ids[2]), IsOk());
  const std::string added = MustUpload("Bob", ValidCertificatePem());
  auto p2 = List("Bob", p1->GetMarker(), 10);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[3], ids[4], added));
}

TEST_F(ListingTest, MarkerAcceptsTheUserNameInAnotherCase) {
  const std::vector<std::string> ids = UploadMany("Bob", 3);
  auto p1 = List("Bob", std::nullopt, 1);
  ASSERT_THAT(p1, IsOk());
  auto p2 = List("BOB", p1->GetMarker(), 5);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(IdsOf(p2->GetCertificates()), ElementsAre(ids[1], ids[2]));
}

TEST_F(ListingTest, ForeignMarkersAreInvalid) {
  UploadMany("Bob", 3);
  UploadMany("Alice", 3);
  ASSERT_TRUE(root()
                  .UploadSigningCertificate(
                      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()))
                  .ok());
  ASSERT_TRUE(root()
                  .UploadSigningCertificate(
                      UploadSigningCertificateRequest().WithCertificateBody(ValidCertificatePem()))
                  .ok());
  auto bob_page = List("Bob", std::nullopt, 1);
  ASSERT_THAT(bob_page, IsOk());
  const std::string bob_marker = bob_page->GetMarker();
  auto root_page =
      root().ListSigningCertificates(ListSigningCertificatesRequest().WithMaxItems(1));
  ASSERT_THAT(root_page, IsOk());
  ASSERT_TRUE(root_page->GetIsTruncated());
  auto users_page = root().ListUsers(ListUsersRequest().WithMaxItems(1));
  ASSERT_THAT(users_page, IsOk());
  ASSERT_TRUE(users_page->GetIsTruncated());

  std::string first_changed = bob_marker;
  first_changed[0] = first_changed[0] == 'A' ? 'B' : 'A';
  std::string last_changed = bob_marker;
  last_changed.back() = last_changed.back() == 'A' ? 'B' : 'A';

  const auto invalid = IsIamError(IamErrorCode::kInvalidInput, Eq("Invalid Marker."));
  EXPECT_THAT(List("Alice", bob_marker), invalid);
  EXPECT_THAT(List("Bob", root_page->GetMarker()), invalid);
  EXPECT_THAT(root().ListSigningCertificates(ListSigningCertificatesRequest().WithMarker(bob_marker)),
              invalid);
  EXPECT_THAT(List("Bob", users_page->GetMarker()), invalid);
  EXPECT_THAT(root().ListUsers(ListUsersRequest().WithMarker(bob_marker)), invalid);
  EXPECT_THAT(List("Bob", std::string("garbage")), invalid);
  EXPECT_THAT(List("Bob", bob_marker + "x"), invalid);
  EXPECT_THAT(List("Bob", first_changed), invalid);
  EXPECT_THAT(List("Bob", last_changed), invalid);
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kInvalidInput), 400);
  // The genuine marker still works.
  EXPECT_THAT(List("Bob", bob_marker), IsOk());
}

// ---------------------------------------------------------------------------------------------
// ListUsers.

TEST_F(BackendTest, ListUsersFiltersByPathPrefix) {
  ASSERT_THAT(backend().CreateUser("a", "/"), IsOk());
  ASSERT_THAT(backend().CreateUser("b", "/eng/"), IsOk());
  ASSERT_THAT(backend().CreateUser("c", "/eng/team/"), IsOk());
  ASSERT_THAT(backend().CreateUser("d", "/engineering/"), IsOk());
  ASSERT_THAT(backend().CreateUser("e", "/ops/"), IsOk());

  auto eng = root().ListUsers(ListUsersRequest().WithPathPrefix("/eng/"));
  ASSERT_THAT(eng, IsOk());
  EXPECT_THAT(NamesOf(eng->GetUsers()), UnorderedElementsAre("b", "c"));
  EXPECT_FALSE(eng->GetIsTruncated());

  auto all = root().ListUsers(ListUsersRequest());
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(NamesOf(all->GetUsers()), UnorderedElementsAre("a", "b", "c", "d", "e"));
  EXPECT_TRUE(all->IsTruncatedHasBeenSet());
  EXPECT_FALSE(all->GetIsTruncated());

  auto slash = root().ListUsers(ListUsersRequest().WithPathPrefix("/"));
  ASSERT_THAT(slash, IsOk());
  EXPECT_THAT(slash->GetUsers(), SizeIs(5));

  auto none = root().ListUsers(ListUsersRequest().WithPathPrefix("/nothing/"));
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(none->GetUsers(), IsEmpty());
  EXPECT_FALSE(none->GetIsTruncated());
}

TEST_F(BackendTest, ListUsersShowsTheUsersFields) {
  backend().AdvanceClock(absl::Seconds(5));
  auto created =
      root().CreateUser(CreateUserRequest().WithUserName("Bob").WithPath("/eng/"));
  ASSERT_THAT(created, IsOk());
  auto listed = root().ListUsers(ListUsersRequest());
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->GetUsers(), SizeIs(1));
  const User& user = listed->GetUsers()[0];
  EXPECT_EQ(user.GetUserName(), "Bob");
  EXPECT_EQ(user.GetPath(), "/eng/");
  EXPECT_EQ(user.GetArn(), "arn:aws:iam::123456789012:user/eng/Bob");
  EXPECT_EQ(user.GetUserId(), created->GetUser().GetUserId());
  EXPECT_EQ(user.GetCreateDate(), kStartTime + absl::Seconds(5));
}

TEST_F(BackendTest, ListUsersPages) {
  FakeIamOptions options = TestOptions();
  options.max_page_size = 3;
  Init(options);
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    names.push_back(absl::StrCat("user", i));
    ASSERT_THAT(backend().CreateUser(names.back()), IsOk());
  }
  for (int max_items : {1, 2, 3, 100}) {
    SCOPED_TRACE(max_items);
    std::vector<std::string> seen;
    std::optional<std::string> marker;
    for (int page = 0; page < 20; ++page) {
      ListUsersRequest request;
      request.SetMaxItems(max_items);
      if (marker) request.SetMarker(*marker);
      auto result = root().ListUsers(request);
      ASSERT_THAT(result, IsOk());
      EXPECT_LE(result->GetUsers().size(), static_cast<size_t>(std::min(max_items, 3)));
      for (const auto& user : result->GetUsers()) seen.push_back(user.GetUserName());
      if (!result->GetIsTruncated()) {
        EXPECT_FALSE(result->MarkerHasBeenSet());
        break;
      }
      EXPECT_FALSE(result->GetUsers().empty());
      marker = result->GetMarker();
    }
    EXPECT_THAT(seen, UnorderedElementsAre("user0", "user1", "user2", "user3", "user4", "user5",
                                           "user6"));
  }
}

}  // namespace
}  // namespace fake_iam
