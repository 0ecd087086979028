#include "fake_iam/model.h"

#include <ostream>

namespace fake_iam {

std::string_view StatusTypeName(StatusType status) {
  return status == StatusType::kActive ? "Active" : "Inactive";
}

std::optional<StatusType> StatusTypeFromName(std::string_view name) {
  if (name == "Active") return StatusType::kActive;
  if (name == "Inactive") return StatusType::kInactive;
  return std::nullopt;
}

void PrintTo(StatusType status, std::ostream* os) {
  switch (status) {
    case StatusType::kActive:
    case StatusType::kInactive:
      *os << StatusTypeName(status);
      return;
  }
  *os << "StatusType(" << static_cast<int>(status) << ")";
}

std::ostream& operator<<(std::ostream& os, StatusType status) {
  PrintTo(status, &os);
  return os;
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

void PrintTo(ReportStateType state, std::ostream* os) {
  std::string_view name = ReportStateTypeName(state);
  if (name.empty()) {
    *os << "ReportStateType(" << static_cast<int>(state) << ")";
  } else {
    *os << name;
  }
}

std::ostream& operator<<(std::ostream& os, ReportStateType state) {
  PrintTo(state, &os);
  return os;
}

std::string_view ReportFormatTypeName(ReportFormatType format) {
  return format == ReportFormatType::kTextCsv ? "text/csv" : "";
}

void PrintTo(ReportFormatType format, std::ostream* os) {
  std::string_view name = ReportFormatTypeName(format);
  if (name.empty()) {
    *os << "ReportFormatType(" << static_cast<int>(format) << ")";
  } else {
    *os << name;
  }
}

std::ostream& operator<<(std::ostream& os, ReportFormatType format) {
  PrintTo(format, &os);
  return os;
}

}  // namespace fake_iam
