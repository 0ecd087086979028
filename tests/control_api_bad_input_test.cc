// The control API's refusals, through its transport-free entry point: bad JSON, unknown fields,
// wrong types and unknown names get a 400 naming the field and change nothing; unknown paths get
// 404, wrong methods 405; the API is off or wants a token as configured.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "fake_iam/fake_iam_client.h"
#include "fake_iam/server/control_api.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/control_api_test_util.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::ControlApiTest;
using ::fake_iam_test::Reply;
using ::nlohmann::json;
using ::testing::HasSubstr;

struct BadBody {
  std::string name;
  std::string method;
  std::string path;
  std::string body;
  std::string error;  // a part of the error message
  std::string query = "";
};

class BadBodyTest : public ControlApiTest, public ::testing::WithParamInterface<BadBody> {};

// Each is refused with a 400 naming what is wrong, and leaves the backend as it was.
TEST_P(BadBodyTest, IsRefusedAndChangesNothing) {
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  const std::string before = fake_iam_test::DescribeState(backend_);
  const json clock_before = Send("GET", "/_fake_iam/clock").body;

  Reply reply = Send(GetParam().method, GetParam().path, GetParam().body, GetParam().query);
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_THAT(reply.body["error"].get<std::string>(), HasSubstr(GetParam().error));
  EXPECT_EQ(fake_iam_test::DescribeState(backend_), before);
  EXPECT_EQ(Send("GET", "/_fake_iam/clock").body, clock_before);
  EXPECT_EQ(Send("GET", "/_fake_iam/faults").body["faults"], json::array());
  FakeIamClient iam(backend_);
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsOk());  // no fault was half-made
}

INSTANTIATE_TEST_SUITE_P(
    Control, BadBodyTest,
    ::testing::Values(
        BadBody{"NotJson", "POST", "/_fake_iam/users", "{user_name:1}", "not valid JSON"},
        BadBody{"Truncated", "POST", "/_fake_iam/faults", R"({"error":"Thro)", "not valid JSON"},
        BadBody{"NotUtf8", "POST", "/_fake_iam/users", "{\"user_name\":\"\xff\"}",
                "not valid JSON"},
        BadBody{"Array", "POST", "/_fake_iam/clock", "[]", "must be a JSON object, got array"},
        BadBody{"Repeated", "POST", "/_fake_iam/users", R"({"user_name":"a","user_name":"b"})",
                "'user_name': given more than once"},
        BadBody{"UnknownUserField", "POST", "/_fake_iam/users", R"({"user_name":"a","x":1})",
                "'x': unknown field"},
        BadBody{"UserNameNotString", "POST", "/_fake_iam/users", R"({"user_name":7})",
                "'user_name': wants a string, got 7"},
        BadBody{"OwnerUnknown", "POST", "/_fake_iam/access-keys", R"({"owner":"admin"})",
                "'owner': wants \"root\", \"user/NAME\" or \"role/NAME\""},
        BadBody{"OwnerMissing", "POST", "/_fake_iam/access-keys", "{}", "'owner': required"},
        BadBody{"KeyIdWithoutSecret", "POST", "/_fake_iam/access-keys",
                R"({"owner":"root","access_key_id":"A"})", "'secret_access_key': required"},
        BadBody{"UnknownError", "POST", "/_fake_iam/faults", R"({"error":"Boom"})",
                "'error': unknown IAM error code \"Boom\""},
        BadBody{"UnknownOperation", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","operation":"PutUser"})", "'operation': unknown"},
        BadBody{"TimesNotInteger", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","times":1.5})", "'times': wants an integer"},
        BadBody{"TimesTooLarge", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","times":99999999999})", "'times': wants an integer"},
        BadBody{"AlwaysNotBool", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","always":"yes"})", "'always': wants true or false"},
        BadBody{"UnknownFaultField", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","retries":1})", "'retries': unknown field"},
        BadBody{"NoKind", "POST", "/_fake_iam/faults", R"({"operation":"GetUser"})",
                "a fault needs one of"},
        BadBody{"TwoKinds", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","http_status":503})", "only one of"},
        BadBody{"TimesAndAlways", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","times":2,"always":true})", "not both"},
        BadBody{"RuleRefused", "POST", "/_fake_iam/faults",
                R"({"error":"DeleteConflict","operation":"ListUsers"})",
                "FaultRule::Fail(DeleteConflict).On(ListUsers): IAM's ListUsers never returns"},
        BadBody{"NegativeAfterCalls", "POST", "/_fake_iam/faults",
                R"({"error":"Throttling","after_calls":-1})", "FaultRule::AfterCalls(-1)"},
        BadBody{"DelayOnlyWithoutDelay", "POST", "/_fake_iam/faults", R"({"delay_only":true})",
                "FaultRule::DelayOnly(0)"},
        BadBody{"BadHttpStatus", "POST", "/_fake_iam/faults", R"({"http_status":99})",
                "FaultRule::HttpStatus(99)"},
        BadBody{"ClockBadTime", "POST", "/_fake_iam/clock", R"({"set":"2026-01-02 03:04:05"})",
                "'set': wants an ISO 8601 UTC time"},
        BadBody{"ClockInfinite", "POST", "/_fake_iam/clock", R"({"set":"infinite-future"})",
                "'set': wants an ISO 8601 UTC time"},
        BadBody{"ClockTwoKeys", "POST", "/_fake_iam/clock",
                R"({"set":"2026-01-02T03:04:05Z","advance_seconds":1})", "exactly one of"},
        BadBody{"ClockNothing", "POST", "/_fake_iam/clock", "{}", "exactly one of"},
        BadBody{"ClockMode", "POST", "/_fake_iam/clock", R"({"mode":"fast"})",
                "'mode': wants \"live\" or \"frozen\""},
        BadBody{"ClockAdvanceTooFar", "POST", "/_fake_iam/clock", R"({"advance_seconds":1e12})",
                "'advance_seconds'"},
        BadBody{"ClockAdvanceString", "POST", "/_fake_iam/clock", R"({"advance_seconds":"60"})",
                "'advance_seconds': wants a number"},
        BadBody{"ResetWithMembers", "POST", "/_fake_iam/reset", R"({"hard":true})",
                "'hard': unknown field"},
        BadBody{"StateWithBody", "GET", "/_fake_iam/state", R"({"x":1})", "'x': unknown field"},
        BadBody{"QueryOnState", "GET", "/_fake_iam/state", "", "takes no query string", "a=1"},
        BadBody{"CallsUnknownOperation", "GET", "/_fake_iam/calls", "",
                "'operation': unknown operation \"Nope\"", "operation=Nope"},
        BadBody{"CallsUnknownParameter", "GET", "/_fake_iam/calls", "",
                "'op': unknown query parameter", "op=GetUser"},
        BadBody{"CallsRepeated", "GET", "/_fake_iam/calls", "", "given more than once",
                "operation=GetUser&operation=ListUsers"},
        BadBody{"CallsBadEscape", "GET", "/_fake_iam/calls", "", "the query string",
                "operation=%zz"}),
    [](const ::testing::TestParamInfo<BadBody>& info) { return info.param.name; });

TEST_F(ControlApiTest, UnknownPathsAre404AndWrongMethods405) {
  for (const char* path :
       {"/_fake_iam/", "/_fake_iam", "/_fake_iam/nope", "/_fake_iam/faults/", "/_fake_iam/faults/x",
        "/_fake_iam/faults/01", "/_fake_iam/faults/7", "/_fake_iam/state/"}) {
    Reply reply = Send("DELETE", path);
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_TRUE(reply.body["error"].is_string()) << path;
  }
  for (auto [method, path] : {std::pair{"GET", "/_fake_iam/reset"},
                              {"POST", "/_fake_iam/state"},
                              {"PUT", "/_fake_iam/faults"},
                              {"POST", "/_fake_iam/calls"},
                              {"DELETE", "/_fake_iam/clock"},
                              {"HEAD", "/_fake_iam/users"}}) {
    Reply reply = Send(method, path);
    EXPECT_EQ(reply.status, 405) << method << " " << path;
    EXPECT_THAT(reply.body["error"].get<std::string>(), HasSubstr("method not allowed"));
  }
}

TEST_F(ControlApiTest, OffUnlessEnabledAndATokenWhenSetIsRequired) {
  server::ControlApi off(backend_, {/*enabled=*/false, ""});
  EXPECT_EQ(off.Handle("GET", "/_fake_iam/state", "", "").status, 403);

  server::ControlApi guarded(backend_, {/*enabled=*/true, "s3cret"});
  EXPECT_EQ(guarded.Handle("GET", "/_fake_iam/state", "", "").status, 401);
  EXPECT_EQ(
      guarded.Handle("GET", "/_fake_iam/state", "", "", {{"Authorization", "Bearer nope"}}).status,
      401);
  EXPECT_EQ(guarded.Handle("GET", "/_fake_iam/state", "", "", {{"Authorization", "s3cret"}}).status,
            401);
  EXPECT_EQ(guarded.Handle("GET", "/_fake_iam/state", "", "", {{"authorization", "bearer s3cret"}})
                .status,
            200);
}

TEST(ControlApiPaths, LoopbackAddressesAndControlPaths) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
    EXPECT_TRUE(server::ControlApi::IsLoopback(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "10.0.0.1", "::", "example.com", ""}) {
    EXPECT_FALSE(server::ControlApi::IsLoopback(host)) << host;
  }
  EXPECT_TRUE(server::ControlApi::Handles("/_fake_iam/state?x=1"));
  EXPECT_FALSE(server::ControlApi::Handles("/"));
  EXPECT_FALSE(server::ControlApi::Handles("/_fake_iamx"));
}

}  // namespace
}  // namespace fake_iam
