"""Open one page of the real app in streamlit.testing.v1.AppTest — the one helper every page test uses."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ipdash import paths

APP = str(paths.REPO / "app.py")


def open_page(
    page: str, timeout: float = 90, *, switch_lang: str | None = None, illustrative: bool | None = None, **query
) -> AppTest:
    """Run app.py with ``query`` as URL parameters, optionally flip the sidebar switches as a user
    would (``switch_lang="en"``, ``illustrative=False``), switch to ``page`` and assert that it ran
    without an exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if switch_lang:
        at.segmented_control(key="lang").set_value(switch_lang).run()
    if illustrative is not None:
        at.toggle(key="illus").set_value(illustrative).run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
