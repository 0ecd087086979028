// fake_iam_server: a FakeIamBackend behind IAM's wire protocol, as a program (like moto_server).
//
//   fake_iam_server --port 0 --user alice --access-key AKIDEXAMPLE:secret:alice
//
// prints the endpoint and each access key on a line of its own, then serves until SIGINT or
// SIGTERM. --help tells the flags.
#include <csignal>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/fake_iam_server.h"

namespace {

constexpr char kUsage[] =
    "usage: fake_iam_server [--host 127.0.0.1] [--port 0] [--seed N] [--user NAME]...\n"
    "                       [--access-key ID:SECRET[:OWNER]]... [--start-time TIME]\n"
    "                       [--no-verify-signatures] [--no-check-signing-time]\n"
    "                       [--accept-any-credentials] [--control-token TOKEN] [--quiet]\n"
    "Serves a fake AWS IAM (users and signing certificates) until SIGINT or SIGTERM. Without\n"
    "--access-key, one key for the account root is made. Prints the endpoint and the\n"
    "credentials, one line each; then, on stderr, a line for each IAM error answered.\n"
    "  OWNER          root, NAME or user/NAME (an IAM user), or role/NAME (a role; default: root)\n"
    "  --start-time   freeze the clock at TIME (2026-01-01T00:00:00Z or Unix seconds);\n"
    "                 default: a live clock that follows real time\n"
    "  --no-check-signing-time  accept requests signed more than 5 minutes from real time\n"
    "  --quiet        no error lines on stderr\n"
    "  --control-token  the control API (/_fake_iam/) then wants 'Authorization: Bearer TOKEN';\n"
    "                 on an address other than loopback, the API is off without it\n";

struct Flags {
  std::string host = "127.0.0.1";
  int port = 0;
  uint64_t seed = 0;
  std::vector<std::string> users;
  std::vector<std::string> access_keys;
  bool verify_signatures = true;
  bool accept_any_credentials = false;
  bool check_signing_time = true;
  bool quiet = false;
  std::optional<absl::Time> start_time;
  std::string control_token;
};

// "2026-01-01T00:00:00Z" or Unix seconds.
std::optional<absl::Time> ParseTime(const std::string& text) {
  absl::Time time;
  std::string ignored;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &ignored)) return time;
  int64_t seconds = 0;
  if (absl::SimpleAtoi(text, &seconds)) return absl::FromUnixSeconds(seconds);
  return std::nullopt;
}

// The owner part of --access-key: root, user/NAME, role/NAME, or a bare user name.
fake_iam::CallerIdentity ParseOwner(const std::string& text) {
  return fake_iam::CallerIdentity::Parse(text).value_or(fake_iam::CallerIdentity::User(text));
}

// The flags take the moto_server-like spelling (--access-key, --no-verify-signatures), which
// Abseil's flag names cannot hold, hence a parser of our own: --name value or --name=value.
std::optional<Flags> ParseFlags(int argc, char** argv, std::string& error) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string name = arg;
    std::optional<std::string> value;
    if (size_t equals = arg.find('='); equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    }
    auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 < argc) return std::string(argv[++i]);
      error = name + " needs a value";
      return std::nullopt;
    };
    if (name == "--no-verify-signatures" && !value) {
      flags.verify_signatures = false;
    } else if (name == "--accept-any-credentials" && !value) {
      flags.accept_any_credentials = true;
    } else if (name == "--no-check-signing-time" && !value) {
      flags.check_signing_time = false;
    } else if (name == "--quiet" && !value) {
      flags.quiet = true;
    } else if (name == "--host" || name == "--port" || name == "--seed" || name == "--user" ||
               name == "--access-key" || name == "--start-time" || name == "--control-token") {
      std::optional<std::string> text = take();
      if (!text) return std::nullopt;
      if (name == "--host") {
        flags.host = *text;
      } else if (name == "--port" && !(absl::SimpleAtoi(*text, &flags.port) && flags.port >= 0 &&
                                       flags.port <= 65535)) {
        error = "--port wants 0-65535, got " + *text;
        return std::nullopt;
      } else if (name == "--seed" && !absl::SimpleAtoi(*text, &flags.seed)) {
        error = "--seed wants a number, got " + *text;
        return std::nullopt;
      } else if (name == "--user") {
        flags.users.push_back(*text);
      } else if (name == "--access-key") {
        flags.access_keys.push_back(*text);
      } else if (name == "--control-token") {
        flags.control_token = *text;
      } else if (name == "--start-time" && !(flags.start_time = ParseTime(*text))) {
        error = "--start-time wants 2026-01-01T00:00:00Z or Unix seconds, got " + *text;
        return std::nullopt;
      }
    } else {
      error = "unknown argument " + arg;
      return std::nullopt;
    }
  }
  return flags;
}

int Fail(const std::string& message) {
  std::cerr << "fake_iam_server: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << kUsage;
      return 0;
    }
  }
  std::string error;
  std::optional<Flags> flags = ParseFlags(argc, argv, error);
  if (!flags) return Fail(error);

  fake_iam::FakeIamOptions options;
  options.seed = flags->seed;
  options.start_time = flags->start_time;
  fake_iam::FakeIamBackend backend(options);
  for (const std::string& user : flags->users) {
    if (auto created = backend.CreateUser(user); !created.ok()) {
      return Fail(std::string(created.status().message()));
    }
  }
  std::vector<std::pair<fake_iam::AccessKey, fake_iam::CallerIdentity>> credentials;
  for (const std::string& spec : flags->access_keys) {
    std::vector<std::string> parts = absl::StrSplit(spec, ':');
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
      return Fail("--access-key wants ID:SECRET[:OWNER], got " + spec);
    }
    fake_iam::CallerIdentity owner =
        parts.size() == 3 ? ParseOwner(parts[2]) : fake_iam::CallerIdentity::Root();
    fake_iam::AccessKey key =
        fake_iam::AccessKey().WithAccessKeyId(parts[0]).WithSecretAccessKey(parts[1]);
    if (absl::Status added = backend.AddAccessKey(key, owner); !added.ok()) {
      return Fail(std::string(added.message()));
    }
    credentials.emplace_back(key, owner);
  }
  if (credentials.empty()) {
    credentials.emplace_back(*backend.CreateAccessKey(fake_iam::CallerIdentity::Root()),
                             fake_iam::CallerIdentity::Root());
  }

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  fake_iam::FakeIamServerOptions server_options;
  server_options.host = flags->host;
  server_options.port = flags->port;
  server_options.verify_signatures = flags->verify_signatures;
  server_options.accept_any_credentials = flags->accept_any_credentials;
  server_options.check_signing_time = flags->check_signing_time;
  server_options.control_token = flags->control_token;
  if (!flags->quiet) {
    // One write a line, so that lines of concurrent requests do not interleave.
    server_options.log = [](std::string_view line) { std::cerr << (std::string(line) + "\n"); };
  }
  fake_iam::FakeIamServer server(backend, server_options);
  if (absl::Status started = server.Start(); !started.ok()) {
    return Fail(std::string(started.message()));
  }
  std::cout << "endpoint: " << server.endpoint() << "\n";
  for (const auto& [key, owner] : credentials) {
    std::cout << "credentials: " << key.GetAccessKeyId() << " " << key.GetSecretAccessKey() << " "
              << owner << "\n";
  }
  std::cout << std::flush;

  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.Stop();
  std::cout << "stopped on signal " << signal << "\n";
  return 0;
}
