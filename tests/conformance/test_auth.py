"""Who may call: SigV4 keys and secrets, the signing-time check, the headers on every answer,
and the options that relax authentication."""

import datetime
import email.utils
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
from unittest import mock

import botocore
from botocore.exceptions import ClientError

from harness import ACCOUNT, ALICE_KEY, NS, REQUEST_ID, ROOT_KEY, WireTestCase


class AuthTest(WireTestCase):
    """SigV4 identity (docs/behavior.md "Wire protocol", Identity)."""

    def assertStillServing(self):
        self.assertEqual(self.iam.get_user(UserName="alice")["User"]["UserName"], "alice")

    def test_wrong_secret(self):
        client = self.server.client((ROOT_KEY[0], "wrong-secret"))
        with self.assertRaises(ClientError) as caught:
            client.list_users()
        self.assertIamError(caught, "SignatureDoesNotMatch", 403)
        self.assertEqual(self.server.calls(), [], "a refused request reaches no operation")
        self.assertStillServing()

    def test_unknown_access_key(self):
        client = self.server.client(("AKIAUNKNOWNKEY000000", "secret"))
        with self.assertRaises(ClientError) as caught:
            client.list_users()
        self.assertIamError(caught, "InvalidClientTokenId", 403,
                            "The security token included in the request is invalid.")
        self.assertStillServing()

    def test_unsigned_request(self):
        client = self.server.client(signature_version=botocore.UNSIGNED)
        with self.assertRaises(ClientError) as caught:
            client.list_users()
        self.assertIamError(caught, "MissingAuthenticationToken", 403)
        self.assertStillServing()

    def test_users_key_acts_as_that_user(self):
        body = self.server.cert()
        mine = self.alice.upload_signing_certificate(CertificateBody=body)["Certificate"]
        self.assertEqual(mine["UserName"], "alice")
        self.assertEqual(self.alice.list_signing_certificates()["Certificates"], [mine])
        self.assertEqual(self.iam.list_signing_certificates()["Certificates"], [])  # root's own
        callers = {(c["operation"], c["caller"]) for c in self.server.calls()}
        self.assertEqual(callers, {("UploadSigningCertificate", "user/alice"),
                                   ("ListSigningCertificates", "user/alice"),
                                   ("ListSigningCertificates", "root")})

    def test_deleted_users_key_is_unknown(self):
        self.iam.delete_access_key(UserName="alice", AccessKeyId=ALICE_KEY[0])
        self.iam.delete_user(UserName="alice")
        with self.assertRaises(ClientError) as caught:
            self.alice.get_user()
        self.assertIamError(caught, "InvalidClientTokenId", 403)
        self.iam.create_user(UserName="alice")
        with self.assertRaises(ClientError):
            self.alice.get_user()


class SigningTimeTest(WireTestCase):
    """IAM refuses a request signed more than 5 minutes before or after real time."""

    STAMP = r"(\d{8}T\d{6}Z)"

    def form(self):
        return urllib.parse.urlencode({"Action": "ListUsers", "Version": "2010-05-08"})

    def signed(self, minutes):
        return datetime.datetime.utcnow() + datetime.timedelta(minutes=minutes)

    def stamp_time(self, text):
        return datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ")

    def refusal(self, minutes):
        status, _, body = self.server.raw(body=self.form(), signed_at=self.signed(minutes))
        self.assertEqual(status, 403, body)
        error = ET.fromstring(body).find(NS + "Error")
        self.assertEqual(error.findtext(NS + "Code"), "SignatureDoesNotMatch")
        return error.findtext(NS + "Message")

    def test_signed_30_minutes_ago_is_expired(self):
        message = self.refusal(-30)
        match = re.fullmatch(f"Signature expired: {self.STAMP} is now earlier than {self.STAMP} "
                             f"\\({self.STAMP} - 5 min\\.\\)", message)
        self.assertIsNotNone(match, message)
        signed, bound, now = (self.stamp_time(group) for group in match.groups())
        self.assertEqual(now - bound, datetime.timedelta(minutes=5))
        self.assertLess(abs(now - datetime.datetime.utcnow()), datetime.timedelta(minutes=1))
        self.assertLess(abs(now - signed - datetime.timedelta(minutes=30)),
                        datetime.timedelta(minutes=1))
        self.assertEqual(self.server.calls(), [], "a refused request reaches no operation")

    def test_signed_30_minutes_ahead_is_not_yet_current(self):
        message = self.refusal(30)
        match = re.fullmatch(f"Signature not yet current: {self.STAMP} is still later than "
                             f"{self.STAMP} \\({self.STAMP} \\+ 5 min\\.\\)", message)
        self.assertIsNotNone(match, message)
        _, bound, now = (self.stamp_time(group) for group in match.groups())
        self.assertEqual(bound - now, datetime.timedelta(minutes=5))

    def test_within_5_minutes_is_accepted(self):
        for minutes in (-4, 4):
            status, _, body = self.server.raw(body=self.form(), signed_at=self.signed(minutes))
            self.assertEqual(status, 200, body)

    def test_boto3_with_a_slow_clock_gets_signature_does_not_match(self):
        with mock.patch("botocore.auth.get_current_datetime", return_value=self.signed(-30)):
            with self.assertRaises(ClientError) as caught:
                self.iam.list_users()
        message = self.assertIamError(caught, "SignatureDoesNotMatch", 403)
        self.assertTrue(message.startswith("Signature expired: "), message)

    def test_the_fake_clock_plays_no_part(self):
        # The conformance server's clock starts in 2023 (--start-time); requests are signed now.
        self.server.command("advance 86400")
        self.assertEqual(self.iam.list_users()["ResponseMetadata"]["HTTPStatusCode"], 200)


class NoCheckSigningTimeTest(WireTestCase):
    server_flags = ("--no-check-signing-time",)

    def test_old_signature_is_accepted(self):
        form = urllib.parse.urlencode({"Action": "ListUsers", "Version": "2010-05-08"})
        signed_at = datetime.datetime.utcnow() - datetime.timedelta(hours=2)
        status, _, body = self.server.raw(body=form, signed_at=signed_at)
        self.assertEqual(status, 200, body)


class HeadersTest(WireTestCase):
    """Every answer carries x-amzn-RequestId (the body's RequestId) and Date, as IAM's do."""

    def assertIamHeaders(self, answer):
        status, headers, body = answer
        headers = {k.lower(): v for k, v in headers.items()}
        self.assertRegex(headers.get("x-amzn-requestid", ""), REQUEST_ID, headers)
        if body:
            self.assertEqual(ET.fromstring(body).findtext(f".//{NS}RequestId"),
                             headers["x-amzn-requestid"])
            self.assertIn("text/xml", headers["content-type"])
        date = email.utils.parsedate_to_datetime(headers["date"])
        self.assertLess(abs(date - datetime.datetime.now(datetime.timezone.utc)),
                        datetime.timedelta(minutes=1))
        return status

    def form(self, **fields):
        return urllib.parse.urlencode({"Version": "2010-05-08", **fields})

    def test_success(self):
        self.assertEqual(self.assertIamHeaders(self.server.raw(body=self.form(Action="ListUsers"))),
                         200)

    def test_iam_error(self):
        answer = self.server.raw(body=self.form(Action="GetUser", UserName="nobody"))
        self.assertEqual(self.assertIamHeaders(answer), 404)

    def test_wire_error(self):
        answer = self.server.raw(body=self.form(Action="ListUsers"), sign=False)
        self.assertEqual(self.assertIamHeaders(answer), 403)

    def test_transport_error(self):
        self.assertEqual(self.assertIamHeaders(self.server.raw(method="PUT", body="x")), 404)

    def test_raw_http_status_fault(self):
        self.server.command("status ListUsers 503 1")
        answer = self.server.raw(body=self.form(Action="ListUsers"))
        self.assertEqual(self.assertIamHeaders(answer), 503)

    def test_boto3_reads_the_header(self):
        response = self.iam.list_users()
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"],
                         response["ResponseMetadata"]["RequestId"])
        with self.assertRaises(ClientError) as caught:
            self.iam.get_user(UserName="nobody")
        metadata = caught.exception.response["ResponseMetadata"]
        self.assertEqual(metadata["HTTPHeaders"]["x-amzn-requestid"], metadata["RequestId"])


class AcceptAnyCredentialsTest(WireTestCase):
    server_flags = ("--accept-any-credentials",)

    def test_unsigned_raw_post_acts_as_root(self):
        status, _, body = self.server.raw(body="Action=GetUser&Version=2010-05-08", sign=False)
        self.assertEqual(status, 200, body)
        self.assertEqual(ET.fromstring(body).findtext(f".//{NS}Arn"), f"arn:aws:iam::{ACCOUNT}:root")

    def test_any_key_and_secret(self):
        client = self.server.client(("AKIAANYTHING", "whatever"))
        self.assertEqual(client.get_user(UserName="alice")["User"]["UserName"], "alice")
        client = self.server.client(signature_version=botocore.UNSIGNED)
        client.list_users()
        self.assertEqual({c["caller"] for c in self.server.calls()}, {"root"})


class NoVerifySignaturesTest(WireTestCase):
    server_flags = ("--no-verify-signatures",)

    def test_wrong_secret_is_accepted_and_keys_still_name_the_caller(self):
        client = self.server.client((ALICE_KEY[0], "wrong-secret"))
        self.assertEqual(client.get_user()["User"]["UserName"], "alice")
        with self.assertRaises(ClientError) as caught:
            self.server.client(("AKIAUNKNOWNKEY000000", "x")).list_users()
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidClientTokenId")


if __name__ == "__main__":
    unittest.main()
