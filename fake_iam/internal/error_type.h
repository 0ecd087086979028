// The <Type> of an error in AWS's Query protocol, which follows from its HTTP status.
#ifndef FAKE_IAM_INTERNAL_ERROR_TYPE_H_
#define FAKE_IAM_INTERNAL_ERROR_TYPE_H_

#include <string_view>

namespace fake_iam::internal {

// "Receiver" for a 5xx status (the service failed), "Sender" for any other (the request did).
inline std::string_view ErrorTypeForHttpStatus(int http_status) {
  return http_status >= 500 ? "Receiver" : "Sender";
}

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_ERROR_TYPE_H_
