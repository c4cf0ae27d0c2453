"""Issue 12 in a real browser: a page that fails shows one short message in the user's language,
never a traceback, exception type or server path (the production settings: no
IPDASH_RAISE_PAGE_ERRORS, .streamlit/config.toml client.showErrorDetails = "none")."""

from __future__ import annotations

import pytest

from ipdash import i18n, paths
from tests.browser import wait_idle
from tests.server import ENTRY, StreamlitServer

pytestmark = [pytest.mark.browser]


@pytest.fixture
def broken_server(fresh_data):
    (paths.store_dir() / "targets.parquet").write_bytes(b"PAR1 not a parquet file")  # every view reads it
    server = StreamlitServer(ENTRY, fresh_data, fresh_data.parent, env={"IPDASH_RAISE_PAGE_ERRORS": ""})
    server.wait_healthy(60)
    yield server
    server.stop()


@pytest.mark.parametrize(("path", "lang"), [("", "zh"), ("compare?lang=English", "en"), ("detail", "zh")])
def test_a_failing_page_shows_a_short_message_and_no_traceback(broken_server, page, path, lang):
    page.goto(f"{broken_server.url}/{path}")
    wait_idle(page)
    page.get_by_text(i18n.t("error.page", lang)).wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
    text = page.locator("body").inner_text()
    for leak in ("Traceback", "Exception", "targets.parquet", str(paths.REPO)):
        assert leak not in text, leak
