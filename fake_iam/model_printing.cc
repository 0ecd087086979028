// The printers of fake_iam/model.h's types. Requests and results print only the members that
// HasBeenSet, so what is printed is what would go on the wire; SigningCertificate and User follow
// the same rule.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "fake_iam/internal/printing.h"
#include "fake_iam/model.h"

namespace fake_iam {
namespace {

using internal::MemberPrinter;

// Values as they read inside a member list. Strings are quoted and escaped, so that an empty or
// odd name is visible as such.
void PrintValue(const std::string& value, std::ostream* os) { internal::PrintQuoted(value, os); }
void PrintValue(int value, std::ostream* os) { *os << value; }
void PrintValue(bool value, std::ostream* os) { *os << (value ? "true" : "false"); }
void PrintValue(absl::Time value, std::ostream* os) { *os << internal::DescribeTime(value); }
void PrintValue(StatusType value, std::ostream* os) { PrintTo(value, os); }
void PrintValue(const SigningCertificate& value, std::ostream* os) { PrintTo(value, os); }
void PrintValue(const User& value, std::ostream* os) { PrintTo(value, os); }
template <typename T>
void PrintValue(const std::vector<T>& values, std::ostream* os) {
  *os << "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *os << ", ";
    PrintValue(values[i], os);
  }
  *os << "]";
}

// A certificate body is summarised, never printed whole: it would bury a failure under base64.
void PrintCertificateBody(MemberPrinter& printer, const std::string& body) {
  printer.Member("CertificateBody") << internal::DescribeCertificateBody(body);
}

// operator<< is PrintTo under another name, so that the two never disagree.
template <typename T>
std::ostream& Stream(std::ostream& os, const T& value) {
  PrintTo(value, &os);
  return os;
}

}  // namespace

// Prints the member when it has been set, and nothing otherwise.
#define FAKE_IAM_PRINT_MEMBER_(printer, value, Name)             \
  do {                                                           \
    if ((value).Name##HasBeenSet()) {                            \
      PrintValue((value).Get##Name(), &(printer).Member(#Name)); \
    }                                                            \
  } while (false)

void PrintTo(StatusType status, std::ostream* os) {
  switch (status) {
    case StatusType::kActive:
    case StatusType::kInactive:
      *os << StatusTypeName(status);
      return;
  }
  *os << "StatusType(" << static_cast<int>(status) << ")";
}

void PrintTo(const SigningCertificate& certificate, std::ostream* os) {
  MemberPrinter printer(os, "SigningCertificate");
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, CertificateId);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, Status);
  FAKE_IAM_PRINT_MEMBER_(printer, certificate, UploadDate);
  if (certificate.CertificateBodyHasBeenSet()) {
    PrintCertificateBody(printer, certificate.GetCertificateBody());
  }
}

void PrintTo(const User& user, std::ostream* os) {
  MemberPrinter printer(os, "User");
  FAKE_IAM_PRINT_MEMBER_(printer, user, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, user, UserId);
  FAKE_IAM_PRINT_MEMBER_(printer, user, Path);
  FAKE_IAM_PRINT_MEMBER_(printer, user, Arn);
  FAKE_IAM_PRINT_MEMBER_(printer, user, CreateDate);
}

void PrintTo(const ListSigningCertificatesRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "ListSigningCertificatesRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Marker);
  FAKE_IAM_PRINT_MEMBER_(printer, request, MaxItems);
}

void PrintTo(const ListSigningCertificatesResult& result, std::ostream* os) {
  MemberPrinter printer(os, "ListSigningCertificatesResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Certificates);
  FAKE_IAM_PRINT_MEMBER_(printer, result, IsTruncated);
  FAKE_IAM_PRINT_MEMBER_(printer, result, Marker);
}

void PrintTo(const UploadSigningCertificateRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "UploadSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  if (request.CertificateBodyHasBeenSet()) {
    PrintCertificateBody(printer, request.GetCertificateBody());
  }
}

void PrintTo(const UploadSigningCertificateResult& result, std::ostream* os) {
  MemberPrinter printer(os, "UploadSigningCertificateResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Certificate);
}

void PrintTo(const UpdateSigningCertificateRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "UpdateSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, CertificateId);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Status);
}

void PrintTo(const DeleteSigningCertificateRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "DeleteSigningCertificateRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, CertificateId);
}

void PrintTo(const CreateUserRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "CreateUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Path);
}

void PrintTo(const CreateUserResult& result, std::ostream* os) {
  MemberPrinter printer(os, "CreateUserResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, User);
}

void PrintTo(const GetUserRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "GetUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
}

void PrintTo(const GetUserResult& result, std::ostream* os) {
  MemberPrinter printer(os, "GetUserResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, User);
}

void PrintTo(const DeleteUserRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "DeleteUserRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, UserName);
}

void PrintTo(const ListUsersRequest& request, std::ostream* os) {
  MemberPrinter printer(os, "ListUsersRequest");
  FAKE_IAM_PRINT_MEMBER_(printer, request, PathPrefix);
  FAKE_IAM_PRINT_MEMBER_(printer, request, Marker);
  FAKE_IAM_PRINT_MEMBER_(printer, request, MaxItems);
}

void PrintTo(const ListUsersResult& result, std::ostream* os) {
  MemberPrinter printer(os, "ListUsersResult");
  FAKE_IAM_PRINT_MEMBER_(printer, result, Users);
  FAKE_IAM_PRINT_MEMBER_(printer, result, IsTruncated);
  FAKE_IAM_PRINT_MEMBER_(printer, result, Marker);
}

#undef FAKE_IAM_PRINT_MEMBER_

std::ostream& operator<<(std::ostream& os, StatusType status) { return Stream(os, status); }
std::ostream& operator<<(std::ostream& os, const SigningCertificate& certificate) {
  return Stream(os, certificate);
}
std::ostream& operator<<(std::ostream& os, const User& user) { return Stream(os, user); }
std::ostream& operator<<(std::ostream& os, const ListSigningCertificatesRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const ListSigningCertificatesResult& result) {
  return Stream(os, result);
}
std::ostream& operator<<(std::ostream& os, const UploadSigningCertificateRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const UploadSigningCertificateResult& result) {
  return Stream(os, result);
}
std::ostream& operator<<(std::ostream& os, const UpdateSigningCertificateRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const DeleteSigningCertificateRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const CreateUserRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const CreateUserResult& result) {
  return Stream(os, result);
}
std::ostream& operator<<(std::ostream& os, const GetUserRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const GetUserResult& result) {
  return Stream(os, result);
}
std::ostream& operator<<(std::ostream& os, const DeleteUserRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const ListUsersRequest& request) {
  return Stream(os, request);
}
std::ostream& operator<<(std::ostream& os, const ListUsersResult& result) {
  return Stream(os, result);
}

}  // namespace fake_iam
