"""Magnitudes: every value lands right or is refused — plausibility ranges per indicator as
errors, non-finite and absurd values refused, and nothing a value can do crashes a formatter.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipdash import fmt
from ipdash.ingest import plausible, validate
from ipdash.store import read
from tests.corpus import helpers

HEAD = ["地区", "指标", "年份", "数值"]


def test_every_indicator_and_area_has_a_documented_range(built_data):
    table = plausible.bounds_table(read.table("indicators"), read.table("areas"))
    assert len(table) == len(read.table("indicators")) * len(read.table("areas"))
    assert table["hi"].map(math.isfinite).all() and (table["hi"] > 0).all()
    assert set(table["why"]) <= {"count", "money", "per_capita", "duration", "percent"}
    pct = table[table["why"] == "percent"]
    assert (pct["hi"] == 100).all()
    pudong = table[(table["area"] == "pudong") & (table["indicator"] == "tech_contracts")].iloc[0]
    assert pudong["hi"] == pytest.approx(5_681_512 * 1e7 / 1e8)  # 亿元: CNY 10 million per resident


def test_real_and_illustrative_data_sit_well_inside_the_ranges(built_data):
    """A range a real value could hit would refuse good uploads: stay 10× away from every known value."""
    a = read.actuals()
    checked = plausible.check(a, read.table("indicators"), read.table("areas"))
    assert checked["in_range"].all() and checked["whole"].all()
    a = a.join(checked)
    a = a[a["why"].isin(["count", "money", "per_capita", "duration"])]
    assert (a["value"] * 10 <= a["hi"]).all(), a[a["value"] * 10 > a["hi"]][["area", "indicator", "year", "value"]]


def test_implausible_magnitude_is_an_error_even_without_history(built_data):
    v = validate.validate(helpers.corpus_bytes("22_implausible_magnitude.csv"), "x.csv")
    (p,) = v.errors
    assert (p.code, p.row, p.column, p.value) == ("implausible", 2, "数值", "1473900")
    assert "技术合同成交额（浦东新区）" in p.expected_zh and "亿元" in p.expected_zh
    assert "Technology contract turnover (Pudong New Area)" in p.expected_en


def test_a_count_in_its_plain_unit_must_be_whole(built_data):
    v = validate.validate(helpers.corpus_bytes("23_count_fraction.csv"), "x.csv")
    (p,) = v.errors
    assert p.code == "count_whole" and "万件" in p.expected_zh
    ok = validate.validate(helpers.csv_bytes([HEAD, ["浦东", "有效发明专利拥有量", 2024, "6.94万"]]), "y.csv")
    assert ok.ok and ok.rows["value"].tolist() == [69400.0]  # 6.94 × 10 000, exactly
    pct = validate.validate(helpers.csv_bytes([HEAD, ["浦东", "研发投入强度", 2024, "4.35"]]), "z.csv")
    assert pct.ok  # only counts must be whole


@pytest.mark.parametrize("value", ["1e250", "1e308", "1.7976931348623157e308", "1e400", "inf", "nan", "-1e300"])
def test_absurd_and_non_finite_values_are_refused(built_data, value):
    v = validate.validate(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2024, value]]), "x.csv")
    codes = ("implausible", "value_finite", "value_number", "value_nonneg", "no_rows")  # "nan" reads as blank
    assert not v.ok and v.errors[0].code in codes


def test_a_scale_word_cannot_overflow_a_value_to_infinity(built_data):
    v = validate.validate(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2024, "1e305万亿"]]), "x.csv")
    assert [p.code for p in v.errors] == ["implausible"]


@settings(max_examples=400, deadline=None)
@given(
    value=st.floats(allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(["件", "%", "件/万人", "元", "万元", "亿元", "天", "万件", "家", "", "个月"]),
    lang=st.sampled_from(["zh", "en"]),
    exact=st.booleans(),
    signed=st.booleans(),
)
def test_formatting_is_total_over_finite_floats(value, unit, lang, exact, signed):
    """1e300 (or the largest float) formats as a short text: a value never crashes a page."""
    for text in (
        fmt.fmt_value(value, unit, lang, exact=exact, signed=signed),
        fmt.fmt_value(value, unit, lang, bare=True),
        fmt.fmt_pct(value, lang),
        fmt.fmt_pct(value, lang, 1, signed=signed),
        fmt.fmt_ratio(value),
    ):
        assert isinstance(text, str) and 0 < len(text) < 40 and "inf" not in text and "nan" not in text


def test_huge_values_format_in_scientific_notation():
    assert fmt.fmt_value(1e300, "件", "zh") == "1.00e+296万件"
    assert fmt.fmt_value(1.7976931348623157e308, "万件", "en") == "1.80e+312"
    assert fmt.fmt_pct(1.7976931348623157e308) == "1.80e+310%"
    assert fmt.fmt_value(12345, "件", "zh") == "1.2万件"  # ordinary values unchanged
