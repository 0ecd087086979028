#include "fake_iam/server/control_json.h"

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/iso_time.h"
#include "fake_iam/internal/status_macros.h"
#include "fake_iam/internal/string_view.h"
#include "fake_iam/internal/validation_cache.h"
#include "fake_iam/operation.h"

namespace fake_iam::server::control {
namespace {

using internal::IsoTime;
using internal::ToAbsl;

constexpr int kIntMax = std::numeric_limits<int>::max();
constexpr int kIntMin = std::numeric_limits<int>::min();

// A recorded request's members as JSON, by wire name, those that were set: strings, integers and
// booleans as themselves, enums by their wire names, times as IAM writes them, lists as arrays and
// structures (a Tag) as objects of their own members that were set.
template <typename T>
struct IsVector : std::false_type {};
template <typename Item>
struct IsVector<std::vector<Item>> : std::true_type {};

template <typename Value>
Json ValueJson(const Value& value);

struct RequestJson {
  Json& json;
  template <typename Value>
  void operator()(std::string_view name, const Value& value, bool has_been_set) {
    if (has_been_set) json[std::string(name)] = ValueJson(value);
  }
};

template <typename Value>
Json ValueJson(const Value& value) {
  if constexpr (std::is_enum_v<Value>) {
    return std::string(EnumName(value));
  } else if constexpr (std::is_same_v<Value, absl::Time>) {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", value, absl::UTCTimeZone());
  } else if constexpr (IsVector<Value>::value) {
    Json array = Json::array();
    for (const auto& item : value) array.push_back(ValueJson(item));
    return array;
  } else if constexpr (std::is_class_v<Value> && !std::is_same_v<Value, std::string> &&
                       !std::is_same_v<Value, SummaryMap>) {
    Json object = Json::object();
    value.ForEachMember(RequestJson{object});
    return object;
  } else {
    return value;  // a string, an integer, a boolean, a SummaryMap
  }
}

absl::Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("'", ToAbsl(field), "': ", ToAbsl(what)));
}

}  // namespace

absl::StatusOr<Json> ParseBody(std::string_view body) {
  if (absl::StripAsciiWhitespace(ToAbsl(body)).empty()) return Json::object();
  // The parser keeps the last of repeated members silently; the callback sees each key first.
  std::vector<std::set<std::string>> open_objects;
  std::string repeated;
  auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Json::parse_event_t::key && !open_objects.empty() && repeated.empty() &&
               parsed.is_string() &&
               !open_objects.back().insert(parsed.get_ref<const std::string&>()).second) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  Json json;
  try {
    json = Json::parse(body.begin(), body.end(), callback);
  } catch (const Json::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat("the body is not valid JSON: ", error.what()));
  }
  if (!repeated.empty()) return Invalid(repeated, "given more than once");
  if (!json.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the body must be a JSON object, got ", json.type_name()));
  }
  return json;
}

const Json* Members::Find(const char* name) {
  read_.insert(name);
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

void Members::WrongType(const char* name, std::string_view wanted) {
  if (error_.ok()) {
    error_ = Invalid(name, absl::StrCat("wants ", ToAbsl(wanted), ", got ", Dump(object_.at(name))));
  }
}

std::optional<std::string> Members::String(const char* name) {
  const Json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    WrongType(name, "a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> Members::Bool(const char* name) {
  const Json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    WrongType(name, "true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> Members::Integer(const char* name, int64_t min, int64_t max) {
  const Json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  std::optional<int64_t> number;
  if (value->is_number_unsigned()) {
    uint64_t unsigned_value = value->get<uint64_t>();
    if (unsigned_value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      number = static_cast<int64_t>(unsigned_value);
    }
  } else if (value->is_number_integer()) {
    number = value->get<int64_t>();
  }
  if (!number || *number < min || *number > max) {
    WrongType(name, absl::StrFormat("an integer from %d to %d", min, max));
    return std::nullopt;
  }
  return number;
}

std::optional<double> Members::Number(const char* name) {
  const Json* value = Find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number() || !std::isfinite(value->get<double>())) {
    WrongType(name, "a number");
    return std::nullopt;
  }
  return value->get<double>();
}

absl::Status Members::status() const {
  if (!error_.ok()) return error_;
  for (const auto& [name, value] : object_.items()) {
    if (read_.find(name) == read_.end()) return Invalid(name, "unknown field");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> ParseIsoTime(std::string_view text, std::string_view field) {
  static const absl::Time kFirst = absl::FromCivil(absl::CivilSecond(1, 1, 1), absl::UTCTimeZone());
  static const absl::Time kEnd =
      absl::FromCivil(absl::CivilSecond(10000, 1, 1), absl::UTCTimeZone());
  absl::Time time;
  std::string error;
  // absl::ParseTime also takes "infinite-future" whatever the format: the range check refuses it.
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", std::string(text), absl::UTCTimeZone(), &time,
                       &error) ||
      time < kFirst || time >= kEnd) {
    return Invalid(field, absl::StrCat("wants an ISO 8601 UTC time like 2026-01-02T03:04:05Z, got ",
                                       Dump(Json(std::string(text)))));
  }
  return time;
}

std::string FingerprintSha256(std::string_view certificate_body) {
  // The parser's own fingerprint; its cache holds every body the backend accepted.
  absl::StatusOr<internal::ParsedCertificate> parsed =
      internal::ParseCertificateBodyCached(certificate_body);
  return parsed.ok() ? absl::BytesToHexString(parsed->fingerprint) : "";
}

Json CertificateJson(const SigningCertificate& certificate) {
  return Json{{"certificate_id", certificate.GetCertificateId()},
              {"status", StatusTypeName(certificate.GetStatus())},
              {"upload_date", IsoTime(certificate.GetUploadDate())},
              {"fingerprint_sha256", FingerprintSha256(certificate.GetCertificateBody())}};
}

Json AccessKeyJson(const AccessKeyMetadata& key,
                   const std::optional<AccessKeyLastUsed>& last_used) {
  const bool used = last_used && last_used->LastUsedDateHasBeenSet();
  return Json{{"access_key_id", key.GetAccessKeyId()},
              {"status", StatusTypeName(key.GetStatus())},
              {"create_date", IsoTime(key.GetCreateDate())},
              {"last_used_date", used ? Json(IsoTime(last_used->GetLastUsedDate())) : Json()},
              {"last_used_service", used ? last_used->GetServiceName() : "N/A"},
              {"last_used_region", used ? last_used->GetRegion() : "N/A"}};
}

Json SshPublicKeyJson(const SSHPublicKey& key) {
  return Json{{"ssh_public_key_id", key.GetSSHPublicKeyId()},
              {"status", StatusTypeName(key.GetStatus())},
              {"upload_date", IsoTime(key.GetUploadDate())},
              {"fingerprint", key.GetFingerprint()}};
}

Json UserJson(const User& user, const std::vector<SigningCertificate>& certificates,
              Json access_keys, Json ssh_public_keys) {
  Json list = Json::array();
  for (const SigningCertificate& certificate : certificates) {
    list.push_back(CertificateJson(certificate));
  }
  return Json{{"user_name", user.GetUserName()},
              {"path", user.GetPath()},
              {"user_id", user.GetUserId()},
              {"arn", user.GetArn()},
              {"create_date", IsoTime(user.GetCreateDate())},
              {"certificates", std::move(list)},
              {"access_keys", std::move(access_keys)},
              {"ssh_public_keys", std::move(ssh_public_keys)}};
}

Json CallJson(const RecordedCall& call) {
  Json request = Json::object();
  std::visit([&request](const auto& typed) { typed.ForEachMember(RequestJson{request}); },
             call.request);
  Json error = nullptr;
  if (!call.status.ok()) {
    std::optional<IamErrorCode> code = IamErrorCodeOf(call.status);
    error = Json{{"code", code ? std::string(IamErrorCodeName(*code))
                               : absl::StatusCodeToString(call.status.code())},
                 {"message", std::string(call.status.message())}};
  }
  return Json{{"sequence", call.sequence},        {"operation", OperationName(call.operation)},
              {"caller", call.caller.ToString()}, {"request", std::move(request)},
              {"error", std::move(error)},        {"injected", call.injected},
              {"over_http", call.over_http},      {"time", IsoTime(call.time)}};
}

absl::StatusOr<FaultRule> FaultRuleFromJson(const Json& body) {
  Members members(body);
  std::optional<std::string> error = members.String("error");
  std::optional<bool> delay_only = members.Bool("delay_only");
  std::optional<bool> drop_connection = members.Bool("drop_connection");
  std::optional<int64_t> http_status = members.Integer("http_status", kIntMin, kIntMax);
  std::optional<std::string> operation = members.String("operation");
  std::optional<std::string> user = members.String("user");
  std::optional<int64_t> after_calls = members.Integer("after_calls", kIntMin, kIntMax);
  std::optional<int64_t> times = members.Integer("times", kIntMin, kIntMax);
  std::optional<bool> always = members.Bool("always");
  std::optional<std::string> message = members.String("message");
  // Up to a day: longer would hold a call past any test's time-out.
  std::optional<int64_t> delay_ms = members.Integer("delay_ms", kIntMin, 86'400'000);
  std::optional<bool> allow_any_error = members.Bool("allow_any_error");
  RETURN_IF_ERROR(members.status());

  std::optional<IamErrorCode> code;
  if (error) {
    code = IamErrorCodeFromName(*error);
    if (!code) return Invalid("error", absl::StrCat("unknown IAM error code ", Dump(*error)));
  }
  std::optional<Operation> op;
  if (operation) {
    op = OperationFromName(*operation);
    if (!op) return Invalid("operation", absl::StrCat("unknown operation ", Dump(*operation)));
  }
  int kinds = (code ? 1 : 0) + (delay_only.value_or(false) ? 1 : 0) +
              (drop_connection.value_or(false) ? 1 : 0) + (http_status ? 1 : 0);
  if (kinds != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(kinds == 0 ? "a fault needs one of " : "a fault takes only one of ",
                     "'error', 'delay_only': true, 'drop_connection': true or 'http_status'"));
  }
  if (times && always.value_or(false)) {
    return Invalid("always", "give 'times' or 'always', not both");
  }
  const absl::Duration delay = absl::Milliseconds(delay_ms.value_or(0));
  FaultRule rule = code          ? FaultRule::Fail(*code)
                   : http_status ? FaultRule::HttpStatus(static_cast<int>(*http_status))
                   : drop_connection.value_or(false) ? FaultRule::DropConnection()
                                                     : FaultRule::DelayOnly(delay);
  if (op) rule.On(*op);
  if (user) rule.ForUser(*user);
  if (after_calls) rule.AfterCalls(static_cast<int>(*after_calls));
  if (times) rule.Times(static_cast<int>(*times));
  if (always.value_or(false)) rule.Always();
  if (message) rule.WithMessage(*message);
  if (delay_ms && !delay_only.value_or(false)) rule.Delay(delay);
  if (allow_any_error.value_or(false)) rule.AllowAnyError();
  return rule;
}

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace fake_iam::server::control
