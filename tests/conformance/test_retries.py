"""botocore's retries against injected faults: errors, dropped connections, HTTP statuses."""

import unittest

import botocore
from botocore.exceptions import ClientError

from harness import ROOT_KEY, SESSION, WireTestCase


class RetryTest(WireTestCase):
    """botocore retries transient failures; the recorded calls show every attempt."""

    def attempts(self, operation):
        return [(c["status"], c["injected"]) for c in self.server.calls()
                if c["operation"] == operation]

    def test_service_failure_is_retried(self):
        client = self.server.client(attempts=3)
        self.server.command("fault UploadSigningCertificate ServiceFailure 2")
        body = self.server.cert()
        response = client.upload_signing_certificate(UserName="alice", CertificateBody=body)
        self.assertEqual(response["ResponseMetadata"]["RetryAttempts"], 2)
        self.assertEqual(self.attempts("UploadSigningCertificate"),
                         [("ServiceFailure", True), ("ServiceFailure", True), ("OK", False)])
        self.assertEqual(self.iam.list_signing_certificates(UserName="alice")["Certificates"],
                         [response["Certificate"]])

    def test_default_client_retries_too(self):
        client = SESSION.client("iam", endpoint_url=self.server.endpoint, region_name="us-east-1",
                                 aws_access_key_id=ROOT_KEY[0], aws_secret_access_key=ROOT_KEY[1])
        self.server.clients.append(client)
        self.server.command("fault GetUser ServiceFailure 1")
        self.assertEqual(client.get_user(UserName="alice")["User"]["UserName"], "alice")
        self.assertEqual(self.attempts("GetUser"), [("ServiceFailure", True), ("OK", False)])

    def test_retries_run_out(self):
        client = self.server.client(attempts=3)
        self.server.command("fault GetUser ServiceFailure 5")
        with self.assertRaises(client.exceptions.ServiceFailureException) as caught:
            client.get_user(UserName="alice")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["RetryAttempts"], 2)
        self.assertEqual(self.attempts("GetUser"), [("ServiceFailure", True)] * 3)

    def test_throttling_is_retried(self):
        client = self.server.client(attempts=3)
        self.server.command("fault ListUsers Throttling 1")
        client.list_users()
        self.assertEqual(self.attempts("ListUsers"), [("Throttling", True), ("OK", False)])

    def test_dropped_connection_is_retried(self):
        client = self.server.client(attempts=3)
        self.server.command("drop UploadSigningCertificate 1")
        body = self.server.cert()
        response = client.upload_signing_certificate(UserName="alice", CertificateBody=body)
        self.assertEqual(response["ResponseMetadata"]["RetryAttempts"], 1)
        attempts = self.attempts("UploadSigningCertificate")
        self.assertEqual(len(attempts), 2)
        self.assertEqual(attempts[0][1], True)
        self.assertEqual(attempts[1], ("OK", False))
        self.assertEqual(len(self.iam.list_signing_certificates(UserName="alice")["Certificates"]),
                         1, "the dropped call changed no state")

    def test_dropped_connection_without_retries(self):
        self.server.command("drop ListUsers 1")
        with self.assertRaises(botocore.exceptions.ConnectionClosedError):
            self.iam.list_users()
        self.iam.list_users()

    def test_http_503_is_retried(self):
        client = self.server.client(attempts=3)
        self.server.command("status ListSigningCertificates 503 2")
        response = client.list_signing_certificates(UserName="alice")
        self.assertEqual(response["ResponseMetadata"]["RetryAttempts"], 2)
        attempts = self.attempts("ListSigningCertificates")
        self.assertEqual([injected for _, injected in attempts], [True, True, False])

    def test_http_status_without_retries(self):
        self.server.command("status ListUsers 503 1")
        with self.assertRaises(ClientError) as caught:
            self.iam.list_users()
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 503)


if __name__ == "__main__":
    unittest.main()
