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
