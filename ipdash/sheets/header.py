"""Finding and reading the header of a sheet as district offices lay it out.

- The header row is the first row, anywhere in the top ``HEADER_SEARCH_ROWS`` rows (long 填报要求
  above it are fine), with an area and an indicator column; a sheet named after its area may
  leave the area column out when the sheet has indicator and value (or year) columns.
- Two-row headers: a row of years or units right below the header (``2025年`` over ``1-12月``,
  ``实际值`` over ``2024年 | 2025年``, ``2024年`` over ``万件``), or a row of years right above a row
  of ``数值`` cells, are combined column by column (merged cells have been filled by the reader;
  in a CSV the upper row is carried right over blank cells).
- Columns: a field (area, indicator, year, value, unit, …), or a year column of a wide table
  (``2023``, ``2023年``, ``FY2023``, ``2025年1-12月``, a date), each with the unit its header writes
  (``数值（万元）``, ``2024年（万件）``, a unit sub-header). A column for part of a year (``1-6月``)
  is not read and is reported.
- Unit lines: ``单位：万件`` in one of the ``UNIT_LINE_ROWS`` lines above the header or the line
  below it, or ``（单位：万元）`` inside the title (the first line); instructions further up
  (long sentences) are not read for units.
- Title lines (``title_lines``): the first line and the ``UNIT_LINE_ROWS`` lines above the header,
  short ones only. A sheet with a title may leave the area column out (the title may name it,
  ``2025年浦东新区知识产权指标``); ``title_year`` is the one whole year a title names, if it names
  exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipdash import schema
from ipdash.sheets.text import clean, header_key, period
from ipdash.sheets.units import parse_unit
from ipdash.strings import ingest as vocab

FIELDS = schema.upload_columns()  # what an uploaded table may carry (ipdash/schema.py)
# header text → field; a field without words in strings.ingest is recognised by its own name
LOOKUP = {header_key(name): f for f in FIELDS for name in vocab.HEADER_ALIASES.get(f, (f,))}
_PARENS = re.compile(r"[(\[](.*?)[)\]]")
_RANGE = "[" + re.escape(vocab.RANGE_CHARS) + "]"
_MONTHS = re.compile(rf"^(\d{{1,2}}){re.escape(vocab.MONTH_WORD)}?{_RANGE}(\d{{1,2}}){re.escape(vocab.MONTH_WORD)}$")
_LABELS = "|".join(re.escape(w) for w in vocab.UNIT_LABELS)
_UNIT_LINE = re.compile(rf"(?:{_LABELS})\s*:\s*([^,;()\[\]{re.escape(vocab.SENTENCE_ENDS)}]+)")
_UNIT_LABEL_ONLY = re.compile(rf"^(?:{_LABELS})\s*:?$")
MAX_HEADER_CELL = 40  # longer cells are sentences (填报说明), never headers
MAX_UNIT_CELL = 60
UNIT_LINE_ROWS = 3  # unit lines are looked for in the title and this many rows above the header


@dataclass
class Col:
    """What one header column holds."""

    field: str | None = None
    year: int | None = None
    unit: str = ""  # unit written in the header: 数值（万元）, 2024年（万件）, a unit sub-header
    partial: bool = False  # a part of a year (1-6月): not read
    text: str = ""


def months(text: str) -> bool | None:
    """A sub-header naming months: True for the whole year (1-12月, 全年), False for a part, else None."""
    t = clean(text).replace(" ", "")
    if t in vocab.FULL_YEAR_WORDS:
        return True
    if any(w in t for w in vocab.PART_YEAR_WORDS):
        return False
    m = _MONTHS.match(t)
    if m:
        return int(m.group(1)) == 1 and int(m.group(2)) == 12
    return None


def classify(text: str) -> Col:
    """One header cell → ``Col`` (field None and year None: a column not used)."""
    t = clean(text)
    if not t or len(t) > MAX_HEADER_CELL:
        return Col(text=t)
    inner = ""
    m = _PARENS.search(t)
    if m:
        inner = m.group(1).strip()
    outer = _PARENS.sub("", t).strip()
    key = header_key(outer)
    if key in LOOKUP:
        return Col(LOOKUP[key], unit=inner, text=t)
    if inner and header_key(inner) in LOOKUP and not key:
        return Col(LOOKUP[header_key(inner)], text=t)
    if inner and header_key(inner) in LOOKUP and parse_unit(outer) is None and period(outer) is None:
        return Col(LOOKUP[header_key(inner)], text=t)
    p = period(outer)
    if p is not None:
        return Col(None, p.year, inner if parse_unit(inner) else "", not p.full, t)
    if months(outer) is not None:
        return Col(None, None, "", not months(outer), t)
    return Col(text=t)


def _unit_only(text: str) -> str:
    t = clean(text)
    return t if t and parse_unit(t) is not None else ""


def combine(top: str, bottom: str) -> Col:
    """A column of a two-row header: the upper and the lower cell read together."""
    if not bottom:
        return classify(top)
    if not top:
        return classify(bottom)
    ct, cb = classify(top), classify(bottom)
    text = f"{clean(top)} {clean(bottom)}"
    if ct.year is not None and cb.year is not None and ct.year != cb.year:
        return Col(text=text)
    year = ct.year if ct.year is not None else cb.year
    sub = months(bottom)
    partial = ct.partial or cb.partial or sub is False
    unit = ct.unit or cb.unit or _unit_only(bottom) or (_unit_only(top) if cb.year is not None else "")
    if year is not None:
        return Col(None, year, unit, partial, text)
    if "value" in (ct.field, cb.field):
        return Col("value", None, unit, partial, text)
    if ct.field and (cb.field is None or cb.field == ct.field):
        return Col(ct.field, unit=ct.unit, text=text)
    return Col(cb.field, unit=cb.unit, text=text)


def _fields(row: list[str]) -> set[str]:
    return {c.field for c in map(classify, row) if c.field}


def find_header(rows: list[list[str]], limit: int, *, area_from_sheet: bool = False) -> int | None:
    """Index of the header row within the first ``limit`` rows, or None. Without an area column the
    header is taken when the sheet has a name (``area_from_sheet``) or a title line above it."""
    fallback = None
    titled = False
    for i, row in enumerate(rows[:limit]):
        if not any(row):
            continue
        fields = _fields(row)
        if {"area", "indicator"} <= fields:
            return i
        if (area_from_sheet or titled) and fallback is None and "indicator" in fields:
            cols = [classify(c) for c in row]
            if "value" in fields or any(c.year is not None for c in cols):
                fallback = i
        titled = titled or _title_row(row)
    return fallback


def _title_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and not cells[0].startswith("#") and all(len(c) <= MAX_UNIT_CELL for c in cells)


def title_lines(rows: list[list[str]], h: int) -> list[str]:
    """The title line(s) of a sheet whose header is at ``h``: the first line and the ``UNIT_LINE_ROWS``
    lines above the header, each of short cells only (filling instructions are sentences)."""
    first = next((i for i, r in enumerate(rows[:h]) if any(r)), None)
    near = sorted({*range(max(0, h - UNIT_LINE_ROWS), h), *([first] if first is not None else [])})
    return [" ".join(c for c in rows[i] if c) for i in near if _title_row(rows[i])]


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?=([^\s,;]{0,8}))")


def title_year(lines: list[str]) -> int | None:
    """The one year the title lines name (``2025年浦东新区…``); None when they name none, several,
    or a part of a year (``2025年1-6月``)."""
    years = set()
    for line in lines:
        for m in _TITLE_YEAR.finditer(clean(line)):
            tail = m.group(2)
            p = next((q for k in range(len(tail), -1, -1) if (q := period(m.group(1) + tail[:k])) is not None), None)
            if p is None or not p.full:
                return None
            years.add(p.year)
    return years.pop() if len(years) == 1 else None


def _headerish(cell: str) -> bool:
    c = classify(cell)
    return c.year is not None or c.field == "value" or months(cell) is not None or bool(_unit_only(cell))


def _filled(row: list[str], width: int, carry: bool) -> list[str]:
    """The row padded to ``width``; with ``carry`` a blank cell takes the text on its left (CSV merges)."""
    out = [*row, *[""] * (width - len(row))]
    if carry:
        for j in range(1, width):
            if not out[j] and out[j - 1]:
                out[j] = out[j - 1]
    return out


def header_columns(rows: list[list[str]], h: int, *, merged: bool) -> tuple[list[Col], int]:
    """The columns of the header at ``h`` (combining a second header row) and the first data row."""
    header = rows[h]
    base = [classify(c) for c in header]
    key_cols = [j for j, c in enumerate(base) if c.field in ("area", "indicator")]
    width = max(len(header), *(len(r) for r in rows[max(0, h - 1) : h + 2]))

    def blank_at_keys(row: list[str]) -> bool:
        return all(j >= len(row) or not row[j] for j in key_cols)

    below = rows[h + 1] if h + 1 < len(rows) else []
    cells = [(j, c) for j, c in enumerate(below) if c]
    if cells and blank_at_keys(below) and all(_headerish(c) for _, c in cells):
        top = _filled(header, width, carry=not merged)
        low = _filled(below, width, carry=False)
        top = [t if low[j] else header[j] if j < len(header) else "" for j, t in enumerate(top)]
        return [combine(top[j], low[j]) for j in range(width)], h + 2
    above = rows[h - 1] if h > 0 else []
    cells = [(j, c) for j, c in enumerate(above) if c]
    if (
        cells
        and blank_at_keys(above)
        and all(classify(c).year is not None for _, c in cells)
        and any(j < len(base) and base[j].field in ("value", None) for j, _ in cells)
    ):
        top = _filled(above, width, carry=not merged)
        low = _filled(header, width, carry=False)
        cols = []
        for j in range(width):
            keep = j < len(base) and base[j].field not in (None, "value")
            cols.append(base[j] if keep else combine(top[j] if low[j] else "", low[j]))
        return cols, h + 1
    return base, h + 1


def unit_statements(rows: list[list[str]], h: int, start: int) -> tuple[list[tuple[str, str]], bool]:
    """Units written for the whole sheet: [(where, text)] above / in the title / below the header.

    Returns the statements and whether row ``start`` (the first after the header) is a unit line
    (then it is not data).
    """
    out: list[tuple[str, str]] = []
    title = next((i for i, r in enumerate(rows[:h]) if any(r)), None)
    near = {i for i in range(max(0, h - UNIT_LINE_ROWS), h)} | ({title} if title is not None else set())
    for i in sorted(near):
        out += _line_units(rows[i], "above")
    below = rows[start] if start < len(rows) else []
    found = _line_units(below, "below") if below else []
    is_line = bool(found) and all(
        _UNIT_LINE.search(c) or _unit_only(c) or _UNIT_LABEL_ONLY.match(c) for c in below if c
    )
    return out + (found if is_line else []), is_line


def _line_units(row: list[str], where: str) -> list[tuple[str, str]]:
    out = []
    cells = [c for c in row if c]
    for k, c in enumerate(cells):
        if len(c) > MAX_UNIT_CELL:  # a sentence of the filling instructions, not a unit line
            continue
        m = _UNIT_LINE.search(c)
        if m:
            unit = m.group(1).strip()
            if parse_unit(unit) is None and m.start() > 1:
                continue  # "第3条：单位：按统计口径填写" is an instruction, not a unit line
            whole = _PARENS.sub(lambda g: g.group(1), c).strip()
            out.append(("title" if where == "above" and len(whole) > len(m.group(0)) + 1 else where, unit))
        elif _UNIT_LABEL_ONLY.match(c) and k + 1 < len(cells) and _unit_only(cells[k + 1]):
            out.append((where, clean(cells[k + 1])))
    return out
