// FakeIamServer signs with the backend's key store: a key made over the wire signs the next
// request, an Inactive or deleted key is refused, each accepted request records the key's last
// use with its signature's service and region; and the account-wide answers on the wire (the
// credential report's base64 Content, the summary's map).
#include <httplib.h>

#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/server/fake_iam_server.h"
#include "fake_iam/server/sigv4.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/signed_request.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::kStartTime;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kForm = fake_iam_test::kFormContentType;
constexpr char kInvalidToken[] =
    "<Code>InvalidClientTokenId</Code><Message>The security token included in the request is "
    "invalid.</Message>";

// The text of the first <tag> element of `xml`; nullopt if there is none.
std::optional<std::string> ElementText(const std::string& xml, const std::string& tag) {
  std::smatch match;
  if (!std::regex_search(xml, match, std::regex("<" + tag + ">([^<]*)</" + tag + ">"))) {
    return std::nullopt;
  }
  return match[1].str();
}

// A server checking signatures, on a backend with Bob and a root key to make calls with.
class AccessKeyAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(backend_.CreateUser("Bob"), IsOk());
    absl::StatusOr<AccessKey> root = backend_.CreateAccessKey(CallerIdentity::Root());
    ASSERT_THAT(root, IsOk());
    root_key_ = *root;
    server_ = std::make_unique<FakeIamServer>(backend_);
    ASSERT_THAT(server_->Start(), IsOk());
  }

  // A POST signed with SigV4 as botocore signs it, for `region`.
  httplib::Response SignedPost(const AccessKey& key, const std::string& body,
                               const std::string& region = "us-east-1") {
    const httplib::Headers headers = fake_iam_test::SignedHeaders(
        key, absl::StrFormat("127.0.0.1:%d", server_->port()), body, absl::Now(), region);
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(10, 0);
    httplib::Result result = client.Post("/", headers, body, kForm);
    EXPECT_TRUE(result) << "no answer";
    return result ? *result : httplib::Response();
  }
  httplib::Response AsRoot(const std::string& action_and_members) {
    return SignedPost(root_key_, "Version=2010-05-08&Action=" + action_and_members);
  }

  FakeIamBackend backend_{fake_iam_test::TestOptions()};
  FakeIamClient iam_{backend_};
  AccessKey root_key_;
  std::unique_ptr<FakeIamServer> server_;
};

TEST_F(AccessKeyAuthTest, KeyMadeOverTheWireSignsTheNextRequest) {
  httplib::Response created = AsRoot("CreateAccessKey&UserName=Bob");
  ASSERT_EQ(created.status, 200) << created.body;
  std::optional<std::string> id = ElementText(created.body, "AccessKeyId");
  std::optional<std::string> secret = ElementText(created.body, "SecretAccessKey");
  ASSERT_TRUE(id && secret) << created.body;
  EXPECT_THAT(created.body, HasSubstr("<Status>Active</Status>"));

  const AccessKey bobs = AccessKey().WithAccessKeyId(*id).WithSecretAccessKey(*secret);
  httplib::Response me = SignedPost(bobs, "Version=2010-05-08&Action=GetUser");
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_THAT(me.body, HasSubstr("<UserName>Bob</UserName>"));  // omitted: the key's owner
  EXPECT_THAT(backend_.RecordedCalls().back(), HasCaller(CallerIdentity::User("Bob")));
}

TEST_F(AccessKeyAuthTest, InactiveKeyIsRefusedUntilActiveAgain) {
  const AccessKey bobs = *backend_.CreateAccessKey(CallerIdentity::User("Bob"));
  const std::string list = "Version=2010-05-08&Action=ListAccessKeys";
  ASSERT_EQ(SignedPost(bobs, list).status, 200);

  ASSERT_EQ(
      AsRoot("UpdateAccessKey&UserName=Bob&Status=Inactive&AccessKeyId=" + bobs.GetAccessKeyId())
          .status,
      200);
  const size_t calls_before = backend_.RecordedCalls().size();
  httplib::Response refused = SignedPost(bobs, list);
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr(kInvalidToken));
  // Refused before the backend: not an IAM call.
  EXPECT_EQ(backend_.RecordedCalls().size(), calls_before);

  ASSERT_EQ(
      AsRoot("UpdateAccessKey&UserName=Bob&Status=Active&AccessKeyId=" + bobs.GetAccessKeyId())
          .status,
      200);
  EXPECT_EQ(SignedPost(bobs, list).status, 200);
}

TEST_F(AccessKeyAuthTest, DeletedKeyIsRefused) {
  const AccessKey bobs = *backend_.CreateAccessKey(CallerIdentity::User("Bob"));
  // Bob deletes his own key with it; the next request with it is refused.
  ASSERT_EQ(SignedPost(bobs, "Version=2010-05-08&Action=DeleteAccessKey&AccessKeyId=" +
                                 bobs.GetAccessKeyId())
                .status,
            200);
  httplib::Response refused = SignedPost(bobs, "Version=2010-05-08&Action=GetUser");
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr(kInvalidToken));
}

TEST_F(AccessKeyAuthTest, EachAcceptedRequestRecordsTheKeysLastUse) {
  const AccessKey bobs = *backend_.CreateAccessKey(CallerIdentity::User("Bob"));
  // A request that fails its signature is no use of the key.
  AccessKey wrong = bobs;
  wrong.SetSecretAccessKey("not-the-secret");
  ASSERT_EQ(SignedPost(wrong, "Version=2010-05-08&Action=GetUser").status, 403);
  auto unused = iam_.GetAccessKeyLastUsed(
      GetAccessKeyLastUsedRequest().WithAccessKeyId(bobs.GetAccessKeyId()));
  ASSERT_THAT(unused, IsOk());
  EXPECT_THAT(unused->GetAccessKeyLastUsed(), Not(HasLastUsedDate(::testing::_)));

  backend_.AdvanceClock(absl::Milliseconds(2500));
  ASSERT_EQ(SignedPost(bobs, "Version=2010-05-08&Action=GetUser", "eu-west-1").status, 200);
  auto used = iam_.GetAccessKeyLastUsed(
      GetAccessKeyLastUsedRequest().WithAccessKeyId(bobs.GetAccessKeyId()));
  ASSERT_THAT(used, IsOk());
  // Dated by the backend's clock, not the signature's: tests control it.
  EXPECT_THAT(used->GetAccessKeyLastUsed(), AllOf(HasLastUsedDate(kStartTime + absl::Seconds(2)),
                                                  HasServiceName("iam"), HasRegion("eu-west-1")));
  EXPECT_EQ(used->GetUserName(), "Bob");

  // Over the wire too, in IAM's element names.
  httplib::Response wire = AsRoot("GetAccessKeyLastUsed&AccessKeyId=" + bobs.GetAccessKeyId());
  ASSERT_EQ(wire.status, 200) << wire.body;
  EXPECT_THAT(wire.body, HasSubstr("<UserName>Bob</UserName>"));
  EXPECT_THAT(wire.body, HasSubstr("<LastUsedDate>2026-01-01T00:00:02Z</LastUsedDate>"));
  EXPECT_THAT(wire.body, HasSubstr("<Region>eu-west-1</Region>"));
}

TEST_F(AccessKeyAuthTest, CredentialReportContentIsBase64OfTheCsv) {
  httplib::Response missing = AsRoot("GetCredentialReport");
  EXPECT_EQ(missing.status, 410);
  EXPECT_THAT(missing.body, HasSubstr("<Code>ReportNotPresent</Code>"));

  httplib::Response generated = AsRoot("GenerateCredentialReport");
  ASSERT_EQ(generated.status, 200);
  EXPECT_THAT(generated.body, HasSubstr("<State>STARTED</State>"));
  httplib::Response report = AsRoot("GetCredentialReport");
  ASSERT_EQ(report.status, 200) << report.body;
  std::optional<std::string> content = ElementText(report.body, "Content");
  ASSERT_TRUE(content.has_value()) << report.body;
  std::string csv;
  ASSERT_TRUE(absl::Base64Unescape(*content, &csv)) << *content;
  auto in_process = iam_.GetCredentialReport(GetCredentialReportRequest());
  ASSERT_THAT(in_process, IsOk());
  EXPECT_EQ(csv, in_process->GetContent());
  EXPECT_THAT(csv, HasSubstr("\nBob,arn:aws:iam::123456789012:user/Bob,"));
  EXPECT_THAT(report.body, HasSubstr("<ReportFormat>text/csv</ReportFormat>"));
  EXPECT_THAT(report.body, HasSubstr("<GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>"));
}

TEST_F(AccessKeyAuthTest, AccountSummaryIsAQueryProtocolMap) {
  httplib::Response summary = AsRoot("GetAccountSummary");
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_THAT(summary.body, HasSubstr("<GetAccountSummaryResult><SummaryMap><entry><key>"));
  EXPECT_THAT(summary.body, HasSubstr("<entry><key>Users</key><value>1</value></entry>"));
  EXPECT_THAT(summary.body,
              HasSubstr("<entry><key>AccountAccessKeysPresent</key><value>1</value></entry>"));
  EXPECT_THAT(summary.body, HasSubstr("</entry></SummaryMap></GetAccountSummaryResult>"));
  const std::regex entry("<entry><key>[A-Za-z]+</key><value>[0-9]+</value></entry>");
  EXPECT_EQ(std::distance(std::sregex_iterator(summary.body.begin(), summary.body.end(), entry),
                          std::sregex_iterator()),
            34);
}

}  // namespace
}  // namespace fake_iam
