"""Results that outlive the process: a frame computed once per data version, kept as Parquet.

At county scale (≈ 28 500 targets on 1 M actuals) judging every target takes seconds; a
freshly started server would pay that before its first page. ``frame(name, args, compute)``
keeps the result under ``store/cache/`` keyed on ``store.data_version()``, the arguments and
the code (size and mtime of every ``ipdash/**/*.py``), so a restart reads it back in a fraction
of a second and any change of data or code recomputes. Files of older keys are removed when a
new one is written. ``memo`` is the same in memory only (per process). A frame that would not
come back identical from Parquet (dtypes, values) is not kept. Nothing here imports streamlit.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash import paths
from ipdash.store import read, write

_CODE_DIR = Path(__file__).resolve().parent.parent  # the whole ipdash package


def cache_dir() -> Path:
    return paths.store_dir() / "cache"


@functools.cache
def code_version() -> str:
    """Size and mtime of every ``ipdash/**/*.py``, walked once per process (it was walked on every ``memo``
    call): a server runs the code it imported, and a server restarted after a change, or Streamlit's
    reload of changed modules (it drops every watched module, this one too), walks it again."""
    parts = []
    for p in sorted(_CODE_DIR.rglob("*.py")):
        st = p.stat()
        parts.append(f"{p.relative_to(_CODE_DIR)}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def _path(name: str, args: tuple, version: str | None = None) -> Path:
    """``<name>-<arguments hash>-<data and code hash>.parquet``; ``version``: what the result depends on
    when that is less than the whole data version (e.g. the catalog's files only)."""
    arg = hashlib.sha256(repr(args).encode()).hexdigest()[:10]
    data = read.data_version() if version is None else version
    ver = hashlib.sha256((data + "\n" + code_version()).encode()).hexdigest()[:20]
    return cache_dir() / f"{name}-{arg}-{ver}.parquet"


_memo: dict[tuple, tuple[Path, pd.DataFrame]] = {}
_locks: dict[tuple, threading.RLock] = {}
_locks_lock = threading.Lock()


def _lock(key: tuple) -> threading.RLock:
    """One lock per result: a second thread asking for a result another is computing waits for it
    instead of computing it again beside it (the start-up warm-up and the first page asked for the same
    judgement at once, and two computations under one GIL took twice as long as one)."""
    with _locks_lock:
        return _locks.setdefault(key, threading.RLock())


def frame(
    name: str, args: tuple, compute: Callable[[], pd.DataFrame], *, version: Callable[[], str] | None = None
) -> pd.DataFrame:
    """``compute()``, or the copy of it kept for this data version, arguments and code (in
    memory for this process, on disk for the next). Callers get a shallow copy-on-write copy.
    ``version``: the version of what ``compute`` reads, when that is less than the whole store."""
    read.ensure_fresh()
    path = _path(name, args, None if version is None else version())
    hit = _memo.get((name, args))
    if hit is not None and hit[0] == path:
        return hit[1].copy(deep=False)
    with _lock((name, args)):
        hit = _memo.get((name, args))
        if hit is not None and hit[0] == path:  # another thread made it meanwhile
            return hit[1].copy(deep=False)
        df = None
        if path.exists():
            with contextlib.suppress(Exception):  # unreadable (e.g. half-deleted): recompute
                df = pd.read_parquet(path)
        if df is None:
            df = compute()
            with contextlib.suppress(OSError):
                _keep(path, df)
        _memo[(name, args)] = (path, df)
    return df.copy(deep=False)


def memo(name: str, args: tuple, compute: Callable):
    """``compute()`` once per data version and code in this process (memory only); a frame
    comes back as a shallow copy-on-write copy, a dict or list as a shallow copy."""
    read.ensure_fresh()
    path = _path(name, args)
    hit = _memo.get((name, args))
    if hit is None or hit[0] != path:
        with _lock((name, args)):
            hit = _memo.get((name, args))
            if hit is None or hit[0] != path:  # not made by another thread meanwhile
                hit = _memo[(name, args)] = (path, compute())
    value = hit[1]
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    return type(value)(value) if isinstance(value, (dict, list)) else value


class _NotKept(Exception):
    """The frame would not come back from Parquet as it is: not kept."""


def _keep(path: Path, df: pd.DataFrame) -> None:
    """Write ``df`` to a temporary file, read it back, and only if it comes back identical move that very
    file into place (it was written a second time after the check: a tenth of a second per status frame)."""

    def write_checked(tmp: Path) -> None:
        try:
            df.to_parquet(tmp, index=False)
            back = pd.read_parquet(tmp)
            same = back.dtypes.equals(df.dtypes) and back.equals(df.reset_index(drop=True))
        except Exception:  # a column Parquet cannot hold: simply not kept
            same = False
        if not same:
            raise _NotKept

    try:
        write.replace_atomically(path, write_checked)
    except _NotKept:
        return
    prefix = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{prefix}-*.parquet"):  # the same call on older data or code
        if old != path:
            old.unlink(missing_ok=True)
