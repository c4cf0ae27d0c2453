"""The storage object's interface: what every backend of the store does, and nothing of how.

Two implementations: ``store.local.LocalStore`` (Parquet files under the data directory, read
through DuckDB, written atomically under a file lock) and ``store.postgres.PgStore`` (the same
tables in PostgreSQL, one transaction per write). ``ipdash.store.current()`` hands out the one
``IPDASH_STORE`` names; code outside ``ipdash/store`` asks it, never which backend it is.

The domain stays with the callers: what a commit checks, how values are classified, the messages
and the exceptions come in as callables (``check_version``, ``classify``, ``check``, ``io_error``);
the store does the mechanics (files or transactions, locks, recovery) and calls them at the right
moment — under the write lock, on the data as they are then.

Adding a table (check-ins, meetings, commitments, subscriptions, an outbox…) is adding its methods
here and in each backend's class (plus its migration / its file), nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Literal, Protocol

import pandas as pd

Hook = Callable[[str], None]  # the crash/fault test hook: called after each step of a write
IoError = Callable[[bool, str, OSError], Exception]  # (committed?, batch id, the OSError) → the caller's exception
LockKind = Literal["accounts", "attempts"]


def now_iso() -> str:
    """The store's timestamp of a write (UTC, microseconds): a batch's ``committed_at``, ``reverted_at``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def audit_line(event: str, fields: dict) -> tuple[dict, str]:
    """The audit record of ``event`` and its one JSON line — the same on every backend."""
    rec = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, **fields}
    return rec, json.dumps(rec, ensure_ascii=False, default=str)


def empty_audit() -> pd.DataFrame:
    return pd.DataFrame(columns=["at", "event", "user"])


class Store(Protocol):
    """One store: read tables, commit and revert batches, accounts, audit, milestone reports,
    subscriptions and the notification outbox, check-ins on targets, meetings and commitments."""

    kind: Literal["local", "postgresql"]

    def describe(self) -> str:
        """Where the data live, for messages."""
        ...

    # ---------------------------------------------------------------- read
    def data_version(self) -> str:
        """Changes whenever a table of ``data_version``'s changes: the key of everything derived."""
        ...

    def table(self, name: str, *, include_illustrative: bool = True) -> pd.DataFrame: ...

    def actuals(
        self,
        *,
        include_illustrative: bool = True,
        areas: list[str] | None = None,
        indicators: list[str] | None = None,
        up_to_year: int | None = None,
    ) -> pd.DataFrame: ...

    def has_catalog(self) -> bool:
        """The catalog tables are in the store (a build ran), so checks may read them there."""
        ...

    def manifest(self) -> dict[str, object]:
        """The build's manifest (``built_at``, input hashes…); empty when there was no build."""
        ...

    # ---------------------------------------------------------------- upload batches
    def write_lock(self, timeout: float = 60.0) -> AbstractContextManager[None]:
        """The store's one write lock, across processes (and machines, on PostgreSQL)."""
        ...

    def read_batches(self) -> pd.DataFrame:
        """The batch log in commit order (always read fresh)."""
        ...

    def batch_rows(self, batch_id: str) -> pd.DataFrame | None:
        """The rows of one batch as uploaded; None when the store has no such batch."""
        ...

    def archive(self, batch_id: str) -> tuple[str, bytes] | None:
        """(archived file name, the uploaded bytes) of one batch."""
        ...

    def commit_batch(
        self,
        rows: pd.DataFrame,
        entry: dict,
        audit_fields: dict,
        archive_name: str,
        data: bytes,
        *,
        check_version: Callable[[str], None],
        classify: Callable[[pd.DataFrame | None], dict[str, int]],
        hook: Hook,
        io_error: IoError,
    ) -> dict:
        """Write one batch — its rows, the archived upload, its log row ``entry``, the effective
        actuals, the audit line — all or nothing. Under the write lock: ``check_version(data version
        now)`` may refuse; ``classify(current rows of the batch's keys, or None: read them from the
        store)`` gives ``{"new", "changed", ...}`` counts (or refuses) which fill ``n_new`` /
        ``n_changed`` of the log row and the audit line; ``committed_at`` is stamped. An ``OSError``
        becomes ``io_error(committed?, batch_id, error)``. Returns the log row."""
        ...

    def revert_batch(
        self,
        batch_id: str,
        user: str,
        *,
        check: Callable[[str | None, list[str]], None],
        hook: Hook,
        io_error: IoError,
    ) -> dict:
        """Mark a batch reverted and recompute the effective actuals of its keys. Under the lock
        ``check(its status or None, its areas)`` may refuse. Returns the log row."""
        ...

    def needs_recovery(self) -> bool:
        """A killed commit left work behind (never on PostgreSQL: one transaction per commit)."""
        ...

    def recover(self) -> bool:
        """With the write lock held: finish or discard what a killed commit left. True if it acted."""
        ...

    def ensure_consistent(self) -> bool:
        """Cheap check for readers; takes the lock and recovers only when due. True if it repaired."""
        ...

    # ---------------------------------------------------------------- accounts
    def users_place(self) -> str:
        """Where the accounts live, for messages."""
        ...

    def accounts_lock(self, kind: LockKind) -> AbstractContextManager[None]:
        """Exclusive access to the accounts or the failed-login record; the methods below called
        inside it run in it."""
        ...

    def load_users(self) -> dict:
        """``{"users": {name: record}}`` as saved (no users: ``{"users": {}}``)."""
        ...

    def save_users(self, data: dict) -> None: ...

    def read_attempts(self) -> dict:
        """Failed-login times: ``{key: [unix times]}``."""
        ...

    def write_attempts(self, data: dict) -> None: ...

    # ---------------------------------------------------------------- audit log
    def append_audit(self, event: str, fields: dict) -> None:
        """One event (``audit_line``), kept even when the caller's transaction rolls back."""
        ...

    def audit_lines(self) -> list[str]: ...

    def read_audit(self) -> pd.DataFrame: ...

    def has_audit_entry(self, event: str, batch_id: str) -> bool:
        """Whether ``event`` for ``batch_id`` is logged (recovery must not repeat it)."""
        ...

    # ---------------------------------------------------------------- milestone reports
    def reports_version(self) -> str:
        """Changes whenever a report is written (outside ``data_version``)."""
        ...

    def refresh_reports(self) -> None:
        """Under the write lock, before checking for reports made meanwhile: see every one."""
        ...

    def read_reports(self) -> pd.DataFrame:
        """Every report (``REPORT_COLUMNS``), as stored."""
        ...

    def report_file(self, name: str) -> bytes | None:
        """An archived status or evidence file of a report (None when the archive has not got it)."""
        ...

    def has_report_file(self, name: str) -> bool:
        """The archive has ``name`` (without reading it where the backend can tell cheaply)."""
        ...

    def append_reports(self, rows: pd.DataFrame, files: dict[str, bytes]) -> None:
        """Report rows and their archived files ({name: bytes}); the caller holds the write lock."""
        ...

    # ---------------------------------------------------------------- subscriptions and the outbox
    def subscriptions(self) -> pd.DataFrame:
        """Every subscription (``schema.SUBSCRIPTIONS``), in the order added."""
        ...

    def add_subscription(self, record: dict) -> None:
        """One subscription (``schema.SUBSCRIPTIONS`` columns); ``ValueError`` when its id exists."""
        ...

    def remove_subscription(self, sub_id: str) -> bool:
        """False when there was no such subscription."""
        ...

    def enqueue(self, rows: list[dict], versions: list[str], at: str) -> int:
        """Outbox rows (``schema.OUTBOX``) whose key is new, and ``versions`` recorded as notified at
        ``at`` — together or not at all; a key already queued or sent is left as it is. Returns the
        rows added."""
        ...

    def notified_versions(self) -> set[str]:
        """The data versions whose events are in the outbox already."""
        ...

    def outbox(self) -> pd.DataFrame:
        """Every outbox row, oldest first."""
        ...

    def outbox_due(self, now: str) -> pd.DataFrame:
        """The rows not sent whose ``next_try`` (ISO UTC) is at or before ``now``, oldest first."""
        ...

    def outbox_lock(self, timeout: float = 30.0) -> AbstractContextManager[None]:
        """The one sender at a time (across processes): held while deriving and sending, so two
        runs never deliver the same message. ``LockTimeout`` after ``timeout`` seconds."""
        ...

    def outbox_mark_sent(self, key: str, at: str) -> None: ...

    def outbox_mark_failed(self, key: str, error: str, next_try: str) -> None:
        """One more failed attempt: status ``failed``, ``last_error``, due again at ``next_try``."""
        ...

    # ---------------------------------------------------------------- meetings and commitments
    def meetings_version(self) -> str:
        """Changes whenever a meeting, commitment or commitment report is written (outside ``data_version``)."""
        ...

    def refresh_meetings(self) -> None:
        """Under the write lock, before checking for reports made meanwhile: see every one."""
        ...

    def meeting_rows(self, name: str) -> pd.DataFrame:
        """Every row of ``meetings``, ``commitments`` or ``commitment_reports`` (``schema``'s columns, text,
        empty for none), in the order written."""
        ...

    def append_meeting_rows(self, rows: dict[str, list[dict]]) -> None:
        """New rows ({table name: [record, …]}) of those tables, all or nothing; ``ValueError`` (nothing
        written) when a key exists already. The caller holds the write lock."""
        ...

    # ---------------------------------------------------------------- check-ins on targets
    def checkins_version(self) -> str:
        """Changes whenever a check-in is written (outside ``data_version``)."""
        ...

    def checkins(self, target_id: str | None = None) -> pd.DataFrame:
        """The check-ins (``schema.CHECKINS`` columns, text) of one target or of all, newest first."""
        ...

    def add_checkin(self, record: dict, audit_fields: dict, *, check_version: Callable[[str], None]) -> dict:
        """One check-in (``schema.CHECKINS`` columns) and its ``checkin`` audit line, together, under the write
        lock, after ``check_version(data version now)`` (which may refuse: the writer read an older version).
        ``ValueError`` when its ``checkin_id`` exists. Returns the row as stored."""
        ...


def newest_first(df: pd.DataFrame, target_id: str | None = None) -> pd.DataFrame:
    """Check-ins in the order written → one target's (or all), newest first (ties: the later written first)."""
    if target_id is not None:
        df = df[df["target_id"] == target_id]
    return df.iloc[::-1].sort_values("checked_at", ascending=False, kind="stable").reset_index(drop=True)
