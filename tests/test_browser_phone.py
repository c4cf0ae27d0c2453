"""The dashboard on a phone (390×844, a phone's browser) and on an office laptop (1440×900), in
headless Chromium (issue 25).

On a phone: every page is reachable from the tab bar without opening the sidebar, its eight names
readable side by side (none touches the next, none is cut, in Chinese and English); a deep link opens
its page (``/overview`` too, without Streamlit's "Page not found"); no visible element's right edge
passes the screen's (method choice, cards, charts' labels all within
390 px); the overview opens with its status counts and the first tile within the first screen.
At 1440×900 a whole row of tiles is above the fold. Screenshots of each are written to
``IPDASH_SHOTS`` when it is set (to be looked at).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from ipdash import i18n
from tests.browser import wait_idle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PHONE_AGENT = (  # 企业微信 on an iPhone
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 wxwork/4.1.22"
)
NAV_KEYS = ["overview", "compare", "detail", "targets", "upload", "meeting", "data", "alerts"]  # app.py's order
PAGES = [("", "overview"), ("detail", "detail"), ("compare", "compare"), ("targets", "targets"), ("meeting", "meeting")]
TAB_BAR = ".st-key-ipd_tabbar"
# every visible element whose right edge passes the screen's (inside a scrolling box is fine)
OVERFLOW_JS = """(vw) => {
  const out = [];
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      const clips = ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX);
      if (clips && p.getBoundingClientRect().right <= vw + 1) return true;
    } return false; };
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= vw + 1) continue;
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') continue;
    if (scrolls(e)) continue;
    out.push((e.getAttribute('data-testid') || e.tagName) + ' right=' + Math.round(r.right) + ' '
             + (e.textContent || '').trim().slice(0, 40));
  }
  return out;
}"""
# the tab bar's names as drawn: [left, right, top, bottom, clipped?, bold?, text] (the visible copy of each)
LABELS_JS = """(sel) => [...document.querySelectorAll(sel + ' [data-testid=stPageLink-NavLink] p')]
  .filter(p => p.getBoundingClientRect().width > 0)
  .map(p => { const r = p.getBoundingClientRect(); const box = p.closest('span');
    const cut = p.scrollWidth > p.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1;
    return [r.left, r.right, r.top, r.bottom, cut, Number(getComputedStyle(p).fontWeight) >= 600, p.textContent]; })"""
FIRST_TILE_JS = """() => { const t = document.querySelector('.ipd-tile');
  if (!t) return null; const r = t.getBoundingClientRect(); return [r.top, r.bottom]; }"""


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True, locale="zh-CN")
    yield ctx.new_page()
    ctx.close()


def _shot(page, name: str) -> None:
    where = os.environ.get("IPDASH_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(where) / f"{name}.png"))


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, timeout=90_000)


def _url(server, path: str, lang: str) -> str:
    return f"{server.url}/{path}" + ("?lang=en" if lang == "en" else "")


def _bar_top(page) -> float:
    return page.locator(TAB_BAR).bounding_box()["y"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path,key", PAGES, ids=[k for _, k in PAGES])
def test_phone_page_fits_the_screen(app_server, phone, path, key, lang):
    _open(phone, _url(app_server, path, lang))
    if key != "meeting":  # the meeting page opens on its slides, without a page heading
        assert phone.get_by_role("heading", name=i18n.t(f"nav.{key}", lang)).first.is_visible()
    assert phone.evaluate(OVERFLOW_JS, PHONE["width"]) == []
    bar = phone.locator(TAB_BAR)
    assert bar.is_visible() and _bar_top(phone) >= PHONE["height"] - 80  # the tab bar: at the bottom, not the sidebar
    _shot(phone, f"phone_{key}_{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_overview_opens_with_counts_and_a_tile(app_server, phone, lang):
    _open(phone, _url(app_server, "", lang))
    counts = phone.locator(".st-key-ov_counts [data-testid=stMetric]")
    assert counts.count() >= 2
    for i in range(counts.count()):
        box = counts.nth(i).bounding_box()
        assert box["y"] + box["height"] <= _bar_top(phone)  # every count on the first screen
    top, _ = phone.evaluate(FIRST_TILE_JS)
    assert top < _bar_top(phone), top  # the first tile starts on the first screen, above the tab bar


def test_phone_tab_bar_reaches_every_page(app_server, phone):
    _open(phone, _url(app_server, "", "en"))
    links = phone.locator(f"{TAB_BAR} [data-testid=stPageLink]")
    assert links.count() == 8  # every page of app.py, the alert settings included
    assert not phone.locator("[data-testid=stSidebar][aria-expanded=true]").is_visible()
    links.filter(has_text=i18n.t("nav_short.compare", "en")).click()
    wait_idle(phone, timeout=90_000)
    assert phone.get_by_role("heading", name=i18n.t("nav.compare", "en")).first.is_visible()
    assert "lang=en" in phone.url  # the language rides along


def test_phone_method_choice_and_cards_fit(app_server, phone):
    _open(phone, _url(app_server, "detail", "zh"))
    methods = phone.locator("[data-testid=stMain] [data-testid=stButtonGroup] button")
    assert methods.count() >= 5
    for i in range(methods.count()):
        box = methods.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], methods.nth(i).inner_text()
    for el in phone.locator("[data-testid=stMetricValue]").all():  # never cut: the whole text is shown
        assert el.evaluate("e => [...e.querySelectorAll('*')].every(c => c.scrollWidth <= c.clientWidth + 1)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_desk_overview_has_a_row_of_tiles_above_the_fold(app_server, browser, lang):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    try:
        _open(page, _url(app_server, "", lang))
        _, bottom = page.evaluate(FIRST_TILE_JS)
        assert bottom <= 900, bottom
        assert not page.locator(TAB_BAR).is_visible()  # the top navigation serves wide screens
        _shot(page, f"desk_overview_{lang}")
    finally:
        ctx.close()


def _labels(page) -> list[list]:
    return sorted(page.evaluate(LABELS_JS, TAB_BAR))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_tab_bar_names_stand_apart(app_server, phone, lang):
    _open(phone, _url(app_server, "", lang))  # the overview: its own name in bold, the widest
    labels = _labels(phone)
    assert [t for *_, t in labels] == [i18n.t(f"nav_short.{k}", lang) for k in NAV_KEYS]
    for left, right, _top, bottom, clipped, _, text in labels:
        assert left >= 0 and right <= PHONE["width"], text  # all eight on the screen at once
        assert bottom <= PHONE["height"] - 2 and not clipped, text  # never cut at the bottom edge or the side
    for a, b in itertools.pairwise(labels):
        assert b[0] - a[1] >= 4, (a[-1], b[-1], a[1], b[0])  # a gap between two names: they never run together
    _shot(phone, f"phone_tabbar_{lang}")


def test_narrow_phone_tab_bar_scrolls_instead_of_overlapping(app_server, browser):
    ctx = browser.new_context(viewport={"width": 320, "height": 640}, user_agent=PHONE_AGENT, is_mobile=True)
    page = ctx.new_page()
    try:
        _open(page, _url(app_server, "", "en"))
        labels = _labels(page)
        assert len(labels) == 8
        assert all(b[0] - a[1] >= 4 for a, b in itertools.pairwise(labels)), labels
        bar = page.locator(TAB_BAR)
        bar.evaluate("b => { b.scrollLeft = b.scrollWidth; }")  # the last names: a swipe away, whole
        assert _labels(page)[-1][1] <= 320
    finally:
        ctx.close()


@pytest.mark.parametrize("path,key", [("compare?lang=en", "compare"), ("overview?lang=en", "overview")])
def test_phone_deep_link_opens_its_page(app_server, phone, path, key):
    _open(phone, f"{app_server.url}/{path}")
    assert phone.get_by_role("heading", name=i18n.t(f"nav.{key}", "en")).first.is_visible()
    assert not phone.get_by_role("dialog").is_visible()  # no "Page not found" for /overview
    assert "lang=en" in phone.url  # the query rides along (/overview lands on / with it)
    current = [t for *_, bold, t in _labels(phone) if bold]
    assert current == [i18n.t(f"nav_short.{key}", "en")]  # the tab bar marks the page it opened
