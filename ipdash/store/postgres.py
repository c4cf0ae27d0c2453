"""The PostgreSQL store (``IPDASH_STORE=postgresql://…``): ``base.Store`` on the ``pg_*`` modules.

Connections and transactions: ``store.pg``; the schema and its migrations: ``store.pg_schema``;
tables read as Arrow, cached per polled version: ``store.pg_read``; build, commit and revert, each
one transaction under the store's advisory lock: ``store.pg_write``; accounts, failed logins and the
audit log: ``store.pg_accounts``; milestone reports and their files: ``store.pg_milestones``;
subscriptions and the notification outbox: ``store.pg_notify``; check-ins on targets: ``store.pg_checkins``;
meetings and commitments: ``store.pg_meetings``;
``db migrate`` / ``db export``: ``store.pg_transfer``. A process killed mid-write leaves nothing to
repair (PostgreSQL rolls the transaction back), so recovery has nothing to do here.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Literal

import pandas as pd

from ipdash.store import (
    backend,
    pg,
    pg_accounts,
    pg_checkins,
    pg_meetings,
    pg_milestones,
    pg_notify,
    pg_read,
    pg_write,
    read,
    write,
)
from ipdash.store.base import Hook, IoError, LockKind, newest_first, now_iso


class PgStore:
    """``base.Store`` on PostgreSQL."""

    kind: Literal["local", "postgresql"] = "postgresql"

    def describe(self) -> str:
        return backend.describe()

    # ---------------------------------------------------------------- read
    def data_version(self) -> str:
        return read.data_version()

    def table(self, name: str, *, include_illustrative: bool = True) -> pd.DataFrame:
        return read.table(name, include_illustrative=include_illustrative)

    def actuals(
        self,
        *,
        include_illustrative: bool = True,
        areas: list[str] | None = None,
        indicators: list[str] | None = None,
        up_to_year: int | None = None,
    ) -> pd.DataFrame:
        return read.actuals(
            include_illustrative=include_illustrative, areas=areas, indicators=indicators, up_to_year=up_to_year
        )

    def has_catalog(self) -> bool:
        return True  # the build's catalog lives in the database; reading it says what is missing

    def manifest(self) -> dict[str, object]:
        return dict(pg_read.manifest() or {})

    # ---------------------------------------------------------------- upload batches
    def write_lock(self, timeout: float = 60.0) -> contextlib.AbstractContextManager[None]:
        return write.write_lock(timeout)

    def read_batches(self) -> pd.DataFrame:
        return pg_read.batch_log()

    def batch_rows(self, batch_id: str) -> pd.DataFrame | None:
        return pg_read.batch_rows(batch_id)

    def archive(self, batch_id: str) -> tuple[str, bytes] | None:
        return pg_read.archive(batch_id)

    def _status(self, batch_id: str) -> str | None:
        with pg.session() as tx:
            rows = tx.rows("SELECT status FROM batches WHERE batch_id = $1", (batch_id,))
        return str(rows[0][0]) if rows else None

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
        batch_id = str(entry["batch_id"])
        try:
            return pg_write.commit(
                rows, entry, audit_fields, archive_name, data, check_version=check_version, classify=classify, hook=hook
            )
        except OSError as exc:  # rolled back, unless it came after the COMMIT
            raise io_error(self._status(batch_id) is not None, batch_id, exc) from exc

    def revert_batch(
        self,
        batch_id: str,
        user: str,
        *,
        check: Callable[[str | None, list[str]], None],
        hook: Hook,
        io_error: IoError,
    ) -> dict:
        try:
            return pg_write.revert(batch_id, user, now_iso(), check=check, hook=hook)
        except OSError as exc:
            raise io_error(self._status(batch_id) == "reverted", batch_id, exc) from exc

    def needs_recovery(self) -> bool:
        return False  # one transaction per commit: a killed one left nothing

    def recover(self) -> bool:
        return False

    def ensure_consistent(self) -> bool:
        return False

    # ---------------------------------------------------------------- accounts
    def users_place(self) -> str:
        return backend.describe()

    @contextlib.contextmanager
    def accounts_lock(self, kind: LockKind) -> Iterator[None]:
        with pg_accounts.locked(kind):  # a transaction under an advisory lock, shared by every replica
            yield

    def load_users(self) -> dict:
        return pg_accounts.load_users()

    def save_users(self, data: dict) -> None:
        pg_accounts.save_users(data)

    def read_attempts(self) -> dict:
        return pg_accounts.read_attempts()

    def write_attempts(self, data: dict) -> None:
        pg_accounts.write_attempts(data)

    # ---------------------------------------------------------------- audit log
    def append_audit(self, event: str, fields: dict) -> None:
        pg_accounts.append_audit(event, fields)

    def audit_lines(self) -> list[str]:
        return pg_accounts.audit_lines()

    def read_audit(self) -> pd.DataFrame:
        return pg_accounts.read_audit()

    def has_audit_entry(self, event: str, batch_id: str) -> bool:
        with pg.session() as tx:
            lines = tx.rows(
                "SELECT line FROM audit_log WHERE event = $1 AND strpos(line, $2) > 0",
                (event, json.dumps(batch_id, ensure_ascii=False)),
            )
        return any(json.loads(line).get("batch_id") == batch_id for (line,) in lines)

    # ---------------------------------------------------------------- milestone reports
    def reports_version(self) -> str:
        return pg_milestones.version()

    def refresh_reports(self) -> None:
        pg_milestones.refresh()

    def read_reports(self) -> pd.DataFrame:
        return pg_milestones.reports()

    def report_file(self, name: str) -> bytes | None:
        return pg_milestones.file(name)

    def has_report_file(self, name: str) -> bool:
        return True  # the file went in with its report, in one transaction

    def append_reports(self, rows: pd.DataFrame, files: dict[str, bytes]) -> None:
        pg_milestones.append(rows, files)

    # ---------------------------------------------------------------- subscriptions and the outbox
    def subscriptions(self) -> pd.DataFrame:
        return pg_notify.subscriptions()

    def add_subscription(self, record: dict) -> None:
        pg_notify.add_subscription(record)

    def remove_subscription(self, sub_id: str) -> bool:
        return pg_notify.remove_subscription(sub_id)

    def enqueue(self, rows: list[dict], versions: list[str], at: str) -> int:
        return pg_notify.enqueue(rows, versions, at)

    def notified_versions(self) -> set[str]:
        return pg_notify.notified_versions()

    def outbox(self) -> pd.DataFrame:
        return pg_notify.outbox()

    def outbox_due(self, now: str) -> pd.DataFrame:
        return pg_notify.outbox_due(now)

    def outbox_lock(self, timeout: float = 30.0) -> contextlib.AbstractContextManager[None]:
        return pg_notify.sender_lock(timeout)

    def outbox_mark_sent(self, key: str, at: str) -> None:
        pg_notify.mark_sent(key, at)

    def outbox_mark_failed(self, key: str, error: str, next_try: str) -> None:
        pg_notify.mark_failed(key, error, next_try)

    # ---------------------------------------------------------------- meetings and commitments
    def meetings_version(self) -> str:
        return pg_meetings.version()

    def refresh_meetings(self) -> None:
        pg_meetings.refresh()

    def meeting_rows(self, name: str) -> pd.DataFrame:
        return pg_meetings.table(name)

    def append_meeting_rows(self, rows: dict[str, list[dict]]) -> None:
        pg_meetings.append(rows)

    # ---------------------------------------------------------------- check-ins on targets
    def checkins_version(self) -> str:
        return pg_checkins.version()

    def checkins(self, target_id: str | None = None) -> pd.DataFrame:
        return newest_first(pg_checkins.checkins(), target_id)

    def add_checkin(self, record: dict, audit_fields: dict, *, check_version: Callable[[str], None]) -> dict:
        return pg_checkins.add(record, audit_fields, check_version=check_version)
