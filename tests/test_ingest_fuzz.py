"""Property-based fuzzing of the reader and validator (hypothesis).

Whatever the bytes: no unhandled exception; a rejected file leaves every file of the store
byte-for-byte unchanged; an accepted file satisfies the data contract.
"""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipdash import catalog
from ipdash.accounts import auth
from ipdash.ingest import commit, plausible, validate
from ipdash.sheets import read as ingest_read
from ipdash.store import read
from tests.corpus import helpers

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
ADMIN = auth.User("fuzz", ("*",))

HEADERS = st.sampled_from(
    [
        "地区",
        "区域",
        "area",
        "指标",
        "indicator",
        "年份",
        "year",
        "年度",
        "数值",
        "value",
        "数据",
        "单位",
        "unit",
        "来源",
        "source",
        "备注",
        "数据性质",
        "provenance",
        "2023",
        "2024年",
        "FY2022",
        "",
        "x",
        "合计",
        "数值（万元）",
    ]
)
CELLS = st.one_of(
    st.sampled_from(
        [
            "浦东",
            "浦东新区",
            "Pudong",
            "310115",
            "杨浦",
            "静安区",
            "上海",
            "火星",
            "PCT",
            "有效发明专利拥有量",
            "研发投入强度",
            "技术合同成交额",
            "2023",
            "２０２４年",
            "1899",
            "万件",
            "亿元",
            "万元",
            "%",
            "件/万人",
            "kg",
            "official",
            "官方",
            "估算",
            "-",
            "—",
            "",
            " ",
            "1,234",
            "１，２３４",
            "3.2万",
            "12.5%",
            "-5",
            "nan",
            "inf",
            "1e400",
            "=cmd|'/c calc'!A1",
            "@SUM(1)",
            "https://x",
            '"',
            "\n",
            "\t",
            "；",
        ]
    ),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**6), max_value=10**12).map(str),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])


def _table_bytes(header, rows, encoding, sep) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


def _check_contract(v: validate.Validation) -> None:
    """An accepted table must satisfy the actuals contract (docs/architecture.md)."""
    cat = catalog.Catalog(**{n: read.table(n) for n in ("indicators", "areas", "documents", "targets", "milestones")})
    rows = v.rows
    assert len(rows) > 0
    assert rows["area"].isin(cat.areas["code"]).all()
    assert rows["indicator"].isin(cat.indicators["code"]).all()
    assert rows["year"].between(validate.MIN_YEAR, validate.max_year()).all()
    assert all(math.isfinite(x) and x >= 0 for x in rows["value"])
    pct = set(cat.indicators.loc[cat.indicators["measure"] == "percent", "code"])
    assert not (rows["indicator"].isin(pct) & (rows["value"] > 100)).any()
    assert rows["provenance"].isin(catalog.PROVENANCES).all()
    assert not rows.duplicated(["area", "indicator", "year"]).any()
    units = dict(zip(cat.indicators["code"], cat.indicators["unit"]))
    assert (rows["unit"] == rows["indicator"].map(units)).all()
    # issue 12: nothing absurd lands, and every value sits in its indicator's plausible range
    assert all(abs(x) <= plausible.ABSURD for x in rows["value"])
    assert plausible.check(rows, cat.indicators, cat.areas)["in_range"].all()


def _attempt(data: bytes, name: str, before: dict, data_dir) -> None:
    v = validate.validate(data, name, allowed_areas="*")
    event("accepted" if v.ok else f"rejected: {sorted({p.code for p in v.errors})[:2]}")
    assert isinstance(v.errors, list)
    for p in v.errors:
        assert p.expected_zh and p.expected_en and (p.row is None or p.row >= 1)
    if v.ok:
        _check_contract(v)
    else:
        with pytest.raises(commit.CommitError):
            commit.commit(v, data, ADMIN, confirm_warnings=True)
        assert helpers.snapshot(data_dir) == before


@SETTINGS
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "b.xlsx", "c.txt", "d.xls", "", "数据.CSV"]))
def test_arbitrary_bytes_never_crash_and_never_write(fresh_data, data, name):
    _attempt(data, name, helpers.snapshot(fresh_data), fresh_data)


@SETTINGS
@given(
    header=st.lists(HEADERS, min_size=1, max_size=7),
    rows=st.lists(st.lists(CELLS, max_size=8), max_size=8),
    encoding=ENCODINGS,
    sep=st.sampled_from([",", "\t", ";"]),
)
def test_arbitrary_small_tables(fresh_data, header, rows, encoding, sep):
    _attempt(_table_bytes(header, rows, encoding, sep), "t.csv", helpers.snapshot(fresh_data), fresh_data)


AREA = st.sampled_from(["浦东", "浦东新区", "Pudong", "310115", "yangpu", "Jing'an", " 上海市 ", "火星", ""])
IND = st.sampled_from(
    [
        "PCT",
        "有效发明专利拥有量",
        "研发投入强度",
        "技术合同成交额",
        "invention_per10k",
        "商标有效注册量",
        "Registered trademarks in force",
        "未知指标",
        "",
    ]
)
YEAR = st.one_of(st.integers(1985, 2030).map(str), st.sampled_from(["２０２３", "2022年", "FY2021", "二〇二一", ""]))
VALUE = st.one_of(
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(0, 1e6, allow_nan=False).map(lambda x: f"{x:.3f}"),
    st.sampled_from(["3.2万", "12.5%", "-5", "abc", "1e400", "", "-", "１２３", "101", "0"]),
)
UNIT = st.sampled_from(["", "件", "万件", "亿元", "万元", "%", "件/万人", "家", "kg", "万"])


@SETTINGS
@given(
    rows=st.lists(st.tuples(AREA, IND, YEAR, VALUE, UNIT), min_size=1, max_size=12),
    header=st.permutations(["地区", "指标", "年份", "数值", "单位"]),
    encoding=ENCODINGS,
)
def test_structured_tables(fresh_data, rows, header, encoding):
    """Mostly plausible rows, so the validator's deeper checks (and acceptance) are reached."""
    order = {"地区": 0, "指标": 1, "年份": 2, "数值": 3, "单位": 4}
    body = [[r[order[h]] for h in header] for r in rows]
    _attempt(_table_bytes(header, body, encoding, ","), "s.csv", helpers.snapshot(fresh_data), fresh_data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(HEADERS, min_size=2, max_size=6),
    rows=st.lists(
        st.lists(st.one_of(CELLS, st.integers(-5, 3000), st.floats(allow_nan=False, width=32), st.none()), max_size=6),
        max_size=6,
    ),
)
def test_arbitrary_xlsx(fresh_data, header, rows):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = openpyxl.Workbook()
    try:
        wb.active.append(header)
        for r in rows:
            wb.active.append(r)
    except (IllegalCharacterError, ValueError):
        return  # openpyxl itself refuses control characters; nothing to test
    buf = io.BytesIO()
    wb.save(buf)
    _attempt(buf.getvalue(), "t.xlsx", helpers.snapshot(fresh_data), fresh_data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_clean_and_parse_number_are_total(text):
    c = ingest_read.clean(text)
    assert c == c.strip()
    n, _unit = validate.parse_number(c)
    assert n is None or isinstance(n, float)


VALID_AREAS = {
    "浦东": "pudong",
    "Pudong New Area": "pudong",
    "310110": "yangpu",
    "静安区": "jingan",
    "上海": "shanghai",
}
VALID_INDS = {
    "PCT": ("pct_applications", ["", "件", "万件"], 1e6),
    "商标有效注册量": ("trademarks", ["件", "万件"], 1e7),
    "研发投入强度": ("rd_intensity", ["%", ""], 100),
    "tech_contracts": ("tech_contracts", ["亿元", "万元"], 1e4),
    "每万人口发明专利拥有量": ("invention_per10k", ["件/万人"], 500),
}
SCALE = {"": 1, "件": 1, "万件": 1e4, "%": 1, "亿元": 1, "万元": 1e-4, "件/万人": 1}


@st.composite
def valid_rows(draw):
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(VALID_AREAS)), st.sampled_from(sorted(VALID_INDS)), st.integers(1995, 2025)
            ),
            min_size=1,
            max_size=8,
            unique_by=lambda k: (VALID_AREAS[k[0]], VALID_INDS[k[1]][0], k[2]),
        )
    )
    rows = []
    for area, ind, year in keys:
        code, units, cap = VALID_INDS[ind]
        unit = draw(st.sampled_from(units))
        value = draw(st.integers(0, int(cap / SCALE[unit]) if SCALE[unit] >= 1 else int(cap)))
        rows.append((area, ind, str(year), f"{value:,}", unit, VALID_AREAS[area], code, value * SCALE[unit]))
    return rows


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(rows=valid_rows(), encoding=ENCODINGS)
def test_valid_tables_are_accepted_and_committed_exactly(fresh_data, rows, encoding):
    data = _table_bytes(["地区", "指标", "年份", "数值", "单位"], [r[:5] for r in rows], encoding, ",")
    v = validate.validate(data, "ok.csv", allowed_areas="*")
    assert v.ok, [(p.row, p.column, p.value, p.code) for p in v.errors]
    _check_contract(v)
    got = {(r.area, r.indicator, int(r.year)): r.value for r in v.rows.itertuples()}
    assert got == pytest.approx({(r[5], r[6], int(r[2])): r[7] for r in rows})
    try:
        commit.commit(v, data, ADMIN, confirm_warnings=True)
    except commit.CommitError as exc:
        assert exc.code == "nothing"
        return
    eff = read.actuals()
    for (a, i, y), val in got.items():
        hit = eff[(eff["area"] == a) & (eff["indicator"] == i) & (eff["year"] == y)]
        assert hit["value"].tolist() == pytest.approx([val])


FORMATS = st.sampled_from(
    [
        None,
        "0.0%",
        "0%",
        '0.00"万件"',
        '0!.0000"万"',
        '#,##0"亿元"',
        "yyyy",
        'yyyy"年"',
        "#,##0.00",
        "@",
        "[$万元-804]0",
    ]
)
OFFICE_CELLS = st.one_of(
    CELLS,
    st.integers(-5, 10**7),
    st.floats(-1e6, 1e12, allow_nan=False),
    st.sampled_from(["=D2*2", "=SUM(D2:D3)", "=VLOOKUP(1,A1:B2,2)", "=A1", "=1/0", "合计", "小计", "单位：万件"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sheets=st.lists(
        st.tuples(
            st.lists(HEADERS, min_size=2, max_size=6),
            st.lists(st.lists(st.tuples(OFFICE_CELLS, FORMATS), max_size=6), max_size=6),
            st.booleans(),
        ),
        min_size=1,
        max_size=3,
    ),
    title=st.sampled_from([None, "单位：万件", "2024年报表（单位：万元）", "单位：万件、亿元"]),
    merge=st.booleans(),
)
def test_arbitrary_office_workbooks(fresh_data, sheets, title, merge):
    """Workbooks as offices make them — number formats, formulas, unit lines, merges, hidden sheets."""
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    try:
        for k, (header, rows, hidden) in enumerate(sheets):
            ws = wb.create_sheet(f"S{k}")
            if title:
                ws.append([title])
            ws.append(header)
            for r in rows:
                ws.append([v for v, _ in r])
                for j, (_, code) in enumerate(r):
                    if code:
                        ws.cell(row=ws.max_row, column=j + 1).number_format = code
            if merge and ws.max_row >= 3:
                ws.merge_cells(start_row=ws.max_row - 1, start_column=1, end_row=ws.max_row, end_column=1)
            if hidden and k:
                ws.sheet_state = "hidden"
    except (IllegalCharacterError, ValueError):
        return
    buf = io.BytesIO()
    wb.save(buf)
    _attempt(buf.getvalue(), "o.xlsx", helpers.snapshot(fresh_data), fresh_data)
