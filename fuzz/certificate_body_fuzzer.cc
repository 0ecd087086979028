// Fuzzes the certificate body reader: any bytes give a ParsedCertificate or a Malformed /
// InvalidCertificate error, never a crash, a leak or another error code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fake_iam/errors.h"
#include "fake_iam/internal/certificate_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = fake_iam::internal::ParseCertificateBody(body);
  if (parsed.ok()) {
    if (parsed->fingerprint.size() != 32) std::abort();
    auto invalid = fake_iam::IamErrorCodeOf(parsed->invalid);
    if (!parsed->invalid.ok() && invalid != fake_iam::IamErrorCode::kInvalidCertificate)
      std::abort();
  } else if (fake_iam::IamErrorCodeOf(parsed.status()) !=
             fake_iam::IamErrorCode::kMalformedCertificate) {
    std::abort();
  }
  return 0;
}
