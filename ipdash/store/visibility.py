"""Preliminary figures: who may see an actual before its publication date (issue 23, item 5).

The rule. An actual marked preliminary — provenance ``estimate``: the reference figures' column
``preliminary`` = yes (``store.build``), or an upload whose value or note says 预计/estimate
(``ingest.parse``) — for year Y of an indicator is *restricted* until its publication date: the last day
of month ``publish_month`` (``indicators.csv``) of year Y + 1, Shanghai date. Until then only a signed-in
account whose areas cover the figure's area (or ``*``) sees it; everyone else — visitors, API tokens, the
CLI — gets every read of the actuals, and so every judgement, chart, table, download and API answer,
computed without that row. From the day after, everyone sees it.

Who is looking: ``viewer()``, a context variable (one per thread / task; nobody = ``()``), set by the
page shell on every run (``ui.view``) and left empty everywhere else. ``store.read`` drops the rows a
viewer may not see and adds their key to ``read.data_version()`` — the key of every derived cache — so a
result computed with a restricted row is never handed to someone who may not see it. When no restricted
row exists (the usual case, and the shipped data once their figures are out), nothing changes: no row is
dropped and the version is the stored one.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from zoneinfo import ZoneInfo

import pandas as pd

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRELIMINARY = "estimate"
KEY = ["area", "indicator", "year"]
_viewer: ContextVar[tuple[str, ...]] = ContextVar("ipdash_viewer", default=())


def set_viewer(areas: Iterable[str] | None) -> None:
    """Who looks in this thread from now on: a signed-in account's areas (``"*"``: every area); None or
    empty: nobody signed in."""
    _viewer.set(tuple(sorted(set(areas or ()))))


def viewer() -> tuple[str, ...]:
    return _viewer.get()


@contextlib.contextmanager
def viewing(areas: Iterable[str] | None) -> Iterator[None]:
    token = _viewer.set(tuple(sorted(set(areas or ()))))
    try:
        yield
    finally:
        _viewer.reset(token)


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def publication_date(year: int, publish_month: int) -> dt.date:
    """The day the yearly figure for ``year`` is out: the last day of ``publish_month`` of ``year + 1``."""
    y, m = int(year) + 1, int(publish_month)
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def restricted(actuals: pd.DataFrame, indicators: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """The preliminary rows not yet published on ``on``: their ``area``, ``indicator``, ``year``, sorted.
    An indicator without a ``publish_month`` counts as published (nothing to wait for)."""
    pre = actuals.loc[actuals["provenance"] == PRELIMINARY, KEY]
    if pre.empty:
        return pre.reset_index(drop=True)
    month = pre["indicator"].map(indicators.set_index("code")["publish_month"])
    keep = [pd.notna(m) and on <= publication_date(int(y), int(m)) for y, m in zip(pre["year"], month, strict=True)]
    return pre[keep].sort_values(KEY).reset_index(drop=True)


def hidden_from(rows: pd.DataFrame, areas: tuple[str, ...]) -> pd.DataFrame:
    """Of the restricted ``rows``, those an account with ``areas`` may not see (nobody: all of them)."""
    if "*" in areas or rows.empty:
        return rows.iloc[0:0] if "*" in areas else rows
    return rows[~rows["area"].isin(areas)].reset_index(drop=True)


def version_key(hidden: pd.DataFrame) -> str:
    """What ``read.data_version()`` adds for these hidden rows ("" when none)."""
    if hidden.empty:
        return ""
    text = "\n".join(f"{a}|{i}|{y}" for a, i, y in hidden[KEY].itertuples(index=False, name=None))
    return "|hide:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def drop(df: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the rows whose area, indicator and year are in ``hidden``."""
    if hidden.empty or df.empty or not set(KEY) <= set(df.columns):
        return df
    keys = pd.MultiIndex.from_frame(hidden[KEY].astype({"year": "int64"}))
    mine = pd.MultiIndex.from_arrays([df["area"], df["indicator"], df["year"].astype("int64")])
    return df[~mine.isin(keys)].reset_index(drop=True)
