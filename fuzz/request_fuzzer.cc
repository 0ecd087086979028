// Fuzzes the backend's API with arbitrary request members: every call answers OK or an IAM error
// the operation can return, never crashes, and a failed call leaves the state as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/operation.h"

namespace {

using fake_iam::CallerIdentity;

// Splits the input into fields separated by 0xFF bytes.
class Fields {
 public:
  Fields(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  std::string Next() {
    std::string field;
    while (offset_ < size_ && data_[offset_] != 0xFF) field += static_cast<char>(data_[offset_++]);
    if (offset_ < size_) ++offset_;
    return field;
  }
  uint8_t Byte() { return offset_ < size_ ? data_[offset_++] : 0; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
};

template <typename Result>
void Check(fake_iam::Operation operation, const Result& result) {
  absl::Status status;
  if constexpr (std::is_same_v<Result, absl::Status>) {
    status = result;
  } else {
    status = result.status();
  }
  if (status.ok()) return;
  auto code = fake_iam::IamErrorCodeOf(status);
  if (!code || !fake_iam::OperationCanReturn(operation, *code)) std::abort();
}

size_t CountCertificates(const fake_iam::FakeIamBackend& backend) {
  size_t count = backend.RootCertificates().size();
  for (const fake_iam::User& user : backend.Users()) {
    count += backend.Certificates(user.GetUserName()).size();
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fake_iam::FakeIamOptions options;
  options.start_time = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  options.max_page_size = 2;
  fake_iam::FakeIamBackend backend(options);
  if (!backend.CreateUser("bob").ok()) std::abort();
  Fields fields(data, size);
  const CallerIdentity callers[] = {CallerIdentity::Root(), CallerIdentity::User("bob"),
                                    CallerIdentity::Role("arn:aws:iam::123456789012:role/r")};
  for (int step = 0; step < 8 && fields.Byte() != 0; ++step) {
    const CallerIdentity& caller = callers[fields.Byte() % 3];
    const uint8_t choice = fields.Byte();
    const bool set_user = choice & 0x80;
    std::string user = fields.Next();
    std::string text = fields.Next();
    int number = static_cast<int8_t>(fields.Byte()) * 16;
    using namespace fake_iam;
    switch (choice % 8) {
      case 0: {
        ListSigningCertificatesRequest request;
        if (set_user) request.SetUserName(user);
        if (!text.empty()) request.SetMarker(text);
        if (number != 0) request.SetMaxItems(number);
        Check(Operation::kListSigningCertificates, backend.Call(caller, request));
        break;
      }
      case 1: {
        UploadSigningCertificateRequest request;
        if (set_user) request.SetUserName(user);
        request.SetCertificateBody(text);
        size_t before = CountCertificates(backend);
        auto result = backend.Call(caller, request);
        Check(Operation::kUploadSigningCertificate, result);
        if (CountCertificates(backend) != before + (result.ok() ? 1 : 0)) std::abort();
        break;
      }
      case 2: {
        UpdateSigningCertificateRequest request;
        if (set_user) request.SetUserName(user);
        request.SetCertificateId(text);
        request.SetStatus(static_cast<StatusType>(number & 3));
        Check(Operation::kUpdateSigningCertificate, backend.Call(caller, request));
        break;
      }
      case 3: {
        DeleteSigningCertificateRequest request;
        if (set_user) request.SetUserName(user);
        request.SetCertificateId(text);
        Check(Operation::kDeleteSigningCertificate, backend.Call(caller, request));
        break;
      }
      case 4: {
        CreateUserRequest request;
        if (set_user) request.SetUserName(user);
        if (!text.empty()) request.SetPath(text);
        Check(Operation::kCreateUser, backend.Call(caller, request));
        break;
      }
      case 5: {
        GetUserRequest request;
        if (set_user) request.SetUserName(user);
        Check(Operation::kGetUser, backend.Call(caller, request));
        break;
      }
      case 6: {
        DeleteUserRequest request;
        if (set_user) request.SetUserName(user);
        Check(Operation::kDeleteUser, backend.Call(caller, request));
        break;
      }
      case 7: {
        ListUsersRequest request;
        if (set_user) request.SetPathPrefix(user);
        if (!text.empty()) request.SetMarker(text);
        if (number != 0) request.SetMaxItems(number);
        Check(Operation::kListUsers, backend.Call(caller, request));
        break;
      }
    }
  }
  return 0;
}
