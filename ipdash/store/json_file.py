"""The local store's small JSON tables (check-ins, meetings, API tokens, subscriptions, the outbox): one
way to read, write, version and frame them.

Each file is one JSON object. A change reads the file, changes it and replaces it whole
(``write.replace_atomically``: a killed writer leaves the old file or the new one, never half of one),
under the store's write lock, held by the caller. ``private`` files (robot URLs, secrets, token digests)
are mode 600. A file's ``version`` (path, modification time, size) keys the caches of what is read from it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ipdash import schema
from ipdash.store import write


def load(path: Path) -> dict[str, Any]:
    """The file's object; ``{}`` when there is no file or it holds something else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}


def records(data: dict[str, Any], name: str) -> list[dict]:
    """The list of records kept under ``name`` (what is not a record is left out)."""
    rows = data.get(name, [])
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def save(path: Path, data: dict[str, Any], *, private: bool = False) -> None:
    """Replace the file whole with ``data``."""
    text = json.dumps(data, ensure_ascii=False, indent=1)

    def put(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")
        if private:
            os.chmod(tmp, 0o600)

    write.replace_atomically(path, put)


def version(path: Path) -> str:
    """Changes whenever the file does (``…|none`` while there is none)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return f"{path}|none"
    return f"{path}|{st.st_mtime_ns}|{st.st_size}"


def text_row(rec: dict, table: schema.Table) -> dict[str, str]:
    """One record with exactly the table's columns, as text ("" for none)."""
    return {c: str(rec.get(c, "") or "") for c in table.names}


def text_frame(rows: Iterable[dict], table: schema.Table) -> pd.DataFrame:
    """Records as a frame of the table's columns, all text (an empty frame with them when none)."""
    cols = list(table.names)
    return pd.DataFrame([text_row(r, table) for r in rows], columns=cols).astype(object)


def typed_frame(rows: list[dict], table: schema.Table) -> pd.DataFrame:
    """Records as a frame of the table's columns in the table's dtypes."""
    df = pd.DataFrame(rows, columns=list(table.names))
    if len(df):
        return df.astype(table.dtypes)
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in table.dtypes.items()})
