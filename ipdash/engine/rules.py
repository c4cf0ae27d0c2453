"""The rules' building blocks (progress-rules.md §1, §3): the comparison context of a target,
thresholds, the default method, the pace ratio and the status bands. ``ipdash.engine.judge``
judges one target with them; use the API in ``ipdash.engine.evaluate``.

Works on a prepared series — sorted unique years with values and an "illustrative" flag —
so that ``evaluate_all`` can group the actuals once and judge each target cheaply.

Conventions (documented choices where the rules leave room)
- X-space: the quantity the model forecasts — the level (``level``/``reduction``), the flow in
  the target year (``annual``/``growth``) or the sum of flows (``cumulative``). Targets are
  turned into a threshold X* and a good side (+1: X ≥ X*, −1: X ≤ X*). ``ge``/``gt``/``le``
  are literal; ``approx`` takes the indicator's direction with a 2 % tolerance
  (growth: on the rate; other aggregations: on X*). ``reduction`` is always lower-is-better.
- A ``stock`` indicator under ``annual``/``cumulative``/``growth`` uses its year-on-year
  change as the flow (only between consecutive years).
- The pace ratio R follows the method: log-linear → CAGR (the Eurostat rule), every other
  method → average change per year; ``growth`` always CAGR, ``cumulative`` recent flow /
  needed flow.
- Default method: the one the hindcast picks for the indicator kind (``ipdash.engine.evidence``);
  a stock judged on its yearly change is projected as a flow.
- Moving the wrong way: the target is not yet met at the latest actual and the average
  change over the projection window points away from it → off track.
- Due without the target-year actual: projected like a not-yet-due target from the data
  there is, flagged ``awaiting_data`` ("目标年数据尚未公布"), never achieved/missed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple, TypedDict, cast

from ipdash.engine import evidence, models, projection
from ipdash.strings.units import PER_10K

AGGREGATIONS = ("level", "annual", "cumulative", "growth", "reduction")
COMPARATORS = ("ge", "gt", "approx", "le")
FLOW_AGGS = ("annual", "cumulative", "growth")
APPROX_TOL = 0.02
P_ON, P_OFF = 0.8, 0.2  # this project's own cut-offs (rules §3.5)
R_ON, R_OFF = 0.95, 0.6  # Eurostat bands
NAN = math.nan


class TargetRow(TypedDict, total=False):
    """A target as the engine reads it: one row of the targets table. Numbers are read as stored
    (an int or a float; None or NaN when missing) and go through ``num``/``year``."""

    target_id: str
    area: str
    indicator: str
    aggregation: str
    comparator: str
    value: float | None
    unit: str
    target_year: float | None
    period_start: float | None
    baseline_year: float | None
    baseline_value: float | None
    theme: str
    doc_id: str


class IndicatorRow(TypedDict, total=False):
    """An indicator as the engine reads it: one row of the indicators table."""

    code: str
    kind: str
    unit: str
    direction: str


def as_target(row: Mapping[str, object]) -> TargetRow:
    """A stored target row (a mapping of column → cell) as the engine reads it: a copy, the
    cells as they are (the rules convert them with ``num``/``year``)."""
    return cast(TargetRow, dict(row))


def as_indicator(row: Mapping[str, object] | None) -> IndicatorRow:
    """A stored indicator row (or None: no indicator) as the engine reads it: a copy."""
    return cast(IndicatorRow, dict(row or {}))


class Series(NamedTuple):
    years: list[int]  # sorted unique
    values: list[float]
    illus: list[bool]  # value is illustrative


EMPTY = Series([], [], [])


MAX_ABS = 1e15  # beyond any figure an IP plan counts (1e15 元 = 1 000 万亿元); past it the maths may overflow


def in_range(x: float) -> bool:
    """A number the engine computes with: finite and at most ``MAX_ABS`` in size."""
    return math.isfinite(x) and abs(x) <= MAX_ABS


def num(x: object) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]  # any cell; what float() refuses is NaN
    except (TypeError, ValueError):
        return NAN
    return v


def year(x: object) -> int | None:
    v = num(x)
    return int(v) if math.isfinite(v) and 1 <= v <= 9999 else None


def series_kind(ind: IndicatorRow, flow_from_stock: bool = False) -> str:
    """The kind of the series a target projects: a stock judged on its yearly change is a flow."""
    return "flow" if flow_from_stock else str(ind.get("kind") or "")


def default_method(ind: IndicatorRow, flow_from_stock: bool = False) -> str:
    """The method the hindcast evidence picks for the indicator's kind (``ipdash.engine.evidence``;
    the pooled winner for a kind without enough evidence). Not chosen by hand."""
    return evidence.DEFAULT_METHOD.get(series_kind(ind, flow_from_stock), evidence.POOLED_DEFAULT)


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
    fy: list[int]  # relevant series years (≤ as_of)
    fv: list[float]
    fil: list[bool]
    as_of: int | None
    series_unit: str
    flow_from_stock: bool
    reason: str  # '' or why no comparison is possible


def q_of(c: Ctx, x: float) -> float:
    """X-space quantity → target units (identity; CAGR % for growth; cut % for reduction)."""
    if math.isnan(x):
        return NAN
    if c.agg == "growth":
        if c.base_year is None:
            return NAN
        k = c.T - c.base_year
        if not c.base_value > 0 or k <= 0:
            return NAN
        if x <= 0:  # a flow at or below zero: the rate bottoms out at −100 %
            return -100.0
        ratio: float = (x / c.base_value) ** (1.0 / k)  # both positive: a real root
        return (ratio - 1.0) * 100.0
    if c.agg == "reduction":
        return (1.0 - x / c.base_value) * 100.0 if c.base_value else NAN
    return x


def satisfied(c: Ctx, x: float) -> bool:
    if math.isnan(x) or math.isnan(c.thr):
        return False
    d = c.side * (x - c.thr)
    eps = 1e-9 * max(1.0, abs(c.thr))
    return d > eps if c.strict else d >= -eps


def make_ctx(
    tg: TargetRow, ser: Series, ind: IndicatorRow, as_of: int | None = None, population: float | None = None
) -> Ctx | str:
    """Build the comparison context, or return a status string when none is possible."""
    agg, cmp_ = tg.get("aggregation"), tg.get("comparator")
    V, T = num(tg.get("value")), year(tg.get("target_year"))
    if agg not in AGGREGATIONS or cmp_ not in COMPARATORS or not in_range(V) or T is None:
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
    if population and population > 0 and tunit.endswith(PER_10K) and not unit.endswith(PER_10K):
        vs = [v / (population / 1e4) for v in vs]
        unit = tunit
    wild = not all(in_range(v) for v in vs)  # judged as insufficient data, never computed with
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
        base_value = base_value if in_range(base_value) else NAN
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
    if agg == "cumulative" and ps is not None and ps > T:
        reason = "bad_period"
    if wild:
        reason = "out_of_range"
    return Ctx(agg, T, V, cs, side, thr, strict, ps, base_year, base_value, ys, vs, il, as_of, unit, ffs, reason)


def choose_method(
    ind: IndicatorRow, method: str | None, values: list[float], flow_from_stock: bool = False
) -> tuple[str, bool]:
    """(method used, fell back from log-linear because of non-positive values)."""
    m = method or default_method(ind, flow_from_stock)
    if m not in models.METHODS:
        raise ValueError(f"unknown method {m!r}; expected one of {models.METHODS}")
    if m == projection.LOGLINEAR and any(v <= 0 for v in values):
        return projection.LINEAR, True
    return m, False


def window(c: Ctx) -> tuple[list[int], list[float]]:
    return c.fy[-projection.MAX_POINTS :], c.fv[-projection.MAX_POINTS :]


def cumulative_parts(c: Ctx) -> tuple[float, list[int], list[int]]:
    """(known sum, years with actuals summed, years still to be projected) for cumulative."""
    have = dict(zip(c.fy, c.fv))
    ps = c.ps if c.ps is not None else c.T
    known_years = [y for y in c.fy if ps <= y <= c.T]
    missing = [y for y in range(ps, c.T + 1) if y not in have]
    return sum(have[y] for y in known_years), known_years, missing


def pace(
    c: Ctx, m: str, wx: list[int], wy: list[float], known: float, needed: float, recent: float
) -> tuple[float, float, float, str, int | None]:
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
        if c.base_year is None:
            return NAN, NAN, g, "cagr", None
        obs = projection.avg_change(c.base_year, c.base_value, yL, vL, projection.LOGLINEAR)
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
    pm = projection.LOGLINEAR if (m == projection.LOGLINEAR and vb > 0 and vL > 0 and c.thr > 0) else projection.LINEAR
    obs = projection.avg_change(yb, vb, yL, vL, pm)
    req = projection.avg_change(yb, vb, c.T, c.thr, pm)
    basis = "cagr" if pm == projection.LOGLINEAR else "linear"
    if req * c.side > 0:
        return obs / req, obs, req, basis, yb
    return NAN, obs, req, basis, yb


def band(p: float, r: float) -> str:
    if not math.isnan(p):
        return "on_track" if p >= P_ON else ("at_risk" if p >= P_OFF else "off_track")
    return "on_track" if r >= R_ON else ("at_risk" if r >= R_OFF else "off_track")
