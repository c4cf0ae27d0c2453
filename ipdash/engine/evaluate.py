"""Attainment engine: judge targets against yearly actuals (docs: shared/design/progress-rules.md).

Public API (pure functions on DataFrames; no streamlit):
    evaluate_target -> TargetResult (ipdash.engine.result), evaluate_all -> DataFrame of
    RESULT_COLUMNS, status_counts. Fan-chart frames and what-if: ``ipdash.engine.scenario``.

Series hygiene: rows with a missing year or value are dropped; several rows for one year
are resolved by provenance (official > reported > estimate > illustrative) and the remaining ties are
averaged, so the answer never depends on row order. ``as_of`` keeps only years ≤ as_of;
when it is None, each target uses the latest year of its own series. The maths and the
documented judgement choices live in ``ipdash.engine.rules``, ``ipdash.engine.judge`` and
``ipdash.engine.models``.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from typing import cast

import pandas as pd

from ipdash.engine import rules
from ipdash.engine.explain import explain
from ipdash.engine.judge import judge
from ipdash.engine.result import BOOL_COLUMNS, INT_COLUMNS, RESULT_COLUMNS, TargetResult, from_record
from ipdash.engine.rules import IndicatorRow, TargetRow
from ipdash.engine.series import group_actuals, series_from_frame
from ipdash.status_meta import STATUS_META, STATUSES

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


def _int_or_none(x: object) -> int | None:
    return rules.year(x)


def _record(
    tg: TargetRow,
    ser: rules.Series,
    ind: IndicatorRow,
    as_of: int | None,
    method: str | None,
    population: float | None,
) -> TargetResult:
    r = judge(tg, ser, ind, as_of=as_of, method=method, population=population)
    for col, key in _FROM_TARGET.items():
        r[col] = tg.get(key)
    r["target_year"] = _int_or_none(r["target_year"])
    if not rules.in_range(rules.num(r["target_value"])):  # an infinite or absurd target is no target (make_ctx)
        r["target_value"] = rules.NAN
    res = from_record(r)
    # the sentences read the finished result; set them on it before it leaves here (a second
    # dataclass construction through ``replace`` cost 15 % of judging 30 000 targets)
    object.__setattr__(res, "explanation_zh", explain(res, tg, "zh"))
    object.__setattr__(res, "explanation_en", explain(res, tg, "en"))
    return res


def evaluate_target(
    target: Mapping[str, object],
    series: pd.DataFrame,
    indicator: Mapping[str, object] | None,
    *,
    as_of: int | None = None,
    method: str | None = None,
    population: float | None = None,
) -> TargetResult:
    """Judge one target. ``series``: this area×indicator's actuals (year, value[, provenance]).

    ``method``: 'linear' | 'loglinear' | 'damped' | 'last_change' | None (the indicator kind's
    default, chosen by the hindcast evidence). ``population`` (persons):
    when the target is per 10 000 residents (unit ending in /万人) and the indicator is not,
    the series is divided by population/10 000 first.
    """
    target_row, indicator_row = rules.as_target(target), rules.as_indicator(indicator)
    return _record(target_row, series_from_frame(series), indicator_row, as_of, method, population)


_ROW = attrgetter(*RESULT_COLUMNS)


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
    area × indicator series some target uses are grouped (at county scale ~40 % of 1 M rows).
    ``ipdash.engine.result_cache`` gives the same frame, judging only targets whose inputs changed."""
    return result_frame(judge_rows(targets, actuals, indicators, as_of=as_of, method=method))


def judge_rows(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    as_of: int | None = None,
    method: str | None = None,
) -> list[tuple[object, ...]]:
    """``evaluate_all``'s rows before they become a frame: one tuple of RESULT_COLUMNS per target, in
    order. A target's tuple depends only on its own row, its series, its indicator, ``as_of`` and ``method``."""
    groups = group_actuals(_used(actuals, targets))
    # the stored rows as the engine reads them (``rules.TargetRow``/``IndicatorRow``; not copied: 30 000 targets)
    ind_rows = [] if indicators is None or len(indicators) == 0 else indicators.to_dict("records")
    inds = {row["code"]: row for row in cast(list[IndicatorRow], ind_rows)}
    rows = []
    for tg in cast(list[TargetRow], targets.to_dict("records")):
        ser = groups.get((tg.get("area", ""), tg.get("indicator", "")), rules.EMPTY)
        rows.append(_ROW(_record(tg, ser, inds.get(tg.get("indicator", ""), {}), as_of, method, None)))
    return rows


def result_frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    """The frame of ``judge_rows``' tuples (the dtypes of ``evaluate_all``)."""
    df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for c in INT_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    for c in BOOL_COLUMNS:
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
