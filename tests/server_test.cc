// FakeIamServer and its dispatcher over real loopback HTTP: docs/behavior.md "Wire protocol",
// identity and signatures, wire-only faults, bad input, concurrency and a clean stop.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/fake_iam_server.h"
#include "fake_iam/server/query_form.h"
#include "fake_iam/server/sigv4.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/signed_request.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr const char* kForm = fake_iam_test::kFormContentType;

// A server on a fresh backend; `any` lets unsigned requests act as the root.
class ServerTest : public ::testing::Test {
 protected:
  void StartServer(bool any_credentials, absl::Duration read_timeout = absl::Seconds(5)) {
    FakeIamServerOptions options;
    options.accept_any_credentials = any_credentials;
    options.read_timeout = read_timeout;
    server_ = std::make_unique<FakeIamServer>(backend_, options);
    ASSERT_THAT(server_->Start(), IsOk());
  }
  httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(10, 0);
    client.set_tcp_nodelay(true);
    return client;
  }
  httplib::Result Post(const std::string& body, httplib::Headers headers = {}) {
    return Client().Post("/", headers, body, kForm);
  }
  // A POST signed with SigV4 as botocore signs it, at real time + `skew`.
  httplib::Result SignedPost(const AccessKey& key, const std::string& body,
                             absl::Duration skew = absl::ZeroDuration()) {
    return Post(body, fake_iam_test::SignedHeaders(
                          key, absl::StrFormat("127.0.0.1:%d", server_->port()), body,
                          absl::Now() + skew));
  }

  FakeIamBackend backend_{fake_iam_test::TestOptions()};
  std::unique_ptr<FakeIamServer> server_;
};

TEST_F(ServerTest, BindsLoopbackOnAPortTheSystemPicks) {
  StartServer(true);
  EXPECT_GT(server_->port(), 0);
  EXPECT_EQ(server_->endpoint(), absl::StrFormat("http://127.0.0.1:%d", server_->port()));
}

TEST_F(ServerTest, AnswersSuccessAsXmlWithResultAndRequestId) {
  StartServer(true);
  ASSERT_THAT(backend_.CreateUser("alice"), IsOk());
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(
      response->body,
      HasSubstr("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                "<ListUsersResult><Users><member><Path>/</Path><UserName>alice</UserName>"));
  EXPECT_THAT(response->body, HasSubstr("<IsTruncated>false</IsTruncated></ListUsersResult>"));
  EXPECT_THAT(response->body,
              testing::ContainsRegex("<ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId>"));
}

TEST_F(ServerTest, AcceptsGetWithAQueryString) {
  StartServer(true);
  ASSERT_THAT(backend_.CreateUser("alice"), IsOk());
  auto response = Client().Get("/?Action=GetUser&Version=2010-05-08&UserName=ALICE");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->body, HasSubstr("<UserName>alice</UserName>"));
}

TEST_F(ServerTest, AnswersIamErrorsWithStatusTypeCodeAndMessage) {
  StartServer(true);
  auto response = Post("Action=GetUser&Version=2010-05-08&UserName=nobody");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_THAT(response->body,
              HasSubstr("<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user "
                        "with name nobody cannot be found.</Message></Error><RequestId>"));
}

TEST_F(ServerTest, EscapesTextInXml) {
  StartServer(true);
  // IAM's malformed-certificate message echoes the body.
  auto response =
      Post("Action=UploadSigningCertificate&Version=2010-05-08&CertificateBody=%3Cb%3E%26");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_THAT(response->body,
              HasSubstr("<Message>Certificate &lt;b&gt;&amp; is malformed.</Message>"));
}

// Every answer carries IAM's headers: x-amzn-RequestId, the body's RequestId (the AWS SDK for
// JavaScript v3 reads it from nowhere else), and Date.
TEST_F(ServerTest, AnswersCarryRequestIdAndDateHeaders) {
  StartServer(false);
  ASSERT_THAT(backend_.CreateUser("alice"), IsOk());
  absl::StatusOr<AccessKey> key = backend_.CreateAccessKey(CallerIdentity::Root());
  ASSERT_THAT(key, IsOk());
  const httplib::Result answers[] = {
      SignedPost(*key, "Action=ListUsers&Version=2010-05-08"),                // success
      SignedPost(*key, "Action=GetUser&Version=2010-05-08&UserName=nobody"),  // IAM error
      Post("Action=ListUsers&Version=2010-05-08"),                            // unsigned
  };
  for (const httplib::Result& response : answers) {
    ASSERT_TRUE(response);
    const std::string id = response->get_header_value("x-amzn-RequestId");
    EXPECT_THAT(id, testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}"));
    EXPECT_THAT(response->body, HasSubstr("<RequestId>" + id + "</RequestId>"));
    absl::Time date;
    std::string error;
    ASSERT_TRUE(absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", response->get_header_value("Date"),
                                absl::UTCTimeZone(), &date, &error))
        << response->get_header_value("Date");
    EXPECT_LE(absl::AbsDuration(absl::Now() - date),
              absl::Minutes(1));  // real time, not the fake's
  }
}

TEST_F(ServerTest, StaleSignatureIsRefusedUnlessTheCheckIsOff) {
  StartServer(false);
  absl::StatusOr<AccessKey> key = backend_.CreateAccessKey(CallerIdentity::Root());
  ASSERT_THAT(key, IsOk());
  auto stale = SignedPost(*key, "Action=ListUsers&Version=2010-05-08", absl::Minutes(-30));
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 403);
  EXPECT_THAT(stale->body,
              HasSubstr("<Code>SignatureDoesNotMatch</Code><Message>Signature expired: "));
  auto early = SignedPost(*key, "Action=ListUsers&Version=2010-05-08", absl::Minutes(6));
  ASSERT_TRUE(early);
  EXPECT_THAT(early->body, HasSubstr("<Message>Signature not yet current: "));
  EXPECT_THAT(backend_.RecordedCalls(), testing::IsEmpty());

  server_->Stop();
  FakeIamServerOptions options;
  options.check_signing_time = false;
  server_ = std::make_unique<FakeIamServer>(backend_, options);
  ASSERT_THAT(server_->Start(), IsOk());
  auto accepted = SignedPost(*key, "Action=ListUsers&Version=2010-05-08", absl::Minutes(-30));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200);
}

struct BadRequestCase {
  std::string name;
  std::string body;
  int status;
  std::string code;
};

class BadRequestTest : public ServerTest, public ::testing::WithParamInterface<BadRequestCase> {};

TEST_P(BadRequestTest, GetsAClearErrorAndTheServerKeepsServing) {
  StartServer(true);
  auto response = Post(GetParam().body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, GetParam().status);
  EXPECT_THAT(response->body, HasSubstr("<Code>" + GetParam().code + "</Code>"));
  auto good = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
}

INSTANTIATE_TEST_SUITE_P(
    Wire, BadRequestTest,
    ::testing::Values(
        BadRequestCase{"UnknownAction", "Action=CreateRole&Version=2010-05-08", 400,
                       "InvalidAction"},
        BadRequestCase{"MissingAction", "Version=2010-05-08", 400, "MissingAction"},
        BadRequestCase{"RepeatedAction", "Action=ListUsers&Action=GetUser&Version=2010-05-08", 400,
                       "InvalidAction"},
        BadRequestCase{"UnknownVersion", "Action=ListUsers&Version=2011-01-01", 400,
                       "InvalidAction"},
        BadRequestCase{"BadPercentEncoding", "Action=GetUser&UserName=%G1", 400,
                       "MalformedQueryString"},
        BadRequestCase{"RepeatedMember", "Action=GetUser&UserName=a&UserName=b", 400,
                       "MalformedQueryString"},
        BadRequestCase{"NotAStatus",
                       "Action=UpdateSigningCertificate&CertificateId=ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
                       "Status=Deleted",
                       400, "ValidationError"},
        // The model's enum has Expired; IAM refuses to set it (recorded).
        BadRequestCase{"ExpiredStatus",
                       "Action=UpdateSigningCertificate&CertificateId=ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
                       "Status=Expired",
                       400, "InvalidInput"},
        BadRequestCase{"NotANumber", "Action=ListUsers&MaxItems=ten", 400, "ValidationError"}),
    [](const auto& info) { return info.param.name; });

TEST_F(ServerTest, RefusesABodyOverOneMebibyteWith413) {
  StartServer(true);
  auto response = Post("Action=ListUsers&Version=2010-05-08&Pad=" + std::string(1 << 20, 'a'));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_THAT(response->body, HasSubstr("<Code>RequestEntityTooLarge</Code>"));
  EXPECT_EQ(Post("Action=ListUsers")->status, 200);
}

TEST_F(ServerTest, NoCredentialsIsMissingAuthenticationToken) {
  StartServer(false);
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_THAT(response->body, HasSubstr("<Code>MissingAuthenticationToken</Code>"));
}

TEST_F(ServerTest, SignedRequestActsAsTheKeysOwner) {
  // [START server_in_process]
  FakeIamBackend backend;
  ASSERT_THAT(backend.CreateUser("alice"), IsOk());
  absl::StatusOr<AccessKey> alice = backend.CreateAccessKey(CallerIdentity::User("alice"));
  ASSERT_THAT(alice, IsOk());
  FakeIamServer server(backend);  // 127.0.0.1, a port the system picks, signatures checked
  ASSERT_THAT(server.Start(), IsOk());
  // Point the SDK at server.endpoint() with alice's key id and secret; its calls act as alice.
  // [END server_in_process]
  EXPECT_THAT(server.endpoint(), testing::StartsWith("http://127.0.0.1:"));
  server.Stop();

  StartServer(false);
  ASSERT_THAT(backend_.CreateUser("alice"), IsOk());
  absl::StatusOr<AccessKey> key = backend_.CreateAccessKey(CallerIdentity::User("alice"));
  ASSERT_THAT(key, IsOk());
  auto response = SignedPost(*key, "Action=GetUser&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->body, HasSubstr("<UserName>alice</UserName>"));  // omitted: the caller
  std::vector<RecordedCall> calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].caller, CallerIdentity::User("alice"));
  EXPECT_TRUE(calls[0].over_http);
}

TEST_F(ServerTest, WrongSecretIsSignatureDoesNotMatch) {
  StartServer(false);
  absl::StatusOr<AccessKey> key = backend_.CreateAccessKey(CallerIdentity::Root());
  ASSERT_THAT(key, IsOk());
  AccessKey wrong = *key;
  wrong.SetSecretAccessKey("not-the-secret");
  auto response = SignedPost(wrong, "Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_THAT(response->body, HasSubstr("<Code>SignatureDoesNotMatch</Code>"));
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(0));
}

TEST_F(ServerTest, UnknownKeyIsInvalidClientTokenId) {
  StartServer(false);
  auto response = SignedPost(AccessKey().WithAccessKeyId("AKIAUNKNOWN").WithSecretAccessKey("secret"),
                             "Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_THAT(response->body, HasSubstr("<Code>InvalidClientTokenId</Code>"));
}

TEST_F(ServerTest, InjectedIamErrorIsAnsweredAndRecordedLikeInProcess) {
  StartServer(true);
  ASSERT_THAT(backend_.InjectFault(
                  FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kListUsers)),
              IsOk());
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(response->body, HasSubstr("<Type>Receiver</Type><Code>ServiceFailure</Code>"));
  std::vector<RecordedCall> calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_TRUE(calls[0].injected);
  EXPECT_TRUE(calls[0].over_http);
}

TEST_F(ServerTest, RawStatusFaultAnswersThatStatusWithNoBody) {
  StartServer(true);
  ASSERT_THAT(backend_.InjectFault(FaultRule::HttpStatus(503).On(Operation::kListUsers)), IsOk());
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(Post("Action=ListUsers&Version=2010-05-08")->status, 200);  // Times(1) by default
}

TEST_F(ServerTest, DropConnectionFaultLeavesTheClientWithoutAnAnswer) {
  StartServer(true);
  absl::StatusOr<FaultHandle> drop =
      backend_.InjectFault(FaultRule::DropConnection().On(Operation::kListUsers));
  ASSERT_THAT(drop, IsOk());
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  EXPECT_FALSE(response && response->status == 200 && !response->body.empty());
  EXPECT_EQ(drop->fired(), 1);
  EXPECT_EQ(Post("Action=ListUsers&Version=2010-05-08")->status, 200);
}

TEST_F(ServerTest, WireFaultsNeverFireInProcess) {
  ASSERT_THAT(backend_.InjectFault(FaultRule::HttpStatus(503).Always()), IsOk());
  FakeIamClient iam(backend_);
  EXPECT_THAT(iam.ListUsers(ListUsersRequest()), IsOk());
}

TEST_F(ServerTest, ServesManyRequestsAtOnce) {
  StartServer(true);
  constexpr int kThreads = 8;
  constexpr int kRequests = 40;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client = Client();
      for (int i = 0; i < kRequests; ++i) {
        auto response = client.Post(
            "/", absl::StrFormat("Action=CreateUser&Version=2010-05-08&UserName=u%d-%d", t, i),
            kForm);
        if (response && response->status == 200) ok.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
  EXPECT_THAT(backend_.Users(), SizeIs(kThreads * kRequests));
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(kThreads * kRequests));
}

// A raw loopback connection to the server whose reads give up after `seconds`; -1 on failure.
int Connect(int port, time_t seconds) {
  int connection = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connection < 0 ||
      connect(connection, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ADD_FAILURE() << "cannot connect";
    if (connection >= 0) close(connection);
    return -1;
  }
  timeval limit = {seconds, 0};
  setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  return connection;
}

// A loopback connection to the server that has had one request answered and is left open, as an
// SDK leaves its pooled connections.
int OpenIdleKeepAliveConnection(int port) {
  int connection = Connect(port, 10);
  if (connection < 0) return connection;
  const char request[] = "GET /?Action=ListUsers&Version=2010-05-08 HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_GT(send(connection, request, sizeof(request) - 1, 0), 0);
  std::string answer;
  char buffer[4096];
  ssize_t read = 0;
  while (answer.find("</ListUsersResponse>") == std::string::npos &&
         (read = recv(connection, buffer, sizeof(buffer), 0)) > 0) {
    answer.append(buffer, read);
  }
  EXPECT_THAT(answer, HasSubstr("</ListUsersResponse>"));
  EXPECT_THAT(answer, testing::Not(HasSubstr("Connection: close")));
  return connection;
}

// True when the server has closed `connection`: reading reaches its end.
bool ClosedByServer(int connection) {
  char buffer[4096];
  ssize_t read = 0;
  while ((read = recv(connection, buffer, sizeof(buffer), 0)) > 0) {
  }
  return read == 0;
}

TEST_F(ServerTest, StopsAtOnceWhileAClientHoldsAnIdleKeepAliveConnection) {
  StartServer(true);
  int idle = OpenIdleKeepAliveConnection(server_->port());
  const absl::Time start = absl::Now();
  server_->Stop();
  // Generous for a loaded machine: the keep-alive timeout it no longer waits for is 30 s.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
  EXPECT_TRUE(ClosedByServer(idle));
  close(idle);
}

TEST_F(ServerTest, IdleKeepAliveConnectionsDoNotMakeANewClientWait) {
  StartServer(true);
  // Forty clients each hold an idle connection: more than a fixed pool of 32 workers could hold.
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) idle.push_back(OpenIdleKeepAliveConnection(server_->port()));
  const absl::Time start = absl::Now();
  auto response = Post("Action=ListUsers&Version=2010-05-08");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));  // not queued behind idle connections
  server_->Stop();
  for (int connection : idle) close(connection);
}

TEST_F(ServerTest, StopsCleanlyWhileARequestIsInFlight) {
  StartServer(true);
  int idle = OpenIdleKeepAliveConnection(server_->port());
  absl::StatusOr<FaultHandle> hold =
      backend_.InjectFault(FaultRule::DelayOnly(absl::Milliseconds(300)).On(Operation::kListUsers));
  ASSERT_THAT(hold, IsOk());
  int status = 0;
  std::string body;
  std::thread in_flight([&] {
    httplib::Client client = Client();
    client.set_keep_alive(true);  // the answer goes out, then the stopped server closes
    auto response = client.Post("/", "Action=ListUsers&Version=2010-05-08", kForm);
    status = response ? response->status : -1;
    if (response) body = response->body;
  });
  // The rule fires as the call reaches the backend, just before it holds the call.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (hold->fired() == 0 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(1));
  ASSERT_EQ(hold->fired(), 1);
  const absl::Time start = absl::Now();
  server_->Stop();
  // Stop waits for the held call (300 ms), not for the idle connection's keep-alive timeout.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(800));
  in_flight.join();
  EXPECT_EQ(status, 200);  // it was answered in full, not cut off
  EXPECT_THAT(body, HasSubstr("</ListUsersResponse>"));
  EXPECT_THAT(backend_.RecordedCalls(), SizeIs(2));  // the idle connection's call, and this one
  EXPECT_TRUE(ClosedByServer(idle));
  close(idle);
}

TEST_F(ServerTest, ASlowClientIsDroppedAndOthersAreServed) {
  StartServer(true, absl::Milliseconds(500));
  int slow = Connect(server_->port(), 5);
  ASSERT_GE(slow, 0);
  const char partial[] = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nAction=";
  ASSERT_GT(send(slow, partial, sizeof(partial) - 1, 0), 0);
  EXPECT_EQ(Post("Action=ListUsers&Version=2010-05-08")->status, 200);  // not blocked by it
  // The server gives up on the slow client after its read timeout and closes the connection
  // (after an error answer, if any): reading reaches the end well before our own 5 s limit.
  char buffer[4096];
  ssize_t read = 0;
  while ((read = recv(slow, buffer, sizeof(buffer), 0)) > 0) {
  }
  EXPECT_EQ(read, 0) << "the connection was not closed";
  close(slow);
}

// A POST with neither Content-Length nor chunked encoding has an empty body (RFC 9112), as from
// `curl -X POST`: it is answered at once, not after the read timeout.
TEST_F(ServerTest, PostWithoutContentLengthHasAnEmptyBody) {
  StartServer(true);  // the read timeout stays 5 s: the answer must come long before it
  int client = Connect(server_->port(), 2);
  ASSERT_GE(client, 0);
  const char request[] = "POST /?Action=ListUsers HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_GT(send(client, request, sizeof(request) - 1, 0), 0);
  char buffer[4096];
  ssize_t read = recv(client, buffer, sizeof(buffer) - 1, 0);
  ASSERT_GT(read, 0) << "no answer within 2 s";
  EXPECT_THAT(std::string(buffer, read), testing::StartsWith("HTTP/1.1 200"));
  close(client);
}

}  // namespace
}  // namespace fake_iam
