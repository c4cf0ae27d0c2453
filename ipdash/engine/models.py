"""The candidate projection methods, one interface (progress-rules §3.3).

``linear`` and ``loglinear`` are the OLS trends of ``ipdash.engine.projection``. Two more:

- ``damped`` — Holt's linear trend with a damped trend (Gardner & McKenzie), the additive
  ETS(A,Ad,N) recursions of statsmodels' ``Holt(damped_trend=True)``:
  ``ℓₜ = α yₜ + (1 − α)(ℓₜ₋₁ + φ bₜ₋₁)``, ``bₜ = β (ℓₜ − ℓₜ₋₁) + (1 − β) φ bₜ₋₁`` and the forecast
  ``ℓₙ + (φ + … + φʰ) bₙ``. On ≤ 6 yearly points an optimiser has little to work with, so the
  state starts from an OLS line through the first ≤ 4 points (one year before the first) and
  (α, β, φ) is the point of a fixed grid with the least sum of squared one-step errors over
  every point. A missing year is stepped through without an update (the state-space way).
  Scale: s² = SSE / max(n − 2, 1) and the ETS(A,Ad,N) h-step variance
  s²·(1 + Σⱼ₌₁..ₕ₋₁ cⱼ²), cⱼ = α(1 + βφ(1 − φʲ)/(1 − φ)).
- ``last_change`` — last value plus recent change: ``yₙ + h·d`` with d the last yearly change
  (per year). Scale: the spread s of the yearly changes in the window, as for a random walk
  whose drift is one observed change: s·√(h + h²).

Every method returns its centre on the original scale and a *scale* (standard error of the
forecast on the fit scale: log for log-linear) with t(n − 2) degrees of freedom; the scale is
NaN with fewer than 3 points (no interval then, rules §3.3). ``ipdash.engine.calibrate`` turns
scale into a calibrated interval and P(meet). Plain Python floats: 30 000 targets are judged at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from ipdash.engine import projection

LINEAR, LOGLINEAR, DAMPED, LAST_CHANGE = "linear", "loglinear", "damped", "last_change"
METHODS = (LINEAR, LOGLINEAR, DAMPED, LAST_CHANGE)
ANCHORED = (DAMPED, LAST_CHANGE)  # start from the latest actual (or its smoothed level)
NAN = math.nan
# (α, β, φ) grid of the damped trend, in order: ties keep the first
GRID = tuple((a, b, p) for p in (0.98, 0.9, 0.8) for a in (1.0, 0.75, 0.5, 0.25) for b in (0.1, 0.3, 0.6))


class Damped(NamedTuple):
    n: int
    x_last: int
    level: float
    trend: float
    alpha: float
    beta: float
    phi: float
    s: float  # residual standard error (NaN when n < 3)


class LastChange(NamedTuple):
    n: int
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    d: float  # last yearly change, per year
    s: float  # spread of the yearly changes (NaN when n < 3)


Fitted = projection.Fit | Damped | LastChange


def fit(method: str, xs: Sequence[float], ys: Sequence[float]) -> Fitted:
    """Fit ``method`` to ≥ 2 points with distinct, increasing years."""
    if method in (LINEAR, LOGLINEAR):
        return projection.fit(xs, ys, method)
    if method == DAMPED:
        return _fit_damped([int(x) for x in xs], [float(y) for y in ys])
    if method == LAST_CHANGE:
        return _fit_last_change(list(xs), [float(y) for y in ys])
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


def method_of(f: Fitted) -> str:
    if isinstance(f, Damped):
        return DAMPED
    if isinstance(f, LastChange):
        return LAST_CHANGE
    return f.method


def n_of(f: Fitted) -> int:
    return f.n


def on_log(f: Fitted) -> bool:
    """True when the scale is on log y (log-linear)."""
    return isinstance(f, projection.Fit) and f.method == LOGLINEAR


def df_of(f: Fitted) -> int:
    """Degrees of freedom of the t predictive distribution (0 = no interval)."""
    return f.n - 2 if f.n >= 3 else 0


def predict(f: Fitted, x0: float) -> tuple[float, float]:
    """(centre on the original scale, scale on the fit scale) of the value at year ``x0``."""
    if isinstance(f, projection.Fit):
        cen, _, _, sc = projection.predict(f, x0)
        return cen, sc
    if isinstance(f, Damped):
        k = round(x0) - f.x_last
        return _damped_centre(f, k), _damped_se(f, k)
    h = x0 - f.xs[-1]
    if h <= 0:  # a gap year inside the window: between its neighbours, known as well as they are
        return _interpolate(f.xs, f.ys, x0), 0.0 if f.n >= 3 else NAN
    return f.ys[-1] + h * f.d, f.s * math.sqrt(h + h * h) if f.n >= 3 else NAN


def predict_sum(f: Fitted, xs0: Sequence[float]) -> tuple[float, float]:
    """(centre, scale) of the sum of the values at years ``xs0``, both on the original scale.

    OLS: combined variances (``projection.predict_sum``). Last value plus change: the exact
    variance of a random walk with one observed change as drift, σ²·[ΣᵢΣⱼ min(hᵢ, hⱼ) + (Σh)²].
    Damped trend: the errors of the years are taken as perfectly correlated, (Σ seₕ)² — an
    upper bound, said so in the method note."""
    if not xs0:
        return 0.0, 0.0
    if isinstance(f, projection.Fit):
        cen, _, _, sc = projection.predict_sum(f, xs0)
        return cen, sc
    parts = [predict(f, x) for x in xs0]
    centre = sum(c for c, _ in parts)
    if f.n < 3:
        return centre, NAN
    if isinstance(f, Damped):
        return centre, sum(s for _, s in parts)
    hs = [x - f.xs[-1] for x in xs0 if x > f.xs[-1]]
    var = sum(min(a, b) for a in hs for b in hs) + sum(hs) ** 2
    return centre, f.s * math.sqrt(var)


def fitted_latest(f: Fitted, x_last: float) -> float:
    """The model's own value at the latest fitted year ``x_last`` (original scale): where the
    projection starts from. Anchored methods start at (or near) the latest actual; a trend line
    need not — which is why a projection can land short of a pace the actuals keep."""
    if isinstance(f, projection.Fit):
        mu = f.ybar + f.b * (x_last - f.xbar)
        return math.exp(mu) if f.method == LOGLINEAR else mu
    if isinstance(f, Damped):
        return f.level
    return f.ys[-1]


def pace(f: Fitted) -> float:
    """The method's observed pace: change a year (growth rate for log-linear)."""
    if isinstance(f, projection.Fit):
        return math.exp(f.b) - 1.0 if f.method == LOGLINEAR else f.b
    if isinstance(f, Damped):
        return f.trend
    return f.d


# ------------------------------------------------------------------ damped trend (Holt)
def _init_state(xs: list[int], ys: list[float]) -> tuple[float, float]:
    k = min(len(xs), 4)
    f = projection.fit(xs[:k], ys[:k], LINEAR)
    first = f.ybar + f.b * (xs[0] - f.xbar)
    return first - f.b, f.b  # state one year before the first point


def _run(
    xs: list[int], ys: list[float], a: float, b: float, p: float, l0: float, b0: float
) -> tuple[float, float, float]:
    lv, tr, x, sse = l0, b0, xs[0] - 1, 0.0
    for xi, yi in zip(xs, ys):
        while x < xi - 1:  # a missing year: step the state on without an update
            lv, tr, x = lv + p * tr, p * tr, x + 1
        e = yi - (lv + p * tr)
        sse += e * e
        new = a * yi + (1.0 - a) * (lv + p * tr)
        tr = b * (new - lv) + (1.0 - b) * p * tr
        lv, x = new, xi
    return lv, tr, sse


def _fit_damped(xs: list[int], ys: list[float]) -> Damped:
    l0, b0 = _init_state(xs, ys)
    best = None
    for a, b, p in GRID:
        lv, tr, sse = _run(xs, ys, a, b, p, l0, b0)
        if best is None or sse < best[0] * (1 - 1e-12) - 1e-300:
            best = (sse, a, b, p, lv, tr)
    assert best is not None
    sse, a, b, p, lv, tr = best
    n = len(xs)
    s = math.sqrt(sse / max(n - 2, 1)) if n >= 3 else NAN
    return Damped(n, xs[-1], lv, tr, a, b, p, s)


def _damped_centre(f: Damped, h: int) -> float:
    if h <= 0:
        return f.level
    return f.level + f.trend * sum(f.phi**i for i in range(1, h + 1))


def _damped_se(f: Damped, h: int) -> float:
    if f.n < 3:
        return NAN
    c2 = 0.0
    for j in range(1, max(h, 1)):
        damp = f.phi * (1 - f.phi**j) / (1 - f.phi) if f.phi < 1 else j
        c2 += (f.alpha * (1 + f.beta * damp)) ** 2
    return f.s * math.sqrt(1.0 + c2)


# ------------------------------------------------------------------ last value plus recent change
def _fit_last_change(xs: list[float], ys: list[float]) -> LastChange:
    changes = [(ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]) for i in range(1, len(xs))]
    d = changes[-1]
    s = NAN
    if len(changes) >= 2:
        m = sum(changes) / len(changes)
        s = math.sqrt(sum((c - m) ** 2 for c in changes) / (len(changes) - 1))
    return LastChange(len(xs), tuple(xs), tuple(ys), d, s)


def _interpolate(xs: Sequence[float], ys: Sequence[float], x0: float) -> float:
    for i in range(1, len(xs)):
        if xs[i - 1] <= x0 <= xs[i]:
            w = (x0 - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + w * (ys[i] - ys[i - 1])
    return ys[0] if x0 < xs[0] else ys[-1]
