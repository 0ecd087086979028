// An IamClient answered by a FakeIamBackend, as one caller: every call is checked, faulted and
// recorded by the backend exactly as IAM would answer that caller.
#ifndef FAKE_IAM_FAKE_IAM_CLIENT_H_
#define FAKE_IAM_FAKE_IAM_CLIENT_H_

#include "fake_iam/caller_identity.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/iam_client.h"

namespace fake_iam {

// Cheap to make, one per caller; thread-safe as the backend is. The backend must outlive it.
class FakeIamClient final : public IamClient {
 public:
  explicit FakeIamClient(FakeIamBackend& backend, CallerIdentity caller = CallerIdentity::Root())
      : backend_(backend), caller_(std::move(caller)) {}

  const CallerIdentity& caller() const { return caller_; }

#define FAKE_IAM_FAKE_CLIENT_METHOD(Name, Result, Errors)             \
  Outcome<Result> Name(const Name##Request& request) const override { \
    return backend_.Call(caller_, request);                           \
  }
  FAKE_IAM_OPERATIONS(FAKE_IAM_FAKE_CLIENT_METHOD)
#undef FAKE_IAM_FAKE_CLIENT_METHOD

 private:
  FakeIamBackend& backend_;
  CallerIdentity caller_;
};

}  // namespace fake_iam

#endif  // FAKE_IAM_FAKE_IAM_CLIENT_H_
