"""The milestones' report history (台账) and their current status — read and append.

Reports live in the store (``store.current()``: locally ``store/milestone_reports.parquet``,
``paths.milestone_reports_file``, rewritten atomically per append; on PostgreSQL
``store.pg_milestones``, one transaction per append), one row per report, never changed once
written; ``append`` must run under ``store.write.write_lock()``. The file is not
part of ``store.read.data_version()``: a report must not make every page judge every target
again; callers that cache a milestone frame key it on ``version()``.

The current status of a milestone is its latest report's status (``not_assessed`` — the
catalog's shipped value — until someone reports). A milestone is **overdue** when the year is
past its due year and it is neither done nor cancelled (a task never reported counts too).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from ipdash import paths, schema, store
from ipdash.store import backend, read

REPORT_COLUMNS = schema.MILESTONE_REPORTS.names
CLOSED = ("done", "cancelled")  # never overdue
CURRENT_COLUMNS = tuple(c.name for c in schema.MILESTONES.derived)
_cache: dict[str, tuple[str, pd.DataFrame]] = {}


def today() -> date:
    return datetime.now(UTC).date()


def empty_reports() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in REPORT_COLUMNS}).astype(object)


def version() -> str:
    """Changes whenever a report is written (the cache key of every milestone frame)."""
    return store.current().reports_version()


def refresh() -> None:
    """Under the write lock, before checking for reports made meanwhile: see every one written."""
    store.current().refresh_reports()


def reports() -> pd.DataFrame:
    """Every report, oldest first (kept in memory per version; callers get a shallow copy)."""
    where, v = backend.setting() or str(paths.milestone_reports_file()), version()
    hit = _cache.get(where)
    if hit is None or hit[0] != v:
        df = store.current().read_reports()
        df = df if len(df.columns) else empty_reports()
        df = df.sort_values(["reported_at", "report_id"], kind="stable").reset_index(drop=True)
        _cache[where] = hit = (v, df)
    return hit[1].copy(deep=False)


def append(rows: pd.DataFrame, files: dict[str, bytes] | None = None) -> None:
    """Add report rows (columns ``REPORT_COLUMNS``) and archive ``files`` ({name: bytes}: the status
    file, an evidence file) beside them — one transaction on PostgreSQL. Call with
    ``store.write.write_lock()`` held."""
    store.current().append_reports(rows[list(REPORT_COLUMNS)].astype(object).fillna(""), files or {})


def latest(history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest report of each reported milestone (index: milestone_id)."""
    h = reports() if history is None else history
    return h.drop_duplicates("milestone_id", keep="last").set_index("milestone_id")


def is_overdue(due_year: pd.Series, status: pd.Series, on: date | None = None) -> pd.Series:
    """Past the due year and neither done nor cancelled."""
    year = (on or today()).year
    due = pd.to_numeric(due_year, errors="coerce")
    return ((due < year) & ~status.isin(CLOSED)).fillna(False).astype(bool)


def current(on: date | None = None) -> pd.DataFrame:
    """The catalog's milestones with their current status: ``status`` and ``status_note`` from the
    latest report (the catalog's own until one exists), plus ``CURRENT_COLUMNS``."""
    ms = read.table("milestones")
    last = latest()
    out = ms.copy()
    hit = out["milestone_id"].map(last["status"]) if len(last) else pd.Series(pd.NA, index=out.index)
    reported = hit.notna()
    out["status"] = hit.where(reported, out["status"]).astype(str)

    def pick(col: str) -> pd.Series:
        if not len(last):
            return pd.Series("", index=out.index)
        return out["milestone_id"].map(last[col]).fillna("").astype(str)

    out["status_note"] = pick("note").where(reported, out["status_note"])
    out["overdue"] = is_overdue(out["due_year"], out["status"], on)
    out["reported_at"] = pick("reported_at")
    out["reported_by"] = pick("user")
    out["report_department"] = pick("department")
    evidence = pick("evidence_url")
    out["evidence"] = evidence.where(evidence != "", pick("evidence_file"))
    return out.reset_index(drop=True)
