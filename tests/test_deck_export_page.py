"""The meeting page's export (AppTest): the button lays out the slides the page shows as a PPTX, offers it
at once, and LibreOffice makes the PDF in the background — its button hands over that PDF."""

from __future__ import annotations

import shutil

import pytest
from pptx import Presentation

from ipdash.ui import deck_export
from tests.apptest import open_page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice")
def test_the_export_offers_the_pptx_and_the_pdf_made_in_the_background(built_data, tmp_path):
    at = open_page("app_pages/meeting.py", timeout=300)
    at.button(key="meet_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    files = at.session_state[deck_export.FILES]
    path = tmp_path / "deck.pptx"
    path.write_bytes(files["pptx"])
    assert len(Presentation(str(path)).slides) == files["n"] >= 10
    assert set(files["seconds"]) >= {"data", "charts", "pptx", "total"} and "pdf" not in files["seconds"]
    job = files["pdf"]  # converting while the page offers the PPTX
    assert job.result(timeout=300)[:5] == b"%PDF-"
    shown = [b.proto.label for b in at.get("download_button")]
    assert "下载 PPTX" in shown and "下载 PDF" in shown
    parts = next(c.value for c in at.caption if "合计" in c.value)  # where the time went, in the reader's words
    assert parts.startswith("数据 ") and f"图表 {files['seconds']['charts']:.1f} 秒" in parts, parts
