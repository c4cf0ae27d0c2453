"""The server entry: ``st.App`` over the UI script ``app.py``, with the data API, the security
headers and a lifespan that warms the store.

    python -m streamlit run asgi.py [--server.port 8501 …]   # make run, make serve's workers, the tests
    uvicorn asgi:app --port 8501                              # also works (Streamlit 1.67's st.App is ASGI)

``streamlit run`` finds the ``App`` instance below and serves it with its own uvicorn
integration; every ``--server.*`` flag and ``.streamlit/config.toml`` apply as before.

- routes: ``/api/v1/…`` (``ipdash.api.routes``; docs/api.md), added before Streamlit's own.
- middleware: ``ipdash.api.headers.SecurityHeaders`` (CSP ``frame-ancestors`` from
  ``IPDASH_FRAME_ANCESTORS``, ``nosniff``, ``Referrer-Policy``) on every HTTP answer;
  ``ipdash.api.auth.BearerGate``: with ``IPDASH_VIEW=login`` every ``/api/v1`` call but
  ``openapi.json`` needs an API token (``accounts.tokens.verify``), else 401.
- lifespan: once per process, in a worker thread that does not hold up the start: import the
  first page's modules, build the store if it is missing, finish a commit a killed process left
  half done, and make the landing overview's status frame and the targets table, so the first
  page and the first API call find them.
  A failure there is logged; the page then shows its own message as it always did.
"""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import anyio
import streamlit as st
from starlette.middleware import Middleware

from ipdash import settings
from ipdash.accounts import tokens
from ipdash.api.auth import BearerGate
from ipdash.api.headers import SecurityHeaders, frame_ancestors
from ipdash.api.routes import ROUTES

UI_SCRIPT = Path(__file__).resolve().parent / "app.py"
log = logging.getLogger("ipdash.asgi")


# What app.py and the landing overview import: loaded by the warm-up while the browser loads the page's
# scripts, so the first script run does not wait for them (plotly, the UI modules; ~0.5 s quiet).
FIRST_PAGE_MODULES = (
    "ipdash.ui",
    "ipdash.ui.access",
    "ipdash.ui.phone",
    "ipdash.ui.signin",
    "ipdash.ui.milestones",
    "ipdash.ui.overview_view",
    "ipdash.ui.tiles",
    "ipdash.ui.widgets",
    "ipdash.ui.history_view",
    "ipdash.charts.figures",
    "ipdash.frames.overview",
)


def warm() -> None:
    """What the first page needs, in the order it needs it: its modules; the store built and
    consistent; the landing overview's status frame (default view, 中文; the judgement under it), made
    once — a first page asking for it meanwhile waits for this one (``store.cache``) instead of making
    it again beside it; the overview's late figures (``frames.freshness``, made in memory once per data
    version and day: the largest part of a restart's first overview at county scale); then the targets
    table for the API. All kept per data version or catalog."""
    try:
        for module in FIRST_PAGE_MODULES:
            importlib.import_module(module)
        from ipdash import store
        from ipdash.frames import freshness, sources, verdicts
        from ipdash.store import read

        read.ensure_built()
        store.current().ensure_consistent()
        verdicts.status_frame()
        freshness.freshness_frame("zh")  # the overview's late-figures line (a pass over the 1 M actuals)
        sources.targets_table("zh")
    except Exception:  # the page reports a broken store in the user's language; here only the log
        log.exception("ipdash: warming the store at start failed")


@asynccontextmanager
async def lifespan(_app):
    async with anyio.create_task_group() as tasks:
        # abandon_on_cancel: stopping the server never waits on a warm-up still running
        tasks.start_soon(partial(anyio.to_thread.run_sync, warm, abandon_on_cancel=True))
        yield
        tasks.cancel_scope.cancel()


frame_ancestors()  # a bad IPDASH_FRAME_ANCESTORS stops the start with a clear message
settings.view_mode()  # so does a bad IPDASH_VIEW
MIDDLEWARE = [Middleware(SecurityHeaders), Middleware(BearerGate, verify=tokens.verify)]  # outermost first
app = st.App(UI_SCRIPT, routes=ROUTES, middleware=MIDDLEWARE, lifespan=lifespan)
