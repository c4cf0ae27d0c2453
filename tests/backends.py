"""What the tests read of the write side, on either backend (``IPDASH_STORE`` unset or set).

What the storage object offers (archives, audit lines, accounts) is read through it
(``store.current()``); the rest — the stored tables themselves, not through a cache, whole
snapshots, the lock — from the files or the database directly.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ipdash import paths, store
from ipdash.store import pg, pg_schema
from tests.corpus import helpers

KEY = ["area", "indicator", "year"]
TABLES = (
    "ipdash_meta",
    "ipdash_catalog",
    "base_actuals",
    "actuals",
    "actuals_gone",
    "batches",
    "batch_rows",
    "batch_dtypes",
    "archives",
    "accounts",
    "login_failures",
    "audit_log",
    "milestone_reports",
    "milestone_files",
)


def is_pg() -> bool:
    return store.current().kind == "postgresql"


def effective() -> pd.DataFrame:
    """The stored effective actuals, as the store holds them (not through a cache)."""
    if not is_pg():
        return pd.read_parquet(paths.parquet("actuals"))
    with pg.session() as tx:
        tbl = tx.arrow(f"SELECT {', '.join(pg_schema.ACTUAL_COLUMNS)} FROM actuals ORDER BY area, indicator, year")
    return tbl.to_pandas()


def base() -> pd.DataFrame:
    if not is_pg():
        return pd.read_parquet(paths.parquet("base_actuals"))
    with pg.session() as tx:
        tbl = tx.arrow(f"SELECT {', '.join(pg_schema.ACTUAL_COLUMNS)} FROM base_actuals ORDER BY area, indicator, year")
    return tbl.to_pandas()


def archive(batch_id: str) -> tuple[str, bytes] | None:
    return store.current().archive(batch_id)


def milestone_files() -> dict[str, bytes]:
    """The milestones' archived status and evidence files: {name: bytes}."""
    if not is_pg():
        folder = paths.evidence_dir()
        return {f.name: f.read_bytes() for f in folder.iterdir()} if folder.exists() else {}
    with pg.session() as tx:
        return {n: bytes(d) for n, d in tx.rows("SELECT name, data FROM milestone_files")}


def audit_events() -> list[dict]:
    return [json.loads(x) for x in store.current().audit_lines()]


def accounts() -> dict:
    """``{"users": {...}}`` as stored."""
    return store.current().load_users()


def snapshot(data_dir: Path) -> dict[str, str]:
    """The whole write side: files (local), and every table's content (PostgreSQL)."""
    out = helpers.snapshot(data_dir)
    if is_pg():
        with pg.session() as tx:
            for t in TABLES:
                out[f"pg:{t}"] = tx.one(
                    f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x"
                )
    return {k: v for k, v in out.items() if not k.startswith("store/cache/") and not k.startswith("store/pg-mirror/")}


def locked() -> bool:
    """A writer holds the store's write lock right now."""
    if not is_pg():
        import fcntl

        with open(paths.lock_file(), "a+") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            return False
    with pg.session() as tx:
        return bool(
            tx.one(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = $1 AND granted",
                (pg.WRITE_LOCK,),
            )
        )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
