"""Milestones where people look: the Targets & sources dialog, the Upload section, the overview,
the meeting slides and deck, the data page — AppTest and frames."""

from __future__ import annotations

import io
import json

import pytest
from pptx import Presentation

from ipdash.accounts import auth
from ipdash.frames import deck_plan, meeting, slides, tables
from ipdash.frames import milestones as frames
from ipdash.ingest import milestones as reports
from ipdash.settings import ViewSettings
from ipdash.store import milestones as history
from ipdash.store import read
from tests.apptest import open_page
from tests.corpus import helpers

SUBMIT = "FormSubmitter:ms_form_{mid}-提交报告"


def _frame(at, column: str, rows: int | None = None):
    return next(d.value for d in at.dataframe if column in d.value.columns and (rows is None or len(d.value) == rows))


def _report(user: auth.User, mid: str, status: str, note: str = "") -> None:
    reports.commit(reports.validate_one(mid, status, note, "", user), user, source="dialog")


@pytest.fixture
def li(fresh_data):
    return auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])


# ------------------------------------------------------------------ Targets & sources
def test_table_filters_by_department_status_and_overdue(built_data):
    at = open_page("app_pages/targets.py", t_ms_dept_zh="保护处")
    shown = _frame(at, "lead_text")
    assert list(shown["milestone_id"]) == list(frames.milestone_table(departments=["保护处"])["milestone_id"])
    assert len(shown) == 5 and shown["lead_text"].str.contains("保护处").all()
    at = open_page("app_pages/targets.py", lang="English", t_ms_overdue_en="true", t_ms_status_en="○ not assessed")
    shown = _frame(at, "lead_text")
    expected = frames.milestone_table("en", statuses=["not_assessed"], overdue=True, on=history.today())
    assert list(shown["milestone_id"]) == list(expected["milestone_id"])
    assert 0 < len(shown) < len(read.table("milestones"))  # the 2024–2025 tasks, past due without a report
    assert (shown["overdue_text"] == "⚠ overdue").all() and (shown["status_text"] == "○ not assessed").all()


def test_dialog_asks_for_a_login_then_records_a_report(li, fresh_data):
    at = open_page("app_pages/targets.py")
    at.selectbox(key="ms_pick").set_value("M-PD24-08").run()
    at.button(key="ms_open").click().run()
    assert not at.exception
    assert any("填报进展需要登录" in i.value for i in at.info)
    assert any("建立海外知识产权纠纷常态化监测机制" in m.value for m in at.markdown)  # the clause
    assert not at.text_area  # no form without a login

    at.session_state["upload_user"] = "li"  # logged in on the Upload page (same session)
    at.run()
    at.selectbox(key="ms_dlg_status").set_value("delayed")
    at.text_area(key="ms_dlg_note").input("方案待局务会审议 <b>不是HTML</b>")
    at.text_input(key="ms_dlg_link").input("javascript:alert(1)")
    at.button(key=SUBMIT.format(mid="M-PD24-08")).click().run()
    problems = _frame(at, "expected")
    assert problems[["column", "value"]].values.tolist() == [["佐证链接（可选）", "javascript:alert(1)"]]
    assert history.reports().empty  # nothing written

    at.text_input(key="ms_dlg_link").input("https://example.org/plan")
    at.button(key=SUBMIT.format(mid="M-PD24-08")).click().run()
    assert not at.exception
    assert any("M\\-PD24\\-08" in s.value for s in at.success)
    assert "_ms_open" not in at.session_state  # the dialog closed
    row = frames.status_frame("zh").set_index("milestone_id").loc["M-PD24-08"]
    assert row["status"] == "delayed" and row["status_note"] == "方案待局务会审议 <b>不是HTML</b>"
    table = _frame(at, "lead_text").set_index("milestone_id")
    assert table.at["M-PD24-08", "status_text"] == "◆ 延期"
    audit = [json.loads(x) for x in (fresh_data / "audit.log").read_text(encoding="utf-8").splitlines()]
    assert audit[-1]["event"] == "milestone_report" and audit[-1]["source"] == "dialog"

    at.selectbox(key="ms_pick").set_value("M-PD24-01").run()  # 办公室's task: not for li
    at.button(key="ms_open").click().run()
    assert any("li 无权填报此任务" in w.value for w in at.warning)
    assert not at.text_area


def test_dialog_shows_the_history_of_the_task(li, fresh_data):
    zhou = auth.add_user("zhou", helpers.PASSWORD, ["pudong"])
    _report(li, "M-PD24-06", "in_progress", "巡查中")
    _report(zhou, "M-PD24-06", "done", "已验收")
    at = open_page("app_pages/targets.py", lang="English")
    at.selectbox(key="ms_pick").set_value("M-PD24-06").run()
    at.button(key="ms_open").click().run()
    h = _frame(at, "previous_text", rows=2)
    assert list(h["status_text"]) == ["✔ done", "▶ in progress"] and list(h["user"]) == ["zhou", "li"]
    assert any(t.value == "已验收" for t in at.text)  # the note, as typed


# ------------------------------------------------------------------ Upload: the status file
def test_status_file_section_on_the_upload_page(li, fresh_data):
    at = open_page("app_pages/upload.py")
    assert len(at.file_uploader) == 0  # the section is drawn only when opened
    at.session_state["upload_user"] = "li"
    at.session_state["ms_file_box"] = True
    at.run()
    assert len(at.file_uploader) == 2
    bad = "任务编号,状态,进展说明\nM-PD24-16,推进中,宣传周\nM-PD24-02,done,\n".encode()
    at.file_uploader[1].upload("进展.csv", bad).run()
    assert any("未写入任何内容" in e.value for e in at.error)
    assert _frame(at, "expected")[["row", "column", "value"]].values.tolist() == [[3, "任务编号", "M-PD24-02"]]
    assert history.reports().empty
    good = "任务编号,状态,进展说明\nM-PD24-16,推进中,宣传周\n".encode()
    at.file_uploader[1].upload("进展.csv", good).run()
    preview = _frame(at, "change")
    assert preview[["milestone_id", "previous_text", "status_text"]].values.tolist() == [
        ["M-PD24-16", "○ 未评估", "▶ 推进中"]
    ]
    at.button(key="ms_file_commit").click().run()
    assert not at.exception and any("已记录 1 条" in s.value for s in at.success)
    assert list(history.reports()["milestone_id"]) == ["M-PD24-16"]


# ------------------------------------------------------------------ Overview
def test_overview_counts_tasks_by_status_and_gives_jingan_a_group(li, fresh_data):
    _report(li, "M-PD24-06", "done", "已验收")
    at = open_page("app_pages/overview.py")
    counts = _frame(at, "n_not_assessed").set_index("area_name")
    assert counts.at["浦东新区", "n_milestones"] == 25 and counts.at["浦东新区", "n_done"] == 1
    assert counts.at["静安区", "n_milestones"] == counts.at["静安区", "n_not_assessed"] == 11
    jingan = _frame(at, "overdue_text", rows=11)
    assert list(jingan["milestone_id"]) == [f"M-JA24-{i:02d}" for i in range(1, 12)]
    assert set(jingan["status_text"]) == {"○ 未评估"}  # nobody reported: no invented progress
    lines = [c.value.replace("\\", "") for c in at.caption]
    assert any(x.startswith("定性任务 11 项：○ 未评估 11") for x in lines)
    assert any(x.startswith("定性任务 25 项：✔ 已完成 1") for x in lines)


# ------------------------------------------------------------------ meeting and deck
def test_meeting_counts_unreported_tasks_on_one_slide_and_lists_them_in_the_appendix(built_data):
    data = meeting.load(view=ViewSettings(lang="zh"))
    plan = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    assert not [s for s in plan if s.kind == "milestones"]  # nobody reported on any task: no task slides
    (pending,) = [s for s in plan if s.kind == "pending"]
    assert set(pending.milestone_ids or ()) == set(read.table("milestones")["milestone_id"])
    overdue = frames.milestone_table(areas=["pudong"], overdue=True)
    assert f"逾期 {len(overdue)} 项" in pending.subtitle  # the overdue count, said prominently
    rows = slides.slide_frame(pending, data, "zh").set_index("area")
    assert list(rows.index) == ["pudong", "jingan", "yangpu"]  # 上海市 has no milestone
    assert rows.at["pudong", "n_overdue"] == len(overdue) and rows.at["pudong", "overdue_text"] == f"⚠ {len(overdue)}"
    assert rows.at["pudong", "overdue_ids"] == "M-PD23-01–04\nM-PD24-01–21"
    assert rows.at["jingan", "due"] == "2026年\u00a011" and rows.at["jingan", "overdue_text"] == "0"
    assert "保护处\u00a05" in rows.at["pudong", "lead"]  # a task led jointly counts for each of its leads
    full = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"), appendix=True)
    listed = [s for s in full if s.kind == "milestones"]
    assert all(s.key.startswith("appendix:") and s.index > plan[-1].index for s in listed)
    shown = [r for s in listed for r in slides.slide_frame(s, data, "zh")["milestone_id"]]
    assert sorted(shown) == sorted(read.table("milestones")["milestone_id"])
    kinds = [
        s.kind for s in deck_plan.slide_plan(["jingan", "pudong"], "risk", data=data, view=ViewSettings(lang="zh"))
    ]
    assert kinds[:2] == ["title", "summary"] and kinds.index("pending") > kinds.index("scorecard")


def test_task_slides_since_the_last_meeting(li, fresh_data):
    _report(li, "M-PD24-06", "done", "已验收")
    data = meeting.load(view=ViewSettings(lang="zh"))
    today = history.today().isoformat()

    def rows(since):
        plan = deck_plan.slide_plan(["pudong"], "area", data=data, since=since, view=ViewSettings(lang="zh"))
        return [r for s in plan if s.kind == "milestones" for r in slides.slide_frame(s, data, "zh").to_dict("records")]

    new = rows("2000-01-01")
    assert new[0]["milestone_id"] == "M-PD24-06" and new[0]["reported_on"] == f"{today} 新"
    later = rows("2999-01-01")  # nothing reported since then: the done task drops out, overdue stays
    assert "M-PD24-06" not in {r["milestone_id"] for r in later} and len(later) == len(new) - 1
    with pytest.raises(meeting.MeetingError, match=r"no data version .last Tuesday.: give a batch id, a date"):
        deck_plan.slide_plan(["pudong"], "area", data=data, since="last Tuesday", view=ViewSettings(lang="zh"))


def test_deck_shows_jingan_tasks_with_status(built_data, tmp_path):
    from ipdash.deck import render

    res = render.export_meeting(pptx=tmp_path / "d.pptx", areas=["jingan"], view=ViewSettings(lang="en"), appendix=True)
    prs = Presentation(io.BytesIO((tmp_path / "d.pptx").read_bytes()))
    texts = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    cells = [
        " ".join(c.text for sh in s.shapes if sh.has_table for row in sh.table.rows for c in row.cells)
        for s in prs.slides
    ]
    task = [i for i, t in enumerate(texts) if "Appendix · Jing'an District: tasks not reported on" in t]
    assert 1 <= len(task) < 11 and res.n_slides == len(prs.slides)  # as many rows a slide as fit
    both = " ".join(cells[i] for i in task).replace("\u2060", "").replace("\u00a0", " ")  # words kept whole
    for mid in (f"M-JA24-{i:02d}" for i in range(1, 12)):
        assert mid in both
    assert "○ not assessed" in both and "Build up IP protection bodies" in both
    assert "11 tasks without any progress report; ⚠ 0 of them overdue" in " ".join(texts)


# ------------------------------------------------------------------ exports
def test_every_export_carries_the_current_status(li, fresh_data):
    _report(li, "M-PD24-07", "in_progress", "草案")
    m = tables.data_tables()["milestones"].set_index("milestone_id")
    assert m.at["M-PD24-07", "status"] == "in_progress" and m.at["M-PD24-07", "reported_by"] == "li"
    assert m.at["M-PD24-07", "status_note"] == "草案" and bool(m.at["M-PD24-07", "overdue"])
    assert m.at["M-JA24-01", "status"] == "not_assessed" and m.at["M-JA24-01", "reported_at"] == ""
    assert len(m) == len(read.table("milestones"))
    at = open_page("app_pages/data.py")
    at.selectbox(key="data_table").select("milestones").run()
    assert not at.exception
    shown = _frame(at, "report_department").set_index("milestone_id")
    assert shown.at["M-PD24-07", "status"] == "in_progress"
