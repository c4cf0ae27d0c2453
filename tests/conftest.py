"""Shared fixtures. No test ever touches the shipped data/: every session starts on a
temporary copy of its reviewed text (catalog, seeds, reference), built to Parquet once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.server import StreamlitServer

REPO = Path(__file__).resolve().parent.parent


_SESSION_TMP = Path(tempfile.mkdtemp(prefix="ipdash-test-"))


def copy_data(dest: Path) -> Path:
    """Copy the reviewed inputs of data/ (never the built store or uploads) to ``dest``."""
    for sub in ("catalog", "seeds", "reference"):
        shutil.copytree(REPO / "data" / sub, dest / sub)
    return dest


def pytest_configure(config):
    os.environ["IPDASH_DATA_DIR"] = str(copy_data(_SESSION_TMP / "data"))
    os.environ.setdefault("IPDASH_USERS_FILE", str(_SESSION_TMP / "users.json"))
    # page_guard shows its short message and then re-raises, so every at.exception check still sees page errors
    os.environ.setdefault("IPDASH_RAISE_PAGE_ERRORS", "1")


def pytest_unconfigure(config):
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)


@pytest.fixture(scope="session")
def built_data() -> Path:
    """The session's data copy, built to Parquet (read-only tests share it)."""
    from ipdash.store import build

    build.ensure_built()
    return Path(os.environ["IPDASH_DATA_DIR"])


@pytest.fixture
def fresh_data(tmp_path, monkeypatch) -> Path:
    """A private, freshly built data copy for a test that writes (uploads, reverts…)."""
    from ipdash.store import build

    d = copy_data(tmp_path / "data")
    monkeypatch.setenv("IPDASH_DATA_DIR", str(d))
    monkeypatch.setenv("IPDASH_USERS_FILE", str(tmp_path / "users.json"))
    build.build()
    return d


# ---------------------------------------------------------------- real app in a browser
def AppServer(data_dir: Path, users_file: Path | None = None) -> StreamlitServer:
    """The real app on ``data_dir``, started and healthy."""
    env = {"IPDASH_USERS_FILE": str(users_file)} if users_file else None
    server = StreamlitServer(REPO / "app.py", data_dir, data_dir.parent, env=env)
    server.wait_healthy(60)
    return server


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
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}, "locale": "zh-CN"}
