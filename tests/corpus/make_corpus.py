"""Regenerate the messy-upload corpus and its manifest, deterministically.

    python tests/corpus/make_corpus.py

Each file imitates something analysts really send (an encoding, a header variant, units with
scale words, long or wide, full-width digits, bad rows). ``manifest.json`` says what must
happen to it: ``accepted`` with ``rows`` values (and some spot values after unit conversion),
or rejected with the exact (row, column, check) of every problem. Files 17 on (``make_office``)
are shaped the way district offices really send them: units outside the table, several sheets,
formulas, merged cells, two-row headers, 合计 rows, a zip bomb — one file per defect kind.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl

try:
    from tests.corpus import make_office, make_titles
except ImportError:  # run as a script from tests/corpus
    import make_office  # type: ignore[no-redef]
    import make_titles  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
MANIFEST: dict[str, dict] = {}


def put(name: str, data: bytes, **expect) -> None:
    (HERE / name).write_bytes(data)
    MANIFEST[name] = expect


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    out = []
    for r in rows:
        out.append(sep.join(f'"{c}"' if (sep in c or '"' in c) else c for c in map(str, r)))
    return "\r\n".join(out) + "\r\n"


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed timestamps so the bytes are reproducible."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, content)
    return buf.getvalue()


def main() -> None:
    # 1 UTF-8, Chinese headers, every way of naming Pudong, units with scale words
    put(
        "01_utf8_long_zh.csv",
        csv_text(
            [
                ["地区", "指标", "年份", "数值", "单位", "来源", "备注"],
                ["浦东", "有效发明专利拥有量", "2021", "6.1", "万件", "", ""],
                ["浦东新区", "技术合同成交额", "2021", "1,234,000", "万元", "", "万元换算为亿元"],
                [" Pudong ", "PCT国际专利申请量", "２０２２", "１，２３４", "件", "", "全角数字"],
                ["310115", "研发经费支出占地区生产总值比重", "2022年", "4.5%", "", "", ""],
                ["杨浦区", "每万人口发明专利拥有量", "2023", "88.5", "件/万人", "https://example.org/a", ""],
                ["Yangpu District", "pledge_financing", "2023", "12.3", "亿元", "", ""],
                ["静安", "商标有效注册量", "2023", "3.2万", "", "", "单元格内写单位"],
            ]
        ).encode("utf-8"),
        accepted=True,
        rows=7,
        values=[
            ["pudong", "invention_patents", 2021, 61000],
            ["pudong", "tech_contracts", 2021, 123.4],
            ["pudong", "pct_applications", 2022, 1234],
            ["pudong", "rd_intensity", 2022, 4.5],
            ["yangpu", "invention_per10k", 2023, 88.5],
            ["yangpu", "pledge_financing", 2023, 12.3],
            ["jingan", "trademarks", 2023, 32000],
        ],
    )
    # 2 UTF-8 with BOM, English headers, provenance and source columns
    put(
        "02_utf8bom_long_en.csv",
        csv_text(
            [
                ["Area", "Indicator", "Year", "Value", "Unit", "Provenance", "Source URL", "Note"],
                [
                    "Pudong New Area",
                    "Invention patents in force",
                    "2022",
                    "70,500",
                    "patents",
                    "official",
                    "https://example.org/pd",
                    "bureau",
                ],
                ["jingan", "tech_contracts", "2022", "5000000", "万元", "estimate", "", ""],
                ["Shanghai", "IP pledge financing", "2021", "100", "亿元", "", "", ""],
            ]
        ).encode("utf-8-sig"),
        accepted=True,
        rows=3,
        values=[
            ["pudong", "invention_patents", 2022, 70500],
            ["jingan", "tech_contracts", 2022, 500],
            ["shanghai", "pledge_financing", 2021, 100],
        ],
    )
    # 3 GB18030 (Excel's plain "CSV" on Chinese Windows), stray spaces, 区域/年度/数据 headers
    put(
        "03_gb18030_long.csv",
        csv_text(
            [
                ["区域", " 指标名称 ", "年度", "数据", "计量单位"],
                ["浦东新区 ", " 作品登记量", "2021", " 12 345 ", "件"],
                ["杨浦", "软件著作权登记量", "2022", "1.5万", ""],
                ["静安区", "知识产权纠纷调解优先推荐覆盖率", "2022", "85", "%"],
            ]
        ).encode("gb18030"),
        accepted=True,
        rows=3,
        values=[
            ["pudong", "copyright_works", 2021, 12345],
            ["yangpu", "software_copyright", 2022, 15000],
            ["jingan", "mediation_coverage", 2022, 85],
        ],
    )
    # 4 UTF-16 LE with BOM, tab-separated ("Unicode text"), wide: years as 2022年 / 2023年
    put(
        "04_utf16_wide.txt",
        "\ufeff".encode("utf-16-le")
        + csv_text(
            [
                ["地区", "指标", "单位", "2022年", "2023年"],
                ["浦东", "PCT国际专利申请量", "件", "1,500", "1,650"],
                ["杨浦", "技术合同成交额", "万元", "3500000", ""],
                ["静安", "企业技术中心数量", "家", "-", "41"],
            ],
            sep="\t",
        ).encode("utf-16-le"),
        accepted=True,
        rows=4,
        values=[
            ["pudong", "pct_applications", 2023, 1650],
            ["yangpu", "tech_contracts", 2022, 350],
            ["jingan", "tech_centers", 2023, 41],
        ],
    )
    # 5 xlsx: a title row above the header, a 数据 sheet after a notes sheet, FY headers, numbers
    put(
        "05_wide_title.xlsx",
        xlsx(
            {
                "说明": [["本表为示例"]],
                "数据": [
                    ["2024年浦东新区知识产权主要指标"],
                    [],
                    ["地区", "指标", "FY2021", "FY2022", "备注"],
                    ["浦东新区", "有效发明专利拥有量", 60000, 66000, "统计局"],
                    ["浦东新区", "每万人口高价值发明专利拥有量", 41.2, None, ""],
                ],
            }
        ),
        accepted=True,
        rows=3,
        values=[["pudong", "invention_patents", 2022, 66000], ["pudong", "hv_invention_per10k", 2021, 41.2]],
    )
    # 6 xlsx, English headers, first sheet
    put(
        "06_long_en.xlsx",
        xlsx(
            {
                "Sheet1": [
                    ["area", "indicator", "year", "value", "unit"],
                    ["Jing'an", "Technology contract turnover", 2021, 250.5, "100 million yuan"],
                    ["310110", "trademarks", 2022, "1.2万", None],
                ]
            }
        ),
        accepted=True,
        rows=2,
        values=[["jingan", "tech_contracts", 2021, 250.5], ["yangpu", "trademarks", 2022, 12000]],
    )
    # 7 every kind of bad row, in one file
    put(
        "07_bad_rows.csv",
        csv_text(
            [
                ["地区", "指标", "年份", "数值", "单位"],
                ["火星区", "PCT国际专利申请量", "2022", "10", ""],  # 2 unknown area
                ["浦东", "不存在的指标", "2022", "10", ""],  # 3 unknown indicator
                ["浦东", "PCT国际专利申请量", "2021", "约一千", ""],  # 4 text value
                ["浦东", "作品登记量", "2021", "-5", ""],  # 5 negative
                ["浦东", "研发经费支出占地区生产总值比重", "2021", "120", "%"],  # 6 percent > 100
                ["杨浦", "PCT国际专利申请量", "2022", "10", ""],  # 7
                ["Yangpu", "PCT", "2022", "11", ""],  # 8 duplicate of 7
                ["杨浦", "作品登记量", "2099", "10", ""],  # 9 year out of range
                ["杨浦", "作品登记量", "1899", "10", ""],  # 10 year out of range
                ["杨浦", "作品登记量", "二〇二一", "10", ""],  # 11 not a year
                ["杨浦", "软件著作权登记量", "2021", "10", "公斤"],  # 12 unit not convertible
                [
                    "杨浦",
                    "软件著作权登记量",
                    "2022",
                    "10",
                    "",
                ],  # 13 fine
            ]
        ).encode("utf-8"),
        accepted=False,
        errors=[
            [2, "地区", "area_known"],
            [3, "指标", "indicator_known"],
            [4, "数值", "value_number"],
            [5, "数值", "value_nonneg"],
            [6, "数值", "percent_max"],
            [8, "年份", "duplicate"],
            [9, "年份", "year_range"],
            [10, "年份", "year_range"],
            [11, "年份", "year_int"],
            [12, "单位", "unit_convertible"],
        ],
    )
    # 8 wide with a text cell and a percentage over 100
    put(
        "08_bad_wide.csv",
        csv_text(
            [
                ["地区", "指标", "2021", "2022"],
                ["浦东", "研发投入强度", "4.1", "410"],
                ["杨浦", "PCT", "n.a.x", "12"],
            ]
        ).encode("utf-8"),
        accepted=False,
        errors=[[2, "2022", "percent_max"], [3, "2021", "value_number"]],
    )
    # 9 an area the uploader may not write (they may write pudong, yangpu)
    put(
        "09_not_allowed.csv",
        csv_text(
            [
                ["地区", "指标", "年份", "数值"],
                ["浦东", "PCT", "2021", "5"],
                ["静安", "PCT", "2021", "5"],
            ]
        ).encode("utf-8"),
        accepted=False,
        allowed=["pudong", "yangpu"],
        errors=[[3, "地区", "area_allowed"]],
    )
    # 10 whole-file problems
    put(
        "10_no_header.csv",
        "这是一份会议纪要\n没有表头\n".encode(),
        accepted=False,
        errors=[[1, "", "no_header"]],
    )
    put("11_binary.csv", bytes(range(256)) * 8, accepted=False, errors=[[None, "", "encoding"]])
    put(
        "12_old_excel.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        accepted=False,
        errors=[[None, "", "old_excel"]],
    )
    put("13_empty.csv", b"", accepted=False, errors=[[None, "", "empty"]])
    put(
        "14_only_blank_values.csv",
        csv_text([["地区", "指标", "年份", "数值"], ["浦东", "PCT", "2021", ""], ["浦东", "PCT", "2022", "-"]]).encode(
            "utf-8"
        ),
        accepted=False,
        errors=[[2, "", "no_rows"]],
    )
    put(
        "15_no_value_column.csv",
        csv_text([["地区", "指标", "年份", "数量说明"], ["浦东", "PCT", "2021", "5"]]).encode(),
        accepted=False,
        errors=[[1, "", "no_value_column"]],
    )
    put(
        "16_official_without_source.csv",
        csv_text([["地区", "指标", "年份", "数值", "数据性质"], ["浦东", "PCT", "2021", "5", "官方"]]).encode(),
        accepted=False,
        errors=[[2, "来源", "official_source"]],
    )
    make_office.add(put, csv_text)
    make_titles.add(put, csv_text)
    (HERE / "manifest.json").write_text(json.dumps(MANIFEST, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
