// One UTF-8 character at a time, strictly: no overlong forms, surrogates or values past U+10FFFF.
#ifndef FAKE_IAM_INTERNAL_UTF8_H_
#define FAKE_IAM_INTERNAL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fake_iam::internal {

// The byte length (1-4) of the character that starts at text[offset] and its code point; 0 when
// the bytes there are not UTF-8.
size_t DecodeUtf8(std::string_view text, size_t offset, uint32_t& code_point);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_UTF8_H_
