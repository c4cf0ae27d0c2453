"""``python -m ipdash brief`` on a fresh data copy, on both backends: the deck (PPTX, PDF) and the
one-page digest, in the language asked for."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pptx import Presentation

from ipdash.cli.main import main

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("soffice")),
    reason="poppler-utils and LibreOffice",
)


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_tools
def test_brief_writes_the_deck_and_a_one_page_digest(fresh_store, tmp_path, capsys):
    out = tmp_path / "pack"
    assert main(["brief", "--meeting", "2026-12-03", "--out", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    pptx, pdf, digest = (
        out / n for n in ("brief-2026-12-03-en.pptx", "brief-2026-12-03-en.pdf", "digest-2026-12-03-en.pdf")
    )
    assert f"digest: {digest}" in err and "slides;" in err
    n_slides = len(Presentation(str(pptx)).slides)
    assert 5 <= n_slides <= 20 and _pages(pdf) == n_slides
    assert _pages(digest) == 1
    text = _text(digest)
    assert "Briefing for the joint meeting · 2026-12-03" in text
    assert "Figures that are late" in text and "Targets at risk or off track" in text


def test_brief_bad_date_exits_2(fresh_data, tmp_path, capsys):
    assert main(["brief", "--meeting", "2026-13-40", "--out", str(tmp_path)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
