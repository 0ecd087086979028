// The control API's JSON: strict reading of request bodies, and the backend's types written out.
// Internal to the server library (it exposes nlohmann::json, which users of fake_iam need not
// have); not installed.
#ifndef FAKE_IAM_SERVER_CONTROL_JSON_H_
#define FAKE_IAM_SERVER_CONTROL_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "fake_iam/faults.h"
#include "fake_iam/model.h"
#include "fake_iam/recorded_call.h"

namespace fake_iam::server::control {

using Json = nlohmann::json;

// A request body: empty reads as {}; anything else must be one JSON object whose members each
// appear once (a repeat would leave it to the parser which one counts). InvalidArgument saying
// what is wrong otherwise.
absl::StatusOr<Json> ParseBody(std::string_view body);

// Reads the members of a body object by name and type. A getter returns nullopt for an absent
// member, and for a wrong type, which it also notes; status() then names the first such member,
// or else a member no getter asked for. Read every member before acting on any, so that a bad
// request changes nothing.
class Members {
 public:
  explicit Members(const Json& object) : object_(object) {}

  std::optional<std::string> String(const char* name);
  std::optional<bool> Bool(const char* name);
  // An integer in [min, max]; a fraction, or a number outside the range, is an error.
  std::optional<int64_t> Integer(const char* name, int64_t min, int64_t max);
  // Any finite number.
  std::optional<double> Number(const char* name);

  absl::Status status() const;

 private:
  const Json* Find(const char* name);
  void WrongType(const char* name, std::string_view wanted);

  const Json& object_;
  std::set<std::string, std::less<>> read_;
  absl::Status error_;
};

// "2026-01-02T03:04:05Z" (internal::IsoTime's form), with optional fractional seconds;
// InvalidArgument naming `field` for anything else, including years outside 0001-9999.
absl::StatusOr<absl::Time> ParseIsoTime(std::string_view text, std::string_view field);

// The SHA-256 of the DER inside a PEM certificate body, as lowercase hex; empty if the body holds
// no certificate.
std::string FingerprintSha256(std::string_view certificate_body);

Json CertificateJson(const SigningCertificate& certificate);
// {"access_key_id","status","create_date","last_used_date","last_used_service",
// "last_used_region"}: never the secret. Before the key's first use (or with no last use given),
// last_used_date is null and the service and region "N/A", as GetAccessKeyLastUsed says.
Json AccessKeyJson(const AccessKeyMetadata& key, const std::optional<AccessKeyLastUsed>& last_used);
// {"ssh_public_key_id","status","upload_date","fingerprint"}: never the body.
Json SshPublicKeyJson(const SSHPublicKey& key);
// The user with its certificates, its access keys (AccessKeyJson each) and its SSH public keys
// (SshPublicKeyJson each).
Json UserJson(const User& user, const std::vector<SigningCertificate>& certificates,
              Json access_keys = Json::array(), Json ssh_public_keys = Json::array());
// A call as recorded: the request's members by wire name, only those set.
Json CallJson(const RecordedCall& call);

// A fault rule from a POST /_fake_iam/faults body. Checks names, types and combinations; the
// rule's own checks are left to InjectFault, whose refusal the caller passes on.
absl::StatusOr<FaultRule> FaultRuleFromJson(const Json& body);

// Serialises without throwing: bytes that are not UTF-8 (a recorded certificate body may hold
// any) become U+FFFD.
std::string Dump(const Json& json);

}  // namespace fake_iam::server::control

#endif  // FAKE_IAM_SERVER_CONTROL_JSON_H_
