"""Real browser: the meeting view — stepping through every slide with previous / next in Chinese and
English, and the presenter view on a 1366×768 laptop and a 1920×1080 projector: no app chrome, every
slide fits the screen without scrolling, type at least 24 px, the keys a presenter uses."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ipdash.frames import deck_plan, meeting
from ipdash.settings import ViewSettings
from tests.browser import open_expander, wait_idle, wait_rerun

pytestmark = pytest.mark.browser

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
COUNTER = ".st-key-meet_counter"
SIZES = [(1366, 768), (1920, 1080)]
FIT = """() => {
  const slide = document.querySelector('.st-key-meet_slide');
  const foot = document.querySelector('.st-key-meet_foot');
  let smallest = 999, at = '';
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (!n.textContent.trim() || !n.parentElement.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(n.parentElement).fontSize);
    if (size < smallest) { smallest = size; at = n.textContent.trim().slice(0, 40); }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  return {slide: [slide.scrollHeight, slide.clientHeight], page: [main.scrollHeight, innerHeight],
          foot: foot.getBoundingClientRect().bottom, inner: innerHeight, smallest, at,
          header: !!document.querySelector('header[data-testid="stHeader"]')?.getClientRects().length,
          sidebar: !!document.querySelector('[data-testid="stSidebar"]')?.getClientRects().length};
}"""


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
    plan = deck_plan.slide_plan(None, "area", view=ViewSettings(lang="zh"))
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
    open_expander(page, "设置")  # exact: not the 提醒设置 page link
    page.locator(".st-key-meet_lang").get_by_text("English", exact=True).click()
    wait_rerun(page)
    expect(page.locator(".st-key-meet_slide h1")).to_have_text("District IP joint meeting", timeout=30_000)
    assert "lang=en" in page.url
    plan = deck_plan.slide_plan(None, "area", view=ViewSettings(lang="en"))
    n = len(plan)
    for i in range(2, 9):
        _goto_slide(page, i, n, "Next")
        _check_slide(page, plan[i - 1])
    assert page.locator(ERRORS).count() == 0


def test_areas_in_the_url_reproduce_the_deck(app_server, page):
    plan = deck_plan.slide_plan(["yangpu", "pudong"], "risk", view=ViewSettings(lang="zh"))
    page.goto(f"{app_server.url}/meeting?meet_area=yangpu&meet_area=pudong&meet_order=risk")
    wait_idle(page)
    expect(page.locator(COUNTER)).to_have_text(f"1 / {len(plan)}")
    for i in (2, 3):
        _goto_slide(page, i, len(plan), "下一页")
        _check_slide(page, plan[i - 1])
    assert plan[2].kind == "target"
    # an old link (translated labels) opens the same deck
    page.goto(f"{app_server.url}/meeting?meet_area_zh=杨浦区&meet_area_zh=浦东新区&meet_order_zh=风险优先")
    wait_idle(page)
    expect(page.locator(COUNTER)).to_have_text(f"1 / {len(plan)}")


@pytest.mark.parametrize("lang,size", [("zh", SIZES[0]), ("zh", SIZES[1]), ("en", SIZES[0])], ids=str)
def test_presenter_view_fits_every_slide_and_the_arrow_advances(app_server, browser, lang, size):
    plan = deck_plan.slide_plan(None, "area", view=ViewSettings(lang=lang))
    n = len(plan)
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{app_server.url}/meeting?present=true&lang={lang}")
    wait_idle(page, timeout=60_000)
    for i in range(1, n + 1):
        expect(page.locator(COUNTER)).to_have_text(f"{i} / {n}", timeout=30_000)
        wait_idle(page)
        got = page.evaluate(FIT)
        where = (size, i, plan[i - 1].key)
        assert got["slide"][0] <= got["slide"][1], (where, got)  # nothing runs off the slide
        assert got["page"][0] <= got["page"][1], (where, got)  # and the page does not scroll
        assert got["foot"] <= got["inner"], (where, got)
        assert got["smallest"] >= 24, (where, got)
        assert not got["header"] and not got["sidebar"], (where, got)  # no app chrome
        assert page.locator(ERRORS).count() == 0
        if i < n:
            page.keyboard.press("ArrowRight")
    assert page.url.endswith(f"slide={n}") or f"slide={n}&" in page.url


def test_presenter_keys_and_the_way_back(app_server, browser):
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(f"{app_server.url}/meeting")
    wait_idle(page)
    n = int(page.locator(COUNTER).inner_text().split("/")[1])
    page.locator(".st-key-meet_nav").get_by_role("button", name="全屏演示").click()
    wait_rerun(page)
    assert "present=true" in page.url
    for key, expected in [
        ("Space", 2),
        ("PageDown", 3),
        ("ArrowLeft", 2),
        ("PageUp", 1),
        ("End", n),
        ("Home", 1),
        ("ArrowRight", 2),
    ]:
        page.keyboard.press(key)
        expect(page.locator(COUNTER)).to_have_text(f"{expected} / {n}", timeout=30_000)
    bar = page.locator(".st-key-pres_bar")
    bar.hover()
    expect(bar.get_by_role("button", name="退出演示（Esc）")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".st-key-meet_nav")).to_be_visible(timeout=30_000)
    assert "present" not in page.url and "slide=2" in page.url  # back on the page, on the same slide
    page.reload()
    wait_idle(page)
    expect(page.locator(COUNTER)).to_have_text(f"2 / {n}")
