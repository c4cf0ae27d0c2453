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
from ipdash.store import read as store

HEADERS = {
    "area": "地区",
    "indicator": "指标",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "provenance": "数据性质",
    "source_url": "来源",
    "note": "备注",
}
NOTES = [
    ("地区 area", "区名、简称、英文名或代码均可，如 浦东新区 / 浦东 / Pudong / 310115 / pudong"),
    ("指标 indicator", "指标名称、英文名或代码，见下方指标表"),
    ("年份 year", "四位年份，如 2025、2025年；也可把年份作为列名（宽表：2023、2024…）"),
    ("数值 value", "数字；可带千分位（1,234）或单位（3.2万、12.5%）；留空的行不导入"),
    ("单位 unit", "留空即按指标单位；可写 万件、万元、亿元、%、件/万人 等，会自动换算"),
    (
        "数据性质 provenance",
        "official/官方（须填来源）、estimate/估算、illustrative/示意；留空：有来源为官方，否则为估算",
    ),
    ("来源 source", "网址或文件名（官方数据必填）"),
    ("备注 note", "任意说明"),
    (
        "校验 checks",
        "地区、指标须在目录中；数值不小于 0，百分比不超过 100；同一 地区×指标×年份 只能出现一次。"
        "比上年变化超过 3 倍或修改官方数值时需确认。",
    ),
]


def report_year() -> int:
    return datetime.now(UTC).year - 1


def template_frame(year: int | None = None, areas: list[str] | None = None) -> pd.DataFrame:
    ind = store.table("indicators")
    ar = store.table("areas")
    if areas:
        ar = ar[ar["code"].isin(areas)]
    year = year or report_year()
    rows = [
        {
            "area": a["name_zh"],
            "indicator": i["name_zh"],
            "year": year,
            "value": "",
            "unit": i["unit"],
            "provenance": "",
            "source_url": "",
            "note": "",
        }
        for a in ar.to_dict("records")
        for i in ind.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=list(HEADERS)).rename(columns=HEADERS)


def indicator_sheet() -> pd.DataFrame:
    ind = store.table("indicators")
    return ind[["code", "name_zh", "name_en", "unit", "aliases"]].rename(
        columns={
            "code": "代码 code",
            "name_zh": "名称",
            "name_en": "name",
            "unit": "单位 unit",
            "aliases": "别名 aliases",
        }
    )


def area_sheet() -> pd.DataFrame:
    ar = store.table("areas")
    return ar[["code", "name_zh", "name_en", "short_zh", "aliases"]].rename(
        columns={
            "code": "代码 code",
            "name_zh": "名称",
            "name_en": "name",
            "short_zh": "简称",
            "aliases": "别名 aliases",
        }
    )


def csv_bytes(year: int | None = None, areas: list[str] | None = None) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows opens it correctly); ``#`` lines are notes."""
    buf = io.StringIO()
    for col, text in NOTES:
        buf.write(f"# {col}: {text}".replace(",", "，") + "\n")
    neutralise_formulas(template_frame(year, areas)).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(year: int | None = None, areas: list[str] | None = None) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        neutralise_formulas(template_frame(year, areas)).to_excel(xw, sheet_name="数据", index=False)
        notes = pd.DataFrame(NOTES, columns=["列 column", "说明"])
        notes.to_excel(xw, sheet_name="说明", index=False)
        neutralise_formulas(area_sheet()).to_excel(xw, sheet_name="说明", index=False, startrow=len(notes) + 2)
        neutralise_formulas(indicator_sheet()).to_excel(
            xw, sheet_name="说明", index=False, startrow=len(notes) + len(area_sheet()) + 5
        )
        for ws in xw.book.worksheets:
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for j, width in enumerate((14, 34, 10, 14, 10, 14, 30, 20), start=1):
                ws.column_dimensions[get_column_letter(j)].width = width if ws.title == "数据" else 40
        xw.book["数据"].freeze_panes = "A2"
    return buf.getvalue()


def write(path, kind: str, year: int | None = None) -> None:
    from pathlib import Path

    data = csv_bytes(year) if kind == "csv" else xlsx_bytes(year)
    Path(path).write_bytes(data)
