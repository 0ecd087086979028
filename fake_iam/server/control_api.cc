#include "fake_iam/server/control_api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fake_iam/errors.h"
#include "fake_iam/operation.h"
#include "fake_iam/internal/iso_time.h"
#include "fake_iam/internal/status_macros.h"
#include "fake_iam/internal/string_view.h"
#include "fake_iam/server/control_json.h"
#include "fake_iam/server/query_form.h"

namespace fake_iam::server {
namespace {

using internal::ToAbsl;
using control::Json;
using control::Members;

// Far enough for any test (about 317 years), near enough that the clock stays printable.
constexpr double kMaxAdvanceSeconds = 1e10;

ControlResponse Answer(int status, const Json& json) { return {status, control::Dump(json)}; }

ControlResponse Error(int status, absl::string_view message) {
  return Answer(status, Json{{"error", std::string(message)}});
}
ControlResponse Error(int status, const absl::Status& cause) {
  return Error(status, cause.message());
}

// A refusal from the backend: an IAM error keeps IAM's HTTP status and code (409 for a user that
// exists, 404 for one that does not); anything else is the request's fault.
ControlResponse Refusal(const absl::Status& status) {
  if (std::optional<IamErrorCode> code = IamErrorCodeOf(status)) {
    return Answer(IamErrorHttpStatus(*code), Json{{"error", std::string(status.message())},
                                                  {"code", std::string(IamErrorCodeName(*code))}});
  }
  return Error(400, status);
}

// For endpoints that take no members: an empty body or {}.
absl::Status NoMembers(std::string_view body) {
  ASSIGN_OR_RETURN(const Json json, control::ParseBody(body));
  return Members(json).status();
}

const ControlResponse kEmpty{200, "{}"};

}  // namespace

struct ControlApi::Fault {
  int64_t id;
  Json rule;  // as posted
  FaultHandle handle;
};

bool ControlApi::Handles(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return absl::StartsWith(ToAbsl(path), ToAbsl(kPathPrefix)) ||
         path == kPathPrefix.substr(0, kPathPrefix.size() - 1);
}

bool ControlApi::IsLoopback(std::string_view host) {
  std::string address(host);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  if (absl::EqualsIgnoreCase(address, "localhost")) return true;
  in_addr v4;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  return inet_pton(AF_INET6, address.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

ControlResponse ControlApi::TransportError(int status) {
  if (status == 404) {
    // The server routes every path of the methods the API uses, so a path it did not route had a
    // method the API never takes.
    return Error(405, "method not allowed: the control API takes GET, POST and DELETE");
  }
  if (status == 413) return Error(413, "the body is larger than the server's limit");
  return Error(status, absl::StrCat("the request was refused (HTTP ", status, ")"));
}

ControlApi::ControlApi(FakeIamBackend& backend, ControlApiOptions options)
    : backend_(backend), options_(std::move(options)) {}

ControlApi::~ControlApi() = default;

ControlResponse ControlApi::Handle(
    std::string_view method, std::string_view path, std::string_view query, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!Handles(path)) return Error(404, absl::StrCat(ToAbsl(path), ": not a control API path"));
  if (!options_.enabled) {
    return Error(403,
                 "the control API is off: the server is bound to an address other than loopback; "
                 "give it a control token (--control-token) to turn it on");
  }
  if (!options_.token.empty()) {
    bool authorized = false;
    for (const auto& [name, value] : headers) {
      if (!absl::EqualsIgnoreCase(name, "Authorization")) continue;
      std::string_view credentials = value;
      if (credentials.size() < 7 ||
          !absl::EqualsIgnoreCase(ToAbsl(credentials.substr(0, 7)), "Bearer ")) {
        continue;
      }
      absl::string_view token = absl::StripAsciiWhitespace(ToAbsl(credentials.substr(7)));
      // In constant time, so that the answer's timing does not give the token away.
      authorized =
          authorized || (token.size() == options_.token.size() &&
                         CRYPTO_memcmp(token.data(), options_.token.data(), token.size()) == 0);
    }
    if (!authorized) {
      return Error(401, "the control API wants the header 'Authorization: Bearer <control token>'");
    }
  }
  // nlohmann::json reports errors with exceptions. Every one that a request can cause is caught
  // where it happens; this is the last guard, so that a surprise answers 500 instead of ending
  // the server.
  try {
    return Route(method, path, query, body);
  } catch (const std::exception& error) {
    return Error(500, absl::StrCat("internal error: ", error.what()));
  }
}

// One endpoint: a method on a path under kPathPrefix. A path ending in '/' is a prefix whose
// rest (a fault's id) is the handler's argument. docs/server.md lists the same table.
struct ControlApi::Endpoint {
  std::string_view method;
  std::string_view path;
  bool takes_query;  // only GET calls reads the query string; elsewhere one is refused
  ControlResponse (*handle)(ControlApi& api, const Call& call);
};

const ControlApi::Endpoint ControlApi::kEndpoints[] = {
    {"POST", "reset", false, [](ControlApi& api, const Call& c) { return api.Reset(c.body); }},
    {"GET", "state", false, [](ControlApi& api, const Call& c) { return api.State(c.body); }},
    {"POST", "users", false, [](ControlApi& api, const Call& c) { return api.CreateUser(c.body); }},
    {"POST", "access-keys", false,
     [](ControlApi& api, const Call& c) { return api.CreateAccessKey(c.body); }},
    {"GET", "faults", false, [](ControlApi& api, const Call& c) { return api.ListFaults(c.body); }},
    {"POST", "faults", false,
     [](ControlApi& api, const Call& c) { return api.InjectFault(c.body); }},
    {"DELETE", "faults", false,
     [](ControlApi& api, const Call& c) { return api.ClearFaults(c.body); }},
    {"DELETE", "faults/", false,
     [](ControlApi& api, const Call& c) { return api.RemoveFault(c.argument, c.body); }},
    {"GET", "calls", true,
     [](ControlApi& api, const Call& c) { return api.Calls(c.query, c.body); }},
    {"DELETE", "calls", false,
     [](ControlApi& api, const Call& c) { return api.ClearCalls(c.body); }},
    {"GET", "clock", false, [](ControlApi& api, const Call& c) { return api.Clock(c.body); }},
    {"POST", "clock", false, [](ControlApi& api, const Call& c) { return api.SetClock(c.body); }},
};

ControlResponse ControlApi::Route(std::string_view method, std::string_view path,
                                  std::string_view query, std::string_view body) {
  const std::string_view rest = path.substr(std::min(path.size(), kPathPrefix.size()));
  std::vector<std::string> allowed;  // the methods of the path's endpoints
  for (const Endpoint& endpoint : kEndpoints) {
    const bool is_prefix = absl::EndsWith(ToAbsl(endpoint.path), "/");
    if (is_prefix ? !absl::StartsWith(ToAbsl(rest), ToAbsl(endpoint.path)) : rest != endpoint.path) {
      continue;
    }
    if (method != endpoint.method) {
      allowed.emplace_back(endpoint.method);
      continue;
    }
    if (!query.empty() && !endpoint.takes_query) {
      return Error(400, absl::StrCat(ToAbsl(method), " ", ToAbsl(path), " takes no query string"));
    }
    const Call call{is_prefix ? rest.substr(endpoint.path.size()) : std::string_view(), query,
                    body};
    return endpoint.handle(*this, call);
  }
  if (allowed.empty()) return Error(404, absl::StrCat(ToAbsl(path), ": no such control endpoint"));
  return Error(405, absl::StrCat(ToAbsl(method), " ", ToAbsl(path), ": method not allowed; use ",
                                 absl::StrJoin(allowed, " or ")));
}

ControlResponse ControlApi::Reset(std::string_view body) {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  std::lock_guard<std::mutex> lock(mu_);
  backend_.Reset();
  faults_.clear();
  next_fault_id_ = 1;
  return kEmpty;
}

ControlResponse ControlApi::State(std::string_view body) const {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  // Keys with their last use, read without an IAM call, so reading the state records nothing.
  auto keys_json = [this](const std::vector<AccessKeyMetadata>& keys) {
    Json list = Json::array();
    for (const AccessKeyMetadata& key : keys) {
      list.push_back(
          control::AccessKeyJson(key, backend_.AccessKeyLastUse(key.GetAccessKeyId())));
    }
    return list;
  };
  Json users = Json::array();
  for (const User& user : backend_.Users()) {
    Json ssh_public_keys = Json::array();
    for (const SSHPublicKey& key : backend_.SshPublicKeyDetails(user.GetUserName())) {
      ssh_public_keys.push_back(control::SshPublicKeyJson(key));
    }
    users.push_back(control::UserJson(user, backend_.Certificates(user.GetUserName()),
                                      keys_json(backend_.AccessKeys(user.GetUserName())),
                                      std::move(ssh_public_keys)));
  }
  Json root = Json::array();
  for (const SigningCertificate& certificate : backend_.RootCertificates()) {
    root.push_back(control::CertificateJson(certificate));
  }
  return Answer(200, Json{{"users", std::move(users)},
                          {"root_certificates", std::move(root)},
                          {"root_access_keys", keys_json(backend_.RootAccessKeys())}});
}

ControlResponse ControlApi::CreateUser(std::string_view body) {
  absl::StatusOr<Json> json = control::ParseBody(body);
  if (!json.ok()) return Error(400, json.status());
  Members members(*json);
  std::optional<std::string> user_name = members.String("user_name");
  std::optional<std::string> path = members.String("path");
  if (absl::Status status = members.status(); !status.ok()) return Error(400, status);
  if (!user_name) return Error(400, "'user_name': required");
  absl::StatusOr<User> user = backend_.CreateUser(*user_name, path.value_or("/"));
  if (!user.ok()) return Refusal(user.status());
  return Answer(201, control::UserJson(*user, {}));
}

ControlResponse ControlApi::CreateAccessKey(std::string_view body) {
  absl::StatusOr<Json> json = control::ParseBody(body);
  if (!json.ok()) return Error(400, json.status());
  Members members(*json);
  std::optional<std::string> owner_name = members.String("owner");
  std::optional<std::string> id = members.String("access_key_id");
  std::optional<std::string> secret = members.String("secret_access_key");
  if (absl::Status status = members.status(); !status.ok()) return Error(400, status);
  if (!owner_name)
    return Error(400, "'owner': required (\"root\", \"user/NAME\" or \"role/NAME\")");
  std::optional<CallerIdentity> owner = CallerIdentity::Parse(*owner_name);
  if (!owner) {
    return Error(400, absl::StrCat("'owner': wants \"root\", \"user/NAME\" or \"role/NAME\", got ",
                                   control::Dump(*owner_name)));
  }
  if (id.has_value() != secret.has_value()) {
    return Error(400, id ? "'secret_access_key': required with 'access_key_id'"
                         : "'access_key_id': required with 'secret_access_key'");
  }
  if (id && (id->empty() || secret->empty())) {
    return Error(400, id->empty() ? "'access_key_id': must not be empty"
                                  : "'secret_access_key': must not be empty");
  }
  AccessKey key;
  if (id) {
    key = AccessKey().WithAccessKeyId(*id).WithSecretAccessKey(*secret);
    if (absl::Status added = backend_.AddAccessKey(key, *owner); !added.ok()) {
      return Refusal(added);
    }
  } else {
    absl::StatusOr<AccessKey> created = backend_.CreateAccessKey(*owner);
    if (!created.ok()) return Refusal(created.status());
    key = *std::move(created);
  }
  return Answer(201, Json{{"access_key_id", key.GetAccessKeyId()},
                          {"secret_access_key", key.GetSecretAccessKey()}});
}

ControlResponse ControlApi::InjectFault(std::string_view body) {
  absl::StatusOr<Json> json = control::ParseBody(body);
  if (!json.ok()) return Error(400, json.status());
  absl::StatusOr<FaultRule> rule = control::FaultRuleFromJson(*json);
  if (!rule.ok()) return Error(400, rule.status());
  // Under the lock, so that a reset running at the same time cannot number this rule after it
  // has emptied the backend.
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<FaultHandle> handle = backend_.InjectFault(*std::move(rule));
  if (!handle.ok()) return Error(400, handle.status());
  const int64_t id = next_fault_id_++;
  faults_.push_back(std::make_unique<Fault>(Fault{id, *std::move(json), *handle}));
  return Answer(201, Json{{"id", id}});
}

ControlResponse ControlApi::ListFaults(std::string_view body) const {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  Json list = Json::array();
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& fault : faults_) {
    list.push_back(Json{{"id", fault->id},
                        {"rule", fault->rule},
                        {"fired", fault->handle.fired()},
                        {"active", fault->handle.active()}});
  }
  return Answer(200, Json{{"faults", std::move(list)}});
}

ControlResponse ControlApi::RemoveFault(std::string_view id_text, std::string_view body) {
  int64_t id = 0;
  // Canonical decimal only, so that one rule has one path.
  if (id_text.empty() || id_text[0] == '0' ||
      !std::all_of(id_text.begin(), id_text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(ToAbsl(id_text), &id)) {
    return Error(404, absl::StrCat("no fault with id ", control::Dump(std::string(id_text))));
  }
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if ((*it)->id != id) continue;
    (*it)->handle.Remove();
    faults_.erase(it);
    return kEmpty;
  }
  return Error(404, absl::StrCat("no fault with id ", id));
}

ControlResponse ControlApi::ClearFaults(std::string_view body) {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  std::lock_guard<std::mutex> lock(mu_);
  backend_.ClearFaults();
  faults_.clear();
  return kEmpty;
}

ControlResponse ControlApi::Calls(std::string_view query, std::string_view body) const {
  absl::StatusOr<std::vector<FormField>> fields = ParseQueryForm(query);
  if (!fields.ok())
    return Error(400, absl::StrCat("the query string: ", fields.status().message()));
  std::optional<Operation> operation;
  bool seen = false;
  for (const FormField& field : *fields) {
    if (field.name != "operation") {
      return Error(400, absl::StrCat("'", field.name, "': unknown query parameter"));
    }
    if (seen) return Error(400, "'operation': given more than once");
    seen = true;
    operation = OperationFromName(field.value);
    if (!operation) {
      return Error(400,
                   absl::StrCat("'operation': unknown operation ", control::Dump(field.value)));
    }
  }
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  Json list = Json::array();
  for (const RecordedCall& call :
       operation ? backend_.RecordedCalls(*operation) : backend_.RecordedCalls()) {
    list.push_back(control::CallJson(call));
  }
  return Answer(200, Json{{"calls", std::move(list)}});
}

ControlResponse ControlApi::ClearCalls(std::string_view body) {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  backend_.ClearRecordedCalls();
  return kEmpty;
}

ControlResponse ControlApi::Clock(std::string_view body) const {
  if (absl::Status status = NoMembers(body); !status.ok()) return Error(400, status);
  return Answer(200, Json{{"now", internal::IsoTime(backend_.Now())},
                          {"mode", backend_.clock_mode() == ClockMode::kLive ? "live" : "frozen"}});
}

ControlResponse ControlApi::SetClock(std::string_view body) {
  absl::StatusOr<Json> json = control::ParseBody(body);
  if (!json.ok()) return Error(400, json.status());
  Members members(*json);
  std::optional<std::string> set = members.String("set");
  std::optional<double> advance = members.Number("advance_seconds");
  std::optional<std::string> mode = members.String("mode");
  if (absl::Status status = members.status(); !status.ok()) return Error(400, status);
  if (set.has_value() + advance.has_value() + mode.has_value() != 1) {
    return Error(400, "give exactly one of 'set', 'advance_seconds' or 'mode'");
  }
  if (set) {
    absl::StatusOr<absl::Time> time = control::ParseIsoTime(*set, "set");
    if (!time.ok()) return Error(400, time.status());
    backend_.SetClock(*time);
  } else if (advance) {
    if (*advance < -kMaxAdvanceSeconds || *advance > kMaxAdvanceSeconds) {
      return Error(400, "'advance_seconds': wants a number from -1e10 to 1e10");
    }
    backend_.AdvanceClock(absl::Seconds(*advance));
  } else if (*mode == "live") {
    backend_.UseLiveClock();
  } else if (*mode == "frozen") {
    backend_.SetClock(backend_.Now());
  } else {
    return Error(400,
                 absl::StrCat("'mode': wants \"live\" or \"frozen\", got ", control::Dump(*mode)));
  }
  return Clock("");
}

}  // namespace fake_iam::server
