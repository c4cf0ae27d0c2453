"""(g) of the benchmark, ``bench/alerts.py``: on the shipped data, one run of each path (the CLI's
``ingest`` and the app's background alert) delivers a message naming the chosen target to every
receiver, and a latency comes back. Checks that the figures exist — never their size (the machine's load)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

from bench import alerts, run
from tests.conftest import REPO
from tests.corpus import helpers


def test_one_run_of_each_path_on_the_shipped_data(built_data, tmp_path):
    out = tmp_path / "alerts.json"
    before = helpers.snapshot(built_data)
    p = subprocess.run(
        [sys.executable, "-m", "bench.alerts", str(built_data), "--runs", "1", "--timeout", "120", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["channels"] == ["wecom", "webhook", "email"]
    tid = res["target"]["target_id"]
    assert tid and len(set(res["target"]["statuses"])) == 2
    for path in ("cli", "app"):
        (r,) = res[path]["runs"]
        assert "error" not in r, r
        assert set(r["per_channel_from_commit_s"]) == {"wecom", "webhook", "email"}  # every receiver got it
        assert 0.0 <= r["from_commit_s"] <= r["from_start_s"] < 120.0
        assert res[path]["from_commit_s"] == r["from_commit_s"] and res[path]["errors"] == 0
    assert res["cli"]["runs"][0]["batch"] != res["app"]["runs"][0]["batch"]
    assert res["worst_from_commit_s"] == max(res["cli"]["from_commit_s"], res["app"]["from_commit_s"])
    assert helpers.snapshot(built_data) == before  # the data given was copied, never written


def _post(url: str, body: dict) -> None:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert json.loads(resp.read())["errcode"] == 0


def test_only_a_message_naming_the_target_and_the_commit_counts():
    rx = alerts.Receivers(email=False)
    try:
        event = {"target_id": "PD24-01", "version": "b-other"}
        _post(rx.url("/webhook"), {"event": event})  # another commit's event
        _post(rx.url("/wecom"), {"markdown": {"content": "YP26-02 moved"}})  # another target
        assert rx.arrivals(0, "PD24-01", "b-1") == {}
        _post(rx.url("/webhook"), {"event": {**event, "version": "b-1"}})
        _post(rx.url("/wecom"), {"markdown": {"content": "PD24-01 moved"}})
        assert set(rx.arrivals(0, "PD24-01", "b-1")) == {"wecom", "webhook"}
        assert rx.arrivals(len(rx.got), "PD24-01", "b-1") == {}  # only what came after the run's start
    finally:
        rx.stop()


def test_the_summary_has_the_alert_row():
    s = run.summarise({"alerts": {"worst_from_commit_s": 12.5}})["g_alert_s"]
    assert s["goal"] == 10.0 and s["unit"] == "s" and s["met"] is False and s["label"].startswith("(g) alert")
    assert run.summarise({})["g_alert_s"]["met"] is None
