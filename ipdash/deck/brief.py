"""The briefing pack of one joint meeting, written to a folder (no streamlit): the deck as PPTX and
PDF — opening with the previous meeting's commitments, with "what changed" since the previous
meeting's day — and the one-page A4 digest (``deck.digest_pdf``).

The meeting cycle's frames come in as arguments (the CLI and the meeting page read them from the
store): ``previous`` (the meeting before, None: none on record — changes then count from the data
before any upload), ``checkins`` and ``commitments`` (see ``meetings.digest``).

    pack = make_pack(date(2026, 12, 3), "out/", lang="en", previous=date(2026, 11, 5),
                     checkins=ck, commitments=cm)
    pack.pptx, pack.pdf, pack.digest
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ipdash import i18n
from ipdash.deck import digest_pdf, render
from ipdash.frames import meeting as meeting_frames
from ipdash.meetings import digest
from ipdash.settings import ViewSettings


@dataclass
class Pack:
    """The files written, the slide count and the seconds each step took."""

    pptx: Path
    pdf: Path
    digest: Path
    n_slides: int
    seconds: dict[str, float] = field(default_factory=dict)


def file_names(meeting: dt.date, lang: str) -> tuple[str, str, str]:
    """The deck's PPTX, its PDF and the digest's names: ``brief-2026-12-03-zh.pptx`` …"""
    stem = f"{meeting.isoformat()}-{lang}"
    return f"brief-{stem}.pptx", f"brief-{stem}.pdf", f"digest-{stem}.pdf"


def meeting_data(d: digest.Digest) -> meeting_frames.MeetingData:
    """The meeting's data (``frames.meeting.load``) carrying the previous meeting's commitments, so
    the deck opens with them (none on record: no such slide)."""
    data = meeting_frames.load(view=ViewSettings(lang="en" if d.lang == "en" else "zh"))
    if d.previous is None:
        return data
    return replace(data, commitments=d.commitments, commitments_of=d.previous.isoformat())


def make_pack(
    meeting: dt.date,
    out_dir: Path | str,
    *,
    lang: str = "zh",
    previous: dt.date | None,
    checkins: pd.DataFrame | None,
    commitments: pd.DataFrame | None,
    progress: render.Progress | None = None,
    today: dt.date | None = None,
) -> Pack:
    """Write the meeting's deck (PPTX, PDF) and digest (PDF) into ``out_dir``."""
    say = progress or (lambda f, m: None)
    t0 = time.perf_counter()
    d = digest.build(meeting, previous=previous, checkins=checkins, commitments=commitments, lang=lang, today=today)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pptx, pdf, page = (out / n for n in file_names(meeting, lang))
    t1 = time.perf_counter()
    page.write_bytes(digest_pdf.digest_pdf(d))
    t2 = time.perf_counter()
    result = render.export_meeting(
        pptx=pptx,
        pdf=pdf,
        view=ViewSettings(lang="en" if lang == "en" else "zh"),
        data=meeting_data(d),
        since=d.since,
        date=meeting.strftime(i18n.t("meet.date_format", lang)),
        progress=lambda f, m: say(0.1 + 0.9 * f, m),
    )
    seconds = {"digest data": t1 - t0, "digest pdf": t2 - t1} | {f"deck {k}": v for k, v in result.seconds.items()}
    return Pack(pptx, pdf, page, result.n_slides, {k: round(v, 2) for k, v in seconds.items()})
