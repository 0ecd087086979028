"""A client for fake_iam_server's control API (JSON under /_fake_iam/), standard library only.

    control = FakeIamControl("http://127.0.0.1:40123")
    control.create_user("bob")
    fault = control.inject_fault("ServiceFailure", operation="UploadSigningCertificate", times=2)
    ...  # run the code under test against the server
    assert [c["operation"] for c in control.calls()] == [...]

Each method is one request; docs/server.md lists the endpoints and their JSON.
"""

import datetime
import json
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["FakeIamControl", "FakeIamControlError"]


class FakeIamControlError(Exception):
    """The control API refused a request: `status` is the HTTP status, `message` its reason, and
    `code` the IAM error code when the backend refused it (EntityAlreadyExists, NoSuchEntity, ...).
    """

    def __init__(self, status, message, code=None):
        super().__init__(f"HTTP {status}: {message}" + (f" ({code})" if code else ""))
        self.status = status
        self.message = message
        self.code = code


def _iso_utc(when):
    if isinstance(when, str):
        return when
    if when.tzinfo is None:
        raise ValueError("set_clock wants an aware datetime (tzinfo=datetime.timezone.utc) or a str")
    text = when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}"
    return text + "Z"


class FakeIamControl:
    """The control API of one fake_iam_server. `token` is the server's --control-token, if any."""

    def __init__(self, endpoint, token=None, timeout=30):
        self.endpoint = endpoint.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None, query=None):
        """One request to /_fake_iam/<path>; returns the decoded JSON answer."""
        url = f"{self.endpoint}/_fake_iam/{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                answer = json.loads(text)
            except ValueError:
                answer = {"error": text}
            raise FakeIamControlError(error.code, answer.get("error", text),
                                      answer.get("code")) from None

    # State.

    def reset(self):
        """Empties users, certificates, access keys, faults and recorded calls; ids start over.
        The clock is kept."""
        self.request("POST", "reset", {})

    def state(self):
        """{"users": [...], "root_certificates": [...]}: what the fake holds now."""
        return self.request("GET", "state")

    def create_user(self, user_name, path="/"):
        """Set-up: not recorded, never faulted. Returns the user as state() shows it."""
        return self.request("POST", "users", {"user_name": user_name, "path": path})

    def create_access_key(self, owner="root", access_key_id=None, secret_access_key=None):
        """A key for "root", "user/NAME" or "role/NAME"; the server makes one up unless both
        access_key_id and secret_access_key are given. Returns both."""
        body = {"owner": owner}
        if access_key_id is not None or secret_access_key is not None:
            body.update(access_key_id=access_key_id, secret_access_key=secret_access_key)
        return self.request("POST", "access-keys", body)

    # Faults.

    def inject_fault(self, error=None, **rule):
        """Adds a fault rule and returns its id. `error` is an IAM error code ("ServiceFailure");
        instead of it, pass delay_only=True (with delay_ms), drop_connection=True or
        http_status=503. Other keywords: operation, user, after_calls, times, always, message,
        delay_ms, allow_any_error. A rule InjectFault would refuse raises FakeIamControlError."""
        body = {key: value for key, value in rule.items() if value is not None}
        if error is not None:
            body["error"] = error
        return self.request("POST", "faults", body)["id"]

    def faults(self):
        """[{"id", "rule", "fired", "active"}, ...] for the rules made through this API."""
        return self.request("GET", "faults")["faults"]

    def remove_fault(self, fault_id):
        self.request("DELETE", f"faults/{int(fault_id)}")

    def clear_faults(self):
        self.request("DELETE", "faults")

    # Recorded calls.

    def calls(self, operation=None):
        """The IAM calls answered, in order: [{"sequence", "operation", "caller", "request",
        "error", "injected", "over_http", "time"}, ...], optionally of one operation only."""
        query = {"operation": operation} if operation else None
        return self.request("GET", "calls", query=query)["calls"]

    def clear_calls(self):
        self.request("DELETE", "calls")

    # The clock.

    def clock(self):
        """{"now": "2026-01-02T03:04:05Z", "mode": "live" or "frozen"}."""
        return self.request("GET", "clock")

    def set_clock(self, when):
        """Freezes the clock at `when`: an aware datetime or "2026-01-02T03:04:05Z"."""
        return self.request("POST", "clock", {"set": _iso_utc(when)})

    def advance_clock(self, seconds):
        """Moves the clock on by `seconds` (a number or a timedelta), frozen or live."""
        if isinstance(seconds, datetime.timedelta):
            seconds = seconds.total_seconds()
        return self.request("POST", "clock", {"advance_seconds": seconds})

    def use_live_clock(self):
        """Follows real time again."""
        return self.request("POST", "clock", {"mode": "live"})

    def freeze_clock(self):
        """Stops the clock where it is."""
        return self.request("POST", "clock", {"mode": "frozen"})
