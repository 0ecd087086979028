// The members IAM's model gives the served operations beyond what the backend acts on yet
// (CreateUserRequest's Tags and PermissionsBoundary, User's PermissionsBoundary, Tags and
// PasswordLastUsed): their accessors and printing, their input constraints, how the HTTP front
// reads them, and IamClient's default for a method an adapter does not override.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/iam_client.h"
#include "fake_iam/model.h"
#include "fake_iam/server/dispatcher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using ::fake_iam_test::TestOptions;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<Tag> Tags(int count) {
  std::vector<Tag> tags;
  for (int i = 0; i < count; ++i) {
    tags.push_back(Tag().WithKey(absl::StrCat("k", i)).WithValue("v"));
  }
  return tags;
}

TEST(ModelMembersTest, NewMembersHaveTheSdkAccessorsAndPrint) {
  CreateUserRequest request = CreateUserRequest()
                                  .WithUserName("bob")
                                  .WithPermissionsBoundary("arn:aws:iam::aws:policy/Boundary")
                                  .WithTags({Tag().WithKey("team").WithValue("ops")});
  EXPECT_TRUE(request.TagsHasBeenSet());
  EXPECT_FALSE(request.PathHasBeenSet());
  EXPECT_EQ(::testing::PrintToString(request),
            "CreateUserRequest{UserName: \"bob\", PermissionsBoundary: "
            "\"arn:aws:iam::aws:policy/Boundary\", Tags: [Tag{Key: \"team\", Value: \"ops\"}]}");

  User user = User().WithUserName("bob").WithPermissionsBoundary(
      AttachedPermissionsBoundary()
          .WithPermissionsBoundaryType(PermissionsBoundaryAttachmentType::kPermissionsBoundaryPolicy)
          .WithPermissionsBoundaryArn("arn:aws:iam::aws:policy/Boundary"));
  EXPECT_EQ(::testing::PrintToString(user),
            "User{UserName: \"bob\", PermissionsBoundary: AttachedPermissionsBoundary{"
            "PermissionsBoundaryType: PermissionsBoundaryPolicy, PermissionsBoundaryArn: "
            "\"arn:aws:iam::aws:policy/Boundary\"}}");
  EXPECT_THAT(request.GetTags(), ElementsAre(AllOf(HasKey("team"), HasValue("ops"))));
}

// The model's enum has Expired: it prints and reads back, and IAM refuses to set it (recorded for
// certificates and SSH keys), before the key is looked up.
TEST(ModelMembersTest, ExpiredIsAnEnumValueIamRefusesToSet) {
  EXPECT_EQ(StatusTypeName(StatusType::kExpired), "Expired");
  EXPECT_EQ(::testing::PrintToString(StatusType::kExpired), "Expired");
  EXPECT_EQ(StatusTypeFromName("Expired"), StatusType::kExpired);
  FakeIamBackend backend(TestOptions());
  FakeIamClient client(backend);
  EXPECT_THAT(client.UpdateAccessKey(UpdateAccessKeyRequest()
                                         .WithAccessKeyId("AKIAAAAAAAAAAAAAAAAA")
                                         .WithStatus(StatusType::kExpired)),
              IsIamError(IamErrorCode::kInvalidInput, "Operation does not support status Expired"));
}

TEST(ModelMembersTest, TagsAreCheckedWithTheirMemberPaths) {
  FakeIamBackend backend(TestOptions());
  FakeIamClient client(backend);
  std::vector<Tag> tags = Tags(2);
  tags[1].SetKey(std::string(129, 'k'));
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("bob").WithTags(tags)),
              IsIamError(IamErrorCode::kValidationError,
                       "1 validation error detected: Value at 'tags.2.member.key' failed to "
                       "satisfy constraint: Member must have length less than or equal to 128"));
  EXPECT_THAT(
      client.CreateUser(CreateUserRequest().WithUserName("bob").WithTags(
          {Tag().WithKey("a!b").WithValue("v"), Tag().WithValue("v")})),
      IsIamError(IamErrorCode::kValidationError,
               "2 validation errors detected: Value at 'tags.1.member.key' failed to satisfy "
               "constraint: Member must satisfy regular expression pattern: "
               "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+; Value null at 'tags.2.member.key' failed to "
               "satisfy constraint: Member must not be null"));
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("bob").WithTags(Tags(51))),
              IsIamError(IamErrorCode::kValidationError,
                       HasSubstr("Value at 'tags' failed to satisfy constraint: Member must "
                                 "have length less than or equal to 50")));
  EXPECT_THAT(client.CreateUser(
                  CreateUserRequest().WithUserName("bob").WithPermissionsBoundary("arn:short")),
              IsIamError(IamErrorCode::kValidationError,
                       HasSubstr("Value at 'permissionsBoundary' failed to satisfy constraint: "
                                 "Member must have length greater than or equal to 20")));
  // Letters above U+00FF, Latin-1 letters and an empty value are what \p{L} and * allow.
  EXPECT_THAT(client.CreateUser(CreateUserRequest().WithUserName("carol").WithTags(
                  {Tag().WithKey("\xE4\xB8\xAD\xC3\xA9").WithValue("")})),
              IsOk());
}

TEST(ModelMembersTest, TheHttpFrontReadsListsOfStructures) {
  FakeIamBackend backend(TestOptions());
  server::DispatcherOptions options;
  options.accept_any_credentials = true;
  server::Dispatcher dispatcher(backend, options);
  server::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.body =
      "Action=CreateUser&Version=2010-05-08&UserName=bob&Tags.member.1.Key=team&"
      "Tags.member.1.Value=ops&Tags.member.2.Key=env&Tags.member.2.Value=";
  server::HttpResponse response = dispatcher.Handle(request);
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<RecordedCall> calls = backend.RecordedCalls(Operation::kCreateUser);
  ASSERT_EQ(calls.size(), 1u);
  const auto& recorded = std::get<CreateUserRequest>(calls[0].request);
  EXPECT_THAT(recorded.GetTags(), ElementsAre(AllOf(HasKey("team"), HasValue("ops")),
                                              AllOf(HasKey("env"), HasValue(""))));

  request.body =
      "Action=CreateUser&Version=2010-05-08&UserName=carol&Tags.member.1.Key=" +
      std::string(129, 'k') + "&Tags.member.1.Value=v&Tags.member.2.Value=v";
  response = dispatcher.Handle(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(response.body, HasSubstr("2 validation errors detected: Value at "
                                       "'tags.1.member.key' failed to satisfy constraint: Member "
                                       "must have length less than or equal to 128; Value null at "
                                       "'tags.2.member.key'"));
}

TEST(ModelMembersTest, AnIamClientMethodNotOverriddenIsUnimplemented) {
  class NothingClient : public IamClient {};
  NothingClient client;
  absl::Status status = client.ListUsers(ListUsersRequest()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(status.message(), "IamClient::ListUsers is not implemented");
  EXPECT_EQ(client.DeleteUser(DeleteUserRequest()).code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace fake_iam
