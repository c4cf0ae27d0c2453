"""Files of commitment progress reports (承诺事项进展文件): uploaded bytes → rows of strings.

A report file is a small table with the columns ``commitment_id``, ``status`` and ``note``, under English or
Chinese headers (承诺编号 / 状态 / 进展说明 — every alias in ``ipdash.strings.commitments.HEADER_ALIASES``),
as CSV (UTF-8, GB18030, UTF-16: ``sheets.read.decode`` and ``sheets.read.csv_rows``, the upload's own
readers) or ``.xlsx`` (the first sheet). The header may follow title rows; other columns are ignored; empty
rows and ``#`` comment rows are skipped. Nothing here raises on bad content: a file that cannot be read
becomes one ``Problem`` (``meetings.commitment_reports.Problem``'s fields; expected text ``cmt.exp.*``).
The rows are checked — and written all together or not at all — by ``meetings.commitment_reports``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from ipdash import i18n
from ipdash.sheets.read import MAX_BYTES, MAX_CELLS, Problem, clean, csv_rows, decode, header_key
from ipdash.strings import commitments as vocab

FIELDS = ("commitment_id", "status", "note")
_LOOKUP = {header_key(alias): f for f, aliases in vocab.HEADER_ALIASES.items() for alias in aliases}
HEADER_SEARCH_ROWS = 15


@dataclass
class ReportFile:
    """The rows of a report file (columns ``_row`` — the row Excel shows — and ``FIELDS``)."""

    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # field → header text as in the file
    problems: list[Problem] = field(default_factory=list)


def _problem(code: str, value: str = "", row: int | None = None, **kw) -> Problem:
    return Problem(code, row, "", value, i18n.t(f"cmt.exp.{code}", "zh", **kw), i18n.t(f"cmt.exp.{code}", "en", **kw))


def _empty(p: Problem) -> ReportFile:
    return ReportFile(pd.DataFrame(columns=["_row", *FIELDS]), problems=[p])


def _grid(data: bytes, file_name: str) -> list[list] | Problem:
    name = (file_name or "").lower()
    if name.endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # old binary Excel
        return _problem("bad_file", file_name)
    if name.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        try:
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                rows = [list(r) for r in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
            finally:
                wb.close()
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            return _problem("bad_file", f"{type(exc).__name__}: {str(exc)[:120]}")
        if sum(len(r) for r in rows) > MAX_CELLS:
            return _problem("too_large", str(sum(len(r) for r in rows)), mb=MAX_BYTES // 2**20)
        return rows
    text, _enc = decode(data)
    if text is None or "\x00" in text:
        return _problem("encoding", file_name)
    try:
        return csv_rows(text)
    except csv.Error as exc:
        return _problem("bad_file", str(exc)[:120])


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(index, {field: column}) of the first row naming the commitment_id and status columns."""
    for h, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            f = _LOOKUP.get(header_key(cell)) if cell else None
            if f and f not in cols:
                cols[f] = j
        if {"commitment_id", "status"} <= set(cols):
            return h, cols
    return None


def read_report_file(data: bytes, file_name: str) -> ReportFile:
    """Uploaded bytes → ``ReportFile``. Never raises on bad content."""
    if len(data) > MAX_BYTES:
        return _empty(_problem("too_large", f"{len(data) / 2**20:.1f} MB", mb=MAX_BYTES // 2**20))
    if not data.strip():
        return _empty(_problem("empty", file_name))
    got = _grid(data, file_name)
    if isinstance(got, Problem):
        return _empty(got)
    rows = [[clean(c) for c in r] for r in got]
    found = _header(rows)
    if found is None:
        first = next((" | ".join(c for c in r if c) for r in rows if any(r)), "")
        return _empty(_problem("no_header", first[:160], row=1))
    h, cols = found
    out = []
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not any(row) or row[0].startswith("#"):
            continue
        rec = {f: (row[cols[f]] if f in cols and cols[f] < len(row) else "") for f in FIELDS}
        if any(rec.values()):
            out.append({"_row": i + 1, **rec})
    df = pd.DataFrame(out, columns=["_row", *FIELDS])
    return ReportFile(df, {f: rows[h][j] for f, j in cols.items()})
