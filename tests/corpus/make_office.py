"""Corpus files shaped the way Chinese district offices really send them (called by make_corpus.py).

One file per defect kind of issue 12, each with the value that must land or the refusal that
must come: units outside the table (a unit line above or below the header, in the title, in
the number format), a unit stated twice in two ways, magnitudes implausible for the indicator,
every sheet of a workbook, formulas without saved results, a stale ``<dimension>``, merged area
cells, a header far down, 合计 rows, 上海市X区, ``2025年1-12月``, two-row headers, 单位名称, a year
typed as a date, a zip bomb, a huge value. ``xlsxwriter`` writes the Excel-like workbooks
(shared strings, styles), openpyxl the ones that need formulas without results or hidden sheets.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
import xlsxwriter


def _fixed(data: bytes, edit=None) -> bytes:
    """The zip again with fixed timestamps (reproducible bytes); ``edit(name, bytes)`` may change a part."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'
            if edit is not None:
                content = edit(info.filename, content)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, content)
    return buf.getvalue()


def excel(sheets: dict[str, list[list]], formats: dict | None = None, merges: dict | None = None, edit=None) -> bytes:
    """An Excel-like workbook (shared strings, styles): ``formats`` {(sheet, row, col): number format}."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": datetime.datetime(2024, 1, 1)})
    cache: dict[str, object] = {}
    for title, rows in sheets.items():
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                code = (formats or {}).get((title, r, c))
                fmt = cache.setdefault(code, wb.add_format({"num_format": code})) if code else None
                if v is None:
                    continue
                if isinstance(v, datetime.datetime):
                    ws.write_datetime(r, c, v, fmt)
                else:
                    ws.write(r, c, v, fmt)
        for rng, value in (merges or {}).get(title, []):
            ws.merge_range(rng, value)
    wb.close()
    return _fixed(buf.getvalue(), edit)


def pyxl(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed(buf.getvalue())


def _stale_dimension(name: str, content: bytes) -> bytes:
    """What a WPS export does: ``<dimension ref="A1"/>`` although the sheet uses A1:D4."""
    if name.startswith("xl/worksheets/"):
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', content)
    return content


def zip_bomb() -> bytes:
    """A 200 KB file whose sheet unpacks to 120 MB (refused from the zip directory, before parsing)."""
    base = excel({"Sheet1": [["地区", "指标", "年份", "数值"]]})
    src = zipfile.ZipFile(io.BytesIO(base))
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    sheet += row * (120_000_000 // len(row)) + b"</sheetData></worksheet>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, content, compresslevel=9)
    return buf.getvalue()


HEAD = ["地区", "指标", "年份", "数值"]
PCT, INV, TECH = "PCT国际专利申请量", "有效发明专利拥有量", "技术合同成交额"


def add(put, csv_text) -> None:
    """Write every file through ``put(name, bytes, **expectation)`` (make_corpus.py)."""
    put(
        "17_unit_line_above.xlsx",
        excel({"数据": [["2024年各区知识产权指标"], ["单位：万件"], HEAD, ["浦东新区", INV, 2024, 6.94]]}),
        accepted=True,
        rows=1,
        values=[["pudong", "invention_patents", 2024, 69400]],
        conversion="表头上方“单位：万件”换算 ×10 000",
    )
    put(
        "18_unit_in_title.xlsx",
        excel({"Sheet1": [["2024年浦东新区技术合同成交额（单位：万元）"], HEAD, ["浦东新区", TECH, 2024, 1473900]]}),
        accepted=True,
        rows=1,
        values=[["pudong", "tech_contracts", 2024, 147.39]],
    )
    put(
        "19_percent_format.xlsx",
        excel(
            {"Sheet1": [HEAD, ["浦东新区", "研发经费支出占地区生产总值比重", 2024, 0.052]]},
            formats={("Sheet1", 1, 3): "0.0%"},
        ),
        accepted=True,
        rows=1,
        values=[["pudong", "rd_intensity", 2024, 5.2]],
    )
    put(
        "20_wan_formats.xlsx",
        excel(
            {
                "Sheet1": [
                    HEAD,
                    ["杨浦区", "有效发明专利拥有量", 2024, 69400],  # shown as 6.9400万: the value stays 69 400
                    ["杨浦区", "作品登记量", 2024, 6.94],  # shown as 6.94万件: 69 400
                ]
            },
            formats={("Sheet1", 1, 3): '0!.0000"万"', ("Sheet1", 2, 3): '0.00"万件"'},
        ),
        accepted=True,
        rows=2,
        values=[["yangpu", "invention_patents", 2024, 69400], ["yangpu", "copyright_works", 2024, 69400]],
    )
    put(
        "21_unit_conflict.csv",
        csv_text([["单位：万件"], [*HEAD, "单位"], ["浦东", "有效发明专利拥有量", "2024", "69400", "件"]]).encode(),
        accepted=False,
        errors=[[3, "单位", "unit_conflict"]],
    )
    put(
        "22_implausible_magnitude.csv",
        csv_text([[*HEAD, "单位"], ["浦东新区", "技术合同成交额", "2024", "1473900", "亿元"]]).encode(),
        accepted=False,
        errors=[[2, "数值", "implausible"]],
    )
    put(
        "23_count_fraction.csv",
        csv_text([HEAD, ["浦东新区", "有效发明专利拥有量", "2024", "6.94"]]).encode(),
        accepted=False,
        errors=[[2, "数值", "count_whole"]],
    )

    def sheets(wb):
        ws = wb.active
        ws.title = "填报说明"
        ws.append(["各区请按区分表填写，单位名称填区名"])
        for area, v in (("浦东新区", 1650), ("杨浦区", 420)):
            s = wb.create_sheet(area)
            s.append(["单位名称", "指标", "2023年", "2024年"])
            s.append([area, "PCT国际专利申请量", v - 100, v])
        old = wb.create_sheet("旧数据")  # hidden, with other values for the same keys: not read
        old.append(HEAD)
        old.append(["浦东新区", "PCT国际专利申请量", 2024, 1])
        old.sheet_state = "hidden"

    put(
        "24_sheet_per_district.xlsx",
        pyxl(sheets),
        accepted=True,
        rows=4,
        values=[
            ["pudong", "pct_applications", 2023, 1550],
            ["pudong", "pct_applications", 2024, 1650],
            ["yangpu", "pct_applications", 2024, 420],
        ],
        sheets_not_read=["填报说明", "旧数据"],
    )
    put(
        "25_area_from_sheet_name.xlsx",
        excel(
            {
                "浦东新区": [["指标", "2024年"], ["PCT国际专利申请量", 1650]],
                "杨浦区": [["指标", "2024年"], ["PCT国际专利申请量", 420]],
            }
        ),
        accepted=True,
        rows=2,
        values=[["pudong", "pct_applications", 2024, 1650], ["yangpu", "pct_applications", 2024, 420]],
    )

    def formulas(wb):
        ws = wb.active
        ws.append([*HEAD, "说明"])
        ws.append(["浦东新区", "作品登记量", 2024, 1000])
        ws.append(["浦东新区", "软件著作权登记量", 2024, "=D2*2+SUM(D2:D2)/2", "公式，未保存结果"])
        ws.append(["浦东新区", "PCT国际专利申请量", 2024, "=ROUND(D2/3,0)"])

    put(
        "26_formula_without_result.xlsx",
        pyxl(formulas),
        accepted=True,
        rows=3,
        values=[
            ["pudong", "copyright_works", 2024, 1000],
            ["pudong", "software_copyright", 2024, 2500],
            ["pudong", "pct_applications", 2024, 333],
        ],
    )

    def lookup(wb):
        ws = wb.active
        ws.append(HEAD)
        ws.append(["浦东新区", "作品登记量", 2024, '=VLOOKUP("x",F1:G2,2,FALSE)'])

    put("27_formula_uncomputable.xlsx", pyxl(lookup), accepted=False, errors=[[2, "数值", "formula_uncomputed"]])
    put(
        "28_stale_dimension.xlsx",
        excel({"Sheet1": [HEAD, ["浦东新区", "PCT国际专利申请量", 2024, 1650]]}, edit=_stale_dimension),
        accepted=True,
        rows=1,
        values=[["pudong", "pct_applications", 2024, 1650]],
    )
    notes = [
        [f"{i}. 填报要求：请按统计口径如实填写第 {i} 项，金额单位统一为亿元，件数单位为件。"] for i in range(1, 31)
    ]
    put(
        "29_header_below_row_30.xlsx",
        excel({"Sheet1": [["2024年知识产权指标填报表"], *notes, [], HEAD, ["杨浦区", "PCT国际专利申请量", 2024, 420]]}),
        accepted=True,
        rows=1,
        values=[["yangpu", "pct_applications", 2024, 420]],
    )
    put(
        "30_merged_area_cells.xlsx",
        excel(
            {
                "Sheet1": [
                    HEAD,
                    [None, "PCT国际专利申请量", 2024, 1650],
                    [None, "作品登记量", 2024, 1200],
                    [None, "软件著作权登记量", 2024, 3300],
                ]
            },
            merges={"Sheet1": [("A2:A4", "浦东新区")]},
        ),
        accepted=True,
        rows=3,
        values=[["pudong", "pct_applications", 2024, 1650], ["pudong", "software_copyright", 2024, 3300]],
    )
    put(
        "31_total_rows.csv",
        csv_text(
            [
                HEAD,
                ["浦东新区", "PCT国际专利申请量", "2024", "1650"],
                ["杨浦区", "PCT国际专利申请量", "2024", "420"],
                ["合计", "PCT国际专利申请量", "2024", "2070"],
                ["小 计", "", "2024", "2070"],
            ]
        ).encode(),
        accepted=True,
        rows=2,
        values=[["yangpu", "pct_applications", 2024, 420]],
        totals=[4, 5],
    )
    put(
        "32_city_prefix.csv",
        csv_text([HEAD, ["上海市浦东新区", PCT, "2024", "1650"], ["上海杨浦区", "PCT", "2024", "420"]]).encode(),
        accepted=True,
        rows=2,
        values=[["pudong", "pct_applications", 2024, 1650], ["yangpu", "pct_applications", 2024, 420]],
    )
    put(
        "33_month_range_headers.xlsx",
        excel({"Sheet1": [["地区", "指标", "2024年1-12月", "2025年1-6月"], ["浦东新区", PCT, 1650, 900]]}),
        accepted=True,
        rows=1,
        values=[["pudong", "pct_applications", 2024, 1650]],
        partial_columns=["2025年1-6月"],
    )
    put(
        "34_two_row_header.xlsx",
        excel(
            {
                "Sheet1": [
                    ["地区", "指标", None, None],
                    [None, None, "2023年", "2024年"],
                    ["浦东新区", "PCT国际专利申请量", 1500, 1650],
                ]
            },
            merges={"Sheet1": [("C1:D1", "实际值")]},
        ),
        accepted=True,
        rows=2,
        values=[["pudong", "pct_applications", 2023, 1500], ["pudong", "pct_applications", 2024, 1650]],
    )
    put(
        "35_year_as_date.xlsx",
        excel(
            {"Sheet1": [HEAD, ["浦东新区", "PCT国际专利申请量", datetime.datetime(2024, 1, 1), 1650]]},
            formats={("Sheet1", 1, 2): 'yyyy"年"'},
        ),
        accepted=True,
        rows=1,
        values=[["pudong", "pct_applications", 2024, 1650]],
    )
    put("36_zip_bomb.xlsx", zip_bomb(), accepted=False, errors=[[None, "", "unzipped_too_large"]])
    put(
        "37_part_of_year.csv",
        csv_text([HEAD, ["浦东新区", "PCT国际专利申请量", "2025年1-6月", "900"]]).encode(),
        accepted=False,
        errors=[[2, "年份", "year_partial"]],
    )
    put(
        "38_huge_value.csv",
        csv_text([HEAD, ["浦东新区", "每万人口发明专利拥有量", "2024", "1e250"]]).encode(),
        accepted=False,
        errors=[[2, "数值", "implausible"]],
    )
    put(
        "39_format_conflict.xlsx",
        excel(
            {"Sheet1": [[*HEAD, "单位"], ["浦东新区", "有效发明专利拥有量", 2024, 0.5, "件"]]},
            formats={("Sheet1", 1, 3): "0%"},
        ),
        accepted=False,
        errors=[[2, "单位", "unit_conflict"]],
    )
    put(
        "40_unit_line_below.csv",
        csv_text([HEAD, ["单位：万元"], ["杨浦区", "技术合同成交额", "2024", "1,234,000"]]).encode(),
        accepted=True,
        rows=1,
        values=[["yangpu", "tech_contracts", 2024, 123.4]],
    )
