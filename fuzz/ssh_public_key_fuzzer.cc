// Fuzzes the SSH public key reader: any bytes give a ParsedSshPublicKey or an
// UnrecognizedPublicKeyEncoding / InvalidPublicKey error, never a crash, a leak or another error
// code; a key that parsed reads back the same from both of its encodings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fake_iam/errors.h"
#include "fake_iam/internal/ssh_public_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = fake_iam::internal::ParseSshPublicKeyBody(body);
  if (parsed.ok()) {
    if (parsed->fingerprint.size() != 47) std::abort();
    for (std::string_view again :
         {std::string_view(parsed->openssh), std::string_view(parsed->pem)}) {
      auto reparsed = fake_iam::internal::ParseSshPublicKeyBody(again);
      if (!reparsed.ok() || reparsed->fingerprint != parsed->fingerprint ||
          reparsed->openssh != parsed->openssh || reparsed->pem != parsed->pem) {
        std::abort();
      }
    }
  } else {
    auto code = fake_iam::IamErrorCodeOf(parsed.status());
    if (code != fake_iam::IamErrorCode::kUnrecognizedPublicKeyEncoding &&
        code != fake_iam::IamErrorCode::kInvalidPublicKey) {
      std::abort();
    }
  }
  return 0;
}
