"""Frames behind the 数据 / Data view: every table, and a data dictionary (no streamlit).

The dictionary's meanings come from ``ipdash/strings/dictionary.py`` by the columns of
``ipdash/schema.py`` (which also generates the "Tables" section of docs/architecture.md, so the two
cannot drift apart); the ``statuses`` table (the attainment result) is described there too.
"""

from __future__ import annotations

import re

import pandas as pd

from ipdash import schema
from ipdash.frames import milestones
from ipdash.frames.verdicts import EVALUATE_COLUMNS, evaluate
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read
from ipdash.strings.dictionary import COLUMN_EN, COLUMN_ZH, STATUS_DICT
from ipdash.strings.milestones import DICTIONARY as MILESTONE_DICTIONARY

TABLES = ("targets", "milestones", "documents", "actuals", "statuses", "areas", "indicators", "batches")

# the milestones table carries each task's current status (latest report) and overdue flag
_COLUMN_ZH = COLUMN_ZH | {c: zh for c, (zh, _) in MILESTONE_DICTIONARY.items()}
_COLUMN_EN = COLUMN_EN | {c: en for c, (_, en) in MILESTONE_DICTIONARY.items()}


def _key(table: str, column: str) -> str:
    """The key of a column's words in strings.dictionary (schema.Column.meaning_key)."""
    try:
        return schema.table(table).column(column).meaning_key
    except KeyError:
        return column


def _detail(table: str, column: str) -> str:
    """The data contract's note on a stored column, as plain text (the column's name when it has none)."""
    if table not in schema.TABLES:
        return ""
    return schema.note(table, column).replace("`", "").strip(" .") or column


def data_dictionary(lang: str = "zh") -> pd.DataFrame:
    """table, column, meaning (in ``lang``) for every column of every downloadable table."""
    en = lang == "en"
    rows = []
    for table in TABLES:
        cols = data_table_columns(table)
        for c in cols:
            k = _key(table, c)
            if table == "statuses" and c in STATUS_DICT:
                meaning = STATUS_DICT[c][en]
            elif en:
                detail = _detail(table, c)
                base = _COLUMN_EN.get(k, "")
                meaning = "; ".join(x for x in (base, detail) if x and x != c and x != base) or base or detail
            else:
                meaning = _COLUMN_ZH.get(k) or STATUS_DICT.get(c, ("", ""))[0] or c
            rows.append({"table": table, "column": c, "meaning": meaning})
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def short_meaning(meaning: str) -> str:
    """A column's meaning cut to a header: before the first colon or semicolon, full-width or not
    ("level: district/city" → "level")."""
    head: str = re.split(r"[\uff1a:;\uff1b]", str(meaning or ""), maxsplit=1)[0]
    return head.strip()


def data_table_columns(table: str) -> list[str]:
    if table == "statuses":
        return list(EVALUATE_COLUMNS)
    if table == "milestones":
        return list(milestones.export_frame().columns)
    return list(read.table(table).columns)


def data_table(table: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """One downloadable table; ``statuses`` is the attainment result of every target."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}")
    if table == "statuses":
        return evaluate(view=view)
    if table == "actuals":
        return read.actuals(include_illustrative=view.include_illustrative)
    if table == "milestones":  # with each task's current status (latest report) and overdue flag
        return milestones.export_frame()
    return read.table(table)


def data_tables(*, view: ViewSettings = DEFAULT_VIEW) -> dict[str, pd.DataFrame]:
    return {name: data_table(name, view=view) for name in TABLES}
