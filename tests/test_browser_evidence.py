"""Real browser (Debian Chromium), issue 23: an evidence file opens from the task's dialog for
anyone who sees the task (no login), with its bytes unchanged; a file over the one limit is
refused in the widget at the stated size — no raw ``AxiosError … 413``, nothing saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ipdash.accounts import auth
from ipdash.ingest import milestones as reports
from ipdash.sheets import limits
from ipdash.store import milestones as history
from tests.browser import wait_idle, wait_rerun
from tests.corpus import helpers
from tests.test_browser_milestones import L, _go, _open_dialog

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MID = "M-PD24-08"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def test_evidence_file_downloads_from_the_dialog(fresh_app_server, page):
    li = auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    v = reports.validate_one(MID, "in_progress", "方案起草中", "", li)
    reports.commit(v, li, source="dialog", evidence=("监测方案.pdf", PDF))
    page.goto(fresh_app_server.url)
    wait_idle(page)
    _go(page, "目标与来源", "zh")
    dialog = _open_dialog(page, MID, L["zh"])  # not logged in: whoever sees the task sees its evidence
    button = dialog.get_by_role("button", name="佐证文件：监测方案.pdf")
    expect(button).to_be_visible()
    with page.expect_download(timeout=30_000) as dl:
        button.click()
    assert dl.value.suggested_filename == "监测方案.pdf"
    with open(dl.value.path(), "rb") as f:
        assert f.read() == PDF


def test_a_too_large_evidence_file_is_refused_at_the_stated_limit(fresh_app_server, page):
    auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    page.goto(fresh_app_server.url)
    wait_idle(page)
    page.get_by_role("link", name="数据上传").first.click()
    wait_rerun(page)
    page.get_by_label("用户名").fill("li")
    page.get_by_label("密码").fill(helpers.PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_rerun(page)
    _go(page, "目标与来源", "zh")
    dialog = _open_dialog(page, MID, L["zh"])
    uploader = dialog.locator(".st-key-ms_dlg_file")
    big = {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"x" * (limits.MAX_BYTES + 500_000)}
    uploader.locator("input[type=file]").set_input_files(big)
    expect(uploader).to_contain_text(f"{limits.MAX_MB}.0MB or smaller", timeout=15_000)
    page.wait_for_timeout(1_000)
    assert "AxiosError" not in page.content() and "413" not in dialog.inner_text()
    assert history.reports().empty
