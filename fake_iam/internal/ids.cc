#include "fake_iam/internal/ids.h"

#include "fake_iam/internal/openssl_util.h"

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
  std::string input;
  for (uint64_t value : {seed, counter}) {
    for (int i = 0; i < 8; ++i) input += static_cast<char>((value >> (8 * i)) & 0xff);
  }
  return Base32Encode(Sha256(input)).substr(0, length);
}

}  // namespace fake_iam::internal
