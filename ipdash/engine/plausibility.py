"""Plausibility guard (progress-rules §3.3): a projection that implies a change far outside the
series' own history is not trusted.

The implied change is the projection's average change a year from the latest actual to the
target year; the yardstick is the largest yearly change (per year, in absolute value) between
consecutive points of the fitted window. More than ``FACTOR`` times that yardstick is flagged:
the projection is drawn as low confidence and the status falls back to the pace rule (§3.4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

FACTOR = 2.0


class Check(NamedTuple):
    flagged: bool
    implied_per_year: float  # projection − latest actual, per year to the target year
    max_change: float  # largest |yearly change| in the window (per year)


NONE = Check(False, math.nan, math.nan)


def check(xs: Sequence[float], ys: Sequence[float], projected: float, target_year: float) -> Check:
    """Check the projected value of the series at ``target_year`` against the window ``xs``/``ys``
    (the same series, latest point last). Not checked (never flagged) when there is no change
    to compare with or the target year is not after the latest point."""
    if len(xs) < 2 or projected != projected:
        return NONE
    h = target_year - xs[-1]
    if h <= 0:
        return NONE
    biggest = max(abs((ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1])) for i in range(1, len(xs)))
    implied = (projected - ys[-1]) / h
    tol = 1e-9 * max(1.0, abs(ys[-1]))
    return Check(abs(implied) > FACTOR * biggest + tol, implied, biggest)
