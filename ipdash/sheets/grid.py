"""The body of one sheet → records: which rows are read, skipped (blank, comment, 合计) and what each holds.

``records`` does with numpy over whole columns what ``records_loop`` does row by row: a row with
no text or starting with ``#`` is passed over; a row whose area or indicator cell (or first cell)
is a total is skipped and counted; each value cell that is blank is counted and not read; every
other value cell becomes one record (row-major, value columns left to right). Each distinct cell
text is judged once (blank, total) and the answer mapped back. A sheet with uncomputed formulas
(an xlsx only) takes ``records_loop``, which reports them cell by cell; ``tests/test_ingest_grid.py``
checks the two paths agree on generated grids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ipdash.sheets.header import FIELDS
from ipdash.sheets.limits import Deadline
from ipdash.sheets.text import is_blank, is_total

BASE_FIELDS = tuple(f for f in FIELDS if f not in ("year", "value"))  # one cell a row; area first


@dataclass(frozen=True)
class Layout:
    """Where the fields of one sheet are (column indices), as the header says."""

    name: str  # sheet name ("" for a CSV)
    start: int  # first body row (0-based)
    where: dict[str, int]  # field → column
    value_cols: list[tuple[int | None, int]]  # (year of a wide column or None, column)
    texts: list[str]  # header text of each column
    units: list[str]  # unit written in each column's header
    area_sheet: bool  # the sheet's name is the area
    tunit: str
    twhere: str

    @property
    def base_cols(self) -> list[int | None]:
        return [self.where.get(f) for f in BASE_FIELDS]

    @property
    def key_cols(self) -> list[int]:
        return [self.where[f] for f in ("area", "indicator") if f in self.where]


@dataclass
class Counts:
    rows: int = 0
    values: int = 0
    blank: int = 0


def _judge(col: np.ndarray, fn: Callable[[str], bool]) -> np.ndarray:
    """``fn`` of every cell of a column, judged once per distinct text."""
    codes, uniq = pd.factorize(col)
    return np.array([fn(u) for u in uniq] + [False], dtype=bool)[codes]


def _padded(rows: list[list[str]], width: int) -> np.ndarray:
    """The rows as one 2-D array of texts; cells beyond a short row's end are ""."""
    if set(map(len, rows)) == {width}:  # every row full (a plain CSV): one assignment
        out = np.empty((len(rows), width), dtype=object)
        out[:] = rows
        return out
    out = np.empty((len(rows), width), dtype=object)
    out[:] = ""
    for i, r in enumerate(rows):
        if r:
            out[i, : len(r)] = r
    return out


def records(
    text_rows: list[list[str]],
    lay: Layout,
    cols: dict[str, list],
    fmt_cells: dict[tuple[int, int], str],
    deadline: Deadline,
) -> tuple[Counts, list[int]]:
    """Append the records of the body to ``cols``; (counts, spreadsheet rows of skipped totals)."""
    deadline.check()
    body = text_rows[lay.start :]
    counts, totals = Counts(), list[int]()
    if not body:
        return counts, totals
    width = max(max(map(len, body)), len(lay.texts), 1)
    g = _padded(body, width)
    filled = g != ""
    live = filled.any(axis=1)
    live &= ~_judge(g[:, 0], lambda s: s.startswith("#"))
    first = g[np.arange(len(g)), filled.argmax(axis=1)]
    total = _judge(first, is_total)
    for j in lay.key_cols:
        total |= _judge(g[:, j], is_total)
    rows0 = np.flatnonzero(live & total)
    totals = (rows0 + lay.start + 1).tolist()
    keep = live & ~total
    vcols = [j for _, j in lay.value_cols]
    blank = np.column_stack([_judge(g[:, j], is_blank) for j in vcols]) & keep[:, None]
    take = keep[:, None] & ~blank
    counts.blank = int(blank.sum())
    ii, kk = np.nonzero(take)  # row-major: a row's values left to right, as the file reads
    counts.values = len(ii)
    counts.rows = int(take.any(axis=1).sum())
    deadline.check()
    for f, jb in zip(BASE_FIELDS, lay.base_cols, strict=True):
        if f == "area" and lay.area_sheet:
            cols[f].extend([lay.name] * len(ii))
        else:
            cols[f].extend(g[ii, jb].tolist() if jb is not None else [""] * len(ii))
    vj = np.array(vcols, dtype=np.intp)[kk]
    cols["_sheet"].extend([lay.name] * len(ii))
    cols["_row"].extend((ii + lay.start + 1).tolist())
    cols["_value_col"].extend(np.array(lay.texts, dtype=object)[vj].tolist())
    year_col = lay.where.get("year")
    cell = g[ii, year_col] if year_col is not None else np.full(len(ii), "", dtype=object)
    is_long = np.array([y is None for y, _ in lay.value_cols], dtype=bool)[kk]
    named = np.array(["" if y is None else str(y) for y, _ in lay.value_cols], dtype=object)[kk]
    cols["year"].extend(np.where(is_long, cell, named).tolist())
    cols["value"].extend(g[ii, vj].tolist())
    cols["_hunit"].extend(np.array(lay.units, dtype=object)[vj].tolist())
    cols["_tunit"].extend([lay.tunit] * len(ii))
    cols["_twhere"].extend([lay.twhere] * len(ii))
    row0 = lay.start
    fmts = [fmt_cells.get((int(i) + row0, int(j)), "") for i, j in zip(ii, vj)] if fmt_cells else [""] * len(ii)
    cols["_fmt"].extend(fmts)
    cols["_area_sheet"].extend(["1" if lay.area_sheet else ""] * len(ii))
    return counts, totals


def records_loop(
    text_rows: list[list[str]],
    lay: Layout,
    cols: dict[str, list],
    fmt_cells: dict[tuple[int, int], str],
    deadline: Deadline,
    unresolved: dict[tuple[int, int], str],
    on_unresolved: Callable[[int, int, str, int], None],
) -> tuple[Counts, list[int]]:
    """Row by row, reporting each uncomputed formula (``on_unresolved(row, cell column, field, value column)``)."""
    counts, totals = Counts(), list[int]()
    memo: dict[str, bool] = {}

    def total(c: str) -> bool:  # area and indicator cells repeat: judge each text once
        got = memo.get(c)
        if got is None:
            got = memo[c] = is_total(c)
        return got

    where, texts = lay.where, lay.texts
    base_cols, key_cols, year_col = lay.base_cols, lay.key_cols, where.get("year")
    for i in range(lay.start, len(text_rows)):
        row = text_rows[i]
        if i % 1024 == 0:
            deadline.check()
        if not any(row) or row[0].startswith("#"):
            continue
        first = next(c for c in row if c)
        if any(j < len(row) and total(row[j]) for j in key_cols) or total(first):
            totals.append(i + 1)
            continue
        base = [row[j] if j is not None and j < len(row) else "" for j in base_cols]
        if lay.area_sheet:
            base[0] = lay.name
        year_cell = row[year_col] if year_col is not None and year_col < len(row) else ""
        fields_unresolved = (
            [f for f, j in where.items() if (i, j) in unresolved and f not in ("year", "value")] if unresolved else []
        )
        n_before = len(cols["_row"])
        for year, j in lay.value_cols:
            v = row[j] if j < len(row) else ""
            bad = (i, j) in unresolved
            if not bad and is_blank(v):
                counts.blank += 1
                continue
            for f in fields_unresolved + (["value"] if bad else []):
                on_unresolved(i, where.get(f, j), f, j)
            for k, x in zip(BASE_FIELDS, base, strict=True):
                cols[k].append(x)
            cols["_sheet"].append(lay.name)
            cols["_row"].append(i + 1)
            cols["_value_col"].append(texts[j])
            cols["year"].append(year_cell if year is None else str(year))
            cols["value"].append(v)
            cols["_hunit"].append(lay.units[j])
            cols["_tunit"].append(lay.tunit)
            cols["_twhere"].append(lay.twhere)
            cols["_fmt"].append(fmt_cells.get((i, j), "") if fmt_cells else "")
            cols["_area_sheet"].append("1" if lay.area_sheet else "")
        if len(cols["_row"]) > n_before:
            counts.rows += 1
            counts.values += len(cols["_row"]) - n_before
    return counts, totals
