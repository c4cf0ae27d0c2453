"""The milestones' report history (台账) and their archived files in the PostgreSQL store (migration 2).

``store.postgres.PgStore`` hands ``store.milestones``' reads and appends here when ``IPDASH_STORE``
names a database. The tables (pg_schema, migration 2) hold what the local store keeps in files:
``milestone_reports`` [store/milestone_reports.parquet], one row per report in the order written
(``seq``), and ``milestone_files`` [uploads/milestones/<name>], the status files and evidence files
archived unchanged. A report is never changed once written.

As on the local store, reports are outside ``data_version()``: appending them does not bump the data
version (no page judges every target again); it bumps their own counter, the ``milestone_reports``
row of ``ipdash_table_revs``, which ``version()`` reads from the polled version row (at most once a
second; at once after this process wrote, or after ``refresh()``). ``append`` is ONE transaction —
files and rows together, or nothing — and runs under the store's write lock, which the caller holds
(``store.write.write_lock()``, the advisory lock on another connection of this process).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash.store import backend, pg, pg_read, pg_schema

REVS_NAME = "milestone_reports"  # its row in ipdash_table_revs: the reports' own counter
_COLS = ", ".join(f'"{c}"' for c in pg_schema.REPORT_COLUMNS)


def version() -> str:
    snap = pg_read.poll()
    if snap is None:
        return f"pg:{backend.target().shown}:uninitialised:none"
    return f"pg:{snap.store_id}:reports:{snap.revs.get(REVS_NAME, 0)}"


def refresh() -> None:
    """Read the version row again on the next call (a writer checking for reports made meanwhile)."""
    pg_read.invalidate()


def _frame(tbl) -> pd.DataFrame:
    """Rows as the local store's file holds them: text columns of Python strings, empty for none."""
    return tbl.to_pandas()[list(pg_schema.REPORT_COLUMNS)].astype(object).fillna("")


def reports() -> pd.DataFrame:
    """Every report in the order written."""
    with pg.session() as tx:
        return _frame(tx.arrow(f"SELECT {_COLS} FROM milestone_reports ORDER BY seq"))


def _insert(tx: pg.Tx, rows: pd.DataFrame, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        tx.run("INSERT INTO milestone_files VALUES ($1, $2)", (name, data))
    marks = ", ".join(f"${i + 1}" for i in range(len(pg_schema.REPORT_COLUMNS)))
    for rec in rows[list(pg_schema.REPORT_COLUMNS)].astype(object).fillna("").itertuples(index=False):
        tx.run(f"INSERT INTO milestone_reports ({_COLS}) VALUES ({marks})", [str(x) for x in rec])
    tx.run(
        "INSERT INTO ipdash_table_revs VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET rev = ipdash_table_revs.rev + 1",
        (REVS_NAME,),
    )


def append(rows: pd.DataFrame, files: dict[str, bytes]) -> None:
    """Add report rows and their archived files in one transaction (caller holds the write lock)."""
    with pg.transaction(lock=False) as tx:
        _insert(tx, rows, files)
    pg_read.invalidate()


def file(name: str) -> bytes | None:
    """An archived status or evidence file."""
    with pg.session() as tx:
        data = tx.one("SELECT data FROM milestone_files WHERE name = $1", (name,))
    return None if data is None else bytes(data)


# ---------------------------------------------------------------- db migrate / db export (store.pg_transfer)
def copy_in(tx: pg.Tx, src: Path) -> int:
    """Inside ``db migrate``'s transaction: the reports and archived files of data directory ``src``."""
    tx.run("TRUNCATE milestone_reports, milestone_files")
    path = src / "store" / "milestone_reports.parquet"
    rows = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=list(pg_schema.REPORT_COLUMNS))
    folder = src / "uploads" / "milestones"
    files = {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()} if folder.is_dir() else {}
    _insert(tx, rows, files)
    return len(rows)


def copy_out(tx: pg.Tx, dest: Path, write: Callable[[Path, bytes], None]) -> int:
    """Inside ``db export``'s snapshot: ``write(path, bytes)`` each file as the local store has it."""
    df = _frame(tx.arrow(f"SELECT {_COLS} FROM milestone_reports ORDER BY seq"))
    if len(df):  # the local append's writer: DataFrame.to_parquet
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        write(dest / "store" / "milestone_reports.parquet", buf.getvalue())
    for name, data in tx.rows("SELECT name, data FROM milestone_files ORDER BY name"):
        write(dest / "uploads" / "milestones" / name, bytes(data))
    return len(df)
