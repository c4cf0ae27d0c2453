"""Judging one target (progress-rules.md §3). Internal: use the API in ``ipdash.engine.evaluate``.

Works on a prepared series — sorted unique years with values and an "illustrative" flag —
so that ``evaluate_all`` can group the actuals once and call ``evaluate`` per target cheaply.

Conventions (documented choices where the rules leave room)
- X-space: the quantity the model forecasts — the level (``level``/``reduction``), the flow in
  the target year (``annual``/``growth``) or the sum of flows (``cumulative``). Targets are
  turned into a threshold X* and a good side (+1: X ≥ X*, −1: X ≤ X*). ``ge``/``gt``/``le``
  are literal; ``approx`` takes the indicator's direction with a 2 % tolerance
  (growth: on the rate; other aggregations: on X*). ``reduction`` is always lower-is-better.
- A ``stock`` indicator under ``annual``/``cumulative``/``growth`` uses its year-on-year
  change as the flow (only between consecutive years).
- The pace ratio R follows the method: linear → average change per year, log-linear →
  CAGR (the Eurostat rule); ``growth`` always CAGR, ``cumulative`` recent flow / needed flow.
- Moving the wrong way: the target is not yet met at the latest actual and the average
  change over the projection window points away from it → off track.
- Due without the target-year actual: projected like a not-yet-due target from the data
  there is, flagged ``awaiting_data`` ("目标年数据尚未公布"), never achieved/missed.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ipdash.engine import projection as pj

AGGREGATIONS = ("level", "annual", "cumulative", "growth", "reduction")
COMPARATORS = ("ge", "gt", "approx", "le")
FLOW_AGGS = ("annual", "cumulative", "growth")
APPROX_TOL = 0.02
P_ON, P_OFF = 0.8, 0.2  # this project's own cut-offs (rules §3.5)
R_ON, R_OFF = 0.95, 0.6  # Eurostat bands
NAN = math.nan


class Series(NamedTuple):
    years: list  # sorted unique ints
    values: list  # floats
    illus: list  # bools: value is illustrative


EMPTY = Series([], [], [])


def num(x) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return NAN
    return v


def year(x):
    v = num(x)
    return None if math.isnan(v) else int(v)


def default_method(ind: dict) -> str:
    """Log-linear for counts and money, linear for percent / per-capita / duration / ratios."""
    if ind.get("measure") in ("count", "money") and ind.get("kind") != "ratio":
        return pj.LOGLINEAR
    return pj.LINEAR


class Ctx(NamedTuple):
    agg: str
    T: int
    V: float
    cs: int  # good side in target units (+1 higher, −1 lower)
    side: int  # good side in X-space
    thr: float  # X*
    strict: bool
    ps: int | None  # period start (cumulative: first summed year)
    base_year: int | None
    base_value: float
    fy: list  # relevant series years (≤ as_of)
    fv: list
    fil: list
    as_of: int | None
    series_unit: str
    flow_from_stock: bool
    reason: str  # '' or why no comparison is possible


def q_of(c: Ctx, x: float) -> float:
    """X-space quantity → target units (identity; CAGR % for growth; cut % for reduction)."""
    if math.isnan(x):
        return NAN
    if c.agg == "growth":
        k = c.T - c.base_year
        if not c.base_value > 0 or k <= 0:
            return NAN
        if x <= 0:  # a flow at or below zero: the rate bottoms out at −100 %
            return -100.0
        return ((x / c.base_value) ** (1.0 / k) - 1.0) * 100.0
    if c.agg == "reduction":
        return (1.0 - x / c.base_value) * 100.0 if c.base_value else NAN
    return x


def satisfied(c: Ctx, x: float) -> bool:
    if math.isnan(x) or math.isnan(c.thr):
        return False
    d = c.side * (x - c.thr)
    eps = 1e-9 * max(1.0, abs(c.thr))
    return d > eps if c.strict else d >= -eps


def make_ctx(tg: dict, ser: Series, ind: dict, as_of=None, population=None) -> Ctx | str:
    """Build the comparison context, or return a status string when none is possible."""
    agg, cmp_ = tg.get("aggregation"), tg.get("comparator")
    V, T = num(tg.get("value")), year(tg.get("target_year"))
    if agg not in AGGREGATIONS or cmp_ not in COMPARATORS or math.isnan(V) or T is None:
        return "no_target"
    ys, vs, il = ser
    if as_of is None and ys:
        as_of = ys[-1]
    if as_of is not None and ys and ys[-1] > as_of:
        k = sum(1 for y in ys if y <= as_of)
        ys, vs, il = ys[:k], vs[:k], il[:k]
    if not ys:
        return "no_data"
    unit = ind.get("unit") or tg.get("unit") or ""
    tunit = str(tg.get("unit") or "")
    if population and population > 0 and tunit.endswith("/万人") and not unit.endswith("/万人"):
        vs = [v / (population / 1e4) for v in vs]
        unit = tunit
    ffs = agg in FLOW_AGGS and ind.get("kind") == "stock"
    if ffs:
        fy, fv, fil = [], [], []
        for i in range(1, len(ys)):
            if ys[i] == ys[i - 1] + 1:
                fy.append(ys[i])
                fv.append(vs[i] - vs[i - 1])
                fil.append(il[i] or il[i - 1])
        ys, vs, il = fy, fv, fil
    ps = year(tg.get("period_start"))
    by = year(tg.get("baseline_year"))
    direction = -1 if ind.get("direction") == "lower" else 1
    cs = {"ge": 1, "gt": 1, "le": -1}.get(cmp_, direction)
    strict = cmp_ == "gt"
    tol = APPROX_TOL if cmp_ == "approx" else 0.0
    base_year, base_value, reason = None, NAN, ""
    side, thr = cs, V - cs * tol * abs(V)
    if agg == "cumulative" and ps is None:
        ps = by + 1 if by is not None else (ys[0] if ys else T)
    if agg in ("growth", "reduction"):
        base_year = by if by is not None else (ps - 1 if ps is not None else None)
        base_value = num(tg.get("baseline_value"))
        if math.isnan(base_value) and base_year is not None and base_year in ys:
            base_value = vs[ys.index(base_year)]
        if base_year is None or math.isnan(base_value) or base_year >= T:
            reason = "no_baseline"
        elif agg == "growth":
            g = thr / 100.0
            if base_value > 0 and 1 + g > 0:
                thr = base_value * (1 + g) ** (T - base_year)
            else:
                reason = "no_baseline"
        else:  # reduction: level ≤ baseline·(1 − V%), tolerance on that level (rules §1)
            side = -cs
            nominal = base_value * (1.0 - V / 100.0)
            thr = nominal - side * tol * abs(nominal)
    if agg == "cumulative" and ps > T:
        reason = "bad_period"
    return Ctx(agg, T, V, cs, side, thr, strict, ps, base_year, base_value, ys, vs, il, as_of, unit, ffs, reason)


def choose_method(ind: dict, method: str | None, values) -> tuple[str, bool]:
    """(method used, fell back from log-linear because of non-positive values)."""
    m = method or default_method(ind)
    if m not in pj.METHODS:
        raise ValueError(f"unknown method {m!r}; expected one of {pj.METHODS}")
    if m == pj.LOGLINEAR and any(v <= 0 for v in values):
        return pj.LINEAR, True
    return m, False


def window(c: Ctx) -> tuple[list, list]:
    return c.fy[-pj.MAX_POINTS :], c.fv[-pj.MAX_POINTS :]


def cumulative_parts(c: Ctx) -> tuple[float, list, list]:
    """(known sum, years with actuals summed, years still to be projected) for cumulative."""
    have = dict(zip(c.fy, c.fv))
    known_years = [y for y in c.fy if c.ps <= y <= c.T]
    missing = [y for y in range(c.ps, c.T + 1) if y not in have]
    return sum(have[y] for y in known_years), known_years, missing


def pace(c: Ctx, m: str, wx: list, wy: list, known: float, needed: float, recent: float):
    """Pace ratio R (rules §3.4) → (R, observed, required, basis, base year)."""
    yL, vL = c.fy[-1], c.fv[-1]
    if c.agg == "cumulative":
        # in good-direction terms (z = side·x): still short → recent ÷ needed; slack left but
        # moving the bad way (e.g. a cap on positive flows) → allowance ÷ recent consumption
        rz, nz = c.side * recent, c.side * needed
        if nz > 0:
            return rz / nz, recent, needed, "flow", None
        if rz < 0:
            return nz / rz, recent, needed, "flow", None
        return NAN, recent, needed, "flow", None
    if c.agg == "growth":
        g = c.V / 100.0
        obs = pj.avg_change(c.base_year, c.base_value, yL, vL, pj.LOGLINEAR)
        if yL > c.base_year and g * c.cs > 0 and not math.isnan(obs):
            return obs / g, obs, g, "cagr", c.base_year
        return NAN, obs, g, "cagr", c.base_year
    b0 = c.ps - 1 if c.ps is not None else c.base_year
    cand = [(y, v) for y, v in zip(c.fy, c.fv) if b0 is None or y >= b0]
    if b0 is None:
        cand = list(zip(wx, wy))
    if not cand or cand[0][0] >= yL or cand[0][0] >= c.T:
        return NAN, NAN, NAN, "", None
    yb, vb = cand[0]
    pm = m if (m == pj.LINEAR or (vb > 0 and vL > 0 and c.thr > 0)) else pj.LINEAR
    obs = pj.avg_change(yb, vb, yL, vL, pm)
    req = pj.avg_change(yb, vb, c.T, c.thr, pm)
    basis = "cagr" if pm == pj.LOGLINEAR else "linear"
    if req * c.side > 0:
        return obs / req, obs, req, basis, yb
    return NAN, obs, req, basis, yb


def band(p: float, r: float) -> str:
    if not math.isnan(p):
        return "on_track" if p >= P_ON else ("at_risk" if p >= P_OFF else "off_track")
    return "on_track" if r >= R_ON else ("at_risk" if r >= R_OFF else "off_track")


def judge(tg: dict, ser: Series, ind: dict, as_of=None, method=None, population=None) -> dict:
    """Judge one target; returns the result record without explanation sentences."""
    r = {
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
    }
    c = make_ctx(tg, ser, ind, as_of, population)
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
    due = c.as_of >= c.T
    known, known_years, missing = NAN, [], []
    if c.agg == "cumulative":
        known, known_years, missing = cumulative_parts(c)
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
            status="achieved" if satisfied(c, x_act) else "missed",
            basis="actual",
            method="actual",
            compared_value=q_of(c, x_act),
            actual_x=x_act,
        )
        _finish(r, c, used, notes)
        return r
    r["awaiting_data"] = due
    wx, wy = window(c)
    n = len(wx)
    r.update(n_points=n, window_start=wx[0])
    used.update(wx)
    m, fell_back = choose_method(ind, method, wy)
    if fell_back:
        notes.append("log-linear impossible with non-positive values; linear used")
    r.update(method=m, fallback=fell_back)
    latest_x = known if c.agg == "cumulative" else vL
    latest_met = satisfied(c, latest_x)
    r["latest_met"] = latest_met
    if c.agg == "cumulative":
        recent = sum(c.fv[-3:]) / len(c.fv[-3:])
        r.update(recent_per_year=recent)
        needed = (c.thr - known) / len(missing) if missing else NAN
        r["required_per_year"] = needed
        if latest_met and c.side * recent >= 0 and not due:
            r.update(status="on_track", early=True, basis="early", compared_value=q_of(c, known))
    else:
        k = c.T - yL
        recent = pj.avg_change(wx[0], wy[0], wx[-1], wy[-1], pj.LINEAR) if n > 1 else NAN
        r.update(
            recent_per_year=recent,
            recent_growth=pj.avg_change(wx[0], wy[0], wx[-1], wy[-1], pj.LOGLINEAR) if n > 1 else NAN,
        )
        if k > 0:
            r.update(
                required_per_year=(c.thr - vL) / k, required_growth=pj.avg_change(yL, vL, c.T, c.thr, pj.LOGLINEAR)
            )
        needed = NAN
        if c.agg in ("level", "reduction") and latest_met and not due and n >= 2 and c.side * recent >= 0:
            r.update(status="on_track", early=True, basis="early", compared_value=q_of(c, vL))
    if n < 2 and not r["early"]:
        r.update(status="insufficient_data", reason="few_points")
        _finish(r, c, used, notes)
        return r
    if n >= 2:
        f = pj.fit(wx, wy, m)
        if c.agg == "cumulative":
            cen, lo, hi, sc = pj.predict_sum(f, missing)
            cen, lo, hi = known + cen, known + lo, known + hi
            p = pj.prob_beyond(f, cen, sc, c.thr, c.side, transformed=False)
            notes.append("cumulative interval: combined variances" + (" (delta method)" if m == pj.LOGLINEAR else ""))
        else:
            cen, lo, hi, sc = pj.predict(f, c.T)
            p = pj.prob_beyond(f, cen, sc, c.thr, c.side)
        qs = sorted((q_of(c, lo), q_of(c, hi)))
        r.update(projected_value=q_of(c, cen), lower_80=qs[0], upper_80=qs[1], p_meet=p, projected_x=cen)
        R, obs, req, pb, pby = pace(c, m, wx, wy, known, needed, recent)
        r.update(pace_ratio=R, pace_observed=obs, pace_required=req, pace_basis=pb, pace_base_year=pby)
        if c.agg == "cumulative":
            wrong = not latest_met and c.side * recent < 0
        else:
            wrong = not latest_met and c.side * recent < 0
        r["wrong_way"] = wrong
        if not r["early"]:
            r["compared_value"] = q_of(c, cen)
            if not math.isnan(p) or not math.isnan(R):
                r.update(status=band(p, R), basis="probability" if not math.isnan(p) else "pace")
            elif latest_met:
                r.update(status="on_track", basis="pace")
            else:
                r.update(status="insufficient_data", reason="no_pace")
            if wrong and r["status"] in ("on_track", "at_risk"):
                r["status"] = "off_track"
    _finish(r, c, used, notes)
    return r


def _finish(r: dict, c: Ctx, used: set, notes: list) -> None:
    il = dict(zip(c.fy, c.fil))
    r["uses_illustrative"] = any(il.get(y, False) for y in used)
    cv = r.get("compared_value", NAN)
    if not math.isnan(cv):
        r["margin"] = c.cs * (cv - c.V)
        r["margin_pct"] = r["margin"] / abs(c.V) if c.V else NAN
    r["method_note"] = "; ".join(notes)
