#include "fake_iam/server/dispatcher.h"

#include <openssl/rand.h>

#include <optional>
#include <type_traits>
#include <variant>

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
#include "fake_iam/internal/input_validation.h"
#include "fake_iam/internal/status_of.h"
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

std::string IsoTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

HttpResponse ErrorDocument(int http_status, std::string_view type, std::string_view code,
                           std::string_view message) {
  std::string request_id = NewRequestId();
  XmlWriter xml;
  xml.Open("ErrorResponse", kXmlns)
      .Open("Error")
      .Element("Type", type)
      .Element("Code", code)
      .Element("Message", message)
      .Close()
      .Element("RequestId", request_id);
  return HttpResponse{http_status, xml.Finish(), false, std::move(request_id)};
}

HttpResponse StatusResponse(const absl::Status& status) {
  std::optional<IamErrorCode> code = IamErrorCodeOf(status);
  if (!code) code = IamErrorCode::kServiceFailure;  // never expected: the backend speaks IAM
  return ErrorDocument(IamErrorHttpStatus(*code), IamErrorType(*code), IamErrorCodeName(*code),
                       std::string(status.message()));
}

void WriteCertificate(XmlWriter& xml, const SigningCertificate& certificate) {
  xml.Element("UserName", certificate.GetUserName())
      .Element("CertificateId", certificate.GetCertificateId())
      .Element("CertificateBody", certificate.GetCertificateBody())
      .Element("Status", StatusTypeName(certificate.GetStatus()))
      .Element("UploadDate", IsoTime(certificate.GetUploadDate()));
}

void WriteUser(XmlWriter& xml, const User& user) {
  // The root's user (GetUser without UserName) has neither Path nor UserName.
  if (user.PathHasBeenSet()) xml.Element("Path", user.GetPath());
  if (user.UserNameHasBeenSet()) xml.Element("UserName", user.GetUserName());
  xml.Element("UserId", user.GetUserId())
      .Element("Arn", user.GetArn())
      .Element("CreateDate", IsoTime(user.GetCreateDate()));
}

void WritePaging(XmlWriter& xml, bool is_truncated, const std::string& marker) {
  xml.Element("IsTruncated", is_truncated ? "true" : "false");
  if (is_truncated) xml.Element("Marker", marker);
}

void WriteResult(XmlWriter& xml, const ListSigningCertificatesResult& result) {
  xml.Open("Certificates");
  for (const SigningCertificate& certificate : result.GetCertificates()) {
    xml.Open("member");
    WriteCertificate(xml, certificate);
    xml.Close();
  }
  xml.Close();
  WritePaging(xml, result.GetIsTruncated(), result.GetMarker());
}

void WriteResult(XmlWriter& xml, const UploadSigningCertificateResult& result) {
  xml.Open("Certificate");
  WriteCertificate(xml, result.GetCertificate());
  xml.Close();
}

// The results that hold one User: CreateUserResult and GetUserResult.
template <typename Result, typename = std::enable_if_t<std::is_same_v<Result, CreateUserResult> ||
                                                       std::is_same_v<Result, GetUserResult>>>
void WriteResult(XmlWriter& xml, const Result& result) {
  xml.Open("User");
  WriteUser(xml, result.GetUser());
  xml.Close();
}

void WriteResult(XmlWriter& xml, const ListUsersResult& result) {
  xml.Open("Users");
  for (const User& user : result.GetUsers()) {
    xml.Open("member");
    WriteUser(xml, user);
    xml.Close();
  }
  xml.Close();
  WritePaging(xml, result.GetIsTruncated(), result.GetMarker());
}

// The request's fields by name, each given at most once.
using Fields = absl::flat_hash_map<std::string, std::string>;

// Reads the members of an operation's request from the fields; converts MaxItems and Status,
// whose text can be wrong before the backend sees it.
class RequestReader {
 public:
  explicit RequestReader(const Fields& fields) : fields_(fields) {}

  template <typename Request>
  void String(std::string_view name, Request& request, void (Request::*set)(std::string)) {
    if (const std::string* value = Find(name)) (request.*set)(*value);
  }
  template <typename Request>
  void MaxItems(Request& request) {
    const std::string* value = Find("MaxItems");
    if (value == nullptr) return;
    int number = 0;
    if (!absl::SimpleAtoi(*value, &number)) {
      errors_.Fail("maxItems", "be an integer between 1 and 1000");
      return;
    }
    request.SetMaxItems(number);
  }
  template <typename Request>
  void Status(Request& request) {
    const std::string* value = Find("Status");
    if (value == nullptr) return;
    if (std::optional<StatusType> status = StatusTypeFromName(*value)) {
      request.SetStatus(*status);
    } else {
      errors_.Fail("status", "satisfy enum value set");
    }
  }
  internal::InputValidator& errors() { return errors_; }

 private:
  const std::string* Find(std::string_view name) const {
    auto it = fields_.find(std::string(name));
    return it == fields_.end() ? nullptr : &it->second;
  }

  const Fields& fields_;
  internal::InputValidator errors_;
};

absl::StatusOr<AnyRequest> ReadRequest(Operation operation, const Fields& fields) {
  RequestReader read(fields);
  AnyRequest any;
  switch (operation) {
    case Operation::kListSigningCertificates: {
      ListSigningCertificatesRequest request;
      read.String("UserName", request, &ListSigningCertificatesRequest::SetUserName);
      read.String("Marker", request, &ListSigningCertificatesRequest::SetMarker);
      read.MaxItems(request);
      any = std::move(request);
      break;
    }
    case Operation::kUploadSigningCertificate: {
      UploadSigningCertificateRequest request;
      read.String("UserName", request, &UploadSigningCertificateRequest::SetUserName);
      read.String("CertificateBody", request, &UploadSigningCertificateRequest::SetCertificateBody);
      any = std::move(request);
      break;
    }
    case Operation::kUpdateSigningCertificate: {
      UpdateSigningCertificateRequest request;
      read.String("UserName", request, &UpdateSigningCertificateRequest::SetUserName);
      read.String("CertificateId", request, &UpdateSigningCertificateRequest::SetCertificateId);
      read.Status(request);
      any = std::move(request);
      break;
    }
    case Operation::kDeleteSigningCertificate: {
      DeleteSigningCertificateRequest request;
      read.String("UserName", request, &DeleteSigningCertificateRequest::SetUserName);
      read.String("CertificateId", request, &DeleteSigningCertificateRequest::SetCertificateId);
      any = std::move(request);
      break;
    }
    case Operation::kCreateUser: {
      CreateUserRequest request;
      read.String("UserName", request, &CreateUserRequest::SetUserName);
      read.String("Path", request, &CreateUserRequest::SetPath);
      any = std::move(request);
      break;
    }
    case Operation::kGetUser: {
      GetUserRequest request;
      read.String("UserName", request, &GetUserRequest::SetUserName);
      any = std::move(request);
      break;
    }
    case Operation::kDeleteUser: {
      DeleteUserRequest request;
      read.String("UserName", request, &DeleteUserRequest::SetUserName);
      any = std::move(request);
      break;
    }
    case Operation::kListUsers: {
      ListUsersRequest request;
      read.String("PathPrefix", request, &ListUsersRequest::SetPathPrefix);
      read.String("Marker", request, &ListUsersRequest::SetMarker);
      read.MaxItems(request);
      any = std::move(request);
      break;
    }
  }
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

// The access key's owner, checked as the options say.
std::variant<CallerIdentity, WireError> Authenticate(const FakeIamBackend& backend,
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
  HttpCall http;
  auto result = backend_.Call(caller, request, &http);
  if (http.wire_fault) {
    if (http.wire_fault->kind == WireFault::Kind::kDropConnection) return {0, "", true, ""};
    return {http.wire_fault->http_status, "", false, NewRequestId()};
  }
  if (const absl::Status& status = internal::StatusOf(result); !status.ok()) {
    return IamError(status, caller, action);
  }
  std::string request_id = NewRequestId();
  XmlWriter xml;
  xml.Open(absl::StrFormat("%sResponse", action), kXmlns);
  if constexpr (!std::is_same_v<decltype(result), absl::Status>) {
    xml.Open(absl::StrFormat("%sResult", action));
    WriteResult(xml, *result);
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
