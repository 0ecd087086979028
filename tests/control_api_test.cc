// The control API through its transport-free entry point: each endpoint maps onto the backend's
// public methods. Refusals: tests/control_api_bad_input_test.cc; over real HTTP:
// tests/control_api_http_test.cc.
#include "fake_iam/server/control_api.h"

#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/escaping.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/internal/openssl_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"
#include "tests/control_api_test_util.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::ControlApiTest;
using ::fake_iam_test::Reply;
using ::nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

TEST_F(ControlApiTest, ResetEmptiesStateFaultsAndRecordsAndStartsIdsOver) {
  Reply first = Send("POST", "/_fake_iam/users", R"({"user_name":"bob"})");
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(PostFault(R"({"error":"Throttling"})"), 1);
  FakeIamClient iam(backend_);
  (void)iam.ListUsers(ListUsersRequest());
  backend_.SetClock(fake_iam_test::kStartTime + absl::Hours(1));

  Reply reset = Send("POST", "/_fake_iam/reset");
  EXPECT_EQ(reset.status, 200);
  EXPECT_EQ(reset.body, json::object());
  EXPECT_THAT(backend_.Users(), IsEmpty());
  EXPECT_THAT(backend_.RecordedCalls(), IsEmpty());
  EXPECT_EQ(Send("GET", "/_fake_iam/faults").body["faults"], json::array());
  EXPECT_EQ(PostFault(R"({"error":"Throttling"})"), 1);  // fault ids start over too
  EXPECT_EQ(Send("POST", "/_fake_iam/users", R"({"user_name":"bob"})").body["user_id"],
            first.body["user_id"]);
  EXPECT_EQ(backend_.Now(), fake_iam_test::kStartTime + absl::Hours(1));  // the clock is kept
}

TEST_F(ControlApiTest, StateShowsUsersCertificatesAndRootCertificates) {
  ASSERT_THAT(backend_.CreateUser("bob", "/team/"), IsOk());
  const std::string pem = ValidCertificatePem();
  absl::StatusOr<SigningCertificate> cert = backend_.UploadSigningCertificate("bob", pem);
  ASSERT_THAT(cert, IsOk());
  fake_iam_test::UploadOrDie(FakeIamClient(backend_), "", ValidCertificatePem());  // the root's

  Reply state = Send("GET", "/_fake_iam/state");
  ASSERT_EQ(state.status, 200);
  User bob = backend_.Users()[0];
  EXPECT_EQ(state.body["users"],
            json::parse(R"([{"user_name":"bob","path":"/team/","user_id":")" + bob.GetUserId() +
                        R"(","arn":")" + bob.GetArn() +
                        R"(","create_date":"2026-01-01T00:00:00Z","certificates":[{
                        "certificate_id":")" +
                        cert->GetCertificateId() +
                        R"(","status":"Active","upload_date":"2026-01-01T00:00:00Z",
                        "fingerprint_sha256":")" +
                        absl::BytesToHexString(internal::Sha256(PemToDer(pem))) +
                        R"("}],"access_keys":[],"ssh_public_keys":[]}])"));
  EXPECT_THAT(state.body["root_certificates"], SizeIs(1));
}

TEST_F(ControlApiTest, StateShowsAccessKeysWithTheirLastUseButNeverTheSecret) {
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  absl::StatusOr<AccessKey> unused = backend_.CreateAccessKey(CallerIdentity::User("bob"));
  ASSERT_THAT(unused, IsOk());
  backend_.AdvanceClock(absl::Seconds(7));
  absl::StatusOr<AccessKey> used = backend_.CreateAccessKey(CallerIdentity::User("bob"));
  ASSERT_THAT(used, IsOk());
  FakeIamClient iam(backend_);
  ASSERT_THAT(iam.UpdateAccessKey(UpdateAccessKeyRequest()
                                      .WithUserName("bob")
                                      .WithAccessKeyId(unused->GetAccessKeyId())
                                      .WithStatus(StatusType::kInactive)),
              IsOk());
  backend_.AdvanceClock(absl::Seconds(5));
  backend_.RecordAccessKeyUse(used->GetAccessKeyId(), "iam", "eu-west-1");
  absl::StatusOr<AccessKey> roots = backend_.CreateAccessKey(CallerIdentity::Root());
  ASSERT_THAT(roots, IsOk());
  // A role's key is held by no one IAM lists.
  ASSERT_THAT(backend_.CreateAccessKey(CallerIdentity::Role("Deployer")), IsOk());
  backend_.ClearRecordedCalls();

  Reply state = Send("GET", "/_fake_iam/state");
  ASSERT_EQ(state.status, 200);
  EXPECT_EQ(state.body["users"][0]["access_keys"], json::parse(R"([
      {"access_key_id":")" + unused->GetAccessKeyId() + R"(","status":"Inactive",
       "create_date":"2026-01-01T00:00:00Z","last_used_date":null,
       "last_used_service":"N/A","last_used_region":"N/A"},
      {"access_key_id":")" + used->GetAccessKeyId() + R"(","status":"Active",
       "create_date":"2026-01-01T00:00:07Z","last_used_date":"2026-01-01T00:00:12Z",
       "last_used_service":"iam","last_used_region":"eu-west-1"}])"));
  EXPECT_EQ(state.body["root_access_keys"], json::parse(R"([
      {"access_key_id":")" + roots->GetAccessKeyId() + R"(","status":"Active",
       "create_date":"2026-01-01T00:00:12Z","last_used_date":null,
       "last_used_service":"N/A","last_used_region":"N/A"}])"));
  for (const AccessKey* key : {&*unused, &*used, &*roots}) {
    EXPECT_THAT(state.body.dump(), Not(HasSubstr(key->GetSecretAccessKey())));
  }
  // Reading the state is no IAM call: GetAccessKeyLastUsed was not made.
  EXPECT_THAT(backend_.RecordedCalls(), IsEmpty());
}

TEST_F(ControlApiTest, EmptyStateHasEveryList) {
  EXPECT_EQ(Send("GET", "/_fake_iam/state").body,
            json::parse(R"({"users":[],"root_certificates":[],"root_access_keys":[]})"));
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  EXPECT_EQ(Send("GET", "/_fake_iam/state").body["users"][0]["access_keys"], json::array());
}

TEST_F(ControlApiTest, CreatesUsersAsSetUpAndPassesOnTheBackendsRefusal) {
  Reply bob = Send("POST", "/_fake_iam/users", R"({"user_name":"bob","path":"/ops/"})");
  EXPECT_EQ(bob.status, 201);
  EXPECT_EQ(bob.body["user_name"], "bob");
  EXPECT_EQ(bob.body["path"], "/ops/");
  EXPECT_EQ(bob.body["arn"], "arn:aws:iam::123456789012:user/ops/bob");
  EXPECT_EQ(bob.body["certificates"], json::array());
  EXPECT_EQ(bob.body["access_keys"], json::array());
  EXPECT_EQ(bob.body["ssh_public_keys"], json::array());
  EXPECT_THAT(backend_.RecordedCalls(), IsEmpty());  // set-up, not an IAM call

  Reply again = Send("POST", "/_fake_iam/users", R"({"user_name":"BOB"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "EntityAlreadyExists");
  Reply bad = Send("POST", "/_fake_iam/users", R"({"user_name":"no spaces"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["code"], "ValidationError");
  EXPECT_THAT(Send("POST", "/_fake_iam/users", "{}").body["error"], "'user_name': required");
}

TEST_F(ControlApiTest, MakesAccessKeysForTheRootAUserOrARole) {
  Reply root = Send("POST", "/_fake_iam/access-keys", R"({"owner":"root"})");
  ASSERT_EQ(root.status, 201);
  std::optional<AccessKeyOwner> owner =
      backend_.FindAccessKey(root.body["access_key_id"].get<std::string>());
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->caller, CallerIdentity::Root());
  EXPECT_EQ(owner->secret_access_key, root.body["secret_access_key"]);

  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  Reply bob = Send("POST", "/_fake_iam/access-keys",
                   R"({"owner":"user/bob","access_key_id":"AKIDBOB","secret_access_key":"s"})");
  EXPECT_EQ(bob.status, 201);
  EXPECT_EQ(bob.body, json::parse(R"({"access_key_id":"AKIDBOB","secret_access_key":"s"})"));
  EXPECT_EQ(backend_.FindAccessKey("AKIDBOB")->caller, CallerIdentity::User("bob"));
  Reply role = Send("POST", "/_fake_iam/access-keys", R"({"owner":"role/Deployer"})");
  EXPECT_EQ(role.status, 201);
  EXPECT_EQ(backend_.FindAccessKey(role.body["access_key_id"].get<std::string>())->caller,
            CallerIdentity::Role("Deployer"));

  EXPECT_EQ(Send("POST", "/_fake_iam/access-keys",
                 R"({"owner":"root","access_key_id":"AKIDBOB","secret_access_key":"t"})")
                .status,
            409);
  EXPECT_EQ(Send("POST", "/_fake_iam/access-keys", R"({"owner":"user/nobody"})").status, 404);
}

TEST_F(ControlApiTest, InjectsFaultsThatActOnCallsAndListsThemWithTheirCounters) {
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  const std::string posted =
      R"({"error":"ServiceFailure","operation":"UploadSigningCertificate","user":"bob",)"
      R"("after_calls":1,"times":2,"message":"try later"})";
  EXPECT_EQ(PostFault(posted), 1);
  EXPECT_EQ(PostFault(R"({"error":"Throttling","operation":"GetUser","always":true})"), 2);
  FakeIamClient iam(backend_);
  auto upload = [&] {
    return iam.UploadSigningCertificate(
        UploadSigningCertificateRequest().WithUserName("bob").WithCertificateBody(
            ValidCertificatePem()));
  };
  EXPECT_THAT(upload(), IsOk());  // after_calls: the first one passes
  EXPECT_THAT(upload(), IsIamError(IamErrorCode::kServiceFailure, "try later"));
  EXPECT_THAT(upload(), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(upload(), IsOk());  // the rule retired

  Reply faults = Send("GET", "/_fake_iam/faults");
  ASSERT_EQ(faults.status, 200);
  EXPECT_EQ(faults.body["faults"][0],
            (json{{"id", 1}, {"rule", json::parse(posted)}, {"fired", 2}, {"active", false}}));
  EXPECT_EQ(faults.body["faults"][1]["fired"], 0);
  EXPECT_EQ(faults.body["faults"][1]["active"], true);
}

TEST_F(ControlApiTest, MakesEveryKindOfFault) {
  EXPECT_EQ(PostFault(R"({"delay_only":true,"delay_ms":5})"), 1);
  EXPECT_EQ(PostFault(R"({"drop_connection":true,"operation":"ListUsers"})"), 2);
  EXPECT_EQ(PostFault(R"({"http_status":503,"times":3})"), 3);
  EXPECT_EQ(
      PostFault(
          R"({"error":"DeleteConflict","operation":"ListUsers","allow_any_error":true,"delay_ms":1})"),
      4);
  // The first matching rule fires: the delay, once. Then the wire faults, which act only over
  // HTTP, let the call through to the forced error.
  FakeIamClient iam(backend_);
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsOk());
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsIamError(IamErrorCode::kDeleteConflict));
  Reply faults = Send("GET", "/_fake_iam/faults");
  EXPECT_EQ(faults.body["faults"][0]["fired"], 1);
  EXPECT_EQ(faults.body["faults"][1]["fired"], 0);
  EXPECT_EQ(faults.body["faults"][3]["fired"], 1);
}

TEST_F(ControlApiTest, RemovesOneFaultOrAllOfThem) {
  ASSERT_EQ(PostFault(R"({"error":"Throttling","always":true})"), 1);
  ASSERT_EQ(PostFault(R"({"error":"ServiceFailure","always":true})"), 2);
  EXPECT_EQ(Send("DELETE", "/_fake_iam/faults/1").status, 200);
  EXPECT_EQ(Send("DELETE", "/_fake_iam/faults/1").status, 404);  // already gone
  FakeIamClient iam(backend_);
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(Send("GET", "/_fake_iam/faults").body["faults"], SizeIs(1));

  ASSERT_THAT(backend_.InjectFault(FaultRule::Fail(IamErrorCode::kThrottling).Always()), IsOk());
  Reply cleared = Send("DELETE", "/_fake_iam/faults");
  EXPECT_EQ(cleared.status, 200);
  EXPECT_EQ(cleared.body, json::object());
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsOk());  // the C++ API's rule went too
  EXPECT_EQ(Send("GET", "/_fake_iam/faults").body["faults"], json::array());
  EXPECT_EQ(PostFault(R"({"error":"Throttling"})"), 3);  // only reset starts ids over
}

TEST_F(ControlApiTest, ListsRecordedCallsWithWireNamesOnlyTheMembersSet) {
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  FakeIamClient bob(backend_, CallerIdentity::User("bob"));
  const std::string pem = ValidCertificatePem();
  const std::string id = fake_iam_test::UploadOrDie(bob, "", pem);
  ASSERT_EQ(PostFault(R"({"error":"Throttling","operation":"UpdateSigningCertificate"})"), 1);
  (void)bob.UpdateSigningCertificate(
      UpdateSigningCertificateRequest().WithUserName("bob").WithCertificateId(id).WithStatus(
          StatusType::kInactive));
  FakeIamClient root(backend_);
  (void)root.ListUsers(ListUsersRequest().WithPathPrefix("/").WithMaxItems(5));

  Reply calls = Send("GET", "/_fake_iam/calls");
  ASSERT_EQ(calls.status, 200);
  EXPECT_EQ(calls.body["calls"], json::parse(R"([
    {"sequence":1,"operation":"UploadSigningCertificate","caller":"user/bob",
     "request":{"CertificateBody":)" + json(pem).dump() +
                                             R"(},"error":null,"injected":false,
     "over_http":false,"time":"2026-01-01T00:00:00Z"},
    {"sequence":2,"operation":"UpdateSigningCertificate","caller":"user/bob",
     "request":{"UserName":"bob","CertificateId":")" +
                                             id + R"(","Status":"Inactive"},
     "error":{"code":"Throttling","message":"Rate exceeded"},"injected":true,
     "over_http":false,"time":"2026-01-01T00:00:00Z"},
    {"sequence":3,"operation":"ListUsers","caller":"root",
     "request":{"PathPrefix":"/","MaxItems":5},"error":null,"injected":false,
     "over_http":false,"time":"2026-01-01T00:00:00Z"}])"));

  Reply lists = Send("GET", "/_fake_iam/calls", "", "operation=ListUsers");
  ASSERT_THAT(lists.body["calls"], SizeIs(1));
  EXPECT_EQ(lists.body["calls"][0]["sequence"], 3);

  EXPECT_EQ(Send("DELETE", "/_fake_iam/calls").status, 200);
  EXPECT_EQ(Send("GET", "/_fake_iam/calls").body["calls"], json::array());
  (void)root.GetUser(GetUserRequest());
  EXPECT_EQ(Send("GET", "/_fake_iam/calls").body["calls"][0]["sequence"], 1);
  // Control requests themselves are never recorded.
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(1));
}

TEST_F(ControlApiTest, ReadsSetsAdvancesAndFreesTheClock) {
  EXPECT_EQ(Send("GET", "/_fake_iam/clock").body,
            json::parse(R"({"now":"2026-01-01T00:00:00Z","mode":"frozen"})"));
  Reply set = Send("POST", "/_fake_iam/clock", R"({"set":"2030-05-06T07:08:09Z"})");
  EXPECT_EQ(set.status, 200);
  EXPECT_EQ(set.body, json::parse(R"({"now":"2030-05-06T07:08:09Z","mode":"frozen"})"));
  EXPECT_EQ(Send("POST", "/_fake_iam/clock", R"({"advance_seconds":3600})").body["now"],
            "2030-05-06T08:08:09Z");
  EXPECT_EQ(Send("POST", "/_fake_iam/clock", R"({"advance_seconds":-0.5})").body["now"],
            "2030-05-06T08:08:08Z");
  EXPECT_EQ(backend_.Now(), absl::FromUnixSeconds(1904285288) + absl::Milliseconds(500));
  EXPECT_EQ(Send("POST", "/_fake_iam/clock", R"({"set":"2026-01-02T03:04:05.250Z"})").body["now"],
            "2026-01-02T03:04:05Z");

  Reply live = Send("POST", "/_fake_iam/clock", R"({"mode":"live"})");
  EXPECT_EQ(live.body["mode"], "live");
  EXPECT_EQ(backend_.clock_mode(), ClockMode::kLive);
  EXPECT_LT(absl::AbsDuration(backend_.Now() - absl::Now()), absl::Seconds(5));
  Reply frozen = Send("POST", "/_fake_iam/clock", R"({"mode":"frozen"})");
  EXPECT_EQ(frozen.body["mode"], "frozen");
  EXPECT_EQ(backend_.clock_mode(), ClockMode::kFrozen);
}

}  // namespace
}  // namespace fake_iam
