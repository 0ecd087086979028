// Fuzzes the SigV4 Authorization parser and, when a header parses, the signature computation: any
// bytes give a well-formed SigV4Authorization or InvalidArgument, never a crash, and a request
// signed with the computed signature verifies while one with any other signature does not.
//
// Input: lines separated by '\n': the Authorization header, then the request's path, query, a
// header value and body (missing lines are empty), so the fuzzer reaches every canonical part.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fake_iam/server/sigv4.h"

namespace {

using fake_iam::server::SigV4Authorization;
using fake_iam::server::SigV4Request;

std::vector<std::string> Lines(std::string_view input, size_t count) {
  std::vector<std::string> lines;
  while (lines.size() + 1 < count) {
    size_t end = input.find('\n');
    if (end == std::string_view::npos) break;
    lines.emplace_back(input.substr(0, end));
    input.remove_prefix(end + 1);
  }
  lines.emplace_back(input);  // the last field (the body) may hold '\n'
  lines.resize(count);
  return lines;
}

bool IsLowercaseHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CheckParsed(const SigV4Authorization& authorization) {
  if (authorization.signature.size() != 64 || !IsLowercaseHex(authorization.signature)) {
    std::abort();
  }
  if (authorization.date.size() != 8 || authorization.access_key_id.empty() ||
      authorization.region.empty() || authorization.service.empty()) {
    std::abort();
  }
  std::string joined;
  for (const std::string& name : authorization.signed_header_names) {
    if (name.empty()) std::abort();
    if (!joined.empty()) joined += ';';
    joined += name;
  }
  if (joined != authorization.signed_headers) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines = Lines(input, 5);

  auto authorization = fake_iam::server::ParseSigV4Authorization(lines[0]);
  if (!authorization.ok()) {
    if (authorization.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  CheckParsed(*authorization);

  // A request holding every signed header, so that the computation runs to the end unless the
  // fuzzed query is malformed or the header list needs a payload hash header.
  SigV4Request request{"POST",
                       lines[1],
                       lines[2],
                       {{"Host", "127.0.0.1:8080"},
                        {"X-Amz-Date", "20260101T120000Z"},
                        {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                        {"X-Custom", lines[3]}},
                       lines[4]};
  for (const std::string& name : authorization->signed_header_names) {
    if (name == "host" || name == "x-amz-date" || name == "content-type" || name == "x-custom" ||
        name == "x-amz-content-sha256") {
      continue;
    }
    request.headers.emplace_back(name, "  value  of " + name);
  }

  auto signature = fake_iam::server::ComputeSigV4Signature(request, *authorization, "secret");
  if (!signature.ok()) {
    if (signature.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (signature->size() != 64 || !IsLowercaseHex(*signature)) std::abort();

  SigV4Authorization signed_with = *authorization;
  signed_with.signature = *signature;
  auto verified = fake_iam::server::VerifySigV4(request, signed_with, "secret");
  if (!verified.ok() || !*verified) std::abort();
  signed_with.signature[0] = signed_with.signature[0] == '0' ? '1' : '0';
  verified = fake_iam::server::VerifySigV4(request, signed_with, "secret");
  if (!verified.ok() || *verified) std::abort();
  // The signature depends on the secret.
  auto other = fake_iam::server::ComputeSigV4Signature(request, *authorization, "secreT");
  if (!other.ok() || *other == *signature) std::abort();
  return 0;
}
