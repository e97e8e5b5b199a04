"""A real Learning Record Store for the xAPI tests: Ralph with its file-system backend.

One Ralph process serves the whole test session, in a temporary folder, on a free port. Each
test gets its own LRS account whose statements go to their own folder (Ralph's per-account
"target"), so tests never see each other's statements. A test can stop() and start() the
server to play an outage.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from base64 import b64encode
from pathlib import Path

import bcrypt
import pytest

HERE = Path(__file__).parent  # ralph_app.py: Ralph's app with an appending file backend
ACCOUNTS = 40  # more than the xAPI tests that talk to Ralph
PASSWORD = "lrs-secret"  # noqa: S105 - a throwaway LRS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """A Ralph LRS process; url is its xAPI endpoint, as XAPI_ENDPOINT takes it."""

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen | None = None
        self._next_account = 0
        password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
        users = []
        for n in range(ACCOUNTS):
            (folder / f"lrs-{n}").mkdir()
            users.append({"username": f"clusterlearn-{n}", "hash": password_hash,
                          "scopes": ["all"], "target": f"lrs-{n}",
                          "agent": {"mbox": f"mailto:clusterlearn-{n}@example.org"}})
        (folder / "auth.json").write_text(json.dumps(users))
        self.env = {**os.environ, "RALPH_APP_DIR": str(folder),
                    "RALPH_AUTH_FILE": str(folder / "auth.json"),
                    "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder)}

    def start(self) -> None:
        """Start the server and wait until it answers."""
        with open(self.folder / "ralph.log", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "ralph_app:app", "--app-dir", str(HERE),
                 "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
                cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1)
                return
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("Ralph did not start: "
                           + (self.folder / "ralph.log").read_text()[-2000:])

    def stop(self) -> None:
        """Stop the server (statements already stored stay in its folder)."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def new_account(self) -> tuple[str, str]:
        """(username, password) of an account no other test has used."""
        n = self._next_account
        self._next_account += 1
        assert n < ACCOUNTS, "raise ACCOUNTS in tests/xapi/conftest.py"
        return f"clusterlearn-{n}", PASSWORD

    def statements(self, account: tuple[str, str]) -> list[dict]:
        """Every statement the account's LRS holds, read through GET /xAPI/statements."""
        auth = "Basic " + b64encode(":".join(account).encode()).decode()
        url, found = f"{self.url}statements?limit=500", []
        while url:
            request = urllib.request.Request(url, headers={
                "Authorization": auth, "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.load(response)
            found += body["statements"]
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """The session's Ralph LRS, running."""
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lrs_account(ralph):
    """This test's own LRS account."""
    account = ralph.new_account()
    yield account
    if ralph.process is None:  # a test that stopped it hands it back running
        ralph.start()


@pytest.fixture
def config_overrides(ralph, lrs_account):
    """Point the app at the LRS, with quick retries."""
    username, password = lrs_account
    return {"XAPI_ENDPOINT": ralph.url, "XAPI_USERNAME": username, "XAPI_PASSWORD": password,
            "XAPI_BATCH_SIZE": 5, "XAPI_RETRY_BASE": 1, "XAPI_TIMEOUT": 5}
