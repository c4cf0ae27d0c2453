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
from tests.server import ENTRY, StreamlitServer

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


# ---------------------------------------------------------------- both backends: local Parquet and PostgreSQL
BACKENDS = ("local", "postgresql")


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for this test session (per xdist worker). Skipped when
    PostgreSQL or the ADBC driver is missing — except under CI (env CI set), where that fails."""
    from tests import pgcluster

    if not pgcluster.available():
        msg = "PostgreSQL 15 (apt-get install postgresql) and adbc-driver-postgresql are needed"
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI is set: the PostgreSQL tests must run)")
        pytest.skip(msg)
    cluster = pgcluster.PgCluster()
    yield cluster
    from ipdash.store import pg

    pg.close_all()
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster, built_data):
    """A database built once from the session's data copy; each test gets a copy of it."""
    from ipdash.store import build, pg

    name = pg_cluster.create_db()
    old = os.environ.get("IPDASH_STORE")
    os.environ["IPDASH_STORE"] = pg_cluster.url(name)
    try:
        build.build()
    finally:
        pg.close_all()  # a template must have no open connections
        os.environ.pop("IPDASH_STORE") if old is None else os.environ.__setitem__("IPDASH_STORE", old)
    return name


@pytest.fixture(params=BACKENDS)
def fresh_store(request, tmp_path, monkeypatch) -> Path:
    """``fresh_data`` on each backend: a private data copy, and for PostgreSQL a private database
    (a copy of ``pg_template``, with its own store id) named by ``IPDASH_STORE``."""
    if request.param == "local":
        monkeypatch.delenv("IPDASH_STORE", raising=False)
        return request.getfixturevalue("fresh_data")
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    d = copy_data(tmp_path / "data")
    monkeypatch.setenv("IPDASH_DATA_DIR", str(d))
    monkeypatch.setenv("IPDASH_USERS_FILE", str(tmp_path / "users.json"))
    name = cluster.create_db(template)
    cluster.sql("UPDATE ipdash_meta SET store_id = md5(random()::text)", name)
    monkeypatch.setenv("IPDASH_STORE", cluster.url(name))
    return d


@pytest.fixture
def unpublished(tmp_path, monkeypatch):
    """A data copy whose reference figures add a preliminary Shanghai R&D intensity for this year
    (published only in October next year), built on the local store."""
    from ipdash.store import build, visibility

    monkeypatch.delenv("IPDASH_STORE", raising=False)
    d = copy_data(tmp_path / "data")
    year = visibility.today().year
    ref = d / "reference" / "shanghai-public-figures.csv"
    quote = "全社会研发经费投入强度 预计4.6%左右"
    line = f"上海市,研发经费支出占GDP比重,{year},4.6,%,actual,B,https://example.gov.cn/x,{quote},yes\n"
    ref.write_text(ref.read_text(encoding="utf-8") + line, encoding="utf-8")
    monkeypatch.setenv("IPDASH_DATA_DIR", str(d))
    monkeypatch.setenv("IPDASH_USERS_FILE", str(tmp_path / "users.json"))
    build.build()
    return ("shanghai", "rd_intensity", year)


# ---------------------------------------------------------------- real app in a browser
def AppServer(data_dir: Path, users_file: Path | None = None) -> StreamlitServer:
    """The real app on ``data_dir`` through its server entry (``asgi.py``, as ``make run``), started and healthy."""
    env = {"IPDASH_USERS_FILE": str(users_file)} if users_file else None
    server = StreamlitServer(ENTRY, data_dir, data_dir.parent, env=env)
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
