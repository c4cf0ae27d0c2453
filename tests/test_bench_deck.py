"""(h) of the benchmark, ``bench/deck.py``: on the shipped data, one run (a fresh process) times the first
export of a data version and the same export again, PPTX and PDF, with the split. Checks that the figures
exist and add up — never their size (the machine's load)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bench import deck, run
from tests.conftest import REPO
from tests.corpus import helpers

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (the deck's PDF)")


def test_one_run_on_the_shipped_data(built_data, tmp_path):
    out = tmp_path / "deck.json"
    before = helpers.snapshot(built_data)
    p = subprocess.run(
        [sys.executable, "-m", "bench.deck", "--data", str(built_data), "--runs", "1", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    (r,) = res["runs"]
    assert "error" not in r, r
    assert r["n_charts"] >= 1 and r["warm_s"] > 0
    for name in ("first", "again"):
        e = r[name]
        assert e["n_slides"] >= 10 and e["pptx_bytes"] > 10_000 and e["pdf_bytes"] > 10_000
        assert 0 < e["until_pptx_s"] <= e["until_pdf_s"]
        assert {"data", "charts", "pptx", "pdf", "total"} <= set(e["seconds"])
        assert e["seconds"]["charts"] <= e["until_pptx_s"]
        assert res[name]["until_pptx_s"] == e["until_pptx_s"] and res[name]["charts_s"] == e["seconds"]["charts"]
    assert r["first"]["n_slides"] == r["again"]["n_slides"]
    assert res["first_export_s"] == r["first"]["until_pptx_s"] and res["errors"] == 0
    assert "first export" in p.stdout
    assert helpers.snapshot(built_data) == before  # the data given was copied, never written


def test_the_summary_takes_medians_and_skips_failed_runs():
    rows = [
        {"warm_s": 3.0, "first": {"until_pptx_s": 5.0, "until_pdf_s": 8.0, "seconds": {"charts": 2.0}}},
        {"warm_s": 1.0, "first": {"until_pptx_s": 3.0, "until_pdf_s": 6.0, "seconds": {"charts": 1.0}}},
        {"warm_s": 2.0, "first": {"until_pptx_s": 4.0, "until_pdf_s": 7.0, "seconds": {"charts": 4.0}}},
        {"error": "boom"},
    ]
    s = deck.summarise(rows)
    assert s["errors"] == 1 and s["warm_s"] == 2.0
    assert s["first"]["until_pptx_s"] == 4.0 and s["first"]["until_pdf_s"] == 7.0 and s["first"]["charts_s"] == 2.0
    assert s["first"]["pdf_s"] is None and s["again"]["until_pptx_s"] is None
    assert s["first_export_s"] == 4.0


def test_the_summary_has_the_deck_row():
    s = run.summarise({"deck": {"first_export_s": 7.5}})["h_deck_s"]
    assert s["goal"] == 6.0 and s["unit"] == "s" and s["met"] is False and s["label"].startswith("(h) ")
    assert run.summarise({})["h_deck_s"]["met"] is None
