"""The small office tables people upload besides actuals — task status files, commitment progress files:
uploaded bytes → rows of cleaned strings, and the header row found among the first rows.

CSV is decoded as the actuals upload decodes it (``sheets.read.decode``: BOM, UTF-8, GB18030, UTF-16) and split
by ``sheets.read.csv_rows``; ``.xlsx`` is read from its first sheet. Nothing raises on bad content: a file that
cannot be read is one ``Problem``, made by the caller's ``problem(code, value, **kw)`` so that its expected
text is the caller's (codes: ``old_excel``, ``bad_file``, ``too_large`` (``mb=``), ``encoding``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping

from ipdash.sheets.read import MAX_BYTES, MAX_CELLS, Problem, clean, csv_rows, decode, header_key

HEADER_SEARCH_ROWS = 15
MakeProblem = Callable[..., Problem]


def lookup(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{normalised header text: field} of every alias of every field."""
    return {header_key(alias): f for f, names in aliases.items() for alias in names}


def grid(data: bytes, file_name: str, problem: MakeProblem) -> tuple[list[list[str]], str] | Problem:
    """(rows of cleaned strings, the encoding or ``xlsx``), or the one problem that stops the reading."""
    name = (file_name or "").lower()
    if name.endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # old binary Excel
        return problem("old_excel", file_name)
    if name.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        try:
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                rows = [list(r) for r in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
            finally:
                wb.close()
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            return problem("bad_file", f"{type(exc).__name__}: {str(exc)[:120]}")
        if sum(len(r) for r in rows) > MAX_CELLS:
            return problem("too_large", f"{sum(len(r) for r in rows)}", mb=MAX_BYTES // 2**20)
        return [[clean(c) for c in r] for r in rows], "xlsx"
    text, enc = decode(data)
    if text is None or "\x00" in text:
        return problem("encoding", file_name)
    try:
        return [[clean(c) for c in r] for r in csv_rows(text)], enc
    except csv.Error as exc:
        return problem("bad_file", str(exc)[:120])


def find_header(rows: list[list[str]], fields: dict[str, str], required: set[str]) -> tuple[int, dict[str, int]] | None:
    """(index, {field: column}) of the first of the first rows naming every ``required`` field
    (``fields``: ``lookup``'s map); None when no row does."""
    for h, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            f = fields.get(header_key(cell)) if cell else None
            if f and f not in cols:
                cols[f] = j
        if required <= set(cols):
            return h, cols
    return None


def first_text(rows: list[list[str]]) -> str:
    """The first non-empty row's cells joined, for a "no header found" message."""
    return next((" | ".join(c for c in r if c) for r in rows if any(r)), "")[:160]
