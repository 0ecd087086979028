"""The fake_iam_server program itself (no control channel): its output, clock, keys, error log
and stop."""

import datetime
import http.client
import os
import signal
import subprocess
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

from harness import ACCOUNT, ALICE_KEY, PROGRAM, ROOT_KEY, SESSION, Server


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
                client = SESSION.client("iam", endpoint_url=endpoint, region_name="us-east-1",
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
