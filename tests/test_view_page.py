"""AppTest of ``IPDASH_VIEW=login`` on the pages: only the sign-in until signed in, then the page asked
for (a deep link survives the sign-in); open mode shows the pages as before."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ipdash import i18n, settings
from tests.apptest import APP
from tests.corpus import helpers

pytestmark = pytest.mark.slow


def _texts(at: AppTest) -> list[str]:
    return [e.value for e in (*at.title, *at.header, *at.subheader)]


def test_login_mode_shows_only_the_sign_in_then_the_page_asked_for(fresh_data, monkeypatch):
    monkeypatch.setenv(settings.VIEW_ENV, "login")
    helpers.add_user()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _texts(at) == [i18n.t("access.title")]  # no overview header, no tile, no count
    assert [i.value for i in at.info] == [i18n.t("access.need_local")]  # why: to see, not to upload
    assert not at.metric and not at.dataframe and len(at.form_submit_button) == 1
    at.switch_page("app_pages/compare.py")  # a deep link to another page: still only the sign-in
    at.run()
    assert _texts(at) == [i18n.t("access.title")] and not at.dataframe
    at.text_input(key="upl_name").set_value("wang")
    at.text_input(key="upl_pw").set_value("wrong password")
    at.form_submit_button[0].click().run()
    assert _texts(at) == [i18n.t("access.title")] and at.error  # a wrong password opens nothing
    at.text_input(key="upl_name").set_value("wang")
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.t("nav.compare") in _texts(at) and i18n.t("access.title") not in _texts(at)  # where they asked to go
    at.switch_page("app_pages/overview.py")
    at.run()
    assert i18n.t("nav.overview") in _texts(at) and at.metric


def test_open_mode_shows_the_overview_without_sign_in(built_data, monkeypatch):
    monkeypatch.delenv(settings.VIEW_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.t("nav.overview") in _texts(at) and i18n.t("access.title") not in _texts(at)


def _signed_in_data_table(user: str) -> pd.DataFrame:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["data_table"] = "actuals"
    at.run()
    at.text_input(key="upl_name").set_value(user)
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at.dataframe[0].value


def test_the_data_page_shows_an_unpublished_figure_only_to_its_area(unpublished, monkeypatch):
    """Same process, same caches: the account of Pudong does not get the table computed for Shanghai's."""
    monkeypatch.setenv(settings.VIEW_ENV, "login")
    helpers.add_user("hu", ("shanghai",))
    helpers.add_user("wang", ("pudong",))
    area, indicator, year = unpublished
    for user, sees in (("hu", True), ("wang", False), ("hu", True)):
        df = _signed_in_data_table(user)
        hit = (df["area"] == area) & (df["indicator"] == indicator) & (df["year"] == year)
        assert bool(hit.any()) is sees, user
        assert ((df["area"] == "pudong") & (df["indicator"] == indicator)).any()  # the rest is there for both
