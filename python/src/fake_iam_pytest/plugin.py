"""pytest fixtures for fake_iam_server, loaded by the pytest11 entry point on install.

    def test_rotation(fake_iam):            # the whole set-up
        fake_iam.create_user("bob")
        iam = boto3.client("iam")           # the environment points boto3 at the fake
        ...
        assert fake_iam.calls()[0]["operation"] == "ListSigningCertificates"

One server runs for the whole session (fixture `fake_iam_server`). Before each test that asks
for `fake_iam` it is reset to how it started: the users and keys it was started with (the first
key is the one in the environment), no certificates, fault rules or recorded calls, and the clock
as it was.
"""

import os
import shlex

import pytest

from .control import FakeIamControl
from .server import FakeIamServerProcess, find_server

REGION = "us-east-1"

# Settings that would make an SDK sign with other credentials or call another endpoint.
_CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")


def pytest_addoption(parser):
    group = parser.getgroup("fake_iam")
    group.addoption("--fake-iam-server", default=None, metavar="PATH",
                    help="the fake_iam_server program (default: $FAKE_IAM_SERVER, then PATH)")
    parser.addini("fake_iam_server_args", type="args", default=[],
                  help="more arguments for fake_iam_server, e.g. --seed 7 --user alice "
                       "(also $FAKE_IAM_SERVER_ARGS)")


class FakeIam(FakeIamControl):
    """What a test gets: the control API client, and the endpoint, key and region that the
    environment (AWS_ENDPOINT_URL_IAM, AWS_ACCESS_KEY_ID, ...) points SDKs at."""

    def __init__(self, server):
        super().__init__(server.endpoint, token=server.control_token)
        self.server = server
        self.access_key_id = server.access_key_id
        self.secret_access_key = server.secret_access_key
        self.region = REGION

    def client_kwargs(self):
        """Explicit boto3.client("iam", **kwargs) arguments, for code that ignores the env."""
        return {"endpoint_url": self.endpoint, "aws_access_key_id": self.access_key_id,
                "aws_secret_access_key": self.secret_access_key, "region_name": self.region}


@pytest.fixture(scope="session")
def fake_iam_server(request):
    """The fake_iam_server process of this session (FakeIamServerProcess)."""
    try:
        binary = find_server(request.config.getoption("--fake-iam-server"))
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    args = list(request.config.getini("fake_iam_server_args"))
    args += shlex.split(os.environ.get("FAKE_IAM_SERVER_ARGS", ""))
    server = FakeIamServerProcess(binary, args).start()
    # How it started, to come back to before each test.
    server.initial_users = [(user["user_name"], user["path"])
                            for user in server.control.state()["users"]]
    server.initial_clock = server.control.clock()
    yield server
    server.stop()


@pytest.fixture
def fake_iam(fake_iam_server, monkeypatch):
    """A fresh fake IAM for this test, with boto3 and the AWS CLI pointed at it (FakeIam)."""
    server = fake_iam_server
    control = FakeIam(server)
    control.reset()
    for user_name, path in server.initial_users:
        control.create_user(user_name, path)
    for access_key_id, secret_access_key, owner in server.keys:
        control.create_access_key(owner, access_key_id, secret_access_key)
    if server.initial_clock["mode"] == "frozen":
        control.set_clock(server.initial_clock["now"])
    else:
        control.use_live_clock()
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", server.endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", server.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", server.secret_access_key)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    return control
