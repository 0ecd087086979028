// conformance_server: fake_iam_server for the wire conformance tests (tests/conformance). It takes
// fake_iam_server's flags plus --max-page-size N and --start-time UNIX_SECONDS, prints the same
// "endpoint:" and "credentials:" lines, and then reads one command a line on stdin, answering each
// with one line on stdout, "ok ..." or "error ...":
//   fault <Operation> <ErrorCode> <times>   status <Operation> <http> <times>
//   drop <Operation> <times>                calls (a JSON array)     clear     reset
//   advance <seconds>                       cert [expired|rsa512]    quit
// `reset` empties the backend and makes the flags' users and access keys again.
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/fake_iam_server.h"
#include "testing/certificates.h"

namespace {

using fake_iam::CallerIdentity;

std::string Json(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += c == '\n' ? "\\n" : "?";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

int Fail(const std::string& message) {
  std::cerr << "conformance_server: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fake_iam::FakeIamOptions options;
  fake_iam::FakeIamServerOptions server_options;
  std::vector<std::string> users;
  std::vector<std::pair<fake_iam::AccessKey, CallerIdentity>> keys;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--no-verify-signatures") { server_options.verify_signatures = false; continue; }
    if (flag == "--accept-any-credentials") { server_options.accept_any_credentials = true; continue; }
    if (flag == "--no-check-signing-time") { server_options.check_signing_time = false; continue; }
    if (i + 1 >= argc) return Fail("unknown flag or missing value: " + flag);
    std::string value = argv[++i];
    int64_t number = 0;
    bool numeric = absl::SimpleAtoi(value, &number);
    if (flag == "--host") { server_options.host = value; continue; }
    if (flag == "--user") { users.push_back(value); continue; }
    if (flag == "--access-key") {
      std::vector<std::string> parts = absl::StrSplit(value, ':');
      if (parts.size() < 2 || parts.size() > 3) return Fail("--access-key wants ID:SECRET[:OWNER]");
      // OWNER as fake_iam_server takes it: root, user/NAME, role/NAME, or a bare user name.
      keys.emplace_back(fake_iam::AccessKey().WithAccessKeyId(parts[0]).WithSecretAccessKey(parts[1]),
                        parts.size() == 3 ? CallerIdentity::Parse(parts[2]).value_or(
                                                CallerIdentity::User(parts[2]))
                                          : CallerIdentity::Root());
      continue;
    }
    if (!numeric) return Fail(flag + " wants a number, or is unknown");
    if (flag == "--port") server_options.port = static_cast<int>(number);
    else if (flag == "--seed") options.seed = static_cast<uint64_t>(number);
    else if (flag == "--max-page-size") options.max_page_size = static_cast<int>(number);
    else if (flag == "--start-time") options.start_time = absl::FromUnixSeconds(number);
    else return Fail("unknown flag " + flag);
  }

  fake_iam::FakeIamBackend backend(options);
  auto set_up = [&]() -> absl::Status {
    for (const std::string& user : users) {
      if (auto created = backend.CreateUser(user); !created.ok()) return created.status();
    }
    if (keys.empty()) {  // one root key, as fake_iam_server makes; `reset` adds it back as it was
      keys.emplace_back(*backend.CreateAccessKey(CallerIdentity::Root()), CallerIdentity::Root());
      return absl::OkStatus();
    }
    for (const auto& [key, owner] : keys) {
      if (absl::Status added = backend.AddAccessKey(key, owner); !added.ok()) return added;
    }
    return absl::OkStatus();
  };
  if (absl::Status status = set_up(); !status.ok()) return Fail(std::string(status.message()));

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  fake_iam::FakeIamServer server(backend, server_options);
  if (absl::Status started = server.Start(); !started.ok()) return Fail(std::string(started.message()));
  std::thread([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);  // exits without Stop(), which the main thread may be in
    std::cout << "stopped on signal " << signal << std::endl;
    std::_Exit(0);
  }).detach();

  std::cout << "endpoint: " << server.endpoint() << "\n";
  for (const auto& [key, owner] : keys) {
    std::cout << "credentials: " << key.GetAccessKeyId() << " " << key.GetSecretAccessKey() << " "
              << owner << "\n";
  }
  std::cout << std::flush;

  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (w.empty()) continue;
    std::string answer = "ok";
    auto op = w.size() > 1 ? fake_iam::OperationFromName(w[1]) : std::nullopt;
    int n = 0, times = 0;
    auto inject = [&](fake_iam::FaultRule rule) {
      auto injected = backend.InjectFault(std::move(rule.On(*op).Times(times)));
      answer = injected.ok() ? "ok" : "error " + std::string(injected.status().message());
    };
    if (w[0] == "fault" && w.size() == 4 && op && absl::SimpleAtoi(w[3], &times)) {
      auto code = fake_iam::IamErrorCodeFromName(w[2]);
      if (code) inject(fake_iam::FaultRule::Fail(*code));
      else answer = "error unknown error code " + w[2];
    } else if (w[0] == "drop" && w.size() == 3 && op && absl::SimpleAtoi(w[2], &times)) {
      inject(fake_iam::FaultRule::DropConnection());
    } else if (w[0] == "status" && w.size() == 4 && op && absl::SimpleAtoi(w[2], &n) &&
               absl::SimpleAtoi(w[3], &times)) {
      inject(fake_iam::FaultRule::HttpStatus(n));
    } else if (w[0] == "calls" && w.size() == 1) {
      std::ostringstream json;
      const char* separator = "";
      for (const fake_iam::RecordedCall& call : backend.RecordedCalls()) {
        auto code = fake_iam::IamErrorCodeOf(call.status);
        json << std::exchange(separator, ", ") << "{\"operation\": "
             << Json(fake_iam::OperationName(call.operation))
             << ", \"caller\": " << Json(call.caller.ToString()) << ", \"status\": "
             << Json(call.status.ok() ? "OK"
                     : code ? std::string(fake_iam::IamErrorCodeName(*code))
                            : absl::StatusCodeToString(call.status.code()))
             << ", \"message\": " << Json(std::string(call.status.message()))
             << ", \"injected\": " << (call.injected ? "true" : "false")
             << ", \"over_http\": " << (call.over_http ? "true" : "false") << "}";
      }
      answer = "ok [" + json.str() + "]";
    } else if (w[0] == "clear" && w.size() == 1) {
      backend.ClearFaults();
      backend.ClearRecordedCalls();
    } else if (w[0] == "reset" && w.size() == 1) {
      backend.Reset();
      if (absl::Status status = set_up(); !status.ok()) answer = "error " + std::string(status.message());
    } else if (w[0] == "advance" && w.size() == 2 && absl::SimpleAtoi(w[1], &n)) {
      backend.AdvanceClock(absl::Seconds(n));
    } else if (w[0] == "cert" && w.size() <= 2) {
      std::string kind = w.size() == 2 ? w[1] : "valid";
      std::string pem = kind == "valid"     ? fake_iam::ValidCertificatePem()
                        : kind == "expired" ? fake_iam::ExpiredCertificatePem(backend.Now())
                        : kind == "rsa512"  ? fake_iam::WeakRsaCertificatePem()
                                            : "";
      answer = pem.empty() ? "error unknown certificate kind " + kind
                           : "ok " + absl::StrReplaceAll(pem, {{"\n", "\\n"}});
    } else if (w[0] == "quit" && w.size() == 1) {
      std::cout << "ok" << std::endl;
      break;
    } else {
      answer = "error bad command: " + line;
    }
    std::cout << answer << std::endl;
  }
  server.Stop();
  return 0;
}
