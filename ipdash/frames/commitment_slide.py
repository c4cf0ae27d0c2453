"""The briefing deck's first content slide: the previous meeting's commitments, done / open / overdue
(no streamlit). Its rows come with the meeting's data (``MeetingData.commitments``, put there by the
briefing pack from ``meetings.digest.meeting_commitments``); the frames never read the meeting
cycle's tables themselves. ``frames.slides.REGISTRY`` declares the kind with these functions.
"""

from __future__ import annotations

import pandas as pd

from ipdash import i18n
from ipdash.frames.meeting import MeetingData
from ipdash.frames.slide_spec import Column, SlideSpec

KIND = "commitments"
COLUMNS = ["commitment_id", "meeting_date", "text", "department", "due", "state", "state_text", "last_note"]
STATES = ("done", "open", "overdue")


def rows(data: MeetingData) -> pd.DataFrame:
    """The previous meeting's commitments the data carries (none: an empty frame)."""
    f = data.commitments
    return pd.DataFrame(columns=COLUMNS) if f is None else f.reindex(columns=COLUMNS)


def counts(data: MeetingData) -> dict[str, int]:
    f = rows(data)
    return {s: int((f["state"] == s).sum()) for s in STATES}


def columns(lang: str) -> list[Column]:
    widths = {"state_text": 1.3, "text": 5.0, "department": 2.0, "due": 1.4, "last_note": 3.4}
    return [Column(c, i18n.t(f"brief.col.{k}", lang), w, c in ("state_text", "due")) for c, w, k in _keys(widths)]


def _keys(widths: dict[str, float]) -> list[tuple[str, float, str]]:
    names = {
        "state_text": "status",
        "text": "commitment",
        "department": "department",
        "due": "due",
        "last_note": "note",
    }
    return [(c, w, names[c]) for c, w in widths.items()]


def frame(spec: SlideSpec, data: MeetingData, lang: str) -> pd.DataFrame:
    """The slide's rows (all, or its ``commitment_ids`` when the table spans slides)."""
    f = rows(data)
    if spec.commitment_ids is not None:
        f = f[f["commitment_id"].astype(str).isin(spec.commitment_ids)]
    return f.reset_index(drop=True)


def notes(spec: SlideSpec, data: MeetingData, f: pd.DataFrame | None) -> list[str]:
    """A line per commitment: its state, text, department, due day and latest note."""
    if f is None or f.empty:
        return [i18n.t("brief.slide.none", data.lang)]
    cols = ("state_text", "text", "department", "due", "last_note")
    return [spec.subtitle, *(" · ".join(str(r[c]) for c in cols if str(r[c] or "")) for r in f.to_dict("records"))]


def spec(data: MeetingData) -> SlideSpec | None:
    """The slide before it is spread over pages (None: the data carries no commitments at all)."""
    if data.commitments is None:
        return None
    lang = data.lang
    return SlideSpec(
        KIND,
        KIND,
        i18n.t("brief.slide.title", lang, date=data.commitments_of or "—"),
        i18n.t("brief.slide.sub", lang, **counts(data)),
        since=data.commitments_of or None,
    )
