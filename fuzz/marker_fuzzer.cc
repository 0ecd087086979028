// Fuzzes marker decoding: a marker not made by Encode for the scope is refused; one that was
// decodes to its position.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fake_iam/internal/marker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fake_iam::internal::MarkerCodec codec(7);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)codec.Decode("user/bob", input);
  // Round trip: whatever the position, Encode then Decode gives it back, and only for its scope.
  std::string marker = codec.Encode("user/bob", input);
  auto position = codec.Decode("user/bob", marker);
  if (!position || *position != input) std::abort();
  if (codec.Decode("user/alice", marker)) std::abort();
  return 0;
}
