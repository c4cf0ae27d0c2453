"""Check-ins on targets in the PostgreSQL store (migration 4): the ``checkins`` table [store/checkins.json].

The same records as the local store's file (``store.local_checkins``, ``schema.CHECKINS``), in the order
written (``seq``). A check-in is ONE transaction under the store's write lock: the caller's
``check_version`` sees the data version as it is then (``ipdash_meta``), then the row, its audit line and
the check-ins' own counter (the ``checkins`` row of ``ipdash_table_revs``, which ``version()`` reads from the
polled version row) go in together. The data version itself is not bumped: no page judges every target
again for a check-in.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ipdash import schema
from ipdash.store import backend, pg, pg_accounts, pg_read
from ipdash.store.base import audit_line

REVS_NAME = "checkins"
_COLS = ", ".join(f'"{c}"' for c in schema.CHECKINS.names)
_MARKS = ", ".join(f"${i + 1}" for i in range(len(schema.CHECKINS.names)))


def version() -> str:
    snap = pg_read.poll()
    if snap is None:
        return f"pg:{backend.target().shown}:uninitialised:none"
    return f"pg:{snap.store_id}:checkins:{snap.revs.get(REVS_NAME, 0)}"


def _frame(rows: list) -> pd.DataFrame:
    return pd.DataFrame([[str(x) for x in r] for r in rows], columns=list(schema.CHECKINS.names)).astype(object)


def checkins(tx: pg.Tx | None = None) -> pd.DataFrame:
    """Every check-in in the order written."""
    if tx is not None:
        return _frame(tx.rows(f"SELECT {_COLS} FROM checkins ORDER BY seq"))
    with pg.session() as tx2:
        return _frame(tx2.rows(f"SELECT {_COLS} FROM checkins ORDER BY seq"))


def insert(tx: pg.Tx, record: dict) -> None:
    tx.run(
        f"INSERT INTO checkins ({_COLS}) VALUES ({_MARKS})",
        [str(record.get(c, "") or "") for c in schema.CHECKINS.names],
    )


def _count(tx: pg.Tx) -> None:
    tx.run(
        "INSERT INTO ipdash_table_revs VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET rev = ipdash_table_revs.rev + 1",
        (REVS_NAME,),
    )


def add(record: dict, audit_fields: dict, *, check_version: Callable[[str], None]) -> dict:
    """Check the data version, write the row and its audit line: one transaction under the write lock."""
    row = {c: str(record.get(c, "") or "") for c in schema.CHECKINS.names}
    with pg.transaction() as tx:
        store_id, v = tx.rows("SELECT store_id, version FROM ipdash_meta WHERE id = 1")[0]
        check_version(pg_read.format_version(str(store_id), int(v)))
        if tx.one("SELECT count(*) FROM checkins WHERE checkin_id = $1", (row["checkin_id"],)):
            raise ValueError(f"a check-in {row['checkin_id']!r} exists already")
        insert(tx, row)
        rec, line = audit_line("checkin", audit_fields)
        pg_accounts.insert_line(tx, rec, line)
        _count(tx)
    pg_read.invalidate()
    return row


# ---------------------------------------------------------------- db migrate / db export (store.pg_transfer)
def copy_in(tx: pg.Tx, rows: list[dict]) -> int:
    """``db migrate``: the local file's records into the (emptied) table."""
    tx.run("TRUNCATE checkins")
    for rec in rows:
        insert(tx, rec)
    _count(tx)
    return len(rows)


def copy_out(tx: pg.Tx) -> list[dict]:
    """``db export``: the records as the local file holds them."""
    return checkins(tx).to_dict("records")
