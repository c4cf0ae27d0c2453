"""The local store's check-ins on targets: one JSON file, ``store/checkins.json``.

``{"checkins": [record, …]}`` in the order written (``schema.CHECKINS`` columns, text; empty rather
than null). A check-in reads the file, appends and replaces it whole (``write.replace_atomically``: a
killed writer leaves the old file or the new one) under the store's write lock, after the caller's
``check_version`` saw the data version as it is then; its audit line follows under the same lock.
Check-ins are outside ``data_version()`` (no page judges the targets again for one); caches of them key on
``version()``, the file's size and modification time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash import paths, schema
from ipdash.store import json_file, read, write

Audit = Callable[[str, dict], None]


def checkins_file() -> Path:
    return paths.store_dir() / "checkins.json"


def _load() -> list[dict]:
    return json_file.records(json_file.load(checkins_file()), "checkins")


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame of ``schema.CHECKINS`` text columns (an empty one with them when none)."""
    return json_file.text_frame(rows, schema.CHECKINS)


def version() -> str:
    return json_file.version(checkins_file())


def checkins() -> pd.DataFrame:
    """Every check-in in the order written."""
    return frame(_load())


def save(rows: list[dict]) -> None:
    json_file.save(checkins_file(), {"checkins": rows})


def add(record: dict, audit_fields: dict, *, check_version: Callable[[str], None], audit: Audit) -> dict:
    """Under the write lock: ``check_version(data version now)`` may refuse; then the row and its audit line."""
    row = json_file.text_row(record, schema.CHECKINS)
    with write.write_lock():
        check_version(read.data_version())
        rows = _load()
        if any(r.get("checkin_id") == row["checkin_id"] for r in rows):
            raise ValueError(f"a check-in {row['checkin_id']!r} exists already")
        save([*rows, row])
        audit("checkin", audit_fields)
    return row
