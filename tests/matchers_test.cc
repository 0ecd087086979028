// Tests of testing/matchers.h: every matcher matches and mismatches as it should, and what a
// failure prints (descriptions, explanations, printed values) reads well.
#include "testing/matchers.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::DescribeMatcher;
using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::PrintToString;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kCertificateId[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr char kNoSuchBob[] = "The user with name bob cannot be found.";

// What the matcher says about `value`, as gtest would print it after "Actual: <value>, ".
template <typename T, typename M>
std::string Explain(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

// The text of the single failure the function reports.
template <typename F>
std::string FailureOf(F&& function) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    function();
  }
  EXPECT_EQ(failures.size(), 1);
  return failures.size() == 0 ? "" : failures.GetTestPartResult(0).message();
}

absl::Status NoSuchBob() { return MakeIamError(IamErrorCode::kNoSuchEntity, kNoSuchBob); }

SigningCertificate Certificate(const std::string& body, StatusType status = StatusType::kActive) {
  return SigningCertificate()
      .WithUserName("bob")
      .WithCertificateId(kCertificateId)
      .WithStatus(status)
      .WithUploadDate(kStartTime)
      .WithCertificateBody(body);
}

// ---------------------------------------------------------------------------------------------
// IsOk

TEST(IsOkTest, MatchesOkStatusAndStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
  EXPECT_THAT(NoSuchBob(), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(NoSuchBob()), Not(IsOk()));
  EXPECT_THAT(absl::InternalError("boom"), Not(IsOk()));
}

TEST(IsOkTest, DescribesItself) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk()), "is OK");
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk(), /*negation=*/true), "is not OK");
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<int>>(IsOk()), "is OK");
}

TEST(IsOkTest, ExplainsWhatCame) {
  EXPECT_EQ(Explain(IsOk(), NoSuchBob()),
            "which is IAM error NoSuchEntity (NOT_FOUND): The user with name bob cannot be found.");
  EXPECT_EQ(Explain(IsOk(), absl::InternalError("boom")), "which is INTERNAL: boom");
  EXPECT_EQ(Explain(IsOk(), absl::Status(absl::StatusCode::kAborted, "")), "which is ABORTED");
  EXPECT_EQ(Explain(IsOk(), absl::OkStatus()), "which is OK");
}

// ---------------------------------------------------------------------------------------------
// StatusIs

TEST(StatusIsTest, MatchesOnTheAbslCode) {
  EXPECT_THAT(NoSuchBob(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::NotFoundError("plain"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::StatusOr<int>(NoSuchBob()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::StatusOr<int>(1), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(NoSuchBob(), Not(StatusIs(absl::StatusCode::kAlreadyExists)));
  EXPECT_THAT(absl::OkStatus(), Not(StatusIs(absl::StatusCode::kNotFound)));
}

TEST(StatusIsTest, MatchesTheMessage) {
  EXPECT_THAT(NoSuchBob(), StatusIs(absl::StatusCode::kNotFound, HasSubstr("bob")));
  EXPECT_THAT(NoSuchBob(), StatusIs(absl::StatusCode::kNotFound, kNoSuchBob));
  EXPECT_THAT(NoSuchBob(), StatusIs(absl::StatusCode::kNotFound, std::string(kNoSuchBob)));
  EXPECT_THAT(NoSuchBob(), Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("alice"))));
  EXPECT_THAT(NoSuchBob(), Not(StatusIs(absl::StatusCode::kInternal, HasSubstr("bob"))));
}

TEST(StatusIsTest, DescribesItself) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound)),
            "has status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound), true),
            "doesn't have status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("bob"))),
            "has status code NOT_FOUND and a message that has substring \"bob\"");
  EXPECT_EQ(
      DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("bob")), true),
      "doesn't have status code NOT_FOUND, or has a message that has no substring \"bob\"");
}

TEST(StatusIsTest, ExplainsWhatCame) {
  EXPECT_EQ(Explain(StatusIs(absl::StatusCode::kAlreadyExists), NoSuchBob()),
            "which is IAM error NoSuchEntity (NOT_FOUND): The user with name bob cannot be found.");
  EXPECT_EQ(Explain(StatusIs(absl::StatusCode::kNotFound, "other"), absl::NotFoundError("x")),
            "which is NOT_FOUND: x, whose message doesn't match");
}

// ---------------------------------------------------------------------------------------------
// IsIamError

TEST(IsIamErrorTest, MatchesOnTheIamCode) {
  EXPECT_THAT(NoSuchBob(), IsIamError(IamErrorCode::kNoSuchEntity));
  EXPECT_THAT(absl::StatusOr<User>(NoSuchBob()), IsIamError(IamErrorCode::kNoSuchEntity));
  // Two IAM codes share ALREADY_EXISTS; the matcher tells them apart.
  absl::Status duplicate = MakeIamError(IamErrorCode::kDuplicateCertificate, "dup");
  EXPECT_THAT(duplicate, IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_THAT(duplicate, Not(IsIamError(IamErrorCode::kEntityAlreadyExists)));
  // A status with the right absl code but no IAM code is not an IAM error.
  EXPECT_THAT(absl::NotFoundError(kNoSuchBob), Not(IsIamError(IamErrorCode::kNoSuchEntity)));
  EXPECT_THAT(absl::OkStatus(), Not(IsIamError(IamErrorCode::kNoSuchEntity)));
  EXPECT_THAT(absl::StatusOr<int>(1), Not(IsIamError(IamErrorCode::kNoSuchEntity)));
}

TEST(IsIamErrorTest, MatchesTheMessage) {
  EXPECT_THAT(NoSuchBob(), IsIamError(IamErrorCode::kNoSuchEntity, kNoSuchBob));
  EXPECT_THAT(NoSuchBob(), IsIamError(IamErrorCode::kNoSuchEntity, HasSubstr("bob")));
  EXPECT_THAT(NoSuchBob(), Not(IsIamError(IamErrorCode::kNoSuchEntity, HasSubstr("alice"))));
  EXPECT_THAT(NoSuchBob(), Not(IsIamError(IamErrorCode::kDeleteConflict, HasSubstr("bob"))));
}

TEST(IsIamErrorTest, MatchesWhatTheFakeReturns) {
  FakeIamBackend backend(TestOptions());
  FakeIamClient client(backend);
  EXPECT_THAT(client.GetUser(GetUserRequest().WithUserName("bob")),
              IsIamError(IamErrorCode::kNoSuchEntity, kNoSuchBob));
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("bob")), IsOk());
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("BOB")),
              IsIamError(IamErrorCode::kEntityAlreadyExists, "User with name BOB already exists."));
}

TEST(IsIamErrorTest, DescribesItself) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsIamError(IamErrorCode::kNoSuchEntity)),
            "is IAM error NoSuchEntity");
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsIamError(IamErrorCode::kNoSuchEntity), true),
            "isn't IAM error NoSuchEntity");
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<GetUserResult>>(
                IsIamError(IamErrorCode::kLimitExceeded, HasSubstr("quota"))),
            "is IAM error LimitExceeded with a message that has substring \"quota\"");
  EXPECT_EQ(DescribeMatcher<absl::Status>(
                IsIamError(IamErrorCode::kLimitExceeded, HasSubstr("quota")), true),
            "isn't IAM error LimitExceeded, or has a message that has no substring \"quota\"");
}

TEST(IsIamErrorTest, ExplainsWhatCame) {
  EXPECT_EQ(Explain(IsIamError(IamErrorCode::kNoSuchEntity),
                    MakeIamError(IamErrorCode::kDuplicateCertificate, "dup")),
            "which is IAM error DuplicateCertificate (ALREADY_EXISTS): dup");
  EXPECT_EQ(Explain(IsIamError(IamErrorCode::kNoSuchEntity), absl::OkStatus()), "which is OK");
  EXPECT_EQ(Explain(IsIamError(IamErrorCode::kNoSuchEntity), absl::NotFoundError("nope")),
            "which is NOT_FOUND: nope (carries no IAM error code)");
  EXPECT_EQ(Explain(IsIamError(IamErrorCode::kNoSuchEntity, HasSubstr("alice")), NoSuchBob()),
            "which is IAM error NoSuchEntity (NOT_FOUND): The user with name bob cannot be "
            "found., whose message doesn't match");
}

// IAM's words for a malformed body say little; the fake's diagnosis, which SDKs never see, is in
// the failure text.
TEST(IsIamErrorTest, ExplanationShowsTheDiagnosis) {
  absl::Status malformed = WithDiagnosis(
      MakeIamError(IamErrorCode::kMalformedCertificate, "Certificate hello is malformed."),
      "The body holds no PEM block.");
  EXPECT_EQ(Explain(IsIamError(IamErrorCode::kNoSuchEntity), malformed),
            "which is IAM error MalformedCertificate (INVALID_ARGUMENT): Certificate hello is "
            "malformed. [fake_iam: The body holds no PEM block.]");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(malformed, IsOk()), "[fake_iam: The body holds no PEM block.]");
}

TEST(IsIamErrorTest, WholeFailureReadsWell) {
  absl::Status status = MakeIamError(IamErrorCode::kDuplicateCertificate, "dup");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(status, IsIamError(IamErrorCode::kNoSuchEntity)),
                          "Expected: is IAM error NoSuchEntity\n  Actual: ");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(status, IsIamError(IamErrorCode::kNoSuchEntity)),
                          ", which is IAM error DuplicateCertificate (ALREADY_EXISTS): dup");

  absl::StatusOr<GetUserResult> ok = GetUserResult().WithUser(User().WithUserName("bob"));
  EXPECT_EQ(FailureOf([&] { EXPECT_THAT(ok, IsIamError(IamErrorCode::kNoSuchEntity)); }),
            "Value of: ok\n"
            "Expected: is IAM error NoSuchEntity\n"
            "  Actual: OK: GetUserResult{User: User{UserName: \"bob\"}}, which is OK");
}

// ---------------------------------------------------------------------------------------------
// IsOkAndHolds

TEST(IsOkAndHoldsTest, MatchesTheValue) {
  EXPECT_THAT(absl::StatusOr<int>(42), IsOkAndHolds(42));
  EXPECT_THAT(absl::StatusOr<int>(42), IsOkAndHolds(Ge(40)));
  EXPECT_THAT(absl::StatusOr<int>(41), Not(IsOkAndHolds(42)));
  EXPECT_THAT(absl::StatusOr<int>(NoSuchBob()), Not(IsOkAndHolds(42)));
  EXPECT_THAT(absl::StatusOr<std::string>("bob"), IsOkAndHolds(StartsWith("b")));
}

TEST(IsOkAndHoldsTest, DescribesItself) {
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<int>>(IsOkAndHolds(42)),
            "is OK and holds a value that is equal to 42");
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<int>>(IsOkAndHolds(42), true),
            "is not OK, or holds a value that isn't equal to 42");
}

TEST(IsOkAndHoldsTest, ExplainsWhatCame) {
  EXPECT_EQ(Explain(IsOkAndHolds(42), absl::StatusOr<int>(41)), "whose value 41 doesn't match");
  EXPECT_EQ(Explain(IsOkAndHolds("alice"), absl::StatusOr<std::string>("bob")),
            "whose value \"bob\" doesn't match");
  EXPECT_EQ(Explain(IsOkAndHolds(42), absl::StatusOr<int>(NoSuchBob())),
            "which is IAM error NoSuchEntity (NOT_FOUND): The user with name bob cannot be found.");
  EXPECT_EQ(Explain(IsOkAndHolds(HasUser(HasUserName("bob"))),
                    absl::StatusOr<GetUserResult>(
                        GetUserResult().WithUser(User().WithUserName("alice")))),
            "whose value doesn't match, whose User is User{UserName: \"alice\"}, whose UserName "
            "is \"alice\"");
}

TEST(IsOkAndHoldsTest, ComposesWithModelMatchersOnFakeResults) {
  FakeIamBackend backend(TestOptions());
  FakeIamClient client(backend);
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("bob").WithPath("/ops/")),
              IsOkAndHolds(HasUser(AllOf(HasUserName("bob"), HasPath("/ops/"),
                                         HasArn("arn:aws:iam::123456789012:user/ops/bob")))));
  std::string pem = ValidCertificatePem();
  EXPECT_THAT(
      client.UploadSigningCertificate(
          UploadSigningCertificateRequest().WithUserName("bob").WithCertificateBody(pem)),
      IsOkAndHolds(HasCertificate(AllOf(HasUserName("bob"), HasStatus(StatusType::kActive),
                                        HasUploadDate(kStartTime), HasCertificateBody(pem)))));
}

// ---------------------------------------------------------------------------------------------
// Member matchers

TEST(MemberMatchersTest, MatchCertificates) {
  std::string pem = ValidCertificatePem();
  SigningCertificate certificate = Certificate(pem);
  EXPECT_THAT(certificate, HasUserName("bob"));
  EXPECT_THAT(certificate, HasCertificateId(kCertificateId));
  EXPECT_THAT(certificate, HasCertificateId(SizeIs(32)));
  EXPECT_THAT(certificate, HasStatus(StatusType::kActive));
  EXPECT_THAT(certificate, HasUploadDate(kStartTime));
  EXPECT_THAT(certificate, HasUploadDate(Ge(kStartTime - absl::Hours(1))));
  EXPECT_THAT(certificate, HasCertificateBody(pem));
  EXPECT_THAT(certificate, HasCertificateBody(StartsWith("-----BEGIN CERTIFICATE-----")));

  EXPECT_THAT(certificate, Not(HasUserName("alice")));
  EXPECT_THAT(certificate, Not(HasCertificateId("OTHER")));
  EXPECT_THAT(certificate, Not(HasStatus(StatusType::kInactive)));
  EXPECT_THAT(certificate, Not(HasUploadDate(kStartTime + absl::Seconds(1))));
  EXPECT_THAT(certificate, Not(HasCertificateBody(ValidCertificatePem())));
}

TEST(MemberMatchersTest, MatchUsers) {
  User user = User().WithUserName("bob").WithPath("/ops/").WithArn(
      "arn:aws:iam::123456789012:user/ops/bob");
  EXPECT_THAT(user, AllOf(HasUserName("bob"), HasPath("/ops/"), HasArn(HasSubstr(":user/ops/"))));
  EXPECT_THAT(user, Not(HasPath("/")));
  EXPECT_THAT(user, Not(HasArn(HasSubstr("alice"))));
}

TEST(MemberMatchersTest, MatchRequests) {
  EXPECT_THAT(UploadSigningCertificateRequest().WithUserName("bob"), HasUserName("bob"));
  EXPECT_THAT(UploadSigningCertificateRequest().WithCertificateBody("x"), HasCertificateBody("x"));
  EXPECT_THAT(DeleteSigningCertificateRequest().WithCertificateId(kCertificateId),
              HasCertificateId(kCertificateId));
  EXPECT_THAT(UpdateSigningCertificateRequest().WithStatus(StatusType::kInactive),
              HasStatus(StatusType::kInactive));
  EXPECT_THAT(CreateUserRequest().WithPath("/ops/"), HasPath("/ops/"));
  EXPECT_THAT(DeleteUserRequest().WithUserName("bob"), HasUserName("bob"));
}

TEST(MemberMatchersTest, UnsetMemberNeverMatches) {
  // An omitted UserName means "the caller" to IAM, which is not the same as an empty one.
  EXPECT_THAT(GetUserRequest(), Not(HasUserName("")));
  EXPECT_THAT(GetUserRequest(), Not(HasUserName(::testing::_)));
  EXPECT_EQ(Explain(HasUserName(""), GetUserRequest()), "whose UserName is not set");
}

TEST(MemberMatchersTest, DescribeThemselves) {
  EXPECT_EQ(DescribeMatcher<SigningCertificate>(HasStatus(StatusType::kActive)),
            "has Status that is equal to Active");
  EXPECT_EQ(DescribeMatcher<SigningCertificate>(HasStatus(StatusType::kActive), true),
            "doesn't have Status that is equal to Active");
  EXPECT_EQ(DescribeMatcher<User>(HasUserName("bob")), "has UserName that is equal to \"bob\"");
  EXPECT_EQ(DescribeMatcher<User>(HasPath(StartsWith("/ops"))),
            "has Path that starts with \"/ops\"");
  EXPECT_EQ(DescribeMatcher<SigningCertificate>(HasUploadDate(kStartTime)),
            "has UploadDate that is equal to 2026-01-01T00:00:00Z");
  EXPECT_EQ(DescribeMatcher<SigningCertificate>(HasCertificateBody(std::string(612, 'x'))),
            "has CertificateBody that is equal to <612 bytes, begins \"" + std::string(64, 'x') +
                "\"...>");
}

TEST(MemberMatchersTest, ExplainWhatCame) {
  std::string pem = ValidCertificatePem();
  SigningCertificate certificate = Certificate(pem, StatusType::kInactive);
  EXPECT_EQ(Explain(HasStatus(StatusType::kActive), certificate), "whose Status is Inactive");
  EXPECT_EQ(Explain(HasUserName("alice"), certificate), "whose UserName is \"bob\"");
  EXPECT_EQ(Explain(HasUploadDate(kStartTime + absl::Seconds(1)), certificate),
            "whose UploadDate is 2026-01-01T00:00:00Z");

  // A different body is summarised, and the first difference located, never printed in full.
  std::string other = ValidCertificatePem();
  std::string explanation = Explain(HasCertificateBody(other), certificate);
  EXPECT_THAT(explanation, ContainsRegex("^whose CertificateBody is <[0-9]+ bytes, begins "
                                         "\"-----BEGIN CERTIFICATE-----\">, which differs from "
                                         "it at byte [0-9]+$"));
  std::string description = DescribeMatcher<SigningCertificate>(HasCertificateBody(other));
  EXPECT_THAT(description, StartsWith("has CertificateBody that is equal to <"));
  EXPECT_THAT(description, Not(HasSubstr(other.substr(28, 20))));
}

TEST(MemberMatchersTest, ComposeOverBackendState) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  FakeIamClient client(backend);
  auto first = client.UploadSigningCertificate(
      UploadSigningCertificateRequest().WithUserName("bob").WithCertificateBody(
          ValidCertificatePem()));
  ASSERT_THAT(first, IsOk());
  std::string id = first->GetCertificate().GetCertificateId();
  ASSERT_THAT(
      client.UpdateSigningCertificate(
          UpdateSigningCertificateRequest().WithUserName("bob").WithCertificateId(id).WithStatus(
              StatusType::kInactive)),
      IsOk());
  EXPECT_THAT(backend.Certificates("bob"),
              ElementsAre(AllOf(HasCertificateId(id), HasUserName("bob"),
                                HasStatus(StatusType::kInactive))));
}

// ---------------------------------------------------------------------------------------------
// RecordedCall matchers

TEST(RecordedCallMatchersTest, MatchCalls) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("alice"), IsOk());
  FakeIamClient alice(backend, CallerIdentity::User("alice"));
  EXPECT_THAT(alice.GetUser(GetUserRequest()), IsOk());
  ASSERT_THAT(
      backend.InjectFault(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kGetUser)),
      IsOk());
  EXPECT_THAT(alice.GetUser(GetUserRequest()), IsIamError(IamErrorCode::kThrottling));

  EXPECT_THAT(
      backend.RecordedCalls(),
      ElementsAre(AllOf(HasOperation(Operation::kGetUser), HasCaller(CallerIdentity::User("alice")),
                        HasCallStatus(IsOk()), Not(WasInjected())),
                  AllOf(HasOperation(Operation::kGetUser),
                        HasCallStatus(IsIamError(IamErrorCode::kThrottling)), WasInjected())));
  EXPECT_THAT(backend.RecordedCalls(), Not(ElementsAre(HasOperation(Operation::kCreateUser), _)));
}

TEST(RecordedCallMatchersTest, DescribeAndExplain) {
  RecordedCall call;
  call.operation = Operation::kGetUser;
  call.caller = CallerIdentity::User("alice");
  call.status = MakeIamError(IamErrorCode::kThrottling, "Rate exceeded");
  call.injected = true;

  EXPECT_EQ(DescribeMatcher<RecordedCall>(HasOperation(Operation::kDeleteUser)),
            "has operation that is equal to DeleteUser");
  EXPECT_EQ(Explain(HasOperation(Operation::kDeleteUser), call), "whose operation is GetUser");
  EXPECT_EQ(DescribeMatcher<RecordedCall>(HasCaller(CallerIdentity::Root())),
            "has caller that is equal to root");
  EXPECT_EQ(Explain(HasCaller(CallerIdentity::Root()), call), "whose caller is user/alice");
  EXPECT_EQ(DescribeMatcher<RecordedCall>(HasCallStatus(IsOk())), "has status that is OK");
  EXPECT_EQ(Explain(HasCallStatus(IsOk()), call),
            "whose status is IAM error Throttling (UNAVAILABLE): Rate exceeded, which is IAM "
            "error Throttling (UNAVAILABLE): Rate exceeded");
  EXPECT_EQ(DescribeMatcher<RecordedCall>(WasInjected()), "was answered by an injected fault");
  EXPECT_EQ(DescribeMatcher<RecordedCall>(WasInjected(), true),
            "was not answered by an injected fault");
  EXPECT_EQ(Explain(WasInjected(), call), "which was answered by an injected fault");
  call.injected = false;
  EXPECT_EQ(Explain(WasInjected(), call), "which was answered by the fake's own logic");
}

// ---------------------------------------------------------------------------------------------
// PrintTo

TEST(PrintToTest, Enums) {
  EXPECT_EQ(PrintToString(StatusType::kActive), "Active");
  EXPECT_EQ(PrintToString(StatusType::kInactive), "Inactive");
  EXPECT_EQ(PrintToString(static_cast<StatusType>(7)), "StatusType(7)");
  EXPECT_EQ(PrintToString(IamErrorCode::kDuplicateCertificate), "DuplicateCertificate");
  EXPECT_EQ(PrintToString(static_cast<IamErrorCode>(99)), "IamErrorCode(99)");
  EXPECT_EQ(PrintToString(Operation::kUploadSigningCertificate), "UploadSigningCertificate");
  EXPECT_EQ(PrintToString(static_cast<Operation>(99)), "Operation(99)");
  EXPECT_EQ(PrintToString(std::optional<IamErrorCode>(IamErrorCode::kThrottling)), "(Throttling)");
}

TEST(PrintToTest, CallerIdentity) {
  EXPECT_EQ(PrintToString(CallerIdentity::Root()), "root");
  EXPECT_EQ(PrintToString(CallerIdentity::User("Bob")), "user/Bob");
  EXPECT_EQ(PrintToString(CallerIdentity::Role("arn:aws:iam::123456789012:role/Deployer")),
            "role/arn:aws:iam::123456789012:role/Deployer");
}

TEST(PrintToTest, SigningCertificateSummarisesTheBody) {
  std::string pem = ValidCertificatePem();
  EXPECT_EQ(PrintToString(Certificate(pem)),
            "SigningCertificate{UserName: \"bob\", CertificateId: \"" +
                std::string(kCertificateId) + "\", CertificateBody: <" +
                std::to_string(pem.size()) +
                " bytes, begins \"-----BEGIN CERTIFICATE-----\">, Status: Active, "
                "UploadDate: 2026-01-01T00:00:00Z}");
  EXPECT_EQ(PrintToString(SigningCertificate()), "SigningCertificate{}");
}

TEST(PrintToTest, CertificateBodyEdgeCases) {
  auto printed = [](const std::string& body) {
    return PrintToString(SigningCertificate().WithCertificateBody(body));
  };
  EXPECT_EQ(printed(""), "SigningCertificate{CertificateBody: <0 bytes>}");
  EXPECT_EQ(printed("x"), "SigningCertificate{CertificateBody: <1 byte, begins \"x\">}");
  EXPECT_EQ(printed("-----BEGIN CERTIFICATE-----\r\nMIIB\r\n"),
            "SigningCertificate{CertificateBody: <35 bytes, begins "
            "\"-----BEGIN CERTIFICATE-----\">}");
  EXPECT_EQ(printed(std::string(100, 'A')),
            "SigningCertificate{CertificateBody: <100 bytes, begins \"" + std::string(64, 'A') +
                "\"...>}");
  EXPECT_EQ(printed("\"\x01"),
            "SigningCertificate{CertificateBody: <2 bytes, begins \"\\\"\\x1\">}");
}

TEST(PrintToTest, User) {
  User user = User()
                  .WithUserName("bob")
                  .WithUserId("AIDAABCDEFGHIJKLMNOPQ")
                  .WithPath("/")
                  .WithArn("arn:aws:iam::123456789012:user/bob")
                  .WithCreateDate(kStartTime + absl::Milliseconds(500));
  EXPECT_EQ(PrintToString(user),
            "User{Path: \"/\", UserName: \"bob\", UserId: \"AIDAABCDEFGHIJKLMNOPQ\", "
            "Arn: \"arn:aws:iam::123456789012:user/bob\", CreateDate: 2026-01-01T00:00:00.5Z}");
  EXPECT_EQ(PrintToString(User().WithUserName("a\"b")), "User{UserName: \"a\\\"b\"}");
}

TEST(PrintToTest, RequestsPrintOnlyWhatWasSet) {
  EXPECT_EQ(PrintToString(ListSigningCertificatesRequest()), "ListSigningCertificatesRequest{}");
  EXPECT_EQ(PrintToString(ListSigningCertificatesRequest().WithUserName("bob").WithMaxItems(10)),
            "ListSigningCertificatesRequest{UserName: \"bob\", MaxItems: 10}");
  EXPECT_EQ(PrintToString(ListSigningCertificatesRequest().WithMarker("m")),
            "ListSigningCertificatesRequest{Marker: \"m\"}");
  EXPECT_EQ(PrintToString(UploadSigningCertificateRequest().WithUserName("bob").WithCertificateBody(
                "-----BEGIN CERTIFICATE-----\nMIIB\n")),
            "UploadSigningCertificateRequest{UserName: \"bob\", CertificateBody: <33 bytes, "
            "begins \"-----BEGIN CERTIFICATE-----\">}");
  EXPECT_EQ(
      PrintToString(
          UpdateSigningCertificateRequest().WithUserName("bob").WithCertificateId("ID").WithStatus(
              StatusType::kInactive)),
      "UpdateSigningCertificateRequest{UserName: \"bob\", CertificateId: \"ID\", "
      "Status: Inactive}");
  EXPECT_EQ(PrintToString(DeleteSigningCertificateRequest().WithCertificateId("ID")),
            "DeleteSigningCertificateRequest{CertificateId: \"ID\"}");
  EXPECT_EQ(PrintToString(CreateUserRequest().WithUserName("bob").WithPath("/ops/")),
            "CreateUserRequest{UserName: \"bob\", Path: \"/ops/\"}");
  EXPECT_EQ(PrintToString(GetUserRequest()), "GetUserRequest{}");
  EXPECT_EQ(PrintToString(GetUserRequest().WithUserName("")), "GetUserRequest{UserName: \"\"}");
  EXPECT_EQ(PrintToString(DeleteUserRequest().WithUserName("bob")),
            "DeleteUserRequest{UserName: \"bob\"}");
  EXPECT_EQ(PrintToString(ListUsersRequest().WithPathPrefix("/ops/").WithMaxItems(5)),
            "ListUsersRequest{PathPrefix: \"/ops/\", MaxItems: 5}");
}

TEST(PrintToTest, Results) {
  SigningCertificate certificate =
      SigningCertificate().WithCertificateId("A").WithStatus(StatusType::kActive);
  EXPECT_EQ(PrintToString(ListSigningCertificatesResult()
                              .WithCertificates({certificate, certificate})
                              .WithIsTruncated(true)
                              .WithMarker("next")),
            "ListSigningCertificatesResult{Certificates: [SigningCertificate{CertificateId: "
            "\"A\", Status: Active}, SigningCertificate{CertificateId: \"A\", Status: Active}], "
            "IsTruncated: true, Marker: \"next\"}");
  EXPECT_EQ(
      PrintToString(ListSigningCertificatesResult().WithCertificates({}).WithIsTruncated(false)),
      "ListSigningCertificatesResult{Certificates: [], IsTruncated: false}");
  EXPECT_EQ(PrintToString(UploadSigningCertificateResult().WithCertificate(certificate)),
            "UploadSigningCertificateResult{Certificate: SigningCertificate{CertificateId: "
            "\"A\", Status: Active}}");
  User user = User().WithUserName("bob");
  EXPECT_EQ(PrintToString(CreateUserResult().WithUser(user)),
            "CreateUserResult{User: User{UserName: \"bob\"}}");
  EXPECT_EQ(PrintToString(GetUserResult().WithUser(user)),
            "GetUserResult{User: User{UserName: \"bob\"}}");
  EXPECT_EQ(PrintToString(ListUsersResult().WithUsers({user}).WithIsTruncated(false)),
            "ListUsersResult{Users: [User{UserName: \"bob\"}], IsTruncated: false}");
}

TEST(PrintToTest, StatusOrOfModelTypes) {
  absl::StatusOr<GetUserResult> ok = GetUserResult().WithUser(User().WithUserName("bob"));
  EXPECT_EQ(PrintToString(ok), "OK: GetUserResult{User: User{UserName: \"bob\"}}");
  absl::StatusOr<GetUserResult> error = NoSuchBob();
  EXPECT_EQ(PrintToString(error),
            "IAM error NoSuchEntity (NOT_FOUND): The user with name bob cannot be found.");
  EXPECT_EQ(PrintToString(absl::StatusOr<CreateUserResult>(absl::InternalError("boom"))),
            "INTERNAL: boom");
}

TEST(PrintToTest, ContainersUseTheModelPrinters) {
  std::vector<User> users = {User().WithUserName("a"), User().WithUserName("b")};
  EXPECT_EQ(PrintToString(users), "{ User{UserName: \"a\"}, User{UserName: \"b\"} }");
}

TEST(PrintToTest, RecordedCall) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("alice"), IsOk());
  FakeIamClient alice(backend, CallerIdentity::User("alice"));
  ASSERT_THAT(alice.GetUser(GetUserRequest()), IsOk());
  ASSERT_THAT(alice.DeleteUser(DeleteUserRequest().WithUserName("nobody")), Not(IsOk()));
  std::vector<RecordedCall> calls = backend.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(PrintToString(calls[0]),
            "RecordedCall{sequence: 1, operation: GetUser, caller: user/alice, "
            "time: 2026-01-01T00:00:00Z, request: GetUserRequest{}, status: OK, "
            "injected: false}");
  EXPECT_EQ(PrintToString(calls[1]),
            "RecordedCall{sequence: 2, operation: DeleteUser, caller: user/alice, "
            "time: 2026-01-01T00:00:00Z, request: DeleteUserRequest{UserName: \"nobody\"}, "
            "status: IAM error NoSuchEntity (NOT_FOUND): The user with name nobody cannot be "
            "found., injected: false}");
}

TEST(PrintToTest, FailureOfAContainerMatcherPrintsModelValues) {
  std::vector<SigningCertificate> certificates = {Certificate(ValidCertificatePem())};
  std::string failure =
      FailureOf([&] { EXPECT_THAT(certificates, ElementsAre(HasStatus(StatusType::kInactive))); });
  EXPECT_THAT(failure, HasSubstr("Expected: has 1 element that has Status that is equal to "
                                 "Inactive"));
  EXPECT_THAT(failure, HasSubstr("SigningCertificate{UserName: \"bob\""));
  EXPECT_THAT(failure, HasSubstr("whose element #0 doesn't match, whose Status is Active"));
  EXPECT_THAT(failure, Not(HasSubstr("-----END CERTIFICATE-----")));
}

// The model's printers quote strings without gtest, since the core library does not depend on
// it; they must quote exactly as gtest's PrintToString does, or a name would read one way in a
// printed User and another in a matcher's "whose UserName is ...".
TEST(PrintToTest, StringsAreQuotedAsGtestQuotesThem) {
  std::vector<std::string> texts = {
      "", "bob", "a\"b", "it's", "back\\slash", "\a\b\f\v\t\r\n", std::string("nul\0z", 5),
      // A hex escape followed by a hex digit, which gtest splits into two literals.
      std::string("\x01") + "2", std::string("\x7F") + "f", "\x1Fg",
      // UTF-8, for which gtest adds an "As Text" line, unless there is a control code.
      "h\xC3\xA9llo", std::string("\xE2\x82\xAC") + "1", "\xF0\x9F\x94\x91 key", "\xC3\xA9\x01",
      // Not UTF-8: overlong, a surrogate, past U+10FFFF, cut short, never UTF-8.
      "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\xFF\xFE"};
  for (int byte = 0; byte < 256; ++byte) {
    texts.push_back(std::string(1, static_cast<char>(byte)));
    texts.push_back(std::string(1, static_cast<char>(byte)) + "a");
  }
  for (const std::string& text : texts) {
    EXPECT_EQ(PrintToString(User().WithUserName(text)),
              "User{UserName: " + PrintToString(text) + "}");
    if (!text.empty() && text.find_first_of("\r\n") == std::string::npos) {
      EXPECT_EQ(PrintToString(SigningCertificate().WithCertificateBody(text)),
                "SigningCertificate{CertificateBody: <" + std::to_string(text.size()) +
                    (text.size() == 1 ? " byte" : " bytes") + ", begins " + PrintToString(text) +
                    ">}");
    }
  }
}

TEST(PrintToTest, StreamsPrintWhatGtestPrints) {
  auto streamed = [](const auto& value) {
    std::ostringstream out;
    out << value;
    return out.str();
  };
  EXPECT_EQ(streamed(IamErrorCode::kThrottling), "Throttling");
  EXPECT_EQ(streamed(static_cast<IamErrorCode>(99)), "IamErrorCode(99)");
  EXPECT_EQ(streamed(Operation::kGetUser), "GetUser");
  EXPECT_EQ(streamed(static_cast<Operation>(99)), "Operation(99)");
  RecordedCall call;
  call.sequence = 3;
  call.operation = Operation::kDeleteUser;
  call.request = DeleteUserRequest().WithUserName("bob");
  call.status = WithDiagnosis(NoSuchBob(), "no user bob in the account");
  EXPECT_EQ(streamed(call), PrintToString(call));
  EXPECT_THAT(streamed(call), HasSubstr("status: IAM error NoSuchEntity (NOT_FOUND): The user "
                                        "with name bob cannot be found. [fake_iam: no user bob "
                                        "in the account]"));
}

}  // namespace
}  // namespace fake_iam
