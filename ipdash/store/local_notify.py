"""The local store's subscriptions and notification outbox: two JSON files under ``store/``.

``store/subscriptions.json`` — ``{"subscriptions": [record, …]}`` (``schema.SUBSCRIPTIONS`` columns);
``store/outbox.json`` — ``{"messages": {key: record}, "notified": {version: at}}`` (``schema.OUTBOX``,
``schema.NOTIFIED``). Every change reads, changes and replaces its file whole (``write.replace_atomically``:
a killed writer leaves the old file or the new one, never half of one) under the store's write lock,
so two processes never lose each other's change. Mode 600: the files hold robot URLs and secrets.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ipdash import paths, schema
from ipdash.store import json_file, write
from ipdash.store.backend import LockTimeout


def _subs_file() -> Path:
    return paths.store_dir() / "subscriptions.json"


def _outbox_file() -> Path:
    return paths.store_dir() / "outbox.json"


def _load(path: Path, empty: dict) -> dict:
    return json_file.load(path) or empty


def _save(path: Path, data: dict) -> None:
    json_file.save(path, data, private=True)


_frame = json_file.typed_frame


# ---------------------------------------------------------------- subscriptions
def subscriptions() -> pd.DataFrame:
    return _frame(_load(_subs_file(), {"subscriptions": []}).get("subscriptions", []), schema.SUBSCRIPTIONS)


def add_subscription(record: dict) -> None:
    with write.write_lock():
        data = _load(_subs_file(), {"subscriptions": []})
        subs = data.setdefault("subscriptions", [])
        if any(s.get("id") == record["id"] for s in subs):
            raise ValueError(f"a subscription {record['id']!r} exists already")
        subs.append({c: record.get(c, "") for c in schema.SUBSCRIPTIONS.names})
        _save(_subs_file(), data)


def remove_subscription(sub_id: str) -> bool:
    with write.write_lock():
        data = _load(_subs_file(), {"subscriptions": []})
        subs = data.get("subscriptions", [])
        kept = [s for s in subs if s.get("id") != sub_id]
        if len(kept) == len(subs):
            return False
        data["subscriptions"] = kept
        _save(_subs_file(), data)
        return True


# ---------------------------------------------------------------- outbox
def _outbox() -> dict:
    data = _load(_outbox_file(), {})
    data.setdefault("messages", {})
    data.setdefault("notified", {})
    return data


def enqueue(rows: list[dict], versions: list[str], at: str) -> int:
    """Add the messages whose key is new and record ``versions`` as notified, in one file write."""
    with write.write_lock():
        data = _outbox()
        added = 0
        for rec in rows:
            if rec["key"] not in data["messages"]:
                data["messages"][rec["key"]] = {c: rec.get(c, "") for c in schema.OUTBOX.names}
                added += 1
        for v in versions:
            data["notified"].setdefault(v, at)
        data["notified"] = dict(sorted(data["notified"].items()))  # by version, as an export writes them
        _save(_outbox_file(), data)
        return added


def notified_versions() -> set[str]:
    return set(_outbox()["notified"])


def outbox() -> pd.DataFrame:
    rows = sorted(_outbox()["messages"].values(), key=lambda r: (r["created_at"], r["key"]))
    return _frame(rows, schema.OUTBOX)


def outbox_due(now: str) -> pd.DataFrame:
    df = outbox()
    return df[(df["status"] != "sent") & (df["next_try"] <= now)].reset_index(drop=True)


def _update(key: str, **fields: object) -> None:
    with write.write_lock():
        data = _outbox()
        rec = data["messages"].get(key)
        if rec is None or rec["status"] == "sent":
            return
        if fields.get("status") == "failed":
            fields["attempts"] = int(rec["attempts"]) + 1
        rec.update(fields)
        _save(_outbox_file(), data)


def mark_sent(key: str, at: str) -> None:
    _update(key, status="sent", sent_at=at)


def mark_failed(key: str, error: str, next_try: str) -> None:
    _update(key, status="failed", last_error=error, next_try=next_try)


@contextlib.contextmanager
def sender_lock(timeout: float = 30.0) -> Iterator[None]:
    """``store/.outbox.lock`` (``fcntl``): one sender at a time; released when the process dies."""
    lock = paths.store_dir() / ".outbox.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(f"another sender holds {lock} for more than {timeout:.0f} s") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
