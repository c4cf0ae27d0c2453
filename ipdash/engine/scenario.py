"""Fan-chart data and what-if scenarios for one target."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TypedDict

import pandas as pd

from ipdash.engine import calibrate, models, projection, rules, wording
from ipdash.engine.series import series_from_frame
from ipdash.fmt import fmt_pct


class WhatIfResult(TypedDict, total=False):
    """What ``what_if`` returns. Always there: ``growth_rate``, ``status`` (a status word, or why
    there is no verdict), ``meets`` (None when no verdict) and ``path`` (the assumed (year, value)
    points); the rest only when the what-if could be computed. In the target's terms:
    ``compared_value``, ``target_value``, ``margin``; in the series' unit: ``latest_value``,
    ``projected_x``, ``threshold``."""

    growth_rate: float
    status: str
    meets: bool | None
    path: list[tuple[int, float]]
    latest_year: int
    latest_value: float
    projected_x: float
    compared_value: float
    target_value: float
    threshold: float
    margin: float
    required_growth: float
    explanation_zh: str
    explanation_en: str


FRAME_COLUMNS = ["year", "kind", "value", "lower_80", "upper_80", "illustrative", "running_total"]
FanRow = tuple[int, str, float, float, float, bool, float]  # one row of FRAME_COLUMNS


def projection_frame(
    target: Mapping[str, object],
    series: pd.DataFrame,
    indicator: Mapping[str, object] | None,
    *,
    as_of: int | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Actual and projected points of the *relevant* series (level, or flow for annual /
    cumulative / growth) for the fan chart.

    kind 'actual' rows: years ≤ as_of (bounds NaN). kind 'projected' rows: each year after
    the latest actual up to the target year (or the target year itself when it is a gap),
    with the calibrated 80 % interval (``ipdash.engine.calibrate``) when ≥ 3 points were fitted.
    ``running_total`` (cumulative targets only) is the sum of flows from period_start, actual then projected centre.
    """
    ind = rules.as_indicator(indicator)
    c = rules.make_ctx(rules.as_target(target), series_from_frame(series), ind, as_of)
    if isinstance(c, str) or not c.fy:
        return pd.DataFrame(
            {
                k: pd.Series(dtype=t)
                for k, t in zip(FRAME_COLUMNS, ["int64", "object", "float64", "float64", "float64", "bool", "float64"])
            }
        )
    rows: list[FanRow] = [
        (y, "actual", v if rules.in_range(v) else math.nan, math.nan, math.nan, bool(i), math.nan)
        for y, v, i in zip(c.fy, c.fv, c.fil)
    ]
    if c.reason != "out_of_range":  # values the engine refuses are shown, never projected
        rows += _projected(c, ind, method)
    df = pd.DataFrame(rows, columns=FRAME_COLUMNS).sort_values(["year", "kind"], kind="stable")
    if c.agg == "cumulative":
        inside = (df["year"] >= c.ps) & (df["year"] <= c.T)
        df.loc[inside, "running_total"] = df.loc[inside, "value"].cumsum()
    return df.reset_index(drop=True)


def _projected(c: rules.Ctx, ind: rules.IndicatorRow, method: str | None) -> list[FanRow]:
    """The projected rows of the fan; none when the trend overflows (judge: ``out_of_range``)."""
    wx, wy = rules.window(c)
    yL, rows = c.fy[-1], list[FanRow]()
    if len(wx) < 2:
        return rows
    m, _ = rules.choose_method(ind, method, wy, c.flow_from_stock)
    try:
        f = models.fit(m, wx, wy)
        k, df, log = calibrate.factor(m), models.df_of(f), models.on_log(f)
        years = list(range(yL + 1, c.T + 1)) if yL < c.T else ([c.T] if c.T not in c.fy else [])
        for y in years:
            cen, sc = models.predict(f, y)
            lo, hi = calibrate.bounds(cen, sc, df, log, k)
            rows.append((y, "projected", cen, lo, hi, False, math.nan))
    except (OverflowError, ZeroDivisionError):
        return []
    if not all(math.isfinite(v) for r in rows for v in (r[2], r[3], r[4]) if not math.isnan(v)):
        return []
    return rows


def _path_total(c: rules.Ctx, known: float, missing: list[int], yL: int, vL: float, g: float) -> float:
    return known + sum(vL * (1 + g) ** (y - yL) for y in missing)


def what_if(
    target: Mapping[str, object],
    series: pd.DataFrame,
    indicator: Mapping[str, object] | None,
    growth_rate: float,
    *,
    as_of: int | None = None,
) -> WhatIfResult:
    """Assume the relevant series grows by ``growth_rate`` (0.1 = 10 %) a year from the
    latest actual. Returns the projected compared quantity (target units), whether it meets
    the target, the margin, a status-like verdict (achieved/missed when the target year is
    already measured, else on_track/off_track), the growth rate needed to just meet it and
    short zh/en sentences. Cumulative: known sum + the assumed flows of the missing years.
    """
    c = rules.make_ctx(rules.as_target(target), series_from_frame(series), rules.as_indicator(indicator), as_of)
    out: WhatIfResult = {"growth_rate": growth_rate, "status": "insufficient_data", "meets": None, "path": []}
    if isinstance(c, str):
        out["status"] = c
        return out
    if not c.fy or c.reason:
        out["status"] = "insufficient_data"
        return out
    g = float(growth_rate)
    if not math.isfinite(g) or g <= -1:
        out["status"] = "insufficient_data"
        return out
    try:
        return _what_if(c, g, out)
    except (OverflowError, ZeroDivisionError):
        out["status"] = "insufficient_data"
        return out


def _what_if(c: rules.Ctx, g: float, out: WhatIfResult) -> WhatIfResult:
    yL, vL = c.fy[-1], c.fv[-1]
    have = dict(zip(c.fy, c.fv))
    measured = False
    req = math.nan
    if c.agg == "cumulative":
        known, _, missing = rules.cumulative_parts(c)
        x = _path_total(c, known, missing, yL, vL, g)
        measured = not missing
        if missing and min(missing) > yL and vL > 0 and c.side > 0:
            req = _solve_growth(lambda gg: c.side * (_path_total(c, known, missing, yL, vL, gg) - c.thr))
        path = [(y, vL * (1 + g) ** (y - yL)) for y in missing]
    else:
        if c.T in have:
            x, measured, path = have[c.T], True, []
        else:
            x = vL * (1 + g) ** (c.T - yL)
            path = [(y, vL * (1 + g) ** (y - yL)) for y in range(yL + 1, c.T + 1)]
            if yL < c.T:
                req = projection.avg_change(yL, vL, c.T, c.thr, projection.LOGLINEAR)
    if not math.isfinite(x):
        raise OverflowError("the assumed path leaves the range of floats")
    meets = rules.satisfied(c, x)
    q = rules.q_of(c, x)
    status = ("achieved" if meets else "missed") if measured else ("on_track" if meets else "off_track")
    qunit = "%" if c.agg in ("growth", "reduction") else c.series_unit
    out.update(
        {
            "latest_year": yL,
            "latest_value": vL,
            "projected_x": x,
            "compared_value": q,
            "target_value": c.V,
            "threshold": c.thr,
            "meets": meets,
            "status": status,
            "margin": c.cs * (q - c.V) if not math.isnan(q) else math.nan,
            "required_growth": req,
            "path": path,
        }
    )
    out["explanation_zh"] = _sentence(c, g, q, qunit, measured, meets, req, "zh")
    out["explanation_en"] = _sentence(c, g, q, qunit, measured, meets, req, "en")
    return out


def _sentence(c: rules.Ctx, g: float, q: float, qunit: str, measured: bool, meets: bool, req: float, lang: str) -> str:
    """The what-if's sentence in ``lang``."""
    qt = wording.value(q, qunit, lang, ref=c.V if qunit == "%" else c.thr)
    if measured:  # nothing left to assume: the target year is already measured
        word = wording.t("eng.achieved" if meets else "eng.missed", lang)
        return wording.t("eng.whatif.measured", lang, T=c.T, q=qt, word=word)
    return wording.t(
        "eng.whatif",
        lang,
        y=c.fy[-1],
        g=fmt_pct(g, lang, 1),
        T=c.T,
        q=qt,
        verdict=wording.t("eng.whatif.can" if meets else "eng.whatif.cannot", lang),
        r=fmt_pct(req, lang, 1),
    )


def _solve_growth(f: Callable[[float], float], lo: float = -0.99, hi: float = 10.0) -> float:
    """Smallest growth rate with f(g) ≥ 0 for increasing f (bisection); NaN if none."""
    if f(hi) < 0:
        return math.nan
    if f(lo) >= 0:
        return lo
    for _ in range(80):
        mid = (lo + hi) / 2
        if f(mid) >= 0:
            hi = mid
        else:
            lo = mid
    return hi
