// Requests to fake_iam_server signed with SigV4 as botocore signs them, for tests that speak the
// wire protocol without an SDK. Not part of the library; tests only.
#ifndef FAKE_IAM_TESTS_SIGNED_REQUEST_H_
#define FAKE_IAM_TESTS_SIGNED_REQUEST_H_

#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fake_iam/model.h"
#include "fake_iam/server/sigv4.h"
#include "httplib.h"

namespace fake_iam_test {

inline constexpr char kFormContentType[] = "application/x-www-form-urlencoded; charset=utf-8";

// The X-Amz-Date and Authorization headers of a form POST of `body` to `host` ("127.0.0.1:PORT"),
// signed with `key` at `signed_at` for IAM in `region`; the request also sends Content-Type
// kFormContentType, which the signature covers.
inline httplib::Headers SignedHeaders(const fake_iam::AccessKey& key, const std::string& host,
                                      const std::string& body, absl::Time signed_at = absl::Now(),
                                      const std::string& region = "us-east-1") {
  const std::string amz_date = absl::FormatTime("%Y%m%dT%H%M%SZ", signed_at, absl::UTCTimeZone());
  fake_iam::server::SigV4Request request;
  request.method = "POST";
  request.path = "/";
  request.body = body;
  request.headers = {{"Host", host}, {"X-Amz-Date", amz_date}, {"Content-Type", kFormContentType}};
  fake_iam::server::SigV4Authorization scope;
  scope.access_key_id = key.GetAccessKeyId();
  scope.date = amz_date.substr(0, 8);
  scope.region = region;
  scope.service = "iam";
  scope.signed_headers = "content-type;host;x-amz-date";
  scope.signed_header_names = {"content-type", "host", "x-amz-date"};
  const std::string signature =
      *fake_iam::server::ComputeSigV4Signature(request, scope, key.GetSecretAccessKey());
  return {{"X-Amz-Date", amz_date},
          {"Authorization",
           absl::StrFormat("AWS4-HMAC-SHA256 Credential=%s/%s/%s/iam/aws4_request, "
                           "SignedHeaders=content-type;host;x-amz-date, Signature=%s",
                           key.GetAccessKeyId(), scope.date, region, signature)}};
}

}  // namespace fake_iam_test

#endif  // FAKE_IAM_TESTS_SIGNED_REQUEST_H_
