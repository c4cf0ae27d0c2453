"""No traceback on any page: one short message in the user's language, details to the server log."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator

import streamlit as st

from ipdash.store import visibility
from ipdash.ui.lang import t

_log = logging.getLogger("ipdash.ui")
RAISE_ENV = "IPDASH_RAISE_PAGE_ERRORS"  # tests set it so AppTest still sees a page's exception
VIEWER_KEY = "_ipdash_viewer"  # the areas of who looks, as ``access.allowed`` found them this run


@contextlib.contextmanager
def page_guard() -> Iterator[None]:
    """Run a page (or a fragment) so that an unexpected error shows one short message in the
    user's language, never a traceback; the traceback goes to the server log. Streamlit's own
    control flow (st.stop, st.rerun, st.switch_page) raises BaseException and passes through.
    With ``IPDASH_RAISE_PAGE_ERRORS`` set (the test suite) the error is re-raised after the
    message, so AppTest's ``at.exception`` still reports it."""
    try:
        yield
    except Exception:
        _log.exception("unexpected error while rendering a page")
        st.error(t("error.page"), icon=":material/error:")
        if os.environ.get(RAISE_ENV):
            raise


def fragment(func: Callable) -> Callable:
    """``st.fragment`` whose body runs under ``page_guard``: a fragment rerun alone (a pager, a
    slider) is not inside app.py's guard, nor after its ``access.allowed()``: the viewer it kept is set again."""

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        # a fragment rerun alone may run in a new thread: tell the store who looks, as app.py's run did
        visibility.set_viewer(st.session_state.get(VIEWER_KEY))
        with page_guard():
            return func(*args, **kwargs)

    return st.fragment(guarded)
