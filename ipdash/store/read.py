"""The read side of the store: Parquet files queried through an in-memory DuckDB.

One connection per process; every query runs on its own ``cursor()`` (a shared connection
raises "connection is busy" under Streamlit's threads). Values are always bound with ``?``;
table names are checked against ``paths.STORE_TABLES``.

Speed at county scale (bench/run.py, docs/scaling.md):
- results come to pandas through Arrow (7× faster than DuckDB's ``.df()`` on 1 M rows), with
  ``.df()``'s dtypes kept: integer columns with NULLs become nullable ``Int*``, all-NULL text
  columns ``object``; any other column type falls back to ``.df()``;
- whole tables (``table``, unfiltered ``actuals``) are kept in memory per Parquet file version
  (mtime, size) and handed out as shallow copies (pandas copy-on-write: a caller's change
  never reaches the cache);
- the staleness check of the inputs (``build.is_fresh``, a stat of every input file) runs at
  most once a second per store version; ``ensure_built()`` itself always checks.

Preliminary figures (``store.visibility``): ``table("actuals")``, ``table("base_actuals")`` and
``actuals()`` leave out the rows the thread's viewer may not see yet, and ``data_version()`` — the key
of every derived cache — names them; ``stored_version()`` is the store's own version (what a commit
checks a preview against). With no such row both are as they always were.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ipdash import paths
from ipdash.store import backend, build, db, pg_read, visibility

T = TypeVar("T")

_tables: dict[tuple, tuple[tuple, pd.DataFrame]] = {}
_checked: tuple[str, float] = ("", 0.0)
FRESH_CHECK_INTERVAL = 1.0  # seconds


def table_path(name: str) -> str:
    if backend.is_postgres():  # [pg-dispatch] a local Parquet copy of the PostgreSQL table at this version
        return pg_read.mirror_path(name)
    return str(paths.parquet(name))  # raises on a name that is not whitelisted


def relation(name: str) -> tuple[str, list]:
    """``(FROM-clause, its parameters)`` for SQL over a store table: ``read_parquet(?)`` and the
    file locally, the table registered in DuckDB for the PostgreSQL store."""
    if backend.is_postgres():  # [pg-dispatch] the Arrow copy this process loaded (store/pg_read.py)
        ensure_fresh()
        return pg_read.relation(name), []
    return "read_parquet(?)", [table_path(name)]


def ensure_built() -> bool:
    global _checked
    ran = build.ensure_built()
    _checked = (stored_version(), time.monotonic())
    return ran


def ensure_fresh() -> None:
    """``ensure_built`` unless it ran less than a second ago on this very store version. Past the second, on the
    same store version, ``_input_stats()`` equal to what they were just before the last full check stand for that
    check (nothing it reads has changed since; taken before it, so a change made during it is seen next time):
    at county scale a stat per file instead of ``build.stat_fingerprint``'s ``Path`` and text per seed, twice in a
    tree other than the one that built the store (``build.py``'s own time is one of its inputs)."""
    global _checked
    version, at = _checked
    if version == stored_version():
        if time.monotonic() - at <= FRESH_CHECK_INTERVAL:
            return
        if (stats := _input_stats()) == _seen[0]:
            _checked = (version, time.monotonic())
            return
    else:
        stats = _input_stats()
    ensure_built()
    _seen[0] = stats


_inputs: dict[str, tuple] = {}  # "key": the seeds directory's (path, inode, time); "files": build.input_files()
_seen: list[tuple | None] = [None]  # _input_stats() taken just before the last full check


def _input_stats() -> tuple:
    """(time, size) of every input of the build (``build.input_files()``, its list made again whenever the seeds
    directory's entries change) and of the store's manifest: what ``build.is_fresh`` reads, one ``os.stat`` each."""
    seeds = str(paths.seeds_dir())
    try:
        d = os.stat(seeds)
        key: tuple = (seeds, d.st_ino, d.st_mtime_ns)
    except FileNotFoundError:
        key = (seeds, None, None)
    if _inputs.get("key") != key:  # listed after the directory's stat: an entry added meanwhile is listed again
        _inputs["files"] = (*map(str, build.input_files()), str(paths.manifest_file()))
        _inputs["key"] = key
    out: list = []
    for f in _inputs["files"]:
        try:
            st = os.stat(f)
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return (key, *out)


def _file_version(name: str) -> tuple:
    p = paths.parquet(name)
    st = p.stat()
    return (str(p), st.st_mtime_ns, st.st_size)


def table(name: str, *, include_illustrative: bool = True) -> pd.DataFrame:
    """A whole table. ``include_illustrative=False`` drops illustrative actuals; the actuals without the
    preliminary rows this thread's viewer may not see yet (``store.visibility``)."""
    df = _whole(name, include_illustrative=include_illustrative)
    return visible(df) if name in ("actuals", "base_actuals") else df


def _whole(name: str, *, include_illustrative: bool = True) -> pd.DataFrame:
    ensure_fresh()
    if backend.is_postgres():  # [pg-dispatch] whole tables cached per data version (store/pg_read.py)
        return pg_read.table(name, include_illustrative=include_illustrative)
    key = (str(paths.data_dir()), name, include_illustrative)
    try:
        version = _file_version(name)
    except FileNotFoundError:
        version = None
    hit = _tables.get(key)
    if hit is not None and version is not None and hit[0] == version:
        return hit[1].copy(deep=False)
    df = settled(name, lambda: _read_table(name, include_illustrative))
    if version is not None and version == _file_version(name):
        _tables[key] = (version, df)
    return df.copy(deep=False)


def _version_or_none(name: str) -> tuple | None:
    try:
        return _file_version(name)
    except FileNotFoundError:
        return None


def settled(name: str, run: Callable[[], T]) -> T:
    """``run()`` — a DuckDB read of table ``name``'s file — read again when a writer replaced the
    file in the middle of it (another process's commit: DuckDB may open the path more than once and
    meet two files). An error of a file that did not change is raised as it is."""
    for attempt in range(3):
        before = _version_or_none(name)
        try:
            return run()
        except duckdb.Error:
            if attempt == 2 or _version_or_none(name) == before:
                raise
    raise AssertionError("unreachable")


def _read_table(name: str, include_illustrative: bool) -> pd.DataFrame:
    sql = "SELECT * FROM read_parquet(?)"
    params: list = [table_path(name)]
    if name in ("actuals", "base_actuals") and not include_illustrative:
        sql += " WHERE provenance <> ?"
        params.append("illustrative")
    if name not in ("actuals", "base_actuals"):
        return db.query(sql, params)
    # The writers store these sorted by area, indicator, year, and a plain scan keeps file order:
    # read without ORDER BY (DuckDB's sort of 1 M rows keeps ~200 MB it never gives back) and sort
    # only if the file turns out not to be in order.
    df = db.query(sql, params)
    if _strictly_in_key_order(df):
        return df
    return db.query(sql + " ORDER BY area, indicator, year", params)


def _strictly_in_key_order(df: pd.DataFrame) -> bool:
    """Rows strictly increasing by (area, indicator, year): what ``MultiIndex.is_monotonic_increasing and
    not has_duplicates`` says, compared neighbour by neighbour in Arrow (building that MultiIndex factorized
    1 M strings: half of reading the actuals at county scale). With a NULL key it asks the MultiIndex."""
    cols = [pa.array(df[c]) for c in ("area", "indicator", "year")]
    if len(df) < 2:
        return True
    if any(c.null_count for c in cols):
        keys = pd.MultiIndex.from_arrays([df["area"], df["indicator"], df["year"]])
        return bool(keys.is_monotonic_increasing and not keys.has_duplicates)
    ok = None
    for col in reversed(cols):  # (a, i, y) < (a', i', y'): a < a', or a = a' and (i, y) < (i', y')
        before, after = col.slice(0, len(col) - 1), col.slice(1)
        less = pc.less(before, after)
        ok = less if ok is None else pc.or_(less, pc.and_(pc.equal(before, after), ok))
    return bool(pc.all(ok).as_py())


def record(name: str, key_column: str, key: str) -> dict:
    """One catalog row as a dict (e.g. ``record("targets", "target_id", "PD24-01")``)."""
    t = table(name)
    hit = t[t[key_column] == key]
    if hit.empty:
        raise KeyError(f"unknown {name} {key!r}")
    return hit.iloc[0].to_dict()


def actuals(
    *,
    include_illustrative: bool = True,
    areas: list[str] | None = None,
    indicators: list[str] | None = None,
    up_to_year: int | None = None,
) -> pd.DataFrame:
    """Effective actuals, filtered in DuckDB (not in pandas) so large stores stay fast."""
    if not areas and not indicators and up_to_year is None:
        return table("actuals", include_illustrative=include_illustrative)
    ensure_fresh()
    where: list[str] = []
    source, params = relation("actuals")
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
    sql = f"SELECT * FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return visible(db.query(sql + " ORDER BY area, indicator, year", params))


# ---------------------------------------------------------------- preliminary figures (store.visibility)
_restricted: dict[str, tuple[tuple, pd.DataFrame]] = {}


def restricted(version: str | None = None) -> pd.DataFrame:
    """The preliminary actuals not published yet (area, indicator, year), once per store version and day."""
    key = (stored_version() if version is None else version, visibility.today())
    hit = _restricted.get("r")
    if hit is not None and hit[0] == key:
        return hit[1]
    try:
        rows = visibility.restricted(_preliminary(), _whole("indicators"), key[1])
    except (OSError, duckdb.Error):  # no store built yet: nothing derived exists either
        return pd.DataFrame(columns=visibility.KEY)
    _restricted["r"] = (key, rows)
    return rows


def _preliminary() -> pd.DataFrame:
    """The preliminary actuals (``visibility.PRELIMINARY``) with their key: a DuckDB read of those rows only.
    Reading the whole 1 M-row actuals into pandas for this was most of a restarted server's first
    ``data_version()`` at county scale, although the pages it serves first may never need them."""
    if backend.is_postgres():  # [pg-dispatch] the whole table is this process's Arrow copy already
        return _whole("actuals")
    ensure_fresh()
    sql = "SELECT area, indicator, year, provenance FROM read_parquet(?) WHERE provenance = ?"
    return settled("actuals", lambda: db.query(sql, [table_path("actuals"), visibility.PRELIMINARY]))


def hidden(version: str | None = None) -> pd.DataFrame:
    """The restricted rows this thread's viewer may not see (usually none)."""
    rows = restricted(version)
    return rows if rows.empty else visibility.hidden_from(rows, visibility.viewer())


def visible(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (rows with area, indicator, year) without what this thread's viewer may not see yet."""
    return visibility.drop(df, hidden())


_versions: dict[tuple, str] = {}  # (stored version, day, viewer) → data_version()


def data_version() -> str:
    """Changes whenever any store file changes, and names the preliminary rows this thread's viewer may
    not see (none: the stored version as it is): the cache key for everything derived.

    Called by every cached call, many times per rerun: the stat of the store's files (``stored_version``)
    runs every time, so a commit, in this process or another, is seen at once; what it adds for the hidden
    rows is kept per stored version, day and viewer (what it depends on)."""
    version = stored_version()
    day, viewer = visibility.today(), visibility.viewer()
    key = (version, day, viewer)
    hit = _versions.get(key)
    if hit is not None:
        return hit
    out = version + visibility.version_key(hidden(version))
    kept = _restricted.get("r")
    if kept is not None and kept[0] == (version, day):  # not a store that could not be read (nothing kept)
        if len(_versions) >= 256:
            _versions.clear()
        _versions[key] = out
    return out


def stored_version() -> str:
    """Changes whenever any store file changes (the same for every viewer). One ``resolve`` of the data
    directory and one ``stat`` per store file (``paths.parquet``'s names, without resolving it again)."""
    if backend.is_postgres():  # [pg-dispatch] the version row, polled at most once a second
        return pg_read.data_version()
    store = paths.store_dir()
    parts = []
    for name in paths.STORE_TABLES:
        try:
            st = os.stat(f"{store}/{name}.parquet")
        except (FileNotFoundError, NotADirectoryError):  # what Path.exists() counted as absent
            continue
        parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return f"{store.parent}|" + "|".join(parts)


def tables_version(names: tuple[str, ...]) -> str:
    """The version of these stored tables alone (their Parquet files' times and sizes), for a result that
    reads nothing else: it stays the same across an upload that leaves them alone. On PostgreSQL: the whole
    data version (one version row for every table)."""
    if backend.is_postgres():  # [pg-dispatch] one version row for every table
        return data_version()
    parts = []
    for name in names:
        try:
            st = paths.parquet(name).stat()
        except FileNotFoundError:
            continue
        parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return f"{paths.store_dir()}|tables|" + "|".join(parts)
