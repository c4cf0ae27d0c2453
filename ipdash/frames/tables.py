"""Frames behind the 数据 / Data view: every table, and a data dictionary (no streamlit).

The dictionary's English meanings are read from the "Tables" section of
``docs/architecture.md`` (the data contract), so the two cannot drift apart; Chinese
meanings and the ``statuses`` table (the attainment result) are described here.
"""

from __future__ import annotations

import re

import pandas as pd

from ipdash import paths
from ipdash.frames import milestones
from ipdash.frames.verdicts import EVALUATE_COLUMNS, evaluate
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read as store
from ipdash.strings.dictionary import COLUMN_EN, COLUMN_ZH, STATUS_DICT
from ipdash.strings.milestones import DICTIONARY as MILESTONE_DICTIONARY

TABLES = ("targets", "milestones", "documents", "actuals", "statuses", "areas", "indicators", "batches")
ARCHITECTURE = paths.REPO / "docs" / "architecture.md"

# the milestones table carries each task's current status (latest report) and overdue flag
_COLUMN_ZH = COLUMN_ZH | {c: zh for c, (zh, _) in MILESTONE_DICTIONARY.items()}
_COLUMN_EN = COLUMN_EN | {c: en for c, (_, en) in MILESTONE_DICTIONARY.items()}


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def architecture_columns() -> dict[str, dict[str, str]]:
    """{table: {column: English meaning}} parsed from docs/architecture.md ("## Tables")."""
    text = ARCHITECTURE.read_text(encoding="utf-8") if ARCHITECTURE.exists() else ""
    out: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"^\*\*([a-z_ ,()]+)\*\*[^:]*:\s*(.+?)(?=\n\n|\Z)", text, re.S | re.M):
        body = " ".join(m.group(2).split())
        cols: dict[str, str] = {}
        for item in _split_top(body.rstrip(".")):
            cm = re.match(r"`([a-z0-9_]+)`\s*(.*)", item)
            if cm:
                cols[cm.group(1)] = cm.group(2).strip().strip("()").replace("`", "").strip(" .") or cm.group(1)
        for name in re.findall(r"[a-z_]+", m.group(1)):
            if name in TABLES or name in ("base", "batches", "effective"):
                out.setdefault("actuals" if name in ("base", "effective") else name, cols)
    return out


def data_dictionary(lang: str = "zh") -> pd.DataFrame:
    """table, column, meaning (in ``lang``) for every column of every downloadable table."""
    arch = architecture_columns()
    en = lang == "en"
    rows = []
    for table in TABLES:
        cols = data_table_columns(table)
        for c in cols:
            if table == "statuses" and c in STATUS_DICT:
                meaning = STATUS_DICT[c][en]
            elif en:
                detail = arch.get(table, {}).get(c, "")
                base = _COLUMN_EN.get(c, "")
                meaning = "; ".join(x for x in (base, detail) if x and x != c and x != base) or base or detail
            else:
                meaning = _COLUMN_ZH.get(c) or STATUS_DICT.get(c, ("", ""))[0]
            rows.append({"table": table, "column": c, "meaning": meaning})
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def data_table_columns(table: str) -> list[str]:
    if table == "statuses":
        return list(EVALUATE_COLUMNS)
    if table == "milestones":
        return list(milestones.export_frame().columns)
    return list(store.table(table).columns)


def data_table(table: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """One downloadable table; ``statuses`` is the attainment result of every target."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}")
    if table == "statuses":
        return evaluate(view=view)
    if table == "actuals":
        return store.actuals(include_illustrative=view.include_illustrative)
    if table == "milestones":  # with each task's current status (latest report) and overdue flag
        return milestones.export_frame()
    return store.table(table)


def data_tables(*, view: ViewSettings = DEFAULT_VIEW) -> dict[str, pd.DataFrame]:
    return {name: data_table(name, view=view) for name in TABLES}
