"""Calibrated 80 % intervals and P(meet) (progress-rules §3.3, "intervals are calibrated").

Each method's model interval is centre ± t₀.₉(n − 2)·scale (log scale for log-linear). The
rolling-origin hindcast on the real series (``ipdash.engine.backtest``) measures, for every
forecast with an interval, the score |actual − centre| ÷ (t₀.₉·scale); the split-conformal
quantile of those scores — the ⌈0.8·(m + 1)⌉-th smallest of m — is the method's factor k, kept
in ``ipdash.engine.evidence``. The stated interval is centre ± k·t₀.₉·scale, so it held at least
80 % of the hindcast outcomes, and P(meet) is read from the same t(n − 2) with scale k·scale, so
the interval and the probability always agree. k > 1 widens an interval that was too narrow on
real data, k < 1 narrows one that was too wide. No method or series is tuned by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy.special import stdtr

from ipdash.engine import evidence, projection

LEVEL = 0.8
EPS = 1e-12  # a scale below EPS × |centre| is rounding noise of a perfect fit
MIN_SCORES = 5  # fewer hindcast intervals than this: no calibration (k = 1), said in the evidence table


def factor(method: str) -> float:
    """The calibration factor k of ``method`` (1.0 when the evidence has none)."""
    return float(evidence.CALIBRATION.get(method, 1.0))


def conformal_quantile(scores: Sequence[float], level: float = LEVEL) -> float:
    """Split-conformal quantile: the ⌈level·(m + 1)⌉-th smallest of m scores (the largest when
    that rank exceeds m). NaN when there are fewer than ``MIN_SCORES`` scores."""
    s = sorted(x for x in scores if x == x)
    m = len(s)
    if m < MIN_SCORES:
        return math.nan
    rank = math.ceil(level * (m + 1))
    return s[min(rank, m) - 1]


def bounds(centre: float, scale: float, df: int, log: bool, k: float) -> tuple[float, float]:
    """The calibrated 80 % interval on the original scale (NaN without an interval)."""
    if df < 1 or scale != scale:
        return math.nan, math.nan
    h = k * projection.t90(df) * scale
    if log:
        if not centre > 0:
            return math.nan, math.nan
        return centre * math.exp(-h), centre * math.exp(h)
    return centre - h, centre + h


def prob(centre: float, scale: float, df: int, log: bool, k: float, threshold: float, side: int) -> float:
    """P(X·side ≥ threshold·side) under t(df) with centre and scale k·scale (log scale when
    ``log``). NaN without an interval; a perfect fit (scale 0) gives 0 or 1."""
    if df < 1 or scale != scale:
        return math.nan
    if log:
        if threshold <= 0:
            return 1.0 if side > 0 else 0.0
        if not centre > 0:
            return 0.0 if side > 0 else 1.0
        d = (math.log(centre) - math.log(threshold)) * side
    else:
        d = (centre - threshold) * side
    s = k * scale
    if not s > EPS * (1.0 if log else max(1.0, abs(centre))):  # a perfect fit (up to rounding noise)
        return 1.0 if d >= 0 else 0.0
    return float(stdtr(df, d / s))


def score(actual: float, centre: float, scale: float, df: int, log: bool) -> float:
    """The hindcast's nonconformity score |actual − centre| ÷ (t₀.₉·scale); NaN without an interval."""
    if df < 1 or scale != scale:
        return math.nan
    if not scale > 0:  # a perfect fit: right or infinitely wrong
        return 0.0 if actual == centre else math.inf
    if log:
        if not (actual > 0 and centre > 0):
            return math.nan
        return abs(math.log(actual) - math.log(centre)) / (projection.t90(df) * scale)
    return abs(actual - centre) / (projection.t90(df) * scale)
