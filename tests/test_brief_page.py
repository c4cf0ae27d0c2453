"""The meeting page's briefing pack (AppTest): the button builds the deck and the one-page digest and
offers the three files."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from ipdash.ui import brief_view
from tests.apptest import open_page


@pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("soffice")), reason="poppler-utils and LibreOffice")
def test_the_meeting_page_builds_the_briefing_pack(built_data, tmp_path):
    at = open_page("app_pages/meeting.py", timeout=300)
    at.date_input(key="brief_date").set_value(dt.date(2026, 12, 3)).run()
    at.button(key="brief_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    files = at.session_state[brief_view.FILES]
    names = {k: files[k][0] for k, _, _ in brief_view.DOWNLOADS}
    assert names == {
        "pptx": "brief-2026-12-03-zh.pptx",
        "pdf": "brief-2026-12-03-zh.pdf",
        "digest": "digest-2026-12-03-zh.pdf",
    }
    digest = tmp_path / names["digest"]
    digest.write_bytes(files["digest"][1])
    info = subprocess.run(["pdfinfo", str(digest)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    assert files["pptx"][1][:2] == b"PK" and files["pdf"][1][:5] == b"%PDF-"
    shown = [b.proto.label for b in at.get("download_button")]  # after the commitments section's CSV
    assert shown[-3:] == ["下载幻灯片 PPTX", "下载幻灯片 PDF", "下载一页简报 PDF"]
