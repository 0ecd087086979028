// The control API's test fixture: a backend and a ControlApi on it, and JSON answers parsed.
#ifndef FAKE_IAM_TESTS_CONTROL_API_TEST_UTIL_H_
#define FAKE_IAM_TESTS_CONTROL_API_TEST_UTIL_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/server/control_api.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace fake_iam_test {

struct Reply {
  int status;
  nlohmann::json body;
};

class ControlApiTest : public ::testing::Test {
 protected:
  Reply Send(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& query = "") {
    fake_iam::server::ControlResponse response = api_.Handle(method, path, query, body);
    nlohmann::json parsed =
        nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(parsed.is_object()) << response.body;
    return {response.status, parsed};
  }
  // Posts a fault and returns its id (0 if refused).
  int64_t PostFault(const std::string& body) {
    Reply reply = Send("POST", "/_fake_iam/faults", body);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? reply.body["id"].get<int64_t>() : 0;
  }

  fake_iam::FakeIamBackend backend_{TestOptions()};
  fake_iam::server::ControlApi api_{backend_};
};

}  // namespace fake_iam_test

#endif  // FAKE_IAM_TESTS_CONTROL_API_TEST_UTIL_H_
