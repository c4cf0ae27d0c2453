"""The process's in-memory DuckDB: one connection, one ``cursor()`` per query, values bound with ``?``.

Shared by the read side (``store.read``) and the write side (``store.write``). Results come to
pandas through Arrow (7× faster than DuckDB's ``.df()`` on 1 M rows), with ``.df()``'s dtypes
kept: integer columns with NULLs become nullable ``Int*``, all-NULL text columns ``object``; any
other column type falls back to ``.df()``.
"""

from __future__ import annotations

import threading

import duckdb
import pandas as pd
import pyarrow as pa

_con: duckdb.DuckDBPyConnection | None = None
_con_lock = threading.Lock()
_ARROW_INT = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
}


def connection() -> duckdb.DuckDBPyConnection:
    global _con
    if _con is None:
        with _con_lock:
            if _con is None:
                _con = duckdb.connect(":memory:")
    return _con


# Arrow tables every cursor sees by name: the PostgreSQL store's tables as this process loaded them
# (store.pg_read.relation); the local store's queries use read_parquet(?) instead.
_views: dict[str, pa.Table] = {}


def register(name: str, tbl: pa.Table) -> None:
    _views[name] = tbl


def _cursor() -> duckdb.DuckDBPyConnection:
    cur = connection().cursor()
    for name, tbl in list(_views.items()):
        cur.register(name, tbl)
    return cur


def execute(sql: str, params: list | tuple | None = None) -> None:
    cur = _cursor()
    try:
        cur.execute(sql, params or [])
    finally:
        cur.close()


def _fast_type(t: pa.DataType) -> bool:
    return (
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_boolean(t)
    )


def _arrow_frame(tbl: pa.Table) -> pd.DataFrame | None:
    """``tbl`` as pandas with the dtypes DuckDB's ``.df()`` gives, or None when unsure."""
    if tbl.num_rows == 0 or not all(_fast_type(f.type) for f in tbl.schema):
        return None
    df = tbl.to_pandas()
    for name, col in zip(tbl.column_names, tbl.columns):
        if not col.null_count:
            continue
        if pa.types.is_integer(col.type):
            df[name] = col.to_pandas(types_mapper=_ARROW_INT.get)
        elif pa.types.is_boolean(col.type) or col.null_count == len(col):
            df[name] = pd.Series(col.to_pylist(), dtype=object, index=df.index)
    return df


def arrow(sql: str, params: list | tuple | None = None) -> pa.Table:
    """Run SQL on a fresh cursor; the result as Arrow."""
    cur = _cursor()
    try:
        return cur.sql(sql, params=list(params or [])).to_arrow_table()
    finally:
        cur.close()


def query(sql: str, params: list | tuple | None = None) -> pd.DataFrame:
    """Run SQL on a fresh cursor; refer to tables through ``store.read.relation``."""
    cur = _cursor()
    try:
        df = _arrow_frame(cur.sql(sql, params=list(params or [])).to_arrow_table())
        return df if df is not None else cur.execute(sql, params or []).df()
    finally:
        cur.close()
