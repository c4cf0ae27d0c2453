"""Attainment engine: judge targets against yearly actuals (docs: shared/design/progress-rules.md).

Public API (pure functions on DataFrames; no streamlit):
    evaluate_target, evaluate_all, projection_frame, what_if, status_counts,
    STATUSES, STATUS_META, RESULT_COLUMNS.

Series hygiene: rows with a missing year or value are dropped; several rows for one year
are resolved by provenance (official > estimate > illustrative) and the remaining ties are
averaged, so the answer never depends on row order. ``as_of`` keeps only years ≤ as_of;
when it is None, each target uses the latest year of its own series. The maths and the
documented judgement choices live in ``ipdash.engine.rules`` and ``ipdash.engine.projection``.
"""

from __future__ import annotations

import math

import pandas as pd

from ipdash.engine import rules as at
from ipdash.engine.explain import explain
from ipdash.engine.series import group_actuals, series_from_frame
from ipdash.status_meta import STATUS_META, STATUSES

RESULT_COLUMNS = [
    "target_id",
    "area",
    "indicator",
    "aggregation",
    "comparator",
    "target_year",
    "target_value",
    "unit",
    "latest_year",
    "latest_value",
    "compared_value",
    "projected_value",
    "lower_80",
    "upper_80",
    "p_meet",
    "pace_ratio",
    "required_per_year",
    "status",
    "method",
    "n_points",
    "early",
    "margin",
    "explanation_zh",
    "explanation_en",
    "uses_illustrative",
    "as_of",
    # extras (documented in the README section of docs/architecture.md by the page owner)
    "basis",
    "awaiting_data",
    "margin_pct",
    "threshold",
    "series_unit",
    "required_growth",
    "recent_per_year",
    "recent_growth",
    "pace_observed",
    "pace_required",
    "pace_basis",
    "pace_base_year",
    "period_start",
    "base_year",
    "base_value",
    "known_sum",
    "window_start",
    "reason",
    "wrong_way",
    "method_note",
    "theme",
    "doc_id",
]
_INT_COLUMNS = [
    "target_year",
    "latest_year",
    "as_of",
    "n_points",
    "pace_base_year",
    "period_start",
    "base_year",
    "window_start",
]
_FROM_TARGET = {
    "target_id": "target_id",
    "area": "area",
    "indicator": "indicator",
    "aggregation": "aggregation",
    "comparator": "comparator",
    "target_year": "target_year",
    "target_value": "value",
    "unit": "unit",
    "theme": "theme",
    "doc_id": "doc_id",
}


def _record(tg: dict, ser: at.Series, ind: dict, as_of, method, population) -> dict:
    r = at.evaluate(tg, ser, ind, as_of=as_of, method=method, population=population)
    r["explanation_zh"] = explain(r, tg, "zh")
    r["explanation_en"] = explain(r, tg, "en")
    for col, key in _FROM_TARGET.items():
        r[col] = tg.get(key)
    return r


def evaluate_target(
    target: dict,
    series: pd.DataFrame,
    indicator: dict,
    *,
    as_of: int | None = None,
    method: str | None = None,
    population: float | None = None,
) -> dict:
    """Judge one target. ``series``: this area×indicator's actuals (year, value[, provenance]).

    ``method``: 'linear' | 'loglinear' | None (indicator default). ``population`` (persons):
    when the target is per 10 000 residents (unit ending in /万人) and the indicator is not,
    the series is divided by population/10 000 first. Returns a dict with RESULT_COLUMNS.
    """
    r = _record(dict(target), series_from_frame(series), dict(indicator or {}), as_of, method, population)
    out = {c: r.get(c, d) for c, d in _DEFAULTS}
    out["known_years"] = r.get("known_years", [])
    return out


def _default(col: str):
    if col in ("early", "awaiting_data", "uses_illustrative", "wrong_way"):
        return False
    if col in ("n_points",):
        return 0
    if col in (
        "status",
        "method",
        "basis",
        "reason",
        "method_note",
        "pace_basis",
        "explanation_zh",
        "explanation_en",
        "series_unit",
    ):
        return ""
    return math.nan


_DEFAULTS = [(c, _default(c)) for c in RESULT_COLUMNS]


def evaluate_all(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    as_of: int | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """One row per target (RESULT_COLUMNS). Actuals are grouped once; per-target work is
    plain-Python arithmetic on ≤ 6 points, so 30 000 targets take a few seconds. Only the
    area × indicator series some target uses are grouped (at county scale ~40 % of 1 M rows)."""
    groups = group_actuals(_used(actuals, targets))
    inds = (
        {}
        if indicators is None or len(indicators) == 0
        else {row["code"]: row for row in indicators.to_dict("records")}
    )
    rows = []
    for tg in targets.to_dict("records"):
        ser = groups.get((tg.get("area"), tg.get("indicator")), at.EMPTY)
        r = _record(tg, ser, inds.get(tg.get("indicator"), {}), as_of, method, None)
        get = r.get
        rows.append([get(c, d) for c, d in _DEFAULTS])
    df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for c in _INT_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    for c in ("early", "awaiting_data", "uses_illustrative", "wrong_way"):
        df[c] = df[c].astype(bool)
    return df


def _used(actuals: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The actuals of the area × indicator pairs that ``targets`` name (order kept)."""
    if (
        actuals is None
        or len(actuals) == 0
        or targets is None
        or len(targets) == 0
        or not {"area", "indicator"} <= set(actuals.columns)
        or not {"area", "indicator"} <= set(targets.columns)
    ):
        return actuals
    pairs = pd.MultiIndex.from_frame(targets[["area", "indicator"]].drop_duplicates())
    return actuals[pd.MultiIndex.from_arrays([actuals["area"], actuals["indicator"]]).isin(pairs)]


def status_counts(result: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """Counts per status in STATUSES order (zero rows kept), with label_zh/en, icon, colour
    and share; optionally per group ``by`` (e.g. 'area')."""
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    st = pd.Categorical(result["status"], categories=list(STATUSES))
    frame = result[keys].copy() if keys else pd.DataFrame(index=result.index)
    frame["status"] = st
    counts = frame.groupby([*keys, "status"], observed=False).size().rename("n").reset_index()
    tot = counts.groupby(keys)["n"].transform("sum") if keys else counts["n"].sum()
    counts["share"] = (counts["n"] / tot).where(tot > 0, 0.0) if keys else (counts["n"] / tot if tot else 0.0)
    counts["status"] = counts["status"].astype(str)
    for k in ("zh", "en", "icon", "colour"):
        counts["label_" + k if k in ("zh", "en") else k] = counts["status"].map(lambda s, k=k: STATUS_META[s][k])
    return counts
