// Fuzzes the control API's entry point: any method, path, query and body get a JSON object back
// with a status the API documents, never a crash or a hang; and a refused request (4xx) changes
// nothing: the users, the fault list, the recorded calls and the clock are as they were.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/control_api.h"

namespace {

// What a refused request must leave alone. The clock is compared only while frozen: a live one
// moves by itself.
std::string Snapshot(fake_iam::server::ControlApi& api, fake_iam::FakeIamBackend& backend) {
  std::string snapshot = api.Handle("GET", "/_fake_iam/state", "", "").body;
  snapshot += api.Handle("GET", "/_fake_iam/faults", "", "").body;
  snapshot += std::to_string(backend.RecordedCalls().size());
  if (backend.clock_mode() == fake_iam::ClockMode::kFrozen) {
    snapshot += api.Handle("GET", "/_fake_iam/clock", "", "").body;
  }
  return snapshot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fake_iam::FakeIamBackend* backend = [] {
    fake_iam::FakeIamOptions options;
    options.start_time = absl::FromUnixSeconds(1767225600);  // 2026-01-01
    return new fake_iam::FakeIamBackend(options);
  }();
  static fake_iam::server::ControlApi* api = new fake_iam::server::ControlApi(*backend);
  // Start over every so often, so that users and fault rules do not pile up.
  static int runs = 0;
  if (runs++ % 500 == 0) {
    api->Handle("POST", "/_fake_iam/reset", "", "");
    backend->SetClock(absl::FromUnixSeconds(1767225600));
    (void)backend->CreateUser("bob");
  }
  // Fields separated by 0xFF: method, path suffix (after /_fake_iam/), query, body. Method and
  // path are often picked from the real ones, so that most inputs reach an endpoint's parser.
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || static_cast<unsigned char>(input[i]) == 0xFF) {
      parts.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  static const char* const kMethods[] = {"GET", "POST", "DELETE"};
  static const char* const kPaths[] = {"reset", "state", "users",    "access-keys",
                                       "faults", "calls", "clock", "faults/1"};
  std::string method = parts[0];
  if (method.size() == 1) method = kMethods[static_cast<unsigned char>(method[0]) % 3];
  std::string path = parts.size() > 1 ? parts[1] : "";
  if (path.size() == 1) path = kPaths[static_cast<unsigned char>(path[0]) % 8];
  path = "/_fake_iam/" + path;
  const std::string query = parts.size() > 2 ? parts[2] : "";
  const std::string body = parts.size() > 3 ? parts[3] : "";

  const std::string before = Snapshot(*api, *backend);
  fake_iam::server::ControlResponse response =
      api->Handle(method, path, query, body, {{"Authorization", "Bearer x"}});
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object()) std::abort();
  switch (response.status) {
    case 200:
    case 201:
      break;
    case 400:
    case 404:
    case 405:
    case 409:
      if (!answer["error"].is_string()) std::abort();
      if (Snapshot(*api, *backend) != before) std::abort();
      break;
    default:
      std::abort();  // 500 among them: an exception the API did not expect
  }
  return 0;
}
