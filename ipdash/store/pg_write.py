"""The PostgreSQL store's write side: build, commit and revert, each ONE transaction under the write lock.

Every function here runs inside ``pg.transaction()``, which takes the store's advisory lock first,
so writers on every machine queue behind one another, and a process killed at any point leaves
nothing to repair: PostgreSQL rolls the transaction back. Each write bumps the data version
(``pg_schema.bump``) in the same transaction, which is what the replicas poll.

A batch's rows arrive through COPY into a temporary table (``_stage``) that is ANALYZEd before
any join: the planner then knows the real size of a brand-new batch, which ``batch_rows``'
statistics cannot tell it yet, and the joins on the batch's keys use the primary keys.

The functions take plain data and callables, never ``ingest`` types (the store sits below ingest):
the caller's checks (``check_version``, ``classify``, ``check``) raise its own exceptions under the
lock, ``hook(step)`` is the crash-test hook. ``store.postgres.PgStore`` is their one caller.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import pyarrow as pa

from ipdash import schema
from ipdash.store import pg, pg_accounts, pg_read, pg_schema
from ipdash.store.base import Hook, now_iso

_COLS = ", ".join(pg_schema.ACTUAL_COLUMNS)
_KEY = "area, indicator, year"
_BATCH_COLS = ", ".join(f'"{c}"' for c in pg_schema.BATCH_DTYPES)
_SET = ", ".join(f"{c} = excluded.{c}" for c in pg_schema.ACTUAL_COLUMNS[3:]) + ", rev = excluded.rev"
ARROW_SCHEMA = pa.schema([pa.field(c.name, pa.type_for_alias(c.arrow)) for c in schema.ACTUALS.columns])
MakeError = Callable[[str, str], Exception]


def actuals_arrow(df: pd.DataFrame) -> pa.Table:
    """Rows in the store's column order and types (pandas strings → Arrow strings)."""
    return pa.Table.from_pandas(df[list(pg_schema.ACTUAL_COLUMNS)], schema=ARROW_SCHEMA, preserve_index=False)


def _winners(keys: str | None) -> str:
    """SELECT of the effective rows — base overlaid by active batches, the latest batch wins —
    for every key, or only those in the temp table ``keys``."""
    join = f" JOIN {keys} k USING ({_KEY})" if keys else ""
    return (
        f"SELECT DISTINCT ON ({_KEY}) {_COLS} FROM ("
        f"SELECT {_COLS}, 0::bigint AS prio, 0 AS ord FROM base_actuals{join} "
        f"UNION ALL SELECT {', '.join('r.' + c for c in pg_schema.ACTUAL_COLUMNS)}, s.seq, r.ord "
        f"FROM batch_rows r{join} JOIN batches s ON s.batch_id = r.batch_id "
        f"WHERE s.status = 'active') u ORDER BY {_KEY}, prio DESC, ord DESC"
    )


def rebuild_effective(tx: pg.Tx, *also: str) -> int:
    """Recompute every effective actual (build, migrate); a new version (stamped on ``also`` too)
    that every replica reloads whole."""
    version = pg_schema.bump(tx, "actuals", *also, full=True)
    tx.run("TRUNCATE actuals, actuals_gone")
    tx.run(f"INSERT INTO actuals ({_COLS}, rev) SELECT w.*, $1::bigint FROM ({_winners(None)}) w", (version,))
    return version


def write_build(frames: dict[str, pd.DataFrame], base: pd.DataFrame, manifest: dict) -> None:
    """The build's output: catalog tables (as the Parquet the local store would write), the base
    actuals, the effective actuals recomputed over them; uploaded batches are kept."""
    pg_schema.init()
    with pg.transaction() as tx:
        for name, df in frames.items():
            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            tx.run(
                "INSERT INTO ipdash_catalog VALUES ($1, $2, $3) "
                "ON CONFLICT (name) DO UPDATE SET parquet = excluded.parquet, n_rows = excluded.n_rows",
                (name, buf.getvalue(), len(df)),
            )
        tx.run("TRUNCATE base_actuals")
        tx.ingest("base_actuals", actuals_arrow(base))
        rebuild_effective(tx, *frames, "base_actuals", "batches")
        tx.run(
            "UPDATE ipdash_meta SET manifest = $1 WHERE id = 1",
            (json.dumps(manifest, ensure_ascii=False, indent=1),),
        )
    pg_read.invalidate()


def _stage(tx: pg.Tx, rows: pd.DataFrame) -> None:
    """The batch's rows in the temp table ``_batch`` (COPY), with their order, ANALYZEd."""
    tbl = actuals_arrow(rows).append_column("ord", pa.array(range(len(rows)), pa.int32()))
    tx.ingest("_batch", tbl, temporary=True)
    tx.run("ANALYZE _batch")


def commit(
    rows: pd.DataFrame,
    entry: dict,
    audit_fields: dict,
    archive_name: str,
    data: bytes,
    *,
    check_version: Callable[[str], None],
    classify: Callable[[pd.DataFrame | None], dict[str, int]],
    hook: Hook,
) -> dict:
    """One batch in one transaction: log row, rows, archived original, effective actuals, audit.

    ``rows``: the batch's rows (``batch_id`` set); ``entry``: its log row, whose ``n_new`` and
    ``n_changed`` come from ``classify(current rows of the batch's keys)`` under the lock;
    ``check_version(the data version now)`` may refuse (a stale preview); see ``base.Store.commit_batch``."""
    with pg.transaction() as tx:
        store_id, version = tx.rows("SELECT store_id, version FROM ipdash_meta")[0]
        check_version(pg_read.format_version(store_id, version))
        _stage(tx, rows)
        current = tx.arrow(
            f"SELECT {', '.join('a.' + c for c in pg_schema.ACTUAL_COLUMNS)} "
            f"FROM actuals a JOIN _batch b USING ({_KEY})"
        )
        n = classify(current.to_pandas())
        counted = {"n_new": n["new"], "n_changed": n["changed"]}
        entry = {**entry, "committed_at": now_iso(), **counted}
        hook("start")
        cols = list(pg_schema.BATCH_DTYPES)
        tx.run(
            f"INSERT INTO batches ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)}) "
            f"VALUES ({', '.join(f'${i + 1}' for i in range(len(cols)))})",
            [entry[c] for c in cols],
        )
        tx.run(f"INSERT INTO batch_rows (ord, {_COLS}) SELECT ord, {_COLS} FROM _batch")
        tx.run("INSERT INTO batch_dtypes VALUES ($1, $2::json)", (entry["batch_id"], pg_schema.dtypes_json(rows)))
        hook("batch_file")
        tx.run("INSERT INTO archives VALUES ($1, $2, $3)", (entry["batch_id"], archive_name, data))
        hook("archive")
        version = pg_schema.bump(tx, "actuals", "batches")
        tx.run(
            f"INSERT INTO actuals ({_COLS}, rev) SELECT {_COLS}, $1::bigint FROM _batch "
            f"ON CONFLICT ({_KEY}) DO UPDATE SET {_SET}",
            (version,),
        )
        hook("log")
        tx.run("DROP TABLE _batch")
        pg_accounts.insert_audit(tx, "upload", {**audit_fields, **counted})
        hook("effective")
    pg_read.invalidate()
    hook("committed")
    return entry


def revert(
    batch_id: str,
    user: str,
    reverted_at: str,
    *,
    check: Callable[[str | None, list[str]], None],
    hook: Hook,
) -> dict:
    """Mark a batch reverted and recompute the effective actuals of its keys, in one transaction;
    ``check(its status or None, its areas)`` may refuse first."""
    with pg.transaction() as tx:
        found = tx.rows("SELECT status FROM batches WHERE batch_id = $1", (batch_id,))
        status = str(found[0][0]) if found else None
        areas: list[str] = []
        if status == "active":
            sql = "SELECT DISTINCT area FROM batch_rows WHERE batch_id = $1 ORDER BY area"
            areas = [str(r[0]) for r in tx.rows(sql, (batch_id,))]
        check(status, areas)
        tx.run(
            f"CREATE TEMP TABLE _keys ON COMMIT DROP AS SELECT DISTINCT {_KEY} FROM batch_rows WHERE batch_id = $1",
            (batch_id,),
        )
        tx.run("ANALYZE _keys")
        tx.run(
            "UPDATE batches SET status = 'reverted', reverted_at = $2, reverted_by = $3 WHERE batch_id = $1",
            (batch_id, reverted_at, user),
        )
        hook("revert_log")
        version = pg_schema.bump(tx, "actuals", "batches")
        tx.run(f"CREATE TEMP TABLE _win ON COMMIT DROP AS {_winners('_keys')}")
        tx.run(
            f"INSERT INTO actuals_gone ({_KEY}, rev) SELECT {_KEY}, $1::bigint FROM _keys k "
            "WHERE NOT EXISTS (SELECT 1 FROM _win w "
            "WHERE (w.area, w.indicator, w.year) = (k.area, k.indicator, k.year)) "
            "ON CONFLICT (area, indicator, year) DO UPDATE SET rev = excluded.rev",
            (version,),
        )
        tx.run(
            "DELETE FROM actuals a USING actuals_gone g WHERE g.rev = $1 AND (a.area, a.indicator, a.year) = "
            "(g.area, g.indicator, g.year)",
            (version,),
        )
        tx.run(
            f"INSERT INTO actuals ({_COLS}, rev) SELECT {_COLS}, $1::bigint FROM _win "
            f"ON CONFLICT ({_KEY}) DO UPDATE SET {_SET}",
            (version,),
        )
        pg_accounts.insert_audit(tx, "revert", {"user": user, "batch_id": batch_id})
        row = tx.rows(
            f"SELECT {_BATCH_COLS} FROM batches WHERE batch_id = $1",
            (batch_id,),
        )[0]
    pg_read.invalidate()
    return dict(zip(pg_schema.BATCH_DTYPES, row))


def is_fresh(stat: Callable[[], str], content: Callable[[], str], newest_input: Callable[[], float]) -> bool:
    """The build in the database is the one of this machine's inputs — or newer: a replica on an
    older checkout does not roll the shared store back (it rebuilds only when its inputs are newer)."""
    if not pg_schema.is_current():
        return False
    man = pg_read.manifest()
    if not man:
        return False
    if man.get("stat") == stat():
        return True
    key = (man.get("content"), stat())
    if key in _content_checked:
        return _content_checked[key]
    fresh = man.get("content") == content()
    if not fresh:
        built = pd.Timestamp(man.get("built_at", "1970-01-01T00:00:00+00:00")).timestamp()
        fresh = newest_input() <= built
    _content_checked[key] = fresh
    return fresh


_content_checked: dict[tuple, bool] = {}
