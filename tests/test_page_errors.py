"""Issue 12: no page shows a Python traceback to a user. An unexpected error shows one short
message in the user's language (ipdash.ui.page_guard); Streamlit itself is told to show no
details (.streamlit/config.toml client.showErrorDetails = "none")."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from ipdash import i18n, paths, ui
from ipdash.ui import cache, overview_view
from tests.apptest import APP

PAGES = [
    "app_pages/overview.py",
    "app_pages/compare.py",
    "app_pages/detail.py",
    "app_pages/targets.py",
    "app_pages/upload.py",
    "app_pages/meeting.py",
    "app_pages/data.py",
]
SECRET = "/srv/secret/path.py boom 1e308"


def test_streamlit_shows_no_error_details():
    cfg = tomllib.loads((paths.REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = cfg["client"]["showErrorDetails"]
    assert value == st_config.ShowErrorDetailsConfigOptions.NONE.value, (
        f'client.showErrorDetails is {value!r}: only "none" hides type, message and trace '
        '("false" still shows the stack trace in Streamlit 1.67)'
    )


def _boom(*args, **kwargs):
    raise OverflowError(SECRET)


def _texts(at: AppTest) -> str:
    """Everything the page put on screen, as text."""
    out = []
    for kind in ("markdown", "caption", "error", "warning", "info", "text", "code", "header", "subheader"):
        out += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(out)


def _open(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if lang != i18n.DEFAULT_LANG:
        at.segmented_control(key="lang").set_value(lang).run()
    at.switch_page(page)
    at.run()
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_an_unexpected_error_shows_a_short_message_in_the_users_language(page, lang, monkeypatch):
    monkeypatch.delenv(ui.RAISE_ENV, raising=False)  # the production behaviour
    monkeypatch.setattr(ui, "cached", _boom)  # every page reads its data through ui.cached
    at = _open(page, lang)
    assert not at.exception, "a page error reached Streamlit's exception element (type/trace)"
    errors = [e.value for e in at.error]
    assert i18n.t("error.page", lang) in errors, errors
    shown = _texts(at)
    assert "Traceback" not in shown and "OverflowError" not in shown and SECRET not in shown


def test_an_error_inside_a_fragment_is_caught_there_and_the_page_goes_on(monkeypatch):
    """A fragment's body has its own guard (a fragment rerun alone is outside app.py's guard);
    AppTest reruns whole scripts, so this checks the guard is there and the rest still renders."""
    monkeypatch.delenv(ui.RAISE_ENV, raising=False)
    at = _open("app_pages/overview.py", "en")
    assert not at.error and not at.exception
    monkeypatch.setattr(overview_view, "tile_rows", _boom)  # only the tiles fragment reads it
    cache.clear()  # the tile rows were cached by the first run
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("error.page", "en")]
    assert SECRET not in _texts(at)
    assert at.expander, "the results table after the tiles fragment was not drawn"


def test_tests_still_see_page_errors_as_exceptions(monkeypatch):
    monkeypatch.setenv(ui.RAISE_ENV, "1")
    monkeypatch.setattr(ui, "cached", _boom)
    at = _open("app_pages/overview.py", "zh")
    assert at.exception, "with IPDASH_RAISE_PAGE_ERRORS set the page error must reach at.exception"
