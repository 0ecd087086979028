#include "fake_iam/internal/utf8.h"

namespace fake_iam::internal {

size_t DecodeUtf8(std::string_view text, size_t offset, uint32_t& code_point) {
  const unsigned char lead = text[offset];
  const size_t extra = lead < 0x80 ? 0 : (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : 3;
  if ((lead >= 0x80 && lead < 0xC0) || lead >= 0xF8 || text.size() - offset <= extra) return 0;
  uint32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    const unsigned char next = text[offset + k];
    if ((next & 0xC0) != 0x80) return 0;
    c = (c << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
  if (c < kMinForLength[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return 0;  // overlong, out of range, or a surrogate
  }
  code_point = c;
  return extra + 1;
}

}  // namespace fake_iam::internal
