"""Preview, commit and revert of upload batches: what a commit checks, how values are classified, the messages.

The mechanics — files or one transaction, the write lock, crash safety, recovery of a killed commit,
the audit line — are the storage object's (``store.current()``: ``store.local_commit`` on the local
store, ``store.pg_write`` on PostgreSQL). This module builds the batch's rows, its log row and its
audit fields once, and lends the store its checks, which run under the store's write lock:

- ``check_version``: a preview is made on one data version (``version_token()``); ``commit(...,
  expected_version=…)`` refuses with ``stale`` ("数据已被他人更新，请重新预览") when the data have
  changed since, so one analyst's stale preview never overwrites another's commit;
- ``classify``: new / changed / unchanged against the values in the store then (``nothing`` when no
  value is new or changed);
- a revert's ``check``: the batch exists, is active, and the user may write each of its areas.

Faults: an ``OSError`` while writing becomes ``CommitIOError``, whose ``committed`` says whether the
batch is in the log (the local store completes the rest on its next ``recover()``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ipdash import schema, store
from ipdash.accounts.auth import User
from ipdash.ingest import keyed
from ipdash.ingest.validate import OUT_COLUMNS, Validation
from ipdash.store import read, write

KEY = list(schema.ACTUALS.key)
COMPARED = schema.compared_columns()


class CommitError(Exception):
    """A commit or revert refused; ``code`` keys the UI message, ``args[0]`` is English."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


class CommitIOError(CommitError):
    """Writing failed (disk full, I/O error): ``committed`` says whether the batch is in the log."""

    def __init__(self, committed: bool, batch_id: str, error: OSError):
        self.committed, self.batch_id = committed, batch_id
        self.error = f"{errno.errorcode.get(error.errno or 0, type(error).__name__)}: {error.strerror or error}"
        state = f"batch {batch_id} is committed" if committed else "nothing was committed"
        super().__init__("io_committed" if committed else "io_not_committed", f"{state} ({self.error})")


def version_token(version: str | None = None) -> str:
    """A short name of the data version a preview was made on (shown by the CLI, carried by the page)."""
    v = read.stored_version() if version is None else version
    return hashlib.sha256(v.encode()).hexdigest()[:12]


def _hook(step: str) -> None:
    """Test hooks: ``IPDASH_CRASH_AT=<step>`` kills this process right after ``step``;
    ``IPDASH_FAIL_AT=<step>`` raises "no space left on device" there."""
    if os.environ.get("IPDASH_CRASH_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("IPDASH_FAIL_AT") == step:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    pause = os.environ.get("IPDASH_COMMIT_PAUSE")
    if pause:
        time.sleep(float(pause))


def safe_file_name(name: str) -> str:
    """The original name, kept readable (Chinese is fine) but never a path."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    while len(base.encode("utf-8")) > 180:
        base = base[:-1]
    return base or "upload"


# ---------------------------------------------------------------- preview
def preview(v: Validation, current: pd.DataFrame | None = None, lang: str = "zh") -> pd.DataFrame:
    """One row per uploaded value: status new / changed / unchanged, old and new value, and the
    unit conversion applied to it (``conversion``, in ``lang``; empty when none)."""
    rows = v.rows.assign(conversion=v.rows.get(f"conv_{lang}", ""))
    m = rows.join(keyed.old_values(rows, current))  # DuckDB: only the uploaded keys (issue 16 (d))
    exists = m["old_value"].notna()
    same = exists & np.isclose(m["value"], m["old_value"].fillna(np.nan), rtol=1e-9, atol=0)
    for c in COMPARED[1:]:
        same &= m[c].fillna("") == m[f"old_{c}"].fillna("")
    m["status"] = np.where(~exists, "new", np.where(same, "unchanged", "changed"))
    # changed, new, unchanged; then by key (a rank from the flags: mapping 100 000 status texts cost ~0.05 s)
    m["_rank"] = np.where(~exists, 1, np.where(same, 2, 0))
    m = m.sort_values(["_rank", "area", "indicator", "year"])
    return (
        m[
            [
                "status",
                "_row",
                *KEY,
                "old_value",
                "value",
                "unit",
                "old_provenance",
                "provenance",
                "source_url",
                "note",
                "conversion",
            ]
        ]
        .rename(columns={"value": "new_value"})
        .reset_index(drop=True)
    )


def counts(diff: pd.DataFrame) -> dict[str, int]:
    return {s: int((diff["status"] == s).sum()) for s in ("new", "changed", "unchanged")}


# ---------------------------------------------------------------- commit / revert
def new_batch_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def commit(
    v: Validation, data: bytes, user: User, *, confirm_warnings: bool = False, expected_version: str | None = None
) -> dict:
    """Write ``v`` as one batch; returns its log row. Refuses (``CommitError``) unless safe."""
    if not v.ok:
        raise CommitError("invalid", f"{len(v.errors)} problems in the file; nothing was written")
    if v.warnings and not confirm_warnings:
        raise CommitError("unconfirmed", f"{len(v.warnings)} warnings need confirmation")
    denied = sorted(a for a in set(v.rows["area"]) if not user.may_write(a))
    if denied:
        raise CommitError("no_permission", f"{user.name} may not write {', '.join(denied)}")
    now = datetime.now(UTC)
    batch_id = new_batch_id(now)
    rows = v.rows[list(OUT_COLUMNS)].assign(batch_id=batch_id)
    rows = rows.astype({"year": "int32", "value": "float64"})[list(write.ACTUAL_COLUMNS)]
    archive = f"{batch_id}__{safe_file_name(v.file_name)}"
    entry = {  # the batch log row; the store stamps committed_at and fills the counts under its lock
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
    fields = {  # the audit line's fields
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

    def check_version(now_version: str) -> None:
        if expected_version is not None and expected_version not in (now_version, version_token(now_version)):
            raise CommitError("stale", "the data were updated by someone else since the preview; preview again")

    def classify(current: pd.DataFrame | None) -> dict[str, int]:
        n = counts(preview(v, current))
        if n["new"] + n["changed"] == 0:
            raise CommitError("nothing", "every value in the file is already in the data")
        return n

    return _written(
        store.current().commit_batch(
            rows,
            entry,
            fields,
            archive,
            data,
            check_version=check_version,
            classify=classify,
            hook=_hook,
            io_error=CommitIOError,
        )
    )


def revert(batch_id: str, user: User) -> dict:
    """Mark a batch reverted and rebuild the actuals; the batch's rows and archive stay."""

    def check(status: str | None, areas: list[str]) -> None:
        if status is None:
            raise CommitError("unknown_batch", f"no batch {batch_id}")
        if status != "active":
            raise CommitError("already_reverted", f"batch {batch_id} is already reverted")
        denied = sorted(a for a in areas if not user.may_write(a))
        if denied:
            raise CommitError("no_permission", f"{user.name} may not write {', '.join(denied)}")

    return _written(store.current().revert_batch(batch_id, user.name, check=check, hook=_hook, io_error=CommitIOError))


AfterWrite = Callable[[dict], None]
_listeners: list[AfterWrite] = []


def after_write(listener: AfterWrite) -> None:
    """Call ``listener(log row)`` after every commit and revert of this process, once the store's
    write has returned (the app and the CLI send the notifications of it; ingest knows nothing of
    them). A listener that fails never undoes or hides the commit: what it missed, ``python -m
    ipdash notify`` derives again from the batch log. Registering the same function twice is once."""
    if listener not in _listeners:
        _listeners.append(listener)


def _written(entry: dict) -> dict:
    for listener in list(_listeners):
        with contextlib.suppress(Exception):  # the commit stands; `notify` picks up what the listener missed
            listener(entry)
    return entry


def history() -> pd.DataFrame:
    """The batch log, newest first."""
    return store.current().read_batches().sort_values("committed_at", ascending=False).reset_index(drop=True)


def batch_rows(batch_id: str) -> pd.DataFrame:
    rows = store.current().batch_rows(batch_id) if re.fullmatch(r"[0-9A-Za-z\-]+", batch_id or "") else None
    if rows is None:
        raise CommitError("unknown_batch", f"no batch {batch_id}")
    return rows
