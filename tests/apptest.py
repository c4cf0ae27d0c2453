"""Open one page of the real app in streamlit.testing.v1.AppTest (shared by the page tests)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ipdash import paths

APP = str(paths.REPO / "app.py")


def open_page(page: str, timeout: float = 90, **query) -> AppTest:
    """Run app.py with ``query`` as URL parameters, switch to ``page``, assert no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
