"""Preview, commit and revert of upload batches — atomic, locked, crash-safe, audited.

A commit, under ``writer.write_lock()``, in this order (each file via ``replace_atomically``):

1. ``store/batches/<batch_id>.parquet`` — the batch's rows (invisible: not in the log yet);
2. ``uploads/<batch_id>__<original name>`` — the uploaded bytes, unchanged;
3. ``store/.commit-pending`` — a marker naming the batch and holding its audit line;
4. ``store/batches.parquet`` — the log with the new row: **this is the commit point**;
5. ``actuals.parquet`` rebuilt (``writer.rebuild_effective``, idempotent);
6. the audit line appended; the marker removed.

A process killed before step 4 leaves an orphan batch file that every reader ignores (the log
does not name it) and ``recover()`` deletes. Killed after step 4, the log is right and
``actuals.parquet`` may be one batch behind: ``recover()`` sees the marker (or a log newer
than the actuals), rebuilds, and appends the marker's audit line unless the log already has
it — so the audit line belongs to the commit step. ``recover()`` runs at the start of every
commit and revert and whenever a page or the CLI opens. A revert rewrites the log (status →
reverted) and rebuilds the actuals the same way.

Faults: an ``OSError`` (disk full, I/O error, permissions) before the commit point removes what
the commit wrote and raises ``CommitIOError(committed=False)``: nothing changed. After it, the
batch *is* committed (the log says so) and ``CommitIOError(committed=True)`` says that; the
marker stays and the next ``recover()`` completes steps 5–6 once there is room.

Lost updates: a preview is made on one data version (``version_token()``); ``commit(...,
expected_version=…)`` refuses with ``stale`` ("数据已被他人更新，请重新预览") when the data have
changed since, so one analyst's stale preview never overwrites another's commit.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import signal
import time
import unicodedata
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ipdash import paths, schema
from ipdash.accounts.audit import audit, has_entry
from ipdash.accounts.auth import User
from ipdash.ingest import keyed, pg_ingest
from ipdash.ingest.validate import OUT_COLUMNS, Validation
from ipdash.store import backend, pg_read
from ipdash.store import read as store
from ipdash.store import write as writer

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
    v = store.data_version() if version is None else version
    return hashlib.sha256(v.encode()).hexdigest()[:12]


def pending_marker():
    return paths.store_dir() / ".commit-pending"


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
    order = {"changed": 0, "new": 1, "unchanged": 2}
    m = m.sort_values(["status", "area", "indicator", "year"], key=lambda s: s.map(order) if s.name == "status" else s)
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


# ---------------------------------------------------------------- recovery
def _tidy_orphans(log: pd.DataFrame) -> None:
    known = set(log["batch_id"])
    for f in paths.batches_dir().glob("*.parquet") if paths.batches_dir().exists() else ():
        if f.stem not in known:
            f.unlink(missing_ok=True)
    for f in paths.uploads_dir().glob("*__*") if paths.uploads_dir().exists() else ():
        if f.name.split("__", 1)[0] not in known:
            f.unlink(missing_ok=True)
    for d in (paths.store_dir(), paths.batches_dir(), paths.uploads_dir()):
        for f in d.glob(".*.tmp") if d.exists() else ():
            f.unlink(missing_ok=True)


def _has_orphans() -> bool:
    files = {f.stem for f in paths.batches_dir().glob("*.parquet")} if paths.batches_dir().exists() else set()
    if any(paths.store_dir().glob(".*.tmp")) or any(paths.batches_dir().glob(".*.tmp")):
        return True
    return bool(files - set(writer.read_batches()["batch_id"]))


def needs_recovery() -> bool:
    """A killed commit left work behind: the pending marker, a log newer than the actuals, orphans."""
    if backend.is_postgres():  # [pg-dispatch] one transaction per commit: a killed one left nothing
        return False
    act, log = paths.parquet("actuals"), paths.parquet("batches")
    if pending_marker().exists():
        return True
    if act.exists() and log.exists() and log.stat().st_mtime_ns > act.stat().st_mtime_ns:
        return True
    return _has_orphans()


def _write_marker(batch_id: str, event: str, fields: dict) -> None:
    record = {"batch_id": batch_id, "event": event, "fields": fields}
    writer.write_bytes(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8"), pending_marker())


def _marker_audit() -> None:
    """Append the audit line a killed or failed commit/revert left in its marker (once)."""
    try:
        record = json.loads(pending_marker().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return  # an old marker (batch id only) or none
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        return
    event, batch_id = str(record.get("event", "")), str(record.get("batch_id", ""))
    log = writer.read_batches()
    hit = log[log["batch_id"] == batch_id]
    done = (event == "upload" and len(hit) == 1) or (event == "revert" and (hit["status"] == "reverted").any())
    if done and not has_entry(event, batch_id):
        audit(event, **record["fields"], recovered=True)


def recover() -> bool:
    """Call with the write lock held: finish or discard what a killed commit left. True if it acted."""
    if backend.is_postgres():  # [pg-dispatch] nothing to finish or discard
        return False
    acted = needs_recovery()
    _tidy_orphans(writer.read_batches())
    if acted:
        writer.rebuild_effective()
        _marker_audit()
        pending_marker().unlink(missing_ok=True)
    return acted


def ensure_consistent() -> bool:
    """Cheap check for readers (the page, the CLI); takes the lock only when repair is due.

    A repair that cannot write (disk still full) is left for the next reader: the data stay
    readable, one batch behind at most, and the marker keeps what is still to do."""
    if not needs_recovery():
        return False
    try:
        with writer.write_lock():
            return recover()
    except (OSError, writer.LockTimeout):
        return False


# ---------------------------------------------------------------- commit / revert
def new_batch_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _pg() -> pg_ingest.Helpers:
    classify = lambda v, current: counts(preview(v, current))  # noqa: E731
    return pg_ingest.Helpers(classify, new_batch_id, version_token, _hook, CommitError, CommitIOError)


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
    if backend.is_postgres():  # [pg-dispatch] one PostgreSQL transaction, the same checks (ingest/pg_ingest.py)
        return pg_ingest.commit(v, data, user, expected_version, safe_file_name(v.file_name), _pg())
    with writer.write_lock():
        recover()
        now_version = store.data_version()
        if expected_version is not None and expected_version not in (now_version, version_token(now_version)):
            raise CommitError("stale", "the data were updated by someone else since the preview; preview again")
        diff = preview(v)
        n = counts(diff)
        if n["new"] + n["changed"] == 0:
            raise CommitError("nothing", "every value in the file is already in the data")
        now = datetime.now(UTC)
        batch_id = new_batch_id(now)
        rows = v.rows[list(OUT_COLUMNS)].assign(batch_id=batch_id)
        rows = rows.astype({"year": "int32", "value": "float64"})[list(writer.ACTUAL_COLUMNS)]
        archive = paths.uploads_dir() / f"{batch_id}__{safe_file_name(v.file_name)}"
        entry = {
            "batch_id": batch_id,
            "committed_at": now.isoformat(timespec="microseconds"),
            "user": user.name,
            "file_name": v.file_name,
            "sha256": v.sha256,
            "n_rows": len(rows),
            "n_new": n["new"],
            "n_changed": n["changed"],
            "status": "active",
            "reverted_at": "",
            "reverted_by": "",
        }
        fields = {
            "user": user.name,
            "batch_id": batch_id,
            "file_name": v.file_name,
            "sha256": v.sha256,
            "n_rows": len(rows),
            "n_new": n["new"],
            "n_changed": n["changed"],
            "archive": archive.name,
            "warnings_confirmed": len(v.warnings),
        }
        try:
            _hook("start")
            writer.write_parquet(rows, paths.batches_dir() / f"{batch_id}.parquet")
            _hook("batch_file")
            writer.write_bytes(data, archive)
            _hook("archive")
            _write_marker(batch_id, "upload", fields)
            log = writer.read_batches()
            log = pd.concat([log, pd.DataFrame([entry]).astype(log.dtypes.to_dict())], ignore_index=True)
            writer.write_parquet(log, paths.parquet("batches"))
            _hook("log")
        except OSError as exc:
            _undo_or_raise_committed(batch_id, exc)
        _finish(batch_id, "upload", fields)
    return entry


def _undo_or_raise_committed(batch_id: str, exc: OSError) -> None:
    """A write before the commit point failed: remove what was written (or, if the log already
    names the batch — the failure came after its replace — report it committed)."""
    try:
        committed = batch_id in set(writer.read_batches()["batch_id"])
    except OSError:
        committed = False
    if committed:
        raise CommitIOError(True, batch_id, exc) from exc
    try:
        _tidy_orphans(writer.read_batches())
        pending_marker().unlink(missing_ok=True)
    except OSError:
        pass  # left for recover(): orphans are invisible to readers
    raise CommitIOError(False, batch_id, exc) from exc


def _finish(batch_id: str, event: str, fields: dict) -> None:
    """After the commit point: rebuild, audit, drop the marker — or say the batch is committed."""
    try:
        writer.rebuild_effective()
        _hook("effective")
        audit(event, **fields)
        _hook("audit")
        pending_marker().unlink(missing_ok=True)
    except OSError as exc:
        raise CommitIOError(True, batch_id, exc) from exc


def revert(batch_id: str, user: User) -> dict:
    """Mark a batch reverted and rebuild the actuals; the batch file and archive stay."""
    if backend.is_postgres():  # [pg-dispatch] one PostgreSQL transaction (ingest/pg_ingest.revert)
        return pg_ingest.revert(batch_id, user, _pg())
    with writer.write_lock():
        recover()
        log = writer.read_batches()
        hit = log.index[log["batch_id"] == batch_id]
        if len(hit) == 0:
            raise CommitError("unknown_batch", f"no batch {batch_id}")
        i = hit[0]
        if log.at[i, "status"] != "active":
            raise CommitError("already_reverted", f"batch {batch_id} is already reverted")
        areas = set(pd.read_parquet(paths.batches_dir() / f"{batch_id}.parquet", columns=["area"])["area"])
        denied = sorted(a for a in areas if not user.may_write(a))
        if denied:
            raise CommitError("no_permission", f"{user.name} may not write {', '.join(denied)}")
        log.loc[i, ["status", "reverted_at", "reverted_by"]] = [
            "reverted",
            datetime.now(UTC).isoformat(timespec="microseconds"),
            user.name,
        ]
        fields = {"user": user.name, "batch_id": batch_id}
        try:
            _write_marker(batch_id, "revert", fields)
            writer.write_parquet(log, paths.parquet("batches"))
            _hook("revert_log")
        except OSError as exc:
            log = writer.read_batches()
            reverted = bool((log.loc[log["batch_id"] == batch_id, "status"] == "reverted").any())
            if not reverted:
                pending_marker().unlink(missing_ok=True)
            raise CommitIOError(reverted, batch_id, exc) from exc
        _finish(batch_id, "revert", fields)
        return log.loc[i].to_dict()


def history() -> pd.DataFrame:
    """The batch log, newest first."""
    return writer.read_batches().sort_values("committed_at", ascending=False).reset_index(drop=True)


def batch_rows(batch_id: str) -> pd.DataFrame:
    if not re.fullmatch(r"[0-9A-Za-z\-]+", batch_id or ""):
        raise CommitError("unknown_batch", f"no batch {batch_id}")
    if backend.is_postgres():  # [pg-dispatch] the batch's rows in PostgreSQL
        rows = pg_read.batch_rows(batch_id)
        if rows is None:
            raise CommitError("unknown_batch", f"no batch {batch_id}")
        return rows
    path = paths.batches_dir() / f"{batch_id}.parquet"
    if not path.exists():
        raise CommitError("unknown_batch", f"no batch {batch_id}")
    return pd.read_parquet(path)
