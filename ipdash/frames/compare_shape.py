"""The 区域对比 / Compare frame of one indicator's actuals (``compare.compare_frame``; no streamlit): each row
with its area's population, level and name, per 10 000 residents where asked and meaningful, in (area, year)
order. Speed (issue 26 b): the columns are taken once into a new frame (``_shaped``): setting a column at a
time, then a sort and a take of every column, cost ~5 ms for a few dozen rows, five times a rerun."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipdash.frames import sources
from ipdash.frames.compare_kept import kept as _kept
from ipdash.frames.compare_lookups import area_names as _area_names
from ipdash.frames.compare_lookups import areas as _areas
from ipdash.frames.compare_lookups import comparable, per_capita_applies
from ipdash.frames.compare_lookups import ind as _ind
from ipdash.frames.compare_lookups import levels as _levels
from ipdash.frames.compare_lookups import mapper as _mapper
from ipdash.frames.compare_lookups import pc_unit as _pc_unit
from ipdash.settings import ViewSettings

COMPARE_COLUMNS = [
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "year",
    "value",
    "unit",
    "provenance",
    "illustrative",
    "raw_value",
    "raw_unit",
    "population",
    "population_year",
    "per_capita",
    "level",
    "axis_group",
]


def shape(a: pd.DataFrame, indicator: str, per_capita: bool, view: ViewSettings) -> pd.DataFrame:
    """``compare_frame`` of one indicator's actuals ``a``: its columns taken once into a new frame (``_shaped``
    — a column set at a time, then a sort and a take of every column, cost ~5 ms for a few dozen rows); the
    frame-at-a-time code (``_shape_frame``) where a lookup misses an area or ``a`` is empty."""
    if len(a):
        names = _mapper(f"area_names {view.lang}", lambda: _area_names(view.lang))
        levels, pop = _mapper("levels", _levels), _areas()
        if not _in_order(a):
            a = a.sort_values(["area", "year"])  # the rows' order in the end: every column below is row by row
        area = a["area"]
        at = [pop.index.get_indexer(area), levels.index.get_indexer(area), names.index.get_indexer(area)]
        if all(bool((pos >= 0).all()) for pos in at) and all(pos.ndim == 1 for pos in at):
            return _shaped(a, indicator, per_capita, view, at)
    return _shape_frame(a, indicator, per_capita, view)


def _in_order(a: pd.DataFrame) -> bool:
    """The rows are in (area, year) order already (as the store keeps them): no sort needed."""
    area, year = a["area"].to_numpy(), a["year"].to_numpy()
    try:
        same = area[1:] == area[:-1]
        return bool(np.all((area[1:] > area[:-1]) | (same & (year[1:] >= year[:-1]))))
    except TypeError:  # an empty value: sort_values knows where it goes
        return False


def _shaped(
    a: pd.DataFrame, indicator: str, per_capita: bool, view: ViewSettings, at: list[np.ndarray]
) -> pd.DataFrame:
    """``_shape_frame(a)`` of rows in (area, year) order whose areas every lookup knows (``at``: their
    positions in the population, level and name lookups), made in one constructor."""
    ind = _ind(indicator)
    pop, levels = _areas(), _mapper("levels", _levels)
    names = _mapper(f"area_names {view.lang}", lambda: _area_names(view.lang))
    n = len(a)
    population = pop["population"].array.take(at[0])
    value = a["value"].to_numpy()
    pc = per_capita_applies(indicator, per_capita)
    unit = ind["unit"]
    if pc:
        f, unit = _pc_unit(ind["unit"])
        value = value * f / (np.asarray(population) / 1e4)
    level = levels.array.take(at[1])
    indicator_names = _kept(("indicator_names", view.lang), lambda: sources.indicator_names(view.lang))
    columns = {
        "area": a["area"].array,
        "area_name": names.array.take(at[2]),
        "indicator": a["indicator"].array,
        "indicator_name": np.full(n, indicator_names.get(indicator, indicator), dtype=object),
        "year": a["year"].array,
        "value": value,
        "unit": np.full(n, unit, dtype=object),
        "provenance": a["provenance"].array,
        "illustrative": (a["provenance"] == "illustrative").to_numpy(),
        "raw_value": a["value"].to_numpy(),
        "raw_unit": np.full(n, ind["unit"], dtype=object),
        "population": population,
        "population_year": pop["population_year"].array.take(at[0]),
        "per_capita": np.full(n, pc, dtype=bool),
        "level": level,
        "axis_group": np.full(n, "all", dtype=object) if comparable(indicator, per_capita) else level,
    }
    return pd.DataFrame(columns)


def _shape_frame(a: pd.DataFrame, indicator: str, per_capita: bool, view: ViewSettings) -> pd.DataFrame:
    """``compare_frame`` of one indicator's actuals ``a``, a column at a time."""
    ind = _ind(indicator)
    pop = _areas()  # looked up in its kept index when there are rows: a merge with 2 850 areas was a tenth of a rerun
    if len(a):
        out = a.assign(**{c: a["area"].map(pop[c]) for c in pop.columns})
    else:
        out = a.merge(pop.reset_index().rename(columns={"code": "area"}), on="area", how="left")
    pc = per_capita_applies(indicator, per_capita)
    out["raw_value"] = out["value"]
    out["raw_unit"] = ind["unit"]
    if pc:
        f, u = _pc_unit(ind["unit"])
        out["value"] = out["value"] * f / (out["population"] / 1e4)
        out["unit"] = u
    else:
        out["unit"] = ind["unit"]
    out["per_capita"] = pc
    out["level"] = out["area"].map(_mapper("levels", _levels)).fillna("")
    out["axis_group"] = "all" if comparable(indicator, per_capita) else out["level"]
    out["illustrative"] = out["provenance"] == "illustrative"
    out["area_name"] = out["area"].map(_mapper(f"area_names {view.lang}", lambda: _area_names(view.lang)))
    names = _kept(("indicator_names", view.lang), lambda: sources.indicator_names(view.lang))
    out["indicator_name"] = names.get(indicator, indicator)
    return out[COMPARE_COLUMNS].sort_values(["area", "year"]).reset_index(drop=True)
