"""Kaleido's browser for the deck's charts, drawing several figures at once (no streamlit).

One Chromium per process (Debian's ``/usr/bin/chromium``, never a downloaded one), offline —
MathJax off, plotly.js from the plotly package — with ``TABS`` tabs, driven by kaleido 1.x's
async API on an event loop of its own in a daemon thread. ``submit(fig, opts)`` returns at once
with a ``concurrent.futures.Future`` of the PNG's bytes; figures submitted together are drawn in
parallel, one per free tab (kaleido reloads a tab after each figure, so with one tab every figure
also waited for the reload of the one before). Any thread may submit; the bytes are exactly what
``kaleido.calc_fig`` returns for the figure, one at a time or not.

    start()                                   # Chromium and plotly.js load (idempotent)
    futures = [submit(fig, {"format": "png", "width": 540, "height": 380, "scale": 2.5}) for fig in figs]
    pngs = [f.result() for f in futures]
    restart()                                 # after a crashed browser
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import threading
from pathlib import Path
from typing import Any

import plotly

CHROMIUM = os.environ.get("IPDASH_CHROMIUM", "/usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TABS = max(1, int(os.environ.get("IPDASH_KALEIDO_TABS", "3")))  # figures drawn at once
START_TIMEOUT = 120.0


class ExportError(RuntimeError):
    """An export could not be made (no Chromium, no LibreOffice, conversion failed…); ``render.ExportError``."""


class _Browser:
    """The process's kaleido browser: an event loop in a daemon thread and the ``kaleido.Kaleido`` on it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # starts and restarts, one at a time
        self.loop: asyncio.AbstractEventLoop | None = None
        self.k: Any = None
        self.closes_at_exit = False

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
            threading.Thread(target=self.loop.run_forever, name="ipdash-kaleido", daemon=True).start()
        return self.loop

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(n=TABS, path=CHROMIUM, mathjax=False, plotlyjs=str(PLOTLY_JS), timeout=90)
        await k.open()
        return k

    def start(self) -> None:
        with self.lock:
            if self.k is not None:
                return
            if not Path(CHROMIUM).exists():
                raise ExportError(
                    f"Chromium not found at {CHROMIUM} (install Debian's chromium or set IPDASH_CHROMIUM)"
                )
            loop = self._ensure_loop()
            self.k = asyncio.run_coroutine_threadsafe(self._open(), loop).result(timeout=START_TIMEOUT)
            if not self.closes_at_exit:  # registered after the browser's temporary profile, so it runs first
                atexit.register(self.close)
                self.closes_at_exit = True

    def close(self) -> None:
        with self.lock:
            k, self.k = self.k, None
            if k is not None and self.loop is not None and self.loop.is_running():
                with contextlib.suppress(Exception):  # a browser that is gone is closed
                    asyncio.run_coroutine_threadsafe(k.close(), self.loop).result(timeout=15)

    def submit(self, fig: Any, opts: dict) -> concurrent.futures.Future[bytes]:
        self.start()
        assert self.loop is not None and self.k is not None
        return asyncio.run_coroutine_threadsafe(self.k.calc_fig(fig, opts=opts), self.loop)


_browser = _Browser()


def start() -> None:
    """Start the browser (once per process; at once when it runs)."""
    _browser.start()


def submit(fig: Any, opts: dict) -> concurrent.futures.Future[bytes]:
    """The PNG (or other format of ``opts``) of a Plotly figure, drawn on the next free tab."""
    return _browser.submit(fig, opts)


def restart() -> None:
    """Close the browser (a crashed one too) and start a new one."""
    _browser.close()
    _browser.start()


def running() -> bool:
    return _browser.k is not None
