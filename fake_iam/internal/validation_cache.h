// A process-wide memo of ParseCertificateBody: a test suite uploads the same few certificates
// again and again (to a fresh backend per test, or after a delete), and OpenSSL's parse and
// signature check cost far more than a hash and a lookup.
#ifndef FAKE_IAM_INTERNAL_VALIDATION_CACHE_H_
#define FAKE_IAM_INTERNAL_VALIDATION_CACHE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "fake_iam/internal/certificate_parser.h"
#include "fake_iam/internal/parse_cache.h"  // kValidationCacheSize, kValidationCacheBytes

namespace fake_iam::internal {

// ParseCertificateBody, answered from a cache keyed by the body when the same body was parsed
// before in this process. Results do not depend on any backend (dates are checked by each backend
// against its own clock), so one cache serves them all. It holds at most kValidationCacheSize
// results and kValidationCacheBytes of bodies (parse_cache.h), and starts over when full. Thread-safe.
absl::StatusOr<ParsedCertificate> ParseCertificateBodyCached(std::string_view body);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_VALIDATION_CACHE_H_
