"""Plausibility ranges per indicator × area, derived from the catalog (measure, unit, population).

A value outside its range is an **error**, not a warning: a unit lost on the way (万件 read as
件, 万元 as 亿元) moves a value by a factor of 10 000, and an indicator without history would
otherwise have nothing to stop it. The ranges are generous — far above the largest real figure
we know, because registrations follow firms, not residents, and a business district registers
much more per resident than its city — so that a real value never hits them; they are derived,
not typed per indicator:

- ``count`` (件, 家, 项): 0 … population × 20 per resident, and a whole number. Shanghai holds
  about 0.1 registered trademark and 0.01 invention patent per resident; a fraction of a 件
  means a lost 万.
- ``money`` (亿元, 万元, 元): 0 … population × CNY 10 000 000 per resident. Shanghai's GDP is about
  CNY 190 000 per resident a year, its technology contract turnover about CNY 20 000.
- ``per_capita`` (件/万人): 0 … 2 000, one per five residents; the highest Chinese districts
  stand near 300.
- ``duration`` (天): 0 … 3 653 days, ten years.
- ``percent`` (%): 0 … 100, checked as ``percent_max``.
- any indicator: at most 10¹⁵; nothing in this catalog comes near, beyond it a number is absurd.

``population`` is the area's own (areas.csv); an area without one takes the largest population
in the catalog. Counts and money scale with population because a district is part of its city:
the bound for 浦东新区 is a quarter of Shanghai's. What these bounds do not catch — a small
count multiplied by 10 000 — the other rules do: a unit stated twice in two ways is refused,
number formats are applied, a count in 件 must be whole, and a jump of more than 3× on the
previous year needs confirming.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from ipdash.sheets import units
from ipdash.strings import ingest as vocab

COUNT_PER_RESIDENT = 20.0
YUAN_PER_RESIDENT = 10_000_000.0
PER_10K_MAX = 2_000.0
DAYS_MAX = 3_653.0
ABSURD = 1e15
WHOLE_TOL = 1e-6
COUNT_BASE_UNIT = next(k for k, v in vocab.UNIT_BASES.items() if v == "n")  # the plain count unit (件)
DAY_UNIT = vocab.DAY_BASE


class Bound(NamedTuple):
    lo: float
    hi: float
    why: str  # key of ``ingest.why.*``
    population: float  # NaN when the bound does not depend on it
    whole: bool  # a count in its plain unit: must be a whole number


def _population(areas: pd.DataFrame) -> dict[str, float]:
    pop = pd.to_numeric(areas.get("population", pd.Series(dtype=float)), errors="coerce")
    fallback = float(pop.max()) if pop.notna().any() else 1.5e9
    return {c: (float(p) if pd.notna(p) and p > 0 else fallback) for c, p in zip(areas["code"], pop)}


class _Rule(NamedTuple):
    lo: float
    per: float  # hi = min(population × per × f, ABSURD) when ``by_pop`` (in that order, as floats); else ``hi``
    f: float
    hi: float
    why: str
    whole: bool
    by_pop: bool = False


@lru_cache(maxsize=256)
def _rule(measure: str, unit: str) -> _Rule:
    """The range of one indicator, population left as a factor (the same for every area)."""
    if measure == "count":
        f = units.factor(COUNT_BASE_UNIT, unit)
        if f is not None:
            scale = units.parse_unit(unit)
            return _Rule(0.0, COUNT_PER_RESIDENT, f, 0.0, "count", scale is not None and scale[0] == 1.0, True)
    if measure == "money":
        f = units.factor(vocab.MONEY_BASE, unit)
        if f is not None:
            return _Rule(0.0, YUAN_PER_RESIDENT, f, 0.0, "money", False, True)
    if measure == "per_capita":
        return _Rule(0.0, 0.0, 0.0, PER_10K_MAX, "per_capita", False)
    if measure == "duration":
        f = units.factor(DAY_UNIT, unit)
        if f is not None:
            return _Rule(0.0, 0.0, 0.0, DAYS_MAX * f, "duration", False)
    if measure == "percent":
        return _Rule(0.0, 0.0, 0.0, 100.0, "percent", False)
    return _Rule(-ABSURD, 0.0, 0.0, ABSURD, "any", False)


def bound(measure: str, unit: str, population: float) -> Bound:
    """The plausible range of one indicator (``measure``, ``unit``) in an area of ``population``."""
    r = _rule(measure, unit)
    if r.by_pop:
        return Bound(r.lo, min(population * r.per * r.f, ABSURD), r.why, population, r.whole)
    return Bound(r.lo, r.hi, r.why, math.nan, r.whole)


def bounds_table(indicators: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × area: lo, hi, why, population, whole (the documented ranges).
    Column by column: each indicator's rule once, its hi for every area's population at once."""
    pops = _population(areas)
    codes = np.array(list(pops), dtype=object)
    pop = np.array(list(pops.values()), dtype="float64")
    n, parts = len(codes), []
    for code, measure, unit in zip(indicators["code"], indicators["measure"], indicators["unit"], strict=True):
        r = _rule(measure, unit)
        scaled = r.by_pop
        parts.append(
            {
                "indicator": np.full(n, code, dtype=object),
                "area": codes,
                "lo": np.full(n, r.lo),
                "hi": np.minimum(pop * r.per * r.f, ABSURD) if scaled else np.full(n, r.hi),
                "why": np.full(n, r.why, dtype=object),
                "population": pop if scaled else np.full(n, math.nan),
                "whole": np.full(n, r.whole, dtype=bool),
            }
        )
    if not parts:
        return pd.DataFrame(columns=["indicator", "area", *Bound._fields])
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return pd.DataFrame(cols, columns=["indicator", "area", *Bound._fields])


def check(parsed: pd.DataFrame, indicators: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Per parsed row: ``in_range`` and ``whole`` (True where not applicable), plus lo/hi/why/population.

    The row's entry of ``bounds_table`` (indicator × area), computed for the uploaded rows only: each
    indicator's rule once, each row's hi from its area's population with the same float operations
    (``pop × per × f``, then the cap) — not the whole table (2 850 areas × 25 indicators) per upload."""
    pops = _population(areas)
    n = len(pops)
    rules = [_rule(m, u) for m, u in zip(indicators["measure"], indicators["unit"], strict=True)]
    at_area = pd.Index(list(pops)).get_indexer(parsed["area"]) if rules else np.full(len(parsed), -1)
    at_ind = pd.Index(indicators["code"]).get_indexer(parsed["indicator"])
    hit = (at_area >= 0) & (at_ind >= 0)
    ai, ii = np.where(hit, at_area, 0), np.where(hit, at_ind, 0)
    empty = not (n and rules)

    def per_ind(name: str, dtype) -> np.ndarray:
        return np.array([getattr(r, name) for r in rules], dtype=dtype)[ii]

    def col(values, missing) -> np.ndarray:
        return np.full(len(ai), missing) if empty else np.where(hit, values, missing)

    if not empty:
        pop = np.array(list(pops.values()), dtype="float64")[ai]
        by_pop = per_ind("by_pop", bool)
        hi_row = np.where(by_pop, np.minimum(pop * per_ind("per", "float64") * per_ind("f", "float64"), ABSURD), 0.0)
        hi_row = np.where(by_pop, hi_row, per_ind("hi", "float64"))
        pop_row = np.where(by_pop, pop, math.nan)
        lo_row, why_row, whole_row = per_ind("lo", "float64"), per_ind("why", object), per_ind("whole", bool)
    else:
        hi_row = pop_row = lo_row = why_row = whole_row = np.empty(0)  # not read: every row takes ``missing``
    why_dtype = pd.Series(np.array([r.why for r in rules], dtype=object)).dtype if not empty else object
    v = parsed["value"].astype("float64")
    why = pd.Series(col(why_row, "any"), index=parsed.index, dtype=why_dtype)
    hi = pd.Series(col(hi_row, ABSURD), index=parsed.index, dtype="float64")
    known = v.notna() & hit & why.ne("percent")  # percentages: ``percent_max``
    in_range = ~known | (v <= hi)  # below 0: ``value_nonneg``
    in_range &= ~(v.notna() & (v.abs() > ABSURD))
    near = (v - v.round()).abs() <= WHOLE_TOL * np.maximum(1.0, v.abs())
    whole = ~(known & col(whole_row, False).astype(bool) & in_range) | near
    out = pd.DataFrame({"lo": col(lo_row, -ABSURD), "hi": hi, "why": why}, index=parsed.index)
    out["lo"] = out["lo"].astype("float64")
    out["population"] = pd.Series(col(pop_row, np.nan), index=parsed.index, dtype="float64")
    out["in_range"] = in_range.astype(bool)
    out["whole"] = whole.astype(bool)
    return out
