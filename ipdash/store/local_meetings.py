"""The local store's meetings, commitments and their progress reports: one JSON file under ``store/``.

``store/meetings.json`` — ``{"meetings": [...], "commitments": [...], "commitment_reports": [...]}``, each a
list of records with the columns of ``schema.MEETINGS`` / ``COMMITMENTS`` / ``COMMITMENT_REPORTS`` in the
order written. ``append`` reads, extends and replaces the file whole (``write.replace_atomically``: a killed
writer leaves the old file or the new one, never half of one), so the rows of one call — a meeting, a
commitment, a file of many reports — land together or not at all. The caller holds the store's write lock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ipdash import paths, schema
from ipdash.store import write

NAMES = ("meetings", "commitments", "commitment_reports")


def file() -> Path:
    return paths.store_dir() / "meetings.json"


def load(path: Path | None = None) -> dict[str, list[dict]]:
    """The file's content ({table: [record, …]}; every table present, empty lists when there is no file)."""
    try:
        data = json.loads((path or file()).read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    data = data if isinstance(data, dict) else {}
    return {n: list(data.get(n, [])) for n in NAMES}


def frame(rows: list[dict], table: schema.Table) -> pd.DataFrame:
    """Records as a frame of the table's columns (text, empty string for none)."""
    df = pd.DataFrame([{c: str(r.get(c, "") or "") for c in table.names} for r in rows], columns=list(table.names))
    return df.astype(object)


def version() -> str:
    path = file()
    try:
        st = path.stat()
    except FileNotFoundError:
        return f"{path}|none"
    return f"{path}|{st.st_mtime_ns}|{st.st_size}"


def table(name: str) -> pd.DataFrame:
    return frame(load()[name], schema.table(name))


def append(rows: dict[str, list[dict]]) -> None:
    """Add the records of ``rows`` ({table: [record, …]}) in one file write; ``ValueError`` (nothing
    written) when a key exists already or repeats."""
    data = load()
    for name, recs in rows.items():
        t = schema.table(name)
        seen = {tuple(str(r.get(k, "")) for k in t.key) for r in data[name]}
        for rec in recs:
            key = tuple(str(rec.get(k, "")) for k in t.key)
            if key in seen:
                raise ValueError(f"{name}: {', '.join(key)} exists already")
            seen.add(key)
            data[name].append({c: str(rec.get(c, "") or "") for c in t.names})
    write.replace_atomically(
        file(), lambda tmp: tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    )
