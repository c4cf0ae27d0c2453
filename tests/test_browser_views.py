"""The dashboard views in a real browser (headless Debian Chromium, pytest-playwright).

Every page in Chinese and English: it finishes running, every Plotly chart is drawn, no error
element is on the page. A filter change lands in the URL, and opening that URL in a new page
gives the same view.
"""

from __future__ import annotations

import re

import pytest

from ipdash import i18n
from tests.browser import wait_idle, wait_rerun

pytestmark = pytest.mark.browser

PAGES = [
    ("", "overview", 1),
    ("compare", "compare", 3),
    ("detail", "detail", 1),
    ("targets", "targets", 0),
    ("data", "data", 0),
]  # url path ("" = the default page), nav key, minimum number of charts
ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
TILE_LINKS = "[data-testid=stHtml] a.ipd-link:visible"  # a tile's details link (tiles are HTML blocks)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, timeout=60_000)


def _assert_clean(page, min_charts: int = 0) -> None:
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
    charts = page.locator("[data-testid=stPlotlyChart]")
    assert charts.count() >= min_charts
    assert page.locator("[data-testid=stPlotlyChart] .main-svg").count() >= charts.count()
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() > 0


def _url(server, path: str, lang: str) -> str:
    return f"{server.url}/{path}" + ("?lang=English" if lang == "en" else "")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path,key,min_charts", PAGES, ids=[p[1] for p in PAGES])
def test_page_renders(app_server, page, path, key, min_charts, lang):
    _open(page, _url(app_server, path, lang))
    _assert_clean(page, min_charts)
    title = i18n.t(f"nav.{key}", lang)
    assert page.get_by_role("heading", name=title).first.is_visible()


def _pick_multiselect(page, index: int, option: str) -> None:
    page.locator("[data-testid=stMultiSelect]").nth(index).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_rerun(page, timeout=60_000)


def _selected(page, index: int = 0) -> str:
    return page.locator("[data-testid=stSelectbox]").nth(index).locator("input").input_value()


def _choose(page, index: int, text: str) -> None:
    """Type into a selectbox (a combobox) and pick the first option that contains ``text``."""
    box = page.locator("[data-testid=stSelectbox]").nth(index).locator("input")
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_rerun(page, timeout=60_000)


def _metrics(page) -> list[str]:
    return page.locator("[data-testid=stMetric]").all_inner_texts()


@pytest.mark.parametrize("lang,area", [("zh", "杨浦区"), ("en", "Yangpu District")])
def test_overview_filter_url_reproduces_view(app_server, page, context, lang, area):
    _open(page, _url(app_server, "", lang))
    before = page.locator(TILE_LINKS).count()
    _pick_multiselect(page, 0, area)
    assert re.search(r"ov_area=yangpu", page.url), page.url
    after_links = page.locator(TILE_LINKS).count()
    metrics = _metrics(page)
    assert 0 < after_links < before
    _assert_clean(page, 1)
    copy = context.new_page()
    _open(copy, page.url)
    assert _metrics(copy) == metrics
    assert copy.locator(TILE_LINKS).count() == after_links
    _assert_clean(copy, 1)


def test_tile_link_opens_that_target(app_server, page):
    _open(page, _url(app_server, "", "zh"))
    tile = page.locator(TILE_LINKS).filter(has_text="详情").nth(20)
    tid = re.search(r"det_target=([A-Z]{2}\d{2}-\d{2})", tile.get_attribute("href")).group(1)
    tile.click()  # a plain link: the browser loads the detail page with the target in its URL
    page.wait_for_url("**/detail?**", timeout=60_000)
    wait_idle(page, timeout=60_000)
    assert "/detail" in page.url
    assert _selected(page).startswith(tid)
    _assert_clean(page, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_detail_target_in_url(app_server, page, context, lang):
    _open(page, _url(app_server, "detail", lang))
    _choose(page, 0, "YP26-09")
    assert "det_target=YP26-09" in page.url
    explanation = page.locator("[data-testid=stAlertContentInfo]").first.inner_text()
    assert "2026" in explanation
    _assert_clean(page, 1)
    copy = context.new_page()
    _open(copy, page.url)
    assert copy.locator("[data-testid=stAlertContentInfo]").first.inner_text() == explanation
    assert _selected(copy).startswith("YP26-09")
    _assert_clean(copy, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_per_capita_in_url(app_server, page, context, lang):
    _open(page, _url(app_server, "compare", lang))
    _choose(page, 0, "有效发明专利拥有量" if lang == "zh" else "Invention patents in force")
    page.get_by_text(i18n.t("cmpv.per_capita", lang), exact=True).click()
    wait_rerun(page, timeout=60_000)
    assert "cmp_pc=true" in page.url and "cmp_ind=invention_patents" in page.url
    page.wait_for_function(  # the chart is redrawn by Plotly after the rerun
        """() => { const t = document.querySelector('[data-testid=stPlotlyChart] .ytitle');
                   return t && (t.textContent.includes('万人') || t.textContent.includes('10k')); }""",
        timeout=30_000,
    )
    ytitle = page.locator("[data-testid=stPlotlyChart] .ytitle").first.text_content()
    assert "万人" in ytitle or "10k" in ytitle
    _assert_clean(page, 3)
    copy = context.new_page()
    _open(copy, page.url)
    assert copy.locator("[data-testid=stPlotlyChart] .ytitle").first.text_content() == ytitle
    _assert_clean(copy, 3)


def test_data_table_in_url(app_server, page, context):
    _open(page, _url(app_server, "data", "en"))
    _choose(page, 0, i18n.t("data.t.actuals", "en"))
    assert "data_table=actuals" in page.url and "lang=en" in page.url
    rows = page.get_by_text(re.compile(r"^\d+ rows$")).first.inner_text()
    copy = context.new_page()
    _open(copy, page.url)
    assert copy.get_by_text(re.compile(r"^\d+ rows$")).first.inner_text() == rows
    _assert_clean(copy)
