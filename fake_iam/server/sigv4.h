// AWS Signature Version 4 on the server side: parsing the Authorization header a client sent and
// recomputing the signature it should carry, with OpenSSL's HMAC-SHA256, the way botocore and the
// other AWS SDKs compute it for a non-S3 service such as IAM.
//
// Typical use by the HTTP front (the AWS error each step maps to is the front's choice):
//   auto authorization = ParseSigV4Authorization(header);     // error: a malformed header
//   ... look up authorization->access_key_id ...              // unknown: InvalidClientTokenId
//   auto ok = VerifySigV4(request, *authorization, secret);   // false: SignatureDoesNotMatch
//
// Pure functions of their arguments; safe to call from any thread.
#ifndef FAKE_IAM_SERVER_SIGV4_H_
#define FAKE_IAM_SERVER_SIGV4_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace fake_iam::server {

// A parsed "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=<64 hex>" header.
struct SigV4Authorization {
  std::string access_key_id;
  std::string date;     // YYYYMMDD, the credential scope's date
  std::string region;   // "us-east-1"
  std::string service;  // "iam"
  // As given: the lowercase names joined by ';'. It is hashed into the canonical request verbatim.
  std::string signed_headers;
  std::string signature;  // 64 hex digits, lowercased
  // signed_headers split on ';', in the given order.
  std::vector<std::string> signed_header_names;
};

// Parses an Authorization header value. InvalidArgument, with a message saying what is wrong, for
// anything that is not a well-formed AWS4-HMAC-SHA256 header: another algorithm, a missing, empty,
// unknown or repeated Credential / SignedHeaders / Signature component, a credential that is not
// AKID/YYYYMMDD/region/service/aws4_request, a signed header name that is empty, repeated or not a
// lowercase token, a signature that is not 64 hex digits. The algorithm is followed by spaces and
// the components are separated by ',' and optional spaces, in any order.
absl::StatusOr<SigV4Authorization> ParseSigV4Authorization(std::string_view header);

// What the server received, unchanged by any HTTP library decoding.
struct SigV4Request {
  std::string method;  // "POST"
  // The raw path as it came on the request line, still percent-encoded (for cpp-httplib: the
  // part of Request::target before '?', not Request::path, which httplib has already decoded).
  std::string path;
  std::string query;  // the raw query string without '?', may be empty
  // As received: names in any case, a name may repeat.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The request time the signature covers, as signed: X-Amz-Date ("20260101T000000Z"), or for a
// request with only a Date header, that HTTP date written the same way. InvalidArgument when both
// are missing or X-Amz-Date or Date is repeated.
absl::StatusOr<std::string> SigV4Timestamp(const SigV4Request& request);

// The lowercase hex signature SigV4 expects for `request` signed with `secret_access_key` and the
// scope and signed headers of `authorization` (its signature is not looked at). It follows AWS's
// documented algorithm as botocore implements it for non-S3 services:
//   canonical request = method \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n payload hash
//   canonical URI: the raw path with dot segments and empty segments removed, then URI-encoded once
//     more except '/' (so "%20" on the wire is "%2520" here, as the SDKs sign it); "" is "/".
//   canonical query: each name and value decoded (as ParseQueryForm does) and URI-encoded,
//     sorted by name then value, "name=value" joined by '&'.
//   canonical headers: for each name of SignedHeaders, in its order, "name:value\n" where the value
//     is every received value of that header (any case) trimmed, inner whitespace runs collapsed to
//     one space, joined by ','.
//   payload hash: the x-amz-content-sha256 header's value if present, else hex(SHA-256(body)).
//   string to sign = "AWS4-HMAC-SHA256\n" + X-Amz-Date + "\n" + date/region/service/aws4_request +
//                    "\n" + hex(SHA-256(canonical request)); without X-Amz-Date, the Date header,
//                    an HTTP date like "Mon, 09 Sep 2011 23:36:00 GMT" written as 20110909T233600Z.
//   signing key = HMAC chain "AWS4"+secret -> date -> region -> service -> "aws4_request".
// InvalidArgument when a signed header is missing from the request, when neither X-Amz-Date nor
// Date is present, when X-Amz-Date or x-amz-content-sha256 is repeated, or when the query has a
// malformed '%' escape; Internal if OpenSSL fails.
absl::StatusOr<std::string> ComputeSigV4Signature(const SigV4Request& request,
                                                  const SigV4Authorization& authorization,
                                                  std::string_view secret_access_key);

// Whether `authorization.signature` is the signature ComputeSigV4Signature gives, compared in
// constant time so the comparison leaks nothing about the expected signature. Also false when an
// x-amz-content-sha256 header does not match the body, because the signature only covers the body
// through that header's value. The errors are ComputeSigV4Signature's.
// Not checked here (the caller's policy): that the scope's date matches X-Amz-Date, the request's
// age, the region, the service name, and that "host" is among the signed headers.
absl::StatusOr<bool> VerifySigV4(const SigV4Request& request,
                                 const SigV4Authorization& authorization,
                                 std::string_view secret_access_key);

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_SIGV4_H_
