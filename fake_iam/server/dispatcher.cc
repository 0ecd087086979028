#include "fake_iam/server/dispatcher.h"

#include <openssl/rand.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/error_type.h"
#include "fake_iam/internal/input_constraints.h"
#include "fake_iam/internal/status_of.h"
#include "fake_iam/internal/iso_time.h"
#include "fake_iam/internal/string_view.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "fake_iam/server/query_form.h"
#include "fake_iam/server/xml_writer.h"

namespace fake_iam::server {
namespace {

constexpr std::string_view kXmlns = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
constexpr std::string_view kVersion = "2010-05-08";

// An error of the wire front itself, before a call reaches the backend.
struct WireError {
  int http_status;
  std::string code;
  std::string message;
};

std::string NewRequestId() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof(bytes));
  bytes[6] = (bytes[6] & 0x0F) | 0x40;  // a version 4 UUID
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  // 8-4-4-4-12 hex digits.
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

HttpResponse ErrorDocument(int http_status, std::string_view type, std::string_view code,
                           std::string_view message) {
  std::string request_id = NewRequestId();
  XmlWriter xml;
  xml.Open("ErrorResponse", kXmlns).Open("Error").Element("Type", type).Element("Code", code);
  // IAM leaves out an empty message (ReportNotPresent, recorded), and clients then say "Unknown";
  // an empty element would read as None in botocore.
  if (!message.empty()) xml.Element("Message", message);
  xml.Close().Element("RequestId", request_id);
  return HttpResponse{http_status, xml.Finish(), false, std::move(request_id)};
}

HttpResponse StatusResponse(const absl::Status& status) {
  std::optional<IamErrorCode> code = IamErrorCodeOf(status);
  if (!code) code = IamErrorCode::kServiceFailure;  // never expected: the backend speaks IAM
  return ErrorDocument(IamErrorHttpStatus(*code), IamErrorType(*code), IamErrorCodeName(*code),
                       std::string(status.message()));
}

// Writes a model value as IAM's XML does, member by member in wire order, each member that has
// been set (so the root's GetUser answer has no Path and no UserName, and Marker appears only on a
// truncated page); nested structures as elements of their members (User's PermissionsBoundary),
// lists as <member> elements (User's Tags), enums by their wire names.
class ResultWriter {
 public:
  explicit ResultWriter(XmlWriter& xml) : xml_(xml) {}

  template <typename Model>
  void Members(const Model& model) {
    model.ForEachMember([this](std::string_view name, const auto& value, bool has_been_set) {
      if (has_been_set) Value(name, value);
    });
  }

 private:
  void Value(std::string_view name, const std::string& text) {
    // IAM's only blob, GetCredentialReport's Content, is base64 on the wire.
    xml_.Element(name, name == "Content" ? absl::Base64Escape(text) : text);
  }
  void Value(std::string_view name, bool flag) { xml_.Element(name, flag ? "true" : "false"); }
  void Value(std::string_view name, int number) { xml_.Element(name, absl::StrCat(number)); }
  template <typename Enum, typename = std::enable_if_t<std::is_enum_v<Enum>>>
  void Value(std::string_view name, Enum value) {
    xml_.Element(name, EnumName(value));
  }
  void Value(std::string_view name, absl::Time time) { xml_.Element(name, internal::IsoTime(time)); }
  // A map as the Query protocol writes one: <entry><key>..</key><value>..</value></entry>.
  void Value(std::string_view name, const SummaryMap& map) {
    xml_.Open(name);
    for (const auto& [key, value] : map) {
      xml_.Open("entry").Element("key", key).Element("value", absl::StrCat(value)).Close();
    }
    xml_.Close();
  }
  template <typename Model>
  void Value(std::string_view name, const std::vector<Model>& list) {
    xml_.Open(name);
    for (const Model& item : list) Value("member", item);
    xml_.Close();
  }
  template <typename Model, typename = decltype(Model::kTypeName)>
  void Value(std::string_view name, const Model& model) {
    xml_.Open(name);
    Members(model);
    xml_.Close();
  }

  XmlWriter& xml_;
};

// Whether T is one of the model's classes (they all have a kTypeName).
template <typename T, typename = void>
struct IsModelClass : std::false_type {};
template <typename T>
struct IsModelClass<T, std::void_t<decltype(T::kTypeName)>> : std::true_type {};

// The request's fields by name, each given at most once.
using Fields = absl::flat_hash_map<std::string, std::string>;

// Fills a request's members from the form fields, as IAM's Query protocol names them: a member by
// its name ("UserName"), a member of a structure after the structure's name and a dot, and the
// items of a list as "<List>.member.<n>", from 1 ("Tags.member.1.Key", "Tags.member.1.Value");
// "<List>=" alone is an empty list. Each field is converted to its member's type; text that cannot
// even be converted (a MaxItems that is no number, a Status that is no status) fails the member
// before the backend sees it, named as IAM names it ("maxItems", "tags.1.member.key").
class RequestReader {
 public:
  explicit RequestReader(const Fields& fields) : fields_(fields) {}

  template <typename Request>
  void Members(Request& request) {
    Structure("", "", request);
  }
  internal::InputValidator& errors() { return errors_; }

 private:
  // The members of a structure whose fields are named after `prefix` ("" at the top, else
  // "Tags.member.1."), its members named in messages after `path` ("tags.1.member.").
  template <typename Model>
  void Structure(const std::string& prefix, const std::string& path, Model& model) {
    model.ForEachMember([&](std::string_view name, auto& value, bool& has_been_set) {
      has_been_set = Read(absl::StrCat(prefix, internal::ToAbsl(name)),
                          absl::StrCat(path, internal::MemberName(name)), value);
    });
  }

  // Whether any field is named `name` or starts with `name` and a dot.
  bool Present(const std::string& name) const {
    if (fields_.contains(name)) return true;
    const std::string prefix = name + ".";
    for (const auto& [field, value] : fields_) {
      if (absl::StartsWith(field, prefix)) return true;
    }
    return false;
  }

  template <typename Value>
  bool Read(const std::string& field, const std::string& path, Value& value) {
    if constexpr (IsModelClass<Value>::value) {
      if (!Present(field)) return false;
      Structure(field + ".", path + ".", value);
      return true;
    } else {
      auto found = fields_.find(field);
      return found != fields_.end() && Convert(path, found->second, value);
    }
  }
  template <typename Item>
  bool Read(const std::string& field, const std::string& path, std::vector<Item>& list) {
    if (!Present(field)) return false;
    for (size_t n = 1;; ++n) {
      const std::string item_field = absl::StrCat(field, ".member.", n);
      if (!Present(item_field)) break;
      Item item{};
      Read(item_field, absl::StrCat(path, ".", n, ".member"), item);
      list.push_back(std::move(item));
    }
    return true;
  }

  bool Convert(const std::string&, const std::string& text, std::string& value) {
    value = text;
    return true;
  }
  // IAM's only integer members are the MaxItems of its list operations.
  bool Convert(const std::string& path, const std::string& text, int& value) {
    if (absl::SimpleAtoi(text, &value)) return true;
    errors_.Fail(path, "be an integer between 1 and 1000");
    return false;
  }
  bool Convert(const std::string& path, const std::string& text, bool& value) {
    if (text == "true" || text == "false") {
      value = text == "true";
      return true;
    }
    errors_.Fail(path, "be true or false");
    return false;
  }
  bool Convert(const std::string& path, const std::string& text, absl::Time& value) {
    std::string error;
    if (absl::ParseTime(absl::RFC3339_full, text, &value, &error)) return true;
    errors_.Fail(path, "be a timestamp");
    return false;
  }
  template <typename Enum, typename = std::enable_if_t<std::is_enum_v<Enum>>>
  bool Convert(const std::string& path, const std::string& text, Enum& value) {
    if (EnumFromName(text, &value)) return true;
    errors_.Fail(path, internal::EnumRule<Enum>());
    return false;
  }

  const Fields& fields_;
  internal::InputValidator errors_;
};

// The empty request of an operation: the AnyRequest alternative at the operation's index.
template <size_t... kIndex>
AnyRequest EmptyRequest(Operation operation, std::index_sequence<kIndex...>) {
  AnyRequest request;
  ((static_cast<size_t>(operation) == kIndex ? (request.emplace<kIndex>(), 0) : 0), ...);
  return request;
}

absl::StatusOr<AnyRequest> ReadRequest(Operation operation, const Fields& fields) {
  RequestReader read(fields);
  AnyRequest any =
      EmptyRequest(operation, std::make_index_sequence<std::variant_size_v<AnyRequest>>());
  std::visit([&](auto& request) { read.Members(request); }, any);
  // A member that could not even be converted fails the call here, together with every other
  // member the backend would have refused, so that the message counts them all.
  absl::Status converted = read.errors().ToStatus();
  if (converted.ok()) return any;
  std::visit([&](const auto& request) { internal::CheckRequest(read.errors(), request); }, any);
  return read.errors().ToStatus();
}

const std::string* FindHeader(const HttpRequest& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (absl::EqualsIgnoreCase(header, internal::ToAbsl(name))) return &value;
  }
  return nullptr;
}

// IAM refuses a request signed more than 5 minutes away from real time (never the fake clock: the
// signer's clock is the real one).
std::optional<WireError> CheckSigningTime(const HttpRequest& request) {
  constexpr absl::Duration kSkew = absl::Minutes(5);
  // %E4Y: exactly four digits; a plain %Y would read on into the month.
  constexpr char kFormat[] = "%E4Y%m%dT%H%M%SZ";
  absl::StatusOr<std::string> timestamp = SigV4Timestamp(request);
  if (!timestamp.ok())
    return WireError{400, "IncompleteSignature", std::string(timestamp.status().message())};
  absl::Time signed_at;
  std::string ignored;
  if (!absl::ParseTime(kFormat, *timestamp, absl::UTCTimeZone(), &signed_at, &ignored)) {
    return WireError{400, "IncompleteSignature",
                     absl::StrFormat("Date must be in ISO-8601 'basic format'. Got '%s'. See "
                                     "http://en.wikipedia.org/wiki/ISO_8601",
                                     *timestamp)};
  }
  const absl::Time now = absl::Now();
  auto format = [&](absl::Time time) {
    return absl::FormatTime(kFormat, time, absl::UTCTimeZone());
  };
  if (signed_at < now - kSkew) {
    return WireError{403, "SignatureDoesNotMatch",
                     absl::StrFormat("Signature expired: %s is now earlier than %s (%s - 5 min.)",
                                     *timestamp, format(now - kSkew), format(now))};
  }
  if (signed_at > now + kSkew) {
    return WireError{
        403, "SignatureDoesNotMatch",
        absl::StrFormat("Signature not yet current: %s is still later than %s (%s + 5 min.)",
                        *timestamp, format(now + kSkew), format(now))};
  }
  return std::nullopt;
}

// The access key's owner, checked as the options say. An unknown, deleted or Inactive key is
// refused alike, with InvalidClientTokenId.
std::variant<CallerIdentity, WireError> Authenticate(FakeIamBackend& backend,
                                                     const DispatcherOptions& options,
                                                     const HttpRequest& request) {
  const std::string* header = FindHeader(request, "Authorization");
  if (header == nullptr) {
    if (options.accept_any_credentials) return CallerIdentity::Root();
    return WireError{403, "MissingAuthenticationToken", "Request is missing Authentication Token"};
  }
  absl::StatusOr<SigV4Authorization> authorization = ParseSigV4Authorization(*header);
  if (!authorization.ok()) {
    if (options.accept_any_credentials) return CallerIdentity::Root();
    return WireError{400, "IncompleteSignature", std::string(authorization.status().message())};
  }
  if (options.check_signing_time && !options.accept_any_credentials) {
    if (std::optional<WireError> error = CheckSigningTime(request)) return *std::move(error);
  }
  std::optional<AccessKeyOwner> owner = backend.FindAccessKey(authorization->access_key_id);
  if (!owner) {
    if (options.accept_any_credentials) return CallerIdentity::Root();
    return WireError{403, "InvalidClientTokenId",
                     "The security token included in the request is invalid."};
  }
  if (options.verify_signatures && !options.accept_any_credentials) {
    absl::StatusOr<bool> verified = VerifySigV4(request, *authorization, owner->secret_access_key);
    if (!verified.ok()) {
      return WireError{400, "IncompleteSignature", std::string(verified.status().message())};
    }
    if (!*verified) {
      return WireError{403, "SignatureDoesNotMatch",
                       "The request signature we calculated does not match the signature you "
                       "provided. Check your AWS Secret Access Key and signing method. Consult "
                       "the service documentation for details."};
    }
  }
  // As IAM does, the key remembers its last use: GetAccessKeyLastUsed and the credential report.
  backend.RecordAccessKeyUse(authorization->access_key_id, authorization->service,
                             authorization->region);
  return owner->caller;
}

// The form fields of the query string and, for a POST, of the body.
std::variant<Fields, WireError> ReadFields(const HttpRequest& request) {
  std::vector<FormField> all;
  const std::pair<std::string_view, std::string_view> sources[] = {
      {"query string", request.query},
      {"body", request.method == "POST" ? std::string_view(request.body) : std::string_view()}};
  for (const auto& [source, text] : sources) {
    absl::StatusOr<std::vector<FormField>> fields = ParseQueryForm(text);
    if (!fields.ok()) {
      return WireError{400, "MalformedQueryString",
                       absl::StrFormat("In the %s: %s", source, fields.status().message())};
    }
    all.insert(all.end(), fields->begin(), fields->end());
  }
  Fields fields;
  for (FormField& field : all) {
    if (fields.contains(field.name)) {
      if (field.name == "Action") {
        return WireError{400, "InvalidAction", "The Action parameter must be given once."};
      }
      return WireError{400, "MalformedQueryString",
                       absl::StrFormat("The parameter %s is given more than once.", field.name)};
    }
    fields.emplace(std::move(field.name), std::move(field.value));
  }
  return fields;
}

}  // namespace

HttpResponse Dispatcher::IamError(const absl::Status& status, const CallerIdentity& caller,
                                  std::string_view action) const {
  HttpResponse error = StatusResponse(status);
  if (options_.log) {
    std::optional<std::string> diagnosis = IamErrorDiagnosis(status);
    options_.log(absl::StrFormat("%s %s -> %d %s%s", action, caller.ToString(), error.status,
                                 status.message(),
                                 diagnosis ? absl::StrCat(" [", *diagnosis, "]") : ""));
  }
  return error;
}

template <typename Request>
HttpResponse Dispatcher::Invoke(const CallerIdentity& caller, const Request& request,
                                std::string_view action) const {
  auto result = backend_.Call(caller, request, CallOrigin::kWire);
  if (const absl::Status& status = internal::StatusOf(result); !status.ok()) {
    if (std::optional<WireFault> fault = WireFaultOf(status)) {
      if (fault->kind == WireFault::Kind::kDropConnection) return {0, "", true, ""};
      return {fault->http_status, "", false, NewRequestId()};
    }
    return IamError(status, caller, action);
  }
  std::string request_id = NewRequestId();
  XmlWriter xml;
  xml.Open(absl::StrFormat("%sResponse", action), kXmlns);
  if constexpr (!std::is_same_v<decltype(result), absl::Status>) {
    xml.Open(absl::StrFormat("%sResult", action));
    ResultWriter(xml).Members(*result);
    xml.Close();
  }
  xml.Open("ResponseMetadata").Element("RequestId", request_id).Close();
  return {200, xml.Finish(), false, std::move(request_id)};
}

HttpResponse WireErrorResponse(int http_status, std::string_view code, std::string_view message) {
  return ErrorDocument(http_status, internal::ErrorTypeForHttpStatus(http_status), code, message);
}

HttpResponse Dispatcher::Handle(const HttpRequest& request) const {
  // A request that cannot be read is refused before its signature, which covers what it says.
  auto fields = ReadFields(request);
  if (const WireError* error = std::get_if<WireError>(&fields)) {
    return WireErrorResponse(error->http_status, error->code, error->message);
  }
  auto caller = Authenticate(backend_, options_, request);
  if (const WireError* error = std::get_if<WireError>(&caller)) {
    return WireErrorResponse(error->http_status, error->code, error->message);
  }
  const Fields& by_name = std::get<Fields>(fields);
  auto action = by_name.find("Action");
  if (action == by_name.end()) {
    return WireErrorResponse(400, "MissingAction",
                             "The request must contain the parameter Action.");
  }
  auto version = by_name.find("Version");
  std::optional<Operation> operation = OperationFromName(action->second);
  if (!operation || (version != by_name.end() && version->second != kVersion)) {
    return WireErrorResponse(
        400, "InvalidAction",
        absl::StrFormat("Could not find operation %s for version %s", action->second,
                        version == by_name.end() ? kVersion : version->second));
  }
  absl::StatusOr<AnyRequest> iam_request = ReadRequest(*operation, by_name);
  if (!iam_request.ok()) {
    return IamError(iam_request.status(), std::get<CallerIdentity>(caller), action->second);
  }
  return std::visit(
      [&](const auto& typed) {
        return Invoke(std::get<CallerIdentity>(caller), typed, action->second);
      },
      *iam_request);
}

}  // namespace fake_iam::server
