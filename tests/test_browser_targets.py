"""Real browser: the Targets & sources page in Chinese and English; a copied link reproduces it."""

from __future__ import annotations

import pytest

from tests.browser import wait_idle, wait_rerun

pytestmark = pytest.mark.browser

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"


def grid_rows(page, index=0) -> int:
    """Row count of the n-th dataframe, read from its accessible grid."""
    grid = page.locator("[data-testid=stDataFrame]").nth(index)
    return int(grid.locator("[role=grid]").get_attribute("aria-rowcount")) - 1


def test_targets_page_in_both_languages(app_server, page):
    page.goto(f"{app_server.url}/targets")
    wait_idle(page)
    assert page.get_by_role("heading", name="目标与来源").is_visible()
    assert grid_rows(page) == 34  # 26 seed targets + 5 published ones (issue 11) + 3 (issue 24)
    assert page.locator(ERRORS).count() == 0
    page.get_by_text("English", exact=True).click()
    wait_rerun(page)
    assert page.get_by_role("heading", name="Targets & sources").is_visible()
    assert "lang=en" in page.url
    assert page.locator(ERRORS).count() == 0


def test_filter_is_in_the_url_and_a_copied_link_reproduces_it(app_server, page, context):
    page.goto(f"{app_server.url}/targets")
    wait_idle(page)
    page.get_by_role("button", name="保护").click()  # theme pill
    wait_rerun(page)
    assert "t_theme=protection" in page.url
    filtered = grid_rows(page)
    assert 0 < filtered < 34
    other = context.new_page()
    other.goto(page.url)
    wait_idle(other)
    assert grid_rows(other) == filtered
    assert other.locator(ERRORS).count() == 0
