"""Real browser (Debian Chromium): log in on the Upload page, open a target's detail page, add a check-in in
its form, see it listed (newest first) — and take the desk-width screenshot of the section."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ipdash import store
from ipdash.accounts import auth
from ipdash.meetings import checkins
from tests.browser import wait_idle, wait_rerun
from tests.corpus import helpers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
SHOTS = os.environ.get("IPDASH_SHOTS")  # a folder: save the screenshot there too


def _go(page, link: str) -> None:
    page.get_by_role("link", name=link).first.click()
    wait_rerun(page)


def test_add_a_check_in_on_the_detail_page(fresh_app_server, page, tmp_path):
    zhou = auth.add_user("zhou", helpers.PASSWORD, ["pudong"])
    checkins.add("PD24-08", zhou, "一季度质押登记放缓", "", "low", seen_version=store.current().data_version())
    page.goto(fresh_app_server.url)
    wait_idle(page)
    _go(page, "数据上传")
    page.get_by_label("用户名").fill("zhou")
    page.get_by_label("密码", exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_rerun(page)
    _go(page, "目标详情")
    box = page.locator(".st-key-det_target input")
    box.click()
    box.fill("PD24-08")
    page.get_by_role("option").filter(has_text="PD24-08").first.click()
    wait_rerun(page, timeout=60_000)

    form = page.locator("[data-testid=stForm]")
    form.scroll_into_view_if_needed()
    form.get_by_role("textbox", name="情况说明（原因）").fill("银行审批周期拉长，二季度放款滞后")
    form.get_by_role("textbox", name="正在采取的措施").fill("走访三家合作银行，推动直通车上线")
    page.locator(".st-key-chk_confidence").get_by_text("中", exact=True).click()
    form.get_by_role("button", name="提交").click()
    wait_rerun(page)
    expect(page.get_by_text("已记录目标 PD24-08 的进展。")).to_be_visible(timeout=30_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
    page.locator(".st-key-det_checkins_box").scroll_into_view_if_needed()
    grid = page.locator(".st-key-det_checkins_box [role=grid]")
    expect(grid).to_contain_text("银行审批周期拉长，二季度放款滞后")
    assert grid.get_attribute("aria-rowcount") == "3"  # header + the new one + the earlier one
    h = store.current().checkins("PD24-08")
    assert list(h["note"]) == ["银行审批周期拉长，二季度放款滞后", "一季度质押登记放缓"]  # newest first
    assert (h.iloc[0]["user"], h.iloc[0]["confidence"], h.iloc[0]["action"]) == (
        "zhou",
        "medium",
        "走访三家合作银行，推动直通车上线",
    )

    page.get_by_role("heading", name="进展填报").scroll_into_view_if_needed()
    wait_idle(page)
    shot = tmp_path / "checkins-detail-desk.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SHOTS) / shot.name).write_bytes(shot.read_bytes())
