// The process-wide validation cache: the same answers as a fresh parse, and dates still checked
// against each backend's own clock.
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/certificate_parser.h"
#include "fake_iam/internal/validation_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/certificates.h"
#include "testing/matchers.h"
#include "tests/test_util.h"

namespace fake_iam {
namespace {

using internal::ParseCertificateBody;
using internal::ParseCertificateBodyCached;

TEST(ValidationCacheTest, AnswersAsAFreshParseDoes) {
  const std::vector<std::string> bodies = {ValidCertificatePem(), BadSignatureCertificatePem(),
                                           PrivateKeyPem(), "not a certificate"};
  for (const std::string& body : bodies) {
    auto fresh = ParseCertificateBody(body);
    for (int round = 0; round < 2; ++round) {  // the first fills the cache, the second reads it
      auto cached = ParseCertificateBodyCached(body);
      ASSERT_EQ(cached.ok(), fresh.ok()) << body;
      if (!fresh.ok()) {
        EXPECT_EQ(cached.status(), fresh.status());
        continue;
      }
      EXPECT_EQ(cached->fingerprint, fresh->fingerprint);
      EXPECT_EQ(cached->not_before, fresh->not_before);
      EXPECT_EQ(cached->not_after, fresh->not_after);
      EXPECT_EQ(cached->invalid, fresh->invalid);
    }
  }
}

TEST(ValidationCacheTest, DatesAreCheckedAgainstEachBackendsClock) {
  TestCertificateOptions options;
  options.not_before = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  options.not_after = absl::FromCivil(absl::CivilSecond(2026, 6, 1, 0, 0, 0), absl::UTCTimeZone());
  const std::string pem = MakeTestCertificate(options);

  FakeIamOptions early = fake_iam_test::TestOptions();
  early.start_time = absl::FromCivil(absl::CivilSecond(2026, 3, 1, 0, 0, 0), absl::UTCTimeZone());
  FakeIamOptions late = early;
  late.start_time = absl::FromCivil(absl::CivilSecond(2026, 9, 1, 0, 0, 0), absl::UTCTimeZone());
  FakeIamBackend in_range(early);
  FakeIamBackend expired(late);
  ASSERT_THAT(in_range.CreateUser("alice"), IsOk());
  ASSERT_THAT(expired.CreateUser("alice"), IsOk());

  EXPECT_THAT(in_range.UploadSigningCertificate("alice", pem), IsOk());  // now cached
  auto late_upload = expired.UploadSigningCertificate("alice", pem);
  EXPECT_THAT(late_upload, IsIamError(IamErrorCode::kMalformedCertificate,
                                      ::testing::EndsWith(" is malformed.")));
  EXPECT_THAT(IamErrorDiagnosis(late_upload.status()),
              ::testing::Optional(std::string("The certificate has expired.")));
}

TEST(ValidationCacheTest, StaysCorrectPastItsBound) {
  // More distinct bodies than the cache holds: it starts over, and every answer is still right.
  const std::string valid = ValidCertificatePem();
  for (size_t i = 0; i < internal::kValidationCacheSize + 10; ++i) {
    auto parsed = ParseCertificateBodyCached("garbage " + std::to_string(i));
    ASSERT_THAT(parsed.status(), IsIamError(IamErrorCode::kMalformedCertificate));
  }
  EXPECT_THAT(ParseCertificateBodyCached(valid), IsOk());
}

TEST(ValidationCacheTest, ManyThreadsShareIt) {
  std::vector<std::string> bodies;
  for (int i = 0; i < 8; ++i) bodies.push_back(ValidCertificatePem());
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (const std::string& body : bodies) {
          auto parsed = ParseCertificateBodyCached(body);
          if (!parsed.ok() || !parsed->invalid.ok()) ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, testing::Each(0));
}

}  // namespace
}  // namespace fake_iam
