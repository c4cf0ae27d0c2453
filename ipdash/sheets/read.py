"""Reading what analysts really have: uploaded bytes + file name → a raw table of strings.

CSV in UTF-8 (with or without BOM), UTF-16 (with BOM, or detected by its zero bytes), GB18030
(which covers GBK, Excel's plain "CSV" on Chinese Windows); ``.xlsx`` (``xlsx``: every sheet
with a header, or the one chosen). Cells are NFKC-normalised and stripped. Headers may be
Chinese or English, anywhere in the top of a sheet, on one row or two (``header``). Long
format (one value per row) and wide format (years as columns) both become one record per value,
each remembering its sheet, the spreadsheet row it came from (as Excel numbers it), the header
text of its value column and every unit written for it outside the value (unit line, title,
column header, number format). 合计/小计 rows are skipped and counted; so are blank values.

Nothing here raises on bad input: every problem becomes a ``Problem`` record, and every limit
(``limits``) is enforced while reading, not after.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from ipdash import i18n
from ipdash.problem import Problem
from ipdash.sheets import csvfast, grid, limits, xlsx
from ipdash.sheets import header as hdr
from ipdash.sheets.formula import col_letters
from ipdash.sheets.limits import MAX_BYTES, MAX_CELLS, CellBudget, Deadline, LimitExceeded
from ipdash.sheets.text import clean, clean_rows, header_key
from ipdash.sheets.units import parse_unit
from ipdash.sheets.xlsx import Sheet

__all__ = ["FIELDS", "MAX_BYTES", "MAX_CELLS", "Problem", "RawTable", "clean", "header_key", "read"]
FIELDS = hdr.FIELDS
EXTRA = ("_hunit", "_tunit", "_twhere", "_fmt", "_area_sheet", "_title", "_tyear")
COLUMNS = ("_sheet", "_row", "_value_col", *FIELDS, *EXTRA)
BASE_FIELDS = grid.BASE_FIELDS  # area first


@dataclass
class SheetReport:
    """What was read from one sheet, or why it was not (``status``)."""

    name: str
    status: str = "read"  # read | no_header | hidden | empty | not_chosen
    header_row: int = 0
    layout: str = ""
    rows: int = 0
    values: int = 0
    blank: int = 0
    totals: list[int] = field(default_factory=list)
    partial_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    merged_filled: int = 0
    formulas_computed: int = 0


@dataclass
class RawTable:
    """Records of strings (``COLUMNS``) plus what was read from where."""

    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # field → header text (first sheet read)
    layout: str = "long"  # long | wide | mixed
    encoding: str = ""
    sheet: str = ""  # the sheets read, comma-separated
    header_row: int = 1
    ignored_columns: list[str] = field(default_factory=list)
    value_unit: str = ""
    problems: list[Problem] = field(default_factory=list)
    skipped_blank: int = 0
    sheets: list[SheetReport] = field(default_factory=list)
    headers_by_sheet: dict[str, dict[str, str]] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)  # every sheet of a workbook

    @property
    def rows_read(self) -> int:
        return sum(s.rows for s in self.sheets)

    @property
    def totals_skipped(self) -> list[tuple[str, int]]:
        return [(s.name, r) for s in self.sheets for r in s.totals]


def field_columns(columns: list[hdr.Col], rep: SheetReport) -> tuple[dict[str, int], dict[str, str], dict[int, int]]:
    """Each header column's job: ``where`` (field → column index, the first of a field), ``headers`` (field → the
    file's own header text) and ``years`` (a wide table's year → column index); a partial header or any other
    column is noted in ``rep``. The one reading of a header, for the row reader and ``ingest/plaincsv``."""
    where: dict[str, int] = {}
    headers: dict[str, str] = {}
    years: dict[int, int] = {}
    for j, col in enumerate(columns):
        if not col.text:
            continue
        if col.partial:
            rep.partial_columns.append(col.text)
        elif col.field and col.field not in where:
            where[col.field], headers[col.field] = j, col.text
        elif col.year is not None and col.field is None and col.year not in years:
            years[col.year] = j
        else:
            rep.ignored_columns.append(col.text)
    return where, headers, years


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS))


def file_problem(code: str, value: str = "", row: int | None = None, column: str = "", sheet: str = "", **kw):
    """A problem whose expected text is ``ingest.p.<code>`` in both languages."""
    return Problem(
        code, row, column, value, i18n.t(f"ingest.p.{code}", "zh", **kw), i18n.t(f"ingest.p.{code}", "en", **kw), sheet
    )


def classify_header(text: str) -> tuple[str | None, int | None, str]:
    """(field, year, unit in parentheses) of one header cell; field None if unknown."""
    c = hdr.classify(text)
    return c.field, c.year, c.unit


# ---------------------------------------------------------------- bytes → rows of strings
def decode(data: bytes) -> tuple[str | None, str]:
    """(text, encoding name) or (None, "") when no supported encoding fits."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError:
                return None, ""
    sample = data[:4096]
    if b"\x00" in sample and len(data) % 2 == 0:  # NUL never occurs in 8-bit text: UTF-16 without BOM
        enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            return None, ""
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None, ""


def csv_rows(text: str, deadline: Deadline | None = None, budget: CellBudget | None = None) -> list[list[str]]:
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    csv.field_size_limit(csvfast.FIELD_LIMIT)
    deadline, budget = deadline or Deadline(), budget or CellBudget()
    fast = csvfast.plain_rows(text, delimiter)
    if fast is not None:  # the same rows, read in C; anything not plain is read below
        budget.take(len(fast) * (len(fast[0]) + 1) if fast else 0)  # plain rows all have the same width
        deadline.check()
        return fast
    out = []
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)):
        budget.take(len(row) + 1)
        out.append(row)
        if i % 1024 == 0:
            deadline.check()
    return out


# ---------------------------------------------------------------- one sheet → records
def _sheet_records(sh: Sheet, cols: dict[str, list], table: RawTable, deadline: Deadline) -> SheetReport:
    rep = SheetReport(sh.name, merged_filled=sh.n_merged_filled, formulas_computed=sh.n_formulas_computed)
    text_rows = clean_rows(sh.rows)
    if not any(any(r) for r in text_rows):
        rep.status = "empty"
        return rep
    h = hdr.find_header(text_rows, limits.HEADER_SEARCH_ROWS, area_from_sheet=bool(sh.name))
    if h is None:
        rep.status = "no_header"
        return rep
    columns, start = hdr.header_columns(text_rows, h, merged=sh.merged)
    rep.header_row = h + 1
    where, headers, years = field_columns(columns, rep)
    long = "value" in where
    sheet_ref = {"sheet": sh.name} if sh.name else {}
    head_text = " | ".join(c.text for c in columns)[:200]
    titles = hdr.title_lines(text_rows, h)
    tyear = hdr.title_year(titles) if long and "year" not in where else None
    if not long and not years:
        table.problems.append(file_problem("no_value_column", head_text, h + 1, **sheet_ref))
    if long and "year" not in where and tyear is None:
        table.problems.append(file_problem("no_year_column", head_text, h + 1, **sheet_ref))
    if long and years:
        rep.ignored_columns += [columns[j].text for j in years.values()]
    area_sheet = "area" not in where
    if area_sheet:
        headers["area"] = ""
    table.headers_by_sheet[sh.name] = headers
    units, unit_row = hdr.unit_statements(text_rows, h, start)
    tunit, twhere = _table_unit(units, table, h, sh.name)
    if unit_row:
        start += 1
    if table.problems:
        return rep
    rep.layout = "long" if long else "wide"
    lay = grid.Layout(
        sh.name,
        start,
        where,
        [(None, where["value"])] if long else list(years.items()),
        [c.text for c in columns],
        [c.unit for c in columns],
        area_sheet,
        tunit,
        twhere,
    )
    n_before = len(cols["_row"])
    if sh.unresolved:

        def on_unresolved(i: int, jj: int, f: str, j: int) -> None:
            table.problems.append(_formula_problem(sh, i, jj, headers.get(f) or columns[j].text))

        counts, totals = grid.records_loop(text_rows, lay, cols, sh.fmt_cells, deadline, sh.unresolved, on_unresolved)
    else:
        counts, totals = grid.records(text_rows, lay, cols, sh.fmt_cells, deadline)
    n = len(cols["_row"]) - n_before
    cols["_title"].extend([" / ".join(titles)] * n)  # an area the title names: matched against the catalog in parse
    cols["_tyear"].extend(["1" if tyear is not None else ""] * n)
    if tyear is not None:  # no year column: the one year the title names applies to every row
        cols["year"][n_before:] = [str(tyear)] * n
    rep.rows, rep.values, rep.blank, rep.totals = counts.rows, counts.values, counts.blank, totals
    return rep


def _formula_problem(sh: Sheet, i: int, j: int, column: str) -> Problem:
    ref, text = f"{col_letters(j)}{i + 1}", sh.unresolved[(i, j)]
    return file_problem("formula_uncomputed", text[:120], i + 1, column, sh.name, cell=ref, formula=text[:80])


def _table_unit(units: list[tuple[str, str]], table: RawTable, h: int, sheet: str) -> tuple[str, str]:
    """The one unit stated for a whole sheet (or problems: unreadable, several that disagree)."""
    if not units:
        return "", ""
    ref = {"sheet": sheet} if sheet else {}
    for _where, text in units:
        if parse_unit(text) is None:
            table.problems.append(file_problem("unit_line_unknown", text, h + 1, "", **ref))
            return "", ""
    distinct = {parse_unit(t) for _, t in units}
    if len(distinct) > 1:
        names = ", ".join(dict.fromkeys(t for _, t in units))
        table.problems.append(file_problem("unit_lines_disagree", names, h + 1, "", units=names, **ref))
        return "", ""
    where, text = units[0]
    return text, where


def records(rows: list[list], name: str = "") -> RawTable:
    """One grid of raw cells (CSV rows) → RawTable."""
    return _from_sheets([Sheet(name, rows)], Deadline())


def _from_sheets(sheets: list[Sheet], deadline: Deadline, choice: str | None = None) -> RawTable:
    table = RawTable(_empty(), sheet_names=[s.name for s in sheets])
    cols: dict[str, list] = {k: [] for k in COLUMNS}
    if choice is not None and choice not in table.sheet_names:
        table.problems.append(file_problem("no_sheet", choice, names=", ".join(table.sheet_names)))
        return table
    for sh in sheets:
        if choice is not None and sh.name != choice:
            table.sheets.append(SheetReport(sh.name, "not_chosen"))
            continue
        if sh.hidden and choice is None:
            table.sheets.append(SheetReport(sh.name, "hidden"))
            continue
        table.sheets.append(_sheet_records(sh, cols, table, deadline))
    read = [s for s in table.sheets if s.status == "read"]
    if not read and not table.problems:
        first = next((", ".join(clean(c) for c in r if clean(c)) for s in sheets for r in s.rows if any(r)), "")
        table.problems.append(file_problem("no_header", first[:120], 1, n=limits.HEADER_SEARCH_ROWS))
    if read:
        table.header_row = read[0].header_row
        table.headers = table.headers_by_sheet.get(read[0].name, {})
        layouts = {s.layout for s in read}
        table.layout = layouts.pop() if len(layouts) == 1 else "mixed"
        table.sheet = ", ".join(s.name for s in read if s.name)
        table.ignored_columns = [c for s in read for c in s.ignored_columns]
        table.skipped_blank = sum(s.blank for s in read)
    if table.problems:
        return table
    table.df = pd.DataFrame(cols, columns=list(COLUMNS), dtype=object)
    table.df["_row"] = table.df["_row"].astype("int64")
    return table


def _refuse(p: Problem, encoding: str = "") -> RawTable:
    return RawTable(_empty(), problems=[p], encoding=encoding)


def read(data: bytes, file_name: str, *, max_bytes: int | None = None, sheet: str | None = None) -> RawTable:
    """Uploaded bytes → RawTable. Never raises on bad content; work is bounded (``limits``)."""
    max_bytes = max_bytes or MAX_BYTES
    if len(data) > max_bytes:
        return _refuse(file_problem("too_large", f"{len(data) / 1_000_000:.1f} MB", mb=max_bytes // 1_000_000))
    if not data.strip():
        return _refuse(file_problem("empty"))
    name = (file_name or "").lower()
    deadline, budget = Deadline(), CellBudget()
    if name.endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _refuse(file_problem("old_excel", file_name))
    try:
        if name.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
            try:
                sheets = xlsx.read_workbook(data, deadline, budget)
            except LimitExceeded:
                raise
            except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, SyntaxError, IndexError) as exc:
                return _refuse(file_problem("bad_xlsx", f"{type(exc).__name__}: {str(exc)[:120]}"))
            table = _from_sheets(sheets, deadline, sheet)
            table.encoding = "xlsx"
            return table
        text, enc = decode(data)
        if text is None or "\x00" in text:
            return _refuse(file_problem("encoding", file_name))
        try:
            rows = csv_rows(text, deadline, budget)
        except csv.Error as exc:
            return _refuse(file_problem("bad_csv", str(exc)[:120]))
        table = _from_sheets([Sheet("", rows)], deadline)
        table.encoding = enc
        return table
    except LimitExceeded as exc:
        return _refuse(file_problem(exc.code, **exc.params))
    except RecursionError:
        return _refuse(file_problem("bad_xlsx", "RecursionError"))
