"""The `fake_iam` fixture and its control client against a real fake_iam_server."""
import datetime
import os
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from fake_iam_pytest import FakeIamControlError, FakeIamServerProcess

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


def test_is_found_through_its_entry_point(pytestconfig):
    assert pytestconfig.pluginmanager.hasplugin("fake_iam")


def test_points_boto3_at_the_fake(fake_iam):
    assert os.environ["AWS_ENDPOINT_URL_IAM"] == fake_iam.endpoint
    assert os.environ["AWS_ACCESS_KEY_ID"] == fake_iam.access_key_id
    user = boto3.client("iam").get_user()["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:root"
    assert boto3.client("iam", **fake_iam.client_kwargs()).list_users()["Users"] == []


def test_a_changes_everything(fake_iam):
    fake_iam.create_user("leftover")
    fake_iam.inject_fault("ServiceFailure", operation="ListUsers", always=True)
    fake_iam.set_clock("2030-01-01T00:00:00Z")
    with pytest.raises(ClientError):
        boto3.client("iam", config=NO_RETRIES).list_users()


def test_b_starts_afresh_after_it(fake_iam):
    state = fake_iam.state()
    assert state["users"] == [] and state["root_certificates"] == []
    # Only the key the server was started with, which signs the fixture's clients.
    assert [key["access_key_id"] for key in state["root_access_keys"]] == [fake_iam.access_key_id]
    assert fake_iam.faults() == [] and fake_iam.calls() == []
    assert fake_iam.clock()["mode"] == "live"
    assert boto3.client("iam").list_users()["Users"] == []  # the key works again
    assert fake_iam.inject_fault("Throttling") == 1  # fault ids start over


def test_state_shows_users_and_certificates(fake_iam, make_certificate):
    user = fake_iam.create_user("bob", path="/ops/")
    assert user["arn"] == "arn:aws:iam::123456789012:user/ops/bob"
    pem, fingerprint = make_certificate()
    iam = boto3.client("iam")
    certificate = iam.upload_signing_certificate(UserName="bob", CertificateBody=pem)["Certificate"]
    root_pem, root_fingerprint = make_certificate()
    iam.upload_signing_certificate(CertificateBody=root_pem)
    state = fake_iam.state()
    assert [u["user_name"] for u in state["users"]] == ["bob"]
    assert state["users"][0]["certificates"] == [{
        "certificate_id": certificate["CertificateId"], "status": "Active",
        "upload_date": certificate["UploadDate"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        "fingerprint_sha256": fingerprint}]
    assert [c["fingerprint_sha256"] for c in state["root_certificates"]] == [root_fingerprint]
    with pytest.raises(FakeIamControlError) as exists:
        fake_iam.create_user("BOB")
    assert (exists.value.status, exists.value.code) == (409, "EntityAlreadyExists")


def test_faults_and_recorded_calls(fake_iam):
    iam = boto3.client("iam", config=NO_RETRIES)
    fault = fake_iam.inject_fault("NoSuchEntity", operation="GetUser", user="ghost", message="gone")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="ghost")
    call = fake_iam.calls("GetUser")[0]
    assert call["request"] == {"UserName": "ghost"}
    assert call["error"] == {"code": "NoSuchEntity", "message": "gone"}
    assert call["injected"] and call["over_http"] and call["caller"] == "root"
    assert fake_iam.faults()[0]["fired"] == 1 and not fake_iam.faults()[0]["active"]
    fake_iam.remove_fault(fault)
    assert fake_iam.faults() == []

    fake_iam.inject_fault(http_status=503, operation="ListUsers")  # boto3 retries it
    assert boto3.client("iam").list_users()["Users"] == []
    fake_iam.clear_faults()
    fake_iam.clear_calls()
    assert fake_iam.calls() == []


def test_refusals_raise_with_the_reason(fake_iam):
    with pytest.raises(FakeIamControlError) as refused:
        fake_iam.inject_fault("DeleteConflict", operation="ListUsers")
    assert refused.value.status == 400 and "never returns DeleteConflict" in refused.value.message
    with pytest.raises(FakeIamControlError) as bad:
        fake_iam.request("POST", "users", {"user_name": 7})
    assert bad.value.message == "'user_name': wants a string, got 7"


def test_clock(fake_iam, make_certificate):
    when = datetime.datetime(2031, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)
    assert fake_iam.set_clock(when) == {"now": "2031-02-03T04:05:06Z", "mode": "frozen"}
    assert fake_iam.advance_clock(datetime.timedelta(days=1))["now"] == "2031-02-04T04:05:06Z"
    fake_iam.create_user("bob")
    boto3.client("iam").upload_signing_certificate(UserName="bob",
                                                   CertificateBody=make_certificate()[0])
    assert fake_iam.state()["users"][0]["certificates"][0]["upload_date"] == "2031-02-04T04:05:06Z"
    assert fake_iam.calls()[0]["time"] == "2031-02-04T04:05:06Z"
    assert fake_iam.freeze_clock()["mode"] == "frozen"
    assert fake_iam.use_live_clock()["mode"] == "live"


def test_keys_for_users_and_roles(fake_iam):
    fake_iam.create_user("carol")
    key = fake_iam.create_access_key("user/carol")
    carol = boto3.client("iam", aws_access_key_id=key["access_key_id"],
                         aws_secret_access_key=key["secret_access_key"])
    assert carol.get_user()["User"]["UserName"] == "carol"
    fake_iam.create_access_key("role/Deployer", "AKIDROLE", "role-secret")
    role = boto3.client("iam", aws_access_key_id="AKIDROLE", aws_secret_access_key="role-secret")
    role.list_users()
    assert [call["caller"] for call in fake_iam.calls()] == ["user/carol", "role/Deployer"]


def test_the_client_works_without_pytest_or_the_fixture():
    code = ("import sys, fake_iam_pytest; assert 'pytest' not in sys.modules; "
            "server = fake_iam_pytest.FakeIamServerProcess().start(); "
            "server.control.create_user('dora'); "
            "print(server.control.state()['users'][0]['user_name']); server.stop()")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "dora\n"


def test_a_second_server_with_a_control_token_and_keys_of_its_own():
    args = ["--user", "erin", "--access-key", "AKIDERIN:s1:user/erin", "--access-key", "AKIDR:s2"]
    with FakeIamServerProcess(args=args, control_token="t0ken") as server:
        assert server.keys == [("AKIDERIN", "s1", "user/erin"), ("AKIDR", "s2", "root")]
        assert (server.access_key_id, server.key_owner) == ("AKIDERIN", "user/erin")
        assert [u["user_name"] for u in server.control.state()["users"]] == ["erin"]
        server.control.token = None
        with pytest.raises(FakeIamControlError) as refused:
            server.control.state()
        assert refused.value.status == 401


def test_the_token_among_the_arguments_is_used():
    with FakeIamServerProcess(args=["--control-token=s3cret"]) as server:
        assert server.control.token == "s3cret"
        assert server.control.clock()["mode"] == "live"
