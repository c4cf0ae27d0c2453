"""Milestone reports: who may report, validation, history, audit, overdue — and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pandas as pd
import pytest

from ipdash import paths
from ipdash.accounts import auth
from ipdash.frames import milestones as frames
from ipdash.ingest import milestones as reports
from ipdash.ingest import status_file
from ipdash.store import milestones as history
from ipdash.store import read
from tests import backends
from tests.corpus import helpers

PW = helpers.PASSWORD


def _ms(mid: str) -> dict:
    return read.record("milestones", "milestone_id", mid)


def _file(*rows, header=("任务编号", "状态", "进展说明"), encoding="utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def _audit(data_dir) -> list[dict]:
    return backends.audit_events()  # the data directory's audit.log, or the PostgreSQL store's audit_log


@pytest.fixture
def users(fresh_store):
    """li: 保护处 in 浦东; zhou: every department of 浦东; ma: 静安 (no departments named there)."""
    return {
        "li": auth.add_user("li", PW, ["pudong"], departments=["保护处"]),
        "zhou": auth.add_user("zhou", PW, ["pudong"]),
        "ma": auth.add_user("ma", PW, ["jingan"]),
        "office": auth.add_user("office", PW, ["pudong"], departments=["办公室", "保护中心"]),
    }


# ------------------------------------------------------------------ permissions
def test_who_may_report_what(users):
    li, zhou, ma, office = users["li"], users["zhou"], users["ma"], users["office"]
    assert auth.may_report(li, _ms("M-PD24-06"))  # 保护处 leads it
    assert auth.may_report(li, _ms("M-PD24-05"))  # one of four lead departments
    assert not auth.may_report(li, _ms("M-PD24-01"))  # 办公室's task
    assert not auth.may_report(li, _ms("M-PD23-02"))  # the text names no lead: area-wide accounts only
    assert not auth.may_report(li, _ms("M-JA24-01"))  # another area
    assert auth.may_report(zhou, _ms("M-PD23-02")) and auth.may_report(zhou, _ms("M-PD24-01"))
    assert not auth.may_report(zhou, _ms("M-YP26-01"))
    assert auth.may_report(ma, _ms("M-JA24-06")) and not auth.may_report(ma, _ms("M-PD24-06"))
    assert auth.may_report(office, _ms("M-PD24-03")) and auth.may_report(office, _ms("M-PD24-20"))
    assert not auth.may_report(office, _ms("M-PD24-17"))  # 机关党委
    assert reports.reportable(li) == {"M-PD24-05", "M-PD24-06", "M-PD24-07", "M-PD24-08", "M-PD24-16"}
    admin = auth.add_user("admin", PW, ["*"])
    assert len(reports.reportable(admin)) == len(read.table("milestones"))


def test_accounts_carry_departments(fresh_data):
    u = auth.add_user("li", PW, ["pudong"], departments=[" 保护处", "办公室", "保护处"])
    assert u.departments == ("保护处", "办公室") and auth.get_user("li") == u
    with pytest.raises(auth.AuthError, match="unknown: 宣传处"):
        auth.add_user("wu", PW, ["pudong"], departments=["宣传处"])
    assert auth.get_user("wu") is None
    row = next(x for x in auth.list_users() if x["user"] == "li")
    assert row["departments"] == "保护处,办公室"
    stored = json.loads(paths.users_file().read_text(encoding="utf-8"))["users"]["li"]
    assert stored["departments"] == ["保护处", "办公室"] and "hash" in stored


def test_users_cli_takes_departments(fresh_data):
    r = helpers.cli(
        "users", "add", "li", "--areas", "pudong", "--departments", "保护处,办公室", "--password-stdin", stdin=PW + "\n"
    )
    assert r.returncode == 0, r.stderr
    out = helpers.cli("users", "list").stdout.splitlines()
    assert out[0] == "user,areas,created_at,departments" and out[1].endswith('"保护处,办公室"')
    bad = helpers.cli("users", "add", "x", "--areas", "pudong", "--departments", "火星处", "--password-stdin", stdin=PW)
    assert bad.returncode == 2 and "unknown: 火星处" in bad.stderr


# ------------------------------------------------------------------ validation
def test_bad_rows_name_row_column_value_expected_and_write_nothing(users, fresh_store):
    before = backends.snapshot(fresh_store)
    data = _file(
        ["M-PD24-06", "已完成", "示范区通过验收"],
        ["M-PD24-99", "done", ""],
        ["M-PD24-07", "差不多了", ""],
        ["M-PD24-01", "推进中", "不是保护处的任务"],
        ["M-PD24-06", "延期", "重复"],
        ["M-PD24-08", "", "有说明没有状态"],
    )
    v = reports.validate_file(data, "bad.csv", users["li"])
    assert not v.ok
    got = {(p.row, p.column, p.value, p.code) for p in v.errors}
    assert got == {
        (3, "任务编号", "M-PD24-99", "id_known"),
        (4, "状态", "差不多了", "status_known"),
        (5, "任务编号", "M-PD24-01", "id_allowed"),
        (6, "任务编号", "M-PD24-06", "duplicate"),
        (7, "状态", "", "status_missing"),
    }
    by = {p.code: p for p in v.errors}
    assert "未开始、推进中、已完成、延期、已取消" in by["status_known"].expected_zh
    assert "not started, in progress, done, delayed or cancelled" in by["status_known"].expected_en
    assert by["id_allowed"].expected_zh == "您有权填报的任务（地区 浦东新区；部门 保护处）"
    assert "Pudong New Area" in by["id_allowed"].expected_en and "与第 2 行重复" in by["duplicate"].expected_zh
    with pytest.raises(reports.ReportError) as exc:
        reports.commit(v, users["li"], source="file", data=data)
    assert exc.value.code == "invalid"
    assert backends.snapshot(fresh_store) == before


def test_headers_and_statuses_in_either_language(users):
    en = _file(
        ["m-pd24-06", " In Progress ", "on it"], ["M-PD24-07", "Done", ""], header=("Milestone ID", "Status", "Note")
    )
    zh = _file(["M-PD24-06", "推进中", "进行中"], ["M-PD24-08", "已取消", "并入第7项"], encoding="gb18030")
    mixed = _file(
        ["M-PD24-05", "delayed", "立法延后", "https://example.org/a"], header=("任务编号", "status", "note", "佐证链接")
    )
    for data, expected in (
        (en, ["in_progress", "done"]),
        (zh, ["in_progress", "cancelled"]),
        (mixed, ["delayed"]),
    ):
        v = reports.validate_file(data, "s.csv", users["li"])
        assert v.ok, v.errors
        assert list(v.rows["status"]) == expected
    assert reports.validate_file(mixed, "s.csv", users["li"]).rows.at[0, "evidence_url"] == "https://example.org/a"


def test_xlsx_with_a_title_row_and_the_template_round_trip(users):
    mine = frames.status_frame("zh")
    mine = mine[mine["milestone_id"].isin(reports.reportable(users["li"]))]
    tpl = status_file.template_frame(mine, "zh")
    assert list(tpl.columns[[0, 6, 7]]) == ["任务编号", "状态", "进展说明"] and len(tpl) == 5
    assert set(tpl["当前状态"]) == {"未评估"}  # nobody has reported: no invented progress
    tpl.loc[1, ["状态", "进展说明"]] = ["已完成", "通过验收"]
    wb = openpyxl.load_workbook(io.BytesIO(status_file.xlsx_bytes(tpl)))
    wb.active.insert_rows(1)
    wb.active["A1"] = "浦东新区知识产权局 任务进展（2026年11月）"
    buf = io.BytesIO()
    wb.save(buf)
    v = reports.validate_file(buf.getvalue(), "进展.xlsx", users["li"])
    assert v.ok, v.errors
    assert v.table.header_row == 2 and v.table.skipped == 4
    assert v.rows[["milestone_id", "status", "_row"]].values.tolist() == [[tpl.at[1, "任务编号"], "done", 4]]


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"area,indicator\npudong,x\n", "no_header"),
        (helpers.corpus_bytes("11_binary.csv"), "encoding"),
        (helpers.corpus_bytes("12_old_excel.xls"), "old_excel"),
        ("任务编号,状态\n".encode(), "no_rows"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(users, data, code):
    v = reports.validate_file(data, "x.csv", users["zhou"])
    assert [p.code for p in v.errors] == [code]
    assert v.errors[0].expected_zh and v.errors[0].expected_en


def test_the_dialog_takes_the_same_checks(users):
    v = reports.validate_one("M-PD24-01", "done", "", "", users["li"], "en")
    assert [(p.code, p.column, p.value) for p in v.errors] == [("id_allowed", "ID", "M-PD24-01")]
    v = reports.validate_one("M-PD24-06", "done", "x", "javascript:alert(1)", users["li"], "zh")
    assert [(p.code, p.column) for p in v.errors] == [("evidence_url", "佐证链接（可选）")]
    assert reports.validate_one("M-PD24-06", "done", "", "", users["li"]).ok


# ------------------------------------------------------------------ history, audit
def test_history_current_status_and_audit(users, fresh_store):
    li, zhou = users["li"], users["zhou"]
    v1 = reports.validate_file(_file(["M-PD24-06", "推进中", "已开展巡查"]), "a.csv", li)
    out = reports.commit(v1, li, source="file", data=b"x")
    assert list(out["previous_status"]) == ["not_assessed"] and list(out["department"]) == ["保护处"]
    v2 = reports.validate_one("M-PD24-06", "done", "示范区通过验收", "https://example.org/ok", zhou)
    reports.commit(v2, zhou, source="dialog", evidence=("验收报告.pdf", b"%PDF-1.4 evidence"))
    h = history.reports()
    assert list(h["status"]) == ["in_progress", "done"] and list(h["previous_status"]) == [
        "not_assessed",
        "in_progress",
    ]
    assert list(h["user"]) == ["li", "zhou"] and list(h["department"]) == ["保护处", ""]
    cur = history.current().set_index("milestone_id")
    assert cur.at["M-PD24-06", "status"] == "done" and cur.at["M-PD24-06", "reported_by"] == "zhou"
    assert (
        cur.at["M-PD24-06", "status_note"] == "示范区通过验收"
        and cur.at["M-PD24-06", "evidence"] == "https://example.org/ok"
    )
    assert cur.at["M-PD24-07", "status"] == "not_assessed"  # untouched tasks keep the shipped status
    archived = backends.milestone_files()
    assert sorted(n.split("__", 1)[1] for n in archived) == ["a.csv", "evidence__验收报告.pdf"]
    assert sorted(archived.values()) == [b"%PDF-1.4 evidence", b"x"]
    assert list(frames.history_frame("zh", "M-PD24-06")["status"]) == ["done", "in_progress"]  # newest first
    events = [e for e in _audit(fresh_store) if e["event"] == "milestone_report"]
    assert [(e["user"], e["milestone_id"], e["previous_status"], e["status"]) for e in events] == [
        ("li", "M-PD24-06", "not_assessed", "in_progress"),
        ("zhou", "M-PD24-06", "in_progress", "done"),
    ]
    assert events[0]["sha256"] == v1.sha256 and events[1]["source"] == "dialog"


def test_a_repeat_is_not_recorded_and_a_stale_preview_is_refused(users, fresh_store):
    li, zhou = users["li"], users["zhou"]
    data = _file(["M-PD24-07", "推进中", "草案已提交"])
    reports.commit(reports.validate_file(data, "a.csv", li), li, source="file")
    again = reports.validate_file(data, "a.csv", li)
    assert list(again.rows["change"]) == ["unchanged"]
    with pytest.raises(reports.ReportError, match="repeats") as exc:
        reports.commit(again, li, source="file")
    assert exc.value.code == "nothing"
    seen = reports.validate_one("M-PD24-07", "done", "已发布", "", li)  # li previews …
    reports.commit(
        reports.validate_one("M-PD24-07", "delayed", "待审议", "", zhou), zhou, source="dialog"
    )  # … zhou reports
    with pytest.raises(reports.ReportError) as exc:
        reports.commit(seen, li, source="dialog")
    assert exc.value.code == "stale"
    assert history.current().set_index("milestone_id").at["M-PD24-07", "status"] == "delayed"


def test_permission_is_checked_again_at_commit_and_refusals_are_audited(users, fresh_store):
    li = users["li"]
    v = reports.validate_file(_file(["M-PD24-06", "已完成", ""]), "a.csv", li)
    assert v.ok
    auth.add_user("li", PW, ["pudong"], departments=["办公室"], replace=True)  # moved to another department
    before = len(history.reports())
    with pytest.raises(reports.ReportError) as exc:
        reports.commit(v, li, source="file")
    assert exc.value.code == "no_permission" and len(history.reports()) == before
    assert _audit(fresh_store)[-1]["event"] == "milestone_report_refused"


# ------------------------------------------------------------------ overdue
def test_overdue_is_past_the_due_year_and_not_done():
    due = pd.Series([2024, 2024, 2024, 2024, 2026, 2026])
    status = pd.Series(["not_assessed", "in_progress", "done", "cancelled", "delayed", "not_started"])
    assert list(history.is_overdue(due, status, date(2024, 12, 31))) == [False] * 6  # due year not past yet
    assert list(history.is_overdue(due, status, date(2025, 1, 1))) == [True, True, False, False, False, False]
    assert list(history.is_overdue(due, status, date(2027, 1, 1))) == [True, True, False, False, True, True]


def test_overdue_in_the_frames_and_counts(built_data):
    f = frames.status_frame("zh", on="2025-06-30").set_index("milestone_id")
    assert f.loc["M-PD24-01", "overdue"] and not f.loc["M-PD23-01", "overdue"] and not f.loc["M-JA24-01", "overdue"]
    assert f.loc["M-PD24-01", "overdue_text"] == "⚠ 逾期" and f.loc["M-PD24-01", "status_text"] == "○ 未评估"
    c = frames.counts_by_area("en", on="2027-01-01").set_index("area")
    assert c.at["jingan", "n_milestones"] == c.at["jingan", "n_not_assessed"] == c.at["jingan", "n_overdue"] == 11
    assert list(c.index) == ["pudong", "jingan", "yangpu"]


# ------------------------------------------------------------------ command line
def test_cli_lists_every_milestone_with_status_and_overdue(built_data):
    r = helpers.cli("milestones", "--on", "2025-01-01")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(read.table("milestones")) == 50
    assert list(rows[0])[:6] == ["milestone_id", "area", "lead_department", "due_year", "status", "overdue"]
    by = {x["milestone_id"]: x for x in rows}
    assert by["M-PD24-19"]["lead_department"] == "机关纪委" and by["M-PD24-19"]["overdue"] == "True"
    assert by["M-JA24-01"]["status"] == "not_assessed" and by["M-JA24-01"]["overdue"] == "False"
    r = helpers.cli("milestones", "--department", "保护处", "--overdue", "--on", "2025-01-01")
    assert [x["milestone_id"] for x in csv.DictReader(io.StringIO(r.stdout))] == [
        "M-PD24-05",
        "M-PD24-06",
        "M-PD24-07",
        "M-PD24-08",
        "M-PD24-16",
    ]
    assert helpers.cli("milestones", "--status", "finished").returncode == 2


def test_cli_report_rejects_with_exit_2_then_records(users, fresh_store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_file(["M-PD24-06", "好了", ""], ["M-PD24-01", "done", ""]))
    before = backends.snapshot(fresh_store)
    r = helpers.cli("milestones", "report", str(bad), "--user", "li", "--lang", "en")
    assert r.returncode == 2
    assert "rejected, nothing was written (2 problems)" in r.stderr
    assert "row 2, column 状态, value '好了': expected not started, in progress, done" in r.stderr
    assert "row 3, column 任务编号, value 'M-PD24-01': expected a task you may report" in r.stderr
    assert backends.snapshot(fresh_store) == before
    assert helpers.cli("milestones", "report", str(bad), "--user", "nobody").returncode == 2
    good = tmp_path / "good.csv"
    good.write_bytes(_file(["M-PD24-06", "已完成", "通过验收"]))
    assert helpers.cli("milestones", "report", str(good), "--user", "li", "--dry-run").returncode == 0
    assert backends.snapshot(fresh_store) == before
    r = helpers.cli("milestones", "report", str(good), "--user", "li")
    assert r.returncode == 0 and "recorded 1 reports" in r.stderr
    listed = {x["milestone_id"]: x for x in csv.DictReader(io.StringIO(helpers.cli("milestones").stdout))}
    assert listed["M-PD24-06"]["status"] == "done" and listed["M-PD24-06"]["overdue"] == "False"
    assert listed["M-PD24-06"]["reported_by"] == "li"
    h = list(csv.DictReader(io.StringIO(helpers.cli("milestones", "history").stdout)))
    assert [(x["milestone_id"], x["status"], x["user"]) for x in h] == [("M-PD24-06", "done", "li")]
    tpl = tmp_path / "t.xlsx"
    assert helpers.cli("milestones", "template", "--user", "li", "--xlsx", str(tpl)).returncode == 0
    assert openpyxl.load_workbook(tpl).active.max_row == 6
