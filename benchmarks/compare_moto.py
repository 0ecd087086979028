#!/usr/bin/env python3
"""The same boto3 IAM calls against moto's in-process mock_aws and against fake_iam_server.

    compare_moto.py [--iterations N] [--server PATH | --build-dir DIR] [--accept-any-credentials]

Each iteration makes the eight calls of a certificate's life: create_user,
upload_signing_certificate, list_signing_certificates, update_signing_certificate, get_user,
list_users, delete_signing_certificate, delete_user. So the state stays small and the same for
both: each iteration deletes what it made, and list_users sees one user.

The two targets run in alternating rounds (noise hits both alike). A third column, "botocore
alone", replays fake_iam's recorded answers from a before-send hook: what boto3 costs with no
service at all, so that the service's own share of each call can be told apart ("minus botocore":
(moto - botocore alone) / (fake_iam - botocore alone)). moto answers from the same hook, so it pays
no HTTP; fake_iam's share includes Python's HTTP stack, timed apart as a bare urllib3 round trip.

fake_iam_server is started by this script: --server (or a path as the only argument), else
$FAKE_IAM_SERVER, else fake_iam_server in --build-dir, $FAKE_IAM_BUILD_DIR or the build/ directory
beside benchmarks/. By default it checks SigV4 signatures with the root key it
prints; --accept-any-credentials starts it with that flag instead.
Certificates: 200 distinct EC P-256 ones, made with the `cryptography` package, else with the
openssl command line.
"""

import argparse
import datetime
import io
import os
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.awsrequest
from botocore.config import Config

# build/ at the top of the source tree, the build directory the README's commands make.
DEFAULT_BUILD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build")

OPERATIONS = [
    "create_user",
    "upload_signing_certificate",
    "list_signing_certificates",
    "update_signing_certificate",
    "get_user",
    "list_users",
    "delete_signing_certificate",
    "delete_user",
]
TARGET = 2.0  # fake_iam at least twice as fast as moto per call


def make_certificates(count):
    """`count` distinct self-signed EC P-256 certificates, PEM text."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return make_certificates_with_openssl(count)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    certificates = []
    for i in range(count):
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"compare-moto-{i}")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .sign(key, hashes.SHA256())
        )
        certificates.append(certificate.public_bytes(serialization.Encoding.PEM).decode())
    return certificates


def make_certificates_with_openssl(count):
    certificates = []
    with tempfile.TemporaryDirectory() as directory:
        key = os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
                        "-out", key], check=True)
        for i in range(count):
            out = subprocess.run(
                ["openssl", "req", "-x509", "-new", "-key", key, "-days", "365",
                 "-subj", f"/CN=compare-moto-{i}", "-set_serial", str(i + 1)],
                check=True, capture_output=True, text=True)
            certificates.append(out.stdout)
    return certificates


class Timings:
    def __init__(self):
        self.seconds = {op: 0.0 for op in OPERATIONS}
        self.calls = {op: 0 for op in OPERATIONS}

    def per_call_us(self, op=None):
        if op is None:
            return 1e6 * sum(self.seconds.values()) / max(1, sum(self.calls.values()))
        return 1e6 * self.seconds[op] / max(1, self.calls[op])


def run_iterations(client, certificates, first, count, timings):
    clock = time.perf_counter
    for i in range(first, first + count):
        user = f"bench-user-{i}"
        body = certificates[i % len(certificates)]
        t = clock()
        client.create_user(UserName=user)
        t1 = clock()
        certificate_id = client.upload_signing_certificate(
            UserName=user, CertificateBody=body)["Certificate"]["CertificateId"]
        t2 = clock()
        listed = client.list_signing_certificates(UserName=user)["Certificates"]
        t3 = clock()
        client.update_signing_certificate(
            UserName=user, CertificateId=certificate_id, Status="Inactive")
        t4 = clock()
        client.get_user(UserName=user)
        t5 = clock()
        client.list_users()
        t6 = clock()
        client.delete_signing_certificate(UserName=user, CertificateId=certificate_id)
        t7 = clock()
        client.delete_user(UserName=user)
        t8 = clock()
        assert len(listed) == 1, listed
        for op, seconds in zip(OPERATIONS, (t1 - t, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5,
                                            t7 - t6, t8 - t7)):
            if timings is not None:
                timings.seconds[op] += seconds
                timings.calls[op] += 1


def start_server(path, accept_any):
    command = [path, "--port", "0"]
    if accept_any:
        command.append("--accept-any-credentials")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    endpoint = process.stdout.readline().split()[-1]
    key_id, secret = process.stdout.readline().split()[1:3]
    if not endpoint.startswith("http://"):
        process.kill()
        sys.exit(f"fake_iam_server did not print its endpoint: {endpoint!r}")
    return process, endpoint, key_id, secret


class RawBody(io.BytesIO):
    def stream(self, **kwargs):
        contents = self.read()
        while contents:
            yield contents
            contents = self.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=400,
                        help="iterations per target (8 calls each); default 400")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds; default 4")
    parser.add_argument("--server", default=os.environ.get("FAKE_IAM_SERVER"),
                        help="the fake_iam_server program; default: $FAKE_IAM_SERVER, else "
                             "fake_iam_server in the build directory")
    parser.add_argument("--build-dir", default=os.environ.get("FAKE_IAM_BUILD_DIR", DEFAULT_BUILD),
                        help="the build directory; default: $FAKE_IAM_BUILD_DIR, else build/ at "
                             "the top of the source tree")
    parser.add_argument("--accept-any-credentials", action="store_true")
    parser.add_argument("server_path", nargs="?", help="same as --server")
    args = parser.parse_args()
    server_path = (args.server_path or args.server or
                   os.path.join(args.build_dir, "fake_iam_server"))
    if not (os.path.isfile(server_path) and os.access(server_path, os.X_OK)):
        sys.exit(f"{server_path} is missing: build the fake_iam_server_main target, or name the "
                 "program with --server or $FAKE_IAM_SERVER")

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from moto import mock_aws  # imported late: it installs its botocore hook at import

    certificates = make_certificates(200)
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    process, endpoint, key_id, secret = start_server(server_path, args.accept_any_credentials)
    try:
        fake = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id=key_id, aws_secret_access_key=secret,
                            config=config)
        # Record one answer of each kind from fake_iam, for the botocore-alone column.
        answers = {}

        def record(http_response, model, **kwargs):
            answers.setdefault(model.name, http_response.content)

        fake.meta.events.register("after-call.iam", record)
        run_iterations(fake, certificates, 0, 20, None)  # warm-up: connection, caches
        fake.meta.events.unregister("after-call.iam", record)

        replay = boto3.client("iam", endpoint_url="http://127.0.0.1:9", region_name="us-east-1",
                              aws_access_key_id=key_id, aws_secret_access_key=secret,
                              config=config)

        def answer(request, **kwargs):
            action = request.body.decode() if isinstance(request.body, bytes) else request.body
            action = dict(p.split("=", 1) for p in action.split("&"))["Action"]
            return botocore.awsrequest.AWSResponse(request.url, 200, {}, RawBody(answers[action]))

        replay.meta.events.register("before-send.iam", answer)
        run_iterations(replay, certificates, 0, 20, None)

        # The HTTP stack alone: urllib3 (which botocore uses) posting a ListUsers form on a
        # keep-alive connection; unsigned, so with signatures checked it gets a 403.
        import urllib3
        pool = urllib3.PoolManager(maxsize=1)
        form = "Action=ListUsers&Version=2010-05-08"
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        for _ in range(50):
            pool.request("POST", endpoint + "/", body=form, headers=headers).data
        t = time.perf_counter()
        for _ in range(500):
            pool.request("POST", endpoint + "/", body=form, headers=headers).data
        http_us = (time.perf_counter() - t) / 500 * 1e6

        with mock_aws():  # warm-up of moto too
            moto_client = boto3.client("iam", region_name="us-east-1", config=config)
            run_iterations(moto_client, certificates, 0, 20, None)

        results = {"moto": Timings(), "fake_iam": Timings(), "botocore alone": Timings()}
        per_round = max(1, args.iterations // args.rounds)
        started = time.perf_counter()
        for r in range(args.rounds):
            first = 1000 + r * per_round
            with mock_aws():
                moto_client = boto3.client("iam", region_name="us-east-1", config=config)
                run_iterations(moto_client, certificates, first, per_round, results["moto"])
            run_iterations(fake, certificates, first, per_round, results["fake_iam"])
            run_iterations(replay, certificates, first, per_round, results["botocore alone"])
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)

    moto, ours, alone = results["moto"], results["fake_iam"], results["botocore alone"]
    mode = "any credentials" if args.accept_any_credentials else "SigV4 checked"
    print(f"\n==== compare_moto: boto3 {boto3.__version__}, {args.rounds * per_round} iterations "
          f"x 8 calls per target, {elapsed:.1f} s ====")
    print(f"fake_iam_server: {server_path} ({mode}), HTTP keep-alive on loopback; "
          f"moto: mock_aws in process")
    print(f"{'call':<28}{'moto us':>10}{'fake_iam us':>13}{'botocore us':>13}"
          f"{'moto/fake':>11}{'minus botocore':>16}")
    rows = OPERATIONS + [None]
    for op in rows:
        m, f, b = moto.per_call_us(op), ours.per_call_us(op), alone.per_call_us(op)
        service = (m - b) / (f - b) if f - b > 0 else float("inf")
        print(f"{op or 'all calls':<28}{m:>10.0f}{f:>13.0f}{b:>13.0f}{m / f:>10.2f}x"
              f"{service:>15.1f}x")
    ratio = moto.per_call_us() / ours.per_call_us()
    verdict = "MET" if ratio >= TARGET else "MISSED"
    print(f"{verdict:<7} fake_iam vs moto, boto3 end to end: {ratio:.2f}x faster "
          f"(target >= {TARGET:.0f}x); botocore alone is {alone.per_call_us():.0f} us of each "
          f"call")
    print(f"info    a bare urllib3 POST round trip to fake_iam_server: {http_us:.0f} us "
          f"(Python's HTTP stack plus the server)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
