"""The benchmark harness runs end to end at small scale and writes a well-formed JSON.

Checks the shape only — never timings (those depend on the machine and its load). Marked
``browser`` as well as ``slow``: it starts two Streamlit servers and drives Chromium.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.browser]

KEYS = (
    "a_page_vs_floor",
    "b_rerun_s",
    "c_status_s",
    "d_ingest_vs_read_csv",
    "d_check_s",
    "e_cold_start_s",
    "e_after_change_s",
    "f_peak_rss_gb",
)


def test_bench_small(tmp_path):
    out = tmp_path / "bench.json"
    p = subprocess.run(
        [sys.executable, "-m", "bench.run", "--scale", "small", "--runs", "1", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    assert set(KEYS) <= set(res["summary"])
    for k in KEYS:
        r = res["summary"][k]
        assert {"label", "value", "unit", "goal", "met"} <= set(r)
        assert isinstance(r["value"], (int, float)), (k, res.get(k[0]), r)
        assert r["met"] in (True, False)
    assert res["data"]["n_targets"] > 600 and res["data"]["n_actuals"] > 20_000
    pages = res["browser"]["pages"]
    assert set(pages) == {"overview", "compare", "detail", "targets", "upload", "meeting", "data"}
    assert all(p["median_s"] > 0 for p in pages.values())
    assert res["ingest"]["errors"] == 0 and res["ingest"]["commit_s"] > 0
    for case in ("overview_area", "compare_area", "detail_target"):
        assert res["rerun"][case]["median_s"] > 0
    assert "(a) slowest page render" in p.stdout and "met" in p.stdout
