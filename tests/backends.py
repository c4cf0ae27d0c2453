"""What the tests read of the write side, on either backend (``IPDASH_STORE`` unset or set).

Local assertions keep reading the files themselves; these give the same facts from PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ipdash import paths
from ipdash.store import backend, pg, pg_accounts, pg_read, pg_schema
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
    return backend.is_postgres()


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
    if not is_pg():
        found = sorted(paths.uploads_dir().glob(f"{batch_id}__*"))
        return (found[0].name, found[0].read_bytes()) if found else None
    return pg_read.archive(batch_id)


def milestone_files() -> dict[str, bytes]:
    """The milestones' archived status and evidence files: {name: bytes}."""
    if not is_pg():
        folder = paths.evidence_dir()
        return {f.name: f.read_bytes() for f in folder.iterdir()} if folder.exists() else {}
    with pg.session() as tx:
        return {n: bytes(d) for n, d in tx.rows("SELECT name, data FROM milestone_files")}


def audit_events() -> list[dict]:
    if not is_pg():
        path = paths.audit_log()
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    else:
        lines = pg_accounts.audit_lines()
    return [json.loads(x) for x in lines]


def accounts() -> dict:
    """``{"users": {...}}`` as stored."""
    if not is_pg():
        path = paths.users_file()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"users": {}}
    return pg_accounts.load_users()


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
