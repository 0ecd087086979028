// Tests of the member matchers for access keys, their last use and the credential report
// (testing/member_matchers.h): they match, mismatch, describe themselves and explain what came,
// times in UTC. The other matchers: tests/matchers_test.cc.
#include <string>

#include "absl/time/time.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::kStartTime;
using ::fake_iam_test::TestOptions;
using ::testing::_;
using ::testing::AllOf;
using ::testing::DescribeMatcher;
using ::testing::Ge;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kKeyId[] = "AKIAABCDEFGHIJKLMNOP";

// What the matcher says about `value`, as gtest would print it after "Actual: <value>, ".
template <typename T, typename M>
std::string Explain(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

AccessKey Key() {
  return AccessKey()
      .WithUserName("bob")
      .WithAccessKeyId(kKeyId)
      .WithStatus(StatusType::kActive)
      .WithSecretAccessKey(std::string(40, 's'))
      .WithCreateDate(kStartTime);
}

AccessKeyLastUsed Used() {
  return AccessKeyLastUsed()
      .WithLastUsedDate(kStartTime + absl::Seconds(90))
      .WithServiceName("iam")
      .WithRegion("us-east-1");
}

TEST(AccessKeyMatchersTest, MatchKeysAndTheirMetadata) {
  EXPECT_THAT(Key(),
              AllOf(HasAccessKeyId(kKeyId), HasSecretAccessKey(SizeIs(40)),
                    HasCreateDate(kStartTime), HasStatus(StatusType::kActive), HasUserName("bob")));
  EXPECT_THAT(Key(), HasCreateDate(Ge(kStartTime - absl::Hours(1))));
  EXPECT_THAT(Key(), Not(HasAccessKeyId("AKIAOTHER")));
  EXPECT_THAT(Key(), Not(HasSecretAccessKey("wrong")));
  EXPECT_THAT(Key(), Not(HasCreateDate(kStartTime + absl::Seconds(1))));

  const AccessKeyMetadata metadata =
      AccessKeyMetadata().WithAccessKeyId(kKeyId).WithCreateDate(kStartTime);
  EXPECT_THAT(metadata, AllOf(HasAccessKeyId(kKeyId), HasCreateDate(kStartTime)));
  // Users have a CreateDate too.
  EXPECT_THAT(User().WithCreateDate(kStartTime), HasCreateDate(kStartTime));
  // And the requests that name a key.
  EXPECT_THAT(UpdateAccessKeyRequest().WithAccessKeyId(kKeyId).WithStatus(StatusType::kInactive),
              AllOf(HasAccessKeyId(kKeyId), HasStatus(StatusType::kInactive)));
  EXPECT_THAT(GetAccessKeyLastUsedRequest().WithAccessKeyId(kKeyId), HasAccessKeyId(kKeyId));
}

TEST(AccessKeyMatchersTest, MatchLastUseAndReportResults) {
  EXPECT_THAT(Used(), AllOf(HasLastUsedDate(kStartTime + absl::Seconds(90)), HasServiceName("iam"),
                            HasRegion("us-east-1")));
  EXPECT_THAT(Used(), Not(HasRegion("eu-west-1")));
  // A key never used has no date at all: no date matcher matches it.
  const AccessKeyLastUsed never = AccessKeyLastUsed().WithServiceName("N/A").WithRegion("N/A");
  EXPECT_THAT(never, Not(HasLastUsedDate(_)));
  EXPECT_EQ(Explain(HasLastUsedDate(kStartTime), never), "whose LastUsedDate is not set");

  const GetAccessKeyLastUsedResult result =
      GetAccessKeyLastUsedResult().WithUserName("bob").WithAccessKeyLastUsed(Used());
  EXPECT_THAT(result, AllOf(HasUserName("bob"), HasAccessKeyLastUsed(HasServiceName("iam"))));
  EXPECT_THAT(result, Not(HasAccessKeyLastUsed(HasServiceName("N/A"))));
  EXPECT_THAT(CreateAccessKeyResult().WithAccessKey(Key()),
              HasAccessKey(AllOf(HasAccessKeyId(kKeyId), HasStatus(StatusType::kActive))));
  EXPECT_THAT(GenerateCredentialReportResult().WithState(ReportStateType::kComplete),
              HasState(ReportStateType::kComplete));
  EXPECT_THAT(GenerateCredentialReportResult().WithState(ReportStateType::kStarted),
              Not(HasState(ReportStateType::kComplete)));
}

TEST(AccessKeyMatchersTest, DescribeThemselvesWithTimesInUtc) {
  EXPECT_EQ(DescribeMatcher<AccessKey>(HasCreateDate(kStartTime)),
            "has CreateDate that is equal to 2026-01-01T00:00:00Z");
  EXPECT_EQ(DescribeMatcher<AccessKeyLastUsed>(HasLastUsedDate(kStartTime), true),
            "doesn't have LastUsedDate that is equal to 2026-01-01T00:00:00Z");
  EXPECT_EQ(DescribeMatcher<AccessKeyLastUsed>(HasRegion(StartsWith("eu-"))),
            "has Region that starts with \"eu-\"");
  EXPECT_EQ(DescribeMatcher<GenerateCredentialReportResult>(HasState(ReportStateType::kComplete)),
            "has State that is equal to COMPLETE");
}

TEST(AccessKeyMatchersTest, ExplainWhatCame) {
  EXPECT_EQ(Explain(HasAccessKeyId("AKIAOTHER"), Key()),
            "whose AccessKeyId is \"AKIAABCDEFGHIJKLMNOP\"");
  EXPECT_EQ(Explain(HasCreateDate(kStartTime + absl::Seconds(1)), Key()),
            "whose CreateDate is 2026-01-01T00:00:00Z");
  EXPECT_EQ(Explain(HasLastUsedDate(kStartTime), Used()),
            "whose LastUsedDate is 2026-01-01T00:01:30Z");
  EXPECT_EQ(Explain(HasServiceName("sts"), Used()), "whose ServiceName is \"iam\"");
  EXPECT_EQ(Explain(HasState(ReportStateType::kComplete),
                    GenerateCredentialReportResult().WithState(ReportStateType::kStarted)),
            "whose State is STARTED");
  EXPECT_EQ(Explain(HasAccessKeyLastUsed(HasRegion("eu-west-1")),
                    GetAccessKeyLastUsedResult().WithAccessKeyLastUsed(Used())),
            "whose AccessKeyLastUsed is AccessKeyLastUsed{LastUsedDate: 2026-01-01T00:01:30Z, "
            "ServiceName: \"iam\", Region: \"us-east-1\"}, whose Region is \"us-east-1\"");
}

TEST(AccessKeyMatchersTest, ComposeOverWhatTheFakeAnswers) {
  FakeIamBackend backend(TestOptions());
  ASSERT_THAT(backend.CreateUser("bob"), IsOk());
  FakeIamClient client(backend);
  auto created = client.CreateAccessKey(CreateAccessKeyRequest().WithUserName("bob"));
  EXPECT_THAT(
      created,
      IsOkAndHolds(HasAccessKey(AllOf(HasUserName("bob"), HasStatus(StatusType::kActive),
                                      HasCreateDate(kStartTime), HasSecretAccessKey(SizeIs(40))))));
  ASSERT_THAT(created, IsOk());
  const std::string id = created->GetAccessKey().GetAccessKeyId();
  EXPECT_THAT(backend.AccessKeys("bob"), ::testing::ElementsAre(HasAccessKeyId(id)));
  EXPECT_THAT(client.GetAccessKeyLastUsed(GetAccessKeyLastUsedRequest().WithAccessKeyId(id)),
              IsOkAndHolds(HasAccessKeyLastUsed(
                  AllOf(Not(HasLastUsedDate(_)), HasServiceName("N/A"), HasRegion("N/A")))));
}

}  // namespace
}  // namespace fake_iam
