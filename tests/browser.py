"""Headless Debian Chromium for real-browser tests and screenshots (no browser download).

Waits on Streamlit's own signals — the app root reports ``data-test-script-state=notRunning``
and no skeleton is left — never on fixed sleeps.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

CHROMIUM = os.environ.get("IPDASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


@contextlib.contextmanager
def launch() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and every element has rendered."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid=stApp]');
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            if (document.querySelector('[data-testid=stSkeleton]')) return false;
            if (document.querySelector('[data-testid=stStatusWidget]')) return false;
            if (document.querySelector('[data-stale=true]')) return false;
            const plots = document.querySelectorAll('[data-testid=stPlotlyChart]');
            for (const p of plots) { if (!p.querySelector('.main-svg')) return false; }
            return true;
        }""",
        timeout=timeout,
    )


def open_expander(page, label: str) -> None:
    """Open the expander headed ``label`` and wait until it has finished sliding open.

    A press on a widget inside while the ``<details>`` still animates (about half a second) can land
    on nothing: seen as 1 lost click in 12 on the meeting page's language switch, with no message
    sent to the server. Waiting for the page's own animations to end is the signal."""
    page.get_by_text(label, exact=True).click()
    page.wait_for_function("() => !document.getAnimations().some(a => a.playState === 'running')")


def wait_rerun(page, timeout: float = 30_000) -> None:
    """After a click or a key press: wait for the rerun it triggers to start (it may already
    be over when the rerun is fast), then for the app to be idle again."""
    with contextlib.suppress(Exception):
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=running]", timeout=2_000)
    wait_idle(page, timeout)


def commit_upload(page, path, values: int = 1) -> None:
    """On the upload page as a signed-in analyst: hand in the file at ``path``, wait for its ``values``
    figures to be read, tick the warnings' confirmation when one is asked for, commit as a new batch and
    wait for the receipt."""
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    page.get_by_text(f"读取 {values} 个数值").wait_for()
    wait_idle(page)
    confirm = page.get_by_text("我已核对以上提醒，确认无误")
    if confirm.count():
        confirm.click()
        wait_idle(page)
    page.get_by_role("button", name="提交为新批次").click()
    page.get_by_text("已提交批次").wait_for()
    wait_idle(page)
