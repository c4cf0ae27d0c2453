"""What the 区域对比 / Compare frames keep per data version (no streamlit): ``kept`` (a result per key,
shared by every session of this process) and ``actuals`` (the actuals of the picked indicators and areas as
the view counts them: ``store.actuals_cut.actuals_of``, cut from the whole table the store keeps in memory)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TypeVar, cast

import pandas as pd

from ipdash.settings import ViewSettings
from ipdash.store import actuals_cut, read

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
    """The actuals of these indicators in these areas (all areas when none) as this view counts them, in
    (area, indicator, year) order: ``actuals_cut.actuals_of`` (cut from the whole table the store keeps in memory)."""
    return actuals_cut.actuals_of(indicators, areas, include_illustrative=view.include_illustrative)
