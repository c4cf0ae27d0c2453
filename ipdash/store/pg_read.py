"""The PostgreSQL store's read side: tables as Arrow, cached per data version, polled at most once a second.

``data_version()`` is ``pg:<store id>:<version>``; the version row (``ipdash_meta``) is read at most
once a second per process (``POLL_INTERVAL``), and at once after this process wrote. Each table is
loaded as Arrow (ADBC, binary COPY) in one REPEATABLE READ snapshot together with the version it
belongs to, kept until a write changes that table (``ipdash_table_revs``), and registered in the
process's DuckDB under ``relation(name)`` so SQL runs on it in process. After a commit or revert
the effective actuals are not fetched again whole: only rows written since the cached version
(``actuals.rev``) and keys a revert removed (``actuals_gone``) come over and are merged in DuckDB.
Frames come out through the same DuckDB → Arrow → pandas path as the local store's (``db.query``),
so both backends give the same dtypes.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipdash import paths
from ipdash.store import backend, db, pg, pg_schema

POLL_INTERVAL = 1.0  # seconds between two reads of the version row
_COLS = ", ".join(pg_schema.ACTUAL_COLUMNS)
_KEY = "area, indicator, year"
_BATCH_COLS = ", ".join(f'"{c}"' for c in pg_schema.BATCH_DTYPES)


@dataclass(frozen=True)
class Snapshot:
    url: str
    store_id: str
    version: int
    full_rev: int
    revs: dict[str, int]
    at: float


@dataclass(frozen=True)
class _Loaded:
    rev: int
    tbl: pa.Table


_snap: Snapshot | None = None
_lock = threading.Lock()
_tables: dict[tuple[str, str, str], _Loaded] = {}
_frames: dict[tuple[str, str, str, bool], tuple[int, pd.DataFrame]] = {}


def invalidate() -> None:
    """This process wrote: read the version row again on the next call."""
    global _snap
    _snap = None


def poll() -> Snapshot | None:
    """The store's version (at most one query a second); None when the schema is not there yet."""
    global _snap
    url = backend.setting()
    snap = _snap
    if snap is not None and snap.url == url and time.monotonic() - snap.at < POLL_INTERVAL:
        return snap
    with pg.session() as tx:
        if not tx.one("SELECT to_regclass('ipdash_meta') IS NOT NULL"):
            return None
        row = tx.rows(
            "SELECT store_id, version, full_rev, (SELECT coalesce(json_object_agg(name, rev), '{}') "
            "FROM ipdash_table_revs)::text FROM ipdash_meta"
        )[0]
    snap = Snapshot(url, row[0], int(row[1]), int(row[2]), json.loads(row[3]), time.monotonic())
    _snap = snap
    return snap


def data_version() -> str:
    snap = poll()
    if snap is None:
        return f"pg:{backend.target().shown}:uninitialised"
    return f"pg:{snap.store_id}:{snap.version}"


def format_version(store_id: str, version: int) -> str:
    return f"pg:{store_id}:{version}"


def relation(name: str) -> str:
    """The DuckDB name under which ``name`` is registered (loaded first if needed)."""
    _arrow(name)
    return f"ipdash_{name}"


def _arrow(name: str) -> pa.Table:
    if name not in paths.STORE_TABLES:
        raise ValueError(f"unknown table {name!r}")
    snap = poll()
    if snap is None:
        raise backend.StoreUnavailable(
            f"{backend.describe()} has no ipdash schema yet: run python -m ipdash db init (then build or db migrate)"
        )
    key = (snap.url, snap.store_id, name)
    hit = _tables.get(key)
    if hit is None or hit.rev < snap.revs.get(name, 0):  # revs only grow: a newer copy than the poll is fine
        with _lock:
            hit = _tables.get(key)
            if hit is None or hit.rev < snap.revs.get(name, 0):
                hit = _tables[key] = _load(name, hit)
    db.register(f"ipdash_{name}", hit.tbl)
    return hit.tbl


def _load(name: str, hit: _Loaded | None) -> _Loaded:
    with pg.transaction(lock=False, snapshot=True) as tx:
        full_rev = int(tx.one("SELECT full_rev FROM ipdash_meta"))
        rev = int(tx.one("SELECT coalesce(max(rev), 0) FROM ipdash_table_revs WHERE name = $1", (name,)))
        if name in paths.CATALOG_TABLES:
            blob = tx.one("SELECT parquet FROM ipdash_catalog WHERE name = $1", (name,))
            if blob is None:
                raise backend.StoreUnavailable(f"{backend.describe()} has not been built: run python -m ipdash build")
            return _Loaded(rev, pq.read_table(io.BytesIO(blob)))
        if name == "batches":
            return _Loaded(rev, tx.arrow(f"SELECT {_BATCH_COLS} FROM batches ORDER BY seq"))
        if name == "actuals" and hit is not None and hit.rev >= full_rev:
            upd = tx.arrow(f"SELECT {_COLS} FROM actuals WHERE rev > $1 ORDER BY {_KEY}", (hit.rev,))
            gone = tx.arrow(f"SELECT {_KEY} FROM actuals_gone WHERE rev > $1", (hit.rev,))
            return _Loaded(rev, _merge(hit.tbl, upd, gone))
        return _Loaded(rev, tx.arrow(f"SELECT {_COLS} FROM {name} ORDER BY {_KEY}"))


def _merge(old: pa.Table, upd: pa.Table, gone: pa.Table) -> pa.Table:
    """``old`` without the keys of ``upd`` and ``gone``, plus ``upd``, in key order.

    Keys become one int64 each (area and indicator as their rank among the sorted distinct
    values — byte order, as the store sorts — then the year), so dropping and merging is numpy
    work on integers rather than a sort of 1 M rows of text: both inputs are sorted already."""
    if upd.num_rows == 0 and gone.num_rows == 0:
        return old
    upd = upd.cast(old.schema)
    dicts = {}
    for col in ("area", "indicator"):
        values = pa.concat_arrays([t[col].combine_chunks().cast(pa.string()) for t in (old, upd, gone)])
        uniq = pc.unique(values)
        dicts[col] = uniq.take(pc.sort_indices(uniq))
    width = len(dicts["indicator"])

    def key(t: pa.Table) -> np.ndarray:
        a, i = (pc.index_in(t[c].cast(pa.string()), value_set=dicts[c]).to_numpy(zero_copy_only=False) for c in _PARTS)
        year = t["year"].to_numpy().astype(np.int64) + 100_000
        return (a.astype(np.int64) * width + i.astype(np.int64)) * 1_000_000 + year

    k_old, k_upd = key(old), key(upd)
    kept = np.flatnonzero(~np.isin(k_old, np.concatenate([k_upd, key(gone)])))
    rows = np.concatenate([kept, len(old) + np.arange(len(k_upd))])
    order = rows[np.argsort(np.concatenate([k_old[kept], k_upd]), kind="stable")]
    return pa.concat_tables([old, upd]).take(pa.array(order))


_PARTS = ("area", "indicator")


def table(name: str, *, include_illustrative: bool = True) -> pd.DataFrame:
    """A whole table, as ``store.read.table`` gives it for the local store."""
    _arrow(name)
    snap = poll()
    assert snap is not None
    key = (snap.url, snap.store_id, name, include_illustrative)
    rev = _tables[(snap.url, snap.store_id, name)].rev
    hit = _frames.get(key)
    if (hit is None or hit[0] != rev) and name in ("actuals", "base_actuals") and include_illustrative:
        # the Arrow copy straight to pandas: the same dtypes as the DuckDB pass below for these
        # columns (tests compare both backends), without a second scan of 1 M rows
        fast = db._arrow_frame(_tables[(snap.url, snap.store_id, name)].tbl)
        if fast is not None:
            hit = _frames[key] = (rev, fast)
    if hit is None or hit[0] != rev:
        rel = relation(name)
        sql, params = f"SELECT * FROM {rel}", []
        if name in ("actuals", "base_actuals") and not include_illustrative:
            sql += " WHERE provenance <> ?"
            params.append("illustrative")
        hit = _frames[key] = (rev, db.query(sql, params))
    return hit[1].copy(deep=False)


def batch_log() -> pd.DataFrame:
    """The batch log in commit order, with the local log's dtypes (always read fresh)."""
    with pg.session() as tx:
        tbl = tx.arrow(f"SELECT {_BATCH_COLS} FROM batches ORDER BY seq")
    return tbl.to_pandas().astype(pg_schema.BATCH_DTYPES)


def batch_rows(batch_id: str) -> pd.DataFrame | None:
    """The rows of one batch in upload order; None when there is no such batch."""
    with pg.session() as tx:
        if not tx.one("SELECT count(*) FROM batches WHERE batch_id = $1", (batch_id,)):
            return None
        tbl = tx.arrow(f"SELECT {_COLS} FROM batch_rows WHERE batch_id = $1 ORDER BY ord", (batch_id,))
    return tbl.to_pandas()


def archive(batch_id: str) -> tuple[str, bytes] | None:
    """(archived file name, the uploaded bytes) of one batch."""
    with pg.session() as tx:
        rows = tx.rows("SELECT name, data FROM archives WHERE batch_id = $1", (batch_id,))
    return (rows[0][0], bytes(rows[0][1])) if rows else None


def mirror_path(name: str) -> str:
    """A local Parquet copy of ``name`` at this version, for code that reads ``read_parquet(path)``."""
    tbl = _arrow(name)
    snap = poll()
    assert snap is not None
    rev = _tables[(snap.url, snap.store_id, name)].rev
    out = paths.store_dir() / "pg-mirror" / f"{name}-{snap.store_id}-{rev}.parquet"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        pq.write_table(tbl, tmp)
        os.replace(tmp, out)
        for old in out.parent.glob(f"{name}-*.parquet"):
            if old != out:
                old.unlink(missing_ok=True)
    return str(out)


def clear() -> None:
    """Forget every cached table (tests switch databases)."""
    invalidate()
    _tables.clear()
    _frames.clear()


def manifest() -> dict | None:
    with pg.session() as tx:
        text = tx.one("SELECT manifest FROM ipdash_meta")
    return json.loads(text) if text else None
