"""Preview, commit, revert: one batch each, atomic, archived, audited, reflected at once — on the local
store and on PostgreSQL (``fresh_store`` runs each test on both)."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash import paths, store
from ipdash.accounts import auth
from ipdash.ingest import commit, templates, validate
from ipdash.store import read, write
from tests import backends
from tests.corpus import helpers

ROWS = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["浦东", "有效发明专利拥有量", 2024, "8.2万", ""],  # changes an illustrative value
    ["杨浦", "PCT国际专利申请量", 2016, "120", "件"],
]  # a year the store does not have: new


def _user(areas=("pudong", "yangpu")):
    return helpers.add_user(areas=areas)


def _validate(data: bytes, name="上传.csv", user=None):
    return validate.validate(data, name, allowed_areas=set(user.areas) if user else None)


def _value(area, ind, year):
    a = read.actuals()
    hit = a[(a["area"] == area) & (a["indicator"] == ind) & (a["year"] == year)]
    return None if hit.empty else (float(hit["value"].iloc[0]), hit["batch_id"].iloc[0])


def test_preview_classifies_new_changed_unchanged(fresh_store):
    user = _user()
    first = helpers.csv_bytes(ROWS[:2])
    commit.commit(_validate(first), first, user, confirm_warnings=True)
    old_2023 = _value("pudong", "invention_patents", 2023)[0]
    v = _validate(helpers.csv_bytes([*ROWS, ["浦东", "有效发明专利拥有量", 2023, old_2023 + 1, "件"]]))
    assert v.ok, v.errors
    diff = commit.preview(v)
    got = {(r.area, r.indicator, int(r.year)): r.status for r in diff.itertuples()}
    assert got == {
        ("pudong", "invention_patents", 2024): "unchanged",
        ("yangpu", "pct_applications", 2016): "new",
        ("pudong", "invention_patents", 2023): "changed",
    }
    changed = diff[diff["status"] == "changed"].iloc[0]
    assert (changed["old_value"], changed["new_value"]) == (old_2023, old_2023 + 1)
    assert pd.isna(diff[diff["status"] == "new"].iloc[0]["old_value"])
    assert commit.counts(diff) == {"new": 1, "changed": 1, "unchanged": 1}
    assert diff["status"].tolist() == ["changed", "new", "unchanged"]


def test_commit_then_revert_round_trip(fresh_store):
    user = _user()
    before_actuals = backends.effective()
    version0 = read.data_version()
    old = _value("pudong", "invention_patents", 2024)
    data = helpers.csv_bytes(ROWS)
    v = _validate(data, "浦东 2024年 数据.csv", user)
    entry = commit.commit(v, data, user, confirm_warnings=True, expected_version=version0)
    bid = entry["batch_id"]
    # effective actuals reflect it at once, and the cache key moved
    assert _value("pudong", "invention_patents", 2024) == (82000.0, bid)
    assert _value("yangpu", "pct_applications", 2016) == (120.0, bid)
    assert read.data_version() != version0
    # the batch is logged with who / when / file / hash / counts
    log = commit.history()
    row = log[log["batch_id"] == bid].iloc[0]
    assert (row["user"], row["file_name"], row["n_rows"], row["n_new"], row["n_changed"], row["status"]) == (
        "wang",
        "浦东 2024年 数据.csv",
        2,
        1,
        1,
        "active",
    )
    assert row["sha256"] == v.sha256 and row["committed_at"].endswith("+00:00")
    # the original bytes are archived unchanged, under a Chinese file name
    assert backends.archive(bid) == (f"{bid}__浦东 2024年 数据.csv", data)
    if not backends.is_pg():
        archive = paths.uploads_dir() / f"{bid}__浦东 2024年 数据.csv"
        assert archive.read_bytes() == data
    # audit
    events = backends.audit_events()
    assert events[-1]["event"] == "upload" and events[-1]["batch_id"] == bid and events[-1]["user"] == "wang"
    # revert: values gone, the earlier data back, byte-identical effective table content
    version1 = read.data_version()
    commit.revert(bid, user)
    assert _value("pudong", "invention_patents", 2024) == old
    assert _value("yangpu", "pct_applications", 2016) is None
    assert read.data_version() != version1
    pd.testing.assert_frame_equal(backends.effective(), before_actuals)
    row = commit.history().iloc[0]
    assert row["status"] == "reverted" and row["reverted_by"] == "wang" and row["reverted_at"]
    assert backends.audit_events()[-1]["event"] == "revert"
    with pytest.raises(commit.CommitError) as exc:
        commit.revert(bid, user)
    assert exc.value.code == "already_reverted"


def test_later_batch_wins_and_reverting_it_restores_the_earlier(fresh_store):
    user = _user()
    a = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 10]])
    b = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 11]])
    commit.commit(_validate(a), a, user, confirm_warnings=True)
    eb = commit.commit(_validate(b), b, user, confirm_warnings=True)
    assert _value("pudong", "pct_applications", 2016)[0] == 11
    commit.revert(eb["batch_id"], user)
    assert _value("pudong", "pct_applications", 2016)[0] == 10


def test_rejected_file_writes_nothing(fresh_store):
    user = _user()
    before = backends.snapshot(fresh_store)
    data = helpers.corpus_bytes("07_bad_rows.csv")
    v = _validate(data, user=user)
    assert not v.ok
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(v, data, user, confirm_warnings=True)
    assert exc.value.code == "invalid"
    assert backends.snapshot(fresh_store) == before


def test_commit_refuses_unconfirmed_warnings_other_areas_and_stale_previews(fresh_store):
    user = _user(areas=("yangpu",))
    before = backends.snapshot(fresh_store)
    data = helpers.csv_bytes(ROWS)
    v = _validate(data)  # validated without a user: the commit must still check areas
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(v, data, user, confirm_warnings=True)
    assert exc.value.code == "no_permission"
    cur = read.actuals()
    p = cur[(cur["area"] == "yangpu") & (cur["indicator"] == "trademarks")].iloc[-1]
    jump = helpers.csv_bytes(
        [["地区", "指标", "年份", "数值"], ["杨浦", "商标有效注册量", p["year"] + 1, p["value"] * 5]]
    )
    vj = _validate(jump)
    assert [w.code for w in vj.warnings] == ["jump"]
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(vj, jump, user)
    assert exc.value.code == "unconfirmed"
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(vj, jump, user, confirm_warnings=True, expected_version="an old version")
    assert exc.value.code == "stale"
    assert backends.snapshot(fresh_store) == before


def test_nothing_to_commit_when_everything_is_unchanged(fresh_store):
    user = _user()
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 10]])
    commit.commit(_validate(data), data, user)
    before = backends.snapshot(fresh_store)
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(_validate(data), data, user)
    assert exc.value.code == "nothing"
    assert backends.snapshot(fresh_store) == before


def test_revert_needs_permission_for_every_area_of_the_batch(fresh_store):
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 10], ["静安", "PCT", 2016, 10]])
    bid = commit.commit(_validate(data), data, admin)["batch_id"]
    pudong_only = auth.User("li", ("pudong",))
    with pytest.raises(commit.CommitError) as exc:
        commit.revert(bid, pudong_only)
    assert exc.value.code == "no_permission"
    assert commit.history().iloc[0]["status"] == "active"


def test_orphan_batch_file_is_ignored_and_tidied(fresh_data):
    orphan = paths.batches_dir() / "20000101T000000-dead00.parquet"
    rows = pd.DataFrame(
        [
            {
                "area": "pudong",
                "indicator": "pct_applications",
                "year": 2016,
                "value": 999.0,
                "unit": "件",
                "provenance": "estimate",
                "confidence": "",
                "source_url": "",
                "note": "",
                "batch_id": "20000101T000000-dead00",
            }
        ]
    ).astype({"year": "int32"})
    write.write_parquet(rows, orphan)
    with write.write_lock():
        write.rebuild_effective()
        assert _value("pudong", "pct_applications", 2016) is None  # not in the log: ignored
        store.current().recover()
    assert not orphan.exists()


def test_safe_file_name_keeps_chinese_and_drops_paths():
    assert commit.safe_file_name("../../etc/passwd") == "passwd"
    assert commit.safe_file_name("C:\\Users\\王\\浦东 数据.xlsx") == "浦东 数据.xlsx"
    assert commit.safe_file_name("..") == "upload"
    assert len(commit.safe_file_name("长" * 500).encode()) <= 180


def test_filled_template_round_trips(fresh_store):
    user = _user()
    for kind in ("csv", "xlsx"):
        data = templates.csv_bytes(2021) if kind == "csv" else templates.xlsx_bytes(2021)
        v = _validate(data, f"t.{kind}")
        assert [e.code for e in v.errors] == ["no_rows"]  # an unfilled template: nothing to import
    tpl = templates.template_frame(2021, ["pudong"])
    assert len(tpl) == len(read.table("indicators")) and list(tpl.columns)[:4] == ["地区", "指标", "年份", "数值"]
    tpl["数值"] = [str(10 + i) for i in range(len(tpl))]
    tpl.loc[tpl["单位"] == "%", "数值"] = "50"
    data = tpl.to_csv(index=False).encode("utf-8-sig")
    v = _validate(data, "filled.csv", user)
    assert v.ok, v.errors[:3]
    assert len(v.rows) == len(tpl)
    commit.commit(v, data, user, confirm_warnings=True)


def test_xlsx_template_has_notes_sheet_and_no_formulas(fresh_data):
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(templates.xlsx_bytes(2021)))
    assert wb.sheetnames == ["数据", "说明"]
    assert [c.value for c in wb["数据"][1]][:4] == ["地区", "指标", "年份", "数值"]
    assert wb["数据"].max_row == 1 + len(read.table("areas")) * len(read.table("indicators"))
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in wb["数据"].iter_rows() for c in row)
