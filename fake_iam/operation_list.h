// Kept so that code including it still compiles: the operations are now described in codegen/
// (tools/generate writes fake_iam/operation.h from it), and Outcome lives in fake_iam/outcome.h.
#ifndef FAKE_IAM_OPERATION_LIST_H_
#define FAKE_IAM_OPERATION_LIST_H_

#include "fake_iam/outcome.h"

#endif  // FAKE_IAM_OPERATION_LIST_H_
