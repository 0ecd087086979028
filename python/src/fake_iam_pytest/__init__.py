"""fake_iam_server for Python tests: a standard-library client for its control API
(FakeIamControl), a runner for the program (FakeIamServerProcess), and pytest fixtures
(`fake_iam`, `fake_iam_server`), which pytest loads by itself once the package is installed."""

from .control import FakeIamControl, FakeIamControlError
from .server import FakeIamServerProcess, find_server

__all__ = ["FakeIamControl", "FakeIamControlError", "FakeIamServerProcess", "find_server"]
