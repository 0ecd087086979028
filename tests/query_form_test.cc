// The strict form parser and SigV4's URI encoding (docs/behavior.md "Wire protocol": the Query API body and
// query string).
#include "fake_iam/server/query_form.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fake_iam::server {

// Lets gMock print fields in failure messages.
void PrintTo(const FormField& field, std::ostream* os) {
  *os << "{\"" << field.name << "\", \"" << field.value << "\"}";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<FormField> ParseOrDie(std::string_view text) {
  auto fields = ParseQueryForm(text);
  EXPECT_TRUE(fields.ok()) << fields.status();
  return fields.ok() ? *fields : std::vector<FormField>{};
}

TEST(ParseQueryFormTest, DecodesPlusAndPercentEscapes) {
  EXPECT_THAT(ParseOrDie("a=b+c%20d%2Be&x%3Dy=%26%3D"),
              ElementsAre(FormField{"a", "b c d+e"}, FormField{"x=y", "&="}));
}

TEST(ParseQueryFormTest, DecodesUtf8BytesInEitherHexCase) {
  EXPECT_THAT(ParseOrDie("name=%C3%A9%e2%82%ac"),
              ElementsAre(FormField{"name", "\xC3\xA9\xE2\x82\xAC"}));  // "é€"
}

TEST(ParseQueryFormTest, KeepsOtherBytesAsTheyAre) {
  EXPECT_THAT(ParseOrDie("a=\xC3\xA9 /?:@!$'()*,;"),
              ElementsAre(FormField{"a", "\xC3\xA9 /?:@!$'()*,;"}));
  EXPECT_THAT(ParseOrDie(std::string_view("n=\0x", 4)),
              ElementsAre(FormField{"n", std::string("\0x", 2)}));
  EXPECT_THAT(ParseOrDie("n=%00"), ElementsAre(FormField{"n", std::string(1, '\0')}));
}

TEST(ParseQueryFormTest, PreservesRepeatedNamesInOrder) {
  EXPECT_THAT(ParseOrDie("Tags.member.1.Key=b&Action=X&Tags.member.1.Key=a"),
              ElementsAre(FormField{"Tags.member.1.Key", "b"}, FormField{"Action", "X"},
                          FormField{"Tags.member.1.Key", "a"}));
}

TEST(ParseQueryFormTest, SkipsEmptyPairs) {
  EXPECT_THAT(ParseOrDie("a=1&&b=2&"), ElementsAre(FormField{"a", "1"}, FormField{"b", "2"}));
  EXPECT_THAT(ParseOrDie("&&&"), IsEmpty());
}

TEST(ParseQueryFormTest, EmptyInputHasNoFields) { EXPECT_THAT(ParseOrDie(""), IsEmpty()); }

TEST(ParseQueryFormTest, PairWithoutEqualsIsANameWithAnEmptyValue) {
  EXPECT_THAT(ParseOrDie("flag&a=&=v&b==c"), ElementsAre(FormField{"flag", ""}, FormField{"a", ""},
                                                         FormField{"", "v"}, FormField{"b", "=c"}));
}

TEST(ParseQueryFormTest, ParsesWhatBotocoreSendsForUploadSigningCertificate) {
  EXPECT_THAT(
      ParseOrDie("Action=UploadSigningCertificate&Version=2010-05-08&UserName=bob&CertificateBody="
                 "-----BEGIN+CERTIFICATE-----%0AMIIBszCCAVmgAwIBAgIU%2B%2F%3D%0A-----END+"
                 "CERTIFICATE-----%0A"),
      ElementsAre(FormField{"Action", "UploadSigningCertificate"},
                  FormField{"Version", "2010-05-08"}, FormField{"UserName", "bob"},
                  FormField{"CertificateBody",
                            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU+/=\n"
                            "-----END CERTIFICATE-----\n"}));
}

struct MalformedCase {
  std::string_view text;
  size_t offset;            // of the bad '%'
  std::string_view escape;  // as quoted in the message
};

class MalformedEscapeTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedEscapeTest, IsInvalidArgumentNamingTheByteAndThePair) {
  const MalformedCase& c = GetParam();
  auto fields = ParseQueryForm(c.text);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fields.status().message(),
              HasSubstr("Malformed percent-encoding at byte " + std::to_string(c.offset) +
                        ": \"" + std::string(c.escape) + "\""));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedEscapeTest,
    ::testing::Values(MalformedCase{"a=%", 2, "%"},         // at the end
                      MalformedCase{"a=%4", 2, "%4"},       // one hex digit at the end
                      MalformedCase{"a=%4&b=1", 2, "%4&"},  // one hex digit before '&'
                      MalformedCase{"a=%G1", 2, "%G1"},     // non-hex first digit
                      MalformedCase{"a=%4G", 2, "%4G"},     // non-hex second digit
                      MalformedCase{"%zz=1", 0, "%zz"},     // in a name
                      MalformedCase{"ok=1&b=x%", 8, "%"},   // in a later pair
                      MalformedCase{"a=%%41", 2, "%%4"},    // '%' is not its own escape
                      MalformedCase{"a=% 1", 2, "% 1"},     // a space is not a hex digit
                      MalformedCase{"a=%+1", 2, "%+1"},     // nor is '+'
                      MalformedCase{"Action=List&Marker=ab%G1", 21, "%G1"}));

TEST(ParseQueryFormTest, ErrorNamesThePair) {
  auto fields = ParseQueryForm("Action=ListUsers&Marker=ab%G1&Version=2010-05-08");
  ASSERT_FALSE(fields.ok());
  EXPECT_THAT(fields.status().message(), HasSubstr("in the pair \"Marker=ab%G1\""));
}

TEST(ParseQueryFormTest, ErrorMessageEscapesAndBoundsTheClientsBytes) {
  auto control = ParseQueryForm("a=%\n\x01");
  ASSERT_FALSE(control.ok());
  EXPECT_THAT(control.status().message(), HasSubstr("\"%\\n\\x01\""));

  std::string long_pair = "a=" + std::string(100000, 'x') + "%";
  auto huge = ParseQueryForm(long_pair);
  ASSERT_FALSE(huge.ok());
  EXPECT_THAT(huge.status().message(), HasSubstr("at byte 100002"));
  EXPECT_LT(huge.status().message().size(), 400u);
}

TEST(ParseQueryFormTest, LargeInputParses) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Name.member." + std::to_string(i) + "=%41%42+c&";
  auto fields = ParseQueryForm(text);
  ASSERT_TRUE(fields.ok()) << fields.status();
  ASSERT_THAT(*fields, SizeIs(20000));
  EXPECT_EQ(fields->back(), (FormField{"Name.member.19999", "AB c"}));
}

TEST(UriEncodeTest, KeepsUnreservedAndEncodesEverythingElseInUppercaseHex) {
  EXPECT_EQ(UriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b+c*d/e=f&g%h"), "a%20b%2Bc%2Ad%2Fe%3Df%26g%25h");
  EXPECT_EQ(UriEncode("\xC3\xA9\xFF"), "%C3%A9%FF");
  EXPECT_EQ(UriEncode(std::string_view("\0", 1)), "%00");
  EXPECT_EQ(UriEncode(""), "");
}

TEST(UriEncodeTest, KeepsSlashOnlyWhenAsked) {
  EXPECT_EQ(UriEncode("/a b/c", /*encode_slash=*/false), "/a%20b/c");
  EXPECT_EQ(UriEncode("/a b/c", /*encode_slash=*/true), "%2Fa%20b%2Fc");
  EXPECT_EQ(UriEncode("/a"), "%2Fa");
}

TEST(UriEncodeTest, MatchesTheAwsTestSuitesUnreservedAndNonUnreservedSets) {
  // aws-sig-v4-test-suite get-vanilla-query-unreserved and post-vanilla-query-nonunreserved.
  EXPECT_EQ(UriEncode("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(UriEncode("@#$%^"), "%40%23%24%25%5E");
  EXPECT_EQ(UriEncode("/,?><`\";:\\|][{} "), "%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D%20");
}

TEST(UriEncodeTest, EveryByteRoundTripsThroughTheParser) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  std::string encoded = UriEncode(all_bytes);
  EXPECT_EQ(encoded.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%"),
            std::string::npos);
  EXPECT_THAT(ParseOrDie(encoded + "=" + encoded + "&x=" + UriEncode("a+b c")),
              ElementsAre(FormField{all_bytes, all_bytes}, FormField{"x", "a+b c"}));
}

}  // namespace
}  // namespace fake_iam::server
