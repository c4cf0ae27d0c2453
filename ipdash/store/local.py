"""The local store (``IPDASH_STORE`` unset): Parquet files under the data directory, read through
DuckDB (``store.read``), written atomically under a file lock (``store.write``); batch commits,
reverts and their recovery in ``store.local_commit``.

The accounts, the failed-login record and the audit log are files too: ``paths.users_file()``
(JSON, mode 600, replaced atomically), ``<users>.attempts.json`` beside it, each guarded by an
``fcntl`` lock file (``<users>.lock`` / ``<users>.attempts.lock``), and ``paths.audit_log()``,
one JSON line per event appended with O_APPEND and fsync'd, so concurrent writers never
interleave a line. Milestone reports: ``paths.milestone_reports_file()`` and their archived files
in ``paths.evidence_dir()``. Subscriptions and the notification outbox: JSON files under ``store/``
(``store.local_notify``). Check-ins on targets: ``store/checkins.json`` (``store.local_checkins``).
Meetings, commitments and their reports: ``store/meetings.json`` (``store.local_meetings``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pandas as pd

from ipdash import paths
from ipdash.store import build, local_checkins, local_commit, local_meetings, local_notify, read, write
from ipdash.store.base import Hook, IoError, LockKind, audit_line, empty_audit, newest_first


class LocalStore:
    """``base.Store`` on the local Parquet files."""

    kind: Literal["local", "postgresql"] = "local"

    def describe(self) -> str:
        return f"the local Parquet store at {paths.store_dir()}"

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
        return paths.parquet("areas").exists()

    def manifest(self) -> dict[str, object]:
        return dict(build.read_manifest())

    # ---------------------------------------------------------------- upload batches
    def write_lock(self, timeout: float = 60.0) -> contextlib.AbstractContextManager[None]:
        return write.write_lock(timeout)

    def read_batches(self) -> pd.DataFrame:
        return write.read_batches()

    def batch_rows(self, batch_id: str) -> pd.DataFrame | None:
        path = paths.batches_dir() / f"{batch_id}.parquet"
        return pd.read_parquet(path) if path.exists() else None

    def archive(self, batch_id: str) -> tuple[str, bytes] | None:
        found = sorted(paths.uploads_dir().glob(f"{batch_id}__*")) if paths.uploads_dir().exists() else []
        return (found[0].name, found[0].read_bytes()) if found else None

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
        return local_commit.commit(
            rows,
            entry,
            audit_fields,
            archive_name,
            data,
            check_version=check_version,
            classify=classify,
            hook=hook,
            io_error=io_error,
            audit=self.append_audit,
            has_entry=self.has_audit_entry,
        )

    def revert_batch(
        self,
        batch_id: str,
        user: str,
        *,
        check: Callable[[str | None, list[str]], None],
        hook: Hook,
        io_error: IoError,
    ) -> dict:
        return local_commit.revert(
            batch_id,
            user,
            check=check,
            hook=hook,
            io_error=io_error,
            audit=self.append_audit,
            has_entry=self.has_audit_entry,
        )

    def needs_recovery(self) -> bool:
        return local_commit.needs_recovery()

    def recover(self) -> bool:
        return local_commit.recover(self.append_audit, self.has_audit_entry)

    def ensure_consistent(self) -> bool:
        return local_commit.ensure_consistent(self.append_audit, self.has_audit_entry)

    # ---------------------------------------------------------------- accounts
    def users_place(self) -> str:
        return str(paths.users_file())

    @contextlib.contextmanager
    def accounts_lock(self, kind: LockKind) -> Iterator[None]:
        lock = Path(str(paths.users_file()) + (".attempts.lock" if kind == "attempts" else ".lock"))
        lock.parent.mkdir(parents=True, exist_ok=True)
        with open(lock, "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def load_users(self) -> dict:
        try:
            return json.loads(paths.users_file().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"users": {}}

    def save_users(self, data: dict) -> None:
        def put(tmp: Path) -> None:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.chmod(tmp, 0o600)

        write.replace_atomically(paths.users_file(), put)

    def _attempts_file(self) -> Path:
        return Path(str(paths.users_file()) + ".attempts.json")

    def read_attempts(self) -> dict:
        try:
            data = json.loads(self._attempts_file().read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def write_attempts(self, data: dict) -> None:
        write.replace_atomically(self._attempts_file(), lambda tmp: tmp.write_text(json.dumps(data), encoding="utf-8"))

    # ---------------------------------------------------------------- audit log
    def append_audit(self, event: str, fields: dict) -> None:
        line = (audit_line(event, fields)[1] + "\n").encode("utf-8")
        path = paths.audit_log()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def audit_lines(self) -> list[str]:
        path = paths.audit_log()
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def read_audit(self) -> pd.DataFrame:
        if not paths.audit_log().exists():
            return empty_audit()
        rows = []
        for line in self.audit_lines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return pd.DataFrame(rows)

    def has_audit_entry(self, event: str, batch_id: str) -> bool:
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

    # ---------------------------------------------------------------- milestone reports
    def reports_version(self) -> str:
        path = paths.milestone_reports_file()
        try:
            st = path.stat()
        except FileNotFoundError:
            return f"{path}|none"
        return f"{path}|{st.st_mtime_ns}|{st.st_size}"

    def refresh_reports(self) -> None:
        """Nothing to do: ``reports_version`` stats the file on every call."""

    def read_reports(self) -> pd.DataFrame:
        path = paths.milestone_reports_file()
        return pd.read_parquet(path) if path.exists() else pd.DataFrame()

    def report_file(self, name: str) -> bytes | None:
        path = paths.evidence_dir() / name
        return path.read_bytes() if path.is_file() else None

    def has_report_file(self, name: str) -> bool:
        return (paths.evidence_dir() / name).is_file()

    def append_reports(self, rows: pd.DataFrame, files: dict[str, bytes]) -> None:
        for name, data in files.items():
            write.write_bytes(data, paths.evidence_dir() / name)
        old = self.read_reports()
        new = pd.concat([old, rows], ignore_index=True) if len(old) else rows
        write.write_parquet(new[list(rows.columns)].astype(object).fillna(""), paths.milestone_reports_file())

    # ---------------------------------------------------------------- subscriptions and the outbox
    def subscriptions(self) -> pd.DataFrame:
        return local_notify.subscriptions()

    def add_subscription(self, record: dict) -> None:
        local_notify.add_subscription(record)

    def remove_subscription(self, sub_id: str) -> bool:
        return local_notify.remove_subscription(sub_id)

    def enqueue(self, rows: list[dict], versions: list[str], at: str) -> int:
        return local_notify.enqueue(rows, versions, at)

    def notified_versions(self) -> set[str]:
        return local_notify.notified_versions()

    def outbox(self) -> pd.DataFrame:
        return local_notify.outbox()

    def outbox_due(self, now: str) -> pd.DataFrame:
        return local_notify.outbox_due(now)

    def outbox_lock(self, timeout: float = 30.0) -> contextlib.AbstractContextManager[None]:
        return local_notify.sender_lock(timeout)

    def outbox_mark_sent(self, key: str, at: str) -> None:
        local_notify.mark_sent(key, at)

    def outbox_mark_failed(self, key: str, error: str, next_try: str) -> None:
        local_notify.mark_failed(key, error, next_try)

    # ---------------------------------------------------------------- meetings and commitments
    def meetings_version(self) -> str:
        return local_meetings.version()

    def refresh_meetings(self) -> None:
        """Nothing to do: ``meetings_version`` stats the file on every call."""

    def meeting_rows(self, name: str) -> pd.DataFrame:
        return local_meetings.table(name)

    def append_meeting_rows(self, rows: dict[str, list[dict]]) -> None:
        local_meetings.append(rows)

    # ---------------------------------------------------------------- check-ins on targets
    def checkins_version(self) -> str:
        return local_checkins.version()

    def checkins(self, target_id: str | None = None) -> pd.DataFrame:
        return newest_first(local_checkins.checkins(), target_id)

    def add_checkin(self, record: dict, audit_fields: dict, *, check_version: Callable[[str], None]) -> dict:
        return local_checkins.add(record, audit_fields, check_version=check_version, audit=self.append_audit)
