"""A real ``streamlit run`` process on a free loopback port — for browser tests and the benchmark.

``ENTRY`` is the server entry (``asgi.py``: ``st.App`` over ``app.py`` with the data API, the
security headers and the warming lifespan), started exactly as ``make run`` starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENTRY = REPO / "asgi.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_run(k: int) -> int:
    """A port p such that p … p+k-1 are all free on the loopback (make serve: nginx, then workers)."""
    for _ in range(100):
        p = free_port()
        socks = []
        try:
            for q in range(p, p + k):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", q))
            return p
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no run of {k} free ports")


class StreamlitServer:
    """``streamlit run <script>`` (the app: ``ENTRY``) with ``IPDASH_DATA_DIR=data_dir``; ``started``
        is the monotonic start time (cold-start measurements count from it); ``args``: more ``streamlit run``
    flags. Call ``wait_healthy`` before use."""

    def __init__(
        self,
        script: Path,
        data_dir: Path,
        log_dir: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
        args: list[str] | None = None,
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = dict(os.environ, IPDASH_DATA_DIR=str(data_dir), **(env or {}))
        self.log = open(log_dir / f"streamlit-{self.port}.log", "w")  # noqa: SIM115  closed in stop()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.headless=true",
                f"--server.port={self.port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
                "--server.runOnSave=false",
                *(args or []),  # e.g. --secrets.files=… (the single sign-on test's [auth])
            ],
            cwd=REPO,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {self.log.name}")

    def peak_rss_mb(self) -> float | None:
        """VmHWM (resident-set high-water mark) of the server process, in MiB."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
