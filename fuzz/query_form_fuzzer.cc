// Fuzzes the form parser: any bytes give fields or an InvalidArgument about a '%' escape, never a
// crash; and every parsed field, re-encoded with UriEncode and parsed again, comes back the same,
// alone and as the whole list.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fake_iam/server/query_form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fake_iam::server::FormField;
  using fake_iam::server::ParseQueryForm;
  using fake_iam::server::UriEncode;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto fields = ParseQueryForm(text);
  if (!fields.ok()) {
    // Only a broken '%' escape is an error.
    if (fields.status().code() != absl::StatusCode::kInvalidArgument ||
        text.find('%') == std::string_view::npos ||
        fields.status().message().find("Malformed percent-encoding") == std::string_view::npos) {
      std::abort();
    }
    return 0;
  }

  std::string reencoded;
  for (const FormField& field : *fields) {
    std::string pair = UriEncode(field.name) + "=" + UriEncode(field.value);
    auto again = ParseQueryForm(pair);
    if (!again.ok() || again->size() != 1 || again->front() != field) std::abort();
    if (!reencoded.empty()) reencoded += '&';
    reencoded += pair;
  }
  auto all_again = ParseQueryForm(reencoded);
  if (!all_again.ok() || *all_again != *fields) std::abort();

  // UriEncode's output is only unreserved bytes, '%XX' and, when kept, '/'.
  for (char c : UriEncode(text, /*encode_slash=*/false)) {
    bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == '~' || c == '%' || c == '/';
    if (!allowed) std::abort();
  }
  return 0;
}
