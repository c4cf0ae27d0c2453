"""Upload templates (CSV and XLSX) pre-filled with every catalog area × indicator.

Long format, Chinese headers, one row per area × indicator for the year to report (the last
complete calendar year unless told otherwise), the indicator's unit filled in and the value
left blank. Rows left blank are skipped on upload, so an analyst fills in what they have.
The CSV starts with ``#`` comment lines explaining the columns (the reader skips them); the
XLSX has a 数据 sheet and a 说明 (notes) sheet.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd

from ipdash.export_safe import neutralise_formulas
from ipdash.schema import template_columns
from ipdash.store import read
from ipdash.strings import ingest as vocab

# field → the template's header (a field without words in strings.ingest is headed by its own name)
HEADERS = {f: vocab.DEFAULT_HEADERS.get(f, f) for f in template_columns()}
NOTES = list(vocab.TEMPLATE_NOTES)
DATA_SHEET, NOTES_SHEET = vocab.TEMPLATE_SHEET_DATA, vocab.TEMPLATE_SHEET_NOTES


def report_year() -> int:
    return datetime.now(UTC).year - 1


def template_frame(year: int | None = None, areas: list[str] | None = None) -> pd.DataFrame:
    ind = read.table("indicators")
    ar = read.table("areas")
    if areas:
        ar = ar[ar["code"].isin(areas)]
    year = year or report_year()
    blank = dict.fromkeys(HEADERS, "")  # the value and every other field: for the analyst to fill in
    rows = [
        {**blank, "area": a["name_zh"], "indicator": i["name_zh"], "year": year, "unit": i["unit"]}
        for a in ar.to_dict("records")
        for i in ind.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=list(HEADERS)).rename(columns=HEADERS)


def indicator_sheet() -> pd.DataFrame:
    ind = read.table("indicators")
    return ind[list(vocab.TEMPLATE_INDICATOR_COLUMNS)].rename(columns=vocab.TEMPLATE_INDICATOR_COLUMNS)


def area_sheet() -> pd.DataFrame:
    ar = read.table("areas")
    return ar[list(vocab.TEMPLATE_AREA_COLUMNS)].rename(columns=vocab.TEMPLATE_AREA_COLUMNS)


def csv_bytes(year: int | None = None, areas: list[str] | None = None) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows opens it correctly); ``#`` lines are notes."""
    buf = io.StringIO()
    for col, text in NOTES:
        buf.write(f"# {col}: {text}".replace(",", vocab.FULLWIDTH_COMMA) + "\n")
    neutralise_formulas(template_frame(year, areas)).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(year: int | None = None, areas: list[str] | None = None) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        neutralise_formulas(template_frame(year, areas)).to_excel(xw, sheet_name=DATA_SHEET, index=False)
        notes = pd.DataFrame(NOTES, columns=list(vocab.TEMPLATE_NOTES_HEADER))
        notes.to_excel(xw, sheet_name=NOTES_SHEET, index=False)
        neutralise_formulas(area_sheet()).to_excel(xw, sheet_name=NOTES_SHEET, index=False, startrow=len(notes) + 2)
        neutralise_formulas(indicator_sheet()).to_excel(
            xw, sheet_name=NOTES_SHEET, index=False, startrow=len(notes) + len(area_sheet()) + 5
        )
        for ws in xw.book.worksheets:
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for j, width in enumerate((14, 34, 10, 14, 10, 14, 30, 20), start=1):
                ws.column_dimensions[get_column_letter(j)].width = width if ws.title == DATA_SHEET else 40
        xw.book[DATA_SHEET].freeze_panes = "A2"
    return buf.getvalue()


def write(path, kind: str, year: int | None = None) -> None:
    from pathlib import Path

    data = csv_bytes(year) if kind == "csv" else xlsx_bytes(year)
    Path(path).write_bytes(data)
