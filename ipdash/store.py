"""The read side of the store: Parquet files queried through an in-memory DuckDB.

One connection per process; every query runs on its own ``cursor()`` (a shared connection
raises "connection is busy" under Streamlit's threads). Values are always bound with ``?``;
table names are checked against ``paths.STORE_TABLES``.
"""

from __future__ import annotations

import threading

import duckdb
import pandas as pd

from ipdash import paths

_con: duckdb.DuckDBPyConnection | None = None
_con_lock = threading.Lock()


def connection() -> duckdb.DuckDBPyConnection:
    global _con
    if _con is None:
        with _con_lock:
            if _con is None:
                _con = duckdb.connect(":memory:")
    return _con


def execute(sql: str, params: list | tuple | None = None) -> None:
    cur = connection().cursor()
    try:
        cur.execute(sql, params or [])
    finally:
        cur.close()


def query(sql: str, params: list | tuple | None = None) -> pd.DataFrame:
    """Run SQL on a fresh cursor; refer to tables as ``read_parquet(?)`` with ``table_path``."""
    cur = connection().cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def table_path(name: str) -> str:
    return str(paths.parquet(name))  # raises on a name that is not whitelisted


def ensure_built() -> bool:
    from ipdash import build

    return build.ensure_built()


def table(name: str, *, include_illustrative: bool = True) -> pd.DataFrame:
    """A whole table. ``include_illustrative=False`` drops illustrative actuals."""
    ensure_built()
    sql = "SELECT * FROM read_parquet(?)"
    params: list = [table_path(name)]
    if name in ("actuals", "base_actuals") and not include_illustrative:
        sql += " WHERE provenance <> ?"
        params.append("illustrative")
    if name in ("actuals", "base_actuals"):
        sql += " ORDER BY area, indicator, year"
    return query(sql, params)


def actuals(*, include_illustrative: bool = True, areas: list[str] | None = None,
            indicators: list[str] | None = None, up_to_year: int | None = None) -> pd.DataFrame:
    """Effective actuals, filtered in DuckDB (not in pandas) so large stores stay fast."""
    ensure_built()
    where, params = [], [table_path("actuals")]
    if not include_illustrative:
        where.append("provenance <> ?")
        params.append("illustrative")
    if areas:
        where.append("list_contains(?, area)")
        params.append(list(areas))
    if indicators:
        where.append("list_contains(?, indicator)")
        params.append(list(indicators))
    if up_to_year is not None:
        where.append("year <= ?")
        params.append(int(up_to_year))
    sql = "SELECT * FROM read_parquet(?)"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return query(sql + " ORDER BY area, indicator, year", params)


def data_version() -> str:
    """Changes whenever any store file changes: the cache key for everything derived."""
    parts = []
    for name in paths.STORE_TABLES:
        p = paths.parquet(name)
        if p.exists():
            st = p.stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return f"{paths.data_dir()}|" + "|".join(parts)
