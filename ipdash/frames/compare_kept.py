"""What the 区域对比 / Compare frames keep per data version (no streamlit): ``kept`` (a result per key,
shared by every session of this process) and ``actuals`` (the actuals of the picked indicators and areas,
sliced out of the whole table the store keeps in memory instead of a DuckDB scan of the Parquet file per
choice, which was most of a compare frame's time at county scale)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TypeVar, cast

import numpy as np
import pandas as pd

from ipdash.settings import ViewSettings
from ipdash.store import read

_KEPT: dict[tuple[object, ...], tuple[str, object]] = {}  # lookups: a few per language, replaced per data version
_CHOICES: dict[tuple[object, ...], tuple[str, object]] = {}  # frames per choice: at most _KEPT_MAX
T = TypeVar("T")
Areas = Sequence[str] | None  # area codes; None or empty: every area
_KEPT_MAX = 256  # choices; all dropped at once when full (a new data version drops them one by one)
_VERSION: ContextVar[str | None] = ContextVar("compare_kept_version", default=None)


def kept(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per store data version in this process, shared by every session: the catalog
    lookups, name maps and the actuals by area, never dropped for the choices' sake (``kept_choice``).
    Frames come back as shallow copy-on-write copies, so a caller's changes never reach the kept one."""
    return _kept(_KEPT, key, compute, bound=None)


def kept_choice(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``kept`` for a frame of one choice (indicator, areas, …): at most ``_KEPT_MAX`` kept, all dropped
    at once when full (dropping the lookups with them rebuilt them, the targets' documents and the
    actuals by area among them, every few dozen choices)."""
    return _kept(_CHOICES, key, compute, bound=_KEPT_MAX)


def _kept(
    store: dict[tuple[object, ...], tuple[str, object]],
    key: tuple[object, ...],
    compute: Callable[[], T],
    *,
    bound: int | None,
) -> T:
    # what a computation keeps on its way is kept under the data version it started with (one stat of the
    # store per outer call, not per lookup)
    version = _VERSION.get() or read.data_version()
    hit = store.get(key)
    if hit is None or hit[0] != version:
        token = _VERSION.set(version)
        try:
            made: object = compute()
        finally:
            _VERSION.reset(token)
        if bound is not None and len(store) >= bound:
            store.clear()
        hit = store[key] = (version, made)
    value = hit[1]
    return cast(T, value.copy(deep=False) if isinstance(value, pd.DataFrame) else value)


def actuals(indicators: Sequence[str], areas: Areas, view: ViewSettings) -> pd.DataFrame:
    """The actuals of these indicators in these areas (all areas when none), in (area, indicator, year)
    order: what ``read.actuals(include_illustrative=…, indicators=…, areas=…)`` returns, the same rows,
    columns and dtypes, cut by each area's kept row range from the whole table. A cut whose dtypes a query
    of its own would give otherwise (none, or a column all empty: ``db.query``'s rules) is read by that query."""
    whole, rows = kept(("actuals_by_area",), _by_area)
    if areas:
        parts = [whole.iloc[rows[a][0] : rows[a][1]] for a in sorted(set(areas)) if a in rows]
        picked = pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else whole.iloc[:0])
    else:
        picked = whole
    keep = picked["indicator"].isin(list(indicators))
    if not view.include_illustrative:  # SQL's provenance <> 'illustrative': a NULL provenance is left out too
        keep &= picked["provenance"].notna() & (picked["provenance"] != "illustrative")
    cut = picked[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    return _as_queried(cut) if _exact_dtypes(cut) else _query(indicators, areas, view)


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


def _query(indicators: Sequence[str], areas: Areas, view: ViewSettings) -> pd.DataFrame:
    return read.actuals(
        include_illustrative=view.include_illustrative,
        indicators=list(indicators),
        areas=list(areas) if areas else None,
    )


def _by_area() -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """The store's whole actuals (the rows this viewer may see, in (area, indicator, year) order) and each
    area's (first row, row after its last)."""
    whole = read.table("actuals")
    order = pd.MultiIndex.from_arrays([whole["area"], whole["indicator"], whole["year"]])
    if not order.is_monotonic_increasing:  # the store writes them in order; sort as SQL's ORDER BY would
        whole = whole.sort_values(["area", "indicator", "year"], kind="stable").reset_index(drop=True)
    codes, names = pd.factorize(whole["area"])
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], dtype=np.int64)
    ends = np.r_[starts[1:], len(codes)]
    return whole, {str(names[codes[s]]): (int(s), int(e)) for s, e in zip(starts, ends, strict=True)}
