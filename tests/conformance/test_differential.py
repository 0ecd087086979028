"""A differential check: the same boto3 scenario against moto's mock_aws and the fake."""

import datetime
import unittest

import boto3
from botocore.exceptions import ClientError

from harness import Server


def _scenario(iam, certificates):
    """The differential scenario: [(step, normalised outcome)], run against moto and the fake."""
    out = []

    def step(name, call, message=True):
        try:
            response = call()
        except ClientError as error:
            outcome = {"error": error.response["Error"]["Code"],
                       "http": error.response["ResponseMetadata"]["HTTPStatusCode"]}
            if message:
                outcome["message"] = error.response["Error"]["Message"]
            out.append((name, outcome))
            return None
        out.append((name, _normalise(response)))
        return response

    step("create_user", lambda: iam.create_user(UserName="bob"))
    first = step("upload 1", lambda: iam.upload_signing_certificate(
        UserName="bob", CertificateBody=certificates[0]))["Certificate"]
    second = step("upload 2", lambda: iam.upload_signing_certificate(
        UserName="bob", CertificateBody=certificates[1]))["Certificate"]
    step("list", lambda: iam.list_signing_certificates(UserName="bob"))
    step("update", lambda: iam.update_signing_certificate(
        UserName="bob", CertificateId=first["CertificateId"], Status="Inactive"))
    step("list after update", lambda: iam.list_signing_certificates(UserName="bob"))
    step("delete", lambda: iam.delete_signing_certificate(
        UserName="bob", CertificateId=second["CertificateId"]))
    step("list after delete", lambda: iam.list_signing_certificates(UserName="bob"))
    step("get_user", lambda: iam.get_user(UserName="bob"))
    step("list_users", lambda: iam.list_users())
    # Errors for an unknown user, and for an unknown certificate of a known one.
    step("get_user unknown", lambda: iam.get_user(UserName="nobody"))
    step("delete_user unknown", lambda: iam.delete_user(UserName="nobody"))
    step("list unknown", lambda: iam.list_signing_certificates(UserName="nobody"))
    step("upload unknown", lambda: iam.upload_signing_certificate(
        UserName="nobody", CertificateBody=certificates[1]))
    step("update unknown user", lambda: iam.update_signing_certificate(
        UserName="nobody", CertificateId=first["CertificateId"], Status="Active"))
    step("delete unknown user", lambda: iam.delete_signing_certificate(
        UserName="nobody", CertificateId=first["CertificateId"]))
    step("update unknown id", lambda: iam.update_signing_certificate(
        UserName="bob", CertificateId="A" * 32, Status="Active"))
    step("delete unknown id", lambda: iam.delete_signing_certificate(
        UserName="bob", CertificateId="A" * 32))
    # Messages differ from moto's here ("User bob already exists", "Certificate ... is malformed").
    step("create_user again", lambda: iam.create_user(UserName="bob"), message=False)
    step("upload malformed", lambda: iam.upload_signing_certificate(
        UserName="bob", CertificateBody="not a certificate"), message=False)
    # DeleteUser after the certificates are gone (moto would not refuse it before: docs/behavior.md).
    step("delete last", lambda: iam.delete_signing_certificate(
        UserName="bob", CertificateId=first["CertificateId"]))
    step("delete_user", lambda: iam.delete_user(UserName="bob"))
    step("get_user deleted", lambda: iam.get_user(UserName="bob"))
    step("list_users empty", lambda: iam.list_users())
    return out


def _normalise(value, key=None):
    """Drops what may differ: ids, dates, request ids; and the paging fields moto lacks."""
    if isinstance(value, dict):
        return {k: _normalise(v, k) for k, v in value.items()
                if k not in ("ResponseMetadata", "IsTruncated", "Marker")}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if key in ("UserId", "CertificateId"):
        return "<id>"
    if isinstance(value, datetime.datetime):
        return "<date>"
    if key == "CertificateBody":
        return value.strip()
    return value


class DifferentialTest(unittest.TestCase):
    """The same boto3 scenario against moto's mock_aws and against the fake: the same outcomes
    where docs/behavior.md says AWS and moto agree."""

    def test_same_outcomes_as_moto(self):
        from moto import mock_aws

        server = Server(users=())
        self.addCleanup(server.stop)
        certificates = [server.cert(), server.cert()]
        with mock_aws():
            # A session made after moto's import, so that it carries moto's handlers.
            moto_iam = boto3.session.Session().client("iam", region_name="us-east-1",
                                       aws_access_key_id="testing",
                                       aws_secret_access_key="testing")
            expected = _scenario(moto_iam, certificates)
        got = _scenario(server.client(), certificates)
        self.assertEqual([name for name, _ in got], [name for name, _ in expected])
        for (name, want), (_, have) in zip(expected, got):
            with self.subTest(step=name):
                self.assertEqual(have, want)


if __name__ == "__main__":
    unittest.main()
