// What every area's semantics share: finding the principal a call acts on, the name its
// credentials carry, and the position a list marker continues from.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/status_macros.h"

namespace fake_iam {
namespace {

absl::Status InvalidMarker() {
  return MakeIamError(IamErrorCode::kInvalidInput, "Invalid Marker.");
}

// Sequences in list markers: 8 bytes, big-endian.
std::string EncodeSequence(uint64_t sequence) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i, sequence >>= 8) bytes[i] = static_cast<char>(sequence & 0xff);
  return bytes;
}

uint64_t DecodeSequence(std::string_view bytes) {
  uint64_t sequence = 0;
  for (unsigned char byte : bytes) sequence = (sequence << 8) | byte;
  return sequence;
}

// Resolve and ResolveForWrite: one look-up over the root and the users, const for readers and
// mutable for writers. An omitted UserName (nullptr) means the caller's own principal.
template <typename Principal, typename Users>
absl::StatusOr<Principal*> LookUpPrincipal(Principal& root, Users& users,
                                           const CallerIdentity& caller,
                                           const std::string* user_name) {
  if (user_name == nullptr) {
    switch (caller.kind()) {
      case CallerIdentity::Kind::kRoot:
        return &root;
      case CallerIdentity::Kind::kRole:
        return MakeIamError(IamErrorCode::kValidationError,
                            "Must specify userName when calling with non-User credentials");
      case CallerIdentity::Kind::kUser:
        user_name = &caller.name();
        break;
    }
  }
  auto it = users.find(internal::Lower(*user_name));
  if (it == users.end()) return internal::NoSuchUser(*user_name);
  return &it->second;
}

}  // namespace

absl::StatusOr<const FakeIamBackend::Impl::Principal*> FakeIamBackend::Impl::Resolve(
    const CallerIdentity& caller, const std::string* user_name) const {
  return LookUpPrincipal(root_, users_, caller, user_name);
}

absl::StatusOr<FakeIamBackend::Impl::Principal*> FakeIamBackend::Impl::ResolveForWrite(
    const CallerIdentity& caller, const std::string* user_name) {
  return LookUpPrincipal(root_, users_, caller, user_name);
}

// The root's certificates and keys carry the account id as their UserName.
const std::string& FakeIamBackend::Impl::OwnerName(const Principal& principal) const {
  return &principal == &root_ ? options_.account_id : principal.user.GetUserName();
}

absl::StatusOr<std::string> FakeIamBackend::Impl::MarkerPosition(std::string_view scope,
                                                                 const std::string& marker,
                                                                 bool has_marker) const {
  if (!has_marker) return std::string();
  std::optional<std::string> position = markers_.Decode(scope, marker);
  if (!position) return InvalidMarker();
  return *std::move(position);
}

absl::StatusOr<uint64_t> FakeIamBackend::Impl::SequenceAfter(std::string_view scope,
                                                             const std::string& marker,
                                                             bool has_marker) const {
  ASSIGN_OR_RETURN(const std::string position, MarkerPosition(scope, marker, has_marker));
  if (has_marker && position.size() != 8) return InvalidMarker();
  return DecodeSequence(position);
}

std::string FakeIamBackend::Impl::SequenceMarker(std::string_view scope,
                                                 uint64_t sequence) const {
  return markers_.Encode(scope, EncodeSequence(sequence));
}

}  // namespace fake_iam
