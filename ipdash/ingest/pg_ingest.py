"""An upload batch committed to the PostgreSQL store: the same batch, log row and audit fields as
``ingest.commit.commit`` writes to the local store, handed to ``store.pg_write.commit`` (one
transaction). Called only from the marked dispatch point in ``ingest.commit.commit``, which passes
its own helpers in (this module does not import ``ingest.commit``: no cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd

from ipdash.ingest.auth import User
from ipdash.ingest.validate import OUT_COLUMNS, Validation
from ipdash.store import pg_schema, pg_write


def commit(
    v: Validation,
    data: bytes,
    user: User,
    expected_version: str | None,
    *,
    classify: Callable[[Validation, pd.DataFrame], dict[str, int]],
    new_batch_id: Callable[[datetime], str],
    file_name: str,
    hook: Callable[[str], None],
    error: Callable[[str, str], Exception],
) -> dict:
    """``classify(v, current rows of its keys)`` gives the new / changed / unchanged counts."""
    now = datetime.now(UTC)
    batch_id = new_batch_id(now)
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
    return pg_write.commit(
        rows,
        entry,
        archive,
        data,
        counts_for=lambda current: classify(v, current),
        expected_version=expected_version,
        audit_fields=audit_fields,
        hook=hook,
        error=error,
    )
