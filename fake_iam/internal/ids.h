// Deterministic identifiers: base32 text drawn from a seed and a counter, so that a backend made
// with the same seed hands out the same ids for the same sequence of calls.
#ifndef FAKE_IAM_INTERNAL_IDS_H_
#define FAKE_IAM_INTERNAL_IDS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace fake_iam::internal {

// RFC 4648 base32 ([A-Z2-7]), without padding.
std::string Base32Encode(std::string_view bytes);

// `length` base32 characters that depend only on seed and counter. For one seed, the first 13
// characters already differ for every two counters, so ids of 13 or more characters are unique
// by construction.
std::string DeterministicId(uint64_t seed, uint64_t counter, size_t length);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_IDS_H_
