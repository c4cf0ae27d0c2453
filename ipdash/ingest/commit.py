"""Preview, commit and revert of upload batches — atomic, locked, crash-safe, audited.

A commit, under ``writer.write_lock()``, in this order (each file via ``replace_atomically``):

1. ``store/batches/<batch_id>.parquet`` — the batch's rows (invisible: not in the log yet);
2. ``uploads/<batch_id>__<original name>`` — the uploaded bytes, unchanged;
3. ``store/.commit-pending`` — a marker naming the batch;
4. ``store/batches.parquet`` — the log with the new row: **this is the commit point**;
5. ``actuals.parquet`` rebuilt (``writer.rebuild_effective``, idempotent); marker removed;
6. one JSON line in the audit log.

A process killed before step 4 leaves an orphan batch file that every reader ignores (the log
does not name it) and ``recover()`` deletes. Killed after step 4, the log is right and
``actuals.parquet`` may be one batch behind: ``recover()`` sees the marker (or a log newer
than the actuals) and rebuilds. ``recover()`` runs at the start of every commit and revert and
whenever the upload page or the CLI opens. A revert rewrites the log (status → reverted) and
rebuilds the actuals the same way.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import time
import unicodedata
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ipdash import paths
from ipdash.ingest import pg_ingest
from ipdash.ingest.audit import audit
from ipdash.ingest.auth import User
from ipdash.ingest.validate import OUT_COLUMNS, Validation
from ipdash.store import backend, pg_read, pg_write
from ipdash.store import read as store
from ipdash.store import write as writer

KEY = ["area", "indicator", "year"]
COMPARED = ("value", "unit", "provenance", "confidence", "source_url", "note")


class CommitError(Exception):
    """A commit or revert refused; ``code`` keys the UI message, ``args[0]`` is English."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def pending_marker():
    return paths.store_dir() / ".commit-pending"


def _hook(step: str) -> None:
    """Test hook: ``IPDASH_CRASH_AT=<step>`` kills this process right after ``step``."""
    if os.environ.get("IPDASH_CRASH_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)
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
def _current() -> pd.DataFrame:
    if backend.is_postgres():  # [pg-dispatch] the effective actuals this process has loaded
        return store.table("actuals")
    return pd.read_parquet(paths.parquet("actuals"))


def preview(v: Validation, current: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per uploaded value: status new / changed / unchanged, old and new value."""
    cur = _current() if current is None else current
    old = cur[KEY + list(COMPARED)].rename(columns={c: f"old_{c}" for c in COMPARED})
    m = v.rows.merge(old, on=KEY, how="left")
    exists = m["old_value"].notna()
    same = exists & np.isclose(m["value"], m["old_value"].fillna(np.nan), rtol=1e-9, atol=0)
    for c in COMPARED[1:]:
        same &= m[c].fillna("") == m[f"old_{c}"].fillna("")
    m["status"] = np.where(~exists, "new", np.where(same, "unchanged", "changed"))
    order = {"changed": 0, "new": 1, "unchanged": 2}
    m = m.sort_values(["status", "area", "indicator", "year"], key=lambda s: s.map(order) if s.name == "status" else s)
    return (
        m[["status", "_row", *KEY, "old_value", "value", "unit", "old_provenance", "provenance", "source_url", "note"]]
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


def recover() -> bool:
    """Call with the write lock held: finish or discard what a killed commit left. True if it acted."""
    if backend.is_postgres():  # [pg-dispatch] nothing to finish or discard
        return False
    acted = needs_recovery()
    _tidy_orphans(writer.read_batches())
    if acted:
        writer.rebuild_effective()
        pending_marker().unlink(missing_ok=True)
    return acted


def ensure_consistent() -> bool:
    """Cheap check for readers (the page, the CLI); takes the lock only when repair is due."""
    if not needs_recovery():
        return False
    with writer.write_lock():
        return recover()


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
    if backend.is_postgres():  # [pg-dispatch] the whole commit is one PostgreSQL transaction (ingest/pg_ingest.py)
        return pg_ingest.commit(
            v,
            data,
            user,
            expected_version,
            classify=lambda v, current: counts(preview(v, current)),
            new_batch_id=new_batch_id,
            file_name=safe_file_name(v.file_name),
            hook=_hook,
            error=CommitError,
        )
    with writer.write_lock():
        recover()
        if expected_version is not None and store.data_version() != expected_version:
            raise CommitError("stale", "the data changed since the preview; review the preview again")
        diff = preview(v)
        n = counts(diff)
        if n["new"] + n["changed"] == 0:
            raise CommitError("nothing", "every value in the file is already in the data")
        now = datetime.now(UTC)
        batch_id = new_batch_id(now)
        rows = v.rows[list(OUT_COLUMNS)].assign(batch_id=batch_id)
        rows = rows.astype({"year": "int32", "value": "float64"})[list(writer.ACTUAL_COLUMNS)]
        _hook("start")
        writer.write_parquet(rows, paths.batches_dir() / f"{batch_id}.parquet")
        _hook("batch_file")
        archive = paths.uploads_dir() / f"{batch_id}__{safe_file_name(v.file_name)}"
        writer.write_bytes(data, archive)
        _hook("archive")
        writer.write_bytes(batch_id.encode(), pending_marker())
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
        log = writer.read_batches()
        log = pd.concat([log, pd.DataFrame([entry]).astype(log.dtypes.to_dict())], ignore_index=True)
        writer.write_parquet(log, paths.parquet("batches"))
        _hook("log")
        writer.rebuild_effective()
        pending_marker().unlink(missing_ok=True)
        _hook("effective")
        audit(
            "upload",
            user=user.name,
            batch_id=batch_id,
            file_name=v.file_name,
            sha256=v.sha256,
            n_rows=len(rows),
            n_new=n["new"],
            n_changed=n["changed"],
            archive=archive.name,
            warnings_confirmed=len(v.warnings),
        )
    return entry


def revert(batch_id: str, user: User) -> dict:
    """Mark a batch reverted and rebuild the actuals; the batch file and archive stay."""
    if backend.is_postgres():  # [pg-dispatch] one PostgreSQL transaction (store/pg_write.revert)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        return pg_write.revert(batch_id, user.name, now, may_write=user.may_write, hook=_hook, error=CommitError)
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
        writer.write_bytes(batch_id.encode(), pending_marker())
        writer.write_parquet(log, paths.parquet("batches"))
        _hook("revert_log")
        writer.rebuild_effective()
        pending_marker().unlink(missing_ok=True)
        audit("revert", user=user.name, batch_id=batch_id)
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
