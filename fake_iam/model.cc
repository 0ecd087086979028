#include "fake_iam/model.h"

#include <ostream>

namespace fake_iam {
namespace {

// An enum's wire name, or Type(7) for a value cast from outside the enum, which has none.
template <typename Enum>
void PrintEnum(std::string_view type, std::string_view name, Enum value, std::ostream* os) {
  if (name.empty()) {
    *os << type << "(" << static_cast<int>(value) << ")";
  } else {
    *os << name;
  }
}

}  // namespace

std::string_view StatusTypeName(StatusType status) {
  switch (status) {
    case StatusType::kActive:
      return "Active";
    case StatusType::kInactive:
      return "Inactive";
    case StatusType::kExpired:
      return "Expired";
  }
  return "";
}

std::optional<StatusType> StatusTypeFromName(std::string_view name) {
  for (StatusType status : {StatusType::kActive, StatusType::kInactive, StatusType::kExpired}) {
    if (name == StatusTypeName(status)) return status;
  }
  return std::nullopt;
}

std::string_view ReportStateTypeName(ReportStateType state) {
  switch (state) {
    case ReportStateType::kStarted:
      return "STARTED";
    case ReportStateType::kInProgress:
      return "INPROGRESS";
    case ReportStateType::kComplete:
      return "COMPLETE";
  }
  return "";
}

std::string_view ReportFormatTypeName(ReportFormatType format) {
  return format == ReportFormatType::kTextCsv ? "text/csv" : "";
}

void PrintTo(StatusType status, std::ostream* os) {
  PrintEnum("StatusType", StatusTypeName(status), status, os);
}
void PrintTo(ReportStateType state, std::ostream* os) {
  PrintEnum("ReportStateType", ReportStateTypeName(state), state, os);
}
void PrintTo(ReportFormatType format, std::ostream* os) {
  PrintEnum("ReportFormatType", ReportFormatTypeName(format), format, os);
}

std::ostream& operator<<(std::ostream& os, StatusType status) {
  PrintTo(status, &os);
  return os;
}
std::ostream& operator<<(std::ostream& os, ReportStateType state) {
  PrintTo(state, &os);
  return os;
}
std::ostream& operator<<(std::ostream& os, ReportFormatType format) {
  PrintTo(format, &os);
  return os;
}

}  // namespace fake_iam
