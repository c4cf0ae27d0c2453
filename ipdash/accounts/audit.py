"""The audit log: one JSON line per upload, revert, login failure and status report.

Appended with O_APPEND and fsync'd, so concurrent writers never interleave a line.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pandas as pd

from ipdash import paths
from ipdash.store import backend, pg_accounts


def audit(event: str, **fields) -> None:
    """Append one JSON line to the audit log (O_APPEND: concurrent writers do not interleave)."""
    if backend.is_postgres():  # [pg-dispatch] one row of audit_log, the same JSON line
        pg_accounts.append_audit(event, fields)
        return
    rec = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, **fields}
    line = (json.dumps(rec, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path = paths.audit_log()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def has_entry(event: str, batch_id: str) -> bool:
    """Whether the audit log already has ``event`` for ``batch_id`` (recovery must not repeat it)."""
    path = paths.audit_log()
    if not path.exists():
        return False
    needle = json.dumps(batch_id, ensure_ascii=False)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if needle in line:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if rec.get("event") == event and rec.get("batch_id") == batch_id:
                    return True
    return False


def read_audit() -> pd.DataFrame:
    if backend.is_postgres():  # [pg-dispatch]
        return pg_accounts.read_audit()
    path = paths.audit_log()
    if not path.exists():
        return pd.DataFrame(columns=["at", "event", "user"])
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return pd.DataFrame(rows)
