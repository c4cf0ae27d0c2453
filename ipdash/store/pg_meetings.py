"""Meetings, commitments and their progress reports in the PostgreSQL store (migration 5).

``meetings``, ``commitments``, ``commitment_reports`` [store/meetings.json]: the same records as the local
store's file (``store.local_meetings``), ``schema.MEETINGS`` / ``COMMITMENTS`` / ``COMMITMENT_REPORTS``, in
the order written (``seq``). ``append`` is ONE transaction — every row of the call, or none — run under the
store's write lock, which the caller holds; it bumps the tables' own counter (the ``meetings`` row of
``ipdash_table_revs``), not the data version: no page judges the targets again for a commitment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash import schema
from ipdash.store import backend, local_meetings, pg, pg_read

REVS_NAME = "meetings"  # its row in ipdash_table_revs
NAMES = local_meetings.NAMES


def _cols(t: schema.Table) -> str:
    return ", ".join(f'"{c}"' for c in t.names)


def version() -> str:
    snap = pg_read.poll()
    if snap is None:
        return f"pg:{backend.target().shown}:uninitialised:none"
    return f"pg:{snap.store_id}:meetings:{snap.revs.get(REVS_NAME, 0)}"


def refresh() -> None:
    pg_read.invalidate()


def _records(tx: pg.Tx, name: str) -> list[dict]:
    t = schema.table(name)
    return [dict(zip(t.names, (str(x) for x in r))) for r in tx.rows(f"SELECT {_cols(t)} FROM {name} ORDER BY seq")]


def table(name: str) -> pd.DataFrame:
    with pg.session() as tx:
        return local_meetings.frame(_records(tx, name), schema.table(name))


def _insert(tx: pg.Tx, rows: dict[str, list[dict]]) -> None:
    for name, recs in rows.items():
        t = schema.table(name)
        marks = ", ".join(f"${i + 1}" for i in range(len(t.names)))
        for rec in recs:
            got = tx.rows(
                f"INSERT INTO {name} ({_cols(t)}) VALUES ({marks}) ON CONFLICT DO NOTHING RETURNING 1",
                [str(rec.get(c, "") or "") for c in t.names],
            )
            if not got:
                raise ValueError(f"{name}: {', '.join(str(rec.get(k, '')) for k in t.key)} exists already")
    tx.run(
        "INSERT INTO ipdash_table_revs VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET rev = ipdash_table_revs.rev + 1",
        (REVS_NAME,),
    )


def append(rows: dict[str, list[dict]]) -> None:
    """Add the records of ``rows`` in one transaction (the caller holds the write lock)."""
    with pg.transaction(lock=False) as tx:
        _insert(tx, rows)
    pg_read.invalidate()


# ---------------------------------------------------------------- db migrate / db export (store.pg_transfer)
def copy_in(tx: pg.Tx, src: Path) -> int:
    """Inside ``db migrate``'s transaction: data directory ``src``'s file into the (emptied) tables;
    returns the rows copied."""
    tx.run("TRUNCATE meetings, commitments, commitment_reports")
    data = local_meetings.load(src / "store" / "meetings.json")
    _insert(tx, data)
    return sum(len(v) for v in data.values())


def copy_out(tx: pg.Tx, dest: Path, write: Callable[[Path, bytes], None]) -> int:
    """Inside ``db export``'s snapshot: ``store/meetings.json`` as the local store writes it."""
    data = {n: _records(tx, n) for n in NAMES}
    n = sum(len(v) for v in data.values())
    if n:
        write(dest / "store" / "meetings.json", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return n
