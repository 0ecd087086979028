"""The AWS CLI against the server."""

import base64
import datetime
import json
import os
import subprocess
import tempfile
import unittest

from harness import (ACCESS_KEY_ID, ACCOUNT, ALICE_KEY, AWS_CLI, CERTIFICATE_ID, ROLE_KEY, ROOT_KEY,
                     START, WireTestCase, utc)

# The AWS CLI's exit status for an error answer from the service: 254 from v2, 255 from v1.
SERVICE_ERROR_EXIT = (254, 255)


class CliTest(WireTestCase):
    """The AWS CLI (aws, found on PATH) against the server, JSON output parsed."""

    server_flags = ("--max-page-size", "1", "--access-key", "%s:%s:role/Deployer" % ROLE_KEY)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.line()  # the role key's credentials line
        if not AWS_CLI:
            raise AssertionError("the AWS CLI (aws) is not on PATH")
        cls.home = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.home.cleanup)

    def aws(self, *args, check=True, key=ROOT_KEY):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home.name,
               "AWS_ACCESS_KEY_ID": key[0], "AWS_SECRET_ACCESS_KEY": key[1],
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
               "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
               "AWS_MAX_ATTEMPTS": "1"}
        done = subprocess.run([AWS_CLI, "iam", *args, "--endpoint-url", self.server.endpoint,
                               "--output", "json"], env=env, capture_output=True, text=True,
                              timeout=60)
        if check:
            self.assertEqual(done.returncode, 0, done.stderr)
            return json.loads(done.stdout) if done.stdout.strip() else None
        return done

    def test_upload_and_list(self):
        bodies = [self.server.cert(), self.server.cert()]
        uploaded = []
        for i, body in enumerate(bodies):
            path = os.path.join(self.home.name, f"cert{i}.pem")
            with open(path, "w") as f:
                f.write(body)
            out = self.aws("upload-signing-certificate", "--user-name", "alice",
                           "--certificate-body", f"file://{path}")
            certificate = out["Certificate"]
            self.assertEqual(certificate["UserName"], "alice")
            self.assertRegex(certificate["CertificateId"], CERTIFICATE_ID)
            self.assertEqual(certificate["Status"], "Active")
            self.assertEqual(certificate["CertificateBody"].strip(), body.strip())
            self.assertEqual(datetime.datetime.fromisoformat(certificate["UploadDate"]), utc(START))
            uploaded.append(certificate)
        # The CLI follows the one-item pages itself.
        listed = self.aws("list-signing-certificates", "--user-name", "alice")
        self.assertEqual(listed["Certificates"], uploaded)
        first_page = self.aws("list-signing-certificates", "--user-name", "alice", "--no-paginate")
        self.assertEqual(first_page["Certificates"], uploaded[:1])
        self.assertIs(first_page["IsTruncated"], True)
        self.assertTrue(first_page["Marker"])

    def test_error_from_the_cli(self):
        done = self.aws("get-user", "--user-name", "nobody", check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("NoSuchEntity", done.stderr)
        self.assertIn("The user with name nobody cannot be found.", done.stderr)

    def test_malformed_certificate_from_the_cli(self):
        done = self.aws("upload-signing-certificate", "--user-name", "alice",
                        "--certificate-body", "invalid-certificate-body", check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("(MalformedCertificate)", done.stderr)
        self.assertIn("Certificate invalid-certificate-body is malformed.", done.stderr)

    def test_root_get_user_from_the_cli(self):
        user = self.aws("get-user")["User"]
        self.assertEqual(set(user), {"UserId", "Arn", "CreateDate"})
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:root")

    def test_role_key_from_the_cli(self):
        done = self.aws("list-signing-certificates", check=False, key=ROLE_KEY)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("(ValidationError)", done.stderr)
        self.assertIn("Must specify userName when calling with non-User credentials", done.stderr)

    def test_access_keys_from_the_cli(self):
        key = self.aws("create-access-key", "--user-name", "alice")["AccessKey"]
        self.assertEqual(set(key), {"UserName", "AccessKeyId", "Status", "SecretAccessKey",
                                    "CreateDate"})
        self.assertEqual(key["UserName"], "alice")
        self.assertRegex(key["AccessKeyId"], ACCESS_KEY_ID)
        self.assertEqual(len(key["SecretAccessKey"]), 40)
        self.assertEqual(key["Status"], "Active")
        self.assertEqual(datetime.datetime.fromisoformat(key["CreateDate"]), utc(START))
        # The CLI follows the one-item pages itself.
        listed = self.aws("list-access-keys", "--user-name", "alice")["AccessKeyMetadata"]
        self.assertEqual([(k["AccessKeyId"], k["Status"]) for k in listed],
                         [(ALICE_KEY[0], "Active"), (key["AccessKeyId"], "Active")])
        self.assertNotIn("SecretAccessKey", listed[1])

    def test_credential_report_from_the_cli(self):
        done = self.aws("get-credential-report", check=False)
        self.assertIn(done.returncode, SERVICE_ERROR_EXIT, done.stderr)
        # As the AWS CLI prints real IAM's answer, which has no message.
        self.assertIn("An error occurred (ReportNotPresent) when calling the GetCredentialReport "
                      "operation: Unknown", done.stderr)
        self.assertEqual(self.aws("generate-credential-report"), {
            "State": "STARTED",
            "Description": "No report exists. Starting a new report generation task"})
        report = self.aws("get-credential-report")
        self.assertEqual(set(report), {"Content", "ReportFormat", "GeneratedTime"})
        self.assertEqual(report["ReportFormat"], "text/csv")
        self.assertEqual(datetime.datetime.fromisoformat(report["GeneratedTime"]), utc(START))
        # The CLI prints the blob as the wire carries it: base64.
        lines = base64.b64decode(report["Content"], validate=True).decode().split("\n")
        self.assertTrue(lines[0].startswith("user,arn,user_creation_time,password_enabled,"))
        self.assertEqual(len(lines[0].split(",")), 22)
        self.assertEqual([line.split(",")[0] for line in lines[1:]], ["<root_account>", "alice"])

    def test_account_summary_from_the_cli(self):
        summary = self.aws("get-account-summary")["SummaryMap"]
        self.assertEqual(len(summary), 34)
        self.assertEqual(summary["Users"], 1)
        self.assertEqual(summary["AccessKeysPerUserQuota"], 2)
        self.aws("create-user", "--user-name", "bob")
        self.assertEqual(self.aws("get-account-summary")["SummaryMap"]["Users"], 2)

    def test_access_key_error_from_the_cli(self):
        self.aws("create-access-key", "--user-name", "alice")
        done = self.aws("create-access-key", "--user-name", "alice", check=False)
        self.assertIn(done.returncode, SERVICE_ERROR_EXIT, done.stderr)
        self.assertIn("An error occurred (LimitExceeded) when calling the CreateAccessKey "
                      "operation: Cannot exceed quota for AccessKeysPerUser: 2", done.stderr)
        self.assertEqual(done.stdout, "")


if __name__ == "__main__":
    unittest.main()
