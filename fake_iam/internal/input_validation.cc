#include "fake_iam/internal/input_validation.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fake_iam/errors.h"
#include "fake_iam/internal/utf8.h"

namespace fake_iam::internal {
namespace {

struct Utf8Scan {
  size_t length = 0;        // code points
  bool all_allowed = true;  // every code point passes the constraint's test
};

// One pass over UTF-8 text; nullopt when it is not UTF-8.
std::optional<Utf8Scan> ScanUtf8(std::string_view text, const StringConstraint& constraint) {
  const std::array<bool, 256>& allowed = constraint.allowed;
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
    scan.all_allowed &= c < allowed.size() ? allowed[c] : constraint.allows_above_u00ff;
    i += length;
  }
  return scan;
}

}  // namespace

bool IsPathShape(std::string_view path) {
  return path == "/" || (path.size() > 2 && path.front() == '/' && path.back() == '/');
}

bool StartsWithSlash(std::string_view path) { return !path.empty() && path.front() == '/'; }

std::string MemberName(std::string_view name) {
  std::string lower(name);
  if (!lower.empty()) lower[0] = absl::ascii_tolower(lower[0]);
  return lower;
}

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

void InputValidator::Check(std::string_view member, const StringConstraint& constraint,
                           std::string_view value) {
  std::optional<Utf8Scan> scan = ScanUtf8(value, constraint);
  if (scan && scan->length < constraint.min_length) {
    Fail(member,
         absl::StrFormat("have length greater than or equal to %d", constraint.min_length));
  } else if (scan && scan->length > constraint.max_length) {
    Fail(member,
         absl::StrFormat("have length less than or equal to %d", constraint.max_length));
  } else if (constraint.pattern.empty()) {
    return;  // the model gives no pattern
  } else if (!scan || !scan->all_allowed ||
             (constraint.shape != nullptr && !constraint.shape(value))) {
    Fail(member,
         absl::StrFormat("satisfy regular expression pattern: %s", constraint.pattern));
  }
}

void InputValidator::Check(std::string_view member, const IntRange& range, int value) {
  if (value < range.min) {
    Fail(member, absl::StrFormat("have value greater than or equal to %d", range.min));
  } else if (value > range.max) {
    Fail(member, absl::StrFormat("have value less than or equal to %d", range.max));
  }
}

void InputValidator::Check(std::string_view member, const ListLength& limits, size_t length) {
  if (length < limits.min) {
    Fail(member, absl::StrFormat("have length greater than or equal to %d", limits.min));
  } else if (length > limits.max) {
    Fail(member, absl::StrFormat("have length less than or equal to %d", limits.max));
  }
}

absl::Status InputValidator::ToStatus() const {
  if (errors_.empty()) return absl::OkStatus();
  return MakeIamError(
      IamErrorCode::kValidationError,
      absl::StrFormat("%d validation error%s detected: %s", errors_.size(),
                      errors_.size() == 1 ? "" : "s", absl::StrJoin(errors_, "; ")));
}

}  // namespace fake_iam::internal
