"""The table of each kind of slide (no streamlit): its columns — frame column, header, relative width,
kept on one line — in the chosen language, and the frame as the table shows it. Screen and deck
alike read them through ``frames.slides.REGISTRY``.
"""

from __future__ import annotations

import pandas as pd

from ipdash import i18n
from ipdash.frames.meeting import SUMMARY_STATUSES
from ipdash.frames.slide_spec import Column, status_text


def _col(key: str, lang: str) -> str:
    return i18n.t(f"meet.col.{key}", lang)


def summary_columns(lang: str) -> list[Column]:
    def head(s: str) -> str:  # a Chinese status word under its icon, so the column stays narrow
        return status_text(s, lang).replace(" ", "\n", 1) if lang != "en" else status_text(s, lang)

    return [
        Column("area_name", _col("area", lang), 2.2),
        Column("n_targets", _col("n_targets", lang), 1.1, True),
        *[Column(s, head(s), 1.25, True) for s in SUMMARY_STATUSES],
        Column("n_milestones", _col("n_milestones", lang), 1.2, True),
    ]


def scorecard_columns(lang: str) -> list[Column]:
    """The scorecard's columns (a target's latest check-in is a line of its indicator cell: a column of its
    own leaves the figures too little room at 18 pt, ``frames.slides.scorecard_frame``)."""
    return [
        Column("target_id", _col("target_id", lang), 1.25, True),
        Column("indicator", _col("indicator", lang), 2.9),
        Column("target", _col("target", lang), 1.8),
        Column("latest", _col("latest", lang), 2.5),
        Column("projected", _col("projected_short", lang), 2.6),
        Column("p_meet", _col("p_meet", lang), 1.15, True),
        Column("status", _col("status", lang), 1.6, True),
    ]


def milestone_columns(lang: str) -> list[Column]:
    shown = ("milestone_id", "title", "lead_text", "due_year", "status_text", "overdue_text", "reported_on")
    widths = (1.45, 3.6, 2.4, 0.95, 1.8, 1.35, 1.35)
    return [
        Column(c, i18n.t(f"mst.col.{c}", lang), w, c in ("milestone_id", "due_year", "status_text"))
        for c, w in zip(shown, widths)
    ]


def pending_columns(lang: str) -> list[Column]:
    """The summary of tasks nobody has reported on: one row per area."""
    widths = {"area_name": 1.6, "n": 1.1, "overdue_text": 1.2, "due": 1.9, "lead": 4.2, "overdue_ids": 2.6}
    return [Column(c, i18n.t(f"mst.pend.col.{c}", lang), w, c in ("n", "overdue_text")) for c, w in widths.items()]


def changes_columns(lang: str) -> list[Column]:
    widths = {"target": 3.0, "status": 3.0, "projected": 3.0, "p_meet": 1.8, "moved_by": 2.6}
    return [Column(c, i18n.t(f"chg.col.{c}", lang), w, c == "p_meet") for c, w in widths.items()]


def sources_columns(lang: str) -> list[Column]:
    widths = {"doc": 2.0, "title": 5.0, "area": 1.3, "provenance": 3.2}
    return [Column(c, _col(c, lang), w) for c, w in widths.items()]


def no_columns(lang: str) -> list[Column]:
    """A slide without a table (title, target, compare)."""
    return []


def summary_shown(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The summary table as shown: an area whose numbers include illustrative data is marked."""
    mark = i18n.t("meet.mark_illustrative", lang)
    return frame.assign(
        area_name=[f"{n} {mark}" if u else n for n, u in zip(frame["area_name"], frame["uses_illustrative"])]
    )


def as_is(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame
