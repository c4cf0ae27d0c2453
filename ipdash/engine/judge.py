"""Judging one target (progress-rules.md §3). Internal: use the API in ``ipdash.engine.evaluate``.

1. Due and measured → achieved / missed. 2. A level already met early with a favourable
trend → on track. 3. Otherwise project the relevant series to the target year with the chosen
method (``ipdash.engine.models``), state the calibrated 80 % interval and P(meet)
(``ipdash.engine.calibrate``), and judge by P — unless the projection fails the plausibility
guard (``ipdash.engine.plausibility``), or there are only 2 points: then by the pace ratio R.
Moving the wrong way is off track. The record also carries what the explanation, the tile and
the what-if read: the method's own pace, where its line stands at the latest year, the
required pace from now on, and the growth a what-if starts from so that it agrees with the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ipdash.engine import calibrate, models, plausibility, projection, rules
from ipdash.engine.result import Record
from ipdash.engine.rules import NAN, Ctx, IndicatorRow, Series, TargetRow

_CENTRAL = ("projected_x", "compared_value", "lower_80", "upper_80", "projected_value")


def _blank() -> Record:
    return {
        "status": None,
        "early": False,
        "awaiting_data": False,
        "reason": "",
        "basis": "",
        "method": "",
        "method_note": "",
        "n_points": 0,
        "wrong_way": False,
        "uses_illustrative": False,
        "low_confidence": False,
    }


def judge(
    tg: TargetRow,
    ser: Series,
    ind: IndicatorRow,
    as_of: int | None = None,
    method: str | None = None,
    population: float | None = None,
) -> Record:
    """Judge one target; returns the result record without explanation sentences.

    Never crashes on extreme numbers and never returns an infinite one: values outside
    ``rules.MAX_ABS`` are refused in ``rules.make_ctx``; a trend that still overflows (say
    1e-300 → 1e15 on a log scale) makes the target insufficient data with reason
    ``out_of_range``; an infinite side figure (a growth needed from almost zero) becomes NaN."""
    try:
        r = _judge(tg, ser, ind, as_of, method, population)
    except (OverflowError, ZeroDivisionError):
        r = _out_of_range(ser, as_of)
    if any(isinstance(r.get(k), float) and math.isinf(r[k]) for k in _CENTRAL):
        r = _out_of_range(ser, as_of)
    for k, v in r.items():
        if isinstance(v, float) and math.isinf(v):
            r[k] = NAN
    return r


def _out_of_range(ser: Series, as_of: int | None) -> Record:
    r = _blank()
    ys = [y for y in ser.years if as_of is None or y <= as_of]
    r.update(
        status="insufficient_data", reason="out_of_range", as_of=as_of if as_of is not None else max(ys, default=None)
    )
    if ys and rules.in_range(ser.values[len(ys) - 1]):
        r.update(latest_year=ys[-1], latest_value=ser.values[len(ys) - 1])
    return r


def _judge(
    tg: TargetRow, ser: Series, ind: IndicatorRow, as_of: int | None, method: str | None, population: float | None
) -> Record:
    r = _blank()
    c = rules.make_ctx(tg, ser, ind, as_of, population)
    if isinstance(c, str):
        r["status"] = c
        r["as_of"] = as_of if as_of is not None else (ser.years[-1] if ser.years else None)
        return r
    r.update(
        as_of=c.as_of,
        series_unit=c.series_unit,
        threshold=c.thr,
        period_start=c.ps,
        base_year=c.base_year,
        base_value=c.base_value,
        side=c.side,
    )
    notes = ["flow = year-on-year change of the stock"] if c.flow_from_stock else []
    if not c.fy:
        r.update(status="insufficient_data", reason="no_flow", method_note="; ".join(notes))
        return r
    yL, vL = c.fy[-1], c.fv[-1]
    r.update(latest_year=yL, latest_value=vL)
    if c.reason:
        r.update(status="insufficient_data", reason=c.reason)
        return r
    used = {yL}
    if c.base_year is not None:
        used.add(c.base_year)
    have = dict(zip(c.fy, c.fv))
    due = c.as_of is not None and c.as_of >= c.T
    known, known_years, missing = NAN, list[int](), list[int]()
    if c.agg == "cumulative":
        known, known_years, missing = rules.cumulative_parts(c)
        used.update(known_years)
        r.update(known_sum=known, known_years=known_years)
    # 1. due and measured
    x_act = NAN
    if due and c.agg == "cumulative" and not missing:
        x_act = known
    elif due and c.agg != "cumulative" and c.T in have:
        x_act = have[c.T]
        used.add(c.T)
    if not math.isnan(x_act):
        r.update(
            status="achieved" if rules.satisfied(c, x_act) else "missed",
            basis="actual",
            method="actual",
            compared_value=rules.q_of(c, x_act),
            actual_x=x_act,
        )
        _finish(r, c, used, notes)
        return r
    r["awaiting_data"] = due
    wx, wy = rules.window(c)
    n = len(wx)
    r.update(n_points=n, window_start=wx[0], prev_year=wx[-2] if n >= 2 else None)
    used.update(wx)
    m, fell_back = rules.choose_method(ind, method, wy, c.flow_from_stock)
    if fell_back:
        notes.append("log-linear impossible with non-positive values; linear used")
    r.update(method=m, fallback=fell_back)
    latest_x = known if c.agg == "cumulative" else vL
    latest_met = rules.satisfied(c, latest_x)
    r["latest_met"] = latest_met
    if c.agg == "cumulative":
        recent = sum(c.fv[-3:]) / len(c.fv[-3:])
        r.update(recent_per_year=recent)
        needed = (c.thr - known) / len(missing) if missing else NAN
        r["required_per_year"] = needed
        if latest_met and c.side * recent >= 0 and not due:
            r.update(status="on_track", early=True, basis="early", compared_value=rules.q_of(c, known))
    else:
        k = c.T - yL
        recent = projection.avg_change(wx[0], wy[0], wx[-1], wy[-1], projection.LINEAR) if n > 1 else NAN
        r.update(
            recent_per_year=recent,
            recent_growth=projection.avg_change(wx[0], wy[0], wx[-1], wy[-1], projection.LOGLINEAR) if n > 1 else NAN,
        )
        if k > 0:
            r.update(
                required_per_year=(c.thr - vL) / k,
                required_growth=projection.avg_change(yL, vL, c.T, c.thr, projection.LOGLINEAR),
            )
        needed = NAN
        if c.agg in ("level", "reduction") and latest_met and not due and n >= 2 and c.side * recent >= 0:
            r.update(status="on_track", early=True, basis="early", compared_value=rules.q_of(c, vL))
    if n < 2 and not r["early"]:
        r.update(status="insufficient_data", reason="few_points")
        _finish(r, c, used, notes)
        return r
    if n >= 2:
        _project(r, c, m, wx, wy, known, missing, needed, recent, latest_met, notes)
    _finish(r, c, used, notes)
    return r


def _project(
    r: Record,
    c: Ctx,
    m: str,
    wx: list[int],
    wy: list[float],
    known: float,
    missing: list[int],
    needed: float,
    recent: float,
    latest_met: bool,
    notes: list[str],
) -> None:
    f = models.fit(m, wx, wy)
    k, df, log = calibrate.factor(m), models.df_of(f), models.on_log(f)
    yL, vL = c.fy[-1], c.fv[-1]
    if c.agg == "cumulative":
        cen, sc = models.predict_sum(f, missing)
        cen += known
        lo, hi = calibrate.bounds(cen, sc, df, False, k)
        p = calibrate.prob(cen, sc, df, False, k, c.thr, c.side)
        flow_T = models.predict(f, c.T)[0]
        note = "cumulative interval: combined variances" + (" (delta method)" if m == projection.LOGLINEAR else "")
        if m == models.DAMPED:
            note = "cumulative interval: yearly errors taken as perfectly correlated (an upper bound)"
        notes.append(note)
    else:
        cen, sc = models.predict(f, c.T)
        lo, hi = calibrate.bounds(cen, sc, df, log, k)
        p = calibrate.prob(cen, sc, df, log, k, c.thr, c.side)
        flow_T = cen
    chk = plausibility.check(wx, wy, flow_T, c.T)
    if chk.flagged:
        p = NAN  # a projection outside the series' own history says nothing about P(meet)
    qs = sorted((rules.q_of(c, lo), rules.q_of(c, hi)))
    r.update(
        projected_value=rules.q_of(c, cen),
        lower_80=qs[0],
        upper_80=qs[1],
        p_meet=p,
        projected_x=cen,
        interval_factor=k if df >= 1 else NAN,
        low_confidence=chk.flagged,
        implied_change=chk.implied_per_year,
        max_change=chk.max_change,
        trend_pace=models.pace(f),
        fitted_latest=models.fitted_latest(f, wx[-1]),
    )
    R, obs, req, pb, pby = rules.pace(c, m, wx, wy, known, needed, recent)
    r.update(pace_ratio=R, pace_observed=obs, pace_required=req, pace_basis=pb, pace_base_year=pby)
    wrong = not latest_met and c.side * recent < 0
    r["wrong_way"] = wrong
    if not r["early"]:
        r["compared_value"] = rules.q_of(c, cen)
        if not math.isnan(p) or not math.isnan(R):
            r.update(status=rules.band(p, R), basis="probability" if not math.isnan(p) else "pace")
        elif latest_met:
            r.update(status="on_track", basis="pace")
        else:
            r.update(status="insufficient_data", reason="no_pace")
        if wrong and r["status"] in ("on_track", "at_risk"):
            r["status"] = "off_track"
    r["whatif_growth"] = _whatif_growth(r, c, known, missing, yL, vL)


def _whatif_growth(r: Record, c: Ctx, known: float, missing: list[int], yL: int, vL: float) -> float:
    """The yearly growth from the latest actual that reproduces the verdict's own path: the
    projection when the status rests on it, else the observed pace (R's numerator) kept up to
    the target year. A what-if started there agrees with the verdict."""
    if r.get("basis") == "pace":
        obs: float = r.get("pace_observed", NAN)
        pb = r.get("pace_basis")
        if pb == "cagr" and c.agg != "cumulative":
            return obs
        if pb == "linear":
            goal = vL + obs * (c.T - yL)
        elif pb == "flow":
            goal = known + obs * len(missing)
        else:
            return NAN
    else:
        goal = r.get("projected_x", NAN)
    if not (vL > 0) or math.isnan(goal):
        return NAN
    if c.agg == "cumulative":
        later = [y for y in missing if y > yL]
        if not later or len(later) != len(missing):
            return NAN
        if len(later) == 1:  # one year left: closed form
            if not goal > known:
                return NAN
            g: float = ((goal - known) / vL) ** (1.0 / (later[0] - yL))  # positive base: a real root
            return g - 1.0
        return _solve(lambda g: known + sum(vL * (1 + g) ** (y - yL) for y in later) - goal)
    k = c.T - yL
    if k <= 0 or not goal > 0:
        return NAN
    ratio: float = (goal / vL) ** (1.0 / k)  # positive base: a real root
    return ratio - 1.0


def _solve(f: Callable[[float], float], lo: float = -0.99, hi: float = 10.0) -> float:
    """The root of an increasing f on [lo, hi] by bisection (NaN when there is none)."""
    if f(hi) < 0 or f(lo) > 0:
        return NAN
    for _ in range(48):  # 11 / 2⁴⁸: far below any growth rate shown
        mid = (lo + hi) / 2
        if f(mid) >= 0:
            hi = mid
        else:
            lo = mid
    return hi


def _finish(r: Record, c: Ctx, used: set[int], notes: list[str]) -> None:
    il = dict(zip(c.fy, c.fil))
    r["uses_illustrative"] = any(il.get(y, False) for y in used)
    cv = r.get("compared_value", NAN)
    if not math.isnan(cv):
        r["margin"] = c.cs * (cv - c.V)
        r["margin_pct"] = r["margin"] / abs(c.V) if c.V else NAN
    r["method_note"] = "; ".join(notes)
