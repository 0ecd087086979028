#include "fake_iam/internal/ids.h"

namespace fake_iam::internal {

std::string Base32Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string text;
  text.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += kAlphabet[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) text += kAlphabet[(buffer << (5 - bits)) & 31];
  return text;
}

std::string DeterministicId(uint64_t seed, uint64_t counter, size_t length) {
  // SplitMix64: its finalizer is a bijection of 64-bit words, and the first word's input,
  // seed + 4 * counter * gamma, differs for every counter (gamma is odd), so the first 64 bits of
  // two ids never agree. Later words only lengthen the id.
  constexpr uint64_t kGamma = 0x9E3779B97F4A7C15u;
  std::string bytes;
  for (uint64_t word = 0; bytes.size() * 8 < length * 5; ++word) {
    uint64_t z = seed + (counter * 4 + word) * kGamma;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>((z >> shift) & 0xff);
  }
  return Base32Encode(bytes).substr(0, length);
}

}  // namespace fake_iam::internal
