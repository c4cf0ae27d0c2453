"""Task status files (任务进展文件): uploaded bytes → rows of strings, and the templates.

A status file is a small table with the columns ``milestone_id``, ``status`` and ``note`` (and
optionally ``evidence``, a link), under English or Chinese headers (任务编号 / 状态 / 进展说明 /
佐证链接 — every alias is in ``ipdash.strings.milestones.HEADER_ALIASES``), as CSV (UTF-8,
GB18030, UTF-16: ``sheets.read.decode``) or ``.xlsx`` (the first sheet). The header may follow a
title or ``#`` comment rows; other columns (the template's 地区, 任务, 当前状态 …) are ignored.
Rows with an id and nothing else (a template row left as it was) are skipped and counted.
Nothing here raises on bad content: every problem becomes an ``sheets.read.Problem``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from ipdash import i18n
from ipdash.export_safe import neutralise_formulas
from ipdash.ingest import small_table
from ipdash.sheets.read import MAX_BYTES, Problem
from ipdash.strings import milestones as vocab

FIELDS = ("milestone_id", "status", "note", "evidence")
_LOOKUP = small_table.lookup(vocab.HEADER_ALIASES)


@dataclass
class StatusTable:
    """The rows of a status file as strings (columns ``FIELDS`` + ``_row``, the row Excel shows)."""

    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # field → header text as in the file
    encoding: str = ""
    header_row: int = 1
    skipped: int = 0  # rows with an id but no status, note or evidence
    problems: list[Problem] = field(default_factory=list)


def problem(code: str, key: str, value: str = "", row: int | None = None, column: str = "", **kw) -> Problem:
    """A Problem whose expectation is the string ``key`` (``mst.exp.*``) in both languages."""
    return Problem(code, row, column, value, i18n.t(key, "zh", **kw), i18n.t(key, "en", **kw))


def _empty(problems: list[Problem]) -> StatusTable:
    return StatusTable(pd.DataFrame(columns=["_row", *FIELDS]), problems=problems)


def _problem(code: str, value: str = "", **kw) -> Problem:
    return problem(code, f"mst.exp.{'bad_file' if code == 'old_excel' else code}", value, **kw)


def read_status_file(data: bytes, file_name: str) -> StatusTable:
    """Uploaded bytes → ``StatusTable``. Never raises on bad content."""
    if len(data) > MAX_BYTES:
        return _empty([problem("too_large", "mst.exp.too_large", f"{len(data) / 2**20:.1f} MB", mb=MAX_BYTES // 2**20)])
    if not data.strip():
        return _empty([problem("empty", "mst.exp.empty", file_name)])
    got = small_table.grid(data, file_name, _problem)
    if isinstance(got, Problem):
        return _empty([got])
    rows, encoding = got
    found = small_table.find_header(rows, _LOOKUP, {"milestone_id", "status"})
    if found is None:
        return _empty([problem("no_header", "mst.exp.no_header", small_table.first_text(rows), row=1)])
    h, cols = found
    table = StatusTable(pd.DataFrame(), {f: rows[h][j] for f, j in cols.items()}, encoding, h + 1)
    out = []
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not any(row) or row[0].startswith("#"):
            continue
        rec = {f: (row[cols[f]] if f in cols and cols[f] < len(row) else "") for f in FIELDS}
        if not any(rec.values()):
            continue
        if rec["milestone_id"] and not (rec["status"] or rec["note"] or rec["evidence"]):
            table.skipped += 1
            continue
        out.append({"_row": i + 1, **rec})
    table.df = pd.DataFrame(out, columns=["_row", *FIELDS])
    table.df["_row"] = table.df["_row"].astype("int64")
    return table


# ---------------------------------------------------------------- templates
def template_frame(milestones: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per milestone of ``milestones`` (the current-status frame of the tasks a user may
    report): id, area, lead, task, due year and current status to read; status, note, evidence to fill."""
    h = vocab.TEMPLATE_HEADERS["en" if lang == "en" else "zh"]
    milestones = milestones.reset_index(drop=True)
    return pd.DataFrame(
        {
            h["milestone_id"]: milestones["milestone_id"],
            h["area"]: milestones["area_name"],
            h["lead_department"]: milestones["lead_department"],
            h["title"]: milestones["title"],
            h["due_year"]: milestones["due_year"].astype("Int64"),
            h["current"]: milestones["status_label"],
            h["status"]: "",
            h["note"]: "",
            h["evidence"]: "",
        }
    )


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel on Chinese Windows opens it; formulas neutralised."""
    return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        neutralise_formulas(frame).to_excel(xw, index=False)
        ws = xw.book.worksheets[0]
        for j, width in enumerate((12, 10, 24, 36, 10, 12, 12, 48, 30), start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        ws.freeze_panes = "A2"
    return buf.getvalue()
