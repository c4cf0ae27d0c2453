"""Frames behind the 总览 / Overview view: counts by status, tile order, the by-area summary.

Each function returns the DataFrame a chart or table of the page shows (and offers for download).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ipdash import catalog, status_meta
from ipdash.engine.evaluate import status_counts
from ipdash.frames import sources, verdicts
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read

TILES_PER_PAGE = 48  # the overview draws at most this many tiles at once


AREA_SUMMARY_MIN = 8  # more areas than this in the selection: a table by area comes first

TABLE_TEXT_COLUMNS = [  # the full results table: display texts of the status frame …
    "status_icon",
    "status_label",
    "target_text",
    "current_text",
    "projected_text",
    "p_meet_text",
    "required_text",
    "explanation",
]
TABLE_COLUMNS = ["target_id", "area_name", "indicator_name", "target_year", *TABLE_TEXT_COLUMNS]  # … after these


def target_years() -> list[int]:
    """The target years the overview's year filter offers (from the catalog, not the judgement)."""
    return sorted(int(y) for y in read.table("targets")["target_year"].dropna().unique())


def tile_order(frame: pd.DataFrame, area_order: list[str]) -> pd.DataFrame:
    """The overview's tile order: areas as in the catalog, then themes, then frame order."""
    a_rank = {a: i for i, a in enumerate(area_order)}
    t_rank = {th: i for i, th in enumerate(catalog.THEMES)}
    key = pd.DataFrame(
        {
            "a": frame["area"].map(a_rank).fillna(len(a_rank)),
            "t": frame["theme"].map(t_rank).fillna(len(t_rank)),
            "i": range(len(frame)),
        },
        index=frame.index,
    )
    keep = frame["area"].isin(a_rank) & frame["theme"].isin(t_rank)
    return frame.loc[key[keep].sort_values(["a", "t", "i"]).index]


def area_status_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per area of ``frame``: targets by status (columns = status codes), the areas with
    most off-track, then at-risk targets first — the overview's summary at county scale."""
    statuses = [s for s in status_meta.STATUSES if s != "no_target"]
    counts = status_counts(frame, by="area")
    wide = counts.pivot_table(index="area", columns="status", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=statuses, fill_value=0).astype(int)
    wide.columns = [f"n_{s}" for s in statuses]
    wide.insert(0, "n_targets", wide.sum(axis=1))
    wide = wide.reset_index()
    wide.insert(1, "area_name", wide["area"].map(sources.area_names(lang)))
    wide = wide[wide["n_targets"] > 0]
    return wide.sort_values(["n_off_track", "n_at_risk", "area"], ascending=[False, False, True]).reset_index(drop=True)


def overview_counts(
    *,
    view: ViewSettings = DEFAULT_VIEW,
    areas: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """``status_counts`` of the filtered status frame, with the label in ``view.lang``."""
    frame = verdicts.filter_status(verdicts.status_frame(view=view), areas, themes, statuses, years)
    counts = status_counts(frame)
    counts["label"] = counts["label_en" if view.en else "label_zh"]
    return counts


def no_target_areas(lang: str = "zh") -> pd.DataFrame:
    """Areas whose plan sets no quantitative target, with their milestone count (静安区)."""
    names = sources.area_names(lang)
    ms = read.table("milestones")
    rows = [
        {
            "area": a,
            "area_name": names.get(a, a),
            "status": "no_target",
            "status_label": status_meta.status_label("no_target", lang),
            "status_icon": status_meta.STATUS_META["no_target"]["icon"],
            "n_milestones": int((ms["area"] == a).sum()),
        }
        for a in sources.areas_without_targets()
    ]
    return pd.DataFrame(rows, columns=["area", "area_name", "status", "status_label", "status_icon", "n_milestones"])
