// List markers: opaque tokens that name a position in one listing. A marker is bound to its scope
// (whose list it pages) and carries a MAC, so a marker the fake did not issue, or issued for
// another list, is told apart from a real one.
#ifndef FAKE_IAM_INTERNAL_MARKER_H_
#define FAKE_IAM_INTERNAL_MARKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fake_iam::internal {

// Immutable after construction; thread-safe.
class MarkerCodec {
 public:
  // Markers from codecs with the same seed are interchangeable.
  explicit MarkerCodec(uint64_t seed);

  // A marker for `position` within the listing `scope`; URL-safe base64 text.
  std::string Encode(std::string_view scope, std::string_view position) const;
  // The position a marker names; nullopt when `marker` was not made by Encode for this scope.
  std::optional<std::string> Decode(std::string_view scope, std::string_view marker) const;

 private:
  std::string Tag(std::string_view scope, std::string_view position) const;

  std::string key_;
};

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_MARKER_H_
