"""Actuals → per area×indicator series (sorted unique years).

Rows with a missing year or value are dropped; several rows for one year are resolved by
provenance (official > reported > estimate > illustrative) and remaining ties are averaged, so the
result never depends on row order.

A small frame (one target's series: the detail page, the what-if, a timeline) is grouped in plain
Python (``_group_small``): the pandas path's fixed cost was ~20 ms a call, five calls per detail view.
Both paths give the same result (tests/test_series_small.py); the small one declines (None) whatever it
cannot decide exactly alike — keys that are not plain strings, years that are not plain numbers, three
or more rows tied on one year (pandas averages those with a compensated sum) — and pandas decides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipdash.engine import rules

_PROV_RANK = {"official": 0, "reported": 1, "estimate": 2, "illustrative": 3}
SMALL = 512  # rows: up to this many are grouped in plain Python (``_group_small``)
_YEAR_MAX = 2.0**52  # |year| beyond this (or not finite): pandas decides how it becomes an integer


def _dedup(a: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per keys × year: best provenance, ties averaged; sorted by keys, year."""
    d = pd.DataFrame({k: a[k].to_numpy() for k in keys})
    d["year"] = pd.to_numeric(a["year"], errors="coerce").to_numpy()
    d["value"] = pd.to_numeric(a["value"], errors="coerce").to_numpy(dtype=float)
    if "provenance" in a.columns:
        prov = a["provenance"].astype(object)
        d["rank"] = prov.map(_PROV_RANK).fillna(2).to_numpy()
        d["illus"] = (prov == "illustrative").to_numpy(dtype=bool)
    else:
        d["rank"], d["illus"] = 0, False
    d = d.dropna(subset=["year", "value"])
    d = d[np.isfinite(d["value"].to_numpy())]
    d["year"] = d["year"].astype("int64")
    grp = [*keys, "year"]
    d = d[d["rank"] == d.groupby(grp, sort=False)["rank"].transform("min")]
    return d.groupby(grp, sort=True).agg(value=("value", "mean"), illus=("illus", "any")).reset_index()


def _group_small(a: pd.DataFrame, keys: tuple[str, str] | None = None) -> dict[tuple[str, str], rules.Series] | None:
    """``group_actuals`` of a small frame in plain Python (``keys``: every row's area and indicator,
    for a frame without those columns); None when it cannot be sure to agree with pandas."""
    n = len(a)
    if keys is None:
        k0, k1 = a["area"].tolist(), a["indicator"].tolist()
        if any(type(k) is not str for k in k0) or any(type(k) is not str for k in k1):
            return None
    else:
        k0, k1 = [keys[0]] * n, [keys[1]] * n
    year = pd.to_numeric(a["year"], errors="coerce").to_numpy()
    value = pd.to_numeric(a["value"], errors="coerce").to_numpy(dtype=float)
    if year.dtype.kind not in "iuf":
        return None
    year_ok = ~np.isnan(year) if year.dtype.kind == "f" else np.ones(n, dtype=bool)
    if np.abs(year[year_ok].astype(float)).max(initial=0.0) >= _YEAR_MAX:  # inf too
        return None
    keep = (year_ok & np.isfinite(value)).tolist()
    years = np.where(year_ok, year, 0).astype("int64").tolist()  # as pandas makes the kept ones integers
    if "provenance" in a.columns:
        prov = a["provenance"].astype(object).tolist()
        rank = [_PROV_RANK.get(p, 2) if isinstance(p, str) else 2 for p in prov]
        illus = [isinstance(p, str) and p == "illustrative" for p in prov]
    else:
        rank, illus = [0] * n, [False] * n
    groups: dict[tuple[str, str, int], list[tuple[int, float, bool]]] = {}
    for i, vals in enumerate(zip(k0, k1, years, rank, value.tolist(), illus)):
        if keep[i]:
            groups.setdefault(vals[:3], []).append(vals[3:])
    out: dict[tuple[str, str], rules.Series] = {}
    for (g0, g1, y), rows in sorted(groups.items(), key=lambda kv: kv[0]):
        best = min(r for r, _, _ in rows)
        chosen = [(v, il) for r, v, il in rows if r == best]
        if len(chosen) > 2 or any(v == 0 for v, _ in chosen):  # pandas' sign of a zero mean varies
            return None
        v = chosen[0][0] if len(chosen) == 1 else (chosen[0][0] + chosen[1][0]) / 2
        ser = out.setdefault((g0, g1), rules.Series([], [], []))
        ser.years.append(y)
        ser.values.append(v)
        ser.illus.append(any(il for _, il in chosen))
    return out


def group_actuals(actuals: pd.DataFrame) -> dict[tuple[str, str], rules.Series]:
    """{(area, indicator): Series} built once, vectorised (a small frame: ``_group_small``)."""
    if actuals is None or len(actuals) == 0:
        return {}
    if len(actuals) <= SMALL:
        small = _group_small(actuals)
        if small is not None:
            return small
    return _group_pandas(actuals)


def _group_pandas(actuals: pd.DataFrame) -> dict[tuple[str, str], rules.Series]:
    out = _dedup(actuals, ["area", "indicator"])
    if out.empty:
        return {}
    k0, k1 = out["area"].to_numpy(dtype=object), out["indicator"].to_numpy(dtype=object)
    change = np.r_[True, (k0[1:] != k0[:-1]) | (k1[1:] != k1[:-1])]
    starts = np.flatnonzero(change)
    ends = np.r_[starts[1:], len(out)]
    ys, vs, il = out["year"].tolist(), out["value"].tolist(), out["illus"].tolist()
    return {(k0[s], k1[s]): rules.Series(ys[s:e], vs[s:e], il[s:e]) for s, e in zip(starts.tolist(), ends.tolist())}


def series_from_frame(series: pd.DataFrame | None) -> rules.Series:
    """A single area×indicator series (columns year, value[, provenance]) → Series."""
    if series is None or len(series) == 0:
        return rules.EMPTY
    if len(series) <= SMALL:
        small = _group_small(series, ("", ""))
        if small is not None:
            return small.get(("", ""), rules.EMPTY)
    s = series.assign(area="", indicator="")
    return group_actuals(s).get(("", ""), rules.EMPTY)
