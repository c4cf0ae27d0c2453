"""The audit log: one record per upload, revert, login failure and status report.

Where and how it is kept is the store's (``store.current()``: a JSON-lines file appended with
O_APPEND and fsync'd locally, the ``audit_log`` table on PostgreSQL); both keep the same line.
"""

from __future__ import annotations

import pandas as pd

from ipdash import store


def audit(event: str, **fields) -> None:
    """Append one event (concurrent writers never interleave; kept even if the caller rolls back)."""
    store.current().append_audit(event, fields)


def read_audit() -> pd.DataFrame:
    """Every event, oldest first (columns ``at``, ``event``, ``user`` and the events' own fields)."""
    return store.current().read_audit()
