"""OLS trend projection maths (linear and log-linear), in plain Python floats.

Series here are short (≤ 6 points), so plain Python is much faster than numpy per call;
that matters when 30 000 targets are judged at once.

Model: y = ȳ + b (x − x̄) + ε, ε ~ N(0, σ²), fitted by ordinary least squares on the year x
(log-linear: on log y). With n ≥ 3 points the prediction at x₀ has a t distribution with
n − 2 degrees of freedom, centre ŷ(x₀) and scale s·√(1 + 1/n + (x₀ − x̄)²/Sxx); the 80 %
interval is ŷ ± t₀.₉·scale (log-linear: exp of the log-scale interval, so the centre is
the median). With n = 2 there is a line but no residual variance, hence no interval.

A sum of future values (``cumulative`` targets) uses *combined variances*: the errors of the
future years are independent (σ² each) and the parameter uncertainty is carried through
the sum exactly for the linear model; for log-linear the same formula is applied to the
linearised sum (delta method, weights = the projected flows). The sum is then treated as
t(n − 2) with that scale.  Deterministic — no simulation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from scipy.special import stdtr, stdtrit

MAX_POINTS = 6
LINEAR, LOGLINEAR = "linear", "loglinear"
METHODS = (LINEAR, LOGLINEAR)
_T90 = {df: float(stdtrit(df, 0.9)) for df in range(1, 64)}


def t90(df: int) -> float:
    """0.9 quantile of Student's t: the 80 % two-sided interval half-width factor."""
    return _T90[df] if df in _T90 else float(stdtrit(df, 0.9))


class Fit(NamedTuple):
    method: str  # 'linear' | 'loglinear'
    n: int
    xbar: float
    sxx: float
    ybar: float  # mean of y (log y for log-linear)
    b: float  # slope per year (on log scale for log-linear)
    s: float  # residual standard error (NaN when n < 3)


def fit(xs: Sequence[float], ys: Sequence[float], method: str = LINEAR) -> Fit:
    """OLS of ys on xs (≥ 2 distinct xs). ``loglinear`` requires all ys > 0."""
    n = len(xs)
    if method == LOGLINEAR:
        ys = [math.log(y) for y in ys]
    xbar = sum(xs) / n
    ybar = sum(ys) / n
    sxx = 0.0
    sxy = 0.0
    for x, y in zip(xs, ys):
        dx = x - xbar
        sxx += dx * dx
        sxy += dx * (y - ybar)
    b = sxy / sxx if sxx > 0 else 0.0
    s = math.nan
    if n > 2:
        rss = 0.0
        for x, y in zip(xs, ys):
            e = y - ybar - b * (x - xbar)
            rss += e * e
        s = math.sqrt(rss / (n - 2))
    return Fit(method, n, xbar, sxx, ybar, b, s)


def has_interval(f: Fit) -> bool:
    return f.n >= 3


def predict(f: Fit, x0: float) -> tuple[float, float, float, float]:
    """(centre, lower_80, upper_80, scale) at year x0 on the original scale.

    ``scale`` is on the fit scale (log for log-linear); bounds are NaN when n < 3.
    """
    mu = f.ybar + f.b * (x0 - f.xbar)
    if f.n < 3:
        centre = math.exp(mu) if f.method == LOGLINEAR else mu
        return centre, math.nan, math.nan, math.nan
    se = f.s * math.sqrt(1.0 + 1.0 / f.n + (x0 - f.xbar) ** 2 / f.sxx)
    h = t90(f.n - 2) * se
    if f.method == LOGLINEAR:
        return math.exp(mu), math.exp(mu - h), math.exp(mu + h), se
    return mu, mu - h, mu + h, se


def prob_beyond(f: Fit, centre: float, scale: float, threshold: float, side: int, transformed: bool = True) -> float:
    """P(Y·side ≥ threshold·side) under the t(n − 2) predictive distribution.

    ``centre``/``scale`` on the original scale when ``transformed`` is False (sums), else
    ``centre`` is on the original scale and is log-transformed for log-linear fits.
    Returns NaN when n < 3.
    """
    if f.n < 3:
        return math.nan
    if f.method == LOGLINEAR and transformed:
        if threshold <= 0:
            return 1.0 if side > 0 else 0.0
        c, thr = math.log(centre), math.log(threshold)
    else:
        c, thr = centre, threshold
    d = (c - thr) * side
    if not scale > 0:  # perfect fit: the projection is certain
        return 1.0 if d >= 0 else 0.0
    return float(stdtr(f.n - 2, d / scale))


def predict_sum(f: Fit, xs0: Sequence[float]) -> tuple[float, float, float, float]:
    """Sum of the values projected at years xs0: (centre, lower_80, upper_80, scale).

    Combined variance: s²·[Σg² + (Σg)²/n + (Σg(x−x̄))²/Sxx], g = 1 (linear) or the
    projected value (log-linear, delta method).
    """
    if not xs0:
        return 0.0, 0.0, 0.0, 0.0
    mus = [f.ybar + f.b * (x - f.xbar) for x in xs0]
    g = [math.exp(m) for m in mus] if f.method == LOGLINEAR else [1.0] * len(mus)
    centre = sum(g) if f.method == LOGLINEAR else sum(mus)
    if f.n < 3:
        return centre, math.nan, math.nan, math.nan
    sg = sum(g)
    sgx = sum(gi * (x - f.xbar) for gi, x in zip(g, xs0))
    var = f.s**2 * (sum(gi * gi for gi in g) + sg * sg / f.n + sgx * sgx / f.sxx)
    scale = math.sqrt(var)
    h = t90(f.n - 2) * scale
    return centre, centre - h, centre + h, scale


def avg_change(x0: float, y0: float, x1: float, y1: float, method: str) -> float:
    """Average change per year between two points: units (linear) or growth rate (CAGR)."""
    if x1 == x0:
        return math.nan
    if method == LOGLINEAR:
        if y0 > 0 and y1 > 0:
            ratio: float = (y1 / y0) ** (1.0 / (x1 - x0))  # positive base: a real root
            return ratio - 1.0
        return math.nan
    return (y1 - y0) / (x1 - x0)
