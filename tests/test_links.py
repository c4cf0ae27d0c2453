"""Links hold in both languages (real browser): a view set up in Chinese, switched to English, and
its URL opened in a fresh browser context shows the same view — overview, compare, detail. The URL
carries codes (``?ov_area=yangpu&lang=en``), never translated labels; old links that did
(``?ov_area_zh=杨浦区&lang=English``) still open their view; the meeting's slide survives a reload."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from ipdash.frames import detail
from tests.browser import wait_idle, wait_rerun

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3400-\u9fff]")
ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
VIEWPORT = {"width": 1440, "height": 1000}


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, timeout=60_000)


def _fresh(browser, url: str):
    """``url`` in a new browser context: no session, no cookies, nothing but the link."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = ctx.new_page()
    _open(page, url)
    assert page.locator(ERRORS).count() == 0
    return page


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _to_english(page) -> None:
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    wait_rerun(page, timeout=60_000)
    assert _params(page.url)["lang"] == ["en"]


def _codes_only(url: str) -> None:
    assert not CJK.search(unquote(url)), f"a translated label in the link: {unquote(url)}"


def _pick(page, index: int, option: str) -> None:
    page.locator("[data-testid=stMultiSelect]").nth(index).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_rerun(page, timeout=60_000)


def _choose(page, index: int, text: str) -> None:
    box = page.locator("[data-testid=stSelectbox]").nth(index).locator("input")
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_rerun(page, timeout=60_000)


def _metrics(page) -> list[str]:
    return page.locator("[data-testid=stMetric]").all_inner_texts()


def _numbers(texts: list[str]) -> list[str]:
    return [t.split("\n")[-1] for t in texts]


def test_overview_link_made_in_chinese_holds_in_english(app_server, page, browser):
    _open(page, f"{app_server.url}/")
    _pick(page, 0, "杨浦区")
    _pick(page, 2, "◆ 存在风险")
    _choose(page, 0, "2024")
    zh_url, zh_metrics = page.url, _metrics(page)
    assert _params(zh_url) == {"ov_area": ["yangpu"], "ov_status": ["at_risk"], "ov_asof": ["2024"]}
    _codes_only(zh_url)
    _to_english(page)
    en_url, en_metrics = page.url, _metrics(page)
    assert {k: v for k, v in _params(en_url).items() if k != "lang"} == _params(zh_url)  # filters kept
    assert _numbers(en_metrics) == _numbers(zh_metrics) and en_metrics != zh_metrics
    chips = page.locator("[data-testid=stMultiSelect]").nth(0).inner_text()
    assert "Yangpu District" in chips and "杨浦区" not in chips  # the chip speaks the new language
    fresh = _fresh(browser, en_url)
    assert _metrics(fresh) == en_metrics
    assert "Yangpu District" in fresh.locator("[data-testid=stMultiSelect]").nth(0).inner_text()
    assert fresh.locator("[data-testid=stSelectbox]").nth(0).locator("input").input_value() == "2024"
    assert _metrics(_fresh(browser, zh_url)) == zh_metrics  # and the Chinese link as it was


def test_compare_link_made_in_chinese_holds_in_english(app_server, page, browser):
    _open(page, f"{app_server.url}/compare")
    _choose(page, 0, "有效发明专利拥有量")
    page.get_by_text("按每万常住人口", exact=True).click()
    wait_rerun(page, timeout=60_000)
    _pick(page, 0, "浦东新区")
    _codes_only(page.url)
    assert _params(page.url)["cmp_ind"] == ["invention_patents"] and _params(page.url)["cmp_pc"] == ["true"]
    _to_english(page)
    page.wait_for_function(
        "() => (document.querySelector('[data-testid=stPlotlyChart] .ytitle') || {}).textContent?.includes('10k')",
        timeout=30_000,
    )
    ytitle = page.locator("[data-testid=stPlotlyChart] .ytitle").first.text_content()
    legend = page.locator("[data-testid=stPlotlyChart]").first.locator(".legendtext").all_text_contents()
    fresh = _fresh(browser, page.url)
    assert fresh.locator("[data-testid=stPlotlyChart] .ytitle").first.text_content() == ytitle
    assert fresh.locator("[data-testid=stPlotlyChart]").first.locator(".legendtext").all_text_contents() == legend
    assert (
        fresh.locator("[data-testid=stSelectbox]").nth(0).locator("input").input_value() == "Invention patents in force"
    )
    assert fresh.locator("[data-testid=stCheckbox] input").first.is_checked()


def test_detail_link_made_in_chinese_holds_in_english(app_server, page, browser):
    _open(page, f"{app_server.url}/detail")
    _choose(page, 0, "YP26-09")
    page.locator("[data-testid=stButtonGroup]").get_by_text("线性", exact=True).click()
    wait_rerun(page, timeout=60_000)
    _codes_only(page.url)
    assert _params(page.url)["det_target"] == ["YP26-09"] and _params(page.url)["det_method"] == ["linear"]
    _to_english(page)
    explanation = page.locator("[data-testid=stAlertContentInfo]").first.inner_text()
    assert "linear" in explanation and not CJK.search(explanation)
    fresh = _fresh(browser, page.url)
    assert fresh.locator("[data-testid=stAlertContentInfo]").first.inner_text() == explanation
    assert fresh.locator("[data-testid=stSelectbox]").nth(0).locator("input").input_value().startswith("YP26-09")


def test_old_links_with_chinese_labels_keep_working(app_server, browser):
    old = _fresh(browser, f"{app_server.url}/?ov_area_zh=杨浦区&ov_status_zh=◆ 存在风险&lang=English")
    assert "Yangpu District" in old.locator("[data-testid=stMultiSelect]").nth(0).inner_text()
    assert _params(old.url) == {"ov_area": ["yangpu"], "ov_status": ["at_risk"], "lang": ["en"]}  # rewritten
    label = detail.target_choices("zh")["YP26-09"]
    det = _fresh(browser, f"{app_server.url}/detail?det_target_zh={label}")
    assert det.locator("[data-testid=stSelectbox]").nth(0).locator("input").input_value() == label
    assert _params(det.url)["det_target"] == ["YP26-09"]


def test_a_tile_link_carries_codes(app_server, page):
    _open(page, f"{app_server.url}/?lang=en")
    href = page.locator("a.ipd-link").filter(has_text="Details").first.get_attribute("href")  # a tile's plain link
    _codes_only(href)
    assert re.search(r"det_target=[A-Z]{2}\d{2}-\d{2}", href) and "lang=en" in href


def test_the_meeting_reload_stays_on_its_slide(app_server, page):
    _open(page, f"{app_server.url}/meeting?slide=5&meet_order=risk")
    counter = page.locator(".st-key-meet_counter").inner_text()
    assert counter.startswith("5 / ")
    page.reload()
    wait_idle(page, timeout=60_000)
    assert page.locator(".st-key-meet_counter").inner_text() == counter
    page.locator(".st-key-meet_nav").get_by_role("button", name="全屏演示").click()
    wait_rerun(page, timeout=60_000)
    assert _params(page.url)["present"] == ["true"]
    page.reload()
    wait_idle(page, timeout=60_000)
    assert page.locator(".st-key-pres_bar").count() == 1  # still presenting, on the same slide
    assert page.locator(".st-key-meet_counter").inner_text() == counter
