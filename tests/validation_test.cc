// docs/behavior.md "Input constraints": every member, both ends of each range and a bad character of each
// pattern, through a FakeIamClient acting as the account root.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

using ::fake_iam_test::TestOptions;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kExistingUser[] = "Bob";

// What a case's call needs from the fixture.
struct Context {
  const IamClient& client;
  std::string bob_certificate_id;
  std::string bob_access_key_id;
};

struct ValidationCase {
  std::string name;  // test name suffix
  std::function<absl::Status(const Context&)> call;
  // nullopt: the call succeeds.
  std::optional<IamErrorCode> expected;
  // For ValidationError: the lowerCamel member name, and the value, which IAM's message never
  // echoes (nullopt: not checked, e.g. for an enum).
  std::string member;
  std::optional<std::string> value;
};

std::string Repeat(std::string_view piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(piece);
  return out;
}

std::vector<ValidationCase> AllCases() {
  std::vector<ValidationCase> cases;
  const auto VE = IamErrorCode::kValidationError;
  const std::string kValidId = Repeat("A", 32);

  // ---- UserName on operations acting on an existing user: 1-128 of [\w+=,.@-].
  struct NameValue {
    std::string value;
    bool valid;
  };
  const std::vector<NameValue> existing_names = {
      {"", false},
      {"a", true},
      {Repeat("a", 128), true},
      {Repeat("a", 129), false},
      {"az_AZ09+=,.@-", true},
      {"bad name", false},
      {"bad/name", false},
      {"bad*name", false},
      {"bad:name", false},
      {"bad#name", false},
      {"bad!name", false},
      {"caf\xC3\xA9", false},  // U+00E9 is a word character in Unicode, not in ASCII \w
      {"tab\tname", false},
  };
  struct NamedOperation {
    std::string name;
    std::function<absl::Status(const Context&, const std::string&)> call;
  };
  const std::vector<NamedOperation> existing_user_operations = {
      {"List",
       [](const Context& c, const std::string& user) {
         return c.client.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName(user))
             .status();
       }},
      {"Upload",
       [](const Context& c, const std::string& user) {
         return c.client
             .UploadSigningCertificate(UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(
                 ValidCertificatePem()))
             .status();
       }},
      {"Update",
       [kValidId](const Context& c, const std::string& user) {
         return c.client.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                      .WithUserName(user)
                                                      .WithCertificateId(kValidId)
                                                      .WithStatus(StatusType::kInactive));
       }},
      {"Delete",
       [kValidId](const Context& c, const std::string& user) {
         return c.client.DeleteSigningCertificate(
             DeleteSigningCertificateRequest().WithUserName(user).WithCertificateId(kValidId));
       }},
      {"GetUser",
       [](const Context& c, const std::string& user) {
         return c.client.GetUser(GetUserRequest().WithUserName(user)).status();
       }},
      {"DeleteUser",
       [](const Context& c, const std::string& user) {
         return c.client.DeleteUser(DeleteUserRequest().WithUserName(user));
       }},
      {"CreateAccessKey",
       [](const Context& c, const std::string& user) {
         return c.client.CreateAccessKey(CreateAccessKeyRequest().WithUserName(user)).status();
       }},
      {"ListAccessKeys",
       [](const Context& c, const std::string& user) {
         return c.client.ListAccessKeys(ListAccessKeysRequest().WithUserName(user)).status();
       }},
      {"UpdateAccessKey",
       [kValidId](const Context& c, const std::string& user) {
         return c.client.UpdateAccessKey(UpdateAccessKeyRequest()
                                             .WithUserName(user)
                                             .WithAccessKeyId(kValidId)
                                             .WithStatus(StatusType::kInactive));
       }},
      {"DeleteAccessKey",
       [kValidId](const Context& c, const std::string& user) {
         return c.client.DeleteAccessKey(
             DeleteAccessKeyRequest().WithUserName(user).WithAccessKeyId(kValidId));
       }},
  };
  for (const auto& op : existing_user_operations) {
    for (size_t i = 0; i < existing_names.size(); ++i) {
      const NameValue& nv = existing_names[i];
      cases.push_back({absl::StrCat(op.name, "_UserName_", i, nv.valid ? "_ok" : "_bad"),
                       [call = op.call, value = nv.value](const Context& c) {
                         return call(c, value);
                       },
                       nv.valid ? std::optional<IamErrorCode>(IamErrorCode::kNoSuchEntity)
                                : std::optional<IamErrorCode>(VE),
                       "userName", nv.value});
    }
  }

  // ---- UserName on CreateUser: 1-64 of [\w+=,.@-].
  const std::vector<NameValue> new_names = {
      {"", false},
      {"a", true},
      {Repeat("c", 64), true},
      {Repeat("c", 65), false},
      {"az_AZ09+=,.@-", true},
      {"bad name", false},
      {"bad/name", false},
      {"bad*name", false},
      {"bad#name", false},
      {"caf\xC3\xA9", false},
  };
  for (size_t i = 0; i < new_names.size(); ++i) {
    const NameValue& nv = new_names[i];
    cases.push_back({absl::StrCat("CreateUser_UserName_", i, nv.valid ? "_ok" : "_bad"),
                     [value = nv.value](const Context& c) {
                       return c.client.CreateUser(CreateUserRequest().WithUserName(value)).status();
                     },
                     nv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "userName",
                     nv.value});
  }

  // ---- Path on CreateUser: "/" or "/…/" of U+0021-U+007E, 1-512.
  const std::vector<NameValue> paths = {
      {"/", true},
      {"/a/", true},
      {"///", true},
      {"/!~/", true},
      {"/division_abc/subdivision_xyz/", true},
      {"/" + Repeat("p", 510) + "/", true},   // 512
      {"/" + Repeat("p", 511) + "/", false},  // 513
      {"", false},
      {"a", false},
      {"/a", false},
      {"a/", false},
      {"//", false},
      {"/a b/", false},
      {"/a\x7f/", false},
      {"/caf\xC3\xA9/", false},
  };
  for (size_t i = 0; i < paths.size(); ++i) {
    const NameValue& nv = paths[i];
    cases.push_back({absl::StrCat("CreateUser_Path_", i, nv.valid ? "_ok" : "_bad"),
                     [value = nv.value](const Context& c) {
                       return c.client
                           .CreateUser(CreateUserRequest().WithUserName("Carol").WithPath(value))
                           .status();
                     },
                     nv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "path", nv.value});
  }

  // ---- PathPrefix on ListUsers. (Only values on which Path's rule and AWS's pathPrefixType agree.)
  const std::vector<NameValue> prefixes = {
      {"/", true},
      {"/a/", true},
      {"/" + Repeat("p", 510) + "/", true},   // 512
      {"/" + Repeat("p", 511) + "/", false},  // 513
      {"", false},
      {"a", false},
      {"a/", false},
      {"/a b/", false},
  };
  for (size_t i = 0; i < prefixes.size(); ++i) {
    const NameValue& nv = prefixes[i];
    cases.push_back({absl::StrCat("ListUsers_PathPrefix_", i, nv.valid ? "_ok" : "_bad"),
                     [value = nv.value](const Context& c) {
                       return c.client.ListUsers(ListUsersRequest().WithPathPrefix(value)).status();
                     },
                     nv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "pathPrefix",
                     nv.value});
  }

  // ---- CertificateBody: 1-16384 chars of U+0009, U+000A, U+000D, U+0020-U+00FF (UTF-8 text).
  struct BodyValue {
    std::string label;
    std::function<std::string()> make;
    std::optional<IamErrorCode> expected;
    bool quote;  // short enough to be quoted whole
  };
  const auto MC = IamErrorCode::kMalformedCertificate;
  const std::vector<BodyValue> bodies = {
      {"empty", [] { return std::string(); }, VE, true},
      {"one_char", [] { return std::string("x"); }, MC, false},
      {"max_16384", [] { return Repeat("x", 16384); }, MC, false},
      {"over_16385", [] { return Repeat("x", 16385); }, VE, false},
      {"control_01", [] { return std::string("abc\x01"); }, VE, false},
      {"control_1f", [] { return std::string("abc\x1f"); }, VE, false},
      {"del_7f_allowed", [] { return std::string("abc\x7f"); }, MC, false},
      {"tab_lf_cr_allowed", [] { return std::string("\t\n\r x"); }, MC, false},
      {"e_acute_allowed", [] { return std::string("x\xC3\xA9"); }, MC, false},
      {"y_diaeresis_allowed", [] { return std::string("x\xC3\xBF"); }, MC, false},
      {"u0100_refused", [] { return std::string("x\xC4\x80"); }, VE, false},
      {"euro_refused", [] { return std::string("x\xE2\x82\xAC"); }, VE, false},
      // Lengths count characters, not UTF-8 bytes.
      {"max_with_two_byte_char", [] { return Repeat("x", 16383) + "\xC3\xA9"; }, MC, false},
      {"over_with_two_byte_char", [] { return Repeat("x", 16384) + "\xC3\xA9"; }, VE, false},
      {"valid_pem", [] { return ValidCertificatePem(); }, std::nullopt, false},
  };
  for (const BodyValue& bv : bodies) {
    cases.push_back({absl::StrCat("Upload_CertificateBody_", bv.label),
                     [make = bv.make](const Context& c) {
                       return c.client
                           .UploadSigningCertificate(UploadSigningCertificateRequest()
                                                         .WithUserName(kExistingUser)
                                                         .WithCertificateBody(make()))
                           .status();
                     },
                     bv.expected, "certificateBody",
                     bv.quote ? std::optional<std::string>(bv.make()) : std::nullopt});
  }

  // ---- CertificateId: 24-128 of [\w], on Update and Delete of Bob's certificates.
  struct IdValue {
    std::string label;
    std::string value;  // "" with use_real: Bob's certificate
    bool use_real;
    std::optional<IamErrorCode> expected;
  };
  const std::vector<IdValue> ids = {
      {"real", "", true, std::nullopt},
      {"empty", "", false, VE},
      {"len23", Repeat("A", 23), false, VE},
      {"len24", Repeat("A", 24), false, IamErrorCode::kNoSuchEntity},
      {"len128", Repeat("A", 128), false, IamErrorCode::kNoSuchEntity},
      {"len129", Repeat("A", 129), false, VE},
      {"lower_and_underscore", Repeat("a_", 12), false, IamErrorCode::kNoSuchEntity},
      {"dash", Repeat("A", 23) + "-", false, VE},
      {"space", Repeat("A", 23) + " ", false, VE},
      {"plus", Repeat("A", 23) + "+", false, VE},
      {"e_acute", Repeat("A", 23) + "\xC3\xA9", false, VE},
  };
  for (const IdValue& iv : ids) {
    cases.push_back({absl::StrCat("Update_CertificateId_", iv.label),
                     [iv](const Context& c) {
                       return c.client.UpdateSigningCertificate(
                           UpdateSigningCertificateRequest()
                               .WithUserName(kExistingUser)
                               .WithCertificateId(iv.use_real ? c.bob_certificate_id : iv.value)
                               .WithStatus(StatusType::kInactive));
                     },
                     iv.expected, "certificateId", iv.value});
    cases.push_back({absl::StrCat("Delete_CertificateId_", iv.label),
                     [iv](const Context& c) {
                       return c.client.DeleteSigningCertificate(
                           DeleteSigningCertificateRequest()
                               .WithUserName(kExistingUser)
                               .WithCertificateId(iv.use_real ? c.bob_certificate_id : iv.value));
                     },
                     iv.expected, "certificateId", iv.value});
  }

  // ---- Status: a value of the enum (Expired is refused later, as InvalidInput).
  cases.push_back({"Update_Status_Active",
                   [](const Context& c) {
                     return c.client.UpdateSigningCertificate(
                         UpdateSigningCertificateRequest()
                             .WithUserName(kExistingUser)
                             .WithCertificateId(c.bob_certificate_id)
                             .WithStatus(StatusType::kActive));
                   },
                   std::nullopt, "status", std::nullopt});
  cases.push_back({"Update_Status_OutOfRange",
                   [](const Context& c) {
                     return c.client.UpdateSigningCertificate(
                         UpdateSigningCertificateRequest()
                             .WithUserName(kExistingUser)
                             .WithCertificateId(c.bob_certificate_id)
                             .WithStatus(static_cast<StatusType>(7)));
                   },
                   VE, "status", std::nullopt});

  // ---- AccessKeyId: 16-128 of [\w], on Update and Delete of Bob's keys and GetAccessKeyLastUsed.
  // A well-formed id nobody holds: NoSuchEntity, but AccessDenied from GetAccessKeyLastUsed.
  const std::vector<IdValue> key_ids = {
      {"real", "", true, std::nullopt},
      {"empty", "", false, VE},
      {"len15", Repeat("A", 15), false, VE},
      {"len16", Repeat("A", 16), false, IamErrorCode::kNoSuchEntity},
      {"len128", Repeat("A", 128), false, IamErrorCode::kNoSuchEntity},
      {"len129", Repeat("A", 129), false, VE},
      {"lower_and_underscore", Repeat("a_", 8), false, IamErrorCode::kNoSuchEntity},
      {"dash", Repeat("A", 15) + "-", false, VE},
      {"space", Repeat("A", 15) + " ", false, VE},
      {"slash", Repeat("A", 15) + "/", false, VE},
      {"e_acute", Repeat("A", 15) + "\xC3\xA9", false, VE},
  };
  for (const IdValue& iv : key_ids) {
    cases.push_back({absl::StrCat("UpdateAccessKey_AccessKeyId_", iv.label),
                     [iv](const Context& c) {
                       return c.client.UpdateAccessKey(
                           UpdateAccessKeyRequest()
                               .WithUserName(kExistingUser)
                               .WithAccessKeyId(iv.use_real ? c.bob_access_key_id : iv.value)
                               .WithStatus(StatusType::kActive));
                     },
                     iv.expected, "accessKeyId", iv.value});
    cases.push_back({absl::StrCat("DeleteAccessKey_AccessKeyId_", iv.label),
                     [iv](const Context& c) {
                       return c.client.DeleteAccessKey(
                           DeleteAccessKeyRequest()
                               .WithUserName(kExistingUser)
                               .WithAccessKeyId(iv.use_real ? c.bob_access_key_id : iv.value));
                     },
                     iv.expected, "accessKeyId", iv.value});
    std::optional<IamErrorCode> last_used = iv.expected;
    if (last_used == IamErrorCode::kNoSuchEntity) last_used = IamErrorCode::kAccessDenied;
    cases.push_back({absl::StrCat("GetAccessKeyLastUsed_AccessKeyId_", iv.label),
                     [iv](const Context& c) {
                       return c.client
                           .GetAccessKeyLastUsed(GetAccessKeyLastUsedRequest().WithAccessKeyId(
                               iv.use_real ? c.bob_access_key_id : iv.value))
                           .status();
                     },
                     last_used, "accessKeyId", iv.value});
  }
  cases.push_back({"UpdateAccessKey_Status_OutOfRange",
                   [](const Context& c) {
                     return c.client.UpdateAccessKey(UpdateAccessKeyRequest()
                                                         .WithUserName(kExistingUser)
                                                         .WithAccessKeyId(c.bob_access_key_id)
                                                         .WithStatus(static_cast<StatusType>(7)));
                   },
                   VE, "status", std::nullopt});

  // ---- Marker: 1-320 chars in U+0020-U+00FF; valid but never issued -> InvalidInput.
  const auto II = IamErrorCode::kInvalidInput;
  struct MarkerValue {
    std::string label;
    std::string value;
    std::optional<IamErrorCode> expected;
  };
  const std::vector<MarkerValue> markers = {
      {"empty", "", VE},
      {"one_char", "x", II},
      {"len320", Repeat("x", 320), II},
      {"len321", Repeat("x", 321), VE},
      {"control_1f", "x\x1f", VE},
      {"tab", "x\t", VE},
      {"del_7f_allowed", "x\x7f", II},
      {"y_diaeresis_allowed", "x\xC3\xBF", II},
      {"u0100_refused", "x\xC4\x80", VE},
      {"len320_two_byte_chars", Repeat("\xC3\xA9", 320), II},
      {"len321_two_byte_chars", Repeat("\xC3\xA9", 321), VE},
  };
  for (const MarkerValue& mv : markers) {
    cases.push_back({absl::StrCat("List_Marker_", mv.label),
                     [value = mv.value](const Context& c) {
                       return c.client
                           .ListSigningCertificates(ListSigningCertificatesRequest()
                                                        .WithUserName(kExistingUser)
                                                        .WithMarker(value))
                           .status();
                     },
                     mv.expected, "marker", mv.value});
    cases.push_back({absl::StrCat("ListUsers_Marker_", mv.label),
                     [value = mv.value](const Context& c) {
                       return c.client.ListUsers(ListUsersRequest().WithMarker(value)).status();
                     },
                     mv.expected, "marker", mv.value});
    cases.push_back({absl::StrCat("ListAccessKeys_Marker_", mv.label),
                     [value = mv.value](const Context& c) {
                       ListAccessKeysRequest request;
                       request.SetUserName(kExistingUser);
                       request.SetMarker(value);
                       return c.client.ListAccessKeys(request).status();
                     },
                     mv.expected, "marker", mv.value});
  }

  // ---- MaxItems: 1-1000.
  struct IntValue {
    std::string label;
    int value;
    bool valid;
  };
  const std::vector<IntValue> max_items = {
      {"zero", 0, false}, {"minus_one", -1, false}, {"one", 1, true},
      {"max_1000", 1000, true}, {"over_1001", 1001, false},
  };
  for (const IntValue& iv : max_items) {
    cases.push_back({absl::StrCat("List_MaxItems_", iv.label),
                     [value = iv.value](const Context& c) {
                       return c.client
                           .ListSigningCertificates(ListSigningCertificatesRequest()
                                                        .WithUserName(kExistingUser)
                                                        .WithMaxItems(value))
                           .status();
                     },
                     iv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "maxItems",
                     absl::StrCat(iv.value)});
    cases.push_back({absl::StrCat("ListUsers_MaxItems_", iv.label),
                     [value = iv.value](const Context& c) {
                       return c.client.ListUsers(ListUsersRequest().WithMaxItems(value)).status();
                     },
                     iv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "maxItems",
                     absl::StrCat(iv.value)});
    cases.push_back({absl::StrCat("ListAccessKeys_MaxItems_", iv.label),
                     [value = iv.value](const Context& c) {
                       ListAccessKeysRequest request;
                       request.SetUserName(kExistingUser);
                       request.SetMaxItems(value);
                       return c.client.ListAccessKeys(request).status();
                     },
                     iv.valid ? std::nullopt : std::optional<IamErrorCode>(VE), "maxItems",
                     absl::StrCat(iv.value)});
  }
  // ---- SSHPublicKeyId: 20-128 of [\w]; a well-formed id Bob does not hold is NoSuchEntity.
  const std::vector<IdValue> ssh_key_ids = {
      {"empty", "", false, VE},
      {"len19", Repeat("A", 19), false, VE},
      {"len20", Repeat("A", 20), false, IamErrorCode::kNoSuchEntity},
      {"len128", Repeat("A", 128), false, IamErrorCode::kNoSuchEntity},
      {"len129", Repeat("A", 129), false, VE},
      {"dash", Repeat("A", 19) + "-", false, VE},
  };
  for (const IdValue& iv : ssh_key_ids) {
    cases.push_back({absl::StrCat("GetSSHPublicKey_SSHPublicKeyId_", iv.label),
                     [iv](const Context& c) {
                       return c.client
                           .GetSSHPublicKey(GetSSHPublicKeyRequest()
                                                .WithUserName(kExistingUser)
                                                .WithSSHPublicKeyId(iv.value)
                                                .WithEncoding(EncodingType::kSsh))
                           .status();
                     },
                     iv.expected, "sSHPublicKeyId", iv.value});
    cases.push_back({absl::StrCat("DeleteSSHPublicKey_SSHPublicKeyId_", iv.label),
                     [iv](const Context& c) {
                       return c.client.DeleteSSHPublicKey(DeleteSSHPublicKeyRequest()
                                                              .WithUserName(kExistingUser)
                                                              .WithSSHPublicKeyId(iv.value));
                     },
                     iv.expected, "sSHPublicKeyId", iv.value});
  }
  // ---- SSHPublicKeyBody: 1-16384 of U+0009, U+000A, U+000D, U+0020-U+00FF; a body that passes
  // the constraint but is no key is UnrecognizedPublicKeyEncoding.
  const std::vector<std::pair<std::string, std::pair<std::string, std::optional<IamErrorCode>>>>
      ssh_bodies = {
          {"empty", {"", VE}},
          {"len16385", {Repeat("A", 16385), VE}},
          {"len16384", {Repeat("A", 16384), IamErrorCode::kUnrecognizedPublicKeyEncoding}},
          {"nul", {std::string("ssh-rsa \0", 9), VE}},
          {"latin1", {"ssh-rsa \xC3\xA9", IamErrorCode::kUnrecognizedPublicKeyEncoding}},
      };
  for (const auto& [label, body_and_expected] : ssh_bodies) {
    const auto& [body, expected] = body_and_expected;
    cases.push_back({absl::StrCat("UploadSSHPublicKey_SSHPublicKeyBody_", label),
                     [body = body](const Context& c) {
                       return c.client
                           .UploadSSHPublicKey(UploadSSHPublicKeyRequest()
                                                   .WithUserName(kExistingUser)
                                                   .WithSSHPublicKeyBody(body))
                           .status();
                     },
                     expected, "sSHPublicKeyBody", body});
  }
  cases.push_back({"GetSSHPublicKey_Encoding_OutOfRange",
                   [](const Context& c) {
                     return c.client
                         .GetSSHPublicKey(GetSSHPublicKeyRequest()
                                              .WithUserName(kExistingUser)
                                              .WithSSHPublicKeyId(Repeat("A", 20))
                                              .WithEncoding(static_cast<EncodingType>(7)))
                         .status();
                   },
                   VE, "encoding", std::nullopt});
  return cases;
}

void PrintTo(const ValidationCase& c, std::ostream* os) { *os << c.name; }

class InputConstraintTest : public ::testing::TestWithParam<ValidationCase> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(backend_.CreateUser(kExistingUser).ok());
    auto cert = backend_.UploadSigningCertificate(kExistingUser, ValidCertificatePem());
    ASSERT_TRUE(cert.ok()) << cert.status();
    bob_certificate_id_ = cert->GetCertificateId();
    auto key = backend_.CreateAccessKey(CallerIdentity::User(kExistingUser));
    ASSERT_TRUE(key.ok()) << key.status();
    bob_access_key_id_ = key->GetAccessKeyId();
  }

  FakeIamBackend backend_{TestOptions()};
  FakeIamClient client_{backend_};
  std::string bob_certificate_id_;
  std::string bob_access_key_id_;
};

TEST_P(InputConstraintTest, Check) {
  const ValidationCase& tc = GetParam();
  const std::string before = fake_iam_test::DescribeState(backend_);
  absl::Status status = tc.call(Context{client_, bob_certificate_id_, bob_access_key_id_});
  if (!tc.expected.has_value()) {
    EXPECT_THAT(status, IsOk());
    return;
  }
  EXPECT_THAT(status, IsIamError(*tc.expected));
  if (*tc.expected != IamErrorCode::kValidationError) return;

  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  // IAM's words (recorded): the member and the rule, never the value.
  EXPECT_THAT(message,
              MatchesRegex(absl::StrCat(
                  "1 validation error detected: Value (null )?at '", tc.member,
                  "' failed to satisfy constraint: Member must (satisfy regular expression "
                  "pattern: .+|have length (less|greater) than or equal to [0-9]+|have value "
                  "(less|greater) than or equal to [0-9]+|satisfy enum value set"
                  "(: \\[SSH, PEM\\])?|not be null)")))
      << message;
  if (tc.value.has_value() && !tc.value->empty()) {
    EXPECT_THAT(message, Not(HasSubstr("'" + *tc.value + "'")));
  }
  // A refused call changes nothing.
  EXPECT_EQ(fake_iam_test::DescribeState(backend_), before);
}

INSTANTIATE_TEST_SUITE_P(AllMembers, InputConstraintTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<ValidationCase>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------------------------

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(backend_.CreateUser(kExistingUser).ok()); }

  FakeIamBackend backend_{TestOptions()};
  FakeIamClient client_{backend_};
};

TEST_F(ValidationTest, TwoBadMembersAreCounted) {
  auto upload = client_.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("bad name").WithCertificateBody(""));
  EXPECT_THAT(upload, IsIamError(IamErrorCode::kValidationError,
                                  AllOf(StartsWith("2 validation errors detected: "),
                                        HasSubstr("Value at 'userName' failed"),
                                        HasSubstr("at 'certificateBody'"))));

  auto list = client_.ListSigningCertificates(
      ListSigningCertificatesRequest().WithUserName(kExistingUser).WithMarker("").WithMaxItems(0));
  EXPECT_THAT(list, IsIamError(IamErrorCode::kValidationError,
                                AllOf(StartsWith("2 validation errors detected: "),
                                      HasSubstr("at 'marker'"),
                                      HasSubstr("Value at 'maxItems' failed"))));
}

// The two answers recorded from AWS, word for word.
TEST_F(ValidationTest, RecordedMessagesWordForWord) {
  auto bad_id = client_.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                     .WithUserName(kExistingUser)
                                                     .WithCertificateId("not-a-certificate-id-at-all")
                                                     .WithStatus(StatusType::kInactive));
  EXPECT_THAT(bad_id, IsIamError(IamErrorCode::kValidationError,
                                 "1 validation error detected: Value at 'certificateId' failed to "
                                 "satisfy constraint: Member must satisfy regular expression "
                                 "pattern: [\\w]+"));
  auto bad_status = client_.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                         .WithUserName(kExistingUser)
                                                         .WithCertificateId(std::string(32, 'A'))
                                                         .WithStatus(static_cast<StatusType>(7)));
  EXPECT_THAT(bad_status, IsIamError(IamErrorCode::kValidationError,
                                     "1 validation error detected: Value at 'status' failed to "
                                     "satisfy constraint: Member must satisfy enum value set"));
}

TEST_F(ValidationTest, ThreeBadMembersAreCounted) {
  auto list = client_.ListSigningCertificates(
      ListSigningCertificatesRequest().WithUserName("").WithMarker("").WithMaxItems(1001));
  EXPECT_THAT(list, IsIamError(IamErrorCode::kValidationError,
                                AllOf(StartsWith("3 validation errors detected: "),
                                      HasSubstr("at 'userName'"), HasSubstr("at 'marker'"),
                                      HasSubstr("Value at 'maxItems' failed to satisfy constraint: Member "
                                                "must have value less than or equal to 1000"))));
}

TEST_F(ValidationTest, MissingRequiredMembers) {
  const std::string id(32, 'A');
  struct Case {
    const char* name;
    absl::Status status;
    const char* member;
  };
  const Case cases[] = {
      {"CreateUser without UserName", client_.CreateUser(CreateUserRequest()).status(),
       "userName"},
      {"CreateUser with only Path",
       client_.CreateUser(CreateUserRequest().WithPath("/a/")).status(), "userName"},
      {"Upload without CertificateBody",
       client_.UploadSigningCertificate(UploadSigningCertificateRequest().WithUserName(kExistingUser))
           .status(),
       "certificateBody"},
      {"Update without CertificateId",
       client_.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                            .WithUserName(kExistingUser)
                                            .WithStatus(StatusType::kInactive)),
       "certificateId"},
      {"Update without Status",
       client_.UpdateSigningCertificate(
           UpdateSigningCertificateRequest().WithUserName(kExistingUser).WithCertificateId(id)),
       "status"},
      {"Delete without CertificateId",
       client_.DeleteSigningCertificate(
           DeleteSigningCertificateRequest().WithUserName(kExistingUser)),
       "certificateId"},
      {"DeleteUser without UserName", client_.DeleteUser(DeleteUserRequest()), "userName"},
      {"UpdateAccessKey without AccessKeyId",
       client_.UpdateAccessKey(
           UpdateAccessKeyRequest().WithUserName(kExistingUser).WithStatus(StatusType::kActive)),
       "accessKeyId"},
      {"UpdateAccessKey without Status",
       client_.UpdateAccessKey(
           UpdateAccessKeyRequest().WithUserName(kExistingUser).WithAccessKeyId(id)),
       "status"},
      {"DeleteAccessKey without AccessKeyId",
       client_.DeleteAccessKey(DeleteAccessKeyRequest().WithUserName(kExistingUser)),
       "accessKeyId"},
      {"GetAccessKeyLastUsed without AccessKeyId",
       client_.GetAccessKeyLastUsed(GetAccessKeyLastUsedRequest()).status(), "accessKeyId"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(c.status,
                IsIamError(IamErrorCode::kValidationError,
                            AllOf(StartsWith("1 validation error detected: "),
                                  HasSubstr(absl::StrCat(" at '", c.member, "' failed to satisfy "
                                                                            "constraint: Member must")))));
  }
  // Nothing was made or changed: Bob still exists alone, with no certificates.
  EXPECT_THAT(fake_iam_test::NamesOf(backend_.Users()), ::testing::ElementsAre("Bob"));
  EXPECT_THAT(backend_.Certificates(kExistingUser), ::testing::IsEmpty());
}

TEST_F(ValidationTest, MissingBothRequiredMembersOfUpdateCountsTwo) {
  absl::Status status =
      client_.UpdateSigningCertificate(UpdateSigningCertificateRequest().WithUserName(kExistingUser));
  EXPECT_THAT(status, IsIamError(IamErrorCode::kValidationError,
                                  AllOf(StartsWith("2 validation errors detected: "),
                                        HasSubstr("'certificateId'"), HasSubstr("'status'"))));
}

TEST_F(ValidationTest, ValidationComesBeforeUserLookup) {
  // The user does not exist either, but the input is checked first.
  EXPECT_THAT(client_.GetUser(GetUserRequest().WithUserName("no such user")),
              IsIamError(IamErrorCode::kValidationError));
  EXPECT_THAT(client_.ListSigningCertificates(
                  ListSigningCertificatesRequest().WithUserName("Nobody").WithMaxItems(0)),
              IsIamError(IamErrorCode::kValidationError, HasSubstr("'maxItems'")));
  EXPECT_THAT(client_.UploadSigningCertificate(
                  UploadSigningCertificateRequest().WithUserName("Nobody").WithCertificateBody("")),
              IsIamError(IamErrorCode::kValidationError, HasSubstr("'certificateBody'")));
  EXPECT_THAT(client_.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                   .WithUserName("Nobody")
                                                   .WithCertificateId("short")
                                                   .WithStatus(StatusType::kActive)),
              IsIamError(IamErrorCode::kValidationError, HasSubstr("'certificateId'")));
  EXPECT_THAT(client_.DeleteUser(DeleteUserRequest().WithUserName(std::string(129, 'n'))),
              IsIamError(IamErrorCode::kValidationError, HasSubstr("'userName'")));
  // CreateUser of an existing name with a bad path: the path is refused, not the name.
  EXPECT_THAT(client_.CreateUser(CreateUserRequest().WithUserName("Bob").WithPath("bad")),
              IsIamError(IamErrorCode::kValidationError, HasSubstr("'path'")));
}

TEST_F(ValidationTest, ValidationComesBeforeTheCallerCheck) {
  FakeIamClient role(backend_, CallerIdentity::Role("arn:aws:iam::123456789012:role/Deployer"));
  EXPECT_THAT(role.ListSigningCertificates(ListSigningCertificatesRequest().WithMaxItems(0)),
              IsIamError(IamErrorCode::kValidationError,
                          StartsWith("1 validation error detected: Value at 'maxItems' failed to "
                                     "satisfy constraint: Member must have value greater than "
                                     "or equal to 1")));
}

TEST_F(ValidationTest, OversizedBodyIsNotEchoedInFull) {
  const std::string body(16385, 'x');
  auto result = client_.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName(kExistingUser).WithCertificateBody(body));
  EXPECT_THAT(result, IsIamError(IamErrorCode::kValidationError,
                                  AllOf(HasSubstr("at 'certificateBody'"),
                                        Not(HasSubstr(std::string(65, 'x'))))));
}

TEST_F(ValidationTest, PemWithBadCharacterIsNotEchoedInFull) {
  const std::string pem = ValidCertificatePem();
  const std::string body = pem + "\x01";
  auto result = client_.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName(kExistingUser).WithCertificateBody(body));
  EXPECT_THAT(result, IsIamError(IamErrorCode::kValidationError,
                                  AllOf(HasSubstr("at 'certificateBody'"),
                                        Not(HasSubstr(body.substr(0, 65))))));
}

TEST_F(ValidationTest, StateUnchangedAfterRefusedCalls) {
  auto cert = backend_.UploadSigningCertificate(kExistingUser, ValidCertificatePem());
  ASSERT_TRUE(cert.ok()) << cert.status();
  const std::string before = fake_iam_test::DescribeState(backend_);

  EXPECT_FALSE(client_.CreateUser(CreateUserRequest().WithUserName("Carol").WithPath("x")).ok());
  EXPECT_FALSE(client_.CreateUser(CreateUserRequest().WithUserName(std::string(65, 'c'))).ok());
  EXPECT_FALSE(client_
                   .UploadSigningCertificate(UploadSigningCertificateRequest()
                                                 .WithUserName(kExistingUser)
                                                 .WithCertificateBody(ValidCertificatePem() + "\x02"))
                   .ok());
  EXPECT_FALSE(client_
                   .UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                 .WithUserName("Bob!")
                                                 .WithCertificateId(cert->GetCertificateId())
                                                 .WithStatus(StatusType::kInactive))
                   .ok());
  EXPECT_FALSE(client_
                   .DeleteSigningCertificate(DeleteSigningCertificateRequest()
                                                 .WithUserName("Bob!")
                                                 .WithCertificateId(cert->GetCertificateId()))
                   .ok());
  EXPECT_FALSE(client_.DeleteUser(DeleteUserRequest().WithUserName("Bob ")).ok());

  EXPECT_EQ(fake_iam_test::DescribeState(backend_), before);
  ASSERT_EQ(backend_.Certificates(kExistingUser).size(), 1u);
  EXPECT_EQ(backend_.Certificates(kExistingUser)[0].GetStatus(), StatusType::kActive);
}

}  // namespace
}  // namespace fake_iam
