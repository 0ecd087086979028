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

}  // namespace fake_iam
