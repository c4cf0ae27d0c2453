"""The server entry (``asgi.py``, issue 23) started as ``make run`` starts it: ``curl -sI /``
shows the security headers, ``/api/v1/status`` answers the CLI's rows, the app still serves its
page, health and websocket route, and a bad ``IPDASH_FRAME_ANCESTORS`` stops the start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import REPO
from tests.server import ENTRY, StreamlitServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def entry_server(built_data):
    server = StreamlitServer(ENTRY, built_data, built_data.parent)
    server.wait_healthy(90)
    yield server
    server.stop()


def test_make_run_serves_the_asgi_entry():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "streamlit run asgi.py" in run and "app.py" not in run
    assert '"asgi.py"' in (REPO / "scripts" / "serve.py").read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_curl_head_shows_the_csp_with_frame_ancestors(entry_server):
    out = subprocess.run(["curl", "-sI", f"{entry_server.url}/"], capture_output=True, text=True, timeout=30).stdout
    heads = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()[1:]) if v}
    assert out.startswith("HTTP/1.1 200"), out
    assert heads["content-security-policy"] == "frame-ancestors 'self'", out
    assert (
        heads["x-content-type-options"] == "nosniff" and heads["referrer-policy"] == "strict-origin-when-cross-origin"
    )
    with urllib.request.urlopen(f"{entry_server.url}/_stcore/health", timeout=10) as r:
        assert r.read() == b"ok" and r.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_status_over_http_is_the_cli_output(entry_server, built_data):
    env = dict(os.environ, IPDASH_DATA_DIR=str(built_data))
    cli = subprocess.run(
        [sys.executable, "-m", "ipdash", "status"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert cli.returncode == 0, cli.stderr
    with urllib.request.urlopen(f"{entry_server.url}/api/v1/status?format=csv", timeout=120) as r:
        assert r.read().decode("utf-8") == cli.stdout
    with urllib.request.urlopen(f"{entry_server.url}/api/v1/openapi.json", timeout=30) as r:
        assert r.headers["Content-Type"] == "application/json"
    assert "warming the store at start failed" not in entry_server.log_text()  # the lifespan warmed it


def test_a_bad_frame_ancestors_setting_stops_the_server(built_data, tmp_path):
    server = StreamlitServer(
        ENTRY, built_data, tmp_path, env={"IPDASH_FRAME_ANCESTORS": "https://x.example; script-src *"}
    )
    try:
        with pytest.raises(RuntimeError, match="exited"):
            server.wait_healthy(60)
        assert "IPDASH_FRAME_ANCESTORS" in server.log_text()
    finally:
        server.stop()
