"""Real browser (Debian Chromium), issue 21 item 4: the meeting page builds the briefing pack and the
one-page digest downloads — one A4 page naming the previous meeting's commitments."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser import open_expander, wait_idle
from tests.test_brief_cli import TEXTS, record_meetings

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_meeting_page_builds_the_pack_and_the_digest_downloads(fresh_app_server, page, tmp_path):
    before, today = record_meetings()
    page.goto(f"{fresh_app_server.url}/meeting")
    wait_idle(page)
    open_expander(page, "会议简报包")
    page.get_by_role("button", name="生成简报包").click()
    button = page.get_by_role("button", name="下载一页简报 PDF")
    expect(button).to_be_visible(timeout=240_000)
    expect(page.get_by_role("button", name="下载幻灯片 PPTX")).to_be_visible()
    expect(page.get_by_role("button", name="下载幻灯片 PDF")).to_be_visible()
    with page.expect_download(timeout=30_000) as dl:
        button.click()
    assert dl.value.suggested_filename == f"digest-{today.isoformat()}-zh.pdf"
    path = tmp_path / "digest.pdf"
    dl.value.save_as(path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "(A4)" in info
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert all(t in text for t in TEXTS) and before.isoformat() in text
    assert page.locator("[data-testid=stException], [data-testid=stAlertContentError]").count() == 0
