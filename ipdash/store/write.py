"""The write side of the store: one writer at a time, every file replaced atomically.

A reader never sees a half-written Parquet file: each write goes to a temporary file in the
same directory, is flushed to disk, then ``os.replace``d over the old one. Writers serialise
on an ``fcntl`` lock file, so parallel ingest processes queue instead of losing rows.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from ipdash import paths, schema
from ipdash.store import backend, db, pg, pg_read, pg_write
from ipdash.store.backend import LockTimeout

ACTUAL_COLUMNS = schema.ACTUALS.names
BATCH_COLUMNS = schema.BATCHES.names


def conform(df: pd.DataFrame, table: schema.Table | None = None) -> pd.DataFrame:
    """``df`` with exactly ``table``'s columns (default: the actuals), in order; a nullable column it
    lacks (one added to ipdash/schema.py that its source does not know) is added empty."""
    t = table or schema.ACTUALS
    missing = [c for c in t.columns if c.name not in df.columns]
    required = [c.name for c in missing if not c.nullable]
    if required:
        raise KeyError(f"{t.name} rows lack the required columns {required}")
    fill = {c.name: pd.Series(None, index=df.index, dtype=c.dtype) for c in missing}
    return df.assign(**fill)[list(t.names)]


@contextlib.contextmanager
def write_lock(timeout: float = 60.0) -> Iterator[None]:
    """Exclusive, process-wide and cross-process lock on the data directory's store."""
    if backend.is_postgres():  # [pg-dispatch] the store's advisory lock, held by an open transaction
        with pg.transaction():
            yield
        return
    lock = paths.lock_file()
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"another process holds {lock} for more than {timeout:.0f} s; "
                        "wait for it to finish, then try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(path: Path, write) -> None:
    """``write(tmp_path)`` produces the new file; it then replaces ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    replace_atomically(path, lambda tmp: df.to_parquet(tmp, index=False))


def write_bytes(data: bytes, path: Path) -> None:
    replace_atomically(path, lambda tmp: tmp.write_bytes(data))


def empty_batches() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in schema.BATCHES.dtypes.items()})


def read_batches() -> pd.DataFrame:
    if backend.is_postgres():  # [pg-dispatch] the batch log table, in commit order
        return pg_read.batch_log()
    path = paths.parquet("batches")
    return pd.read_parquet(path) if path.exists() else empty_batches()


_SQL_TYPE = {"int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN", "string": "VARCHAR"}


def _select(files: str | list[str]) -> tuple[str, str]:
    """(select list, ``read_parquet`` options) of the actuals columns of Parquet ``files``. A column a file
    lacks (added to ipdash/schema.py after it was written: a batch committed before) is NULL there."""
    names = schema.ACTUALS.names
    got = db.arrow("SELECT file_name, name FROM parquet_schema(?)", [files]).to_pylist()
    per_file: dict[str, set[str]] = {}
    for r in got:
        per_file.setdefault(r["file_name"], set()).add(r["name"])
    if all(set(names) <= have for have in per_file.values()):
        return ", ".join(names), ""
    union = set().union(*per_file.values())
    cols = (
        c.name if c.name in union else f"CAST(NULL AS {_SQL_TYPE[c.arrow]}) AS {c.name}" for c in schema.ACTUALS.columns
    )
    return ", ".join(cols), ", union_by_name = true"


def _effective_sql(batches: pd.DataFrame) -> tuple[str, list]:
    active = batches[batches["status"] == "active"].sort_values("committed_at")
    files = [str(paths.batches_dir() / f"{b}.parquet") for b in active["batch_id"]]
    files = [f for f in files if Path(f).exists()]
    cols = ", ".join(ACTUAL_COLUMNS)
    base = str(paths.parquet("base_actuals"))
    sel, opt = _select(base)
    sql = f"SELECT {sel}, 0 AS _prio, 0 AS _order FROM read_parquet(?{opt})"
    params: list = [base]
    if files:
        order = {b: i + 1 for i, b in enumerate(active["batch_id"])}
        cases = " ".join(f"WHEN ? THEN {i}" for i in order.values())
        sel, opt = _select(files)
        sql += (
            f" UNION ALL SELECT {sel}, 1 AS _prio, CASE batch_id {cases} ELSE 0 END AS _order FROM read_parquet(?{opt})"
        )
        params += [*list(order.keys()), files]
    sql = (
        f"SELECT {cols} FROM ({sql}) QUALIFY row_number() OVER (PARTITION BY area, indicator, year "
        "ORDER BY _prio DESC, _order DESC) = 1 ORDER BY area, indicator, year"
    )
    return sql, params


def duckdb_copy(sql: str, params: list, tmp: Path) -> None:
    """``COPY (sql) TO tmp`` — DuckDB's I/O failure (disk full) raised as the ``OSError`` it is, so
    the store's fault handling (roll back, or say committed) sees it; DuckDB's own ``tmp_`` file goes."""
    try:
        db.execute(f"COPY ({sql}) TO ? (FORMAT parquet)", [*params, str(tmp)])
    except duckdb.IOException as exc:
        text = str(exc)
        code = errno.ENOSPC if "space" in text.lower() else errno.EIO
        raise OSError(code, f"{os.strerror(code)} ({text.splitlines()[0][:200]})") from exc
    finally:
        with contextlib.suppress(OSError):
            (tmp.parent / f"tmp_{tmp.name}").unlink(missing_ok=True)


def prepare_effective(batches: pd.DataFrame) -> Path:
    """The effective actuals for the batch log ``batches``, written (and fsync'd) to a temporary
    file beside ``actuals.parquet`` — before a commit point, so a full disk leaves nothing behind."""
    target = paths.parquet("actuals")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        sql, params = _effective_sql(batches)
        duckdb_copy(sql, params, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def install_effective(tmp: Path) -> None:
    """Put a prepared ``actuals.parquet`` in place (a rename: needs no space), stamped now so it is
    newer than the log it was made for."""
    target = paths.parquet("actuals")
    os.replace(tmp, target)
    os.utime(target)
    _fsync_dir(target.parent)


def rebuild_effective() -> None:
    """actuals.parquet := base rows overlaid by every active batch (the latest batch wins).

    Call with ``write_lock()`` held.
    """
    if backend.is_postgres():  # [pg-dispatch] one transaction in PostgreSQL (store/pg_write.py)
        with pg.transaction() as tx:
            pg_write.rebuild_effective(tx)
        pg_read.invalidate()
        return
    install_effective(prepare_effective(read_batches()))
