"""The engine's typed result: one ``TargetResult`` per judged target (rules §2–§7).

``evaluate_target`` returns one; ``evaluate_all`` returns a DataFrame whose columns are
``RESULT_COLUMNS`` (the public fields, in this order). Missing numbers are NaN, missing years
None, and the states are kept apart by ``status`` (rules §2), never by a magic number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any, Literal

Status = Literal["achieved", "missed", "on_track", "at_risk", "off_track", "insufficient_data", "no_data", "no_target"]
Basis = Literal["", "actual", "early", "probability", "pace"]
PaceBasis = Literal["", "linear", "cagr", "flow"]
NAN = math.nan


@dataclass(frozen=True, slots=True)
class TargetResult:
    """How one target stands. Units: ``target_value``/``compared_value``/``projected_value``/
    ``lower_80``/``upper_80``/``margin`` are in the target's own terms (its unit; % for growth
    and reduction); ``latest_value``, ``threshold``, ``known_sum``, ``required_per_year`` and
    ``recent_per_year`` in the series' unit (``series_unit``); rates are fractions (0.05 = 5 %).

    ``low_confidence``: the projection failed the plausibility guard (``implied_change`` a year
    is more than twice ``max_change``, the largest yearly change of the window) — drawn as low
    confidence, the status rests on the pace ratio. ``trend_pace``: the method's own pace
    (change a year; growth for log-linear); ``fitted_latest``: the method's value at the latest
    year (series unit). ``interval_factor``: the calibration factor k of the 80 % interval.
    ``whatif_growth``: the yearly growth from the latest actual that reproduces the verdict's
    own path (the what-if's default)."""

    target_id: str = ""
    area: str = ""
    indicator: str = ""
    aggregation: str = ""
    comparator: str = ""
    target_year: int | None = None
    target_value: float = NAN
    unit: str = ""
    latest_year: int | None = None
    latest_value: float = NAN
    compared_value: float = NAN
    projected_value: float = NAN
    lower_80: float = NAN
    upper_80: float = NAN
    p_meet: float = NAN
    pace_ratio: float = NAN
    required_per_year: float = NAN
    status: Status = "no_target"
    method: str = ""
    n_points: int = 0
    early: bool = False
    margin: float = NAN
    explanation_zh: str = ""
    explanation_en: str = ""
    uses_illustrative: bool = False
    as_of: int | None = None
    basis: Basis = ""
    awaiting_data: bool = False
    margin_pct: float = NAN
    threshold: float = NAN
    series_unit: str = ""
    required_growth: float = NAN
    recent_per_year: float = NAN
    recent_growth: float = NAN
    pace_observed: float = NAN
    pace_required: float = NAN
    pace_basis: PaceBasis = ""
    pace_base_year: int | None = None
    period_start: int | None = None
    base_year: int | None = None
    base_value: float = NAN
    known_sum: float = NAN
    window_start: int | None = None
    reason: str = ""
    wrong_way: bool = False
    method_note: str = ""
    theme: str = ""
    doc_id: str = ""
    low_confidence: bool = False
    implied_change: float = NAN
    max_change: float = NAN
    trend_pace: float = NAN
    fitted_latest: float = NAN
    interval_factor: float = NAN
    whatif_growth: float = NAN
    # working values the explanation reads (not in RESULT_COLUMNS)
    known_years: tuple[int, ...] = field(default=())
    side: int = 0
    projected_x: float = NAN
    actual_x: float = NAN
    fallback: bool = False
    latest_met: bool = False
    prev_year: int | None = None


_INTERNAL = ("known_years", "side", "projected_x", "actual_x", "fallback", "latest_met", "prev_year")
FIELD_NAMES = tuple(f.name for f in fields(TargetResult))
RESULT_COLUMNS = [n for n in FIELD_NAMES if n not in _INTERNAL]
INT_COLUMNS = [
    "target_year",
    "latest_year",
    "as_of",
    "n_points",
    "pace_base_year",
    "period_start",
    "base_year",
    "window_start",
]
BOOL_COLUMNS = ["early", "awaiting_data", "uses_illustrative", "wrong_way", "low_confidence"]


# the working record the rules fill in field by field (``ipdash.engine.judge``) before it becomes a
# ``TargetResult``: keys are TargetResult's field names, each value of its field's type
Record = dict[str, Any]


def from_record(record: Record) -> TargetResult:
    """A result from the rules' working record (unknown keys are an error, missing ones default)."""
    rec = dict(record)
    if "known_years" in rec:
        rec["known_years"] = tuple(rec["known_years"])
    if rec.get("status") is None:
        rec.pop("status", None)
    return TargetResult(**rec)
