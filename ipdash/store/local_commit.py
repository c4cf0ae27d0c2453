"""The local store's batch writes: commit, revert and the recovery of a killed one — atomic, locked, crash-safe.

A commit, under ``write.write_lock()``, in this order (each file via ``write.replace_atomically``):

1. ``store/batches/<batch_id>.parquet`` — the batch's rows (invisible: not in the log yet);
2. ``uploads/<batch_id>__<original name>`` — the uploaded bytes, unchanged;
3. ``store/.commit-pending`` — a marker naming the batch and holding its audit line;
4. the new ``actuals.parquet`` prepared in a temporary file (``write.prepare_effective``: DuckDB
   writes it, so a full disk fails here, before anything is committed);
5. ``store/batches.parquet`` — the log with the new row: **this is the commit point**;
6. the prepared actuals renamed into place (``write.install_effective``; recovery rebuilds instead);
7. the audit line appended; the marker removed.

A process killed before step 4 leaves an orphan batch file that every reader ignores (the log
does not name it) and ``recover()`` deletes. Killed after step 4, the log is right and
``actuals.parquet`` may be one batch behind: ``recover()`` sees the marker (or a log newer
than the actuals), rebuilds, and appends the marker's audit line unless the log already has
it — so the audit line belongs to the commit step. ``recover()`` runs at the start of every
commit and revert and whenever a page or the CLI opens (``ensure_consistent``). A revert rewrites
the log (status → reverted) and rebuilds the actuals the same way.

Faults: an ``OSError`` (disk full, I/O error, permissions; DuckDB's ``IOException`` becomes one) before
the commit point removes what
the commit wrote and raises ``io_error(False, …)``: nothing changed. After it, the batch *is*
committed (the log says so) and ``io_error(True, …)`` says that; the marker stays and the next
``recover()`` completes steps 6–7 once there is room.

Temporary files — ours (``.<name>.*.tmp``) and DuckDB's (``tmp_.<name>.*.tmp``) — left by a process
killed mid-write are removed by ``recover()``, which runs with the write lock held, so no live writer
owns them.

What a commit checks and how it counts (``check_version``, ``classify``, ``check``) is the
caller's (``ingest.commit``); this module only calls them under the lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash import paths
from ipdash.store import read, write
from ipdash.store.base import Hook, IoError, now_iso

Audit = Callable[[str, dict], None]  # append one audit event
HasEntry = Callable[[str, str], bool]  # (event, batch id) already in the audit log?


def pending_marker():
    return paths.store_dir() / ".commit-pending"


# ---------------------------------------------------------------- recovery
def _tidy_orphans(log: pd.DataFrame) -> None:
    known = set(log["batch_id"])
    for f in paths.batches_dir().glob("*.parquet") if paths.batches_dir().exists() else ():
        if f.stem not in known:
            f.unlink(missing_ok=True)
    for f in paths.uploads_dir().glob("*__*") if paths.uploads_dir().exists() else ():
        if f.name.split("__", 1)[0] not in known:
            f.unlink(missing_ok=True)
    for f in _temporary_files():
        f.unlink(missing_ok=True)


TMP_PATTERNS = (".*.tmp", "tmp_.*.tmp")  # write.replace_atomically's, and DuckDB's own for its COPY


def _temporary_files() -> list:
    """Temporary files of writes in the store's folders (only ever in flight under the write lock)."""
    dirs = (paths.store_dir(), paths.batches_dir(), paths.uploads_dir(), paths.evidence_dir())
    return [f for d in dirs if d.exists() for pat in TMP_PATTERNS for f in d.glob(pat)]


def _has_orphans() -> bool:
    files = {f.stem for f in paths.batches_dir().glob("*.parquet")} if paths.batches_dir().exists() else set()
    if _temporary_files():
        return True
    return bool(files - set(write.read_batches()["batch_id"]))


def needs_recovery() -> bool:
    """A killed commit left work behind: the pending marker, a log newer than the actuals, orphans."""
    act, log = paths.parquet("actuals"), paths.parquet("batches")
    if pending_marker().exists():
        return True
    if act.exists() and log.exists() and log.stat().st_mtime_ns > act.stat().st_mtime_ns:
        return True
    return _has_orphans()


def _write_marker(batch_id: str, event: str, fields: dict) -> None:
    record = {"batch_id": batch_id, "event": event, "fields": fields}
    write.write_bytes(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8"), pending_marker())


def _marker_audit(audit: Audit, has_entry: HasEntry) -> None:
    """Append the audit line a killed or failed commit/revert left in its marker (once)."""
    try:
        record = json.loads(pending_marker().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return  # an old marker (batch id only) or none
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        return
    event, batch_id = str(record.get("event", "")), str(record.get("batch_id", ""))
    log = write.read_batches()
    hit = log[log["batch_id"] == batch_id]
    done = (event == "upload" and len(hit) == 1) or (event == "revert" and (hit["status"] == "reverted").any())
    if done and not has_entry(event, batch_id):
        audit(event, {**record["fields"], "recovered": True})


def recover(audit: Audit, has_entry: HasEntry) -> bool:
    """Call with the write lock held: finish or discard what a killed commit left. True if it acted."""
    acted = needs_recovery()
    _tidy_orphans(write.read_batches())
    if acted:
        write.rebuild_effective()
        _marker_audit(audit, has_entry)
        pending_marker().unlink(missing_ok=True)
    return acted


def ensure_consistent(audit: Audit, has_entry: HasEntry) -> bool:
    """Cheap check for readers (the page, the CLI); takes the lock only when repair is due.

    A repair that cannot write (disk still full) is left for the next reader: the data stay
    readable, one batch behind at most, and the marker keeps what is still to do."""
    if not needs_recovery():
        return False
    try:
        with write.write_lock():
            return recover(audit, has_entry)
    except (OSError, write.LockTimeout):
        return False


# ---------------------------------------------------------------- commit / revert
def commit(
    rows: pd.DataFrame,
    entry: dict,
    fields: dict,
    archive_name: str,
    data: bytes,
    *,
    check_version: Callable[[str], None],
    classify: Callable[[pd.DataFrame | None], dict[str, int]],
    hook: Hook,
    io_error: IoError,
    audit: Audit,
    has_entry: HasEntry,
) -> dict:
    """Write one batch (steps 1–6 above); see ``base.Store.commit_batch``."""
    batch_id = str(entry["batch_id"])
    with write.write_lock():
        recover(audit, has_entry)
        check_version(read.stored_version())
        n = classify(None)  # the current values of the batch's keys: read from the store
        counted = {"n_new": n["new"], "n_changed": n["changed"]}
        entry = {**entry, "committed_at": now_iso(), **counted}
        fields = {**fields, **counted}
        try:
            hook("start")
            write.write_parquet(rows, paths.batches_dir() / f"{batch_id}.parquet")
            hook("batch_file")
            write.write_bytes(data, paths.uploads_dir() / archive_name)
            hook("archive")
            _write_marker(batch_id, "upload", fields)
            log = write.read_batches()
            log = pd.concat([log, pd.DataFrame([entry]).astype(log.dtypes.to_dict())], ignore_index=True)
            prepared = write.prepare_effective(log)
            hook("effective_file")
            write.write_parquet(log, paths.parquet("batches"))
            hook("log")
        except OSError as exc:
            _undo_or_raise_committed(batch_id, exc, io_error)
        _finish(batch_id, "upload", fields, hook, io_error, audit, prepared)
    return entry


def _undo_or_raise_committed(batch_id: str, exc: OSError, io_error: IoError) -> None:
    """A write before the commit point failed: remove what was written (or, if the log already
    names the batch — the failure came after its replace — report it committed)."""
    try:
        committed = batch_id in set(write.read_batches()["batch_id"])
    except OSError:
        committed = False
    if committed:
        raise io_error(True, batch_id, exc) from exc
    try:
        _tidy_orphans(write.read_batches())
        pending_marker().unlink(missing_ok=True)
    except OSError:
        pass  # left for recover(): orphans are invisible to readers
    raise io_error(False, batch_id, exc) from exc


def _finish(
    batch_id: str, event: str, fields: dict, hook: Hook, io_error: IoError, audit: Audit, prepared: Path
) -> None:
    """After the commit point: the prepared actuals in place, audit, drop the marker — or say the batch is committed."""
    try:
        write.install_effective(prepared)
        hook("effective")
        audit(event, fields)
        hook("audit")
        pending_marker().unlink(missing_ok=True)
    except OSError as exc:
        raise io_error(True, batch_id, exc) from exc


def revert(
    batch_id: str,
    user: str,
    *,
    check: Callable[[str | None, list[str]], None],
    hook: Hook,
    io_error: IoError,
    audit: Audit,
    has_entry: HasEntry,
) -> dict:
    """Mark a batch reverted and rebuild the actuals; the batch file and archive stay."""
    with write.write_lock():
        recover(audit, has_entry)
        log = write.read_batches()
        hit = log.index[log["batch_id"] == batch_id]
        status = str(log.at[hit[0], "status"]) if len(hit) else None
        areas: list[str] = []
        if status == "active":
            areas = sorted(set(pd.read_parquet(paths.batches_dir() / f"{batch_id}.parquet", columns=["area"])["area"]))
        check(status, areas)
        i = hit[0]
        log.loc[i, ["status", "reverted_at", "reverted_by"]] = ["reverted", now_iso(), user]
        fields = {"user": user, "batch_id": batch_id}
        try:
            _write_marker(batch_id, "revert", fields)
            prepared = write.prepare_effective(log)
            hook("revert_effective_file")
            write.write_parquet(log, paths.parquet("batches"))
            hook("revert_log")
        except OSError as exc:
            log = write.read_batches()
            reverted = bool((log.loc[log["batch_id"] == batch_id, "status"] == "reverted").any())
            if not reverted:
                pending_marker().unlink(missing_ok=True)
                for f in _temporary_files():
                    f.unlink(missing_ok=True)
            raise io_error(reverted, batch_id, exc) from exc
        _finish(batch_id, "revert", fields, hook, io_error, audit, prepared)
        return log.loc[i].to_dict()
