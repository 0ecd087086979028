#include "fake_iam/server/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "fake_iam/internal/openssl_util.h"
#include "fake_iam/internal/string_view.h"
#include "fake_iam/server/query_form.h"
#include "fake_iam/server/quote.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam::server {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
// Messages quote at most this much of a client's text, so a huge header cannot make a huge message.
constexpr size_t kMaxQuotedBytes = 80;

std::string Quote(std::string_view text) { return QuoteForMessage(text, kMaxQuotedBytes); }

absl::Status Malformed(std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("Malformed SigV4 Authorization header: %s", what));
}

// absl::StripAsciiWhitespace, for std::string_view.
std::string_view Trim(std::string_view text) {
  return internal::ToStd(absl::StripAsciiWhitespace(internal::ToAbsl(text)));
}

// Visible ASCII: what an access key id, a region or a service name can be made of.
bool IsVisibleAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}
// RFC 9110 tchar with letters lowercase only: SigV4 signs header names lowercased, so an uppercase
// name in SignedHeaders could never match what the client hashed.
bool IsLowercaseToken(std::string_view name) {
  static constexpr std::string_view kPunctuation = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) ||
           kPunctuation.find(c) != std::string_view::npos;
  });
}

// absl::StrSplit, for std::string_view: every part between separators, empty ones included.
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (absl::string_view part : absl::StrSplit(internal::ToAbsl(text), separator)) {
    parts.push_back(internal::ToStd(part));
  }
  return parts;
}

absl::Status ParseCredential(std::string_view credential, SigV4Authorization& out) {
  std::vector<std::string_view> parts = Split(credential, '/');
  if (parts.size() != 5) {
    return Malformed(
        absl::StrFormat("Credential %s must have 5 '/'-separated parts, "
                        "AccessKeyId/YYYYMMDD/region/service/aws4_request, not %d",
                        Quote(credential), parts.size()));
  }
  static constexpr const char* kPartNames[] = {"access key id", "date", "region", "service"};
  for (int i = 0; i < 4; ++i) {
    if (parts[i].empty() || !IsVisibleAscii(parts[i])) {
      return Malformed(absl::StrFormat("the %s of Credential %s is empty or not visible ASCII",
                                       kPartNames[i], Quote(credential)));
    }
  }
  std::string_view date = parts[1];
  bool date_ok = date.size() == 8 && std::all_of(date.begin(), date.end(), absl::ascii_isdigit);
  if (date_ok) {
    int month = (date[4] - '0') * 10 + (date[5] - '0');
    int day = (date[6] - '0') * 10 + (date[7] - '0');
    date_ok = month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (!date_ok) {
    return Malformed(absl::StrFormat("the date %s of Credential %s is not a YYYYMMDD date",
                                     Quote(date), Quote(credential)));
  }
  if (parts[4] != kTerminator) {
    return Malformed(absl::StrFormat("Credential %s must end with \"/aws4_request\", not %s",
                                     Quote(credential), Quote(parts[4])));
  }
  out.access_key_id = std::string(parts[0]);
  out.date = std::string(parts[1]);
  out.region = std::string(parts[2]);
  out.service = std::string(parts[3]);
  return absl::OkStatus();
}

absl::Status ParseSignedHeaders(std::string_view signed_headers, SigV4Authorization& out) {
  std::set<std::string_view> seen;
  for (std::string_view name : Split(signed_headers, ';')) {
    if (!IsLowercaseToken(name)) {
      return Malformed(absl::StrFormat(
          "SignedHeaders %s has the name %s; names must be non-empty lowercase header names "
          "separated by ';'",
          Quote(signed_headers), Quote(name)));
    }
    if (!seen.insert(name).second) {
      return Malformed(
          absl::StrFormat("SignedHeaders %s names %s twice", Quote(signed_headers), Quote(name)));
    }
    out.signed_header_names.emplace_back(name);
  }
  out.signed_headers = std::string(signed_headers);
  return absl::OkStatus();
}

absl::Status ParseSignature(std::string_view signature, SigV4Authorization& out) {
  if (signature.size() != 64 ||
      !std::all_of(signature.begin(), signature.end(), absl::ascii_isxdigit)) {
    return Malformed(absl::StrFormat("Signature %s is not 64 hex digits", Quote(signature)));
  }
  out.signature = absl::AsciiStrToLower(internal::ToAbsl(signature));
  return absl::OkStatus();
}

// botocore's normalize_url_path/remove_dot_segments: "." and empty segments go, ".." removes the
// segment before it; the leading '/' stays, and a trailing '/' stays unless nothing is left.
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> output;
  for (std::string_view segment : Split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!output.empty()) output.pop_back();
    } else {
      output.push_back(segment);
    }
  }
  std::string normalized = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < output.size(); ++i) {
    if (i > 0) normalized += '/';
    normalized.append(output[i]);
  }
  if (path.back() == '/' && !output.empty()) normalized += '/';
  return normalized;
}

absl::StatusOr<std::string> CanonicalQuery(std::string_view query) {
  ASSIGN_OR_RETURN(const std::vector<FormField> fields, ParseQueryForm(query));
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(fields.size());
  for (const FormField& field : fields) {
    encoded.emplace_back(UriEncode(field.name), UriEncode(field.value));
  }
  // Sorted by encoded name, then encoded value: byte order, as the SDKs sort.
  std::sort(encoded.begin(), encoded.end());
  std::string canonical;
  for (const auto& [name, value] : encoded) {
    if (!canonical.empty()) canonical += '&';
    canonical += name;
    canonical += '=';
    canonical += value;
  }
  return canonical;
}

// Trimall: the value without leading and trailing whitespace, inner whitespace runs as one space.
void AppendTrimmedValue(std::string_view value, std::string& out) {
  value = Trim(value);
  bool in_whitespace = false;
  for (char c : value) {
    if (absl::ascii_isspace(c)) {
      in_whitespace = true;
      continue;
    }
    if (in_whitespace) out += ' ';
    in_whitespace = false;
    out += c;
  }
}

// The values of every header called `name` (any case), as received and in the order received.
std::vector<std::string_view> HeaderValues(const SigV4Request& request, std::string_view name) {
  std::vector<std::string_view> values;
  for (const auto& [header_name, value] : request.headers) {
    if (absl::EqualsIgnoreCase(header_name, internal::ToAbsl(name))) values.push_back(value);
  }
  return values;
}

// The values of a header that may appear at most once (none or one), since two dates or two payload
// hashes would leave it open which one the client signed.
absl::StatusOr<std::vector<std::string_view>> SingleHeader(const SigV4Request& request,
                                                           std::string_view name) {
  std::vector<std::string_view> values = HeaderValues(request, name);
  if (values.size() > 1) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "The %s header appears %d times; SigV4 allows only one", name, values.size()));
  }
  return values;
}

// The string-to-sign time of a request that has only a Date header: an HTTP date ("Mon, 09 Sep 2011
// 23:36:00 GMT") is signed in ISO 8601 basic form, as AWS's original test suite does; anything else
// is taken as written.
std::string TimestampFromDateHeader(std::string_view value) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", std::string(value), absl::UTCTimeZone(), &time,
                      &error)) {
    return absl::FormatTime("%Y%m%dT%H%M%SZ", time, absl::UTCTimeZone());
  }
  return std::string(value);
}

}  // namespace

absl::StatusOr<SigV4Authorization> ParseSigV4Authorization(std::string_view header) {
  header = Trim(header);
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (header.size() > kAlgorithm.size() && header[kAlgorithm.size()] != ' ')) {
    return Malformed(absl::StrFormat("the algorithm must be AWS4-HMAC-SHA256, got %s",
                                     Quote(header.substr(0, header.find(' ')))));
  }
  std::string_view components = Trim(header.substr(kAlgorithm.size()));
  if (components.empty()) {
    return Malformed("Credential, SignedHeaders and Signature are missing");
  }

  SigV4Authorization authorization;
  bool has_credential = false;
  bool has_signed_headers = false;
  bool has_signature = false;
  for (std::string_view component : Split(components, ',')) {
    // The SDKs write ", " between components and some clients ","; spaces around either are fine.
    component = Trim(component);
    size_t equals = component.find('=');
    if (equals == std::string_view::npos) {
      return Malformed(
          absl::StrFormat("the component %s is not Name=value (components are separated by ',')",
                          Quote(component)));
    }
    std::string_view name = component.substr(0, equals);
    std::string_view value = component.substr(equals + 1);
    bool* seen = nullptr;
    if (name == "Credential") {
      seen = &has_credential;
    } else if (name == "SignedHeaders") {
      seen = &has_signed_headers;
    } else if (name == "Signature") {
      seen = &has_signature;
    } else {
      return Malformed(absl::StrFormat(
          "unknown component %s; expected Credential, SignedHeaders and Signature", Quote(name)));
    }
    if (*seen) return Malformed(absl::StrFormat("the component %s appears twice", name));
    *seen = true;
    if (value.empty()) return Malformed(absl::StrFormat("the component %s is empty", name));
    RETURN_IF_ERROR(name == "Credential"      ? ParseCredential(value, authorization)
                    : name == "SignedHeaders" ? ParseSignedHeaders(value, authorization)
                                              : ParseSignature(value, authorization));
  }
  if (!has_credential) return Malformed("the Credential component is missing");
  if (!has_signed_headers) return Malformed("the SignedHeaders component is missing");
  if (!has_signature) return Malformed("the Signature component is missing");
  return authorization;
}

absl::StatusOr<std::string> SigV4Timestamp(const SigV4Request& request) {
  // X-Amz-Date, or the Date header for clients that send only that.
  ASSIGN_OR_RETURN(const std::vector<std::string_view> amz_date,
                   SingleHeader(request, "X-Amz-Date"));
  if (!amz_date.empty()) return std::string(Trim(amz_date.front()));
  ASSIGN_OR_RETURN(const std::vector<std::string_view> date, SingleHeader(request, "Date"));
  if (date.empty()) {
    return absl::InvalidArgumentError(
        "The request has neither an X-Amz-Date nor a Date header; SigV4 signs the request time");
  }
  return TimestampFromDateHeader(Trim(date.front()));
}

absl::StatusOr<std::string> ComputeSigV4Signature(const SigV4Request& request,
                                                  const SigV4Authorization& authorization,
                                                  std::string_view secret_access_key) {
  ASSIGN_OR_RETURN(const std::string timestamp, SigV4Timestamp(request));
  ASSIGN_OR_RETURN(const std::vector<std::string_view> content_sha256,
                   SingleHeader(request, "X-Amz-Content-SHA256"));
  ASSIGN_OR_RETURN(const std::string canonical_query, CanonicalQuery(request.query));

  std::string canonical_request = request.method;
  canonical_request += '\n';
  canonical_request += UriEncode(RemoveDotSegments(request.path), /*encode_slash=*/false);
  canonical_request += '\n';
  canonical_request += canonical_query;
  canonical_request += '\n';
  for (const std::string& name : authorization.signed_header_names) {
    std::vector<std::string_view> values = HeaderValues(request, name);
    if (values.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("The signed header %s is missing from the request", Quote(name)));
    }
    canonical_request += name;
    canonical_request += ':';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) canonical_request += ',';
      AppendTrimmedValue(values[i], canonical_request);
    }
    canonical_request += '\n';
  }
  canonical_request += '\n';
  canonical_request += authorization.signed_headers;
  canonical_request += '\n';
  canonical_request += content_sha256.empty()
                           ? absl::BytesToHexString(internal::Sha256(request.body))
                           : std::string(Trim(content_sha256.front()));

  std::string scope = authorization.date + "/" + authorization.region + "/" +
                      authorization.service + "/" + std::string(kTerminator);
  std::string string_to_sign = std::string(kAlgorithm) + "\n" + timestamp + "\n" + scope + "\n" +
                               absl::BytesToHexString(internal::Sha256(canonical_request));

  // Each step narrows the key to one date, region, service and protocol, as AWS derives it.
  std::string key = "AWS4" + std::string(secret_access_key);
  for (const std::string* step :
       {&authorization.date, &authorization.region, &authorization.service}) {
    ASSIGN_OR_RETURN(key, internal::HmacSha256(key, *step));
  }
  ASSIGN_OR_RETURN(key, internal::HmacSha256(key, kTerminator));
  ASSIGN_OR_RETURN(const std::string signature, internal::HmacSha256(key, string_to_sign));
  return absl::BytesToHexString(signature);
}

absl::StatusOr<bool> VerifySigV4(const SigV4Request& request,
                                 const SigV4Authorization& authorization,
                                 std::string_view secret_access_key) {
  ASSIGN_OR_RETURN(const std::string expected,
                   ComputeSigV4Signature(request, authorization, secret_access_key));

  // A client may sign the hash header instead of the body; the body must then be what it hashed.
  std::vector<std::string_view> content_sha256 = HeaderValues(request, "X-Amz-Content-SHA256");
  if (!content_sha256.empty() &&
      !absl::EqualsIgnoreCase(internal::ToAbsl(Trim(content_sha256.front())),
                              absl::BytesToHexString(internal::Sha256(request.body)))) {
    return false;
  }

  const std::string given = absl::AsciiStrToLower(authorization.signature);
  // The length of a signature is no secret; its bytes are compared in constant time.
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

}  // namespace fake_iam::server
