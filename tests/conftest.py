"""Shared fixtures. No test ever touches the shipped data/: every session starts on a
temporary copy of its reviewed text (catalog, seeds, reference), built to Parquet once.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

_SESSION_TMP = Path(tempfile.mkdtemp(prefix="ipdash-test-"))


def copy_data(dest: Path) -> Path:
    """Copy the reviewed inputs of data/ (never the built store or uploads) to ``dest``."""
    for sub in ("catalog", "seeds", "reference"):
        shutil.copytree(REPO / "data" / sub, dest / sub)
    return dest


def pytest_configure(config):
    os.environ["IPDASH_DATA_DIR"] = str(copy_data(_SESSION_TMP / "data"))
    os.environ.setdefault("IPDASH_USERS_FILE", str(_SESSION_TMP / "users.json"))


def pytest_unconfigure(config):
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)


@pytest.fixture(scope="session")
def built_data() -> Path:
    """The session's data copy, built to Parquet (read-only tests share it)."""
    from ipdash import build

    build.ensure_built()
    return Path(os.environ["IPDASH_DATA_DIR"])


@pytest.fixture
def fresh_data(tmp_path, monkeypatch) -> Path:
    """A private, freshly built data copy for a test that writes (uploads, reverts…)."""
    from ipdash import build

    d = copy_data(tmp_path / "data")
    monkeypatch.setenv("IPDASH_DATA_DIR", str(d))
    monkeypatch.setenv("IPDASH_USERS_FILE", str(tmp_path / "users.json"))
    build.build()
    return d


# ---------------------------------------------------------------- real app in a browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    def __init__(self, data_dir: Path, users_file: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, IPDASH_DATA_DIR=str(data_dir))
        if users_file:
            env["IPDASH_USERS_FILE"] = str(users_file)
        self.log = open(data_dir.parent / f"streamlit-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {self.log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")


@pytest.fixture(scope="session")
def app_server(built_data):
    """The real app on the session's data copy (read-only browser tests)."""
    server = AppServer(built_data)
    yield server
    server.stop()


@pytest.fixture
def fresh_app_server(fresh_data):
    """The real app on a private data copy, for browser tests that upload or revert."""
    server = AppServer(fresh_data, Path(os.environ["IPDASH_USERS_FILE"]))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright: Debian's Chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}, "locale": "zh-CN"}
