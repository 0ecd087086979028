// Server-side SigV4 (docs/behavior.md "Wire protocol": the caller is named by the Authorization header and a
// wrong signature is SignatureDoesNotMatch), checked against AWS's published vectors and against
// signatures made by botocore itself.
#include "fake_iam/server/sigv4.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Headers = std::vector<std::pair<std::string, std::string>>;

// AWS's documentation example credentials, used by the IAM example and the whole test suite.
constexpr char kExampleSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigV4Authorization ParseOrDie(std::string_view header) {
  auto authorization = ParseSigV4Authorization(header);
  EXPECT_TRUE(authorization.ok()) << authorization.status();
  return authorization.ok() ? *authorization : SigV4Authorization{};
}

// The signature `request` should carry, or the error text, for readable failures.
std::string Compute(const SigV4Request& request, const SigV4Authorization& authorization,
                    std::string_view secret) {
  auto signature = ComputeSigV4Signature(request, authorization, secret);
  return signature.ok() ? *signature : signature.status().ToString();
}

// Replaces the value of the first header called exactly `name`.
void SetHeader(SigV4Request& request, std::string_view name, std::string value) {
  for (auto& header : request.headers) {
    if (header.first == name) {
      header.second = std::move(value);
      return;
    }
  }
  ADD_FAILURE() << "no header " << name;
}

void RemoveHeader(SigV4Request& request, std::string_view name) {
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [&](const auto& header) { return header.first == name; }),
                        request.headers.end());
}

bool Verifies(const SigV4Request& request, std::string_view header, std::string_view secret) {
  auto verified = VerifySigV4(request, ParseOrDie(header), secret);
  EXPECT_TRUE(verified.ok()) << verified.status();
  return verified.ok() && *verified;
}

// --- AWS's documented IAM example ----------------------------------------------------------------

// "Create a signed AWS API request" in the AWS General Reference: GET
// https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 at 20150830T123600Z.
SigV4Request ListUsersExample() {
  return {"GET",
          "/",
          "Action=ListUsers&Version=2010-05-08",
          {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
           {"Host", "iam.amazonaws.com"},
           {"X-Amz-Date", "20150830T123600Z"}},
          ""};
}
constexpr char kListUsersAuthorization[] =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

TEST(SigV4Test, IamListUsersDocumentationExample) {
  SigV4Authorization authorization = ParseOrDie(kListUsersAuthorization);
  EXPECT_EQ(Compute(ListUsersExample(), authorization, kExampleSecret),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  EXPECT_TRUE(Verifies(ListUsersExample(), kListUsersAuthorization, kExampleSecret));
}

// --- aws-sig-v4-test-suite -----------------------------------------------------------------------

// A request of AWS's Signature Version 4 test suite (AKIDEXAMPLE, us-east-1, service "service",
// 20150830T123600Z), with the signature the suite publishes. Each was also re-signed with botocore
// 1.43.11 to the same value. Paths and queries are as the .req files put them on the wire.
struct SuiteVector {
  std::string name;
  std::string method;
  std::string path;
  std::string query;
  Headers extra_headers;  // besides Host and X-Amz-Date
  std::string body;
  std::string signed_headers;
  std::string signature;
};

constexpr char kSuiteCredential[] =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

class AwsTestSuiteTest : public ::testing::TestWithParam<SuiteVector> {};

TEST_P(AwsTestSuiteTest, ComputesThePublishedSignature) {
  const SuiteVector& v = GetParam();
  SigV4Request request{v.method,
                       v.path,
                       v.query,
                       {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                       v.body};
  request.headers.insert(request.headers.end(), v.extra_headers.begin(), v.extra_headers.end());
  std::string header = std::string(kSuiteCredential) + ", SignedHeaders=" + v.signed_headers +
                       ", Signature=" + v.signature;
  EXPECT_EQ(Compute(request, ParseOrDie(header), kExampleSecret), v.signature);
  EXPECT_TRUE(Verifies(request, header, kExampleSecret));
}

constexpr char kSecurityToken[] =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmx"
    "fpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0K"
    "PkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZb"
    "qBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

// One vector a line or two, easier to compare with the suite than one field a line.
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Vectors, AwsTestSuiteTest,
    ::testing::Values(
        SuiteVector{"get_vanilla", "GET", "/", "", {}, "", "host;x-amz-date",
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
        SuiteVector{"get_vanilla_query_order_key_case", "GET", "/", "Param2=value2&Param1=value1",
                    {}, "", "host;x-amz-date",
                    "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
        SuiteVector{"get_vanilla_utf8_query", "GET", "/", "%E1%88%B4=bar", {}, "",
                    "host;x-amz-date",
                    "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
        SuiteVector{"get_unreserved", "GET",
                    "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", {},
                    "", "host;x-amz-date",
                    "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
        // The suite's .req files put these paths on the wire unencoded; they are encoded once.
        SuiteVector{"get_utf8", "GET", "/\xE1\x88\xB4", "", {}, "", "host;x-amz-date",
                    "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
        SuiteVector{"get_space", "GET", "/example space/", "", {}, "", "host;x-amz-date",
                    "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
        SuiteVector{"get_relative_relative", "GET", "/example1/example2/../..", "", {}, "",
                    "host;x-amz-date",
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
        SuiteVector{"get_header_key_duplicate", "GET", "/", "",
                    {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
                    "", "host;my-header1;x-amz-date",
                    "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
        SuiteVector{"get_header_value_trim", "GET", "/", "",
                    {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}, "",
                    "host;my-header1;my-header2;x-amz-date",
                    "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
        SuiteVector{"post_vanilla_query", "POST", "/", "Param1=value1", {}, "", "host;x-amz-date",
                    "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
        SuiteVector{"post_sts_header_before", "POST", "/", "",
                    {{"X-Amz-Security-Token", kSecurityToken}}, "",
                    "host;x-amz-date;x-amz-security-token",
                    "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
        SuiteVector{"post_x_www_form_urlencoded", "POST", "/", "",
                    {{"Content-Type", "application/x-www-form-urlencoded"}}, "Param1=value1",
                    "content-type;host;x-amz-date",
                    "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
        SuiteVector{"post_x_www_form_urlencoded_parameters", "POST", "/", "",
                    {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}},
                    "Param1=value1", "content-type;host;x-amz-date",
                    "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
        // aws-c-auth's variant of the above that signs the payload hash header.
        SuiteVector{"post_x_www_form_urlencoded_content_sha256", "POST", "/", "",
                    {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Content-Length", "13"},
                     {"X-Amz-Content-SHA256",
                      "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"}},
                    "Param1=value1",
                    "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                    "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"}),
    [](const ::testing::TestParamInfo<SuiteVector>& info) { return info.param.name; });
// clang-format on

// The original (2011) suite signs with a Date header only; the string to sign carries it as
// 20110909T233600Z.
TEST(SigV4Test, DateHeaderWithoutXAmzDate2011Suite) {
  SigV4Request request{
      "GET", "/", "", {{"Date", "Mon, 09 Sep 2011 23:36:00 GMT"}, {"Host", "host.foo.com"}}, ""};
  constexpr char kHeader[] =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, "
      "SignedHeaders=date;host, "
      "Signature=b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470";
  EXPECT_TRUE(Verifies(request, kHeader, kExampleSecret));
}

// --- botocore ------------------------------------------------------------------------------------

// Fixed vectors made once with botocore 1.43.11 (Python 3.11), on a fixed clock:
//   NOW = datetime.datetime(2026, 1, 1, 12, 0, 0)
//   with unittest.mock.patch("botocore.auth.get_current_datetime", return_value=NOW): ...
// BotocoreUpload: a real botocore IAM client (botocore.session.get_session().create_client("iam",
//   region_name="us-east-1", endpoint_url="http://127.0.0.1:8080",
//   aws_access_key_id=kBotocoreKeyId, aws_secret_access_key=kBotocoreSecret)) calling
//   upload_signing_certificate(UserName="bob", CertificateBody="-----BEGIN CERTIFICATE-----\n
//   MIIBszCCAVmgAwIBAgIU+/=\n-----END CERTIFICATE-----\n"); the request line, headers and body
//   are the bytes a plain socket listening on 127.0.0.1:8080 received, unchanged.
// BotocoreGet: botocore.auth.SigV4Auth(credentials, "iam", "eu-west-3").add_auth() on an
//   AWSRequest("GET", "http://127.0.0.1:8080/a/./b//c%20d/../e~f/?Version=2010-05-08&"
//   "Action=ListUsers&Marker=a%2Fb%20c&Empty=") with headers X-Custom "  one   two  ",
//   X-Custom "three" (botocore keeps both) and Content-Type text/plain; Host is what botocore
//   signs for that URL.
constexpr char kBotocoreKeyId[] = "AKIAFAKEIAM000000001";
constexpr char kBotocoreSecret[] = "fakeSecretKey/with+chars0123456789abcdefg";

constexpr char kBotocoreUploadAuthorization[] =
    "AWS4-HMAC-SHA256 Credential=AKIAFAKEIAM000000001/20260101/us-east-1/iam/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=5a0fe2613132118408901b8508c6098c913cfee82a67f027a14c23d5ca6c2940";

SigV4Request BotocoreUpload() {
  return {"POST",
          "/",
          "",
          {{"Host", "127.0.0.1:8080"},
           {"Accept-Encoding", "identity"},
           {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
           {"User-Agent",
            "Botocore/1.43.11 ua/2.1 os/linux#6.18.44-fc-v782 md/arch#x86_64 lang/python#3.11.7 "
            "md/pyimpl#CPython m/e,D,Z,N,b cfg/retry-mode#legacy"},
           {"X-Amz-Date", "20260101T120000Z"},
           {"Authorization", kBotocoreUploadAuthorization},
           {"amz-sdk-invocation-id", "63568b7e-3a31-4cec-a721-2d0280bff3b8"},
           {"amz-sdk-request", "attempt=1"},
           {"Content-Length", "170"}},
          "Action=UploadSigningCertificate&Version=2010-05-08&UserName=bob&CertificateBody=-----"
          "BEGIN+CERTIFICATE-----%0AMIIBszCCAVmgAwIBAgIU%2B%2F%3D%0A-----END+CERTIFICATE-----%0A"};
}

SigV4Request BotocoreGet() {
  return {"GET",
          "/a/./b//c%20d/../e~f/",
          "Version=2010-05-08&Action=ListUsers&Marker=a%2Fb%20c&Empty=",
          {{"X-Custom", "  one   two  "},
           {"X-Custom", "three"},
           {"Content-Type", "text/plain"},
           {"X-Amz-Date", "20260101T120000Z"},
           {"Host", "127.0.0.1:8080"}},
          ""};
}
constexpr char kBotocoreGetAuthorization[] =
    "AWS4-HMAC-SHA256 Credential=AKIAFAKEIAM000000001/20260101/eu-west-3/iam/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-custom, "
    "Signature=6dbc9ae4eddb21a4eaf749a78cd569ddeecc29fdf6f5cd2ec91914f4dad70065";

TEST(SigV4BotocoreTest, RealIamClientUploadSigningCertificate) {
  ASSERT_EQ(BotocoreUpload().body.size(), 170u);
  SigV4Authorization authorization = ParseOrDie(kBotocoreUploadAuthorization);
  EXPECT_EQ(authorization.access_key_id, kBotocoreKeyId);
  EXPECT_EQ(Compute(BotocoreUpload(), authorization, kBotocoreSecret),
            "5a0fe2613132118408901b8508c6098c913cfee82a67f027a14c23d5ca6c2940");
  EXPECT_TRUE(Verifies(BotocoreUpload(), kBotocoreUploadAuthorization, kBotocoreSecret));
}

TEST(SigV4BotocoreTest, QueryPathNormalizationAndRepeatedHeaders) {
  // Canonical URI "/a/b/e~f/"; query decoded and re-encoded ("a%2Fb%20c", "Empty="), sorted;
  // x-custom:one two,three.
  EXPECT_EQ(Compute(BotocoreGet(), ParseOrDie(kBotocoreGetAuthorization), kBotocoreSecret),
            "6dbc9ae4eddb21a4eaf749a78cd569ddeecc29fdf6f5cd2ec91914f4dad70065");
}

TEST(SigV4BotocoreTest, EncodedPathIsEncodedAgainAsBotocoreSignsIt) {
  // botocore signs a non-S3 path that is already percent-encoded on the wire by encoding it once
  // more ("%20" -> "%2520"); made with the suite's credentials as above, URL
  // https://example.amazonaws.com/example%20space/ and .../%E1%88%B4.
  const std::vector<std::pair<std::string, std::string>> kPathsAndSignatures = {
      {"/example%20space/", "446b817944c553435b35e813c261ff4e161fff982d1bacdef1c87f6785dd1662"},
      {"/%E1%88%B4", "697b34846207a3f72246f99d74ae1ee4fe54f44bb06730c58a0d339eb079596d"}};
  for (const auto& [path, signature] : kPathsAndSignatures) {
    SigV4Request request{"GET",
                         path,
                         "",
                         {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                         ""};
    std::string header =
        std::string(kSuiteCredential) + ", SignedHeaders=host;x-amz-date, Signature=" + signature;
    EXPECT_EQ(Compute(request, ParseOrDie(header), kExampleSecret), signature) << path;
  }
}

// --- what the signature covers -------------------------------------------------------------------

TEST(VerifySigV4Test, WrongSecretDoesNotVerify) {
  EXPECT_FALSE(Verifies(BotocoreUpload(), kBotocoreUploadAuthorization,
                        "fakeSecretKey/with+chars0123456789abcdefh"));
  EXPECT_FALSE(Verifies(BotocoreUpload(), kBotocoreUploadAuthorization, ""));
}

TEST(VerifySigV4Test, ChangedBodyDoesNotVerify) {
  SigV4Request request = BotocoreUpload();
  request.body.replace(request.body.find("bob"), 3, "eve");
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));
  request.body = BotocoreUpload().body + "&";
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));
}

TEST(VerifySigV4Test, ChangedSignatureDoesNotVerify) {
  std::string header = kBotocoreUploadAuthorization;
  header.back() = header.back() == '0' ? '1' : '0';
  EXPECT_FALSE(Verifies(BotocoreUpload(), header, kBotocoreSecret));
}

TEST(VerifySigV4Test, ChangedSignedPartsDoNotVerify) {
  SigV4Request request = BotocoreUpload();
  request.method = "PUT";
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  request = BotocoreUpload();
  request.path = "/other";
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  request = BotocoreUpload();
  request.query = "Action=DeleteUser";
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  request = BotocoreUpload();
  SetHeader(request, "Host", "127.0.0.1:8081");
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  request = BotocoreUpload();
  SetHeader(request, "X-Amz-Date", "20260101T120001Z");
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  request = BotocoreUpload();
  request.headers.emplace_back("Content-Type", "text/plain");  // a second value is signed too
  EXPECT_FALSE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));

  // The scope is part of the string to sign and of the key.
  std::string header = kBotocoreUploadAuthorization;
  header.replace(header.find("us-east-1"), 9, "us-west-2");
  EXPECT_FALSE(Verifies(BotocoreUpload(), header, kBotocoreSecret));
}

TEST(VerifySigV4Test, UnsignedHeadersMayChange) {
  SigV4Request request = BotocoreUpload();
  SetHeader(request, "User-Agent", "aws-sdk-cpp/1.11");
  SetHeader(request, "amz-sdk-invocation-id", "00000000-0000-0000-0000-000000000000");
  RemoveHeader(request, "amz-sdk-request");
  RemoveHeader(request, "Accept-Encoding");
  request.headers.emplace_back("X-Forwarded-For", "10.0.0.1");
  EXPECT_TRUE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));
}

TEST(VerifySigV4Test, HeaderNameCaseAndValueWhitespaceDoNotMatter) {
  SigV4Request request = BotocoreUpload();
  RemoveHeader(request, "Host");
  RemoveHeader(request, "Content-Type");
  RemoveHeader(request, "X-Amz-Date");
  request.headers.emplace_back("x-amz-date", "20260101T120000Z");
  request.headers.emplace_back("content-TYPE",
                               "\t application/x-www-form-urlencoded;   charset=utf-8  ");
  request.headers.emplace_back("HOST", "127.0.0.1:8080");
  EXPECT_TRUE(Verifies(request, kBotocoreUploadAuthorization, kBotocoreSecret));
}

TEST(VerifySigV4Test, UppercaseSignatureHexVerifies) {
  std::string header = kBotocoreUploadAuthorization;
  std::string upper = "5A0FE2613132118408901B8508C6098C913CFEE82A67F027A14C23D5CA6C2940";
  header.replace(header.size() - 64, 64, upper);
  EXPECT_TRUE(Verifies(BotocoreUpload(), header, kBotocoreSecret));
}

TEST(VerifySigV4Test, ContentSha256HeaderMustMatchTheBody) {
  SigV4Request request{"POST",
                       "/",
                       "",
                       {{"Host", "example.amazonaws.com"},
                        {"X-Amz-Date", "20150830T123600Z"},
                        {"Content-Type", "application/x-www-form-urlencoded"},
                        {"Content-Length", "13"},
                        {"X-Amz-Content-SHA256",
                         "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"}},
                       "Param1=value1"};
  constexpr char kHeader[] =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, "
      "Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b";
  EXPECT_TRUE(Verifies(request, kHeader, kExampleSecret));
  // The signed hash still matches its header, but the body is not what was hashed.
  request.body = "Param1=value2";
  EXPECT_EQ(Compute(request, ParseOrDie(kHeader), kExampleSecret),
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
  EXPECT_FALSE(Verifies(request, kHeader, kExampleSecret));
}

// --- request errors ------------------------------------------------------------------------------

TEST(VerifySigV4Test, MissingSignedHeaderIsAnError) {
  SigV4Request request = BotocoreUpload();
  RemoveHeader(request, "Content-Type");
  auto verified = VerifySigV4(request, ParseOrDie(kBotocoreUploadAuthorization), kBotocoreSecret);
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(verified.status().message(), HasSubstr("signed header \"content-type\" is missing"));
  auto computed =
      ComputeSigV4Signature(request, ParseOrDie(kBotocoreUploadAuthorization), kBotocoreSecret);
  EXPECT_EQ(computed.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VerifySigV4Test, MissingDateIsAnError) {
  SigV4Request request = ListUsersExample();
  request.headers.pop_back();  // X-Amz-Date
  auto authorization = ParseOrDie(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;host, "
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  auto verified = VerifySigV4(request, authorization, kExampleSecret);
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(verified.status().message(), HasSubstr("neither an X-Amz-Date nor a Date header"));
}

TEST(VerifySigV4Test, RepeatedDateOrPayloadHashIsAnError) {
  SigV4Request request = ListUsersExample();
  request.headers.emplace_back("x-amz-date", "20150830T123601Z");
  auto verified = VerifySigV4(request, ParseOrDie(kListUsersAuthorization), kExampleSecret);
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(verified.status().message(), HasSubstr("X-Amz-Date header appears 2 times"));

  request = ListUsersExample();
  request.headers.emplace_back("X-Amz-Content-SHA256", kEmptySha256);
  request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  verified = VerifySigV4(request, ParseOrDie(kListUsersAuthorization), kExampleSecret);
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VerifySigV4Test, MalformedQueryIsAnError) {
  SigV4Request request = ListUsersExample();
  request.query = "Action=ListUsers&Version=2010-05-08&Marker=%G1";
  auto verified = VerifySigV4(request, ParseOrDie(kListUsersAuthorization), kExampleSecret);
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(verified.status().message(), HasSubstr("Malformed percent-encoding"));
}

// --- parsing the Authorization header ------------------------------------------------------------

TEST(ParseSigV4AuthorizationTest, ParsesEveryField) {
  SigV4Authorization authorization = ParseOrDie(kListUsersAuthorization);
  EXPECT_EQ(authorization.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(authorization.date, "20150830");
  EXPECT_EQ(authorization.region, "us-east-1");
  EXPECT_EQ(authorization.service, "iam");
  EXPECT_EQ(authorization.signed_headers, "content-type;host;x-amz-date");
  EXPECT_THAT(authorization.signed_header_names, ElementsAre("content-type", "host", "x-amz-date"));
  EXPECT_EQ(authorization.signature,
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(ParseSigV4AuthorizationTest, AcceptsEitherSeparatorAnyOrderAndOuterSpaces) {
  for (std::string_view header : {
           "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request,"
           "SignedHeaders=host;x-amz-date,Signature=" +
               std::string(64, 'a'),
           "  AWS4-HMAC-SHA256   Signature=" + std::string(64, 'a') +
               " ,  SignedHeaders=host;x-amz-date, Credential=AKID/20260101/us-east-1/iam/"
               "aws4_request  ",
       }) {
    auto authorization = ParseSigV4Authorization(header);
    ASSERT_TRUE(authorization.ok()) << header << ": " << authorization.status();
    EXPECT_EQ(authorization->access_key_id, "AKID");
    EXPECT_THAT(authorization->signed_header_names, ElementsAre("host", "x-amz-date"));
    EXPECT_EQ(authorization->signature, std::string(64, 'a'));
  }
}

struct MalformedHeader {
  std::string name;
  std::string header;
  std::string message;  // a part of the error message
};

class MalformedAuthorizationTest : public ::testing::TestWithParam<MalformedHeader> {};

TEST_P(MalformedAuthorizationTest, IsInvalidArgumentSayingWhatIsWrong) {
  auto authorization = ParseSigV4Authorization(GetParam().header);
  ASSERT_FALSE(authorization.ok()) << GetParam().header;
  EXPECT_EQ(authorization.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(authorization.status().message(), HasSubstr("Malformed SigV4 Authorization header"));
  EXPECT_THAT(authorization.status().message(), HasSubstr(GetParam().message));
}

const std::string kCredential = "Credential=AKID/20260101/us-east-1/iam/aws4_request";
const std::string kSignedHeaders = "SignedHeaders=host;x-amz-date";
const std::string kSignature = "Signature=" + std::string(64, 'f');
std::string Header(std::string_view components) {
  return "AWS4-HMAC-SHA256 " + std::string(components);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedAuthorizationTest,
    ::testing::Values(
        MalformedHeader{"empty", "", "algorithm must be AWS4-HMAC-SHA256"},
        MalformedHeader{"other_algorithm", "AWS4-HMAC-SHA512 " + kCredential,
                        "algorithm must be AWS4-HMAC-SHA256, got \"AWS4-HMAC-SHA512\""},
        MalformedHeader{"sigv2", "AWS AKID:signature", "algorithm must be AWS4-HMAC-SHA256"},
        MalformedHeader{"algorithm_glued", "AWS4-HMAC-SHA256Credential=x",
                        "algorithm must be AWS4-HMAC-SHA256"},
        MalformedHeader{"algorithm_only", "AWS4-HMAC-SHA256", "are missing"},
        MalformedHeader{"no_credential", Header(kSignedHeaders + ", " + kSignature),
                        "Credential component is missing"},
        MalformedHeader{"no_signed_headers", Header(kCredential + ", " + kSignature),
                        "SignedHeaders component is missing"},
        MalformedHeader{"no_signature", Header(kCredential + ", " + kSignedHeaders),
                        "Signature component is missing"},
        MalformedHeader{"duplicate_credential",
                        Header(kCredential + ", " + kSignedHeaders + ", " + kSignature + ", " +
                               kCredential),
                        "Credential appears twice"},
        MalformedHeader{"duplicate_signature",
                        Header(kCredential + ", " + kSignature + ", " + kSignedHeaders + ", " +
                               kSignature),
                        "Signature appears twice"},
        MalformedHeader{"unknown_component",
                        Header(kCredential + ", " + kSignedHeaders + ", " + kSignature +
                               ", Extra=1"),
                        "unknown component \"Extra\""},
        MalformedHeader{"lowercase_component_name",
                        Header("credential=AKID/20260101/us-east-1/iam/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "unknown component \"credential\""},
        MalformedHeader{"no_equals", Header(kCredential + " " + kSignedHeaders + ", " + kSignature),
                        "SignedHeaders"},
        MalformedHeader{"space_separated", Header(kCredential + ", " + kSignedHeaders + " " +
                                                  kSignature),
                        "SignedHeaders"},
        MalformedHeader{"empty_component",
                        Header(kCredential + ",, " + kSignedHeaders + ", " + kSignature),
                        "component \"\" is not Name=value"},
        MalformedHeader{"trailing_comma",
                        Header(kCredential + ", " + kSignedHeaders + ", " + kSignature + ","),
                        "is not Name=value"},
        MalformedHeader{"empty_credential",
                        Header("Credential=, " + kSignedHeaders + ", " + kSignature),
                        "Credential is empty"},
        MalformedHeader{"credential_four_parts",
                        Header("Credential=AKID/20260101/us-east-1/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "must have 5 '/'-separated parts"},
        MalformedHeader{"credential_six_parts",
                        Header("Credential=AKID/20260101/us-east-1/iam/x/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "must have 5 '/'-separated parts"},
        MalformedHeader{"credential_wrong_terminator",
                        Header("Credential=AKID/20260101/us-east-1/iam/aws3_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "must end with \"/aws4_request\""},
        MalformedHeader{"credential_empty_key",
                        Header("Credential=/20260101/us-east-1/iam/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "access key id"},
        MalformedHeader{"credential_empty_region",
                        Header("Credential=AKID/20260101//iam/aws4_request, " + kSignedHeaders +
                               ", " + kSignature),
                        "the region"},
        MalformedHeader{"credential_bad_date",
                        Header("Credential=AKID/2026-01-01/us-east-1/iam/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "not a YYYYMMDD date"},
        MalformedHeader{"credential_month_13",
                        Header("Credential=AKID/20261301/us-east-1/iam/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "not a YYYYMMDD date"},
        MalformedHeader{"credential_control_byte",
                        Header("Credential=AK\x01ID/20260101/us-east-1/iam/aws4_request, " +
                               kSignedHeaders + ", " + kSignature),
                        "not visible ASCII"},
        MalformedHeader{"signed_headers_empty_name",
                        Header(kCredential + ", SignedHeaders=host;;x-amz-date, " + kSignature),
                        "has the name \"\""},
        MalformedHeader{"signed_headers_trailing_semicolon",
                        Header(kCredential + ", SignedHeaders=host;, " + kSignature),
                        "has the name \"\""},
        MalformedHeader{"signed_headers_uppercase",
                        Header(kCredential + ", SignedHeaders=Host;x-amz-date, " + kSignature),
                        "has the name \"Host\""},
        MalformedHeader{"signed_headers_space",
                        Header(kCredential + ", SignedHeaders=host; x-amz-date, " + kSignature),
                        "has the name \" x-amz-date\""},
        MalformedHeader{"signed_headers_duplicate",
                        Header(kCredential + ", SignedHeaders=host;x-amz-date;host, " +
                               kSignature),
                        "names \"host\" twice"},
        MalformedHeader{"signature_short",
                        Header(kCredential + ", " + kSignedHeaders + ", Signature=" +
                               std::string(63, 'a')),
                        "is not 64 hex digits"},
        MalformedHeader{"signature_long",
                        Header(kCredential + ", " + kSignedHeaders + ", Signature=" +
                               std::string(65, 'a')),
                        "is not 64 hex digits"},
        MalformedHeader{"signature_not_hex",
                        Header(kCredential + ", " + kSignedHeaders + ", Signature=" +
                               std::string(63, 'a') + "g"),
                        "is not 64 hex digits"},
        MalformedHeader{"signature_empty",
                        Header(kCredential + ", " + kSignedHeaders + ", Signature="),
                        "Signature is empty"}),
    [](const ::testing::TestParamInfo<MalformedHeader>& info) { return info.param.name; });
// clang-format on

TEST(ParseSigV4AuthorizationTest, ErrorMessagesQuoteBoundedEscapedText) {
  std::string header = Header("Credential=" + std::string(100000, 'A') + "\n/x, " + kSignedHeaders +
                              ", " + kSignature);
  auto authorization = ParseSigV4Authorization(header);
  ASSERT_FALSE(authorization.ok());
  EXPECT_LT(authorization.status().message().size(), 500u);
}

}  // namespace
}  // namespace fake_iam::server
