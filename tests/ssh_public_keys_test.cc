// The SSH public key operations: UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys,
// UpdateSSHPublicKey and DeleteSSHPublicKey, with the answers of the 2026 certificate capture word
// for word, the quota, duplicates per user, both encodings, and DeleteUser's conflict.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/faults.h"
#include "fake_iam/internal/ssh_public_key.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/printing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/member_matchers.h"
#include "testing/status_matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class SshPublicKeysTest : public ::testing::Test {
 protected:
  SshPublicKeysTest() : backend_(TestOptions()), root_(backend_) {
    EXPECT_THAT(backend_.CreateUser("bob"), IsOk());
    EXPECT_THAT(backend_.CreateUser("alice"), IsOk());
  }

  absl::StatusOr<UploadSSHPublicKeyResult> Upload(const std::string& user,
                                                  const std::string& body) {
    return root_.UploadSSHPublicKey(
        UploadSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyBody(body));
  }
  std::string MustUpload(const std::string& user, const std::string& body) {
    auto uploaded = Upload(user, body);
    EXPECT_THAT(uploaded, IsOk());
    return uploaded.ok() ? uploaded->GetSSHPublicKey().GetSSHPublicKeyId() : "";
  }
  absl::StatusOr<GetSSHPublicKeyResult> Get(const std::string& user, const std::string& id,
                                            EncodingType encoding) {
    return root_.GetSSHPublicKey(
        GetSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyId(id).WithEncoding(encoding));
  }
  absl::Status Update(const std::string& user, const std::string& id, StatusType status) {
    return root_.UpdateSSHPublicKey(
        UpdateSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyId(id).WithStatus(status));
  }
  absl::Status Delete(const std::string& user, const std::string& id) {
    return root_.DeleteSSHPublicKey(
        DeleteSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyId(id));
  }

  FakeIamBackend backend_;
  FakeIamClient root_;
};

// ---------------------------------------------------------------------------------------------
// Upload.

TEST_F(SshPublicKeysTest, UploadOfAnOpenSshLineAnswersAsAwsDoes) {
  const TestSshPublicKey& key = SshTestKey(0);
  const std::string body = key.openssh + " bob@laptop";
  auto uploaded = Upload("bob", body);
  ASSERT_THAT(uploaded, IsOk());
  const SSHPublicKey& answer = uploaded->GetSSHPublicKey();
  EXPECT_EQ(answer.GetUserName(), "bob");
  EXPECT_EQ(answer.GetSSHPublicKeyBody(), body);  // exactly as sent, comment and all (recorded)
  EXPECT_EQ(answer.GetStatus(), StatusType::kActive);
  EXPECT_EQ(answer.GetUploadDate(), kStartTime);
  EXPECT_EQ(answer.GetFingerprint(), key.fingerprint);
  EXPECT_THAT(answer.GetFingerprint(), ::testing::MatchesRegex("([0-9a-f]{2}:){15}[0-9a-f]{2}"));
  EXPECT_THAT(answer.GetSSHPublicKeyId(), SizeIs(20));
  EXPECT_TRUE(absl::StartsWith(answer.GetSSHPublicKeyId(), "APKA"));
  EXPECT_TRUE(answer.UploadDateHasBeenSet());
}

TEST_F(SshPublicKeysTest, UploadOfAPemKeyKeepsTheBodyAsSent) {
  const TestSshPublicKey& key = SshTestKey(1);
  auto uploaded = Upload("bob", key.pem);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_EQ(uploaded->GetSSHPublicKey().GetSSHPublicKeyBody(), key.pem);
  EXPECT_EQ(uploaded->GetSSHPublicKey().GetFingerprint(), key.fingerprint);
}

TEST_F(SshPublicKeysTest, BodiesThatAreNoKeyAreUnrecognized) {
  // Recorded: "not a key" and an X.509 certificate.
  for (const std::string& body :
       {std::string("not a key"), ValidCertificatePem(), CertificateRequestPem(), PrivateKeyPem(),
        std::string("ssh-rsa"), std::string("ssh-rsa !!!notbase64"),
        std::string("ssh-rsa AAAAB3NzaC1yc2E="),  // the type and nothing else
        SshTestKey(0).pem + SshTestKey(1).pem, SshTestKey(0).openssh + "\n" + SshTestKey(1).openssh,
        std::string("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")}) {
    SCOPED_TRACE(body.substr(0, 40));
    EXPECT_THAT(Upload("bob", body), IsIamError(IamErrorCode::kUnrecognizedPublicKeyEncoding,
                                                Eq("Invalid public key uploaded.")));
  }
  EXPECT_THAT(backend_.SshPublicKeys("bob"), IsEmpty());
}

TEST_F(SshPublicKeysTest, KeysOfTheWrongKindOrSizeAreInvalid) {
  // Recorded: RSA-1024.
  const std::string rsa1024 = RsaPublicKeyPem(1024);
  EXPECT_THAT(Upload("bob", rsa1024),
              IsIamError(IamErrorCode::kInvalidPublicKey, Eq("Invalid body for public key")));
  for (const std::string& body :
       {RsaPublicKeyOpenSsh(1024), EcPublicKeyPem(),
        std::string(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl "
            "me@host")}) {
    SCOPED_TRACE(body.substr(0, 40));
    EXPECT_THAT(Upload("bob", body),
                IsIamError(IamErrorCode::kInvalidPublicKey, Eq("Invalid body for public key")));
  }
}

TEST_F(SshPublicKeysTest, TheSameKeyForTheSameUserIsADuplicateInEitherEncoding) {
  const TestSshPublicKey& key = SshTestKey(0);
  MustUpload("bob", key.openssh + " first");
  // Recorded: the same key as PEM.
  EXPECT_THAT(Upload("bob", key.pem), IsIamError(IamErrorCode::kDuplicateSSHPublicKey,
                                                 Eq("Duplicate SSH public key uploaded.")));
  EXPECT_THAT(Upload("bob", key.openssh + " another comment"),
              IsIamError(IamErrorCode::kDuplicateSSHPublicKey));
  EXPECT_EQ(IamErrorHttpStatus(IamErrorCode::kDuplicateSSHPublicKey), 400);
  // Recorded: another user may hold the same key, with the same fingerprint.
  auto alices = Upload("alice", key.openssh);
  ASSERT_THAT(alices, IsOk());
  EXPECT_EQ(alices->GetSSHPublicKey().GetFingerprint(), key.fingerprint);
  EXPECT_EQ(alices->GetSSHPublicKey().GetUserName(), "alice");
  EXPECT_THAT(backend_.SshPublicKeys("bob"), SizeIs(1));
}

TEST_F(SshPublicKeysTest, ASecondKeyAsPemSucceeds) {
  MustUpload("bob", SshTestKey(0).openssh);
  auto second = Upload("bob", SshTestKey(1).pem);  // recorded
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->GetSSHPublicKey().GetSSHPublicKeyBody(), SshTestKey(1).pem);
  EXPECT_THAT(backend_.SshPublicKeys("bob"), SizeIs(2));
}

TEST_F(SshPublicKeysTest, FiveKeysPerUserThenLimitExceeded) {
  for (int i = 0; i < 5; ++i) MustUpload("bob", SshTestKey(i).openssh);
  EXPECT_THAT(
      Upload("bob", SshTestKey(5).openssh),
      IsIamError(IamErrorCode::kLimitExceeded, Eq("Cannot exceed quota for PublicKeysPerUser: 5")));
  // The quota is per user.
  EXPECT_THAT(Upload("alice", SshTestKey(5).openssh), IsOk());
  // A deleted key makes room.
  ASSERT_THAT(Delete("bob", backend_.SshPublicKeys("bob")[0].GetSSHPublicKeyId()), IsOk());
  EXPECT_THAT(Upload("bob", SshTestKey(5).openssh), IsOk());
}

TEST_F(SshPublicKeysTest, TheQuotaIsAnOption) {
  FakeIamOptions options = TestOptions();
  options.max_ssh_public_keys_per_user = 1;
  FakeIamBackend backend(options);
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  ASSERT_THAT(backend.UploadSSHPublicKey("bob", SshTestKey(0).openssh), IsOk());
  EXPECT_THAT(
      backend.UploadSSHPublicKey("bob", SshTestKey(1).openssh),
      IsIamError(IamErrorCode::kLimitExceeded, Eq("Cannot exceed quota for PublicKeysPerUser: 1")));
}

TEST_F(SshPublicKeysTest, UploadForAnUnknownUser) {
  EXPECT_THAT(
      Upload("carol", SshTestKey(0).openssh),
      IsIamError(IamErrorCode::kNoSuchEntity, Eq("The user with name carol cannot be found.")));
  // The user is looked up before the body is read.
  EXPECT_THAT(Upload("carol", "not a key"), IsIamError(IamErrorCode::kNoSuchEntity));
}

// ---------------------------------------------------------------------------------------------
// Get.

TEST_F(SshPublicKeysTest, GetAnswersInTheEncodingAskedForWhateverWasUploaded) {
  const TestSshPublicKey& first = SshTestKey(0);
  const TestSshPublicKey& second = SshTestKey(1);
  const std::string from_ssh = MustUpload("bob", first.openssh + " with a comment\n");
  const std::string from_pem = MustUpload("bob", second.pem);

  auto ssh = Get("bob", from_ssh, EncodingType::kSsh);
  ASSERT_THAT(ssh, IsOk());
  // Recorded: no comment, no trailing newline, "ssh-rsa AAAAB3NzaC1yc2E...".
  EXPECT_EQ(ssh->GetSSHPublicKey().GetSSHPublicKeyBody(), first.openssh);
  EXPECT_EQ(ssh->GetSSHPublicKey().GetFingerprint(), first.fingerprint);
  EXPECT_EQ(ssh->GetSSHPublicKey().GetUserName(), "bob");
  EXPECT_EQ(ssh->GetSSHPublicKey().GetStatus(), StatusType::kActive);
  EXPECT_EQ(ssh->GetSSHPublicKey().GetUploadDate(), kStartTime);

  auto pem = Get("bob", from_ssh, EncodingType::kPem);
  ASSERT_THAT(pem, IsOk());
  EXPECT_EQ(pem->GetSSHPublicKey().GetSSHPublicKeyBody(), first.pem);
  EXPECT_TRUE(absl::StartsWith(pem->GetSSHPublicKey().GetSSHPublicKeyBody(),
                               "-----BEGIN PUBLIC KEY-----\n"));
  EXPECT_TRUE(absl::EndsWith(pem->GetSSHPublicKey().GetSSHPublicKeyBody(), "-----\n"));

  EXPECT_EQ(Get("bob", from_pem, EncodingType::kSsh)->GetSSHPublicKey().GetSSHPublicKeyBody(),
            second.openssh);
  EXPECT_EQ(Get("bob", from_pem, EncodingType::kPem)->GetSSHPublicKey().GetSSHPublicKeyBody(),
            second.pem);
  EXPECT_EQ(Get("bob", from_pem, EncodingType::kSsh)->GetSSHPublicKey().GetFingerprint(),
            second.fingerprint);
}

TEST_F(SshPublicKeysTest, BodiesRoundTripThroughBothEncodings) {
  const std::string id = MustUpload("bob", SshTestKey(2).openssh);
  const std::string pem =
      Get("bob", id, EncodingType::kPem)->GetSSHPublicKey().GetSSHPublicKeyBody();
  const std::string openssh =
      Get("bob", id, EncodingType::kSsh)->GetSSHPublicKey().GetSSHPublicKeyBody();
  auto from_pem = internal::ParseSshPublicKeyBody(pem);
  auto from_ssh = internal::ParseSshPublicKeyBody(openssh);
  ASSERT_THAT(from_pem, IsOk());
  ASSERT_THAT(from_ssh, IsOk());
  EXPECT_EQ(from_pem->openssh, openssh);
  EXPECT_EQ(from_ssh->pem, pem);
  EXPECT_EQ(from_pem->fingerprint, from_ssh->fingerprint);
  EXPECT_EQ(from_pem->fingerprint, SshTestKey(2).fingerprint);
}

TEST_F(SshPublicKeysTest, ALowerCaseEncodingFailsAsAwsWordsIt) {
  // In process an out-of-range value; over the wire the word "ssh" (tests/conformance).
  EXPECT_THAT(Get("bob", "APKAQAAAAAAAI55Q4IEK", static_cast<EncodingType>(7)),
              IsIamError(IamErrorCode::kValidationError,
                         Eq("1 validation error detected: Value at 'encoding' failed to satisfy "
                            "constraint: Member must satisfy enum value set: [SSH, PEM]")));
  // Status keeps the recorded wording without the values.
  EXPECT_THAT(Update("bob", "APKAQAAAAAAAI55Q4IEK", static_cast<StatusType>(7)),
              IsIamError(IamErrorCode::kValidationError,
                         Eq("1 validation error detected: Value at 'status' failed to satisfy "
                            "constraint: Member must satisfy enum value set")));
}

// ---------------------------------------------------------------------------------------------
// List.

TEST_F(SshPublicKeysTest, ListPagesInUploadOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(MustUpload("bob", SshTestKey(i).openssh));
  MustUpload("alice", SshTestKey(3).openssh);

  auto all = root_.ListSSHPublicKeys(ListSSHPublicKeysRequest().WithUserName("bob"));
  ASSERT_THAT(all, IsOk());
  EXPECT_FALSE(all->GetIsTruncated());
  EXPECT_FALSE(all->MarkerHasBeenSet());
  ASSERT_THAT(all->GetSSHPublicKeys(), SizeIs(3));
  EXPECT_EQ(all->GetSSHPublicKeys()[0].GetSSHPublicKeyId(), ids[0]);
  EXPECT_EQ(all->GetSSHPublicKeys()[0].GetUserName(), "bob");
  EXPECT_EQ(all->GetSSHPublicKeys()[0].GetStatus(), StatusType::kActive);
  EXPECT_EQ(all->GetSSHPublicKeys()[0].GetUploadDate(), kStartTime);

  std::vector<std::string> paged;
  ListSSHPublicKeysRequest request = ListSSHPublicKeysRequest().WithUserName("bob").WithMaxItems(2);
  for (int page = 0; page < 5; ++page) {
    auto listed = root_.ListSSHPublicKeys(request);
    ASSERT_THAT(listed, IsOk());
    for (const SSHPublicKeyMetadata& key : listed->GetSSHPublicKeys()) {
      paged.push_back(key.GetSSHPublicKeyId());
    }
    if (!listed->GetIsTruncated()) break;
    request.SetMarker(listed->GetMarker());
  }
  EXPECT_EQ(paged, ids);
  std::vector<std::string> inspected;
  for (const SSHPublicKeyMetadata& key : backend_.SshPublicKeys("bob")) {
    inspected.push_back(key.GetSSHPublicKeyId());
  }
  EXPECT_EQ(inspected, ids);

  // A marker of another user's list is not one this list issued.
  auto alices =
      root_.ListSSHPublicKeys(ListSSHPublicKeysRequest().WithUserName("bob").WithMaxItems(1));
  ASSERT_TRUE(alices->GetIsTruncated());
  EXPECT_THAT(root_.ListSSHPublicKeys(
                  ListSSHPublicKeysRequest().WithUserName("alice").WithMarker(alices->GetMarker())),
              IsIamError(IamErrorCode::kInvalidInput));
}

TEST_F(SshPublicKeysTest, ListForTheCallingUserAndUnknownUsers) {
  const std::string id = MustUpload("bob", SshTestKey(0).openssh);
  FakeIamClient bob(backend_, CallerIdentity::User("bob"));
  auto own = bob.ListSSHPublicKeys(ListSSHPublicKeysRequest());
  ASSERT_THAT(own, IsOk());
  ASSERT_THAT(own->GetSSHPublicKeys(), SizeIs(1));
  EXPECT_EQ(own->GetSSHPublicKeys()[0].GetSSHPublicKeyId(), id);
  EXPECT_THAT(root_.ListSSHPublicKeys(ListSSHPublicKeysRequest().WithUserName("carol")),
              IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(backend_.SshPublicKeys("carol"), IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Update and delete.

TEST_F(SshPublicKeysTest, UpdateSetsActiveAndInactiveButNotExpired) {
  const std::string id = MustUpload("bob", SshTestKey(0).openssh);
  EXPECT_THAT(Update("bob", id, StatusType::kInactive), IsOk());  // recorded
  EXPECT_EQ(backend_.SshPublicKeys("bob")[0].GetStatus(), StatusType::kInactive);
  EXPECT_EQ(Get("bob", id, EncodingType::kSsh)->GetSSHPublicKey().GetStatus(),
            StatusType::kInactive);
  // Recorded.
  EXPECT_THAT(
      Update("bob", id, StatusType::kExpired),
      IsIamError(IamErrorCode::kInvalidInput, Eq("Operation does not support status Expired")));
  EXPECT_THAT(Update("bob", id, StatusType::kActive), IsOk());  // recorded
  EXPECT_EQ(backend_.SshPublicKeys("bob")[0].GetStatus(), StatusType::kActive);
  // An inactive key is still the user's: uploading it again is a duplicate.
  ASSERT_THAT(Update("bob", id, StatusType::kInactive), IsOk());
  EXPECT_THAT(Upload("bob", SshTestKey(0).pem), IsIamError(IamErrorCode::kDuplicateSSHPublicKey));
}

TEST_F(SshPublicKeysTest, AnotherUsersKeyOrAnUnknownIdIsNotFound) {
  const std::string alices = MustUpload("alice", SshTestKey(0).openssh);
  const std::string message = absl::StrCat("User has no Public Key with id ", alices, ".");
  // Recorded for a key another user holds.
  EXPECT_THAT(Delete("bob", alices), IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Update("bob", alices, StatusType::kInactive),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  EXPECT_THAT(Get("bob", alices, EncodingType::kSsh),
              IsIamError(IamErrorCode::kNoSuchEntity, Eq(message)));
  // An id no one holds: the same words.
  EXPECT_THAT(Delete("bob", "APKAQAAAAAAAI55Q4IEK"),
              IsIamError(IamErrorCode::kNoSuchEntity,
                         Eq("User has no Public Key with id APKAQAAAAAAAI55Q4IEK.")));
  EXPECT_THAT(backend_.SshPublicKeys("alice"), SizeIs(1));
  EXPECT_EQ(backend_.SshPublicKeys("alice")[0].GetStatus(), StatusType::kActive);
}

TEST_F(SshPublicKeysTest, DeleteRemovesTheKeyOnce) {
  const std::string first = MustUpload("bob", SshTestKey(0).openssh);
  const std::string second = MustUpload("bob", SshTestKey(1).openssh);
  ASSERT_THAT(Delete("bob", first), IsOk());
  ASSERT_THAT(backend_.SshPublicKeys("bob"), SizeIs(1));
  EXPECT_EQ(backend_.SshPublicKeys("bob")[0].GetSSHPublicKeyId(), second);
  EXPECT_THAT(Delete("bob", first), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(Get("bob", first, EncodingType::kSsh), IsIamError(IamErrorCode::kNoSuchEntity));
  // Deleted, the key may come back, with a new id.
  const std::string again = MustUpload("bob", SshTestKey(0).pem);
  EXPECT_NE(again, first);
}

TEST_F(SshPublicKeysTest, DeleteUserWhileItHoldsSshKeysConflicts) {
  const std::string id = MustUpload("bob", SshTestKey(0).openssh);
  EXPECT_THAT(root_.DeleteUser(DeleteUserRequest().WithUserName("bob")),
              IsIamError(IamErrorCode::kDeleteConflict,
                         Eq("Cannot delete entity, must remove referenced objects first.")));
  ASSERT_THAT(Delete("bob", id), IsOk());
  EXPECT_THAT(root_.DeleteUser(DeleteUserRequest().WithUserName("bob")), IsOk());
}

TEST_F(SshPublicKeysTest, CertificatesAreReportedBeforeSshKeys) {
  MustUpload("bob", SshTestKey(0).openssh);
  ASSERT_THAT(backend_.UploadSigningCertificate("bob", ValidCertificatePem()), IsOk());
  EXPECT_THAT(root_.DeleteUser(DeleteUserRequest().WithUserName("bob")),
              IsIamError(IamErrorCode::kDeleteConflict,
                         Eq("Cannot delete entity, must delete certificates first.")));
}

TEST_F(SshPublicKeysTest, ResetEmptiesTheKeysAndIdsStartOver) {
  const std::string id = MustUpload("bob", SshTestKey(0).openssh);
  backend_.Reset();
  ASSERT_THAT(backend_.CreateUser("bob"), IsOk());
  EXPECT_THAT(backend_.SshPublicKeys("bob"), IsEmpty());
  // Ids are a function of the seed and the call order.
  ASSERT_THAT(backend_.CreateUser("alice"), IsOk());
  EXPECT_EQ(MustUpload("bob", SshTestKey(0).openssh), id);
}

// ---------------------------------------------------------------------------------------------
// Faults, records and printing.

TEST_F(SshPublicKeysTest, FaultsFollowTheOperationsErrorLists) {
  EXPECT_TRUE(
      OperationCanReturn(Operation::kUploadSSHPublicKey, IamErrorCode::kDuplicateSSHPublicKey));
  EXPECT_TRUE(OperationCanReturn(Operation::kUploadSSHPublicKey, IamErrorCode::kInvalidPublicKey));
  EXPECT_TRUE(OperationCanReturn(Operation::kUploadSSHPublicKey,
                                 IamErrorCode::kUnrecognizedPublicKeyEncoding));
  EXPECT_TRUE(OperationCanReturn(Operation::kUploadSSHPublicKey, IamErrorCode::kLimitExceeded));
  EXPECT_TRUE(OperationCanReturn(Operation::kListSSHPublicKeys, IamErrorCode::kInvalidInput));
  EXPECT_TRUE(OperationCanReturn(Operation::kUpdateSSHPublicKey, IamErrorCode::kInvalidInput));
  EXPECT_FALSE(OperationCanReturn(Operation::kDeleteSSHPublicKey, IamErrorCode::kLimitExceeded));
  EXPECT_FALSE(
      OperationCanReturn(Operation::kGetSSHPublicKey, IamErrorCode::kDuplicateSSHPublicKey));

  ASSERT_THAT(
      backend_.InjectFault(
          FaultRule::Fail(IamErrorCode::kDuplicateSSHPublicKey).On(Operation::kUploadSSHPublicKey)),
      IsOk());
  EXPECT_THAT(Upload("bob", SshTestKey(0).openssh),
              IsIamError(IamErrorCode::kDuplicateSSHPublicKey));
  EXPECT_THAT(backend_.SshPublicKeys("bob"), IsEmpty());
  EXPECT_THAT(
      backend_.InjectFault(
          FaultRule::Fail(IamErrorCode::kDuplicateSSHPublicKey).On(Operation::kDeleteSSHPublicKey)),
      Not(IsOk()));
}

TEST_F(SshPublicKeysTest, CallsAreRecordedAndBodiesPrintSummarised) {
  const std::string body = SshTestKey(0).openssh + " bob@laptop";
  MustUpload("bob", body);
  ASSERT_THAT(backend_.RecordedCalls(Operation::kUploadSSHPublicKey), SizeIs(1));
  const std::string printed = ::testing::PrintToString(
      UploadSSHPublicKeyRequest().WithUserName("bob").WithSSHPublicKeyBody(body));
  EXPECT_THAT(printed, HasSubstr(DescribeCertificateBody(body)));
  EXPECT_THAT(printed, Not(HasSubstr(body)));
  EXPECT_THAT(printed, HasSubstr("begins \"ssh-rsa AAAA"));
}

TEST_F(SshPublicKeysTest, MemberMatchersSummariseTheBody) {
  auto uploaded = Upload("bob", SshTestKey(0).openssh);
  ASSERT_THAT(uploaded, IsOk());
  EXPECT_THAT(uploaded->GetSSHPublicKey(), HasSSHPublicKeyBody(SshTestKey(0).openssh));
  EXPECT_THAT(uploaded->GetSSHPublicKey(), Not(HasSSHPublicKeyBody(SshTestKey(1).openssh)));
  EXPECT_THAT(uploaded->GetSSHPublicKey(), HasFingerprint(SshTestKey(0).fingerprint));
}

// ---------------------------------------------------------------------------------------------
// The parser.

TEST(SshPublicKeyParserTest, AcceptsWhiteSpaceAroundAndTabsInTheLine) {
  const TestSshPublicKey& key = SshTestKey(0);
  for (const std::string& body :
       {"\n  " + key.openssh + "  \r\n", "ssh-rsa\t" + key.openssh.substr(8) + "\tcomment words",
        "\r\n" + key.pem, key.pem.substr(0, key.pem.size() - 1)}) {
    auto parsed = internal::ParseSshPublicKeyBody(body);
    ASSERT_THAT(parsed, IsOk()) << body;
    EXPECT_EQ(parsed->fingerprint, key.fingerprint);
    EXPECT_EQ(parsed->openssh, key.openssh);
    EXPECT_EQ(parsed->pem, key.pem);
  }
}

TEST(SshPublicKeyParserTest, SizesFrom2048To16384Bits) {
  EXPECT_THAT(internal::ParseSshPublicKeyBody(RsaPublicKeyOpenSsh(2048)), IsOk());
  EXPECT_THAT(internal::ParseSshPublicKeyBody(RsaPublicKeyPem(3072)), IsOk());
  EXPECT_THAT(internal::ParseSshPublicKeyBody(RsaPublicKeyOpenSsh(2047)),
              IsIamError(IamErrorCode::kInvalidPublicKey));
}

TEST(SshPublicKeyParserTest, DiagnosisSaysWhy) {
  auto rsa1024 = internal::ParseSshPublicKeyBody(RsaPublicKeyOpenSsh(1024));
  ASSERT_THAT(rsa1024, IsIamError(IamErrorCode::kInvalidPublicKey));
  EXPECT_THAT(IamErrorDiagnosis(rsa1024.status()).value_or(""), HasSubstr("1024 bits"));
  auto certificate = internal::ParseSshPublicKeyBody(ValidCertificatePem());
  EXPECT_THAT(IamErrorDiagnosis(certificate.status()).value_or(""), HasSubstr("CERTIFICATE"));
}

}  // namespace
}  // namespace fake_iam
