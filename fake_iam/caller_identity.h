// Who makes a call: the account root, an IAM user, or a role (any principal that is not an IAM
// user, temporary credentials included). It decides the user of a call that omits UserName.
// It prints as ToString() ("user/Bob") through PrintTo, operator<< and AbslStringify alike.
#ifndef FAKE_IAM_CALLER_IDENTITY_H_
#define FAKE_IAM_CALLER_IDENTITY_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace fake_iam {

// A small value type; copy it freely.
class CallerIdentity {
 public:
  enum class Kind { kRoot, kUser, kRole };

  static CallerIdentity Root() { return CallerIdentity(Kind::kRoot, ""); }
  static CallerIdentity User(std::string user_name) {
    return CallerIdentity(Kind::kUser, std::move(user_name));
  }
  // The role's name or ARN, as the test chooses; ToString() shows it after "role/".
  static CallerIdentity Role(std::string role_arn) {
    return CallerIdentity(Kind::kRole, std::move(role_arn));
  }

  // ToString() read back: "root", "user/NAME" or "role/NAME"; nullopt for anything else.
  static std::optional<CallerIdentity> Parse(std::string_view text) {
    if (text == "root") return Root();
    for (auto [prefix, kind] : {std::pair{std::string_view("user/"), Kind::kUser},
                                std::pair{std::string_view("role/"), Kind::kRole}}) {
      if (text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix) {
        return CallerIdentity(kind, std::string(text.substr(prefix.size())));
      }
    }
    return std::nullopt;
  }

  Kind kind() const { return kind_; }
  bool is_root() const { return kind_ == Kind::kRoot; }
  // The user's name for kUser, the role's ARN for kRole, empty for the root.
  const std::string& name() const { return name_; }

  friend bool operator==(const CallerIdentity& a, const CallerIdentity& b) {
    return a.kind_ == b.kind_ && a.name_ == b.name_;
  }
  friend bool operator!=(const CallerIdentity& a, const CallerIdentity& b) { return !(a == b); }

  // "root", "user/Bob" or "role/arn:aws:iam::123456789012:role/Deployer".
  std::string ToString() const {
    switch (kind_) {
      case Kind::kRoot:
        return "root";
      case Kind::kUser:
        return "user/" + name_;
      case Kind::kRole:
        return "role/" + name_;
    }
    return "";
  }
  template <typename Sink>
  friend void AbslStringify(Sink& sink, const CallerIdentity& caller) {
    sink.Append(caller.ToString());
  }
  friend std::ostream& operator<<(std::ostream& os, const CallerIdentity& caller) {
    return os << caller.ToString();
  }

 private:
  CallerIdentity(Kind kind, std::string name) : kind_(kind), name_(std::move(name)) {}

  Kind kind_;
  std::string name_;
};

// ToString(), for gtest, which finds it by argument-dependent lookup (fake_iam/call_printing.cc).
void PrintTo(const CallerIdentity& caller, std::ostream* os);

}  // namespace fake_iam

#endif  // FAKE_IAM_CALLER_IDENTITY_H_
