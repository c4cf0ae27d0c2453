"""Actuals → per area×indicator series (sorted unique years).

Rows with a missing year or value are dropped; several rows for one year are resolved by
provenance (official > estimate > illustrative) and remaining ties are averaged, so the
result never depends on row order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipdash.engine import rules

_PROV_RANK = {"official": 0, "estimate": 1, "illustrative": 2}


def _dedup(a: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per keys × year: best provenance, ties averaged; sorted by keys, year."""
    d = pd.DataFrame({k: a[k].to_numpy() for k in keys})
    d["year"] = pd.to_numeric(a["year"], errors="coerce").to_numpy()
    d["value"] = pd.to_numeric(a["value"], errors="coerce").to_numpy(dtype=float)
    if "provenance" in a.columns:
        prov = a["provenance"].astype(object)
        d["rank"] = prov.map(_PROV_RANK).fillna(1).to_numpy()
        d["illus"] = (prov == "illustrative").to_numpy(dtype=bool)
    else:
        d["rank"], d["illus"] = 0, False
    d = d.dropna(subset=["year", "value"])
    d = d[np.isfinite(d["value"].to_numpy())]
    d["year"] = d["year"].astype("int64")
    grp = [*keys, "year"]
    d = d[d["rank"] == d.groupby(grp, sort=False)["rank"].transform("min")]
    return d.groupby(grp, sort=True).agg(value=("value", "mean"), illus=("illus", "any")).reset_index()


def group_actuals(actuals: pd.DataFrame) -> dict[tuple[str, str], rules.Series]:
    """{(area, indicator): Series} built once, vectorised."""
    if actuals is None or len(actuals) == 0:
        return {}
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
    s = series.assign(area="", indicator="")
    return group_actuals(s).get(("", ""), rules.EMPTY)
