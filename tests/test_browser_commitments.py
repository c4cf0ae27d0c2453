"""Real browser (Debian Chromium): on the meeting page, sign in, add a meeting and a commitment, report it
done, and see its status — the section's table, its CSV, and the store agree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ipdash.accounts import auth
from ipdash.meetings import commitments as cm
from tests.browser import wait_idle, wait_rerun
from tests.corpus import helpers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
SECTION = ".st-key-cmt_section"


def _pick(page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key}")
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    expect(box.get_by_role("combobox")).to_have_value(option)


def test_sign_in_add_a_meeting_and_a_commitment_report_it_done(fresh_app_server, page, tmp_path):
    auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    page.goto(fresh_app_server.url)
    wait_idle(page)
    page.get_by_role("link", name="会议模式").first.click()
    wait_rerun(page)
    section = page.locator(SECTION)
    section.wait_for(timeout=60_000)
    expect(section).to_contain_text("尚未录入会议")
    section.get_by_label("用户名").fill("li")
    section.get_by_label("密码", exact=True).fill(helpers.PASSWORD)
    section.get_by_role("button", name="登录").click()
    wait_rerun(page)

    page.locator(".st-key-cmt_m_title input").fill("第四季度推进会")
    section.get_by_role("button", name="录入会议").click()
    wait_rerun(page)
    today = cm.today().isoformat()
    expect(section.get_by_text(f"已录入 {today} 的会议。")).to_be_visible(timeout=30_000)

    page.locator(".st-key-cmt_text textarea").fill("完成专利导航报告并印发")
    _pick(page, "cmt_dept", "保护处")
    section.get_by_role("button", name="录入承诺").click()
    wait_rerun(page)
    cid = f"C-{cm.today():%Y%m%d}-01"
    expect(section.get_by_text(f"已录入承诺 {cid}。")).to_be_visible(timeout=30_000)

    _pick(page, "cmt_r_status", "已完成")
    page.locator(".st-key-cmt_r_note textarea").fill("报告已印发")
    section.get_by_role("button", name="提交进展").click()
    wait_rerun(page)
    expect(section.get_by_text(f"已记录 {cid} 的进展。")).to_be_visible(timeout=30_000)
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0

    with page.expect_download() as dl:  # the section's CSV: the same frame, the status as reported
        section.get_by_role("button", name="下载承诺事项 CSV").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert f"{cid},{today},完成专利导航报告并印发,保护处,{today},,,done,报告已印发," in text
    got = cm.commitment_status().iloc[0]
    assert (got["commitment_id"], got["status"], bool(got["overdue"])) == (cid, "done", False)
    assert cm.reports().iloc[0]["user"] == "li" and cm.reports().iloc[0]["department"] == "保护处"
    # an older meeting's commitment past its due date: flagged overdue among every open one
    admin = auth.add_user("admin", helpers.PASSWORD, ["*"])
    cm.add_meeting("2026-11-20", "第三次推进会", admin)
    late = cm.add_commitment("2026-11-20", "办公室", "2026-11-30", "报送任务台账", admin, milestone_id="M-PD24-01")
    section.get_by_text("显示全部未完成事项").click()
    wait_rerun(page)
    wait_idle(page)
    assert bool(cm.commitment_status().set_index("commitment_id").at[late.commitment_id, "overdue"])
    page.set_viewport_size({"width": 1440, "height": 2400})  # the whole section in one picture
    wait_idle(page)
    shots = Path(os.environ.get("IPDASH_SHOTS", tmp_path))  # the screenshot a person looks at
    shots.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(shots / "meeting-commitments.png"))
