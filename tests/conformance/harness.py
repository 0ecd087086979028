"""The harness of the wire conformance tests (tests/conformance/test_*.py).

Real clients talk to tests/conformance/conformance_server (fake_iam_server plus a control channel on
stdin for faults, records, the clock and test certificates): boto3/botocore, raw SigV4-signed HTTP,
the AWS CLI, and, for a differential check, moto's in-process mock_aws. Each test module holds the
tests of one subject; this one holds what they share: `Server` (one server process), `WireTestCase`
(a server per class, reset before each test, and assertions on IAM's answers) and the constants.

Run them all (CTest's `conformance` test does, through run.sh):

    FAKE_IAM_CONFORMANCE_SERVER=build/conformance_server \
        python3 -m unittest discover -s tests/conformance -p 'test_*.py' -v

FAKE_IAM_CONFORMANCE_SERVER names the conformance_server program and FAKE_IAM_SERVER the
fake_iam_server program; without them both are looked for in build/ at the top of the source tree,
and FAKE_IAM_SERVER defaults to the directory of the conformance server.
"""

import datetime
import http.client
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import unittest
import urllib.parse
import uuid
from unittest import mock

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

_SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _program(variable, default):
    """The absolute path named by the environment variable, or else the default."""
    return os.path.abspath(os.environ.get(variable) or default)


SERVER = _program("FAKE_IAM_CONFORMANCE_SERVER",
                  os.path.join(_SOURCE_ROOT, "build", "conformance_server"))
PROGRAM = _program("FAKE_IAM_SERVER", os.path.join(os.path.dirname(SERVER), "fake_iam_server"))
AWS_CLI = shutil.which("aws")

ACCOUNT = "123456789012"
ROOT_KEY = ("AKIAROOTCONFORMANCE0", "root-secret-for-the-conformance-tests-00")
ALICE_KEY = ("AKIAALICECONFORMANCE", "alice-secret-for-the-conformance-tests-0")
ROLE_KEY = ("AKIAROLECONFORMANCE0", "role-secret-for-the-conformance-tests-0")
START = 1700000000  # 2023-11-14T22:13:20Z, the fake clock's start (--start-time)
NS = "{https://iam.amazonaws.com/doc/2010-05-08/}"

USER_ID = re.compile(r"^AIDA[A-Z2-7]{17}$")
CERTIFICATE_ID = re.compile(r"^[A-Z2-7]{32}$")
ACCESS_KEY_ID = re.compile(r"^AKIA[A-Z2-7]{16}$")
REQUEST_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

# The boto3 session every test's clients come from.
SESSION = boto3.session.Session()


def utc(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def _require_program(program):
    if os.path.isfile(program) and os.access(program, os.X_OK):
        return
    if program == SERVER:
        how = ("build the conformance_server target, or name it with "
               "FAKE_IAM_CONFORMANCE_SERVER=/path/to/conformance_server")
    else:
        how = ("build the fake_iam_server_main target, or name it with "
               "FAKE_IAM_SERVER=/path/to/fake_iam_server")
    raise AssertionError(f"{program} is missing: {how}")


class Server:
    """A conformance_server subprocess and its stdin control channel."""

    def __init__(self, *flags, users=("alice",), keys=True, program=SERVER, start_time=START):
        _require_program(program)
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

    def client(self, key=ROOT_KEY, attempts=1, mode="standard", region="us-east-1", **config):
        retries = {"mode": mode, "total_max_attempts": attempts} if attempts else None
        client = SESSION.client(
            "iam", endpoint_url=self.endpoint, region_name=region,
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
        return error.get("Message")  # absent when IAM sends none (ReportNotPresent)

    def upload(self, user="alice", body=None, client=None):
        body = body or self.server.cert()
        kwargs = {"CertificateBody": body}
        if user is not None:
            kwargs["UserName"] = user
        return (client or self.iam).upload_signing_certificate(**kwargs)["Certificate"]
