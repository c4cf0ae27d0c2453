"""A target's status timeline (issue 21, item 2): one row per data version — the base data, each
upload and each revert — on the local store and on PostgreSQL; ``python -m ipdash history`` prints
it as CSV."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ipdash.charts import timeline_figures
from ipdash.frames import timeline
from ipdash.ingest import commit, validate
from ipdash.settings import ViewSettings
from ipdash.status_meta import STATUS_META
from tests.corpus import helpers

UPLOAD = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["杨浦", "每万人口发明专利拥有量", 2025, 150, "件/万人"],  # YP26-02 (145 by 2026) met early
]


def _upload(rows, name="杨浦 2025.csv"):
    user = helpers.add_user(areas=("pudong", "yangpu"))
    raw = helpers.csv_bytes(rows)
    v = validate.validate(raw, name, allowed_areas={"pudong", "yangpu"})
    assert v.ok, v.errors
    return commit.commit(v, raw, user, confirm_warnings=True), user


def _history(target_id: str, *extra: str) -> pd.DataFrame:
    r = helpers.cli("history", target_id, *extra)
    assert r.returncode == 0, r.stderr
    return pd.read_csv(io.StringIO(r.stdout), dtype=str, keep_default_na=False)


def test_history_grows_by_a_row_after_an_upload_and_after_a_revert(fresh_store):
    view = ViewSettings(lang="zh")
    first = timeline.timeline_frame("YP26-02", view=view)
    assert list(first["version"]) == ["base"] and list(first["status"]) == ["off_track"]
    assert not first["changed"].any()
    assert len(_history("YP26-02")) == 1

    entry, user = _upload(UPLOAD)
    bid = entry["batch_id"]
    after = _history("YP26-02")
    assert len(after) == 2
    row = after.iloc[1]
    assert (row["version"], row["kind"], row["batch_id"], row["user"]) == (bid, "upload", bid, "wang")
    assert (row["status"], row["changed"]) == ("on_track", "True")
    assert pd.Timestamp(row["at_utc"]) == pd.Timestamp(entry["committed_at"]) and len(row["date_shanghai"]) == 10
    assert "杨浦 2025.csv" in row["made_by"] and row["status_text"].endswith("有望达成")

    commit.revert(bid, user)
    back = timeline.timeline_frame("YP26-02", view=view)
    assert len(back) == 3 and len(_history("YP26-02")) == 3
    assert list(back["version"]) == ["base", bid, f"{timeline.REVERT}{bid}"]
    assert list(back["kind"]) == ["base", "upload", "revert"]
    assert list(back["status"]) == ["off_track", "on_track", "off_track"]
    assert list(back["changed"]) == [False, True, True]
    assert back.loc[2, "projected_text"] == back.loc[0, "projected_text"]  # the revert restored the base judgement
    assert back["at_utc"].iloc[1] <= back["at_utc"].iloc[2]
    # a target the batch did not touch: a row per version too, nothing changed
    other = timeline.timeline_frame("PD24-01", view=view)
    assert len(other) == 3 and not other["changed"].any()
    # in English, with the same columns
    en = _history("YP26-02", "--lang", "en")
    assert list(en.columns) == timeline.COLUMNS and en["made_by"].iloc[2].startswith("revert of " + bid)


def test_the_latest_version_agrees_with_todays_verdict(fresh_data):
    from ipdash.frames import verdicts

    _upload(UPLOAD)
    now = verdicts.evaluate().set_index("target_id")
    for tid in ("YP26-02", "PD24-01"):
        last = timeline.timeline_frame(tid).iloc[-1]
        assert last["status"] == now.at[tid, "status"]


def test_unknown_target_is_a_clear_error(built_data):
    with pytest.raises(timeline.TimelineError, match="no target 'NOPE'"):
        timeline.timeline_frame("NOPE")
    r = helpers.cli("history", "NOPE")
    assert r.returncode == 2 and "no target 'NOPE'" in r.stderr and "Traceback" not in r.stderr


def test_strip_draws_every_version_in_its_status_colour(fresh_data):
    entry, user = _upload(UPLOAD)
    commit.revert(entry["batch_id"], user)
    frame = timeline.timeline_frame("YP26-02", view=ViewSettings(lang="en"))
    fig = timeline_figures.timeline_strip(frame, "en")
    marks = fig.data[1]
    assert list(marks.marker.color) == [STATUS_META[s]["colour"] for s in frame["status"]]
    assert list(marks.text) == [STATUS_META[s]["icon"] for s in frame["status"]]
    assert [a.text for a in fig.layout.annotations] == ["off track", "on track", "off track"]
    assert list(marks.marker.line.width) == [1, 3, 3]  # moved from the version before: outlined


def test_detail_page_shows_the_strip_and_offers_its_frame(built_data):
    from tests.apptest import open_page

    at = open_page("app_pages/detail.py", det_target="YP26-02")
    assert "状态变化时间线" in [h.value for h in at.subheader]
    assert {"dl_det_timeline_csv", "dl_det_timeline_pq"} <= {b.key for b in at.get("download_button")}
