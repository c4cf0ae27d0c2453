"""An upload batch committed to (or reverted in) the PostgreSQL store: the same batch, log row and
audit fields as ``ingest.commit.commit`` writes to the local store, handed to ``store.pg_write``
(one transaction each). Called only from the marked dispatch points in ``ingest.commit``, which
lend their own helpers (``Helpers``; this module does not import ``ingest.commit``: no cycle).

The same refusals hold as on the local store: a commit carrying the data version its preview saw
(``expected_version``: the version or its short token) is refused with ``stale`` when the data
changed since, checked under the write lock inside the transaction. A fault (``OSError``: disk
full, the ``IPDASH_FAIL_AT`` hook) inside the transaction rolls all of it back, so it becomes
``io_error(committed=False, …)``; PostgreSQL has no half-committed state to complete later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from ipdash.accounts.auth import User
from ipdash.ingest.validate import OUT_COLUMNS, Validation
from ipdash.store import pg, pg_schema, pg_write


@dataclass(frozen=True)
class Helpers:
    """What ``ingest.commit`` lends: classification, ids, the test hook, its exceptions."""

    classify: Callable[[Validation, pd.DataFrame], dict[str, int]]
    new_batch_id: Callable[[datetime], str]
    token: Callable[[str], str]  # a data version's short token (``commit.version_token``)
    hook: Callable[[str], None]
    error: Callable[[str, str], Exception]
    io_error: Callable[[bool, str, OSError], Exception]


def _status(batch_id: str) -> str | None:
    with pg.session() as tx:
        rows = tx.rows("SELECT status FROM batches WHERE batch_id = $1", (batch_id,))
    return str(rows[0][0]) if rows else None


def commit(v: Validation, data: bytes, user: User, expected_version: str | None, file_name: str, h: Helpers) -> dict:
    """``h.classify(v, current rows of its keys)`` gives the new / changed / unchanged counts."""
    now = datetime.now(UTC)
    batch_id = h.new_batch_id(now)
    rows = v.rows[list(OUT_COLUMNS)].assign(batch_id=batch_id)
    rows = rows.astype({"year": "int32", "value": "float64"})[list(pg_schema.ACTUAL_COLUMNS)]
    archive = f"{batch_id}__{file_name}"
    entry = {
        "batch_id": batch_id,
        "committed_at": now.isoformat(timespec="microseconds"),
        "user": user.name,
        "file_name": v.file_name,
        "sha256": v.sha256,
        "n_rows": len(rows),
        "n_new": 0,
        "n_changed": 0,
        "status": "active",
        "reverted_at": "",
        "reverted_by": "",
    }
    audit_fields = {
        "user": user.name,
        "batch_id": batch_id,
        "file_name": v.file_name,
        "sha256": v.sha256,
        "n_rows": len(rows),
        "n_new": 0,
        "n_changed": 0,
        "archive": archive,
        "warnings_confirmed": len(v.warnings),
    }
    expected = expected_version
    try:
        return pg_write.commit(
            rows,
            entry,
            archive,
            data,
            counts_for=lambda current: h.classify(v, current),
            version_ok=None if expected is None else (lambda now_v: expected in (now_v, h.token(now_v))),
            audit_fields=audit_fields,
            hook=h.hook,
            error=h.error,
        )
    except OSError as exc:  # rolled back, unless it came after the COMMIT
        raise h.io_error(_status(batch_id) is not None, batch_id, exc) from exc


def revert(batch_id: str, user: User, h: Helpers) -> dict:
    """Mark a batch reverted and recompute the actuals of its keys (one transaction)."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    try:
        return pg_write.revert(batch_id, user.name, now, may_write=user.may_write, hook=h.hook, error=h.error)
    except OSError as exc:
        raise h.io_error(_status(batch_id) == "reverted", batch_id, exc) from exc
