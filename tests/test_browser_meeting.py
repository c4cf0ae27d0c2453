"""Real browser: step through the meeting view with previous / next, in Chinese and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ipdash.frames import meeting
from ipdash.settings import ViewSettings
from tests.browser import wait_idle

pytestmark = pytest.mark.browser

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
COUNTER = ".st-key-meet_counter"


def _goto_slide(page, i: int, n: int, button: str) -> None:
    page.locator(".st-key-meet_nav").get_by_role("button", name=button).click()
    expect(page.locator(COUNTER)).to_have_text(f"{i} / {n}", timeout=30_000)
    wait_idle(page)  # every Plotly chart on the slide has drawn its SVG


def _check_slide(page, spec: meeting.SlideSpec) -> None:
    slide = page.locator(".st-key-meet_slide")
    expect(slide.get_by_role("heading").first).to_contain_text(spec.title[:6])
    charts = slide.locator("[data-testid=stPlotlyChart]")
    if spec.kind in ("summary", "target", "compare"):
        expect(charts).to_have_count(1)
        assert charts.first.locator(".main-svg").count() >= 1
    else:
        expect(charts).to_have_count(0)
    assert page.locator(ERRORS).count() == 0
    assert spec.footnote[-10:] in page.locator(".st-key-meet_foot").inner_text()


def test_step_through_every_slide_and_back(app_server, page):
    plan = meeting.slide_plan(None, "area", view=ViewSettings(lang="zh"))
    n = len(plan)
    page.goto(f"{app_server.url}/meeting")
    wait_idle(page)
    expect(page.locator(COUNTER)).to_have_text(f"1 / {n}")
    _check_slide(page, plan[0])
    assert page.locator("[data-testid=stSidebar]").get_attribute("aria-expanded") != "true"
    for i in range(2, n + 1):
        _goto_slide(page, i, n, "下一页")
        _check_slide(page, plan[i - 1])
    assert page.locator(".st-key-meet_nav").get_by_role("button", name="下一页").is_disabled()
    for i in (n - 1, n - 2):
        _goto_slide(page, i, n, "上一页")
        _check_slide(page, plan[i - 1])


def test_english_and_chosen_areas(app_server, page):
    page.goto(f"{app_server.url}/meeting")
    wait_idle(page)
    page.get_by_text("设置").click()
    page.locator(".st-key-meet_lang").get_by_text("English", exact=True).click()
    wait_idle(page)
    expect(page.locator(".st-key-meet_slide h1")).to_have_text("District IP joint meeting")
    assert "lang=English" in page.url
    plan = meeting.slide_plan(None, "area", view=ViewSettings(lang="en"))
    n = len(plan)
    for i in range(2, 9):
        _goto_slide(page, i, n, "Next")
        _check_slide(page, plan[i - 1])
    assert page.locator(ERRORS).count() == 0


def test_areas_in_the_url_reproduce_the_deck(app_server, page):
    plan = meeting.slide_plan(["yangpu", "pudong"], "risk", view=ViewSettings(lang="zh"))
    page.goto(f"{app_server.url}/meeting?meet_area_zh=杨浦区&meet_area_zh=浦东新区&meet_order_zh=风险优先")
    wait_idle(page)
    expect(page.locator(COUNTER)).to_have_text(f"1 / {len(plan)}")
    for i in (2, 3):
        _goto_slide(page, i, len(plan), "下一页")
        _check_slide(page, plan[i - 1])
    assert plan[2].kind == "target"
