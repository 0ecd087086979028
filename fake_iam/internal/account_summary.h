// GetAccountSummary's SummaryMap: the account's counters and IAM's quotas, made from the few
// numbers the fake keeps so that it can be tested without a backend.
#ifndef FAKE_IAM_INTERNAL_ACCOUNT_SUMMARY_H_
#define FAKE_IAM_INTERNAL_ACCOUNT_SUMMARY_H_

#include <map>
#include <string>

namespace fake_iam::internal {

struct AccountSummaryCounts {
  int users;
  // The fake's own limits, so that the summary agrees with the LimitExceeded it raises. AWS's
  // recorded default is 2 for both.
  int access_keys_per_user_quota;
  int signing_certificates_per_user_quota;
  bool root_has_access_keys;
  bool root_has_signing_certificates;
};

// All 34 keys real AWS returns (the botocore summaryKeyType enum). Counters of resources the fake
// does not model (groups, roles, policies, MFA devices, ...) are 0; quotas are the values recorded
// from real AWS in 2026.
std::map<std::string, int> AccountSummaryMap(const AccountSummaryCounts& counts);

}  // namespace fake_iam::internal

#endif  // FAKE_IAM_INTERNAL_ACCOUNT_SUMMARY_H_
