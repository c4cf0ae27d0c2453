"""The meeting page's commitments section (AppTest): read without signing in; signed in, add a meeting and a
commitment, report progress, see the status and the overdue flag; a refused report file writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from ipdash.accounts import auth
from ipdash.meetings import commitments as cm
from tests.apptest import open_page
from tests.corpus import helpers

PAGE = "app_pages/meeting.py"


@pytest.fixture
def admin(fresh_data):
    auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    return auth.add_user("admin", helpers.PASSWORD, ["*"])


def _submit(at, label: str):
    return next(b for b in at.button if b.label == label)


def _table(at):
    """The picked meeting's commitments (the first table with the commitments' columns)."""
    return next(d.value for d in at.dataframe if "overdue_text" in d.value.columns)


def test_signed_in_a_meeting_a_commitment_and_its_progress(admin):
    at = open_page(PAGE)
    assert any(s.value == "会议承诺事项" for s in at.subheader)
    assert any("尚未录入会议" in c.value for c in at.caption)
    assert any(i.value and "登录" in i.value for i in at.info)  # the sign-in box, no forms
    assert not [b for b in at.button if b.label == "录入会议"]

    at.session_state["upload_user"] = "admin"
    at.run()
    at.date_input(key="cmt_m_date").set_value(date(2026, 11, 20))
    at.text_input(key="cmt_m_title").input("第四季度推进会")
    _submit(at, "录入会议").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("2026-11-20" in s.value for s in at.success)
    assert at.selectbox(key="cmt_meeting").value == "2026-11-20"

    at.text_area(key="cmt_text").input("完成专利导航报告")
    at.selectbox(key="cmt_dept").set_value("保护处")
    at.date_input(key="cmt_due").set_value(date(2026, 11, 30))
    at.selectbox(key="cmt_task").set_value("M-PD24-06")
    _submit(at, "录入承诺").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("C-20261120-01" in s.value for s in at.success)
    shown = _table(at)
    assert shown["commitment_id"].tolist() == ["C-20261120-01"] and shown["serves"].tolist() == ["M-PD24-06"]
    assert "未评估" in shown["status_text"].iloc[0] and "逾期" in shown["overdue_text"].iloc[0]  # due 2026-11-30

    at.selectbox(key="cmt_r_id").set_value("C-20261120-01")
    at.selectbox(key="cmt_r_status").set_value("done")
    at.text_area(key="cmt_r_note").input("报告已印发")
    _submit(at, "提交进展").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _table(at)
    assert "已完成" in shown["status_text"].iloc[0] and shown["overdue_text"].iloc[0] == ""
    assert shown["last_note"].iloc[0] == "报告已印发"
    got = cm.commitment_status().iloc[0]
    assert (got["status"], got["last_note"]) == ("done", "报告已印发")
    assert cm.reports()["source"].tolist() == ["ui"]


def test_a_refused_add_names_the_reason(admin):
    at = open_page(PAGE)
    at.session_state["upload_user"] = "li"
    at.run()
    at.date_input(key="cmt_m_date").set_value(date(2026, 11, 20))
    _submit(at, "录入会议").click().run()
    at.text_area(key="cmt_text").input("静安的事项")
    at.selectbox(key="cmt_task").set_value("M-JA24-06")
    _submit(at, "录入承诺").click().run()
    assert not at.exception
    assert any("不能为地区 jingan" in e.value for e in at.error)
    assert cm.commitments().empty
