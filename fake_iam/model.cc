#include "fake_iam/model.h"

namespace fake_iam {

std::string_view StatusTypeName(StatusType status) {
  return status == StatusType::kActive ? "Active" : "Inactive";
}

std::optional<StatusType> StatusTypeFromName(std::string_view name) {
  if (name == "Active") return StatusType::kActive;
  if (name == "Inactive") return StatusType::kInactive;
  return std::nullopt;
}

}  // namespace fake_iam
