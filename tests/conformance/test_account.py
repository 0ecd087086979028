"""The account-wide operations over the wire: GenerateCredentialReport, GetCredentialReport (its
CSV, its 4-hour life on the fake clock) and GetAccountSummary, as boto3 parses them."""

import csv
import io
import unittest

from harness import ACCOUNT, ALICE_KEY, ROOT_KEY, START, WireTestCase, utc

FOUR_HOURS = 4 * 3600
STARTED = "No report exists. Starting a new report generation task"

# The 22 columns of AWS's credential report, in its order (IAM User Guide).
COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
]

# The 34 keys of real AWS's SummaryMap (recorded), and the quotas it gave.
QUOTAS = {
    "AccessKeysPerUserQuota": 2, "AssumeRolePolicySizeQuota": 2048,
    "AttachedPoliciesPerGroupQuota": 10, "AttachedPoliciesPerRoleQuota": 10,
    "AttachedPoliciesPerUserQuota": 10, "GroupPolicySizeQuota": 5120, "GroupsPerUserQuota": 10,
    "GroupsQuota": 300, "InstanceProfilesQuota": 1000, "PoliciesQuota": 1500,
    "PolicySizeQuota": 6144, "PolicyVersionsInUseQuota": 10000, "RolePolicySizeQuota": 10240,
    "RolesQuota": 1000, "ServerCertificatesQuota": 20, "SigningCertificatesPerUserQuota": 2,
    "UserPolicySizeQuota": 2048, "UsersQuota": 5000, "VersionsPerPolicyQuota": 5,
}
COUNTERS = {
    "AccountAccessKeysPresent", "AccountMFAEnabled", "AccountPasswordPresent",
    "AccountSigningCertificatesPresent", "GlobalEndpointTokenVersion", "Groups",
    "InstanceProfiles", "MFADevices", "MFADevicesInUse", "Policies", "PolicyVersionsInUse",
    "Providers", "Roles", "ServerCertificates", "Users",
}


def iso(seconds):
    """A date as the credential report writes it."""
    return utc(seconds).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class CredentialReportTest(WireTestCase):
    """Generate, then get: STARTED once, COMPLETE within 4 hours, a CSV snapshot, then expiry."""

    def report(self):
        response = self.iam.get_credential_report()
        self.assertOk(response, {"Content", "ReportFormat", "GeneratedTime"})
        self.assertIsInstance(response["Content"], bytes)  # botocore decoded the base64
        rows = list(csv.reader(io.StringIO(response["Content"].decode())))
        self.assertEqual(rows[0], COLUMNS)
        for row in rows[1:]:
            self.assertEqual(len(row), len(COLUMNS), row)
        return response, [dict(zip(COLUMNS, row)) for row in rows[1:]]

    def test_get_before_generate_is_not_present(self):
        with self.assertRaises(self.iam.exceptions.CredentialReportNotPresentException) as caught:
            self.iam.get_credential_report()
        # As recorded: 410, and no Message element at all, which botocore leaves out.
        self.assertIamError(caught, "ReportNotPresent", 410)
        self.assertNotIn("Message", caught.exception.response["Error"])
        self.assertTrue(str(caught.exception).endswith(": Unknown"), str(caught.exception))

    def test_generate_then_complete(self):
        response = self.iam.generate_credential_report()
        self.assertOk(response, {"State", "Description"})
        self.assertEqual(response["State"], "STARTED")
        self.assertEqual(response["Description"], STARTED)
        again = self.iam.generate_credential_report()
        self.assertOk(again, {"State"})
        self.assertEqual(again["State"], "COMPLETE")

    def test_report_content(self):
        self.alice.get_user()  # alice's key is used once, in us-east-1 for iam
        self.upload()
        self.iam.generate_credential_report()
        response, rows = self.report()
        self.assertEqual(response["ReportFormat"], "text/csv")
        self.assertWholeSecondDate(response["GeneratedTime"], START)
        self.assertEqual([row["user"] for row in rows], ["<root_account>", "alice"])
        root, alice = rows
        self.assertEqual(root["arn"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(root["access_key_1_active"], "true")  # ROOT_KEY
        self.assertEqual(alice, {
            "user": "alice", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
            "user_creation_time": iso(START), "password_enabled": "false",
            "password_last_used": "N/A", "password_last_changed": "N/A",
            "password_next_rotation": "N/A", "mfa_active": "false",
            "access_key_1_active": "true", "access_key_1_last_rotated": iso(START),
            "access_key_1_last_used_date": iso(START), "access_key_1_last_used_region": "us-east-1",
            "access_key_1_last_used_service": "iam",
            "access_key_2_active": "false", "access_key_2_last_rotated": "N/A",
            "access_key_2_last_used_date": "N/A", "access_key_2_last_used_region": "N/A",
            "access_key_2_last_used_service": "N/A",
            "cert_1_active": "true", "cert_1_last_rotated": iso(START),
            "cert_2_active": "false", "cert_2_last_rotated": "N/A",
        })

    def test_report_is_a_snapshot(self):
        self.iam.generate_credential_report()
        self.iam.create_user(UserName="bob")
        self.iam.update_access_key(UserName="alice", AccessKeyId=ALICE_KEY[0], Status="Inactive")
        self.assertEqual(self.iam.generate_credential_report()["State"], "COMPLETE")
        _, rows = self.report()
        self.assertEqual([(row["user"], row["access_key_1_active"]) for row in rows],
                         [("<root_account>", "true"), ("alice", "true")])

    def test_report_expires_after_four_hours(self):
        self.iam.generate_credential_report()
        self.server.command(f"advance {FOUR_HOURS - 1}")
        moved = FOUR_HOURS - 1
        try:
            self.assertEqual(self.report()[0]["GeneratedTime"], utc(START))
            self.assertEqual(self.iam.generate_credential_report()["State"], "COMPLETE")
            self.server.command("advance 1")
            moved += 1
            with self.assertRaises(
                    self.iam.exceptions.CredentialReportExpiredException) as caught:
                self.iam.get_credential_report()
            self.assertIamError(caught, "ReportExpired", 410)
            # A new report starts, with no description this time, and is the one got.
            self.iam.create_user(UserName="bob")
            response = self.iam.generate_credential_report()
            self.assertOk(response, {"State"})
            self.assertEqual(response["State"], "STARTED")
            report, rows = self.report()
            self.assertEqual(report["GeneratedTime"], utc(START + FOUR_HOURS))
            self.assertEqual([row["user"] for row in rows], ["<root_account>", "alice", "bob"])
        finally:
            self.server.command(f"advance {-moved}")


class AccountSummaryTest(WireTestCase):
    """GetAccountSummary: a map of 34 integers, its counters following the account."""

    def summary(self):
        response = self.iam.get_account_summary()
        self.assertOk(response, {"SummaryMap"})
        return response["SummaryMap"]

    def test_summary_map(self):
        summary = self.summary()
        self.assertIsInstance(summary, dict)
        self.assertEqual(set(summary), set(QUOTAS) | COUNTERS)
        self.assertEqual(len(summary), 34)
        for key, value in summary.items():
            self.assertIs(type(value), int, key)
        self.assertEqual({key: summary[key] for key in QUOTAS}, QUOTAS)
        self.assertEqual(summary["Users"], 1)  # alice
        self.assertEqual(summary["AccountAccessKeysPresent"], 1)  # ROOT_KEY
        self.assertEqual(summary["AccountSigningCertificatesPresent"], 0)

    def test_counters_follow_the_account(self):
        self.iam.create_user(UserName="bob")
        self.iam.create_user(UserName="carol")
        self.upload(user=None)  # the root's own certificate
        summary = self.summary()
        self.assertEqual(summary["Users"], 3)
        self.assertEqual(summary["AccountSigningCertificatesPresent"], 1)
        self.iam.delete_user(UserName="carol")
        # The root's only key: from here on, alice asks.
        self.iam.delete_access_key(AccessKeyId=ROOT_KEY[0])
        summary = self.alice.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["Users"], 2)
        self.assertEqual(summary["AccountAccessKeysPresent"], 0)


if __name__ == "__main__":
    unittest.main()
