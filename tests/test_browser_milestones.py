"""Real browser (Debian Chromium): log in on the Upload page, open a task's dialog on Targets &
sources, report progress, see it in the table and the dialog's history — in Chinese and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ipdash.accounts import auth
from ipdash.frames import milestones as frames
from ipdash.store import milestones as history
from tests.browser import wait_idle, wait_rerun
from tests.corpus import helpers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
L = {
    "zh": {
        "user": "用户名",
        "pw": "密码",
        "login": "登录",
        "targets": "目标与来源",
        "open": "查看与填报",
        "status": "状态",
        "note": "进展说明",
        "submit": "提交报告",
        "done": "✔ 已完成",
        "saved": "已记录 M-PD24-06 的进展：已完成。",
        "login_first": "填报进展需要登录",
        "drop": "将文件拖放到此处，文件不超过 5 MB",
    },
    "en": {
        "user": "User name",
        "pw": "Password",
        "login": "Log in",
        "targets": "Targets & sources",
        "open": "View and report",
        "status": "Status",
        "note": "Progress note",
        "submit": "Submit report",
        "done": "✔ done",
        "saved": "Recorded progress on M-PD24-06: done.",
        "login_first": "Reporting needs a login",
        "drop": "Drag and drop a file here; a file of at most 5 MB",
    },
}


def _go(page, link: str, lang: str) -> None:
    """Navigate with the top bar, then pick the language (a page switch does not carry ?lang=)."""
    page.get_by_role("link", name=link).first.click()
    wait_rerun(page)
    if lang == "en":
        page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
        wait_rerun(page)


def _open_dialog(page, mid: str, t: dict):
    page.locator(".st-key-ms_pick").wait_for(timeout=60_000)
    page.locator(".st-key-ms_pick").click()
    page.keyboard.type(mid)
    page.keyboard.press("Enter")
    wait_rerun(page)
    page.get_by_role("button", name=t["open"]).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    wait_idle(page)
    return dialog


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_progress_in_the_dialog(fresh_app_server, page, lang):
    t = L[lang]
    auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    page.goto(fresh_app_server.url)  # through app.py (a deep link to /targets skips its shell)
    wait_idle(page)
    _go(page, "目标与来源", lang)
    dialog = _open_dialog(page, "M-PD24-06", t)  # not logged in yet: the dialog says where to log in
    expect(dialog).to_contain_text("全面完成南汇水蜜桃国家地理标志产品保护示范区建设")
    expect(dialog).to_contain_text(t["login_first"])
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    wait_idle(page)

    _go(page, "数据上传" if lang == "zh" else "Upload", lang)
    page.get_by_label(t["user"]).fill("li")
    page.get_by_label(t["pw"], exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name=t["login"]).click()
    wait_rerun(page)
    _go(page, t["targets"], lang)

    dialog = _open_dialog(page, "M-PD24-06", t)
    drop = dialog.locator(".st-key-ms_dlg_box [data-testid=stFileUploaderDropzoneInstructions] > div")
    assert t["drop"] in drop.evaluate("e => getComputedStyle(e, '::before').content")  # the widget's own text
    dialog.get_by_label(t["status"], exact=True).click()
    page.get_by_role("option", name=t["done"]).click()
    dialog.get_by_role("textbox", name=t["note"]).fill("示范区已通过验收 **not bold**")
    dialog.get_by_role("button", name=t["submit"]).click()
    wait_rerun(page)
    expect(page.get_by_role("dialog")).to_be_hidden(timeout=30_000)
    expect(page.get_by_text(t["saved"])).to_be_visible()
    assert page.locator(ERRORS).count() == 0
    last = history.reports().iloc[-1]
    assert (last["milestone_id"], last["status"], last["user"], last["department"]) == (
        "M-PD24-06",
        "done",
        "li",
        "保护处",
    )
    assert last["note"] == "示范区已通过验收 **not bold**"

    dialog = _open_dialog(page, "M-PD24-06", t)  # the history shows the report, the note as typed
    expect(dialog).to_contain_text("示范区已通过验收 **not bold**")
    grid = dialog.locator("[data-testid=stDataFrame] [role=grid]")
    assert grid.get_attribute("aria-rowcount") == "2"  # header + one report


def test_selecting_a_row_opens_its_dialog(app_server, page):
    page.goto(app_server.url)
    wait_idle(page)
    _go(page, "目标与来源", "zh")
    grid = page.locator(".st-key-milestones_table")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    first = frames.status_frame("zh").iloc[1]  # the table's second row, unfiltered
    page.mouse.click(box["x"] + 15, box["y"] + 35 * 2 + 17)  # its selection box (header and rows 35 px)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    expect(dialog.get_by_role("heading").first).to_contain_text(f"{first['milestone_id']} · {first['title']}")
    expect(dialog).to_contain_text(first["clause"])
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.locator(ERRORS).count() == 0
