"""The AWS CLI against the server."""

import datetime
import json
import os
import subprocess
import tempfile
import unittest

from harness import ACCOUNT, AWS_CLI, CERTIFICATE_ID, ROLE_KEY, ROOT_KEY, START, WireTestCase, utc


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


if __name__ == "__main__":
    unittest.main()
