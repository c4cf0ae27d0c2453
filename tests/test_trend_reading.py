"""Short- and long-term reading (issue 24 item 8): the recent pace (last 3 points) against the whole
window and the pace still required, worded keep going / speed up / reverse (保持 / 加快 / 扭转)."""

from __future__ import annotations

import io
import math
from contextlib import redirect_stdout

import pandas as pd

from ipdash.engine import rules
from ipdash.settings import ViewSettings


def test_the_words():
    assert rules.trend_reading("at_risk", 3.0, 2.0, 1) == "keep"
    assert rules.trend_reading("off_track", 1.0, 2.0, 1) == "speed_up"
    assert rules.trend_reading("off_track", -1.0, 2.0, 1) == "reverse"
    assert rules.trend_reading("off_track", 0.0, 2.0, 1) == "reverse"
    assert rules.trend_reading("on_track", -1.0, -5.0, 1) == "keep"  # already reached: hold it
    assert rules.trend_reading("at_risk", -3.0, -2.0, -1) == "keep"  # a ceiling: falling fast enough
    assert rules.trend_reading("at_risk", 1.0, -2.0, -1) == "reverse"
    assert rules.trend_reading("achieved", 1.0, 2.0, 1) == ""
    assert rules.trend_reading("at_risk", math.nan, 2.0, 1) == ""


def test_status_csv_has_the_reading_from_the_last_three_points(built_data):
    from ipdash.cli import main as cli
    from ipdash.store import read as store

    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli.main(["status"]) == 0
    df = pd.read_csv(io.StringIO(buf.getvalue())).set_index("target_id")
    assert {"trend_reading", "short_pace", "window_pace"} <= set(df.columns)
    open_ = df[df["status"].isin(["on_track", "at_risk", "off_track"])]
    assert open_["trend_reading"].isin(rules.READINGS).all() and len(open_) >= 8
    assert df.loc[df["status"].isin(["achieved", "missed"]), "trend_reading"].isna().all()
    # recomputed by hand: YP26-10's last three points
    a = store.actuals()
    s = a[(a["area"] == "yangpu") & (a["indicator"] == "ip_demo_firms")].sort_values("year")
    y, v = s["year"].tolist()[-3:], s["value"].tolist()[-3:]
    r = df.loc["YP26-10"]
    assert math.isclose(r["short_pace"], (v[-1] - v[0]) / (y[-1] - y[0]))
    want = "keep" if r["short_pace"] >= r["required_per_year"] else ("speed_up" if r["short_pace"] > 0 else "reverse")
    assert r["trend_reading"] == want


def test_the_detail_sentence(built_data):
    from ipdash.frames import detail, reading

    for lang, word in (("zh", "加快"), ("en", "speed up")):
        row = detail.target_row("YP26-10", view=ViewSettings(lang=lang))
        if row["trend_reading"] == "speed_up":
            assert word in reading.trend_text(row, lang)
    row = detail.target_row("PD24-01", view=ViewSettings(lang="zh"))
    assert reading.trend_text(row, "zh") == ""  # decided
