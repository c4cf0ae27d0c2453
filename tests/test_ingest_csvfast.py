"""The pyarrow CSV path gives exactly what the per-cell ``csv.reader`` path gives (issue 26 (d)).

``csvfast.plain_rows`` against ``csv.reader`` on generated texts (quotes, carriage returns, empty
and ragged lines, full-width and control characters, every delimiter): either the same rows or
None (the caller then takes ``csv.reader``). End to end, ``read`` and ``validate`` with the fast path
and with it switched off give the same records and the same problems, on generated CSV bytes in
every supported encoding.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipdash.ingest import validate
from ipdash.sheets import csvfast
from ipdash.sheets import read as ingest_read
from ipdash.sheets.limits import CellBudget, LimitExceeded

DELIMS = st.sampled_from([",", "\t", ";", "|"])
PIECES = st.sampled_from(
    ["", " ", "a", "浦东", "2024", "1,234", "１，２３４", "3.2万", "12.5%", "=SUM(A1)", "合计", "#c", "\ufeff", "\x0c"]
)
SPECIAL = st.sampled_from([",", "\t", ";", "|", '"', "\r", "\n", "\r\n", "\x85", "\u2028", "，"])
PLAIN_CELL = st.lists(PIECES, max_size=3).map("".join)
CELL = st.lists(st.one_of(PIECES, SPECIAL, st.text(max_size=3)), max_size=3).map("".join)
ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])


def _reference(text: str, delimiter: str) -> list[list[str]]:
    csv.field_size_limit(csvfast.FIELD_LIMIT)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))


@st.composite
def texts(draw):
    width = draw(st.integers(1, 5))
    ragged = draw(st.integers(0, 4)) == 0
    cell = PLAIN_CELL if draw(st.booleans()) else st.one_of(*[PLAIN_CELL] * 20, CELL)  # mostly plain: the fast path
    lo, hi = (1, width + 1) if ragged else (width, width)
    rows = draw(st.lists(st.lists(cell, min_size=lo, max_size=hi), max_size=12))
    d = draw(DELIMS)
    ends = [draw(ENDS) if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(["\n", "\r\n"])) for _ in rows]
    text = "".join(d.join(r) + e for r, e in zip(rows, ends, strict=True))
    if text and draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text, d


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_plain_rows_are_the_csv_readers_or_none(case):
    text, d = case
    got = csvfast.plain_rows(text, d)
    event("fast" if got is not None else "per-cell")
    if got is not None:
        assert got == _reference(text, d)


def test_a_plain_file_takes_the_fast_path_and_others_do_not():
    text = "地区,指标,年份,数值\r\n" + "".join(f"浦东,PCT,{2000 + i % 25},{i}.5\r\n" for i in range(3000))
    got = csvfast.plain_rows(text, ",")
    assert got is not None and got == _reference(text, ",")
    assert len(got) == 3001 and all(type(c) is str for r in got for c in r)
    for other in ('a,"b,c"\n1,2\n', "a,b\r1,2\n", "a,b\n\n1,2\n", "a,b\n1,2,3\n", "a,b\n1\n"):
        assert csvfast.plain_rows(other, ",") is None


def test_a_field_at_the_csv_limit_is_left_to_the_csv_module():
    text = "a,b\nx," + "y" * (csvfast.FIELD_LIMIT + 1) + "\n"
    assert csvfast.plain_rows(text, ",") is None
    with pytest.raises(csv.Error):
        ingest_read.csv_rows(text)


def test_the_cell_budget_is_the_same_on_both_paths(monkeypatch):
    text = "".join(f"a{i},b,c\n" for i in range(50))  # 50 rows × (3 + 1) = 200
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(csvfast, "plain_rows", lambda *a: None)
        assert len(ingest_read.csv_rows(text, budget=CellBudget(200))) == 50
        with pytest.raises(LimitExceeded) as e:
            ingest_read.csv_rows(text, budget=CellBudget(199))
        assert e.value.code == "too_many_cells" and e.value.params == {"n": 199}


# ---------------------------------------------------------------- end to end: bytes → records, problems
AREAS = st.sampled_from(["浦东", "浦东新区", "Pudong", "杨浦", "静安区", "火星", "合计", "", "上海市浦东新区"])
INDS = st.sampled_from(["PCT", "有效发明专利拥有量", "研发投入强度", "技术合同成交额（万元）", "未知指标", "小计"])
YEARS = st.sampled_from(["2023", "２０２４年", "2022年", "FY2021", "1899", "2025年1-6月", "", "2024-01-01"])
VALUES = st.one_of(
    st.integers(0, 10**7).map(str),
    st.floats(0, 1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["3.2万", "12.5%", "-5", "abc", "1e400", "", "-", "１２３", "约12", "12（估）", "1 234", "=A1"]),
)
UNITS = st.sampled_from(["", "件", "万件", "亿元", "万元", "%", "件/万人", "kg", "万"])
HEADERS = st.permutations(["地区", "指标", "年份", "数值", "单位"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])


def _both(monkeypatch, fn):
    taken = []
    plain_rows = csvfast.plain_rows
    with monkeypatch.context() as m:
        m.setattr(csvfast, "plain_rows", lambda *a: taken.append(plain_rows(*a)) or taken[-1])
        fast = fn()
    event("fast path" if taken and taken[-1] is not None else "per-cell path")
    with monkeypatch.context() as m:
        m.setattr(csvfast, "plain_rows", lambda *a: None)
        slow = fn()
    return fast, slow


def _table_bytes(header, rows, encoding, sep, end) -> bytes:
    lines = [sep.join(header), *(sep.join(r) for r in rows)]
    return (end.join(lines) + end).encode(encoding, errors="replace")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    rows=st.lists(st.tuples(AREAS, INDS, YEARS, VALUES, UNITS), min_size=1, max_size=15),
    header=HEADERS,
    encoding=ENCODINGS,
    sep=st.sampled_from([",", "\t", ";"]),
    end=st.sampled_from(["\n", "\r\n"]),
)
def test_read_and_validate_agree_on_both_paths(fresh_data, monkeypatch, rows, header, encoding, sep, end):
    order = {"地区": 0, "指标": 1, "年份": 2, "数值": 3, "单位": 4}
    data = _table_bytes(header, [[r[order[h]] for h in header] for r in rows], encoding, sep, end)
    raw_fast, raw_slow = _both(monkeypatch, lambda: ingest_read.read(data, "t.csv"))
    pd.testing.assert_frame_equal(raw_fast.df, raw_slow.df)
    assert raw_fast.problems == raw_slow.problems
    for attr in ("encoding", "headers", "sheets", "header_row", "layout", "skipped_blank"):
        assert getattr(raw_fast, attr) == getattr(raw_slow, attr)
    v_fast, v_slow = _both(monkeypatch, lambda: validate.validate(data, "t.csv", allowed_areas="*"))
    event("accepted" if v_fast.ok else "rejected")
    assert v_fast.errors == v_slow.errors
    assert v_fast.warnings == v_slow.warnings
    pd.testing.assert_frame_equal(v_fast.rows, v_slow.rows)
