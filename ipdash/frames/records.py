"""The records the frames hand to the views, the charts and the CLI one at a time: a judged target
(``StatusRow``, one row of ``verdicts.status_frame``: what a tile, the detail page and the
detail chart read) and a catalog target (``CatalogTarget``, one row of ``sources.targets_table``:
the detail page's source clause) and an indicator as stored (``IndicatorRecord``). Tables stay
DataFrames; these type a row taken out of one.

A row comes out of a DataFrame, so a missing number is NaN (a missing year None or pandas' NA)
and a missing text may be None or NaN: read them with the frames' own checks (``verdicts.qunit``,
``wording.ok``), as before.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypedDict, cast

import pandas as pd

from ipdash.engine.wording import WrittenTarget


class StatusRow(TypedDict, total=False):
    """One judged target (``verdicts.STATUS_COLUMNS``): the engine's result (``TargetResult``),
    the catalog's names and documents, and the texts a tile shows. The texts' inputs
    (``verdicts.qunit``, ``target_text``, ``current_text`` …) read the same keys. ``side`` is
    the engine's working sign of the good direction, present only in rows that carry it."""

    target_id: str
    area: str
    area_name: str
    indicator: str
    indicator_name: str
    theme: str
    theme_name: str
    target_year: int | None
    status: str
    status_label: str
    status_icon: str
    status_colour: str
    target_text: str
    current_label: str
    current_text: str
    projected_text: str
    p_meet_text: str
    required_text: str
    margin_text: str
    explanation: str
    aggregation: str
    comparator: str
    target_value: float
    unit: str
    latest_year: int | None
    latest_value: float
    compared_value: float
    projected_value: float
    lower_80: float
    upper_80: float
    p_meet: float
    pace_ratio: float
    required_per_year: float
    required_growth: float
    method: str
    n_points: int
    early: bool
    margin: float
    margin_pct: float
    uses_illustrative: bool
    as_of: int | None
    basis: str
    known_sum: float
    threshold: float
    series_unit: str
    period_start: int | None
    doc_id: str
    doc_number: str
    source_file: str
    clause: str
    assumptions: str
    explanation_zh: str
    explanation_en: str
    base_year: int | None
    base_value: float
    pace_observed: float
    pace_required: float
    pace_basis: str
    pace_base_year: int | None
    low_confidence: bool
    implied_change: float
    max_change: float
    trend_pace: float
    fitted_latest: float
    interval_factor: float
    whatif_growth: float
    side: int


class CatalogTarget(TypedDict, total=False):
    """One quantitative target as the catalog states it (``sources.TARGET_COLUMNS``): the clause,
    its document and the names in the view's language."""

    target_id: str
    area: str
    area_name: str
    indicator: str
    indicator_name: str
    theme: str
    theme_name: str
    aggregation: str
    comparator: str
    value: float
    unit: str
    period_start: int | None
    target_year: int | None
    baseline_year: int | None
    baseline_value: float
    clause: str
    assumptions: str
    doc_id: str
    doc_number: str
    doc_title: str
    source_file: str
    source_url: str
    source_confidence: str


class IndicatorRecord(TypedDict, total=False):
    """One indicator as stored (``catalog.COLUMNS["indicators"]``)."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    kind: str
    measure: str
    direction: str
    per_capita_ok: bool
    aliases: str
    description_zh: str
    description_en: str


def indicator_rows(frame: pd.DataFrame) -> list[IndicatorRecord]:
    """The rows of the indicators table as records."""
    return cast(list[IndicatorRecord], frame.to_dict("records"))


def written_target(row: Mapping[Hashable, Any], series_unit: str) -> WrittenTarget:
    """A stored target (a row of the targets table) in the shape ``wording.target_text`` reads:
    the target as written, no judged numbers."""
    return {
        "aggregation": row["aggregation"],
        "comparator": row["comparator"],
        "target_value": row["value"],
        "unit": row["unit"],
        "target_year": row["target_year"],
        "period_start": row["period_start"],
        "base_year": row["baseline_year"],
        "base_value": row["baseline_value"],
        "series_unit": series_unit,
        "indicator": row["indicator"],
    }


def status_rows(frame: pd.DataFrame) -> list[StatusRow]:
    """The rows of a status frame (or of some of its columns) as records."""
    return cast(list[StatusRow], frame.to_dict("records"))


def status_row(frame: pd.DataFrame, i: int = 0) -> StatusRow:
    """Row ``i`` (by position) of a status frame as a record."""
    return cast(StatusRow, frame.iloc[i].to_dict())


def catalog_row(frame: pd.DataFrame, i: int = 0) -> CatalogTarget:
    """Row ``i`` (by position) of ``sources.targets_table`` as a record."""
    return cast(CatalogTarget, frame.iloc[i].to_dict())
