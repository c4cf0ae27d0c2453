"""Meetings and commitments (issue 21, item 3) on both backends (``fresh_store``): who may add and report,
the audit, overdue, the one status frame, a file of reports refused whole, all-or-nothing store writes —
and the CLI end to end on a fresh data copy and on PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from ipdash import store
from ipdash.accounts import auth
from ipdash.ingest import commitment_file
from ipdash.meetings import commitment_reports as progress
from ipdash.meetings import commitments as cm
from ipdash.store import read
from tests import backends
from tests.corpus import helpers

PW = helpers.PASSWORD


@pytest.fixture
def users(fresh_store):
    """li: 保护处 of 浦东; ma: 静安, every department; admin: every area; wu: 办公室 of 杨浦."""
    return {
        "li": auth.add_user("li", PW, ["pudong"], departments=["保护处"]),
        "ma": auth.add_user("ma", PW, ["jingan"]),
        "admin": auth.add_user("admin", PW, ["*"]),
        "wu": auth.add_user("wu", PW, ["yangpu"], departments=["办公室"]),
    }


def _events(name: str) -> list[dict]:
    return [e for e in backends.audit_events() if e["event"] == name]


def _rows(data: str, user: auth.User) -> progress.ReportCheck:
    table = commitment_file.read_report_file(data.encode("utf-8"), "进展.csv")
    assert not table.problems, table.problems
    return progress.check(table.df, table.headers, user)


def test_meetings_commitments_and_reports_with_permissions_and_audit(users):
    li, ma, admin, wu = users["li"], users["ma"], users["admin"], users["wu"]
    data_version = read.data_version()
    m = cm.add_meeting("2026-11-20", "第四季度推进会", li)
    assert (m.meeting_date, m.title, m.user) == ("2026-11-20", "第四季度推进会", "li")
    with pytest.raises(cm.CommitmentError) as exc:
        cm.add_meeting(date(2026, 11, 20), "", ma)
    assert exc.value.code == "meeting_exists"
    with pytest.raises(cm.CommitmentError) as exc:
        cm.add_meeting("2026-13-01", "", ma)
    assert exc.value.code == "bad_date"
    cm.add_meeting("2026-10-09", "", admin)
    assert list(cm.meetings()["meeting_date"]) == ["2026-10-09", "2026-11-20"]
    assert cm.previous_meeting(date(2026, 11, 20)) == date(2026, 10, 9)
    assert cm.previous_meeting(date(2026, 11, 21)) == date(2026, 11, 20)
    assert cm.previous_meeting(date(2026, 10, 9)) is None

    a = cm.add_commitment("2026-11-20", "保护处", "2026-11-30", "完成专利导航报告", li)
    b = cm.add_commitment("2026-11-20", "办公室", "2027-01-31", "报送任务进展", ma, milestone_id="m-ja24-06")
    assert (a.commitment_id, b.commitment_id) == ("C-20261120-01", "C-20261120-02")
    assert b.milestone_id == "M-JA24-06"
    refusals = {
        "no_permission_add": dict(department="办公室", due="2027-01-31", text="x", user=ma, milestone_id="M-PD24-06"),
        "no_meeting": dict(department="办公室", due="2027-01-31", text="x", user=ma, meeting="2026-11-21"),
        "department": dict(department="宣传处", due="2027-01-31", text="x", user=ma),
        "due_before": dict(department="办公室", due="2026-11-19", text="x", user=ma),
        "bad_due": dict(department="办公室", due="next week", text="x", user=ma),
        "text": dict(department="办公室", due="2027-01-31", text="  ", user=ma),
        "no_target": dict(department="办公室", due="2027-01-31", text="x", user=admin, target_id="T-NONE"),
        "both": dict(department="办公室", due="2027-01-31", text="x", user=admin, target_id="a", milestone_id="b"),
    }
    for code, kw in refusals.items():
        with pytest.raises(cm.CommitmentError) as exc:
            cm.add_commitment(kw.pop("meeting", "2026-11-20"), kw.pop("department"), kw.pop("due"), kw.pop("text"),
                              kw.pop("user"), **kw)  # fmt: skip
        assert exc.value.code == code, code
        assert progress.error_text(exc.value, "zh") and progress.error_text(exc.value, "en")
    assert len(cm.commitments()) == 2
    assert [e["commitment_id"] for e in _events("commitment_add")] == [a.commitment_id, b.commitment_id]
    assert _events("commitment_add_refused")[0]["user"] == "ma"

    # who may report: the owner department (li for a), the served task's area (ma for b), every area (admin)
    assert cm.may_report(li, cm.commitments().iloc[0]) and not cm.may_report(ma, cm.commitments().iloc[0])
    assert cm.may_report(ma, cm.commitments().iloc[1]) and cm.may_report(admin, cm.commitments().iloc[1])
    assert cm.may_report(wu, cm.commitments().iloc[1])  # 办公室 owns it, whatever wu's area
    assert not cm.may_report(li, cm.commitments().iloc[1])
    refused = progress.check_one(b.commitment_id, "done", "", li, "en")
    assert [(p.code, p.column, p.value) for p in refused.problems] == [("id_allowed", "commitment id", b.commitment_id)]
    with pytest.raises(cm.CommitmentError) as exc:
        progress.commit(refused, li, source="cli")
    assert exc.value.code == "invalid"

    v = progress.check_one(a.commitment_id, "推进中", "已完成初稿", li)
    assert v.ok and v.rows.at[0, "status"] == "in_progress" and v.rows.at[0, "previous_status"] == "not_assessed"
    out = progress.commit(v, li, source="cli")
    assert list(out["department"]) == ["保护处"] and list(out["source"]) == ["cli"]
    with pytest.raises(cm.CommitmentError) as exc:  # the same again: nothing new
        progress.commit(progress.check_one(a.commitment_id, "in_progress", "已完成初稿", li), li, source="cli")
    assert exc.value.code == "nothing"
    # stale: a report made between the check and the commit
    seen = progress.check_one(b.commitment_id, "delayed", "等待材料", ma)
    progress.commit(progress.check_one(b.commitment_id, "in_progress", "", admin), admin, source="ui")
    with pytest.raises(cm.CommitmentError) as exc:
        progress.commit(seen, ma, source="ui")
    assert exc.value.code == "stale" and b.commitment_id in progress.error_text(exc.value, "en")
    assert [e["commitment_id"] for e in _events("commitment_report")] == [a.commitment_id, b.commitment_id]
    assert read.data_version() == data_version  # no page judges the targets again for a commitment

    f = cm.commitment_status(as_of=date(2026, 12, 1))
    assert list(f.columns) == list(cm.FRAME_COLUMNS)
    got = f.set_index("commitment_id")
    assert got.at[a.commitment_id, "status"] == "in_progress" and got.at[a.commitment_id, "last_note"] == "已完成初稿"
    assert bool(got.at[a.commitment_id, "overdue"]) and not bool(got.at[b.commitment_id, "overdue"])
    assert got.at[b.commitment_id, "milestone_id"] == "M-JA24-06"
    early = cm.commitment_status(as_of=date(2026, 11, 1)).set_index("commitment_id")
    assert not early["overdue"].any()
    progress.commit(progress.check_one(a.commitment_id, "已完成", "报告已印发", li), li, source="ui")
    done = cm.commitment_status(as_of=date(2027, 3, 1)).set_index("commitment_id")
    assert done.at[a.commitment_id, "status"] == "done" and not bool(done.at[a.commitment_id, "overdue"])
    assert bool(done.at[b.commitment_id, "overdue"])  # in progress, past its due date
    assert list(cm.open_only(cm.commitment_status())["commitment_id"]) == [b.commitment_id]


def test_a_file_of_reports_is_checked_whole_and_written_all_or_nothing(users):
    li, admin = users["li"], users["admin"]
    cm.add_meeting("2026-11-20", "", admin)
    ids = [cm.add_commitment("2026-11-20", d, "2026-12-31", f"事项{i}", admin).commitment_id
           for i, d in enumerate(("保护处", "保护处", "办公室"))]  # fmt: skip
    bad = "会议纪要\n承诺编号,状态,进展说明\n" + "\n".join(
        [f"{ids[0]},已完成,ok", f"{ids[1]},差不多,", f"{ids[2]},done,", f"{ids[0]},delayed,", ",done,", "C-1,,"]
    )
    v = _rows(bad, li)
    assert not v.ok
    got = [(p.row, p.column, p.value, p.code) for p in v.problems]
    assert got == [
        (4, "状态", "差不多", "status_known"),
        (5, "承诺编号", ids[2], "id_allowed"),  # 办公室's, and li is 保护处 of 浦东
        (6, "承诺编号", ids[0], "duplicate"),
        (7, "承诺编号", "", "id_missing"),
        (8, "承诺编号", "C-1", "id_known"),
        (8, "状态", "", "status_missing"),
    ]
    dup = next(p for p in v.problems if p.code == "duplicate")
    assert "第 3 行" in dup.expected_zh and "row 3" in dup.expected_en
    with pytest.raises(cm.CommitmentError):
        progress.commit(v, li, source="file", file_name="进展.csv")
    assert cm.reports().empty

    good = _rows(f"commitment id,status,note\n{ids[0]},done,印发\n{ids[1]},in progress,\n", li)
    assert good.ok
    out = progress.commit(good, li, source="file", file_name="进展.csv")
    assert len(out) == 2 and set(out["file_name"]) == {"进展.csv"} and out["report_id"].is_unique
    assert list(cm.commitment_status().set_index("commitment_id").loc[ids[:2], "status"]) == ["done", "in_progress"]

    # the store appends every row of one call or none: a key that exists fails the whole call
    before = len(cm.reports())
    rec = out.iloc[0].to_dict()
    fresh = {**rec, "report_id": "R-new-001"}
    with pytest.raises(ValueError), store.current().write_lock():
        store.current().append_meeting_rows({"commitment_reports": [fresh, rec]})
    assert len(cm.reports()) == before and "R-new-001" not in set(cm.reports()["report_id"])


@pytest.mark.parametrize(
    "data, name, code",
    [
        (b"", "a.csv", "empty"),
        ("标题\n一,二\n".encode(), "a.csv", "no_header"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xls", "bad_file"),
        (b"PK\x03\x04broken", "a.xlsx", "bad_file"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_problem(built_data, data, name, code):
    t = commitment_file.read_report_file(data, name)
    assert [p.code for p in t.problems] == [code] and t.df.empty
    assert t.problems[0].expected_zh and t.problems[0].expected_en


def test_an_xlsx_report_file(built_data):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["承诺事项进展"])
    ws.append(["承诺编号", "状态", "进展说明", "其他"])
    ws.append(["C-20261120-01", "已完成", "ok", "x"])
    buf = io.BytesIO()
    wb.save(buf)
    t = commitment_file.read_report_file(buf.getvalue(), "进展.xlsx")
    assert not t.problems and t.df.to_dict("records") == [
        {"_row": 3, "commitment_id": "C-20261120-01", "status": "已完成", "note": "ok"}
    ]


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_cli_end_to_end(users, tmp_path):
    r = helpers.cli("meetings", "add", "2026-11-20", "--title", "推进会")
    assert r.returncode == 0, r.stderr
    assert helpers.cli("meetings", "add", "2026-11-20", "--lang", "en").returncode == 2
    assert [(m["meeting_date"], m["title"]) for m in _csv(helpers.cli("meetings").stdout)] == [("2026-11-20", "推进会")]
    add = ["commitments", "add", "--meeting", "2026-11-20", "--due", "2026-11-30"]
    r = helpers.cli(*add, "--department", "保护处", "--text", "完成导航报告", "--user", "li")
    assert r.returncode == 0 and r.stdout.strip() == "C-20261120-01", r.stderr
    r = helpers.cli(*add, "--department", "办公室", "--text", "报送", "--milestone", "M-JA24-06", "--user", "ma")
    assert r.returncode == 0, r.stderr
    r = helpers.cli(
        *add, "--department", "办公室", "--text", "x", "--milestone", "M-PD24-06", "--user", "ma", "--lang", "en"
    )
    assert r.returncode == 2 and "may not add a commitment" in r.stderr
    r = helpers.cli(*add, "--department", "办公室", "--text", "x", "--user", "nobody")
    assert r.returncode == 2 and "--user must name a user" in r.stderr

    r = helpers.cli("commitments", "report", "C-20261120-01", "--status", "推进中", "--note", "初稿", "--user", "li")
    assert r.returncode == 0, r.stderr
    r = helpers.cli("commitments", "report", "C-20261120-02", "--status", "done", "--user", "li", "--lang", "en")
    assert r.returncode == 2 and "row -, column commitment id, value 'C-20261120-02'" in r.stderr
    bad = tmp_path / "进展.csv"
    bad.write_text("承诺编号,状态,进展说明\nC-20261120-02,完成,ok\nC-20261120-01,bogus,\n", encoding="utf-8")
    r = helpers.cli("commitments", "report", "--file", str(bad), "--user", "ma", "--lang", "en")
    assert r.returncode == 2, r.stderr
    assert "row 3, column 承诺编号, value 'C-20261120-01': expected a commitment you may report" in r.stderr
    assert "row 3, column 状态, value 'bogus': expected not started, in progress, done" in r.stderr
    assert len(cm.reports()) == 1  # the good row 2 was not written either
    good = tmp_path / "ok.csv"
    good.write_text("承诺编号,状态,进展说明\nC-20261120-02,完成,已报送\n", encoding="utf-8")
    r = helpers.cli("commitments", "report", "--file", str(good), "--user", "ma")
    assert r.returncode == 0 and "recorded 1 reports" in r.stderr, r.stderr

    rows = {x["commitment_id"]: x for x in _csv(helpers.cli("commitments").stdout)}
    assert rows["C-20261120-01"]["status"] == "in_progress" and rows["C-20261120-02"]["status"] == "done"
    assert rows["C-20261120-02"]["last_note"] == "已报送"
    late = _csv(helpers.cli("commitments", "--overdue", "--on", "2026-12-01").stdout)
    assert [x["commitment_id"] for x in late] == ["C-20261120-01"]
    assert [x["commitment_id"] for x in _csv(helpers.cli("commitments", "--open").stdout)] == ["C-20261120-01"]
    assert helpers.cli("commitments", "--on", "tomorrow").returncode == 2
    events = [e["event"] for e in backends.audit_events()]
    assert events.count("commitment_report") == 2 and "commitment_report_refused" not in events
    assert events.count("meeting_add") == 1 and events.count("commitment_add") == 2
    assert isinstance(cm.commitment_status(), pd.DataFrame)
