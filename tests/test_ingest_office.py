"""Files as district offices really send them: units outside the table, number formats, every
sheet, formulas without saved results, merged cells, headers far down or on two rows, 合计 rows.

The corpus (tests/corpus, files 17–40) holds one file per defect kind with the value that must
land; the tests here pin the pieces one by one.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from ipdash.ingest import validate
from ipdash.sheets import formula, numfmt
from ipdash.sheets import read as ingest_read
from ipdash.sheets.limits import Deadline
from ipdash.sheets.text import is_total, period
from ipdash.sheets.units import Statement, resolve
from tests.corpus import helpers
from tests.corpus.make_office import excel

HEAD = ["地区", "指标", "年份", "数值"]


def _xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _one(v: validate.Validation, area: str, ind: str, year: int) -> float:
    hit = v.rows[(v.rows["area"] == area) & (v.rows["indicator"] == ind) & (v.rows["year"] == year)]
    assert len(hit) == 1, v.rows
    return float(hit["value"].iloc[0])


# ---------------------------------------------------------------- number formats
@pytest.mark.parametrize(
    "code, value, shown",
    [
        ("0.0%", 0.052, "5.2%"),
        ("0%", 0.5, "50%"),
        ('0.00"万件"', 6.94, "6.94万件"),
        ('#,##0"亿元"', 12.5, "12.5亿元"),
        ('0!.0000"万"', 69400, "6.94万"),
        ('0!.0,"万"', 69400, "6.94万"),
        ("[$万元-804]0.00", 3.5, "3.5万元"),
        ("#,##0.00", 1234.5, "1234.5"),
        ('"¥"#,##0.00', 1234.5, "1234.5"),  # a currency symbol is not a unit
        ("General", 41.2, "41.2"),
        ('yyyy"年"', 45292, "2024-01-01"),
    ],
)
def test_number_format_is_taken_as_shown(code, value, shown):
    assert numfmt.show(value, numfmt.classify(code, 164)) == shown


def test_builtin_percent_and_date_ids():
    assert numfmt.classify("", 9).kind == "percent" and numfmt.classify("", 10).kind == "percent"
    assert numfmt.classify("", 14).kind == "date" and numfmt.classify("", 31).kind == "date"
    assert numfmt.classify("", 3) is numfmt.PLAIN


def test_preview_names_the_statement_and_the_factor(built_data):
    from ipdash.ingest import commit

    v = validate.validate(helpers.corpus_bytes("17_unit_line_above.xlsx"), "u.xlsx")
    assert v.ok
    diff = commit.preview(v, lang="zh")
    assert diff["conversion"].tolist() == ["按表头上方“单位：万件”换算 ×10 000"]
    assert commit.preview(v, lang="en")["conversion"].iloc[0] == (
        "converted ×10 000 by the line above the header “单位：万件”"
    )
    assert v.conversions("zh") == [("按表头上方“单位：万件”换算 ×10 000", 1)]


def test_percent_format_shown_as_a_conversion(built_data):
    v = validate.validate(helpers.corpus_bytes("19_percent_format.xlsx"), "p.xlsx")
    assert v.rows["conv_zh"].tolist() == ["按单元格格式“0.0%”换算 ×100"]


# ---------------------------------------------------------------- units stated twice
@pytest.mark.parametrize(
    "inline, others, target, factor",
    [
        (Statement("inline", "万"), (Statement("unit_col", "件"),), "件", 1e4),  # 3.2万 + 件
        (Statement("inline", "万"), (), "亿元", 1e-4),  # 3.2万 = 3.2万元
        (None, (Statement("unit_col", "万元"), Statement("name", "万元")), "亿元", 1e-4),
        (Statement("format", "%"), (Statement("header", "%"),), "%", 1.0),
    ],
)
def test_agreeing_statements_give_one_factor(inline, others, target, factor):
    assert resolve(inline, others, target).factor == pytest.approx(factor)


@pytest.mark.parametrize(
    "inline, others, target",
    [
        (None, (Statement("unit_col", "件"), Statement("above", "万件")), "件"),
        (Statement("inline", "万"), (Statement("unit_col", "万件"),), "件"),  # 万 on 万件: ambiguous
        (Statement("format", "%"), (Statement("unit_col", "件"),), "件"),
        (Statement("inline", "万元"), (Statement("unit_col", "亿元"),), "亿元"),
    ],
)
def test_disagreeing_statements_are_a_conflict(inline, others, target):
    r = resolve(inline, others, target)
    assert r.factor is None and r.conflict is not None


def test_conflict_is_refused_naming_both_statements(built_data):
    v = validate.validate(helpers.corpus_bytes("21_unit_conflict.csv"), "c.csv")
    (p,) = v.errors
    assert (p.code, p.row, p.column) == ("unit_conflict", 3, "单位")
    assert "“单位”列“件”" in p.expected_zh and "单位：万件" in p.expected_zh
    assert "the unit column" in p.expected_en


def test_unit_line_that_cannot_be_read_is_refused(built_data):
    data = helpers.csv_bytes([["单位：万件、亿元"], HEAD, ["浦东", "PCT", 2024, 5]])
    v = validate.validate(data, "x.csv")
    assert [p.code for p in v.errors] == ["unit_line_unknown"]


def test_instructions_far_above_the_header_are_not_unit_lines(built_data):
    notes = [[f"第{i}条：单位：按统计口径填写，金额以亿元计"] for i in range(8)]
    v = validate.validate(helpers.csv_bytes([*notes, HEAD, ["浦东", "PCT", 2024, 5]]), "x.csv")
    assert v.ok and v.rows["value"].tolist() == [5.0]


# ---------------------------------------------------------------- periods, totals, areas
@pytest.mark.parametrize(
    "text, year, full",
    [
        ("2025", 2025, True),
        ("2025年1-12月", 2025, True),
        ("２０２５年１－１２月", 2025, True),
        ("2025年全年", 2025, True),
        ("2024年12月末", 2024, True),
        ("2025年1-6月", 2025, False),
        ("2025年一季度", 2025, False),
        ("2024/1/1", 2024, True),
        ("2024-01-01 00:00:00", 2024, True),
    ],
)
def test_period(text, year, full):
    assert period(text) == (year, full)


def test_total_rows():
    assert all(map(is_total, ["合计", "合 计", "小计（全区）", "总计", "Total"]))
    assert not any(map(is_total, ["浦东新区", "全市", "上海市", "合作项目数"]))


def test_totals_are_skipped_and_counted(built_data):
    v = validate.validate(helpers.corpus_bytes("31_total_rows.csv"), "t.csv")
    assert v.ok and len(v.rows) == 2 and v.raw.totals_skipped == [("", 4), ("", 5)]


def test_csv_two_row_header_carries_the_year_over_blank_cells(built_data):
    rows = [["地区", "指标", "2024年", ""], ["", "", "1-6月", "1-12月"], ["浦东", "PCT", 900, 1650]]
    v = validate.validate(helpers.csv_bytes(rows), "x.csv")
    assert v.ok and _one(v, "pudong", "pct_applications", 2024) == 1650
    assert v.raw.sheets[0].partial_columns == ["2024年 1-6月"]


def test_years_row_above_value_headers(built_data):
    rows = [["", "", "2023年", "2024年"], ["地区", "指标", "数值", "数值"], ["浦东", "PCT", 1500, 1650]]
    v = validate.validate(helpers.csv_bytes(rows), "x.csv")
    assert v.ok and _one(v, "pudong", "pct_applications", 2023) == 1500


def test_year_typed_as_a_date_in_csv(built_data):
    v = validate.validate(helpers.csv_bytes([HEAD, ["浦东", "PCT", "2024/1/1", 7]]), "x.csv")
    assert v.ok and v.rows["year"].tolist() == [2024]


def test_part_of_a_year_is_refused_in_long_format(built_data):
    v = validate.validate(helpers.corpus_bytes("37_part_of_year.csv"), "x.csv")
    assert [(p.code, p.row, p.column) for p in v.errors] == [("year_partial", 2, "年份")]


def test_area_with_the_city_written_before_it(built_data):
    v = validate.validate(
        helpers.csv_bytes([HEAD, ["上海市浦东新区", "PCT", 2024, 7], ["上海市", "PCT", 2024, 9]]), "x"
    )
    assert v.ok and sorted(v.rows["area"]) == ["pudong", "shanghai"]


def test_unit_name_column_header_is_the_area():
    assert ingest_read.classify_header("单位名称")[0] == "area"
    assert ingest_read.classify_header("计量单位")[0] == "unit"


# ---------------------------------------------------------------- sheets
def test_every_sheet_is_read_and_what_is_not_read_is_said(built_data):
    v = validate.validate(helpers.corpus_bytes("24_sheet_per_district.xlsx"), "s.xlsx")
    assert v.ok and set(v.rows["area"]) == {"pudong", "yangpu"}
    status = {s.name: s.status for s in v.raw.sheets}
    assert status == {"填报说明": "no_header", "浦东新区": "read", "杨浦区": "read", "旧数据": "hidden"}


def test_one_sheet_can_be_chosen(built_data):
    data = helpers.corpus_bytes("24_sheet_per_district.xlsx")
    v = validate.validate(data, "s.xlsx", sheet="杨浦区")
    assert v.ok and set(v.rows["area"]) == {"yangpu"}
    hidden = validate.validate(data, "s.xlsx", sheet="旧数据")  # chosen explicitly: read even though hidden
    assert hidden.ok and hidden.rows["value"].tolist() == [1.0]
    missing = validate.validate(data, "s.xlsx", sheet="静安区")
    assert [p.code for p in missing.errors] == ["no_sheet"] and "杨浦区" in missing.errors[0].expected_zh


def test_duplicate_across_sheets_names_the_other_sheet(built_data):
    data = excel({"A": [HEAD, ["浦东", "PCT", 2024, 1]], "B": [HEAD, ["浦东", "PCT", 2024, 2]]})
    v = validate.validate(data, "d.xlsx")
    (p,) = v.errors
    assert (p.code, p.sheet, p.row) == ("duplicate", "B", 2) and "工作表“A”第 2 行" in p.expected_zh


def test_stale_dimension_does_not_hide_columns(built_data):
    v = validate.validate(helpers.corpus_bytes("28_stale_dimension.xlsx"), "w.xlsx")
    assert v.ok and v.rows["value"].tolist() == [1650.0]


def test_header_far_below_the_top(built_data):
    v = validate.validate(helpers.corpus_bytes("29_header_below_row_30.xlsx"), "h.xlsx")
    assert v.ok and v.raw.header_row == 33


def test_merged_area_cells_are_filled_and_counted(built_data):
    v = validate.validate(helpers.corpus_bytes("30_merged_area_cells.xlsx"), "m.xlsx")
    assert v.ok and v.rows["area"].tolist() == ["pudong"] * 3
    assert v.raw.sheets[0].merged_filled == 2


def test_shared_strings_and_inline_strings_read_alike(built_data):
    rows = [HEAD, ["浦东新区", "PCT国际专利申请量", 2024, 1650]]
    a = validate.validate(excel({"S": rows}), "a.xlsx")  # shared strings (xlsxwriter)
    b = validate.validate(_xlsx(lambda wb: [wb.active.append(r) for r in rows]), "b.xlsx")  # inline (openpyxl)
    assert a.ok and b.ok and a.rows[["area", "value"]].equals(b.rows[["area", "value"]])


# ---------------------------------------------------------------- formulas
def test_formulas_without_results_are_computed(built_data):
    v = validate.validate(helpers.corpus_bytes("26_formula_without_result.xlsx"), "f.xlsx")
    assert v.ok and _one(v, "pudong", "software_copyright", 2024) == 2500
    assert v.raw.sheets[0].formulas_computed == 2


def test_uncomputable_formula_is_refused_naming_the_cell(built_data):
    v = validate.validate(helpers.corpus_bytes("27_formula_uncomputable.xlsx"), "f.xlsx")
    (p,) = v.errors
    assert (p.code, p.row, p.column) == ("formula_uncomputed", 2, "数值")
    assert "D2" in p.expected_zh and "VLOOKUP" in p.value


def test_formula_in_a_column_not_used_does_not_matter(built_data):
    def build(wb):
        wb.active.append([*HEAD, "核对"])
        wb.active.append(["浦东", "PCT", 2024, 5, "=INDIRECT(A1)"])

    assert validate.validate(_xlsx(build), "f.xlsx").ok


def test_cross_sheet_and_shared_formulas():
    sheets = {"S": [[1.0, 2.0], [3.0, None]], "T": [[10.0]]}

    def get(sheet, r, c):
        rows = sheets[sheet]
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    def ev(text, shift=(0, 0)):
        return formula.evaluate(text, "S", shift, get, lambda s: (len(sheets[s]), 2), [0], Deadline())

    assert ev("=SUM(A1:B2)+T!A1") == 16
    assert ev("='T'!A1*10%") == 1
    assert ev("=A1+B1", shift=(1, 0)) == 3  # a shared formula's copy one row down: A2+B2 (B2 blank)
    assert ev("=$A$1+B1", shift=(1, 0)) == 1
    for bad in ("=VLOOKUP(1,A1:B2,2)", "=A1/0", '="x"&A1', "=A1:B2"):
        with pytest.raises(formula.Unsupported):
            ev(bad)


def test_workbook_asking_for_recalculation_has_its_results_recomputed(built_data):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEAD)
    ws.write_row(1, 0, ["浦东新区", "作品登记量", 2024, 100])
    ws.write_row(2, 0, ["浦东新区", "PCT国际专利申请量", 2024])
    ws.write_formula(2, 3, "=D2*3", None, 0)  # saved "result" 0: a placeholder
    wb.set_calc_mode("auto")
    wb.close()
    data = buf.getvalue()
    if b"fullCalcOnLoad" not in data and b"fullCalcOnLoad" not in _workbook_xml(data):
        pytest.skip("this xlsxwriter does not ask for recalculation")
    v = validate.validate(data, "r.xlsx")
    assert v.ok and _one(v, "pudong", "pct_applications", 2024) == 300


def _workbook_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")


def test_strict_ooxml_namespaces_read_alike(built_data):
    def strict(name, content):
        return content.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ).replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        )

    v = validate.validate(excel({"S": [HEAD, ["浦东新区", "PCT", 2024, 1650]]}, edit=strict), "s.xlsx")
    assert v.ok and v.rows["value"].tolist() == [1650.0]
