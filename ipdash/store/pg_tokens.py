"""API tokens in the PostgreSQL store (migration 6): table ``api_tokens`` [store/api_tokens.json].

The same records as the local store's file (``store.local_tokens``, ``schema.API_TOKENS``); each change is
one transaction. None of them touches the data version: no page judges the targets again for a token.
"""

from __future__ import annotations

import pandas as pd

from ipdash import schema
from ipdash.store import local_tokens, pg

_COLS = ", ".join(f'"{c}"' for c in schema.API_TOKENS.names)


def api_tokens() -> pd.DataFrame:
    with pg.session() as tx:
        rows = tx.rows(f"SELECT {_COLS} FROM api_tokens ORDER BY seq")
    return local_tokens.frame([dict(zip(schema.API_TOKENS.names, r, strict=True)) for r in rows])


def add_api_token(record: dict) -> None:
    names = schema.API_TOKENS.names
    with pg.transaction() as tx:
        tx.run("LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE")  # two adds of one name never both pass
        if tx.one("SELECT count(*) FROM api_tokens WHERE token_id = $1", (record["token_id"],)):
            raise ValueError(f"a token {record['token_id']!r} exists already")
        if tx.one("SELECT count(*) FROM api_tokens WHERE name = $1 AND revoked_at = ''", (record["name"],)):
            raise ValueError(f"a valid token named {record['name']!r} exists already; revoke it first")
        marks = ", ".join(f"${i + 1}" for i in range(len(names)))
        tx.run(f"INSERT INTO api_tokens ({_COLS}) VALUES ({marks})", [str(record.get(c, "")) for c in names])


def revoke_api_token(name: str, at: str) -> int:
    with pg.transaction() as tx:
        return len(
            tx.rows(
                "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at = '' RETURNING token_id",
                (name, at),
            )
        )


def touch_api_token(token_id: str, at: str) -> None:
    with pg.transaction() as tx:
        tx.run("UPDATE api_tokens SET last_used_at = $2 WHERE token_id = $1", (token_id, at))


def copy_in(tx: pg.Tx, records: list[dict]) -> int:
    """``db migrate``: the local file's records into the (emptied) table, in their order; returns how many."""
    names = schema.API_TOKENS.names
    tx.run("TRUNCATE api_tokens")
    marks = ", ".join(f"${i + 1}" for i in range(len(names)))
    for rec in records:
        tx.run(f"INSERT INTO api_tokens ({_COLS}) VALUES ({marks})", [str(rec.get(c, "")) for c in names])
    return len(records)


def copy_out(tx: pg.Tx) -> list[dict]:
    """``db export``: every record, in the order made (what ``store/api_tokens.json`` holds)."""
    return [
        dict(zip(schema.API_TOKENS.names, r, strict=True))
        for r in tx.rows(f"SELECT {_COLS} FROM api_tokens ORDER BY seq")
    ]
