#include "fake_iam/internal/account_summary.h"

namespace fake_iam::internal {

std::map<std::string, int> AccountSummaryMap(const AccountSummaryCounts& counts) {
  // One line per key, in the botocore model's order. Quotas are from LocalStack's recording of
  // real AWS (test_iam_account_summary.snapshot.json, 2026-02-17); botocore's example shows older,
  // smaller quotas and only 26 keys, so it is not followed.
  return {
      {"Users", counts.users},
      {"UsersQuota", 5000},
      {"Groups", 0},
      {"GroupsQuota", 300},
      {"ServerCertificates", 0},
      {"ServerCertificatesQuota", 20},
      {"UserPolicySizeQuota", 2048},
      {"GroupPolicySizeQuota", 5120},
      {"GroupsPerUserQuota", 10},
      {"SigningCertificatesPerUserQuota", counts.signing_certificates_per_user_quota},
      {"AccessKeysPerUserQuota", counts.access_keys_per_user_quota},
      {"MFADevices", 0},
      {"MFADevicesInUse", 0},
      {"AccountMFAEnabled", 0},  // the fake's root has no MFA device
      {"AccountAccessKeysPresent", counts.root_has_access_keys ? 1 : 0},
      {"AccountPasswordPresent", 0},  // the fake's root has no password
      {"AccountSigningCertificatesPresent", counts.root_has_signing_certificates ? 1 : 0},
      {"AttachedPoliciesPerGroupQuota", 10},
      {"AttachedPoliciesPerRoleQuota", 10},
      {"AttachedPoliciesPerUserQuota", 10},
      {"Policies", 0},
      {"PoliciesQuota", 1500},
      {"PolicySizeQuota", 6144},
      {"PolicyVersionsInUse", 0},
      {"PolicyVersionsInUseQuota", 10000},
      {"VersionsPerPolicyQuota", 5},
      {"GlobalEndpointTokenVersion", 1},  // recorded; a setting, not a quota or a counter
      {"AssumeRolePolicySizeQuota", 2048},
      {"InstanceProfiles", 0},
      {"InstanceProfilesQuota", 1000},
      {"Providers", 0},
      {"RolePolicySizeQuota", 10240},
      {"Roles", 0},
      {"RolesQuota", 1000},
  };
}

}  // namespace fake_iam::internal
