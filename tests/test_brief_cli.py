"""``python -m ipdash brief`` on a fresh data copy, on both backends: the deck (PPTX, PDF) and the
one-page digest, in the language asked for."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from pptx import Presentation

from ipdash import store
from ipdash.accounts import auth
from ipdash.cli.main import main
from ipdash.meetings import checkins, commitment_reports, commitments
from tests.corpus import helpers

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("soffice")),
    reason="poppler-utils and LibreOffice",
)


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


TEXTS = ("Publish the pledge financing guide", "Visit ten patent-intensive firms", "Open the mediation desk")
CHECKIN = "contracts signed in Q4"  # on YP26-09, off track


def record_meetings() -> tuple[dt.date, dt.date]:
    """Two meetings four weeks apart (the later one today); three commitments of the earlier one —
    done, open, overdue today — the first reported done; a check-in on an off-track target."""
    today = commitments.today()
    before = today - dt.timedelta(days=28)
    sec = auth.add_user("sec", helpers.PASSWORD, ["*"])
    commitments.add_meeting(before, "November", sec)
    commitments.add_meeting(today, "December", sec)
    dues = (today + dt.timedelta(days=30), today + dt.timedelta(days=30), today - dt.timedelta(days=3))
    ids = [commitments.add_commitment(before, "保护处", d, t, sec).commitment_id for t, d in zip(TEXTS, dues)]
    v = commitment_reports.check_one(ids[0], "done", "guide published", sec)
    commitment_reports.commit(v, sec, source="cli")
    checkins.add(
        "YP26-09", sec, CHECKIN, "push the technology market", "low", seen_version=store.current().data_version()
    )
    return before, today


@needs_tools
def test_brief_writes_the_deck_and_a_one_page_digest(fresh_store, tmp_path, capsys):
    before, today = record_meetings()
    out, day = tmp_path / "pack", today.isoformat()
    assert main(["brief", "--meeting", day, "--out", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    pptx, pdf, digest = (out / f"{k}-{day}-en.{e}" for k, e in (("brief", "pptx"), ("brief", "pdf"), ("digest", "pdf")))
    assert f"digest: {digest}" in err and "slides;" in err
    deck = Presentation(str(pptx))
    n_slides = len(deck.slides)
    assert 5 <= n_slides <= 20 and _pages(pdf) == n_slides
    second = " ".join(sh.text_frame.text for sh in deck.slides[1].shapes if sh.has_text_frame)
    cells = " ".join(c.text for sh in deck.slides[1].shapes if sh.has_table for r in sh.table.rows for c in r.cells)
    assert f"Commitments of the meeting of {before.isoformat()}" in second
    assert "1 done · 1 open · 1 overdue" in second
    assert all(t in " ".join(cells.split()) for t in TEXTS)
    table = next(sh.table for sh in deck.slides[1].shapes if sh.has_table)
    runs = [r.cells[0].text_frame.paragraphs[0].runs[0] for r in list(table.rows)[1:]]  # the status column
    colours = {" ".join(r.text.split()): str(r.font.color.rgb) for r in runs}
    assert set(colours) == {"✔ done", "○ open", "⚠ overdue"}, colours
    assert len(set(colours.values())) == 3 and all(r.font.bold for r in runs)  # each state in its own colour
    assert _pages(digest) == 1
    text = _text(digest)
    flat = " ".join(text.split())
    assert f"Briefing for the joint meeting · {day}" in flat
    assert f"Changes since the previous meeting ({before.isoformat()})" in flat
    assert all(t in flat for t in TEXTS) and "guide published" in flat and CHECKIN in flat
    assert "Figures that are late" in flat and "Targets at risk or off track" in flat
    for name in ("IP dispute mediation cases", "Enterprise technology centres"):  # two of the late figures
        assert name in flat


def test_brief_bad_date_exits_2(fresh_data, tmp_path, capsys):
    assert main(["brief", "--meeting", "2026-13-40", "--out", str(tmp_path)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
