"""`make serve`: the nginx config (scripts/serve.py renders deploy/nginx.conf.template) passes
`nginx -t`, and nginx pins each browser to one Streamlit worker and carries the websocket.

Skipped where Debian's nginx is not installed (scripts/setup.sh app installs it)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scripts import serve
from tests.conftest import REPO
from tests.server import free_port_run

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")


def test_make_serve_and_the_load_benchmark_run_from_the_readme():
    readme, makefile = (REPO / "README.md").read_text(encoding="utf-8"), (REPO / "Makefile").read_text()
    assert "`make serve`" in readme and "python3 -m bench.load" in readme and "`make run`" in readme
    assert re.search(r"^serve:.*\n(\t.*\n)*\t.*scripts/serve.py", makefile, re.M)
    assert re.search(r"^bench-load:.*\n(\t.*\n)*\t.*-m bench.load", makefile, re.M)
    assert re.search(r"^\s+apt_pkgs=\(.*\bnginx\b", (REPO / "scripts" / "setup.sh").read_text(), re.M)


@needs_nginx
def test_nginx_accepts_the_rendered_config(tmp_path):
    conf = serve.render(tmp_path, "127.0.0.1:18500", [18501, 18502, 18503])
    t = serve.nginx_test(conf)
    assert t.returncode == 0, t.stderr
    text = conf.read_text(encoding="utf-8")
    for port in (18501, 18502, 18503):  # each worker in the pool and pinnable by its cookie
        assert f"server 127.0.0.1:{port};" in text and f'"127.0.0.1:{port}" 127.0.0.1:{port};' in text
    for line in ("proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Host $http_host;", "ipdash_worker="):
        assert line in text
    assert f"client_max_body_size {serve.max_upload_mb() + 1}m;" in text and "@@" not in text
    # issue 23: the workers' security headers hidden, nginx's own added on every answer
    assert "proxy_hide_header Content-Security-Policy;" in text
    assert "add_header Content-Security-Policy \"frame-ancestors 'self'\" always;" in text
    p = subprocess.run([sys.executable, "scripts/serve.py", "--check"], cwd=REPO, capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr


def _worker(url: str, cookie: str | None = None) -> str:
    req = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.read() == b"ok"
        pins = [c for c in r.headers.get_all("Set-Cookie") or [] if c.startswith("ipdash_worker=")]
    return pins[0].split(";", 1)[0].split("=", 1)[1]


@pytest.mark.slow
@needs_nginx
def test_serve_pins_each_browser_to_one_worker(built_data, tmp_path):
    from bench.stclient import visit

    port = free_port_run(3)
    cmd = [sys.executable, "scripts/serve.py", f"--port={port}", "--workers=2", "--address=127.0.0.1"]
    proc = subprocess.Popen(
        [*cmd, f"--run-dir={tmp_path / 'run'}", "--no-build"],
        cwd=REPO,
        env=dict(os.environ, IPDASH_DATA_DIR=str(built_data)),
        stdout=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert "serve: http://" in proc.stdout.readline()  # printed once nginx and both workers are up
        deadline = time.monotonic() + 30
        while True:  # nginx may take a moment after the workers
            try:
                first = _worker(url)
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        second = _worker(url)
        with urllib.request.urlopen(f"{url}/", timeout=10) as r:  # issue 23: once each, through nginx
            assert r.headers.get_all("Content-Security-Policy") == ["frame-ancestors 'self'"]
            assert r.headers.get_all("X-Content-Type-Options") == ["nosniff"]
        assert {first, second} == {f"127.0.0.1:{port + 1}", f"127.0.0.1:{port + 2}"}  # round-robin
        assert all(_worker(url, f"ipdash_worker={second}") == second for _ in range(4))  # pinned
        assert _worker(url, "ipdash_worker=10.0.0.1:80") in (first, second)  # unknown pin: the pool
        with ThreadPoolExecutor(1) as pool:  # own thread: a browser test may leave an event loop running here
            v = pool.submit(asyncio.run, visit(url, "", timeout=120)).result()  # a full overview run via nginx
        assert v.ok and v.links, (v.error, v.exceptions, v.finished)
        assert v.cookie and "ipdash_worker=" in v.cookie
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    time.sleep(0.5)
    for p in (port, port + 1, port + 2):  # the launcher stopped nginx and both workers
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{p}/_stcore/health", timeout=2)
