"""The uploaded keys against the stored actuals, in DuckDB (issue 16 (d)).

An upload names a few series; the store holds a million actuals. Both questions an upload asks
of the store — which uploaded values are suspicious (``validate.suspicious``) and what each
uploaded key holds now (``commit.preview``) — are joins on ``(area, indicator, year)`` restricted
to the uploaded keys, so they run in DuckDB over the Parquet file (or a frame a caller passes),
not in pandas over every stored row.

The uploaded rows are registered as an Arrow table on a private cursor; values are ``?``
parameters; the only identifiers put into SQL are the fixed column names below.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa

from ipdash import schema
from ipdash.store import db, read

KEY = schema.ACTUALS.key
OLD_COLUMNS = schema.compared_columns()  # commit.COMPARED
_IDENT = re.compile(r"[a-z_]+")


def _source(current: pd.DataFrame | None, cur) -> tuple[str, list]:
    """FROM clause and parameters of the stored actuals: the Parquet file, or ``current``."""
    if current is None:
        return "read_parquet(?)", [read.table_path("actuals")]
    cols = [c for c in (*KEY, *OLD_COLUMNS) if c in current.columns]
    cur.register("ipdash_current", pa.Table.from_pandas(current[cols], preserve_index=False))
    return "ipdash_current", []


def _uploaded(rows: pd.DataFrame, cols: tuple[str, ...]) -> pa.Table:
    """The uploaded rows with their position ``i`` (the index of ``rows``, 0..n-1)."""
    frame = rows[list(cols)].reset_index(drop=True)
    frame.insert(0, "i", range(len(frame)))
    return pa.Table.from_pandas(frame, preserve_index=False)


def _run(sql: str, params: list, rows: pa.Table, cur) -> pd.DataFrame:
    cur.register("ipdash_up", rows)
    return read.settled("actuals", lambda: cur.sql(sql, params=params).df())  # a commit may replace the file


def suspicious(rows: pd.DataFrame, current: pd.DataFrame | None, jump: float) -> pd.DataFrame:
    """Uploaded rows (``i``, ``year``, ``value``, ``prev``, ``old``, ``jump``, ``official``) that
    jump more than ``jump``× on the previous year (the upload's own value for that year when it
    has one, else the stored one) or change a stored ``official`` value; ordered by ``i``."""
    empty = pd.DataFrame(columns=["i", "year", "value", "prev", "old", "jump", "official"])
    if rows.empty:
        return empty
    cur = db.connection().cursor()
    try:
        src, params = _source(current, cur)
        sql = f"""
        WITH series AS (SELECT DISTINCT area, indicator FROM ipdash_up),
        cur AS (SELECT a.area, a.indicator, a.year, a.value, a.provenance FROM {src} a
                SEMI JOIN series s ON a.area = s.area AND a.indicator = s.indicator),
        m AS (
          SELECT u.i, u.year, u.value,
                 CASE WHEN p.i IS NOT NULL THEN p.value ELSE cp.value END AS prev,
                 c.value AS old, c.provenance AS old_prov
          FROM ipdash_up u
          LEFT JOIN ipdash_up p ON p.area = u.area AND p.indicator = u.indicator AND p.year = u.year - 1
          LEFT JOIN cur cp ON cp.area = u.area AND cp.indicator = u.indicator AND cp.year = u.year - 1
          LEFT JOIN cur c ON c.area = u.area AND c.indicator = u.indicator AND c.year = u.year),
        f AS (
          SELECT *,
                 coalesce(prev IS NOT NULL AND NOT isnan(prev) AND prev > 0
                          AND (value > ? * prev OR value < prev / ?), false) AS jump,
                 coalesce(old_prov = ? AND old IS NOT NULL AND NOT isnan(old)
                          AND abs(old - value) > 1e-9 * abs(value), false) AS official
          FROM m)
        SELECT i, year, value, prev, old, jump, official FROM f WHERE jump OR official ORDER BY i
        """
        out = _run(sql, [*params, jump, jump, "official"], _uploaded(rows, (*KEY, "value")), cur)
    finally:
        cur.close()
    return out if not out.empty else empty


def old_values(rows: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """What the store holds now for each uploaded key: ``old_<column>`` for the columns a preview
    compares, one row per uploaded row in the order of ``rows`` (NaN where the key is new)."""
    names = [f"old_{c}" for c in OLD_COLUMNS]
    if rows.empty:
        return pd.DataFrame({n: pd.Series(dtype="float64" if n == "old_value" else object) for n in names})
    cur = db.connection().cursor()
    try:
        src, params = _source(current, cur)
        have = set(OLD_COLUMNS) if current is None else set(current.columns)
        select = []
        for c in OLD_COLUMNS:
            assert _IDENT.fullmatch(c)  # fixed names only ever reach the SQL text
            select.append(f"c.{c} AS old_{c}" if c in have else f"NULL AS old_{c}")
        sql = f"""
        SELECT u.i, {", ".join(select)}
        FROM ipdash_up u JOIN {src} c
          ON c.area = u.area AND c.indicator = u.indicator AND c.year = u.year
        """
        found = _run(sql, params, _uploaded(rows, KEY), cur)
    finally:
        cur.close()
    out = found.drop_duplicates("i", keep="last").set_index("i").reindex(range(len(rows)))
    out.index = rows.index
    out["old_value"] = out["old_value"].astype("float64")
    return out[names]
