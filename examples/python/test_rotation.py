"""Tests rotation.py, which calls IAM with boto3, against fake_iam_server with the `fake_iam`
fixture (pip install ./python; docs/server.md "Python tests")."""
# [START python_fixture]
import datetime

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from rotation import rotate_signing_certificate


def new_certificate_pem():
    """A fresh self-signed P-256 certificate, valid 2020-2049."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rotation-test")])
    utc = datetime.timezone.utc
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=utc))
                   .not_valid_after(datetime.datetime(2049, 12, 31, tzinfo=utc))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def iam_client(attempts):
    # boto3 finds the fake through AWS_ENDPOINT_URL_IAM and the key the fixture set.
    return boto3.client("iam", config=Config(retries={"mode": "standard",
                                                      "total_max_attempts": attempts}))


def test_rotation_survives_a_failed_upload(fake_iam):
    fake_iam.create_user("deployer")  # set-up: not recorded, never faulted
    iam = iam_client(attempts=3)
    old = iam.upload_signing_certificate(UserName="deployer", CertificateBody=new_certificate_pem())
    old_id = old["Certificate"]["CertificateId"]
    fake_iam.clear_calls()  # from here on, only the rotation's calls
    fake_iam.inject_fault("ServiceFailure", operation="UploadSigningCertificate", user="deployer")

    new_id = rotate_signing_certificate(iam, "deployer", new_certificate_pem())

    calls = fake_iam.calls()
    assert [(call["operation"], call["injected"]) for call in calls] == [
        ("ListSigningCertificates", False),
        ("UploadSigningCertificate", True),  # answered ServiceFailure (HTTP 500): boto3 retried
        ("UploadSigningCertificate", False),
        ("UpdateSigningCertificate", False),
    ]
    assert calls[1]["error"]["code"] == "ServiceFailure"
    assert calls[3]["request"] == {"UserName": "deployer", "CertificateId": old_id,
                                   "Status": "Inactive"}
    assert all(call["over_http"] and call["caller"] == "root" for call in calls)
    certificates = fake_iam.state()["users"][0]["certificates"]
    assert {c["certificate_id"]: c["status"] for c in certificates} == {
        old_id: "Inactive", new_id: "Active"}
# [END python_fixture]


def test_rotation_stops_when_deactivation_stays_throttled(fake_iam):
    fake_iam.create_user("deployer")
    iam = iam_client(attempts=2)
    old_id = rotate_signing_certificate(iam, "deployer", new_certificate_pem())
    fault = fake_iam.inject_fault("Throttling", operation="UpdateSigningCertificate", always=True)

    with pytest.raises(ClientError) as raised:
        rotate_signing_certificate(iam, "deployer", new_certificate_pem())

    assert raised.value.response["Error"]["Code"] == "Throttling"
    updates = fake_iam.calls("UpdateSigningCertificate")
    assert [call["injected"] for call in updates] == [True, True]  # the first try and one retry
    assert fake_iam.faults() == [{"id": fault, "rule": {"error": "Throttling", "always": True,
                                                        "operation": "UpdateSigningCertificate"},
                                  "fired": 2, "active": True}]
    # Half done: the new certificate is in, and the old one still works.
    statuses = [c["status"] for c in fake_iam.state()["users"][0]["certificates"]]
    assert statuses == ["Active", "Active"]
    assert old_id in [c["certificate_id"] for c in fake_iam.state()["users"][0]["certificates"]]
