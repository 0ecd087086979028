// gMock matchers for fake_iam's results, model values and recorded calls, so that a failed
// expectation says what IAM answered in IAM's words:
//
//   EXPECT_THAT(client.DeleteUser(request), IsIamError(IamErrorCode::kDeleteConflict));
//   EXPECT_THAT(client.GetUser(request), IsOkAndHolds(HasUser(HasPath("/ops/"))));
//   EXPECT_THAT(backend.Certificates("bob"),
//               ElementsAre(AllOf(HasCertificateId(id), HasStatus(StatusType::kInactive))));
//   EXPECT_CALL(mock, UploadSigningCertificate(HasUserName("bob")));
//
// One header for all of them; each kind also has a header of its own:
//   testing/status_matchers.h  IsOk, StatusIs, IsIamError, IsOkAndHolds, and the printer of an
//                              absl::StatusOr of a fake_iam type
//   testing/member_matchers.h  HasUserName, HasCertificateId, HasStatus, HasCertificateBody,
//                              HasUploadDate, HasPath, HasArn, HasUser, HasCertificate,
//                              HasAccessKeyId, HasSecretAccessKey, HasCreateDate, HasAccessKey,
//                              HasAccessKeyLastUsed, HasLastUsedDate, HasServiceName, HasRegion,
//                              HasState
//   testing/call_matchers.h    HasOperation, HasCaller, HasCallStatus, WasInjected
//
// The printers of the types themselves (PrintTo and operator<<) are declared beside the types, in
// fake_iam/model.h, errors.h, operation.h, caller_identity.h and recorded_call.h, so gtest prints
// them the same way whether this header is included or not.
#ifndef FAKE_IAM_TESTING_MATCHERS_H_
#define FAKE_IAM_TESTING_MATCHERS_H_

#include "fake_iam/caller_identity.h"
#include "fake_iam/errors.h"
#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/recorded_call.h"
#include "testing/call_matchers.h"    // IWYU pragma: export
#include "testing/member_matchers.h"  // IWYU pragma: export
#include "testing/status_matchers.h"  // IWYU pragma: export

#endif  // FAKE_IAM_TESTING_MATCHERS_H_
