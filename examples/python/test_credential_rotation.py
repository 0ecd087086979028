"""Tests rotation.py's rotate_credentials and confirm_rotation, which call IAM with boto3, against
fake_iam_server with the `fake_iam` fixture: the certificate and the access key replaced, and IAM's
credential report read back to confirm it."""
import boto3
import pytest
from botocore.exceptions import ClientError

from rotation import (ReportTooOld, RotationNotConfirmed, RotationRefused, confirm_rotation,
                      rotate_credentials)
from test_rotation import iam_client, new_certificate_pem

USER = "deployer"


def give_deployer(iam):
    """Set-up over the wire: the user's current certificate and access key."""
    certificate = iam.upload_signing_certificate(UserName=USER,
                                                 CertificateBody=new_certificate_pem())
    key = iam.create_access_key(UserName=USER)["AccessKey"]
    return certificate["Certificate"], key


def client_signing_with(fake_iam, key):
    return boto3.client("iam", endpoint_url=fake_iam.endpoint, region_name=fake_iam.region,
                        aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])


def key_statuses(iam):
    return {key["AccessKeyId"]: key["Status"]
            for key in iam.list_access_keys(UserName=USER)["AccessKeyMetadata"]}


def test_rotation_is_confirmed_by_the_credential_report(fake_iam):
    fake_iam.create_user(USER)
    iam = iam_client(attempts=3)
    old_certificate, old_key = give_deployer(iam)
    fake_iam.clear_calls()
    # Real IAM answers ReportInProgress while it builds the report; the fake's is ready at once.
    fake_iam.inject_fault("ReportInProgress", operation="GetCredentialReport")
    installed, sleeps = [], []

    rotated = rotate_credentials(iam, USER, new_certificate_pem(),
                                 install_access_key=installed.append)
    row = confirm_rotation(iam, USER, rotated, sleep=sleeps.append)

    new_key = rotated["access_key"]
    assert installed == [new_key] and len(new_key["SecretAccessKey"]) == 40
    assert sleeps == [5.0]
    reports = fake_iam.calls("GetCredentialReport")
    assert [(call["injected"], (call["error"] or {}).get("code")) for call in reports] == [
        (True, "ReportInProgress"), (False, None)]
    assert {column: row[column] for column in (
        "cert_1_active", "cert_2_active", "access_key_1_active", "access_key_2_active")} == {
        "cert_1_active": "true", "cert_2_active": "false",
        "access_key_1_active": "true", "access_key_2_active": "false"}
    assert row["access_key_1_last_rotated"] == new_key["CreateDate"].isoformat()
    assert row["access_key_2_last_rotated"] == "N/A"
    # IAM holds the new credentials only.
    assert key_statuses(iam) == {new_key["AccessKeyId"]: "Active"}
    certificates = fake_iam.state()["users"][0]["certificates"]
    assert [(c["certificate_id"], c["status"]) for c in certificates] == [
        (rotated["certificate"]["CertificateId"], "Active")]
    assert old_certificate["CertificateId"] != rotated["certificate"]["CertificateId"]
    # The old key no longer signs; the new one does, at once.
    with pytest.raises(ClientError) as refused:
        client_signing_with(fake_iam, old_key).get_user()
    assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert client_signing_with(fake_iam, new_key).get_user()["User"]["UserName"] == USER


def test_a_failed_create_access_key_keeps_the_old_key(fake_iam):
    fake_iam.create_user(USER)
    iam = iam_client(attempts=3)
    _, old_key = give_deployer(iam)
    fake_iam.inject_fault("LimitExceeded", operation="CreateAccessKey")

    with pytest.raises(ClientError) as raised:
        rotate_credentials(iam, USER, new_certificate_pem())

    assert raised.value.response["Error"]["Code"] == "LimitExceeded"
    assert key_statuses(iam) == {old_key["AccessKeyId"]: "Active"}
    assert fake_iam.calls("UpdateAccessKey") == []
    assert client_signing_with(fake_iam, old_key).get_user()["User"]["UserName"] == USER


def test_two_active_keys_stop_the_rotation_before_anything_changes(fake_iam):
    fake_iam.create_user(USER)
    iam = iam_client(attempts=3)
    give_deployer(iam)
    iam.create_access_key(UserName=USER)
    fake_iam.clear_calls()

    with pytest.raises(RotationRefused):
        rotate_credentials(iam, USER, new_certificate_pem())

    assert [call["operation"] for call in fake_iam.calls()] == [
        "ListAccessKeys", "ListSigningCertificates"]


def test_a_report_older_than_the_rotation_confirms_nothing(fake_iam):
    fake_iam.create_user(USER)
    iam = iam_client(attempts=3)
    give_deployer(iam)
    iam.generate_credential_report()
    fake_iam.advance_clock(3600)  # IAM reuses a report for 4 hours
    rotated = rotate_credentials(iam, USER, new_certificate_pem())

    with pytest.raises(ReportTooOld):
        confirm_rotation(iam, USER, rotated)

    fake_iam.advance_clock(3 * 3600)
    assert confirm_rotation(iam, USER, rotated)["access_key_1_active"] == "true"


def test_a_key_made_after_the_rotation_fails_the_confirmation(fake_iam):
    fake_iam.create_user(USER)
    iam = iam_client(attempts=3)
    give_deployer(iam)
    rotated = rotate_credentials(iam, USER, new_certificate_pem())
    iam.create_access_key(UserName=USER)

    with pytest.raises(RotationNotConfirmed, match="2 Active access key"):
        confirm_rotation(iam, USER, rotated)
