"""Each operation's success answer over the wire, as boto3 parses it."""

import concurrent.futures
import time
import unittest

from botocore.exceptions import ClientError

from harness import ACCOUNT, WireTestCase


class OperationOutputTest(WireTestCase):
    """Each operation's success answer, as boto3 parses it, field by field (docs/behavior.md "Operations")."""

    def test_create_user(self):
        response = self.iam.create_user(UserName="bob")
        self.assertOk(response, {"User"})
        self.assertUser(response["User"], "bob")

    def test_create_user_with_tags_and_a_permissions_boundary(self):
        tags = [{"Key": "team", "Value": "ops + sec"}, {"Key": "cost-center", "Value": ""}]
        boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
        created = self.iam.create_user(UserName="bob", Tags=tags, PermissionsBoundary=boundary)
        expected_boundary = {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                             "PermissionsBoundaryArn": boundary}
        for user in [created["User"], self.iam.get_user(UserName="bob")["User"]]:
            self.assertEqual(user["Tags"], tags)
            self.assertEqual(user["PermissionsBoundary"], expected_boundary)
        # As IAM's list answers: neither.
        listed = [u for u in self.iam.list_users()["Users"] if u["UserName"] == "bob"]
        self.assertNotIn("Tags", listed[0])
        self.assertNotIn("PermissionsBoundary", listed[0])
        # A policy of the account's own: the fake holds none.
        own = f"arn:aws:iam::{ACCOUNT}:policy/boundary"
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
            self.iam.create_user(UserName="carol", PermissionsBoundary=own)
        self.assertIamError(caught, "NoSuchEntity", 404,
                            f"Policy {own} does not exist or is not attachable.")

    def test_create_user_with_path_is_xml_escaped(self):
        response = self.iam.create_user(UserName="bob", Path="/division/a&b<c>/")
        self.assertUser(response["User"], "bob", path="/division/a&b<c>/")
        self.assertEqual(self.iam.get_user(UserName="bob")["User"]["Path"], "/division/a&b<c>/")

    def test_get_user_by_name_ignores_case(self):
        created = self.iam.list_users()["Users"][0]
        response = self.iam.get_user(UserName="ALICE")
        self.assertOk(response, {"User"})
        self.assertUser(response["User"], "alice")
        self.assertEqual(response["User"], created)

    def test_get_user_without_name_is_the_callers_user(self):
        response = self.alice.get_user()
        self.assertUser(response["User"], "alice")

    def test_get_user_without_name_as_root(self):
        # As recorded from AWS: no UserName and no Path.
        user = self.iam.get_user()["User"]
        self.assertEqual(set(user), {"UserId", "Arn", "CreateDate"})
        self.assertEqual(user["UserId"], ACCOUNT)
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertWholeSecondDate(user["CreateDate"])

    def test_list_users(self):
        self.iam.create_user(UserName="Carol")
        self.iam.create_user(UserName="bob", Path="/eng/")
        response = self.iam.list_users()
        self.assertOk(response, {"Users", "IsTruncated"})
        self.assertNotTruncated(response)
        self.assertEqual([u["UserName"] for u in response["Users"]], ["alice", "bob", "Carol"])
        for user in response["Users"]:
            self.assertUser(user, user["UserName"], path=user["Path"])
        eng = self.iam.list_users(PathPrefix="/eng/")
        self.assertEqual([u["UserName"] for u in eng["Users"]], ["bob"])
        self.assertNotTruncated(eng)

    def test_upload_signing_certificate(self):
        body = self.server.cert()
        response = self.iam.upload_signing_certificate(UserName="alice", CertificateBody=body)
        self.assertOk(response, {"Certificate"})
        self.assertCertificate(response["Certificate"], "alice", body)

    def test_upload_with_crlf_and_indented_body(self):
        body = self.server.cert()
        crlf = "\r\n".join("  " + line for line in body.splitlines()) + "\r\n"
        certificate = self.upload(body=crlf)
        self.assertEqual(certificate["Status"], "Active")

    def test_upload_without_user_name_uses_the_callers_user(self):
        body = self.server.cert()
        certificate = self.alice.upload_signing_certificate(CertificateBody=body)["Certificate"]
        self.assertCertificate(certificate, "alice", body)
        upload_calls = [c for c in self.server.calls()
                        if c["operation"] == "UploadSigningCertificate"]
        self.assertEqual(len(upload_calls), 1)
        self.assertEqual(upload_calls[0]["caller"], "user/alice")
        self.assertTrue(upload_calls[0]["over_http"])
        self.assertEqual(upload_calls[0]["status"], "OK")

    def test_root_uploads_its_own_certificate(self):
        body = self.server.cert()
        certificate = self.iam.upload_signing_certificate(CertificateBody=body)["Certificate"]
        self.assertCertificate(certificate, ACCOUNT, body)
        listed = self.iam.list_signing_certificates()
        self.assertEqual(listed["Certificates"], [certificate])
        self.assertEqual(self.iam.list_signing_certificates(UserName="alice")["Certificates"], [])

    def test_list_signing_certificates(self):
        first = self.upload()
        second = self.upload()
        self.assertNotEqual(first["CertificateId"], second["CertificateId"])
        response = self.iam.list_signing_certificates(UserName="alice")
        self.assertOk(response, {"Certificates", "IsTruncated"})
        self.assertNotTruncated(response)
        self.assertEqual(response["Certificates"], [first, second])
        self.assertEqual(self.alice.list_signing_certificates()["Certificates"], [first, second])

    def test_list_signing_certificates_empty(self):
        response = self.iam.list_signing_certificates(UserName="alice")
        self.assertOk(response, {"Certificates", "IsTruncated"})
        self.assertEqual(response["Certificates"], [])
        self.assertNotTruncated(response)

    def test_update_signing_certificate(self):
        certificate = self.upload()
        response = self.iam.update_signing_certificate(
            UserName="alice", CertificateId=certificate["CertificateId"], Status="Inactive")
        self.assertOk(response, set())
        listed = self.iam.list_signing_certificates(UserName="alice")["Certificates"]
        self.assertCertificate(listed[0], "alice", certificate["CertificateBody"], "Inactive")
        # To the current status succeeds; back to Active.
        self.iam.update_signing_certificate(
            UserName="alice", CertificateId=certificate["CertificateId"], Status="Inactive")
        self.alice.update_signing_certificate(
            CertificateId=certificate["CertificateId"], Status="Active")
        listed = self.iam.list_signing_certificates(UserName="ALICE")["Certificates"]
        self.assertEqual(listed, [certificate])

    def test_delete_signing_certificate_frees_the_certificate(self):
        body = self.server.cert()
        certificate = self.upload(body=body)
        response = self.iam.delete_signing_certificate(
            UserName="alice", CertificateId=certificate["CertificateId"])
        self.assertOk(response, set())
        self.assertEqual(self.iam.list_signing_certificates(UserName="alice")["Certificates"], [])
        again = self.upload(body=body)
        # The id is the certificate's own (base32 of the SHA-1 of its DER), as IAM's is.
        self.assertEqual(again["CertificateId"], certificate["CertificateId"])

    def test_delete_user(self):
        self.iam.create_user(UserName="bob")
        response = self.iam.delete_user(UserName="BOB")
        self.assertOk(response, set())
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_user(UserName="bob")

    def test_parallel_clients(self):
        # Ten threads on one client: botocore's default pool of ten keep-alive connections.
        # FakeIamServer.h: "Thread-safe for any number of concurrent requests".
        # (Retries on, so that a stalled connection shows as time rather than as an error.)
        client = self.server.client(attempts=3)
        self.addCleanup(client.close)
        names = [f"user{i:02d}" for i in range(30)]
        bodies = [self.server.cert() for _ in range(10)]
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            created = list(pool.map(lambda name: client.create_user(UserName=name), names))
            uploads = list(pool.map(
                lambda i: self.upload(user=names[i], body=bodies[i], client=client), range(10)))
        elapsed = time.monotonic() - started
        self.assertEqual([r["User"]["UserName"] for r in created], names)
        self.assertEqual(len({r["User"]["UserId"] for r in created}), len(names))
        self.assertEqual(len({c["CertificateId"] for c in uploads}), 10)
        users = self.iam.list_users()["Users"]
        self.assertEqual([u["UserName"] for u in users], ["alice"] + names)
        self.assertLess(elapsed, 2.5, "40 calls on 10 connections: a connection waited for a "
                                      "server thread held by another, idle, keep-alive one")

    def test_recorded_calls_over_http(self):
        self.iam.list_users()
        with self.assertRaises(ClientError):
            self.iam.get_user(UserName="nobody")
        calls = self.server.calls()
        self.assertEqual([(c["operation"], c["caller"], c["status"], c["injected"],
                           c["over_http"]) for c in calls],
                         [("ListUsers", "root", "OK", False, True),
                          ("GetUser", "root", "NoSuchEntity", False, True)])


if __name__ == "__main__":
    unittest.main()
