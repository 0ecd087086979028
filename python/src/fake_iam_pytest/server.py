"""Runs the fake_iam_server program on a free loopback port, standard library only.

    with FakeIamServerProcess() as server:       # finds the program: $FAKE_IAM_SERVER, then PATH
        server.endpoint                          # "http://127.0.0.1:40123"
        server.access_key_id, server.secret_access_key
        server.control.create_user("bob")        # FakeIamControl
"""

import collections
import os
import queue
import shutil
import subprocess
import threading

from .control import FakeIamControl

__all__ = ["FakeIamServerProcess", "find_server"]

ENV_VAR = "FAKE_IAM_SERVER"


def find_server(explicit=None):
    """The fake_iam_server program: `explicit`, else $FAKE_IAM_SERVER, else the one on PATH."""
    for candidate, origin in ((explicit, "given path"), (os.environ.get(ENV_VAR), "$" + ENV_VAR)):
        if candidate:
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
            raise FileNotFoundError(f"fake_iam_server: {origin} {candidate!r} is not an executable")
    found = shutil.which("fake_iam_server")
    if found:
        return found
    raise FileNotFoundError(
        "fake_iam_server not found: set FAKE_IAM_SERVER to the program's path (for example "
        "build/fake_iam_server after `cmake --build build --target fake_iam_server_main`), or put "
        "it on PATH")


def _flag_value(args, name):
    """The value of `name` in args ("--name value" or "--name=value"), or None."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1:]
    return None


class FakeIamServerProcess:
    """One fake_iam_server process. start() waits until it serves and has printed its endpoint and
    keys; stop() ends it. Its output is kept (the last 1000 lines) for failure reports. The control
    token is `control_token`, or the --control-token among `args`."""

    def __init__(self, binary=None, args=(), start_timeout=30, control_token=None):
        self.binary = binary or find_server()
        self.args = list(args)
        self.start_timeout = start_timeout
        self.control_token = control_token or _flag_value(self.args, "--control-token")
        self.endpoint = None
        self.access_key_id = None
        self.secret_access_key = None
        self.key_owner = None  # "root", "user/NAME" or "role/NAME"
        self.keys = []  # every key printed: (access_key_id, secret_access_key, owner)
        self.control = None
        self._process = None
        self._lines = queue.Queue()
        self._output = collections.deque(maxlen=1000)

    def start(self):
        command = [self.binary, "--port", "0", *self.args]
        if self.control_token and not _flag_value(self.args, "--control-token"):
            command += ["--control-token", self.control_token]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, text=True, errors="replace")
        # Read on a thread of its own for the whole run: a full pipe would stop the server.
        threading.Thread(target=self._read_output, daemon=True).start()
        while self.endpoint is None or self.access_key_id is None:
            try:
                line = self._lines.get(timeout=self.start_timeout)
            except queue.Empty:
                self.stop()
                raise RuntimeError(self._failure(f"printed no endpoint and key within "
                                                 f"{self.start_timeout} s")) from None
            if line is None:
                self.stop()
                raise RuntimeError(self._failure("exited before serving"))
            if line.startswith("endpoint: ") and self.endpoint is None:
                self.endpoint = line.split(" ", 1)[1].strip()
            elif self._take_key(line):
                self.access_key_id, self.secret_access_key, self.key_owner = self.keys[0]
        # The program prints all its keys at once, with one flush: the rest follow at once.
        while True:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                break
            if line is None or not self._take_key(line):
                break
        self.control = FakeIamControl(self.endpoint, token=self.control_token)
        return self

    def _take_key(self, line):
        fields = line.split()
        if len(fields) != 4 or fields[0] != "credentials:":
            return False
        self.keys.append(tuple(fields[1:]))
        return True

    def _read_output(self):
        for line in self._process.stdout:
            self._output.append(line.rstrip("\n"))
            self._lines.put(line)
        self._lines.put(None)

    def _failure(self, what):
        output = "\n".join(self._output) or "(no output)"
        return f"fake_iam_server {what}: {' '.join([self.binary, *self.args])}\n{output}"

    def output(self):
        """What the server has printed so far (the last 1000 lines)."""
        return list(self._output)

    def stop(self):
        """Ends the server (SIGTERM, then SIGKILL after 10 s); safe to call twice."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
