"""The local store's meetings, commitments and their progress reports: one JSON file under ``store/``.

``store/meetings.json`` — ``{"meetings": [...], "commitments": [...], "commitment_reports": [...]}``, each a
list of records with the columns of ``schema.MEETINGS`` / ``COMMITMENTS`` / ``COMMITMENT_REPORTS`` in the
order written. ``append`` reads, extends and replaces the file whole (``write.replace_atomically``: a killed
writer leaves the old file or the new one, never half of one), so the rows of one call — a meeting, a
commitment, a file of many reports — land together or not at all. The caller holds the store's write lock.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ipdash import paths, schema
from ipdash.store import json_file

NAMES = ("meetings", "commitments", "commitment_reports")


def file() -> Path:
    return paths.store_dir() / "meetings.json"


def load(path: Path | None = None) -> dict[str, list[dict]]:
    """The file's content ({table: [record, …]}; every table present, empty lists when there is no file)."""
    data = json_file.load(path or file())
    return {n: json_file.records(data, n) for n in NAMES}


def frame(rows: list[dict], table: schema.Table) -> pd.DataFrame:
    """Records as a frame of the table's columns (text, empty string for none)."""
    return json_file.text_frame(rows, table)


def version() -> str:
    return json_file.version(file())


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
            data[name].append(json_file.text_row(rec, t))
    json_file.save(file(), dict(data))
