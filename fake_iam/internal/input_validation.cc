#include "fake_iam/internal/input_validation.h"

#include <optional>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/utf8.h"

namespace fake_iam::internal {
namespace {

constexpr bool IsWordChar(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
constexpr bool IsUserNameChar(uint32_t c) {
  return IsWordChar(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}
constexpr bool IsBodyChar(uint32_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0xFF);
}
constexpr bool IsLatin1Char(uint32_t c) { return c >= 0x20 && c <= 0xFF; }
constexpr bool IsPathChar(uint32_t c) { return c >= 0x21 && c <= 0x7E; }
constexpr bool IsPathPrefixChar(uint32_t c) { return c >= 0x21 && c <= 0x7F; }

template <bool (*kAllowed)(uint32_t)>
constexpr std::array<bool, 256> Table() {
  std::array<bool, 256> table = {};
  for (uint32_t c = 0; c < 256; ++c) table[c] = kAllowed(c);
  return table;
}
bool IsPathShape(std::string_view path) {
  return path == "/" || (path.size() > 2 && path.front() == '/' && path.back() == '/');
}
bool StartsWithSlash(std::string_view path) { return path.front() == '/'; }

struct Utf8Scan {
  size_t length = 0;        // code points
  bool all_allowed = true;  // every code point passes the constraint's test
};

// One pass over UTF-8 text; nullopt when it is not UTF-8.
std::optional<Utf8Scan> ScanUtf8(std::string_view text, const std::array<bool, 256>& allowed) {
  // Most text is ASCII: one tight pass settles it without decoding.
  bool ascii = true;
  bool all_allowed = true;
  for (unsigned char byte : text) {
    ascii &= byte < 0x80;
    all_allowed &= allowed[byte];
  }
  if (ascii) return Utf8Scan{text.size(), all_allowed};
  Utf8Scan scan;
  for (size_t i = 0; i < text.size();) {
    uint32_t c = 0;
    size_t length = DecodeUtf8(text, i, c);
    if (length == 0) return std::nullopt;
    ++scan.length;
    scan.all_allowed &= c < allowed.size() && allowed[c];
    i += length;
  }
  return scan;
}

}  // namespace

const StringConstraint kExistingUserName = {"userName", 1, 128, Table<IsUserNameChar>(),
                                            "[\\w+=,.@-]+"};
const StringConstraint kNewUserName = {"userName", 1, 64, Table<IsUserNameChar>(), "[\\w+=,.@-]+"};
const StringConstraint kCertificateBody = {"certificateBody", 1, 16384, Table<IsBodyChar>(),
                                           "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"};
const StringConstraint kCertificateId = {"certificateId", 24, 128, Table<IsWordChar>(), "[\\w]+"};
const StringConstraint kMarker = {"marker", 1, 320, Table<IsLatin1Char>(), "[\\u0020-\\u00FF]+"};
const StringConstraint kPath = {
    "path",     1, 512, Table<IsPathChar>(), "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    IsPathShape};
const StringConstraint kPathPrefix = {
    "pathPrefix", 1, 512, Table<IsPathPrefixChar>(), "\\u002F[\\u0021-\\u007F]*", StartsWithSlash};

bool InputValidator::Failed(std::string_view member) const {
  for (const std::string& failed : failed_members_) {
    if (failed == member) return true;
  }
  return false;
}

void InputValidator::Fail(std::string_view member, std::string_view rule) {
  if (Failed(member)) return;
  failed_members_.emplace_back(member);
  // IAM does not echo the value.
  errors_.push_back(
      absl::StrFormat("Value at '%s' failed to satisfy constraint: Member must %s", member, rule));
}

void InputValidator::Required(std::string_view member, bool has_been_set) {
  if (!has_been_set && !Failed(member)) {
    failed_members_.emplace_back(member);
    errors_.push_back(absl::StrFormat(
        "Value null at '%s' failed to satisfy constraint: Member must not be null", member));
  }
}

void InputValidator::String(const StringConstraint& constraint, std::string_view value) {
  std::optional<Utf8Scan> scan = ScanUtf8(value, constraint.allowed);
  if (scan && scan->length < constraint.min_length) {
    Fail(constraint.member,
         absl::StrFormat("have length greater than or equal to %d", constraint.min_length));
  } else if (scan && scan->length > constraint.max_length) {
    Fail(constraint.member,
         absl::StrFormat("have length less than or equal to %d", constraint.max_length));
  } else if (!scan || !scan->all_allowed ||
             (constraint.shape != nullptr && !constraint.shape(value))) {
    Fail(constraint.member,
         absl::StrFormat("satisfy regular expression pattern: %s", constraint.pattern));
  }
}

void InputValidator::Range(std::string_view member, int value, int min, int max) {
  if (value < min) {
    Fail(member, absl::StrFormat("have value greater than or equal to %d", min));
  } else if (value > max) {
    Fail(member, absl::StrFormat("have value less than or equal to %d", max));
  }
}

void InputValidator::Status(std::string_view member, StatusType value) {
  if (value != StatusType::kActive && value != StatusType::kInactive) {
    Fail(member, "satisfy enum value set");
  }
}

absl::Status InputValidator::ToStatus() const {
  if (errors_.empty()) return absl::OkStatus();
  return MakeIamError(
      IamErrorCode::kValidationError,
      absl::StrFormat("%d validation error%s detected: %s", errors_.size(),
                      errors_.size() == 1 ? "" : "s", absl::StrJoin(errors_, "; ")));
}

namespace {

// A member the request must give.
void Required(InputValidator& validator, const StringConstraint& constraint, bool has_been_set,
              const std::string& value) {
  validator.Required(constraint.member, has_been_set);
  if (has_been_set) validator.String(constraint, value);
}

template <typename Request>
void CheckPaging(InputValidator& validator, const Request& request) {
  if (request.MarkerHasBeenSet()) validator.String(kMarker, request.GetMarker());
  if (request.MaxItemsHasBeenSet()) validator.Range("maxItems", request.GetMaxItems(), 1, 1000);
}

template <typename Request>
void CheckOptionalUserName(InputValidator& validator, const Request& request) {
  if (request.UserNameHasBeenSet()) validator.String(kExistingUserName, request.GetUserName());
}

}  // namespace

void CheckRequest(InputValidator& validator, const ListSigningCertificatesRequest& request) {
  CheckOptionalUserName(validator, request);
  CheckPaging(validator, request);
}

void CheckRequest(InputValidator& validator, const UploadSigningCertificateRequest& request) {
  CheckOptionalUserName(validator, request);
  Required(validator, kCertificateBody, request.CertificateBodyHasBeenSet(),
           request.GetCertificateBody());
}

void CheckRequest(InputValidator& validator, const UpdateSigningCertificateRequest& request) {
  CheckOptionalUserName(validator, request);
  Required(validator, kCertificateId, request.CertificateIdHasBeenSet(),
           request.GetCertificateId());
  validator.Required("status", request.StatusHasBeenSet());
  if (request.StatusHasBeenSet()) validator.Status("status", request.GetStatus());
}

void CheckRequest(InputValidator& validator, const DeleteSigningCertificateRequest& request) {
  CheckOptionalUserName(validator, request);
  Required(validator, kCertificateId, request.CertificateIdHasBeenSet(),
           request.GetCertificateId());
}

void CheckRequest(InputValidator& validator, const CreateUserRequest& request) {
  Required(validator, kNewUserName, request.UserNameHasBeenSet(), request.GetUserName());
  if (request.PathHasBeenSet()) validator.String(kPath, request.GetPath());
}

void CheckRequest(InputValidator& validator, const GetUserRequest& request) {
  CheckOptionalUserName(validator, request);
}

void CheckRequest(InputValidator& validator, const DeleteUserRequest& request) {
  Required(validator, kExistingUserName, request.UserNameHasBeenSet(), request.GetUserName());
}

void CheckRequest(InputValidator& validator, const ListUsersRequest& request) {
  if (request.PathPrefixHasBeenSet()) validator.String(kPathPrefix, request.GetPathPrefix());
  CheckPaging(validator, request);
}

}  // namespace fake_iam::internal
