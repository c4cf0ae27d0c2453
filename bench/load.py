"""A meeting room opens the dashboard at once: ``python -m bench.load`` (or ``make bench-load``).

    python -m bench.load [--sessions 1,10,20,40] [--serve-sessions 1,10,20,40,100] [--modes one,serve]
                         [--repeats 3] [--workers N] [--no-browser] [--json FILE] [--data DIR] [--timeout 120]

For each mode — ``one``: one ``streamlit run`` process, as ``make run``; ``serve``: ``make serve``
(``scripts/serve.py``: nginx in front of one Streamlit process per core) — on a temporary copy of
the embedded data (or ``--data``), loopback only:

1. Warm-up: every worker serves the overview and a detail once (caches filled, as on a server
   that has served the pages before).
2. Server CPU per render: ``--seq`` overview visits one after another, then as many detail visits
   (each target's first view, then again), CPU time of the server processes (``/proc``) ÷ visits.
3. Bursts: N Streamlit protocol clients (``bench/stclient.py``) start at the same moment (one
   process: 1, 10, 20, 40 at once; ``make serve`` also 100, a whole hall; ``--sessions`` alone sets
   both modes' levels, ``--serve-sessions`` the second's); each
   loads the overview in a new session, then follows one of its tile links to a target's detail
   page (a plain link: a new session, as in the browser). Per level: p50 / p95 / max time to a
   finished overview and to a finished detail, errors (exception elements, failed or unfinished
   runs, refused connections), server CPU seconds and memory (VmRSS, VmHWM). ``--repeats`` bursts
   per level; the figures are the medians over the repeats.
4. A browser sample (headless Debian Chromium, ``tests/browser.py``): the overview drawn in a
   fresh browser context with the server idle, and once while the largest burst runs.

Every loop is bounded (``--timeout`` per visit, the levels given); the servers are stopped at the
end. Prints a table with the goals and writes ``--json FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.run import machine
from bench.stclient import Visit, visit
from tests.server import ENTRY, StreamlitServer, free_port, free_port_run

REPO = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
GOALS = {  # (label, goal): issues 16 and 26, on this 2-core machine
    "cpu_overview_s": ("server CPU per overview render (one process)", 0.05),
    "one_20_p95_s": ("20 at once, one process: p95 to a finished page", 5.0),
    "one_40_p95_s": ("40 at once, one process: p95 to a finished page", 5.0),
    "serve_40_p95_s": ("40 at once, make serve: p95 to a finished page", 5.0),
    "serve_100_p95_s": ("100 at once, make serve: p95 to a finished page", 5.0),
    "errors": ("errors, every level and mode", 0),
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes (/proc)
def _tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _cpu(pid: int) -> float:
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _is_nginx(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"nginx")
    except OSError:
        return False


# ---------------------------------------------------------------- what is measured
class Target:
    """A running app: ``url`` and the pids of its server processes."""

    url: str
    workers: int

    def pids(self) -> list[int]:
        raise NotImplementedError

    def cpu(self) -> dict[str, float]:
        out = {"streamlit": 0.0, "nginx": 0.0}
        for p in self.pids():
            out["nginx" if _is_nginx(p) else "streamlit"] += _cpu(p)
        return out

    def memory_mb(self) -> dict[str, float]:
        st = [p for p in self.pids() if not _is_nginx(p)]
        return {
            "rss_sum_mb": sum(_status_kb(p, "VmRSS") for p in st) / 1024,
            "hwm_max_mb": max((_status_kb(p, "VmHWM") for p in st), default=0) / 1024,
        }

    def stop(self) -> None:
        raise NotImplementedError


class OneProcess(Target):
    def __init__(self, data_dir: Path, log_dir: Path):
        self.server = StreamlitServer(ENTRY, data_dir, log_dir, free_port())
        self.server.wait_healthy()
        self.url, self.workers = self.server.url, 1

    def pids(self) -> list[int]:
        return [self.server.proc.pid]

    def stop(self) -> None:
        self.server.stop()


class Served(Target):
    """``scripts/serve.py`` (``make serve``) on a free loopback port."""

    def __init__(self, data_dir: Path, run_dir: Path, workers: int, timeout: float = 180):
        port = free_port_run(workers + 1)
        self.url, self.workers = f"http://127.0.0.1:{port}", workers
        self.log = open(run_dir.parent / f"serve-{port}.log", "w")  # noqa: SIM115  closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "scripts/serve.py",
                f"--port={port}",
                f"--workers={workers}",
                "--address=127.0.0.1",
                f"--run-dir={run_dir}",
                "--no-build",
            ],
            cwd=REPO,
            # the launcher imports ipdash: the checkout's own, whether or not (or wherever) it is installed
            env=dict(
                os.environ,
                IPDASH_DATA_DIR=str(data_dir),
                PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            ),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.flush()
                tail = Path(self.log.name).read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"scripts/serve.py exited ({self.proc.returncode}); its log ends:\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"make serve did not come up within {timeout:g} s; see {self.log.name}")

    def pids(self) -> list[int]:
        return [p for p in _tree(self.proc.pid) if p != self.proc.pid]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the launcher stops its workers and nginx
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                for p in reversed(_tree(self.proc.pid)):
                    os.kill(p, signal.SIGKILL)
        self.log.close()


# ---------------------------------------------------------------- clients
def _detail_of(link: str) -> tuple[str, str]:
    """(url path, query) of a tile link such as ``/detail?det_target=…``."""
    parts = urlsplit(link)
    return parts.path.strip("/"), parts.query


async def client(url: str, i: int, timeout: float) -> tuple[Visit, Visit | None]:
    """Overview in a new session, then the detail page of the i-th tile's link (a new session)."""
    ov = await visit(url, "", timeout=timeout)
    if not ov.links:
        return ov, None
    path, query = _detail_of(ov.links[i % len(ov.links)])
    return ov, await visit(url, path, query, cookie=ov.cookie, timeout=timeout)


def _pct(xs: list[float], q: float) -> float | None:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    if not xs:
        return None
    xs = sorted(xs)
    return xs[max(0, math.ceil(q * len(xs) - 1e-9) - 1)]


def _errors(v: Visit | None, what: str) -> list[str]:
    if v is None:
        return [f"{what}: no tile link on the overview"]
    out = [f"{what}: {v.error}"] if v.error else []
    out += [f"{what}: exception element: {e}" for e in v.exceptions]
    if not v.error and v.finished != "FINISHED_SUCCESSFULLY":
        out.append(f"{what}: script finished as {v.finished or 'nothing'}")
    return out


def burst(target: Target, n: int, timeout: float) -> dict:
    """n clients at the same moment; times, errors, server CPU and memory."""
    load = os.getloadavg()[0]
    cpu0, t0, me0 = target.cpu(), time.perf_counter(), time.process_time()

    async def all_of() -> list:
        # every client's HTTP requests at once too (asyncio's default pool has cores + 4 threads)
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=2 * n + 4))
        return await asyncio.gather(*(client(target.url, i, timeout) for i in range(n)))

    results = asyncio.run(all_of())
    wall, client_cpu = time.perf_counter() - t0, time.process_time() - me0
    cpu1 = target.cpu()
    ov = [o.seconds for o, _ in results if o.ok]
    det = [d.seconds for _, d in results if d is not None and d.ok]
    errors = [e for o, d in results for e in _errors(o, "overview") + (_errors(d, "detail") if o.ok else [])]
    server_cpu = {k: cpu1[k] - cpu0[k] for k in cpu0}
    return {
        "sessions": n,
        "load_at_start": round(load, 2),
        "wall_s": wall,
        "overview_p50_s": _pct(ov, 0.5),
        "overview_p95_s": _pct(ov, 0.95),
        "overview_max_s": max(ov, default=None),
        "detail_p50_s": _pct(det, 0.5),
        "detail_p95_s": _pct(det, 0.95),
        "detail_max_s": max(det, default=None),
        "deltas_overview": statistics.median([o.deltas for o, _ in results]),
        "errors": len(errors),
        "error_samples": errors[:5],
        "server_cpu_s": server_cpu["streamlit"],
        "nginx_cpu_s": server_cpu["nginx"],
        "server_cpu_per_session_s": server_cpu["streamlit"] / n,
        "client_cpu_s": client_cpu,  # the load generator shares the machine's cores with the servers
        **target.memory_mb(),
    }


def cpu_per_render(target: Target, n: int, timeout: float) -> dict:
    """Server CPU ÷ visits for n overview visits in a row, then n detail visits (first views of
    different targets) and the same n again (targets seen before)."""

    def run(make) -> tuple[float, list[Visit]]:
        c0, visits = sum(target.cpu().values()), []
        for i in range(n):
            visits.append(asyncio.run(make(i)))
        return (sum(target.cpu().values()) - c0) / n, visits

    ov_cpu, ovs = run(lambda i: visit(target.url, "", timeout=timeout))
    links = next((v.links for v in ovs if v.links), [])
    out: dict = {
        "n": n,
        "overview_cpu_s": ov_cpu,
        "overview_wall_s": statistics.median(v.seconds for v in ovs),
        "overview_deltas": ovs[-1].deltas,
        "overview_bytes": ovs[-1].bytes,
        "errors": sum(len(_errors(v, "overview")) for v in ovs),
    }
    if links:
        for key in ("detail_first", "detail"):
            cpu, dets = run(lambda i: visit(target.url, *_detail_of(links[(i + 1) % len(links)]), timeout=timeout))
            out[f"{key}_cpu_s"], out[f"{key}_wall_s"] = cpu, statistics.median(v.seconds for v in dets)
            out[f"{key}_deltas"] = dets[-1].deltas
            out["errors"] += sum(len(_errors(v, "detail")) for v in dets)
    return out


# ---------------------------------------------------------------- browser sample
def browser_loads(url: str, runs: int, timeout_s: float, go: threading.Event | None = None) -> dict:
    """Seconds from navigation until the overview is idle and drawn, in fresh browser contexts.
    With ``go``: the browser starts first, then waits for ``go`` before its one navigation."""
    from bench.browser_bench import VIEWPORT
    from tests.browser import launch, wait_idle

    out: dict = {"runs_s": []}
    try:
        with launch() as browser:
            if go is not None:
                out["ready"] = True
                go.wait(timeout_s)
            for _ in range(runs):
                ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                try:
                    page = ctx.new_page()
                    t0 = time.perf_counter()
                    page.goto(url, timeout=timeout_s * 1000)
                    wait_idle(page, timeout=timeout_s * 1000)
                    out["runs_s"].append(time.perf_counter() - t0)
                finally:
                    ctx.close()
    except Exception as exc:  # no browser on this machine, or a timeout: a result, not a crash
        out["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    out["median_s"] = statistics.median(out["runs_s"]) if out["runs_s"] else None
    return out


def browser_under_load(target: Target, n: int, timeout: float) -> dict:
    """One browser page load that starts with a burst of n protocol clients."""
    go, res = threading.Event(), {}
    th = threading.Thread(target=lambda: res.update(browser_loads(target.url, 1, timeout, go)), daemon=True)
    th.start()
    deadline = time.monotonic() + 60
    while not res.get("ready") and th.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)  # the browser process is up before the burst starts
    go.set()
    b = burst(target, n, timeout)
    th.join(timeout + 60)
    return {"sessions": n, "browser_s": res.get("median_s"), "error": res.get("error"), "burst": b}


# ---------------------------------------------------------------- one mode
def _median_of(reps: list[dict]) -> dict:
    """The level's figures: medians over the repeats (errors: their sum)."""
    out = dict(reps[0])
    for k, v in reps[0].items():
        vals = [r[k] for r in reps if isinstance(r.get(k), (int, float))]
        if isinstance(v, (int, float)) and len(vals) == len(reps):
            out[k] = statistics.median(vals)
    out["errors"] = sum(r["errors"] for r in reps)
    out["error_samples"] = [e for r in reps for e in r["error_samples"]][:5]
    out["repeats"] = reps
    return out


def measure_mode(mode: str, data_dir: Path, tmp: Path, a: argparse.Namespace) -> dict:
    log(f"[{mode}] starting …")
    t0 = time.monotonic()
    target: Target = OneProcess(data_dir, tmp) if mode == "one" else Served(data_dir, tmp / f"serve-{mode}", a.workers)
    res: dict = {"mode": mode, "workers": target.workers, "start_s": time.monotonic() - t0, "levels": {}}
    try:
        for _ in range(target.workers):  # round-robin: each worker gets one warm-up visitor
            ov, det = asyncio.run(client(target.url, 0, a.timeout))
            res.setdefault("warmup_s", []).append([ov.seconds, det.seconds if det else None])
        if a.seq:
            res["cpu_per_render"] = cpu_per_render(target, a.seq, a.timeout)
            c = res["cpu_per_render"]
            log(
                f"[{mode}] server CPU per render: overview {c['overview_cpu_s'] * 1000:.0f} ms "
                f"({c['overview_deltas']} deltas), detail {c.get('detail_cpu_s', 0) * 1000:.0f} ms "
                f"(first view of a target {c.get('detail_first_cpu_s', 0) * 1000:.0f} ms)"
            )
        if a.browser:
            res["browser_idle"] = browser_loads(target.url, 3, a.timeout)
        levels = a.serve_sessions if mode == "serve" else a.sessions
        for n in levels:
            reps = [burst(target, n, a.timeout) for _ in range(a.repeats)]
            lv = res["levels"][str(n)] = _median_of(reps)
            log(
                f"[{mode}] {n:>3} at once: overview p50 {lv['overview_p50_s'] or 0:.2f} s p95 "
                f"{lv['overview_p95_s'] or 0:.2f} s, detail p95 {lv['detail_p95_s'] or 0:.2f} s, errors "
                f"{lv['errors']}, server CPU {lv['server_cpu_s']:.1f} s, load {lv['load_at_start']}"
            )
        if a.browser and levels:
            res["browser_under_load"] = browser_under_load(target, max(levels), a.timeout)
        res["memory_end"] = target.memory_mb()
    finally:
        target.stop()
    return res


# ---------------------------------------------------------------- report
def summarise(res: dict) -> dict:
    modes = res.get("modes", {})

    def worst_p95(mode: str, n: int) -> float | None:
        lv = modes.get(mode, {}).get("levels", {}).get(str(n))
        vals = [lv.get("overview_p95_s"), lv.get("detail_p95_s")] if lv else []
        return None if not vals or None in vals else max(vals)

    values = {
        "cpu_overview_s": modes.get("one", {}).get("cpu_per_render", {}).get("overview_cpu_s"),
        "one_20_p95_s": worst_p95("one", 20),
        "one_40_p95_s": worst_p95("one", 40),
        "serve_40_p95_s": worst_p95("serve", 40),
        "serve_100_p95_s": worst_p95("serve", 100),
        "errors": sum(lv["errors"] for m in modes.values() for lv in m.get("levels", {}).values()) if modes else None,
    }
    return {
        k: {"label": label, "value": values[k], "goal": goal, "met": None if values[k] is None else values[k] <= goal}
        for k, (label, goal) in GOALS.items()
    }


def table(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"ipdash load benchmark — {res['date']} — {res['data']} — {m['cores']} cores, {m['mem_gib']} GiB, "
        f"load {m['load_at_start']} at the start",
        f"{'mode':<6} {'n':>3} {'overview p50':>13} {'p95':>7} {'detail p50':>11} {'p95':>7} {'errors':>6} "
        f"{'CPU s':>6} {'RSS MB':>7} {'load':>5}",
    ]
    for mode, r in res.get("modes", {}).items():
        for n, lv in r.get("levels", {}).items():

            def f(x):
                return "—" if x is None else f"{x:.2f}"

            lines.append(
                f"{mode:<6} {n:>3} {f(lv['overview_p50_s']):>13} {f(lv['overview_p95_s']):>7} "
                f"{f(lv['detail_p50_s']):>11} {f(lv['detail_p95_s']):>7} {lv['errors']:>6} "
                f"{lv['server_cpu_s']:>6.1f} {lv['rss_sum_mb']:>7.0f} {lv['load_at_start']:>5}"
            )
        c = r.get("cpu_per_render")
        if c:
            lines.append(
                f"  {mode}: server CPU per render — overview {c['overview_cpu_s'] * 1000:.0f} ms "
                f"({c['overview_deltas']} deltas, {c['overview_bytes'] / 1000:.0f} kB), detail "
                f"{c.get('detail_cpu_s', 0) * 1000:.0f} ms (a target's first view "
                f"{c.get('detail_first_cpu_s', 0) * 1000:.0f} ms)"
            )
        bi, bl = r.get("browser_idle") or {}, r.get("browser_under_load") or {}
        if bi or bl:
            lines.append(
                f"  {mode}: browser, overview drawn: idle server {bi.get('median_s') or 0:.2f} s; with "
                f"{bl.get('sessions')} protocol sessions at once {bl.get('browser_s') or 0:.2f} s"
                + (f" ({bi.get('error') or bl.get('error')})" if bi.get("error") or bl.get("error") else "")
            )
    for r in res["summary"].values():
        v = "—" if r["value"] is None else f"{r['value']:.3f}"
        met = "n/a" if r["met"] is None else ("met" if r["met"] else "NOT MET")
        lines.append(f"{r['label']:<52} {v:>8}  ≤ {r['goal']:<5g} {met}")
    return "\n".join(lines)


def prepare_data(tmp: Path) -> Path:
    """A temporary copy of the embedded data (reviewed text only), built to Parquet."""
    data = tmp / "data"
    for sub in ("catalog", "seeds", "reference"):
        shutil.copytree(REPO / "data" / sub, data / sub)
    env = dict(os.environ, IPDASH_DATA_DIR=str(data))
    subprocess.run([sys.executable, "-m", "ipdash", "build"], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return data


ONE_LEVELS, SERVE_LEVELS = "1,10,20,40", "1,10,20,40,100"  # make serve: a hall of 100 too


def levels(text: str) -> list[int]:
    """``"1,10,20"`` → ``[1, 10, 20]``."""
    return [int(x) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; ``sessions`` (mode one) and ``serve_sessions`` (mode serve) as lists."""
    p = argparse.ArgumentParser(description="ipdash load benchmark (issue 16)")
    p.add_argument("--sessions", help="sessions at once, comma-separated (default 1,10,20,40)")
    p.add_argument("--serve-sessions", help="the levels of mode serve (default: --sessions, else 1,10,20,40,100)")
    p.add_argument("--modes", default="one,serve", help="one (one process), serve (make serve: nginx + workers)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Streamlit processes under make serve")
    p.add_argument("--repeats", type=int, default=3, help="bursts per level (figures are medians)")
    p.add_argument("--seq", type=int, default=10, help="visits in a row for the CPU-per-render figure (0: skip)")
    p.add_argument("--timeout", type=float, default=120, help="seconds a visit may take before it is an error")
    p.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium sample")
    p.add_argument("--data", type=Path, help="a built data directory (default: a copy of the embedded data)")
    p.add_argument("--json", type=Path, help="write the results here")
    a = p.parse_args(argv)
    a.serve_sessions = levels(a.serve_sessions or a.sessions or SERVE_LEVELS)
    a.sessions = levels(a.sessions or ONE_LEVELS)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    modes = [m.strip() for m in a.modes.split(",") if m.strip()]
    if "serve" in modes and not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        log("nginx is missing (bash scripts/setup.sh app installs it): skipping mode serve")
        modes.remove("serve")
    tmp = Path(tempfile.mkdtemp(prefix="ipdash-load-"))
    res: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join(["python -m bench.load", *(argv if argv is not None else sys.argv[1:])]),
        "settings": {
            "sessions": a.sessions,
            "serve_sessions": a.serve_sessions,
            "repeats": a.repeats,
            "workers": a.workers,
            "timeout_s": a.timeout,
        },
        "modes": {},
    }
    try:
        data_dir = a.data or prepare_data(tmp)
        res["data"] = "embedded data" if a.data is None else str(a.data)
        for mode in modes:
            res["modes"][mode] = measure_mode(mode, data_dir, tmp, a)
    finally:
        res["summary"] = summarise(res)
        res.setdefault("data", "")
        if a.json:
            a.json.parent.mkdir(parents=True, exist_ok=True)
            a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(table(res))
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
