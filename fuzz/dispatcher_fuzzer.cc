// Fuzzes the HTTP front's request handling without sockets: any method, target, headers and body
// get an answer (an XML document with a 2xx-5xx status), never a crash; the backend stays usable.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/dispatcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fake_iam::FakeIamBackend* backend = [] {
    fake_iam::FakeIamOptions options;
    options.start_time = absl::FromUnixSeconds(1767225600);  // 2026-01-01
    return new fake_iam::FakeIamBackend(options);
  }();
  // Start over every so often, so that state and records do not grow without end.
  static int runs = 0;
  if (runs++ % 1000 == 0) {
    backend->Reset();
    (void)backend->CreateUser("bob");
    (void)backend->AddAccessKey(
        fake_iam::AccessKey().WithAccessKeyId("AKIDFUZZ").WithSecretAccessKey("secret"),
        fake_iam::CallerIdentity::Root());
  }
  // Fields separated by 0xFF: method, query, body, then header name/value pairs.
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || static_cast<unsigned char>(input[i]) == 0xFF) {
      parts.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  fake_iam::server::HttpRequest request;
  request.method = parts.size() > 0 ? parts[0] : "POST";
  request.path = "/";
  request.query = parts.size() > 1 ? parts[1] : "";
  request.body = parts.size() > 2 ? parts[2] : "";
  for (size_t i = 3; i + 1 < parts.size(); i += 2)
    request.headers.emplace_back(parts[i], parts[i + 1]);
  // Half the inputs act as the root without signatures, so that they reach the operations.
  bool any_credentials = size > 0 && (data[0] & 1);
  fake_iam::server::Dispatcher dispatcher(*backend, {true, any_credentials});
  fake_iam::server::HttpResponse response = dispatcher.Handle(request);
  if (!response.drop_connection && (response.status < 100 || response.status > 599)) std::abort();
  if (response.status >= 200 && response.status < 600 && !response.drop_connection &&
      response.body.rfind("<?xml", 0) != 0 && !response.body.empty()) {
    std::abort();
  }
  return 0;
}
