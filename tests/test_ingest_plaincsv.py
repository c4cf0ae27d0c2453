"""A plain CSV read column by column gives exactly what ``sheets.read.read`` gives (issue 26 (d)).

``plaincsv.read`` against the reference on generated files — titles and unit lines above the header,
two-row headers, wide and long layouts, tables without an area column, 合计/小计 and comment rows, blank
words, full-width and odd spaces, every delimiter and line end, every encoding (BOM, UTF-8, GB18030,
UTF-16), and now and then a quote, an empty line or a ragged row (not plain: None): either None or
the same records and every attribute of the table. On the corpus too, and end to end (``validate``
with the columnar reader and without it).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipdash.ingest import plaincsv, validate
from ipdash.sheets import read as ingest_read
from tests.corpus import helpers

TITLES = st.sampled_from(
    [
        "2024年浦东新区知识产权指标",
        "单位：万件",
        "（单位：万元）",
        "单位：,万元",
        "单位：公斤",
        "填报说明：请按统计口径填写各项指标数值，不得留空，数据来源须注明出处并加盖公章，逾期不报视为零。",
        "#注释",
        "2023年全区汇总表",
        "２０２５年1-6月",
        "杨浦区",
    ]
)
LONG = ["地区", "指标", "年份", "数值", "单位", "备注", "数据性质", "来源"]
WIDE = ["地区", "指标", "2023", "2024年", "FY2022", "2025年1-6月", "数值（万件）", "单位"]
AREA_LESS = ["指标", "年份", "数值（万元）", "备注"]
CELLS = st.sampled_from(
    [
        "浦东",
        "浦东新区",
        " Pudong ",
        "杨浦  区",
        "静安区",
        "火星",
        "合计",
        "小计",
        "合 计",
        "Total",
        "#c",
        "PCT",
        "有效发明专利拥有量",
        "技术合同成交额（万元）",
        "2023",
        "２０２４年",
        "FY2021",
        "2025年1-6月",
        "",
        "-",
        "—",
        "/",
        "无",
        "1,234",
        "１，２３４",
        "3.2万",
        "12.5%",
        "约12",
        "12（估）",
        "万件",
        "单位：万件",
        "\u3000浦东\u3000",
        "a\u00a0b",
        "x\x0cy",
        "=A1",
        "official",
        "估算",
        "ok",
    ]
)
ODD = st.sampled_from(['"', "a\rb", ""])  # a quote, a lone carriage return: not plain


@st.composite
def files(draw):
    kind = draw(st.sampled_from(["long", "wide", "area_less"]))
    base = {"long": LONG, "wide": WIDE, "area_less": AREA_LESS}[kind]
    if draw(st.integers(0, 4)):  # mostly a header that is found: the fields it needs, then others
        need = {"long": LONG[:4], "wide": WIDE[:3], "area_less": AREA_LESS[:3]}[kind]
        rest = draw(st.lists(st.sampled_from(base), max_size=4, unique=True))
        header = draw(st.permutations([*need, *(c for c in rest if c not in need)]))
    else:
        header = draw(st.lists(st.sampled_from(base), min_size=2, max_size=len(base), unique=True))
    width = len(header)
    lines = [[t] + [""] * (width - 1) for t in draw(st.lists(TITLES, max_size=3))]
    two_row = draw(st.sampled_from([None, "below", "above"]))
    if two_row == "above":
        lines.append([draw(st.sampled_from(["2024年", "", "实际值"])) for _ in range(width)])
    lines.append(header)
    if two_row == "below":
        lines.append([draw(st.sampled_from(["", "万件", "1-12月", "2024年", "单位：万元"])) for _ in range(width)])
    body = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=14))
    lines += body
    if draw(st.integers(0, 7)) == 0:  # something not plain, or a ragged row
        odd = draw(st.sampled_from(["cell", "empty line", "ragged"]))
        at = draw(st.integers(0, len(lines)))
        if odd == "cell" and lines:
            lines[min(at, len(lines) - 1)][0] = draw(ODD)
        elif odd == "empty line":
            lines.insert(at, [])
        else:
            lines.insert(at, ["x"] * (width + 1))
    sep = draw(st.sampled_from([",", "\t", ";", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(sep.join(r) for r in lines) + (end if draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return text.encode(encoding, errors="replace")


def assert_same_table(got: ingest_read.RawTable, want: ingest_read.RawTable) -> None:
    assert not want.problems
    pd.testing.assert_frame_equal(got.df, want.df)
    for attr in vars(want):
        if attr != "df":
            assert getattr(got, attr) == getattr(want, attr), attr


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.sampled_from(["t.csv", "t.txt", "数据.CSV", ""]))
def test_columns_read_the_same_table_as_rows(data, name):
    got = plaincsv.read(data, name)
    want = ingest_read.read(data, name)
    event("columnar" if got is not None else f"reference ({want.problems[0].code if want.problems else 'not plain'})")
    if got is not None:
        assert_same_table(got, want)


@pytest.mark.parametrize("name", sorted(helpers.manifest()))
def test_corpus_reads_the_same(name):
    data = helpers.corpus_bytes(name)
    got = plaincsv.read(data, name)
    if got is not None:
        assert_same_table(got, ingest_read.read(data, name))


def test_a_plain_upload_takes_the_columnar_path():
    lines = ["2024年报表（单位：万件）,,,,", "地区,指标,年份,数值,备注"]
    lines += [f"浦东新区,PCT,{2000 + i % 25},{i}.5,{'合计' if i == 7 else ''}" for i in range(3000)]
    lines += ["合计,,,99,", "#注释,,,,", "杨浦,PCT,2024,-,"]
    data = ("\r\n".join(lines) + "\r\n").encode("gb18030")
    got = plaincsv.read(data, "a.csv")
    assert got is not None and len(got.df) == 3000
    assert_same_table(got, ingest_read.read(data, "a.csv"))
    assert got.sheets[0].totals == [3003] and got.skipped_blank == 1 and got.encoding == "gb18030"
    for other in (data.replace(b"\r\n", b"\r\n\r\n", 1), b'"a",b\n1,2\n', b"PK\x03\x04xx", data[:40]):
        assert plaincsv.read(other, "a.csv") is None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(files())
def test_validate_is_the_same_with_either_reader(built_data, monkeypatch, data):
    fast = validate.validate(data, "t.csv", allowed_areas="*")
    with monkeypatch.context() as m:
        m.setattr(plaincsv, "read", lambda *a: None)
        slow = validate.validate(data, "t.csv", allowed_areas="*")
    event("accepted" if slow.ok else "refused")
    assert fast.errors == slow.errors and fast.warnings == slow.warnings
    pd.testing.assert_frame_equal(fast.rows, slow.rows)
    assert fast.taken == slow.taken and fast.proposed_area == slow.proposed_area
    for attr in ("encoding", "headers", "sheets", "header_row", "layout", "skipped_blank", "ignored_columns"):
        assert getattr(fast.raw, attr) == getattr(slow.raw, attr)
