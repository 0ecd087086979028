// The control API over real loopback HTTP, on the server's own port: unsigned JSON requests beside
// signed IAM calls, transport refusals as JSON, and the switch that keeps it off on other addresses
// unless a token is given.
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/time/clock.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/fake_iam_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kJson[] = "application/json";

class ControlHttpTest : public ::testing::Test {
 protected:
  void StartServer(FakeIamServerOptions options = {}) {
    server_ = std::make_unique<FakeIamServer>(backend_, options);
    ASSERT_THAT(server_->Start(), IsOk());
  }
  httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(10, 0);
    return client;
  }
  static json Body(const httplib::Result& result) {
    return json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  }

  FakeIamBackend backend_{fake_iam_test::TestOptions()};
  std::unique_ptr<FakeIamServer> server_;
};

TEST_F(ControlHttpTest, SetsUpAndReadsBackWithoutSignatures) {
  StartServer();  // signatures checked for IAM calls, none needed here
  auto user = Client().Post("/_fake_iam/users", R"({"user_name":"bob"})", kJson);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->status, 201);
  EXPECT_EQ(user->get_header_value("Content-Type"), kJson);
  EXPECT_EQ(Body(user)["user_name"], "bob");
  auto key = Client().Post("/_fake_iam/access-keys", R"({"owner":"user/bob"})", kJson);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->status, 201);
  EXPECT_TRUE(backend_.FindAccessKey(Body(key)["access_key_id"].get<std::string>()).has_value());

  auto state = Client().Get("/_fake_iam/state");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, 200);
  EXPECT_THAT(Body(state)["users"], SizeIs(1));
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(0));
}

TEST_F(ControlHttpTest, RecordsIamCallsAsOverHttpAndFaultsThem) {
  FakeIamServerOptions options;
  options.accept_any_credentials = true;
  StartServer(options);
  auto fault = Client().Post("/_fake_iam/faults",
                             R"({"http_status":503,"operation":"ListUsers","times":1})", kJson);
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->status, 201);
  EXPECT_EQ(Body(fault), json::parse(R"({"id":1})"));

  const std::string list = "Action=ListUsers&Version=2010-05-08";
  auto faulted = Client().Post("/", list, "application/x-www-form-urlencoded");
  ASSERT_TRUE(faulted);
  EXPECT_EQ(faulted->status, 503);
  auto answered = Client().Get("/?" + list);
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);

  auto calls = Client().Get("/_fake_iam/calls?operation=ListUsers");
  ASSERT_TRUE(calls);
  ASSERT_EQ(calls->status, 200);
  json recorded = Body(calls)["calls"];
  ASSERT_THAT(recorded, SizeIs(2));
  EXPECT_EQ(recorded[0]["injected"], true);
  EXPECT_EQ(recorded[1]["over_http"], true);
  EXPECT_EQ(recorded[1]["caller"], "root");

  auto removed = Client().Delete("/_fake_iam/faults/1");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200);
  auto cleared = Client().Delete("/_fake_iam/calls");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->status, 200);
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(0));
}

TEST_F(ControlHttpTest, TransportRefusalsAreJsonOnControlPathsOnly) {
  FakeIamServerOptions options;
  options.max_body_bytes = 64;
  StartServer(options);
  auto large = Client().Post("/_fake_iam/users", std::string(100, ' '), kJson);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  EXPECT_TRUE(Body(large)["error"].is_string()) << large->body;
  auto put = Client().Put("/_fake_iam/faults", "{}", kJson);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_THAT(Body(put)["error"].get<std::string>(), HasSubstr("method not allowed"));
  auto unknown = Client().Get("/_fake_iam/nothing");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_TRUE(Body(unknown)["error"].is_string());
  // Outside /_fake_iam/ the IAM front answers as before.
  auto iam_delete = Client().Delete("/");
  ASSERT_TRUE(iam_delete);
  EXPECT_EQ(iam_delete->status, 404);
  EXPECT_THAT(iam_delete->body, HasSubstr("<Code>InvalidAction</Code>"));
}

TEST_F(ControlHttpTest, OffOnOtherAddressesUnlessATokenIsGiven) {
  FakeIamServerOptions options;
  options.host = "0.0.0.0";  // every address; the test still talks to loopback only
  StartServer(options);
  auto off = Client().Get("/_fake_iam/state");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, 403);
  EXPECT_THAT(Body(off)["error"].get<std::string>(), HasSubstr("--control-token"));
  server_->Stop();

  options.control_token = "s3cret";
  StartServer(options);
  auto anonymous = Client().Post("/_fake_iam/reset", "", kJson);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  httplib::Client client = Client();
  client.set_bearer_token_auth("s3cret");
  auto reset = client.Post("/_fake_iam/reset", "", kJson);
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200);
}

// What curl sends for `curl -X POST URL`: no body, and no Content-Length to say so.
TEST_F(ControlHttpTest, APostWithoutContentLengthHasAnEmptyBody) {
  StartServer();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server_->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string request =
      "POST /_fake_iam/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  const absl::Time start = absl::Now();
  std::string answer;
  char buffer[4096];
  for (ssize_t got; (got = recv(fd, buffer, sizeof(buffer), 0)) > 0;) answer.append(buffer, got);
  close(fd);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, ::testing::EndsWith("{}"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));  // not after the read time-out
}

}  // namespace
}  // namespace fake_iam
