// Shared helpers of fake_iam's own tests: a fixed clock start, status matchers, request helpers and
// a printable snapshot of a backend's state. Not part of the library; tests only.
#ifndef FAKE_IAM_TESTS_TEST_UTIL_H_
#define FAKE_IAM_TESTS_TEST_UTIL_H_

#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/fake_iam_client.h"
#include "fake_iam/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/matchers.h"  // IsOk, IsIamError, and PrintTo for readable failures

namespace fake_iam_test {

// Every test runs its backend on a manual clock starting here, never on the wall clock.
inline const absl::Time kStartTime =
    absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());

inline constexpr char kAccountId[] = "123456789012";
// A role of that account, for calls made with non-user credentials.
inline constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/Deployer";

// Options with the fixed start time; everything else at its default.
inline fake_iam::FakeIamOptions TestOptions() {
  fake_iam::FakeIamOptions options;
  options.start_time = kStartTime;
  return options;
}

// GetUser of `user` through `client`: the answer's status.
inline absl::Status GetUser(const fake_iam::IamClient& client, const std::string& user) {
  return client.GetUser(fake_iam::GetUserRequest().WithUserName(user)).status();
}

// The certificate ids of a list, in order.
inline std::vector<std::string> IdsOf(const std::vector<fake_iam::SigningCertificate>& certs) {
  std::vector<std::string> ids;
  ids.reserve(certs.size());
  for (const auto& cert : certs) ids.push_back(cert.GetCertificateId());
  return ids;
}

inline std::vector<std::string> NamesOf(const std::vector<fake_iam::User>& users) {
  std::vector<std::string> names;
  names.reserve(users.size());
  for (const auto& user : users) names.push_back(user.GetUserName());
  return names;
}

inline bool FullyMatches(const std::string& text, const char* pattern) {
  return std::regex_match(text, std::regex(pattern));
}

// 32 characters of the base32 alphabet.
MATCHER(IsCertificateIdShape, "is 32 chars of [A-Z2-7]") {
  return FullyMatches(arg, "[A-Z2-7]{32}");
}
// "AIDA" and 17 characters of the base32 alphabet.
MATCHER(IsUserIdShape, "is AIDA + 17 chars of [A-Z2-7]") {
  return FullyMatches(arg, "AIDA[A-Z2-7]{17}");
}

// The PEM with every "\n" turned into "\r\n".
inline std::string ToCrlf(std::string_view pem) {
  return absl::StrReplaceAll(std::string(pem), {{"\n", "\r\n"}});
}

// Uploads through the client; fails the test (and returns "") when the upload fails.
inline std::string UploadOrDie(const fake_iam::IamClient& client, std::string_view user_name,
                               const std::string& pem) {
  fake_iam::UploadSigningCertificateRequest request;
  if (!user_name.empty()) request.SetUserName(std::string(user_name));
  request.SetCertificateBody(pem);
  auto result = client.UploadSigningCertificate(request);
  EXPECT_TRUE(result.ok()) << "upload for '" << user_name << "': " << result.status();
  if (!result.ok()) return "";
  return result->GetCertificate().GetCertificateId();
}

// Everything a listing of the whole state shows, as text, for before/after comparisons.
inline std::string DescribeState(const fake_iam::FakeIamBackend& backend) {
  std::ostringstream out;
  auto describe = [&out](const auto& certificates, const auto& keys) {
    for (const auto& certificate : certificates) out << "  " << certificate << "\n";
    for (const auto& key : keys) out << "  " << key << "\n";
  };
  for (const auto& user : backend.Users()) {
    out << user << "\n";
    describe(backend.Certificates(user.GetUserName()), backend.AccessKeys(user.GetUserName()));
    for (const auto& key : backend.SshPublicKeyDetails(user.GetUserName())) {
      out << "  " << key << "\n";
    }
  }
  out << "root\n";
  describe(backend.RootCertificates(), backend.RootAccessKeys());
  return out.str();
}

}  // namespace fake_iam_test

#endif  // FAKE_IAM_TESTS_TEST_UTIL_H_
