"""Wire conformance tests for fake_iam's HTTP front (docs/behavior.md, "Wire protocol").

Real clients talk to tests/conformance/conformance_server (fake_iam_server plus a control channel on
stdin for faults, records, the clock and test certificates): boto3/botocore, raw SigV4-signed HTTP,
the AWS CLI, and, for a differential check, moto's in-process mock_aws.

    FAKE_IAM_CONFORMANCE_SERVER=/path/to/conformance_server \
        python3 -m unittest discover -s tests/conformance -p 'test_*.py' -v

FAKE_IAM_SERVER names the fake_iam_server program (default: next to the conformance server).
"""

import concurrent.futures
import datetime
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import email.utils
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from unittest import mock

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

SERVER = os.environ.get("FAKE_IAM_CONFORMANCE_SERVER", "/work/main/build/conformance_server")
PROGRAM = os.environ.get("FAKE_IAM_SERVER",
                         os.path.join(os.path.dirname(SERVER), "fake_iam_server"))
AWS_CLI = "/usr/bin/aws"

ACCOUNT = "123456789012"
ROOT_KEY = ("AKIAROOTCONFORMANCE0", "root-secret-for-the-conformance-tests-00")
ALICE_KEY = ("AKIAALICECONFORMANCE", "alice-secret-for-the-conformance-tests-0")
ROLE_KEY = ("AKIAROLECONFORMANCE0", "role-secret-for-the-conformance-tests-0")
START = 1700000000  # 2023-11-14T22:13:20Z, the fake clock's start (--start-time)
NS = "{https://iam.amazonaws.com/doc/2010-05-08/}"

USER_ID = re.compile(r"^AIDA[A-Z2-7]{17}$")
CERTIFICATE_ID = re.compile(r"^[A-Z2-7]{32}$")
REQUEST_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

_SESSION = boto3.session.Session()


def utc(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


class Server:
    """A conformance_server subprocess and its stdin control channel."""

    def __init__(self, *flags, users=("alice",), keys=True, program=SERVER, start_time=START):
        if not (os.path.isfile(program) and os.access(program, os.X_OK)):
            raise AssertionError(
                f"{program} is missing: build it, or set FAKE_IAM_CONFORMANCE_SERVER / FAKE_IAM_SERVER")
        argv = [program, "--port", "0"]
        if start_time is not None:
            argv += ["--start-time", str(start_time)]
        for user in users:
            argv += ["--user", user]
        if keys:
            argv += ["--access-key", "%s:%s" % ROOT_KEY]
            if "alice" in users:
                argv += ["--access-key", "%s:%s:alice" % ALICE_KEY]
        self.argv = argv + list(flags)
        self.controlled = program == SERVER  # has the stdin control channel
        self.clients = []
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        endpoint = self.line()
        self.banner = [endpoint]
        if not endpoint.startswith("endpoint: http://127.0.0.1:"):
            self.stop()
            raise AssertionError(f"unexpected first line {endpoint!r} from {self.argv}")
        self.endpoint = endpoint.split(" ", 1)[1]
        self.host = urllib.parse.urlsplit(self.endpoint).netloc
        self.credentials = {}  # owner ("root", "user/alice") -> (id, secret)
        for _ in range(1 + ("alice" in users) if keys else 1):
            line = self.line()
            self.banner.append(line)
            tag, key_id, secret, owner = line.split(" ")
            assert tag == "credentials:", line
            self.credentials[owner] = (key_id, secret)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def line(self, timeout=10):
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output from {self.argv} within {timeout}s")
        if line is None:
            raise AssertionError(f"{self.argv} exited with {self.proc.wait()}")
        return line

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        answer = self.line()
        if not (answer == "ok" or answer.startswith("ok ")):
            raise AssertionError(f"control command {text!r} answered {answer!r}")
        return answer[3:]

    def calls(self):
        return json.loads(self.command("calls"))

    def cert(self, kind=""):
        return self.command(("cert " + kind).strip()).replace("\\n", "\n")

    def stop(self):
        # Idle keep-alive connections would hold the server's Stop() for its read timeout
        # (see ProgramTest.test_stop_is_prompt_with_an_idle_keep_alive_connection).
        for client in self.clients:
            client.close()
        if self.proc.poll() is None:
            try:
                if not self.controlled:
                    raise OSError("no control channel")
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def client(self, key=ROOT_KEY, attempts=1, mode="standard", **config):
        retries = {"mode": mode, "total_max_attempts": attempts} if attempts else None
        client = _SESSION.client(
            "iam", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
            config=Config(retries=retries, connect_timeout=5, read_timeout=10, **config))
        self.clients.append(client)
        return client

    def raw(self, method="POST", body=None, query="", key=ROOT_KEY, sign=True, headers=None,
            signed_at=None):
        """One HTTP request, SigV4-signed with botocore's signer unless sign is False, at
        `signed_at` (a UTC datetime; default: now). Returns (status, headers, body text)."""
        url = self.endpoint + "/" + ("?" + query if query else "")
        all_headers = {}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        all_headers.update(headers or {})
        request = AWSRequest(method=method, url=url, data=body, headers=all_headers)
        if sign:
            with mock.patch("botocore.auth.get_current_datetime",
                            return_value=signed_at or datetime.datetime.utcnow()):
                SigV4Auth(Credentials(*key), "iam", "us-east-1").add_auth(request)
        prepared = request.prepare()
        send_headers = dict(prepared.headers.items())
        send_headers.setdefault("Host", self.host)
        connection = http.client.HTTPConnection(self.host, timeout=10)
        try:
            connection.request(method, "/" + ("?" + query if query else ""), body=prepared.body,
                               headers=send_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()


class WireTestCase(unittest.TestCase):
    """One server per class; `reset` before each test (state, faults, records; the clock stays)."""

    server_flags = ()
    server_users = ("alice",)

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.server_flags, users=cls.server_users)
        cls.addClassCleanup(cls.server.stop)
        cls.iam = cls.server.client()
        cls.alice = cls.server.client(ALICE_KEY)

    def setUp(self):
        self.server.command("reset")

    # ---- assertions ----

    def assertRequestId(self, response):
        self.assertRegex(response["ResponseMetadata"]["RequestId"], REQUEST_ID)
        uuid.UUID(response["ResponseMetadata"]["RequestId"])

    def assertWholeSecondDate(self, value, expected_seconds=None):
        self.assertIsInstance(value, datetime.datetime)
        self.assertIsNotNone(value.utcoffset(), "dates carry a time zone (UTC)")
        self.assertEqual(value.microsecond, 0)
        if expected_seconds is not None:
            self.assertEqual(value, utc(expected_seconds))

    def assertOk(self, response, keys):
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertRequestId(response)
        self.assertEqual(set(response) - {"ResponseMetadata"}, set(keys))

    def assertUser(self, user, name, path="/", created=START):
        self.assertEqual(set(user), {"Path", "UserName", "UserId", "Arn", "CreateDate"})
        self.assertEqual(user["Path"], path)
        self.assertEqual(user["UserName"], name)
        self.assertRegex(user["UserId"], USER_ID)
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:user{path}{name}")
        self.assertWholeSecondDate(user["CreateDate"], created)

    def assertCertificate(self, certificate, user, body, status="Active", uploaded=START):
        self.assertEqual(set(certificate),
                         {"UserName", "CertificateId", "CertificateBody", "Status", "UploadDate"})
        self.assertEqual(certificate["UserName"], user)
        self.assertRegex(certificate["CertificateId"], CERTIFICATE_ID)
        self.assertEqual(certificate["CertificateBody"].strip(), body.strip())
        self.assertEqual(certificate["Status"], status)
        self.assertWholeSecondDate(certificate["UploadDate"], uploaded)

    def assertNotTruncated(self, response):
        self.assertIs(response["IsTruncated"], False)
        self.assertNotIn("Marker", response)

    def assertIamError(self, caught, code, http_status, message=None, type_="Sender"):
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], code, error)
        self.assertEqual(error.get("Type"), type_, error)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"],
                         http_status, error)
        self.assertRegex(caught.exception.response["ResponseMetadata"].get("RequestId", ""),
                         REQUEST_ID)
        if message is not None:
            self.assertEqual(error["Message"], message)
        return error["Message"]

    def upload(self, user="alice", body=None, client=None):
        body = body or self.server.cert()
        kwargs = {"CertificateBody": body}
        if user is not None:
            kwargs["UserName"] = user
        return (client or self.iam).upload_signing_certificate(**kwargs)["Certificate"]


class OperationOutputTest(WireTestCase):
    """Each operation's success answer, as boto3 parses it, field by field (docs/behavior.md "Operations")."""

    def test_create_user(self):
        response = self.iam.create_user(UserName="bob")
        self.assertOk(response, {"User"})
        self.assertUser(response["User"], "bob")

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
        self.assertNotEqual(again["CertificateId"], certificate["CertificateId"])

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


class PaginationTest(WireTestCase):
    """--max-page-size 1: every page holds one item, so clients must follow IsTruncated/Marker."""

    server_flags = ("--max-page-size", "1")

    def test_paginator_walks_signing_certificates(self):
        uploaded = [self.upload(), self.upload()]
        pages = list(self.iam.get_paginator("list_signing_certificates")
                     .paginate(UserName="alice"))
        self.assertEqual(len(pages), 2)
        self.assertIs(pages[0]["IsTruncated"], True)
        self.assertIsInstance(pages[0]["Marker"], str)
        self.assertTrue(pages[0]["Marker"])
        self.assertNotTruncated(pages[1])
        self.assertEqual([c for page in pages for c in page["Certificates"]], uploaded)

    def test_paginator_walks_root_certificates(self):
        uploaded = [self.upload(user=None), self.upload(user=None)]
        pages = list(self.iam.get_paginator("list_signing_certificates").paginate())
        self.assertEqual([len(page["Certificates"]) for page in pages], [1, 1])
        self.assertEqual([c for page in pages for c in page["Certificates"]], uploaded)

    def test_paginator_walks_users(self):
        for name in ["dave", "Bob", "erin", "carol", "Frank"]:
            self.iam.create_user(UserName=name)
        pages = list(self.iam.get_paginator("list_users").paginate())
        self.assertEqual(len(pages), 6)
        self.assertTrue(all(len(page["Users"]) == 1 for page in pages))
        self.assertTrue(all(page["IsTruncated"] and page["Marker"] for page in pages[:-1]))
        self.assertNotTruncated(pages[-1])
        self.assertEqual([u["UserName"] for page in pages for u in page["Users"]],
                         ["alice", "Bob", "carol", "dave", "erin", "Frank"])

    def test_paginator_max_items(self):
        for name in ["bob", "carol", "dave"]:
            self.iam.create_user(UserName=name)
        result = self.iam.get_paginator("list_users").paginate(
            PaginationConfig={"MaxItems": 2}).build_full_result()
        self.assertEqual([u["UserName"] for u in result["Users"]], ["alice", "bob"])
        self.assertIn("NextToken", result)
        rest = self.iam.get_paginator("list_users").paginate(
            PaginationConfig={"StartingToken": result["NextToken"]}).build_full_result()
        self.assertEqual([u["UserName"] for u in rest["Users"]], ["carol", "dave"])

    def test_page_size_caps_max_items(self):
        self.iam.create_user(UserName="bob")
        response = self.iam.list_users(MaxItems=100)
        self.assertEqual(len(response["Users"]), 1)
        self.assertIs(response["IsTruncated"], True)
        self.assertIn("Marker", response)

    def test_marker_continues_after_deletes_and_uploads(self):
        first, second = self.upload(), self.upload()
        page = self.iam.list_signing_certificates(UserName="alice")
        self.assertEqual(page["Certificates"], [first])
        self.iam.delete_signing_certificate(UserName="alice", CertificateId=first["CertificateId"])
        third = self.upload()
        rest, marker = [], page["Marker"]
        while marker:
            page = self.iam.list_signing_certificates(UserName="alice", Marker=marker)
            rest += page["Certificates"]
            marker = page.get("Marker")
        self.assertEqual(rest, [second, third])

    def test_marker_of_another_user_is_invalid_input(self):
        self.iam.create_user(UserName="bob")
        self.upload(), self.upload()
        marker = self.iam.list_signing_certificates(UserName="alice")["Marker"]
        with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
            self.iam.list_signing_certificates(UserName="bob", Marker=marker)
        self.assertIamError(caught, "InvalidInput", 400, "Invalid Marker.")

    def test_forged_markers_are_invalid_input(self):
        for marker in ["bogus", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" * 320]:
            with self.subTest(marker=marker):
                with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
                    self.iam.list_users(Marker=marker)
                self.assertIamError(caught, "InvalidInput", 400, "Invalid Marker.")
                with self.assertRaises(self.iam.exceptions.InvalidInputException):
                    self.iam.list_signing_certificates(UserName="alice", Marker=marker)

    def test_list_users_marker_of_another_prefix_is_invalid_input(self):
        for name in ["bob", "carol"]:
            self.iam.create_user(UserName=name, Path="/eng/")
        marker = self.iam.list_users()["Marker"]
        with self.assertRaises(self.iam.exceptions.InvalidInputException):
            self.iam.list_users(PathPrefix="/eng/", Marker=marker)


class ErrorTest(WireTestCase):
    """Every reachable error as botocore's own exception class, with IAM's status and message."""

    def test_no_such_entity(self):
        e = self.iam.exceptions.NoSuchEntityException
        message = "The user with name nobody cannot be found."
        for call in [lambda: self.iam.get_user(UserName="nobody"),
                     lambda: self.iam.delete_user(UserName="nobody"),
                     lambda: self.iam.list_signing_certificates(UserName="nobody"),
                     lambda: self.upload(user="nobody"),
                     lambda: self.iam.update_signing_certificate(
                         UserName="nobody", CertificateId="A" * 32, Status="Active"),
                     lambda: self.iam.delete_signing_certificate(
                         UserName="nobody", CertificateId="A" * 32)]:
            with self.assertRaises(e) as caught:
                call()
            self.assertIamError(caught, "NoSuchEntity", 404, message)

    def test_no_such_certificate(self):
        self.iam.create_user(UserName="bob")
        bobs = self.upload(user="bob")
        for certificate_id in ["A" * 32, bobs["CertificateId"]]:  # unknown, or another user's
            message = f"The Certificate with id {certificate_id} cannot be found."
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.update_signing_certificate(
                    UserName="alice", CertificateId=certificate_id, Status="Inactive")
            self.assertIamError(caught, "NoSuchEntity", 404, message)
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.delete_signing_certificate(UserName="alice", CertificateId=certificate_id)
            self.assertIamError(caught, "NoSuchEntity", 404, message)
        self.assertEqual(self.iam.list_signing_certificates(UserName="bob")["Certificates"],
                         [bobs])

    def test_entity_already_exists_ignores_case(self):
        self.iam.create_user(UserName="Bob")
        with self.assertRaises(self.iam.exceptions.EntityAlreadyExistsException) as caught:
            self.iam.create_user(UserName="BOB")
        self.assertIamError(caught, "EntityAlreadyExists", 409, "User with name BOB already exists.")
        self.assertEqual(self.iam.get_user(UserName="bob")["User"]["UserName"], "Bob")

    def test_duplicate_certificate_is_account_wide(self):
        self.iam.create_user(UserName="bob")
        body = self.server.cert()
        self.upload(body=body)
        for user in ["alice", "bob", None]:
            with self.subTest(user=user):
                with self.assertRaises(self.iam.exceptions.DuplicateCertificateException) as caught:
                    self.upload(user=user, body=body.replace("\n", "\r\n"))
                message = self.assertIamError(caught, "DuplicateCertificate", 409)
                self.assertNotIn(body.strip(), message)

    def test_limit_exceeded(self):
        self.upload()
        second = self.upload()
        self.iam.update_signing_certificate(UserName="alice", CertificateId=second["CertificateId"],
                                            Status="Inactive")
        with self.assertRaises(self.iam.exceptions.LimitExceededException) as caught:
            self.upload()
        self.assertIamError(caught, "LimitExceeded", 409,
                            "Cannot exceed quota for CertificatesPerUser: 2")

    def test_duplicate_is_checked_before_quota(self):
        first = self.upload()
        self.upload()
        with self.assertRaises(self.iam.exceptions.DuplicateCertificateException):
            self.upload(body=first["CertificateBody"])

    def test_user_is_checked_before_the_body(self):
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.upload(user="nobody", body="not a certificate")

    def test_delete_conflict(self):
        certificate = self.upload()
        with self.assertRaises(self.iam.exceptions.DeleteConflictException) as caught:
            self.iam.delete_user(UserName="alice")
        self.assertIamError(caught, "DeleteConflict", 409,
                            "Cannot delete entity, must delete certificates first.")
        self.iam.delete_signing_certificate(UserName="alice",
                                            CertificateId=certificate["CertificateId"])
        self.iam.delete_user(UserName="alice")

    def test_malformed_certificate(self):
        valid = self.server.cert()
        bodies = {
            "text": "not a certificate",
            "bare base64": "".join(valid.splitlines()[1:-1]),
            "two certificates": valid + self.server.cert(),
            "text after the block": valid + "trailing text\n",
            "private key": valid.replace("CERTIFICATE", "PRIVATE KEY"),
            "garbled base64": valid.replace(valid.splitlines()[2], "!!!!" * 16),
        }
        for name, body in bodies.items():
            with self.subTest(name):
                with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
                    self.upload(body=body)
                # AWS's words (recorded): the body echoed, cut to 64 characters and "...".
                echoed = body if len(body) <= 64 else body[:64] + "..."
                self.assertIamError(caught, "MalformedCertificate", 400,
                                    f"Certificate {echoed} is malformed.")

    def test_malformed_certificate_as_recorded_from_aws(self):
        with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
            self.upload(body="invalid-certificate-body")
        self.assertIamError(caught, "MalformedCertificate", 400,
                            "Certificate invalid-certificate-body is malformed.")

    def test_upload_of_a_long_valid_body(self):
        # 16384 characters are allowed; white space around the block is accepted (docs/behavior.md).
        body = self.server.cert() + "\n" * 12000
        certificate = self.upload(body=body)
        self.assertEqual(certificate["Status"], "Active")

    def test_expired_certificate_is_malformed(self):
        with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
            self.upload(body=self.server.cert("expired"))
        message = self.assertIamError(caught, "MalformedCertificate", 400)
        self.assertIn("expired", message.lower())

    def test_invalid_certificate_weak_rsa(self):
        with self.assertRaises(self.iam.exceptions.InvalidCertificateException) as caught:
            self.upload(body=self.server.cert("rsa512"))
        self.assertIamError(caught, "InvalidCertificate", 400)

    def test_validation_error_on_user_name_pattern(self):
        with self.assertRaises(ClientError) as caught:
            self.iam.get_user(UserName="bad name!")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'userName' failed to satisfy "
                            "constraint: Member must satisfy regular expression pattern: "
                            "[\\w+=,.@-]+")

    def test_validation_error_create_user_name_over_64(self):
        name = "u" * 65
        with self.assertRaises(ClientError) as caught:
            self.iam.create_user(UserName=name)
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertIn(f"at 'userName' failed to satisfy constraint: Member must", message)
        # 65 characters are fine for an existing user's name (1-128): the user is just unknown.
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_user(UserName=name)

    def test_validation_errors_botocore_does_not_catch(self):
        raw = self.server.client(parameter_validation=False)
        with self.assertRaises(ClientError) as caught:
            raw.list_users(MaxItems=0)
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'maxItems' failed to satisfy "
                            "constraint: Member must have value greater than or equal to 1")
        with self.assertRaises(ClientError) as caught:
            raw.update_signing_certificate(UserName="alice", CertificateId="short",
                                           Status="Bogus")
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertTrue(message.startswith("2 validation errors detected: Value at '"), message)
        self.assertIn("Value at 'certificateId' failed to satisfy constraint: Member must have "
                      "length greater than or equal to 24", message)
        self.assertIn("Value at 'status' failed to satisfy constraint: Member must satisfy enum "
                      "value set", message)
        # The two answers recorded from AWS, word for word.
        with self.assertRaises(ClientError) as caught:
            raw.update_signing_certificate(UserName="alice", CertificateId="A" * 32,
                                           Status="Invalid")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'status' failed to satisfy "
                            "constraint: Member must satisfy enum value set")
        with self.assertRaises(ClientError) as caught:
            raw.delete_signing_certificate(UserName="alice",
                                           CertificateId="not-a-certificate-id-at-all")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'certificateId' failed to "
                            "satisfy constraint: Member must satisfy regular expression pattern: "
                            "[\\w]+")

    def test_validation_errors_on_upper_bounds(self):
        raw = self.server.client(parameter_validation=False)
        cases = [
            ("maxItems", lambda: raw.list_users(MaxItems=1001)),
            ("maxItems", lambda: raw.list_signing_certificates(UserName="alice", MaxItems=1001)),
            ("marker", lambda: raw.list_users(Marker="m" * 321)),
            ("userName", lambda: raw.get_user(UserName="u" * 129)),
            ("userName", lambda: raw.get_user(UserName="")),
            ("pathPrefix", lambda: raw.list_users(PathPrefix="eng")),
            ("path", lambda: raw.create_user(UserName="bob", Path="/eng")),
        ]
        for member, call in cases:
            with self.subTest(member):
                with self.assertRaises(ClientError) as caught:
                    call()
                message = self.assertIamError(caught, "ValidationError", 400)
                self.assertTrue(message.startswith("1 validation error detected: Value "), message)
                self.assertIn(f" at '{member}' failed to satisfy constraint: Member must ",
                              message)

    def test_validation_error_does_not_echo_a_long_body(self):
        body = "x" * 16385  # one over CertificateBody's 16384
        with self.assertRaises(ClientError) as caught:
            self.upload(body=body)
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertIn("'certificateBody'", message)
        self.assertNotIn("x" * 65, message)

    def test_injected_errors(self):
        cases = [
            ("UploadSigningCertificate", "ServiceFailure", 500, "Receiver",
             self.iam.exceptions.ServiceFailureException, lambda: self.upload()),
            ("CreateUser", "LimitExceeded", 409, "Sender",
             self.iam.exceptions.LimitExceededException,
             lambda: self.iam.create_user(UserName="bob")),
            ("DeleteUser", "ConcurrentModification", 409, "Sender",
             self.iam.exceptions.ConcurrentModificationException,
             lambda: self.iam.delete_user(UserName="bob")),
            ("ListUsers", "Throttling", 400, "Sender", ClientError, lambda: self.iam.list_users()),
        ]
        for operation, code, http_status, type_, exception, call in cases:
            with self.subTest(code):
                self.server.command(f"fault {operation} {code} 1")
                with self.assertRaises(exception) as caught:
                    call()
                self.assertIamError(caught, code, http_status, type_=type_)
                call()  # the rule fired once and retired; the call changed nothing
        injected = [(c["operation"], c["status"]) for c in self.server.calls() if c["injected"]]
        self.assertEqual(injected, [(op, code) for op, code, *_ in cases])


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
        client = _SESSION.client("iam", endpoint_url=self.server.endpoint, region_name="us-east-1",
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


class RawProtocolTest(WireTestCase):
    """Hand-made requests: the XML documents, GET, and malformed requests."""

    def form(self, **fields):
        return urllib.parse.urlencode({"Version": "2010-05-08", **fields})

    def assertStillServing(self):
        status, _, body = self.server.raw(body=self.form(Action="GetUser", UserName="alice"))
        self.assertEqual(status, 200, body)
        self.assertEqual(self.iam.list_users()["Users"][0]["UserName"], "alice")

    def assertXmlError(self, answer, http_status, code=None):
        status, headers, body = answer
        self.assertEqual(status, http_status, body)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "ErrorResponse")
        self.assertEqual([child.tag for child in root], [NS + "Error", NS + "RequestId"])
        error = root.find(NS + "Error")
        self.assertEqual([child.tag for child in error], [NS + "Type", NS + "Code", NS + "Message"])
        self.assertRegex(root.findtext(NS + "RequestId"), REQUEST_ID)
        if code is not None:
            self.assertEqual(error.findtext(NS + "Code"), code)
        self.assertTrue(error.findtext(NS + "Message"))
        return error.findtext(NS + "Message")

    def test_success_document(self):
        status, headers, body = self.server.raw(body=self.form(Action="ListUsers"))
        self.assertEqual(status, 200)
        self.assertIn("xml", {k.lower(): v for k, v in headers.items()}["content-type"])
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "ListUsersResponse")
        self.assertEqual([child.tag for child in root],
                         [NS + "ListUsersResult", NS + "ResponseMetadata"])
        result = root.find(NS + "ListUsersResult")
        self.assertEqual(result.findtext(NS + "IsTruncated"), "false")
        self.assertIsNone(result.find(NS + "Marker"))
        member = result.find(f"{NS}Users/{NS}member")
        self.assertRegex(member.findtext(NS + "CreateDate"), ISO_DATE)
        self.assertEqual(member.findtext(NS + "CreateDate"), "2023-11-14T22:13:20Z")
        self.assertRegex(root.findtext(f"{NS}ResponseMetadata/{NS}RequestId"), REQUEST_ID)

    def test_update_document_has_only_metadata(self):
        certificate = self.upload()
        status, _, body = self.server.raw(body=self.form(
            Action="UpdateSigningCertificate", UserName="alice",
            CertificateId=certificate["CertificateId"], Status="Inactive"))
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "UpdateSigningCertificateResponse")
        self.assertEqual([child.tag for child in root], [NS + "ResponseMetadata"])

    def test_get_with_query_string(self):
        query = self.form(Action="CreateUser", UserName="bob", Path="/eng/")
        status, _, body = self.server.raw("GET", query=query)
        self.assertEqual(status, 200, body)
        self.assertEqual(ET.fromstring(body).tag, NS + "CreateUserResponse")
        self.assertEqual(self.iam.get_user(UserName="bob")["User"]["Path"], "/eng/")
        status, _, body = self.server.raw("GET", query=self.form(Action="ListUsers",
                                                                 PathPrefix="/eng/"))
        self.assertEqual(status, 200, body)
        names = [e.text for e in ET.fromstring(body).iter(NS + "UserName")]
        self.assertEqual(names, ["bob"])

    def test_unknown_action(self):
        self.assertXmlError(self.server.raw(body=self.form(Action="CreateRole")), 400,
                            "InvalidAction")
        self.assertStillServing()

    def test_unknown_action_over_get(self):
        self.assertXmlError(self.server.raw("GET", query=self.form(Action="Frobnicate")), 400,
                            "InvalidAction")
        self.assertStillServing()

    def test_missing_action(self):
        self.assertXmlError(self.server.raw(body=self.form(UserName="alice")), 400)
        self.assertStillServing()

    def test_repeated_action(self):
        body = "Action=ListUsers&Action=ListUsers&Version=2010-05-08"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_repeated_member(self):
        body = "Action=GetUser&UserName=alice&UserName=bob&Version=2010-05-08"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_unknown_version(self):
        body = "Action=ListUsers&Version=2009-01-01"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_malformed_percent_encoding(self):
        for body in ["Action=ListUsers&Version=2010-05-08&PathPrefix=%ZZ",
                     "Action=ListUsers&Version=2010-05-08&PathPrefix=%2",
                     "Action=List%G1Users&Version=2010-05-08"]:
            with self.subTest(body=body):
                self.assertXmlError(self.server.raw(body=body), 400)
                self.assertStillServing()
        self.assertXmlError(self.server.raw("GET", query="Action=ListUsers&Version=2010-05-08"
                                                         "&PathPrefix=%ZZ"), 400)
        self.assertStillServing()

    def test_body_over_one_mebibyte(self):
        body = self.form(Action="ListUsers", PathPrefix="/" + "a" * (1 << 20) + "/")
        try:
            answer = self.server.raw(body=body)
        except (BrokenPipeError, ConnectionResetError) as error:
            self.fail(f"the server dropped the connection instead of answering 413: {error!r}")
        self.assertXmlError(answer, 413)
        self.assertStillServing()

    def test_body_just_under_one_mebibyte_is_read(self):
        body = self.form(Action="ListUsers")
        body += "&Padding=" + "a" * ((1 << 20) - len(body) - 100)
        status, _, answer = self.server.raw(body=body)
        self.assertNotEqual(status, 413, answer)
        ET.fromstring(answer)
        self.assertStillServing()

    def test_missing_required_member(self):
        message = self.assertXmlError(self.server.raw(body=self.form(
            Action="UploadSigningCertificate", UserName="alice")), 400, "ValidationError")
        self.assertEqual(message, "1 validation error detected: Value null at 'certificateBody' "
                                  "failed to satisfy constraint: Member must not be null")
        self.assertStillServing()

    def test_non_integer_max_items(self):
        message = self.assertXmlError(self.server.raw(body=self.form(
            Action="ListUsers", MaxItems="ten")), 400, "ValidationError")
        self.assertIn("'maxItems'", message)
        self.assertStillServing()

    def test_unsigned_raw_request(self):
        self.assertXmlError(self.server.raw(body=self.form(Action="ListUsers"), sign=False), 403,
                            "MissingAuthenticationToken")
        self.assertStillServing()

    def test_garbled_authorization_header(self):
        answer = self.server.raw(body=self.form(Action="ListUsers"), sign=False,
                                 headers={"Authorization": "AWS4-HMAC-SHA256 garbage"})
        self.assertXmlError(answer, 400)
        self.assertStillServing()

    def test_unknown_http_method(self):
        connection = http.client.HTTPConnection(self.server.host, timeout=10)
        try:
            connection.request("DELETE", "/")
            response = connection.getresponse()
            self.assertGreaterEqual(response.status, 400)
            response.read()
        finally:
            connection.close()
        self.assertStillServing()

    def upload(self):
        return self.iam.upload_signing_certificate(
            UserName="alice", CertificateBody=self.server.cert())["Certificate"]


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


class ClockTest(WireTestCase):
    """Dates come from the fake clock (--start-time, `advance`), in whole seconds."""

    def test_dates_follow_the_clock(self):
        now = self.iam.create_user(UserName="u1")["User"]["CreateDate"]
        self.server.command("advance 90")
        later = self.iam.create_user(UserName="u2")["User"]["CreateDate"]
        self.assertEqual(later - now, datetime.timedelta(seconds=90))
        uploaded = self.iam.upload_signing_certificate(
            UserName="u2", CertificateBody=self.server.cert())["Certificate"]["UploadDate"]
        self.assertEqual(uploaded, later)

    def test_certificate_expires_as_the_clock_moves(self):
        body = self.server.cert()  # valid until 2049-12-31T23:59:59Z
        step = int(datetime.datetime(2050, 6, 1, tzinfo=datetime.timezone.utc).timestamp()) - START
        self.server.command(f"advance {step}")
        try:
            with self.assertRaises(self.iam.exceptions.MalformedCertificateException):
                self.iam.upload_signing_certificate(UserName="alice", CertificateBody=body)
        finally:
            self.server.command(f"advance {-step}")
        self.iam.upload_signing_certificate(UserName="alice", CertificateBody=body)


class CliTest(WireTestCase):
    """The AWS CLI (/usr/bin/aws) against the server, JSON output parsed."""

    server_flags = ("--max-page-size", "1", "--access-key", "%s:%s:role/Deployer" % ROLE_KEY)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.line()  # the role key's credentials line
        if not os.access(AWS_CLI, os.X_OK):
            raise AssertionError(f"{AWS_CLI} is missing")
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


def make_certificate_with_openssl(directory):
    """A self-signed certificate made the usual way, valid from this moment for 365 days."""
    path = os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "365", "-subj", "/CN=fresh",
                    "-keyout", os.path.join(directory, "key.pem"), "-out", path],
                   check=True, capture_output=True)
    with open(path) as f:
        return f.read()


def make_certificate_with_cryptography():
    """The same with Python's cryptography, not_valid_before(now)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fresh")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


class ProgramTest(unittest.TestCase):
    """The fake_iam_server program itself: its output lines, a call, and SIGTERM."""

    def test_certificates_made_now_are_accepted_long_after_the_start(self):
        # The default clock is live: a certificate made "now" by the usual tools is valid.
        server = Server(users=("alice",), program=PROGRAM, start_time=None)
        self.addCleanup(server.stop)
        time.sleep(2)
        client = server.client(ROOT_KEY)
        with tempfile.TemporaryDirectory() as directory:
            bodies = [make_certificate_with_openssl(directory), make_certificate_with_cryptography()]
        for body in bodies:
            certificate = client.upload_signing_certificate(UserName="alice",
                                                            CertificateBody=body)["Certificate"]
            self.assertLess(abs(certificate["UploadDate"] -
                                datetime.datetime.now(datetime.timezone.utc)),
                            datetime.timedelta(seconds=30))

    def test_start_time_freezes_the_clock(self):
        server = Server(users=(), program=PROGRAM, start_time="2024-02-03T04:05:06Z")
        self.addCleanup(server.stop)
        client = server.client(ROOT_KEY)
        first = client.create_user(UserName="u1")["User"]["CreateDate"]
        time.sleep(1.1)
        second = client.create_user(UserName="u2")["User"]["CreateDate"]
        self.assertEqual(first, datetime.datetime(2024, 2, 3, 4, 5, 6,
                                                  tzinfo=datetime.timezone.utc))
        self.assertEqual(second, first)
        # A certificate valid from today is not yet valid on the frozen clock.
        with self.assertRaises(client.exceptions.MalformedCertificateException):
            client.upload_signing_certificate(UserName="u1",
                                              CertificateBody=make_certificate_with_cryptography())

    def test_role_key_must_name_the_user(self):
        role_key = ("AKIAROLECONFORMANCE0", "role-secret-for-the-conformance-tests-0")
        server = Server("--access-key", "%s:%s:role/Deployer" % role_key, users=("alice",),
                        keys=False, program=PROGRAM, start_time=None)
        self.addCleanup(server.stop)
        self.assertEqual(server.banner[1:],
                         [f"credentials: {role_key[0]} {role_key[1]} role/Deployer"])
        role = server.client(role_key)
        with self.assertRaises(ClientError) as caught:
            role.list_signing_certificates()
        error = caught.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationError",
                          "Must specify userName when calling with non-User credentials"))
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(role.list_signing_certificates(UserName="alice")["Certificates"], [])

    def test_error_lines_on_stderr_carry_the_diagnosis(self):
        with tempfile.TemporaryFile("w+") as log:
            proc = subprocess.Popen([PROGRAM, "--port", "0", "--access-key", "%s:%s" % ROOT_KEY],
                                    stdout=subprocess.PIPE, stderr=log, text=True)
            try:
                endpoint = proc.stdout.readline().split(" ", 1)[1].strip()
                proc.stdout.readline()  # credentials
                client = _SESSION.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                                         aws_access_key_id=ROOT_KEY[0],
                                         aws_secret_access_key=ROOT_KEY[1])
                with self.assertRaises(client.exceptions.MalformedCertificateException):
                    client.upload_signing_certificate(CertificateBody="hello")
                client.close()
            finally:
                proc.terminate()
                proc.wait(timeout=10)
                proc.stdout.close()
            log.seek(0)
            lines = log.read().splitlines()
        self.assertIn("UploadSigningCertificate root -> 400 Certificate hello is malformed. "
                      "[The body holds no PEM block; expected -----BEGIN CERTIFICATE-----.]", lines)

    def test_program_serves_and_stops_on_sigterm(self):
        server = Server(users=("alice",), program=PROGRAM, start_time=None)
        self.addCleanup(server.stop)
        self.assertEqual(server.banner[1:], [f"credentials: {ROOT_KEY[0]} {ROOT_KEY[1]} root",
                                             f"credentials: {ALICE_KEY[0]} {ALICE_KEY[1]} "
                                             "user/alice"])
        client = server.client(ALICE_KEY)
        self.assertEqual(client.get_user()["User"]["UserName"], "alice")
        client.close()
        server.proc.terminate()
        self.assertEqual(server.proc.wait(timeout=10), 0)

    def test_program_makes_a_root_key(self):
        server = Server(users=(), keys=False, program=PROGRAM, start_time=None)
        self.addCleanup(server.stop)
        (owner, key), = server.credentials.items()
        self.assertEqual(owner, "root")
        self.assertRegex(key[0], r"^AKIA[A-Z2-7]{16}$")
        self.assertEqual(len(key[1]), 40)
        client = server.client(key)
        self.assertEqual(client.get_user()["User"]["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        client.close()
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.proc.wait(timeout=10), 0)

    def test_stop_is_prompt_with_an_idle_keep_alive_connection(self):
        # fake_iam_server.h: Stop "lets requests in flight finish, and returns when the server is
        # down". A client's idle keep-alive connection is no request in flight, and boto3 keeps
        # one open after every call. (How long Stop waits varies from run to run, so try 6 times.)
        for attempt in range(6):
            server = Server(users=(), program=PROGRAM, start_time=None)
            self.addCleanup(server.stop)
            connection = http.client.HTTPConnection(server.host, timeout=10)
            self.addCleanup(connection.close)
            connection.request("POST", "/", body="Action=ListUsers&Version=2010-05-08",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            connection.getresponse().read()  # 403: unsigned; the connection stays open
            started = time.monotonic()
            server.proc.terminate()
            self.assertEqual(server.proc.wait(timeout=10), 0)
            self.assertLess(time.monotonic() - started, 2.0,
                            f"attempt {attempt}: SIGTERM waited for the idle connection's timeout")


if __name__ == "__main__":
    unittest.main()
