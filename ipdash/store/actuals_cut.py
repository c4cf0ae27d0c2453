"""The actuals of some indicators and areas cut from the whole table the store keeps in memory (the comparison's
frames at county scale): the rows, columns and dtypes ``read.actuals(indicators=…, areas=…)`` gives, without a
DuckDB scan of the Parquet file per call. Split from ``store/read.py`` (one module, one job, under 400 lines)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ipdash.store import read

_by_area: dict[str, tuple[str, pd.DataFrame, dict[str, tuple[int, int]]]] = {}  # the newest data version's


def actuals_of(
    indicators: Sequence[str], areas: Sequence[str] | None = None, *, include_illustrative: bool = True
) -> pd.DataFrame:
    """The actuals of these indicators in these areas (all areas when none), in (area, indicator, year) order:
    what ``actuals(include_illustrative=…, indicators=…, areas=…)`` returns, the same rows, columns and dtypes,
    cut by each area's row range from the whole table kept in memory (a DuckDB scan of the Parquet file per
    call was most of a comparison's frame time at county scale). A cut whose dtypes a query of its own would
    give otherwise (none, or a column all empty: ``db.query``'s rules) is read by that query."""
    whole, rows = _actuals_by_area()
    if areas:
        parts = [whole.iloc[rows[a][0] : rows[a][1]] for a in sorted(set(areas)) if a in rows]
        picked = pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else whole.iloc[:0])
    else:
        picked = whole
    keep = picked["indicator"].isin(list(indicators))
    if not include_illustrative:  # SQL's provenance <> 'illustrative': a NULL provenance is left out too
        keep &= picked["provenance"].notna() & (picked["provenance"] != "illustrative")
    cut = picked[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    if _exact_dtypes(cut):
        return _as_queried(cut)
    return read.actuals(
        include_illustrative=include_illustrative, indicators=list(indicators), areas=list(areas) if areas else None
    )


def _exact_dtypes(cut: pd.DataFrame) -> bool:
    """The cut's dtypes are a query's own but for nullable integers (``_as_queried``): not empty, no column
    all empty, no object column (the whole table's all-empty or nullable-boolean ones)."""
    if cut.empty:
        return False
    return not any(cut[c].dtype == object or bool(cut[c].isna().all()) for c in cut.columns)


def _as_queried(cut: pd.DataFrame) -> pd.DataFrame:
    """A nullable integer column (the whole table had an empty one) with no empty value in the cut: plain,
    as a query of the cut's rows gives it."""
    for c in cut.columns:
        dtype = cut[c].dtype
        nullable_int = isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype)
        if nullable_int and not cut[c].isna().any():
            cut[c] = cut[c].astype(dtype.numpy_dtype)
    return cut


def _actuals_by_area() -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """The whole actuals this thread's viewer may see, in (area, indicator, year) order, and each area's
    (first row, row after its last): kept for the newest data version."""
    version = read.data_version()
    hit = _by_area.get("actuals")
    if hit is not None and hit[0] == version:
        return hit[1], hit[2]
    whole = read.table("actuals")
    order = pd.MultiIndex.from_arrays([whole["area"], whole["indicator"], whole["year"]])
    if not order.is_monotonic_increasing:  # the store writes them in order; sort as SQL's ORDER BY would
        whole = whole.sort_values(["area", "indicator", "year"], kind="stable").reset_index(drop=True)
    codes, names = pd.factorize(whole["area"])
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], dtype=np.int64)
    ends = np.r_[starts[1:], len(codes)]
    rows = {str(names[codes[s]]): (int(s), int(e)) for s, e in zip(starts, ends, strict=True)}
    _by_area["actuals"] = (version, whole, rows)
    return whole, rows
