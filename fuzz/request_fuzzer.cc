// Fuzzes the backend's API with arbitrary requests of every operation, each member set or not:
// every call answers OK or an IAM error the operation can return, never crashes, and a failed call
// leaves the state as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/status_of.h"
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

// Everything the state inspection shows, as text.
std::string State(const fake_iam::FakeIamBackend& backend) {
  std::ostringstream out;
  for (const fake_iam::User& user : backend.Users()) {
    out << user;
    for (const auto& certificate : backend.Certificates(user.GetUserName())) out << certificate;
    for (const auto& key : backend.AccessKeys(user.GetUserName())) out << key;
  }
  for (const auto& certificate : backend.RootCertificates()) out << certificate;
  for (const auto& key : backend.RootAccessKeys()) out << key;
  return out.str();
}

// Fills every member of a request from the input; a member is set when the input says so. A
// list gets up to three items, a structure (a Tag) its own members the same way.
struct FillMembers {
  Fields& fields;
  template <typename Value>
  void operator()(std::string_view, Value& value, bool& has_been_set) {
    has_been_set = fields.Byte() & 1;
    Fill(value);
  }
  void Fill(std::string& value) { value = fields.Next(); }
  void Fill(int& value) { value = static_cast<int8_t>(fields.Byte()) * 16; }
  void Fill(bool& value) { value = fields.Byte() & 1; }
  void Fill(absl::Time& value) { value = absl::FromUnixSeconds(fields.Byte() * 86400); }
  template <typename Item>
  void Fill(std::vector<Item>& list) {
    list.resize(fields.Byte() % 4);
    for (Item& item : list) Fill(item);
  }
  // An enum, or a structure of the model.
  template <typename Value>
  void Fill(Value& value) {
    if constexpr (std::is_enum_v<Value>) {
      value = static_cast<Value>(fields.Byte() & 3);  // stray values included
    } else {
      value.ForEachMember(*this);
    }
  }
};

// The empty request of the operation at `index`.
template <size_t... kIndex>
fake_iam::AnyRequest EmptyRequest(size_t index, std::index_sequence<kIndex...>) {
  fake_iam::AnyRequest request;
  ((index == kIndex ? (request.emplace<kIndex>(), 0) : 0), ...);
  return request;
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
  constexpr size_t kOperations = std::variant_size_v<fake_iam::AnyRequest>;
  for (int step = 0; step < 8 && fields.Byte() != 0; ++step) {
    const CallerIdentity& caller = callers[fields.Byte() % 3];
    fake_iam::AnyRequest request =
        EmptyRequest(fields.Byte() % kOperations, std::make_index_sequence<kOperations>());
    std::visit([&](auto& typed) { typed.ForEachMember(FillMembers{fields}); }, request);
    const std::string before = State(backend);
    std::visit(
        [&](const auto& typed) {
          auto result = backend.Call(caller, typed);
          const absl::Status& status = fake_iam::internal::StatusOf(result);
          const auto operation =
              fake_iam::RequestTraits<std::decay_t<decltype(typed)>>::kOperation;
          if (status.ok()) return;
          // An error the operation can return, and nothing changed.
          auto code = fake_iam::IamErrorCodeOf(status);
          if (!code || !fake_iam::OperationCanReturn(operation, *code)) std::abort();
          if (State(backend) != before) std::abort();
        },
        request);
  }
  return 0;
}
