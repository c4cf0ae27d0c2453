"""Subscriptions and the notification outbox in the PostgreSQL store (migration 3).

``subscriptions`` [store/subscriptions.json], ``outbox`` and ``notified`` [store/outbox.json]: the same
records as the local store's files (``store.local_notify``), ``schema.SUBSCRIPTIONS`` / ``OUTBOX`` /
``NOTIFIED``. Each change is one transaction under the store's write lock; an enqueue inserts its
messages (a key already there is kept as it is: ``ON CONFLICT DO NOTHING``) and its versions together.
None of them touches the data version: no page judges the targets again for an outbox row.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pandas as pd

from ipdash import schema
from ipdash.store import pg
from ipdash.store.backend import LockTimeout

SENDER_LOCK = pg.WRITE_LOCK + 1  # the advisory-lock key of the one sender at a time


def _cols(table: schema.Table) -> str:
    return ", ".join(f'"{c}"' for c in table.names)


def _marks(n: int) -> str:
    return ", ".join(f"${i + 1}" for i in range(n))


def _frame(tx: pg.Tx, table: schema.Table, sql: str, params: tuple = ()) -> pd.DataFrame:
    rows = tx.rows(sql, params)
    df = pd.DataFrame([list(r) for r in rows], columns=list(table.names))
    return (
        df.astype(table.dtypes) if len(df) else pd.DataFrame({c: pd.Series(dtype=t) for c, t in table.dtypes.items()})
    )


def subscriptions() -> pd.DataFrame:
    t = schema.SUBSCRIPTIONS
    with pg.session() as tx:
        return _frame(tx, t, f"SELECT {_cols(t)} FROM subscriptions ORDER BY seq")


def insert_subscription(tx: pg.Tx, record: dict) -> None:
    t = schema.SUBSCRIPTIONS
    tx.run(
        f"INSERT INTO subscriptions ({_cols(t)}) VALUES ({_marks(len(t.names))})",
        [str(record.get(c, "")) for c in t.names],
    )


def add_subscription(record: dict) -> None:
    with pg.transaction() as tx:
        if tx.one("SELECT count(*) FROM subscriptions WHERE id = $1", (record["id"],)):
            raise ValueError(f"a subscription {record['id']!r} exists already")
        insert_subscription(tx, record)


def remove_subscription(sub_id: str) -> bool:
    with pg.transaction() as tx:
        return bool(tx.rows("DELETE FROM subscriptions WHERE id = $1 RETURNING id", (sub_id,)))


def insert_messages(tx: pg.Tx, rows: list[dict]) -> int:
    t = schema.OUTBOX
    added = 0
    for rec in rows:
        got = tx.rows(
            f"INSERT INTO outbox ({_cols(t)}) VALUES ({_marks(len(t.names))})"
            " ON CONFLICT (key) DO NOTHING RETURNING key",
            [int(rec.get(c, 0)) if c == "attempts" else str(rec.get(c, "")) for c in t.names],
        )
        added += len(got)
    return added


def enqueue(rows: list[dict], versions: list[str], at: str) -> int:
    with pg.transaction() as tx:
        added = insert_messages(tx, rows)
        for v in versions:
            tx.run("INSERT INTO notified VALUES ($1, $2) ON CONFLICT (version) DO NOTHING", (v, at))
    return added


def notified_versions() -> set[str]:
    with pg.session() as tx:
        return {str(r[0]) for r in tx.rows("SELECT version FROM notified")}


def outbox() -> pd.DataFrame:
    t = schema.OUTBOX
    with pg.session() as tx:
        return _frame(tx, t, f"SELECT {_cols(t)} FROM outbox ORDER BY created_at, key")


def outbox_due(now: str) -> pd.DataFrame:
    t = schema.OUTBOX
    with pg.session() as tx:
        return _frame(
            tx,
            t,
            f"SELECT {_cols(t)} FROM outbox WHERE status <> 'sent' AND next_try <= $1 ORDER BY created_at, key",
            (now,),
        )


def mark_sent(key: str, at: str) -> None:
    with pg.transaction() as tx:
        tx.run("UPDATE outbox SET status = 'sent', sent_at = $2 WHERE key = $1 AND status <> 'sent'", (key, at))


def mark_failed(key: str, error: str, next_try: str) -> None:
    with pg.transaction() as tx:
        tx.run(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, next_try = $3"
            " WHERE key = $1 AND status <> 'sent'",
            (key, error, next_try),
        )


def copy_in(tx: pg.Tx, subs: list[dict], messages: list[dict], notified: dict[str, str]) -> int:
    """``db migrate``: the local files' records into the (emptied) tables; returns the messages copied."""
    tx.run("TRUNCATE subscriptions, outbox, notified")
    for rec in subs:
        insert_subscription(tx, rec)
    n = insert_messages(tx, messages)
    for v, at in notified.items():
        tx.run("INSERT INTO notified VALUES ($1, $2)", (v, at))
    return n


def copy_out(tx: pg.Tx) -> tuple[list[dict], dict]:
    """``db export``: (subscriptions, the outbox file's content)."""
    subs = _frame(tx, schema.SUBSCRIPTIONS, f"SELECT {_cols(schema.SUBSCRIPTIONS)} FROM subscriptions ORDER BY seq")
    msgs = _frame(tx, schema.OUTBOX, f"SELECT {_cols(schema.OUTBOX)} FROM outbox ORDER BY seq")
    notified = {str(v): str(a) for v, a in tx.rows('SELECT version, at FROM notified ORDER BY version COLLATE "C"')}
    messages = {r["key"]: {**r, "attempts": int(r["attempts"])} for r in msgs.to_dict("records")}
    return subs.to_dict("records"), {"messages": messages, "notified": notified}


@contextlib.contextmanager
def sender_lock(timeout: float = 30.0) -> Iterator[None]:
    """A session advisory lock: one sender at a time on every replica; released if the process dies."""
    with pg.session() as tx:
        deadline = time.monotonic() + timeout
        while not tx.one("SELECT pg_try_advisory_lock($1)", (SENDER_LOCK,)):
            if time.monotonic() > deadline:
                raise LockTimeout(f"another sender held the outbox for more than {timeout:.0f} s")
            time.sleep(0.1)
        try:
            yield
        finally:
            tx.one("SELECT pg_advisory_unlock($1)", (SENDER_LOCK,))
