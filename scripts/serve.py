"""``make serve``: the production setup — one Streamlit process per core behind Debian's nginx.

    python3 scripts/serve.py [--port 8501] [--workers N] [--address 0.0.0.0] [--run-dir .serve]
    python3 scripts/serve.py --check      # render the nginx config into a temporary dir and `nginx -t` it

nginx listens on ``--port`` and hands each browser to one worker for good (sticky cookie; see
``deploy/nginx.conf.template``), with the websocket upgrade. The workers (``streamlit run asgi.py``,
the server entry: app, data API, security headers; on 127.0.0.1:port+1 …, reachable only through
nginx) share one data directory (``IPDASH_DATA_DIR``, default ./data) and one cookie secret, so a
signed cookie (the XSRF token of an upload) is valid on every worker. Streamlit's proxy-relevant
settings stay at their safe defaults: XSRF protection and CORS on (nginx passes ``Host`` through, so
the browser's requests are same-origin), ``server.baseUrlPath`` empty unless ``--base-url-path`` is
given. nginx sends the same security headers as the workers (``ipdash.api.headers``: CSP
``frame-ancestors`` from ``IPDASH_FRAME_ANCESTORS``, ``nosniff``, ``Referrer-Policy``), on its own error
pages too. Stops every process it started on Ctrl-C / SIGTERM, or when any of them exits.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

from ipdash.api.headers import nginx_values

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def max_upload_mb() -> int:
    """Streamlit's ``server.maxUploadSize`` from .streamlit/config.toml (nginx must let it through)."""
    try:
        conf = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        return int(conf.get("server", {}).get("maxUploadSize", 200))
    except (OSError, tomllib.TOMLDecodeError, ValueError):
        return 200


def security_headers() -> str:
    """nginx lines: the workers' security headers hidden, the same ones added on every answer."""
    values = nginx_values()
    hide = [f"            proxy_hide_header {k};" for k in values]
    add = [f'            add_header {k} "{v}" always;' for k, v in values.items()]
    return "\n".join(hide + add)


def render(run_dir: Path, listen: str, worker_ports: list[int]) -> Path:
    """Write ``run_dir/nginx.conf`` from the template; returns its path."""
    for sub in ("logs", "tmp"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    workers = [f"127.0.0.1:{p}" for p in worker_ports]
    text = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@@RUN_DIR@@", str(run_dir.resolve()))
        .replace("@@LISTEN@@", listen)
        .replace("@@MAX_BODY_MB@@", str(max_upload_mb() + 1))
        .replace("@@POOL@@", "\n".join(f"        server {w};" for w in workers))
        .replace("@@PINS@@", "\n".join(f'        "{w}" {w};' for w in workers))
        .replace("@@HEADERS@@", security_headers())
    )
    conf = run_dir / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    run_dir = conf.parent
    return subprocess.run(
        [NGINX, "-t", "-q", "-p", str(run_dir), "-e", str(run_dir / "logs" / "nginx-error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def healthy(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def start_worker(port: int, run_dir: Path, env: dict[str, str], base_url_path: str) -> subprocess.Popen:
    log = open(run_dir / "logs" / f"streamlit-{port}.log", "w")  # noqa: SIM115  kept open for the child
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "asgi.py",
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        f"--server.baseUrlPath={base_url_path}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
    ]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def serve(a: argparse.Namespace) -> int:
    if not Path(NGINX).exists():
        print("serve: nginx is missing — run `bash scripts/setup.sh app` (installs Debian's nginx)", file=sys.stderr)
        return 2
    run_dir = a.run_dir.resolve()
    ports = [a.port + 1 + i for i in range(a.workers)]
    conf = render(run_dir, f"{a.address}:{a.port}", ports)
    t = nginx_test(conf)
    if t.returncode != 0:
        print(f"serve: nginx rejects {conf}:\n{t.stderr}", file=sys.stderr)
        return 2
    env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(32))
    if not a.no_build:
        subprocess.run([sys.executable, "-m", "ipdash", "build"], cwd=REPO, env=env, check=True)
    procs: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _stop_signal)
    signal.signal(signal.SIGINT, _stop_signal)
    rc = 1
    try:
        procs += [start_worker(p, run_dir, env, a.base_url_path) for p in ports]
        for p in ports:
            if not healthy(f"http://127.0.0.1:{p}/{a.base_url_path}".rstrip("/"), a.start_timeout):
                print(f"serve: the worker on port {p} did not start; see {run_dir}/logs/", file=sys.stderr)
                return 1
        e_log = str(run_dir / "logs" / "nginx-error.log")
        procs.append(subprocess.Popen([NGINX, "-p", str(run_dir), "-e", e_log, "-c", str(conf), "-g", "daemon off;"]))
        host = "127.0.0.1" if a.address == "0.0.0.0" else a.address
        print(f"serve: http://{host}:{a.port}/{a.base_url_path} — nginx → {a.workers} Streamlit workers", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        print("serve: a process exited; stopping the others", file=sys.stderr)
    except _Stop:
        rc = 0
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    return rc


class _Stop(Exception):
    """SIGTERM or Ctrl-C: stop every process this launcher started."""


def _stop_signal(*_args) -> None:
    raise _Stop


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="ipdash behind nginx, one Streamlit process per core")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8501)), help="where nginx listens")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: cores)")
    p.add_argument("--address", default="0.0.0.0", help="nginx's listen address (0.0.0.0: the whole network)")
    p.add_argument("--run-dir", type=Path, default=REPO / ".serve", help="rendered config, logs, nginx temp files")
    p.add_argument("--base-url-path", default="", help="serve under a path prefix, e.g. ipdash")
    p.add_argument("--start-timeout", type=float, default=120)
    p.add_argument("--no-build", action="store_true", help="skip `python -m ipdash build` before starting")
    p.add_argument("--check", action="store_true", help="render the config into a temp dir and run `nginx -t`")
    a = p.parse_args(argv)
    a.base_url_path = a.base_url_path.strip("/")
    if a.check:
        with tempfile.TemporaryDirectory(prefix="ipdash-nginx-") as d:
            t = nginx_test(render(Path(d), f"127.0.0.1:{a.port}", [a.port + 1 + i for i in range(a.workers)]))
            print(t.stderr or "nginx: configuration ok", file=sys.stderr)
            return t.returncode
    return serve(a)


if __name__ == "__main__":
    sys.exit(main())
