// Fault injection (fake_iam/faults.h): which rules InjectFault accepts, how a rule matches a call,
// counts, messages and delays, that an injected error changes nothing, and the rules' handles.
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::DescribeState;
using ::fake_iam_test::GetUser;
using ::fake_iam_test::kAccountId;
using ::fake_iam_test::kRoleArn;
using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const std::string kUnknownId(32, 'A');
const std::string kUnknownKeyId = "AKIA" + std::string(16, 'Z');

// One well-formed call of `op` acting on `user`; the answer, whatever it is.
constexpr char kUnknownSshKeyId[] = "APKAAAAAAAAAAAAAAAAA";

absl::Status CallOperation(const IamClient& client, Operation op, const std::string& user) {
  static int counter = 0;
  switch (op) {
    case Operation::kListSigningCertificates:
      return client.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName(user))
          .status();
    case Operation::kUploadSigningCertificate:
      return client
          .UploadSigningCertificate(
              UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(
                  ValidCertificatePem()))
          .status();
    case Operation::kUpdateSigningCertificate:
      return client.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                 .WithUserName(user)
                                                 .WithCertificateId(kUnknownId)
                                                 .WithStatus(StatusType::kActive));
    case Operation::kDeleteSigningCertificate:
      return client.DeleteSigningCertificate(
          DeleteSigningCertificateRequest().WithUserName(user).WithCertificateId(kUnknownId));
    case Operation::kCreateUser:
      return client.CreateUser(CreateUserRequest().WithUserName(absl::StrCat("New", ++counter)))
          .status();
    case Operation::kGetUser:
      return client.GetUser(GetUserRequest().WithUserName(user)).status();
    case Operation::kDeleteUser:
      return client.DeleteUser(DeleteUserRequest().WithUserName(user));
    case Operation::kListUsers:
      return client.ListUsers(ListUsersRequest()).status();
    case Operation::kCreateAccessKey:
      return client.CreateAccessKey(CreateAccessKeyRequest().WithUserName(user)).status();
    case Operation::kListAccessKeys:
      return client.ListAccessKeys(ListAccessKeysRequest().WithUserName(user)).status();
    case Operation::kUpdateAccessKey:
      return client.UpdateAccessKey(UpdateAccessKeyRequest()
                                        .WithUserName(user)
                                        .WithAccessKeyId(kUnknownKeyId)
                                        .WithStatus(StatusType::kInactive));
    case Operation::kDeleteAccessKey:
      return client.DeleteAccessKey(
          DeleteAccessKeyRequest().WithUserName(user).WithAccessKeyId(kUnknownKeyId));
    case Operation::kGetAccessKeyLastUsed:
      return client
          .GetAccessKeyLastUsed(GetAccessKeyLastUsedRequest().WithAccessKeyId(kUnknownKeyId))
          .status();
    case Operation::kGenerateCredentialReport:
      return client.GenerateCredentialReport(GenerateCredentialReportRequest()).status();
    case Operation::kGetCredentialReport:
      return client.GetCredentialReport(GetCredentialReportRequest()).status();
    case Operation::kGetAccountSummary:
      return client.GetAccountSummary(GetAccountSummaryRequest()).status();
    case Operation::kUploadSSHPublicKey:
      return client
          .UploadSSHPublicKey(UploadSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyBody(
              SshTestKey(0).openssh))
          .status();
    case Operation::kGetSSHPublicKey:
      return client
          .GetSSHPublicKey(GetSSHPublicKeyRequest()
                               .WithUserName(user)
                               .WithSSHPublicKeyId(kUnknownSshKeyId)
                               .WithEncoding(EncodingType::kSsh))
          .status();
    case Operation::kListSSHPublicKeys:
      return client.ListSSHPublicKeys(ListSSHPublicKeysRequest().WithUserName(user)).status();
    case Operation::kUpdateSSHPublicKey:
      return client.UpdateSSHPublicKey(UpdateSSHPublicKeyRequest()
                                           .WithUserName(user)
                                           .WithSSHPublicKeyId(kUnknownSshKeyId)
                                           .WithStatus(StatusType::kInactive));
    case Operation::kDeleteSSHPublicKey:
      return client.DeleteSSHPublicKey(
          DeleteSSHPublicKeyRequest().WithUserName(user).WithSSHPublicKeyId(kUnknownSshKeyId));
  }
  return absl::InternalError("unknown operation");
}

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(backend_.CreateUser("Bob"), IsOk());
    ASSERT_THAT(backend_.CreateUser("Alice"), IsOk());
  }
  FaultHandle Inject(FaultRule rule) {
    auto handle = backend_.InjectFault(std::move(rule));
    EXPECT_THAT(handle, IsOk());
    if (!handle.ok()) std::abort();
    return *handle;
  }

  FakeIamBackend backend_{TestOptions()};
  FakeIamClient root_{backend_};
};

// ---------------------------------------------------------------------------------------------
// Which rules InjectFault accepts.

TEST_F(FaultTest, InjectFaultAgreesWithOperationCanReturn) {
  for (Operation op : kAllOperations) {
    for (IamErrorCode code : kAllIamErrorCodes) {
      SCOPED_TRACE(
          absl::StrCat(std::string(OperationName(op)), " / ", std::string(IamErrorCodeName(code))));
      auto handle = backend_.InjectFault(FaultRule::Fail(code).On(op));
      if (OperationCanReturn(op, code)) {
        EXPECT_THAT(handle, IsOk());
      } else {
        EXPECT_EQ(handle.status().code(), absl::StatusCode::kInvalidArgument);
        EXPECT_THAT(handle.status().message(), Not(IsEmpty()));
      }
      EXPECT_THAT(backend_.InjectFault(FaultRule::Fail(code).On(op).AllowAnyError()), IsOk());
      backend_.ClearFaults();
    }
  }
}

TEST_F(FaultTest, RefusedRuleNeverFires) {
  auto refused = backend_.InjectFault(
      FaultRule::Fail(IamErrorCode::kDuplicateCertificate).On(Operation::kListSigningCertificates));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsOk());
}

TEST_F(FaultTest, AllowAnyErrorInjectsAnErrorTheOperationCannotReturn) {
  Inject(FaultRule::Fail(IamErrorCode::kDuplicateCertificate)
             .On(Operation::kListSigningCertificates)
             .AllowAnyError());
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kDuplicateCertificate));
}

TEST_F(FaultTest, RefusesMalformedCounts) {
  const auto base = [] {
    return FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser);
  };
  for (FaultRule rule : {base().AfterCalls(-1), base().Times(-1), base().Times(0)}) {
    auto handle = backend_.InjectFault(rule);
    EXPECT_EQ(handle.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());  // none of them was installed
  EXPECT_THAT(backend_.InjectFault(base().AfterCalls(0)), IsOk());
  backend_.ClearFaults();
  EXPECT_THAT(backend_.InjectFault(base().Times(1)), IsOk());
}

TEST(FaultInjectionTest, ThrottlingOnEveryOperation) {
  for (Operation op : kAllOperations) {
    SCOPED_TRACE(OperationName(op));
    FakeIamBackend backend(TestOptions());
    ASSERT_THAT(backend.CreateUser("Bob"), IsOk());
    FakeIamClient client(backend);
    auto handle = backend.InjectFault(FaultRule::Fail(IamErrorCode::kThrottling).On(op));
    ASSERT_THAT(handle, IsOk());
    const std::string before = DescribeState(backend);
    EXPECT_THAT(CallOperation(client, op, "Bob"),
                IsIamError(IamErrorCode::kThrottling,
                           Eq(std::string(IamErrorDefaultMessage(IamErrorCode::kThrottling)))));
    EXPECT_EQ(DescribeState(backend), before);
    EXPECT_EQ(handle->fired(), 1);
    const auto calls = backend.RecordedCalls();
    ASSERT_THAT(calls, SizeIs(1));
    EXPECT_EQ(calls[0].operation, op);
    EXPECT_TRUE(calls[0].injected);
    EXPECT_THAT(calls[0].status, IsIamError(IamErrorCode::kThrottling));
    // Times defaults to 1: the next call is answered normally.
    EXPECT_THAT(CallOperation(client, op, "Bob"), Not(IsIamError(IamErrorCode::kThrottling)));
    EXPECT_FALSE(backend.RecordedCalls().back().injected);
  }
}

// ---------------------------------------------------------------------------------------------
// Matching.

TEST_F(FaultTest, RulesAreTriedInOrder) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser));
  Inject(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kGetUser));
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kThrottling));
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
}

TEST_F(FaultTest, ANonMatchingRuleLetsTheNextOneFire) {
  FaultHandle alice = Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).ForUser("Alice"));
  FaultHandle any = Inject(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kGetUser));
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kThrottling));
  EXPECT_EQ(alice.fired(), 0);
  EXPECT_EQ(any.fired(), 1);
  EXPECT_TRUE(alice.active());
}

TEST_F(FaultTest, OnRestrictsTheOperation) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure)
             .On(Operation::kUploadSigningCertificate)
             .Always());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsOk());
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Bob"),
              IsIamError(IamErrorCode::kServiceFailure));
}

TEST_F(FaultTest, WithoutOnTheRuleFiresOnTheFirstCall) {
  FaultHandle handle = Inject(FaultRule::Fail(IamErrorCode::kServiceFailure));
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_EQ(handle.fired(), 1);
}

TEST_F(FaultTest, WithoutOnTheErrorReachesOnlyOperationsThatCanReturnIt) {
  FaultHandle handle = Inject(FaultRule::Fail(IamErrorCode::kDuplicateCertificate).Always());
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsOk());
  EXPECT_THAT(CallOperation(root_, Operation::kDeleteSigningCertificate, "Bob"),
              IsIamError(IamErrorCode::kNoSuchEntity));  // answered normally
  EXPECT_EQ(handle.fired(), 0);
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Bob"),
              IsIamError(IamErrorCode::kDuplicateCertificate));
  EXPECT_EQ(handle.fired(), 1);
}

TEST_F(FaultTest, WireFaultsNeverMatchInProcessCalls) {
  FaultHandle drop = Inject(FaultRule::DropConnection().Always());
  FaultHandle status = Inject(FaultRule::HttpStatus(503).Always());
  for (Operation op : kAllOperations) {
    SCOPED_TRACE(OperationName(op));
    EXPECT_THAT(CallOperation(root_, op, "Alice"), Not(IsIamError(IamErrorCode::kServiceFailure)));
  }
  EXPECT_EQ(drop.fired(), 0);
  EXPECT_EQ(status.fired(), 0);
  for (const RecordedCall& call : backend_.RecordedCalls()) EXPECT_FALSE(call.injected);
}

TEST_F(FaultTest, ForUserComparesWithoutCase) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).ForUser("bob").Always());
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "BOB"), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("bOb")),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());
  // ListUsers acts on no user.
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  EXPECT_EQ(handle.fired(), 3);
}

TEST_F(FaultTest, ForUserResolvesAnOmittedUserNameFromTheCaller) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).ForUser("Bob").Always());
  FakeIamClient bob(backend_, CallerIdentity::User("Bob"));
  FakeIamClient alice(backend_, CallerIdentity::User("Alice"));
  EXPECT_THAT(bob.ListSigningCertificates(ListSigningCertificatesRequest()),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(bob.GetUser(GetUserRequest()), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(alice.ListSigningCertificates(ListSigningCertificatesRequest()), IsOk());
  // Alice naming Bob acts on Bob.
  EXPECT_THAT(alice.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kServiceFailure));
  // The root with UserName omitted acts on itself, not on Bob.
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest()), IsOk());
}

TEST_F(FaultTest, ForUserOfTheAccountIdMatchesTheRootsOwnCalls) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).ForUser(kAccountId).Always());
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest()),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(root_.ListSigningCertificates(ListSigningCertificatesRequest().WithUserName("Bob")),
              IsOk());
  FakeIamClient bob(backend_, CallerIdentity::User("Bob"));
  EXPECT_THAT(bob.ListSigningCertificates(ListSigningCertificatesRequest()), IsOk());
}

TEST_F(FaultTest, ForUserOnCreateUser) {
  Inject(
      FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kCreateUser).ForUser("Carol"));
  EXPECT_THAT(root_.CreateUser(CreateUserRequest().WithUserName("Dave")), IsOk());
  EXPECT_THAT(root_.CreateUser(CreateUserRequest().WithUserName("carol")),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(root_.CreateUser(CreateUserRequest().WithUserName("Carol")), IsOk());
}

TEST_F(FaultTest, WhenSeesTheCallAsItWillBeRecorded) {
  std::vector<RecordedCall> seen;
  FaultHandle handle = Inject(FaultRule::Fail(IamErrorCode::kServiceFailure)
                                  .On(Operation::kUploadSigningCertificate)
                                  .When([&seen](const RecordedCall& call) {
                                    seen.push_back(call);
                                    const auto* request =
                                        call.Request<UploadSigningCertificateRequest>();
                                    return request != nullptr && request->GetUserName() == "Alice";
                                  })
                                  .Always());
  backend_.AdvanceClock(absl::Seconds(30));
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Bob"), IsOk());
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Alice"),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());  // not an upload: predicate not consulted
  EXPECT_EQ(handle.fired(), 1);
  ASSERT_THAT(seen, SizeIs(2));
  EXPECT_EQ(seen[0].operation, Operation::kUploadSigningCertificate);
  EXPECT_EQ(seen[0].caller, CallerIdentity::Root());
  EXPECT_EQ(seen[0].time, kStartTime + absl::Seconds(30));
  EXPECT_EQ(seen[1].Request<UploadSigningCertificateRequest>()->GetUserName(), "Alice");
}

TEST_F(FaultTest, WhenOnTheCaller) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure)
             .When([](const RecordedCall& call) {
               return call.caller == CallerIdentity::Role(kRoleArn);
             })
             .Always());
  FakeIamClient role(backend_, CallerIdentity::Role(kRoleArn));
  EXPECT_THAT(role.GetUser(GetUserRequest().WithUserName("Bob")),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
}

// ---------------------------------------------------------------------------------------------
// Counting.

TEST_F(FaultTest, AfterCallsLetsMatchingCallsThrough) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser).AfterCalls(2));
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  for (int i = 0; i < 3; ++i) EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());
  EXPECT_EQ(handle.fired(), 0);
  EXPECT_TRUE(handle.active());
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_EQ(handle.fired(), 1);
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());  // Times(1) by default
  EXPECT_FALSE(handle.active());
}

TEST_F(FaultTest, AfterCallsCountsOnlyCallsForTheUser) {
  Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).ForUser("Bob").AfterCalls(1));
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_THAT(GetUser(root_, "Alice"), IsOk());
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
}

TEST_F(FaultTest, TimesThenRetire) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser).Times(3));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(handle.active());
    EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure)) << i;
  }
  EXPECT_EQ(handle.fired(), 3);
  EXPECT_FALSE(handle.active());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_EQ(handle.fired(), 3);
}

TEST_F(FaultTest, AlwaysNeverRetires) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser).Always());
  for (int i = 0; i < 25; ++i) {
    EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure)) << i;
  }
  EXPECT_EQ(handle.fired(), 25);
  EXPECT_TRUE(handle.active());
}

// ---------------------------------------------------------------------------------------------
// Messages and delays.

TEST_F(FaultTest, WithMessage) {
  Inject(FaultRule::Fail(IamErrorCode::kNoSuchEntity)
             .On(Operation::kGetUser)
             .WithMessage("The user with name Bob cannot be found."));
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kNoSuchEntity,
                                                Eq("The user with name Bob cannot be found.")));
}

TEST_F(FaultTest, DefaultMessageIsTheErrorsDefault) {
  for (IamErrorCode code : {IamErrorCode::kServiceFailure, IamErrorCode::kNoSuchEntity,
                            IamErrorCode::kLimitExceeded, IamErrorCode::kConcurrentModification}) {
    SCOPED_TRACE(IamErrorCodeName(code));
    Inject(FaultRule::Fail(code).On(Operation::kDeleteUser));
    EXPECT_THAT(root_.DeleteUser(DeleteUserRequest().WithUserName("Bob")),
                IsIamError(code, Eq(std::string(IamErrorDefaultMessage(code)))));
  }
  EXPECT_THAT(backend_.Users(), SizeIs(2));
}

TEST_F(FaultTest, DelayHoldsTheCallThenFails) {
  const absl::Duration delay = absl::Milliseconds(150);
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kGetUser).Delay(delay));
  const absl::Time start = absl::Now();
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kThrottling));
  EXPECT_GE(absl::Now() - start, delay);
  EXPECT_EQ(handle.fired(), 1);
  // Real time, not the fake clock.
  EXPECT_EQ(backend_.Now(), kStartTime);
}

TEST_F(FaultTest, DelayOnlyHoldsTheCallThenAnswersNormally) {
  const absl::Duration delay = absl::Milliseconds(150);
  FaultHandle handle = Inject(FaultRule::DelayOnly(delay).On(Operation::kUploadSigningCertificate));
  const absl::Time start = absl::Now();
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Bob"), IsOk());
  EXPECT_GE(absl::Now() - start, delay);
  EXPECT_THAT(backend_.Certificates("Bob"), SizeIs(1));
  EXPECT_EQ(handle.fired(), 1);
  EXPECT_FALSE(handle.active());
  const auto calls = backend_.RecordedCalls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(calls[0].status, IsOk());
  EXPECT_FALSE(calls[0].injected);  // the status came from the operation, not the rule
  EXPECT_THAT(CallOperation(root_, Operation::kUploadSigningCertificate, "Bob"), IsOk());
  EXPECT_EQ(handle.fired(), 1);
}

// ---------------------------------------------------------------------------------------------
// An injected error changes nothing.

TEST_F(FaultTest, InjectedErrorChangesNoState) {
  const std::string pem = ValidCertificatePem();
  auto existing = backend_.UploadSigningCertificate("Alice", ValidCertificatePem());
  ASSERT_THAT(existing, IsOk());
  const std::string id = existing->GetCertificateId();
  ASSERT_THAT(backend_.CreateUser("Empty"), IsOk());

  struct Case {
    Operation op;
    std::function<absl::Status()> call;
  };
  const std::vector<Case> cases = {
      {Operation::kUploadSigningCertificate,
       [&] {
         return root_
             .UploadSigningCertificate(
                 UploadSigningCertificateRequest().WithUserName("Bob").WithCertificateBody(pem))
             .status();
       }},
      {Operation::kUpdateSigningCertificate,
       [&] {
         return root_.UpdateSigningCertificate(UpdateSigningCertificateRequest()
                                                   .WithUserName("Alice")
                                                   .WithCertificateId(id)
                                                   .WithStatus(StatusType::kInactive));
       }},
      {Operation::kCreateUser,
       [&] { return root_.CreateUser(CreateUserRequest().WithUserName("Carol")).status(); }},
      {Operation::kDeleteUser,
       [&] { return root_.DeleteUser(DeleteUserRequest().WithUserName("Empty")); }},
      {Operation::kDeleteSigningCertificate,
       [&] {
         return root_.DeleteSigningCertificate(
             DeleteSigningCertificateRequest().WithUserName("Alice").WithCertificateId(id));
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(OperationName(c.op));
    Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(c.op).WithMessage("injected"));
    const std::string before = DescribeState(backend_);
    absl::Status status = c.call();
    EXPECT_THAT(status, IsIamError(IamErrorCode::kServiceFailure, Eq("injected")));
    EXPECT_EQ(DescribeState(backend_), before);
    const RecordedCall last = backend_.RecordedCalls().back();
    EXPECT_EQ(last.operation, c.op);
    EXPECT_TRUE(last.injected);
    EXPECT_EQ(last.status, status);
    // The same call, not faulted, succeeds: the fault was what stopped it.
    EXPECT_THAT(c.call(), IsOk());
    EXPECT_NE(DescribeState(backend_), before);
    EXPECT_FALSE(backend_.RecordedCalls().back().injected);
  }
}

TEST(FaultIdsTest, AFaultedUploadConsumesNoId) {
  const std::string pem = ValidCertificatePem();
  FakeIamOptions options = TestOptions();
  options.seed = 5;
  FakeIamBackend faulted(options);
  FakeIamBackend plain(options);
  ASSERT_THAT(faulted.CreateUser("Bob"), IsOk());
  ASSERT_THAT(plain.CreateUser("Bob"), IsOk());
  ASSERT_THAT(
      faulted.InjectFault(
          FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kUploadSigningCertificate)),
      IsOk());
  FakeIamClient faulted_client(faulted);
  FakeIamClient plain_client(plain);
  EXPECT_THAT(CallOperation(faulted_client, Operation::kUploadSigningCertificate, "Bob"),
              IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_EQ(fake_iam_test::UploadOrDie(faulted_client, "Bob", pem),
            fake_iam_test::UploadOrDie(plain_client, "Bob", pem));
}

// ---------------------------------------------------------------------------------------------
// Handles.

TEST_F(FaultTest, RemoveStopsTheRule) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser).Always());
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
  EXPECT_THAT(GetUser(root_, "Bob"), IsIamError(IamErrorCode::kServiceFailure));
  FaultHandle copy = handle;
  copy.Remove();
  EXPECT_FALSE(handle.active());
  EXPECT_FALSE(copy.active());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_EQ(handle.fired(), 2);
}

TEST_F(FaultTest, ClearFaultsStopsEveryRule) {
  FaultHandle first =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kGetUser).Always());
  FaultHandle second =
      Inject(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kListUsers).Always());
  backend_.ClearFaults();
  EXPECT_FALSE(first.active());
  EXPECT_FALSE(second.active());
  EXPECT_THAT(GetUser(root_, "Bob"), IsOk());
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
  // New rules can be added afterwards.
  Inject(FaultRule::Fail(IamErrorCode::kThrottling).On(Operation::kListUsers));
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsIamError(IamErrorCode::kThrottling));
}

TEST_F(FaultTest, ResetClearsFaults) {
  FaultHandle handle =
      Inject(FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kListUsers).Always());
  backend_.Reset();
  EXPECT_FALSE(handle.active());
  EXPECT_THAT(root_.ListUsers(ListUsersRequest()), IsOk());
}

TEST(FaultHandleTest, OutlivesTheBackend) {
  std::optional<FaultHandle> handle;
  {
    FakeIamBackend backend(TestOptions());
    auto injected = backend.InjectFault(
        FaultRule::Fail(IamErrorCode::kServiceFailure).On(Operation::kListUsers).Times(2));
    ASSERT_THAT(injected, IsOk());
    handle = *injected;
    FakeIamClient client(backend);
    EXPECT_THAT(client.ListUsers(ListUsersRequest()), IsIamError(IamErrorCode::kServiceFailure));
  }
  EXPECT_EQ(handle->fired(), 1);
  handle->Remove();
  EXPECT_FALSE(handle->active());
}

}  // namespace
}  // namespace fake_iam
