// The fixture the backend's tests share (users, uploads, certificate parsing, update and delete,
// listing): a backend on a clock frozen at kStartTime, a client for the account's root, and short
// forms of the certificate calls. Not part of the library; tests only.
#ifndef FAKE_IAM_TESTS_BACKEND_FIXTURE_H_
#define FAKE_IAM_TESTS_BACKEND_FIXTURE_H_

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/internal/status_of.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace fake_iam_test {

// IAM's MalformedCertificate for `body`, "Certificate <the body's start>... is malformed.", with
// the fake's diagnosis holding `reason`. IAM answers an expired certificate this way too.
MATCHER_P2(IsMalformedBecause, body, reason, "is MalformedCertificate for the body, because " +
                                                 std::string(reason)) {
  const absl::Status status = fake_iam::internal::StatusOf(arg);
  const std::string message(status.message());
  const std::string start = "Certificate " + std::string(body).substr(0, 16);
  if (fake_iam::IamErrorCodeOf(status) != fake_iam::IamErrorCode::kMalformedCertificate ||
      !absl::StartsWith(message, start) || !absl::EndsWith(message, " is malformed.")) {
    *result_listener << "whose status is " << status;
    return false;
  }
  const std::optional<std::string> diagnosis = fake_iam::IamErrorDiagnosis(status);
  *result_listener << "whose diagnosis is " << diagnosis.value_or("(none)");
  return diagnosis && absl::StrContains(*diagnosis, reason);
}

// The message of an IAM error never holds the whole body, nor a long run of it.
MATCHER_P(DoesNotEchoBody, body, "does not contain the certificate body") {
  const std::string message(fake_iam::internal::StatusOf(arg).message());
  if (absl::StrContains(message, body)) return false;
  // Nor two consecutive lines of it (a single 64-character line may be quoted as a sample).
  std::vector<std::string> lines = absl::StrSplit(body, '\n', absl::SkipEmpty());
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].size() >= 16 && absl::StrContains(message, lines[i] + "\n" + lines[i + 1])) {
      *result_listener << "message contains two lines of the body: " << message;
      return false;
    }
  }
  return true;
}

class BackendTest : public ::testing::Test {
 protected:
  BackendTest() { Init(TestOptions()); }

  // Replaces the backend (and the root client) with one made with `options`.
  void Init(fake_iam::FakeIamOptions options) {
    root_.reset();
    backend_ = std::make_unique<fake_iam::FakeIamBackend>(std::move(options));
    root_ = std::make_unique<fake_iam::FakeIamClient>(*backend_);
  }
  fake_iam::FakeIamBackend& backend() { return *backend_; }
  const fake_iam::FakeIamClient& root() { return *root_; }

  void CreateUsers(std::initializer_list<const char*> names) {
    for (const char* name : names) ASSERT_TRUE(backend().CreateUser(name).ok()) << name;
  }

  absl::StatusOr<fake_iam::UploadSigningCertificateResult> Upload(const std::string& user,
                                                                  const std::string& body) {
    return root().UploadSigningCertificate(
        fake_iam::UploadSigningCertificateRequest().WithUserName(user).WithCertificateBody(body));
  }
  // Uploads and returns the id; fails the test if the upload fails.
  std::string MustUpload(const std::string& user, const std::string& body) {
    return UploadOrDie(root(), user, body);
  }
  absl::Status Update(const std::string& user, const std::string& id, fake_iam::StatusType status) {
    return root().UpdateSigningCertificate(fake_iam::UpdateSigningCertificateRequest()
                                               .WithUserName(user)
                                               .WithCertificateId(id)
                                               .WithStatus(status));
  }
  absl::Status Delete(const std::string& user, const std::string& id) {
    return root().DeleteSigningCertificate(
        fake_iam::DeleteSigningCertificateRequest().WithUserName(user).WithCertificateId(id));
  }
  absl::StatusOr<fake_iam::ListSigningCertificatesResult> List(
      const std::string& user, std::optional<std::string> marker = {},
      std::optional<int> max_items = {}) {
    fake_iam::ListSigningCertificatesRequest request;
    request.SetUserName(user);
    if (marker) request.SetMarker(*marker);
    if (max_items) request.SetMaxItems(*max_items);
    return root().ListSigningCertificates(request);
  }
  // Walks every page; fails the test on an error.
  std::vector<std::string> ListAllIds(const std::string& user, std::optional<int> max_items = {}) {
    std::vector<std::string> ids;
    std::optional<std::string> marker;
    for (int page = 0; page < 10000; ++page) {
      auto result = List(user, marker, max_items);
      EXPECT_TRUE(result.ok()) << result.status();
      if (!result.ok()) break;
      for (const auto& cert : result->GetCertificates()) ids.push_back(cert.GetCertificateId());
      if (!result->GetIsTruncated()) break;
      marker = result->GetMarker();
    }
    return ids;
  }

  std::unique_ptr<fake_iam::FakeIamBackend> backend_;
  std::unique_ptr<fake_iam::FakeIamClient> root_;
};

}  // namespace fake_iam_test

#endif  // FAKE_IAM_TESTS_BACKEND_FIXTURE_H_
