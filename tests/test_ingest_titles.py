"""Uploads read the page as a person does (issue 25): the area, year and unit a title line names
apply to the table below when it names exactly one; the area of a table naming none is proposed
from an account that may write only one; what was taken is shown for the analyst to confirm;
估算 only where the file says so."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash import catalog
from ipdash.ingest import parse, validate
from ipdash.sheets import header
from tests.apptest import open_page
from tests.corpus import helpers, make_office


@pytest.mark.parametrize(
    "lines,year",
    [
        (["2025年浦东新区知识产权指标", "单位：万件"], 2025),
        (["Pudong IP indicators, 2025"], 2025),
        (["2025年度知识产权指标"], 2025),
        (["2025年1-6月知识产权指标"], None),  # a part of a year is no year for the table
        (["2024年、2025年知识产权指标"], None),  # two years: the title does not say which
        (["知识产权指标"], None),
        (["统计编号310115"], None),
    ],
)
def test_title_year(lines, year):
    assert header.title_year(lines) == year


def test_title_lines_skip_instructions_and_keep_the_first_line():
    rows = [
        ["2025年浦东新区知识产权指标"],
        ["说明：" + "请按统计口径填写，" * 10],
        [],
        ["单位：万件"],
        ["指标", "数值"],
    ]
    assert header.title_lines(rows, 4) == ["2025年浦东新区知识产权指标", "单位：万件"]


@pytest.mark.parametrize(
    "title,area",
    [
        ("2025年浦东新区知识产权指标", "pudong"),
        ("上海市浦东新区2025年知识产权指标", "pudong"),  # the city before its district: the district
        ("Yangpu District IP indicators", "yangpu"),
        ("2025年全市知识产权指标", "shanghai"),
        ("2025年浦东新区、杨浦区知识产权指标", None),  # two areas: none taken
        ("2025年知识产权指标", None),
    ],
)
def test_title_area(title, area):
    find = parse.title_area_matcher(catalog.load(check=False).areas)
    assert find(title) == area


def _xlsx(title_rows, rows):
    return make_office.excel({"Sheet1": [*title_rows, ["指标", "年份", "数值"], *rows]})


def test_the_issue_file_is_accepted_for_pudong_with_the_area_taken_from_the_title(built_data):
    data = _xlsx(
        [["2025年浦东新区知识产权指标"], ["单位：万件"]],
        [["有效发明专利拥有量", 2024, 6.94], ["PCT国际专利申请量", 2024, 0.165]],
    )
    v = validate.validate(data, "浦东.xlsx", allowed_areas={"pudong"})
    assert v.ok, [(p.row, p.column, p.code) for p in v.errors]
    assert v.rows["area"].tolist() == ["pudong", "pudong"]
    assert v.rows["value"].tolist() == [69400, 1650]
    assert v.taken == {"area": ["pudong"], "unit": ["万件"]} and v.proposed_area == ""
    assert v.taken_lines({"pudong": "浦东新区"}, "zh") == ["取自标题，请核对：地区 浦东新区、单位“万件”"]
    assert v.taken_lines({"pudong": "Pudong New Area"}, "en") == [
        "Taken from the title — please check: area Pudong New Area, unit “万件”"
    ]
    assert set(v.rows["provenance"]) == {"reported"}  # the file does not say 估算


def test_title_area_outside_the_account_is_refused(built_data):
    data = _xlsx([["2025年浦东新区知识产权指标"]], [["有效发明专利拥有量", 2024, 69400]])
    v = validate.validate(data, "x.xlsx", allowed_areas={"yangpu"})
    assert [p.code for p in v.errors] == ["area_allowed"]


def test_a_table_naming_its_area_is_not_overridden_by_the_title(built_data):
    data = make_office.excel(
        {"Sheet1": [["2025年浦东新区知识产权指标"], ["地区", "指标", "年份", "数值"], ["杨浦区", "PCT", 2024, 420]]}
    )
    v = validate.validate(data, "x.xlsx", allowed_areas={"pudong", "yangpu"})
    assert v.ok and v.rows["area"].tolist() == ["yangpu"] and v.taken == {}


def test_the_sheet_name_names_the_area_before_the_title(built_data):
    data = make_office.excel({"杨浦区": [["2025年浦东新区知识产权指标"], ["指标", "年份", "数值"], ["PCT", 2024, 420]]})
    v = validate.validate(data, "x.xlsx", allowed_areas={"pudong", "yangpu"})
    assert v.ok and v.rows["area"].tolist() == ["yangpu"] and v.taken == {}


def test_no_area_anywhere_and_several_allowed_is_refused(built_data):
    data = _xlsx([["知识产权指标"]], [["PCT", 2024, 420]])
    v = validate.validate(data, "x.xlsx", allowed_areas={"pudong", "yangpu"})
    assert [(p.column, p.code) for p in v.errors] == [("工作表名称（表中无地区列）", "area_known")]
    assert v.proposed_area == ""


def test_provenance_column_still_decides(built_data):
    rows = [
        ["地区", "指标", "年份", "数值", "数据性质"],
        ["浦东", "PCT", "2021", "5", "估算"],
        ["浦东", "PCT", "2022", "6", "上报"],
    ]
    v = validate.validate(helpers.csv_bytes(rows), "x.csv")
    assert v.ok and v.rows["provenance"].tolist() == ["estimate", "reported"]


def test_reported_ranks_between_official_and_estimate():
    from ipdash.engine import series

    a = pd.DataFrame(
        {
            "area": ["pudong"] * 3,
            "indicator": ["pct"] * 3,
            "year": [2024] * 3,
            "value": [1.0, 2.0, 3.0],
            "provenance": ["estimate", "reported", "illustrative"],
        }
    )
    assert series.group_actuals(a)[("pudong", "pct")].values[0] == 2.0
    assert (
        series.group_actuals(a.assign(provenance=["estimate", "reported", "official"]))[("pudong", "pct")].values[0]
        == 3.0
    )


@pytest.mark.slow
def test_the_page_asks_to_confirm_what_was_taken_from_the_title(fresh_data):
    helpers.add_user(areas=("pudong",))
    at = open_page("app_pages/upload.py")
    at.text_input(key="upl_name").set_value("wang")
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    data = _xlsx([["2025年浦东新区知识产权指标"], ["单位：万件"]], [["有效发明专利拥有量", 2016, 6.94]])
    at.file_uploader[0].upload("Sheet1.xlsx", data).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("取自标题" in t.value and "浦东新区" in t.value for t in at.text)
    assert at.button(key="upl_commit").disabled
    at.checkbox(key="upl_confirm_taken").check().run()
    assert not at.button(key="upl_commit").disabled
