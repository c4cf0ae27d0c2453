"""Who may see the pages: the viewer of every run and, with ``IPDASH_VIEW=login``, the sign-in gate.

``app.py`` calls ``allowed()`` once per run, before navigation runs: it tells the store who is looking
(``store.visibility``: preliminary figures for the account's areas only) and whether the pages may run.
When they may not, ``sign_in()`` shows only the sign-in form; the navigation is still declared (hidden),
so the address — page and query — stays as it was asked for and the page runs right after sign-in.
"""

from __future__ import annotations

import streamlit as st

from ipdash import settings
from ipdash.store import visibility
from ipdash.ui.guard import VIEWER_KEY
from ipdash.ui.lang import t
from ipdash.ui.signin import current_user, login_box


def allowed() -> bool:
    """Set this run's viewer; True when the pages may run (open mode, or someone is signed in)."""
    user = current_user()
    areas = tuple(user.areas) if user else ()
    st.session_state[VIEWER_KEY] = areas  # for a fragment's rerun alone (``guard.fragment``)
    visibility.set_viewer(areas)
    return user is not None or not settings.login_required()


def sign_in() -> None:
    """The whole page while nobody is signed in in login mode."""
    st.title(t("access.title"))
    st.caption(t("access.intro"))
    login_box({}, why="view")  # nobody is signed in here, so no area names are shown
