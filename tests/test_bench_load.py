"""The load benchmark (bench/load.py) runs at tiny scale — 1 and 2 sessions at once, bounded,
seconds — and writes a well-formed JSON. Checks the shape only, never timings (those depend on
the machine and its load). Starts real servers (one process; make serve when nginx is there)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

LEVEL_KEYS = {
    "sessions",
    "overview_p50_s",
    "overview_p95_s",
    "detail_p50_s",
    "detail_p95_s",
    "errors",
    "server_cpu_s",
    "rss_sum_mb",
    "hwm_max_mb",
    "load_at_start",
}


def test_load_benchmark_tiny(tmp_path):
    out = tmp_path / "load.json"
    nginx = bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())
    modes = "one,serve" if nginx else "one"
    cmd = [sys.executable, "-m", "bench.load", "--sessions", "1,2", "--repeats", "1", "--seq", "2", "--modes", modes]
    p = subprocess.run(
        [*cmd, "--workers", "2", "--no-browser", "--timeout", "60", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    assert {"date", "machine", "settings", "modes", "summary"} <= set(res)
    assert res["machine"]["cores"] >= 1 and len(res["machine"]["load_at_start"]) == 3
    assert set(res["modes"]) == set(modes.split(","))
    for mode in res["modes"].values():
        assert set(mode["levels"]) == {"1", "2"}
        for n, lv in mode["levels"].items():
            assert set(lv) >= LEVEL_KEYS and lv["sessions"] == int(n)
            assert lv["errors"] == 0, lv["error_samples"]
            assert lv["overview_p50_s"] > 0 and lv["detail_p95_s"] > 0 and lv["server_cpu_s"] >= 0
        c = mode["cpu_per_render"]
        assert c["overview_cpu_s"] >= 0 and c["overview_deltas"] > 0 and "detail_cpu_s" in c
    for r in res["summary"].values():
        assert {"label", "value", "goal", "met"} <= set(r)
    assert res["summary"]["errors"]["value"] == 0
    assert "server CPU per overview render" in p.stdout


def test_levels_per_mode():
    """make serve gets a level of 100 at once by default; ``--sessions`` alone sets both modes'."""
    from bench import load

    a = load.parse_args([])
    assert a.sessions == [1, 10, 20, 40] and a.serve_sessions == [1, 10, 20, 40, 100]
    a = load.parse_args(["--sessions", "1,2"])
    assert a.sessions == [1, 2] and a.serve_sessions == [1, 2]
    a = load.parse_args(["--sessions", "1,2", "--serve-sessions", "3,100"])
    assert a.sessions == [1, 2] and a.serve_sessions == [3, 100]


def test_serve_mode_bursts_its_own_levels(monkeypatch, tmp_path):
    """measure_mode bursts mode serve at ``serve_sessions`` and mode one at ``sessions``; the summary
    reads the 100-at-once level of make serve."""
    from bench import load
    from bench.stclient import Visit

    class Fake(load.Target):
        def __init__(self, *args, **kwargs):
            self.url, self.workers = "http://127.0.0.1:9", 1

        def pids(self) -> list[int]:
            return []

        def stop(self) -> None:
            pass

    bursts: list[tuple[str, int]] = []

    async def fake_client(url, i, timeout):
        return Visit(finished="FINISHED_SUCCESSFULLY"), None

    def fake_burst(target, n, timeout):
        bursts.append((mode, n))
        p95 = n / 100
        times = {"overview_p50_s": p95 / 2, "overview_p95_s": p95, "detail_p95_s": p95 / 2}
        return {"sessions": n, **times, "errors": 0, "error_samples": [], "server_cpu_s": 0.0, "load_at_start": 0.0}

    monkeypatch.setattr(load, "OneProcess", Fake)
    monkeypatch.setattr(load, "Served", Fake)
    monkeypatch.setattr(load, "client", fake_client)
    monkeypatch.setattr(load, "burst", fake_burst)
    a = load.parse_args(["--seq", "0", "--repeats", "1", "--no-browser"])
    res: dict = {"modes": {}}
    for mode in ("one", "serve"):
        res["modes"][mode] = load.measure_mode(mode, tmp_path, tmp_path, a)
    assert bursts == [("one", n) for n in (1, 10, 20, 40)] + [("serve", n) for n in (1, 10, 20, 40, 100)]
    assert set(res["modes"]["serve"]["levels"]) == {"1", "10", "20", "40", "100"}
    summary = load.summarise(res)
    assert summary["serve_100_p95_s"]["value"] == 1.0 and summary["serve_100_p95_s"]["met"]
    assert summary["serve_40_p95_s"]["value"] == 0.4
    assert summary["one_40_p95_s"]["value"] == 0.4 and summary["one_40_p95_s"]["goal"] == 5.0  # issue 26
    assert summary["cpu_overview_s"]["goal"] == 0.05
