"""What the briefing pack reads of the meeting cycle, from the storage object (no streamlit): the
meeting before a given day, every check-in (newest first) and every commitment with its status.

    got = inputs(date(2026, 12, 3))
    got.previous, got.checkins, got.commitments
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ipdash.meetings import checkins, commitments


@dataclass(frozen=True)
class Inputs:
    """``previous``: the meeting before (None: none on record); ``checkins`` (newest first) and
    ``commitments`` (``commitments.commitment_status``'s columns) as ``meetings.digest`` reads them."""

    previous: dt.date | None
    checkins: pd.DataFrame | None
    commitments: pd.DataFrame | None


def inputs(meeting: dt.date) -> Inputs:
    """The meeting before ``meeting``; the check-ins made up to the meeting's day, newest first; the
    commitments as they stand on that day (``commitments.commitment_status(as_of=meeting)``: overdue
    judged on it)."""
    said = checkins.history()
    said = said[said["checked_at"].astype(str).str[:10] <= meeting.isoformat()].reset_index(drop=True)
    return Inputs(
        previous=commitments.previous_meeting(meeting),
        checkins=said,
        commitments=commitments.commitment_status(as_of=meeting),
    )


def meeting_days() -> list[dt.date]:
    """The days of the meetings on record, oldest first."""
    days = (commitments.parse_date(x) for x in commitments.meetings()["meeting_date"])
    return [d for d in days if d is not None]


def default_day(today: dt.date) -> dt.date:
    """The meeting a pack is most likely for: the next one on record from ``today`` on, else the
    latest one, else ``today``."""
    days = meeting_days()
    ahead = [d for d in days if d >= today]
    return min(ahead) if ahead else (max(days) if days else today)
