"""Accounts, failed logins and the audit log in the PostgreSQL store.

The accounts package keeps its own logic (``accounts.auth``: scrypt hashes, rate limit; ``accounts.audit``);
this module only stores what the local store keeps in files, in the same shapes:
- accounts: ``{"users": {name: record}}`` as in ``users.json`` (a record holds the areas, the
  salted scrypt parameters and hash, created_at …; kept as its exact JSON, so fields a later
  version adds survive); read and replaced inside ``locked()``, a transaction under its own
  advisory lock, which is what the local file lock is;
- failed logins: ``{name: [unix times]}`` as in ``users.json.attempts.json``;
- audit: the exact JSON line the local ``audit.log`` would get, one row per event.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator

import pandas as pd

from ipdash.store import pg
from ipdash.store.base import audit_line, empty_audit

ACCOUNTS_LOCK = 7_310_316  # advisory-lock keys (the store's write lock is pg.WRITE_LOCK)
ATTEMPTS_LOCK = 7_310_317
_local = threading.local()


@contextlib.contextmanager
def locked(kind: str) -> Iterator[None]:
    """A transaction holding the accounts (``kind="accounts"``) or attempts lock; the functions
    below run inside it when called within."""
    key = ACCOUNTS_LOCK if kind == "accounts" else ATTEMPTS_LOCK
    with pg.transaction(lock=False) as tx:
        tx.rows("SELECT pg_advisory_xact_lock($1)", (key,))
        _local.tx = tx
        try:
            yield
        finally:
            _local.tx = None


@contextlib.contextmanager
def _tx() -> Iterator[pg.Tx]:
    tx = getattr(_local, "tx", None)
    if tx is not None:
        yield tx
    else:
        with pg.session() as own:
            yield own


def load_users() -> dict:
    with _tx() as tx:
        rows = tx.rows("SELECT name, record::text FROM accounts ORDER BY seq")
    return {"users": {name: json.loads(rec) for name, rec in rows}}


def save_users(data: dict) -> None:
    """Make the accounts exactly ``data["users"]`` (call inside ``locked("accounts")``)."""
    users = data["users"]
    with _tx() as tx:
        have = {r[0]: r[1] for r in tx.rows("SELECT name, record::text FROM accounts")}
        for name in set(have) - set(users):
            tx.run("DELETE FROM accounts WHERE name = $1", (name,))
        for name, rec in users.items():
            text = json.dumps(rec, ensure_ascii=False)
            if have.get(name) != text:
                tx.run(
                    "INSERT INTO accounts (name, record) VALUES ($1, $2::json) "
                    "ON CONFLICT (name) DO UPDATE SET record = excluded.record",
                    (name, text),
                )


def read_attempts() -> dict[str, list[float]]:
    with _tx() as tx:
        rows = tx.rows("SELECT name, at FROM login_failures ORDER BY name, at")
    out: dict[str, list[float]] = {}
    for name, at in rows:
        out.setdefault(name, []).append(float(at))
    return out


def write_attempts(data: dict[str, list[float]]) -> None:
    """Make the failed-login times exactly ``data`` (call inside ``locked("attempts")``)."""
    with _tx() as tx:
        tx.run("DELETE FROM login_failures")
        for name, times in data.items():
            for at in times:
                tx.run("INSERT INTO login_failures VALUES ($1, $2::float8)", (name, float(at)))


def insert_audit(tx: pg.Tx, event: str, fields: dict) -> None:
    rec, line = audit_line(event, fields)
    insert_line(tx, rec, line)


def insert_line(tx: pg.Tx, rec: dict, line: str) -> None:
    tx.run(
        'INSERT INTO audit_log (at, event, "user", line) VALUES ($1, $2, $3, $4)',
        (str(rec.get("at", "")), str(rec.get("event", "")), str(rec.get("user", "")), line),
    )


def append_audit(event: str, fields: dict) -> None:
    """Its own autocommit statement, like the local append: an event is kept even when the
    transaction around the caller (e.g. a refused login) rolls back."""
    with pg.session() as tx:
        insert_audit(tx, event, fields)


def audit_lines() -> list[str]:
    with pg.session() as tx:
        return [r[0] for r in tx.rows("SELECT line FROM audit_log ORDER BY seq")]


def read_audit() -> pd.DataFrame:
    """The audit log as ``accounts.audit.read_audit`` gives it for the local file."""
    rows = [json.loads(line) for line in audit_lines()]
    return pd.DataFrame(rows) if rows else empty_audit()
