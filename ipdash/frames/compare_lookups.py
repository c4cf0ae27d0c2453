"""Catalog lookups behind the 区域对比 / Compare frames (no streamlit), each kept per store data version in
this process (``compare_kept.kept``): indicator records, area names, levels and population, the per-capita
unit, and each indicator's targets by area (the rows of a choice found by position, not by a boolean filter
of the 28 000-row catalog, and their records made once, not by a ``to_dict`` per choice: issue 26 b)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from ipdash.frames import sources
from ipdash.frames.compare_kept import Areas
from ipdash.frames.compare_kept import kept as _kept
from ipdash.frames.records import IndicatorRecord, indicator_rows
from ipdash.store import read
from ipdash.strings import units


def ind(indicator: str) -> IndicatorRecord:
    inds = _kept(("indicators",), lambda: {r["code"]: r for r in indicator_rows(read.table("indicators"))})
    if indicator not in inds:
        raise KeyError(f"unknown indicators {indicator!r}")
    return inds[indicator].copy()


def area_names(lang: str) -> dict[str, str]:  # {code: name}, kept
    return _kept(("area_names", lang), lambda: sources.area_names(lang))


def mapper(name: str, make: Callable[[], dict[str, str]]) -> pd.Series:  # Series.map(dict) made this per call
    return _kept(("mapper", name), lambda: pd.Series(make()))


def areas() -> pd.DataFrame:
    """code (index), population, population_year of every area."""
    return _kept(("areas",), lambda: read.table("areas").set_index("code")[["population", "population_year"]])


def pc_unit(unit: str) -> tuple[float, str]:
    """(factor, unit) per 10 000 residents: money in 万元/万人 so the numbers stay readable."""
    return (1e4, units.WAN_YUAN_PER_10K) if unit == units.YI_YUAN else (1.0, f"{unit}{units.PER_10K}")


def levels() -> dict[str, str]:
    return _kept(("levels",), lambda: dict(zip(read.table("areas")["code"], read.table("areas")["level"])))


def comparable(indicator: str, per_capita: bool) -> bool:
    """Values of different area levels can share an axis: a ratio, or per 10 000 residents."""
    return per_capita_applies(indicator, per_capita) or ind(indicator).get("kind") == "ratio"


def per_capita_applies(indicator: str, per_capita: bool) -> bool:
    return bool(per_capita) and bool(ind(indicator).get("per_capita_ok"))


def targets_of(indicator: str) -> pd.DataFrame:
    """The catalog's targets of one indicator in catalog order, kept (filtering 28 000 targets each time was slow)."""
    by = _kept(("targets_of",), lambda: dict(tuple(read.table("targets").groupby("indicator", sort=False))))
    return by[indicator] if indicator in by else read.table("targets").iloc[:0]


def target_records(indicator: str, picked: Areas) -> list[dict[Hashable, Any]]:
    """``targets_of(indicator)``'s rows of these areas (all when none) as records, in catalog order: what
    ``t[t["area"].isin(picked)].to_dict("records")`` gives. The records are kept: read them, never change them."""
    records, rows = _kept(("target_records", indicator), lambda: _records_by_area(targets_of(indicator)))
    if not picked:
        return records
    pos = [p for a in set(picked) for p in rows.get(a, ())]
    return [records[p] for p in sorted(pos)]


def _records_by_area(t: pd.DataFrame) -> tuple[list[dict[Hashable, Any]], dict[object, np.ndarray]]:
    """The rows of ``t`` as records, and each area's positions among them."""
    return t.to_dict("records"), {a: pos for a, pos in t.groupby("area", sort=False).indices.items()}
