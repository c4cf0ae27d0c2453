"""The upload's rules run directly give exactly what pandera gives (issue 26 (d)).

``rules.failures`` skips pandera when every check holds on every row. On uploads generated to hit
every rule (unknown areas and indicators, years out of range or partial, bad numbers, units that
conflict or do not convert, implausible values, fractions of a count, percentages over 100, official
values without a source, duplicates, provenance and confidence words) the validation with the direct
run and with pandera alone (``holds`` switched off) give the same problems, rows and warnings; and
whenever ``holds`` says yes, pandera reports no failure of a named check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipdash.ingest import rules, validate
from ipdash.sheets import read as ingest_read
from ipdash.store import read

AREAS = st.sampled_from(["浦东", "浦东新区", "Pudong", "杨浦", "静安区", "火星", "", "上海市浦东新区", "yangpu"])
INDS = st.sampled_from(
    [
        "PCT",
        "有效发明专利拥有量",
        "研发投入强度",
        "技术合同成交额（万元）",
        "未知指标",
        "tech_contracts",
        "商标有效注册量",
    ]
)
YEARS = st.sampled_from(["2023", "２０２４年", "2022", "FY2021", "1899", "2025年1-6月", "", "2099", "2020", "x"])
VALUES = st.one_of(
    st.integers(0, 10**5).map(str),
    st.floats(0, 1e4, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["3.2万", "150", "-5", "abc", "1e400", "约12", "12（估）", "5亿元", "7件", "0.5", "1e20"]),
)
UNITS = st.sampled_from(["", "", "件", "万件", "亿元", "万元", "%", "kg"])
PROVS = st.sampled_from(["", "", "官方", "official", "估算", "reported", "不知道"])
URLS = st.sampled_from(["", "https://example.org/a"])
CONF = st.sampled_from(["", "", "a", "B", "Z"])
HEADER = ["地区", "指标", "年份", "数值", "单位", "数据性质", "来源", "可信度"]
ROW = st.tuples(AREAS, INDS, YEARS, VALUES, UNITS, PROVS, URLS, CONF).map(list)
# rows that pass (each key once, plausible values): so the direct run is taken too, and a single bad
# row among them is what decides
GOOD = st.tuples(
    st.sampled_from(["浦东", "杨浦", "静安区"]),
    st.sampled_from(["PCT", "商标有效注册量", "研发投入强度"]),
    st.integers(2000, 2024).map(str),
    st.integers(0, 90).map(str),
    st.just(""),
    st.sampled_from(["", "估算", "reported"]),
    st.just(""),
    st.sampled_from(["", "A", "b"]),
).map(list)


@st.composite
def uploads(draw):
    if draw(st.booleans()):
        return draw(st.lists(ROW, min_size=1, max_size=20))
    rows = draw(st.lists(GOOD, min_size=1, max_size=20, unique_by=lambda r: (r[0], r[1], r[2])))
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), draw(ROW))
    return rows


ALLOWED = st.sampled_from([None, "*", frozenset({"pudong"}), frozenset({"pudong", "yangpu"})])


def _upload(rows) -> bytes:
    return ("\n".join([",".join(HEADER), *(",".join(r) for r in rows)]) + "\n").encode()


def _pandera_only(monkeypatch, fn):
    with monkeypatch.context() as m:
        m.setattr(rules, "holds", lambda *a: False)
        return fn()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    rows=uploads(),
    allowed=ALLOWED,
)
def test_validation_is_the_same_with_and_without_pandera(built_data, monkeypatch, rows, allowed):
    data = _upload(rows)
    allowed_areas = set(allowed) if isinstance(allowed, frozenset) else allowed
    taken = []
    holds = rules.holds
    with monkeypatch.context() as m:
        m.setattr(rules, "holds", lambda *a: taken.append(holds(*a)) or taken[-1])
        fast = validate.validate(data, "t.csv", allowed_areas=allowed_areas)
    event("direct" if taken and taken[-1] else "pandera")
    slow = _pandera_only(monkeypatch, lambda: validate.validate(data, "t.csv", allowed_areas=allowed_areas))
    assert fast.errors == slow.errors
    assert fast.warnings == slow.warnings
    pd.testing.assert_frame_equal(fast.rows, slow.rows)
    assert fast.taken == slow.taken and fast.proposed_area == slow.proposed_area


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    rows=uploads(),
    allowed=ALLOWED,
)
def test_holds_means_pandera_finds_no_failure(built_data, rows, allowed):
    from pandera.errors import SchemaErrors

    raw = ingest_read.read(_upload(rows), "t.csv")
    if raw.problems or raw.df.empty:
        return
    areas, inds = read.table("areas"), read.table("indicators")
    parsed = validate.parse(raw, inds, areas)
    parsed["year_int"] = parsed["year"].notna() | parsed["year_partial"]
    parsed["year_partial"] = ~parsed["year_partial"]
    parsed["unit_convertible"] = parsed["factor"].notna() | ~parsed["unit_ok"]
    codes = set(areas["code"])
    ok = set(codes) if allowed == "*" else (set(allowed) if allowed is not None else None)
    args = (codes, set(inds["code"]), set(inds.loc[inds["measure"] == "percent", "code"]), ok)
    try:
        rules.schema(*args).validate(parsed, lazy=True)
        named = 0
    except SchemaErrors as exc:
        named = int(exc.failure_cases["check"].isin(list(validate.FIELD_OF)).sum())
    event(f"holds={rules.holds(parsed, rules.rules(*args))} named failures={bool(named)}")
    assert rules.holds(parsed, rules.rules(*args)) == (named == 0)


def _one_check(fn, col="x") -> rules.Rules:
    return rules.Rules({col: (True, [("value_number", fn)])}, [])


@pytest.mark.parametrize(
    "result",
    [
        lambda s: pd.Series([True, pd.NA], dtype="boolean", index=s.index),  # NA: pandera decides
        lambda s: pd.Series([True, False], index=s.index),
        lambda s: pd.Series([True, None], dtype=object, index=s.index),
        lambda s: True,  # not a Series
        lambda s: s.astype(int),  # not booleans
        lambda s: 1 / 0,  # raises
    ],
)
def test_holds_says_no_unless_a_plain_all_true(result):
    df = pd.DataFrame({"x": [1, 2]})
    assert not rules.holds(df, _one_check(result))
    assert not rules.holds(df, _one_check(lambda s: s > 0, col="missing"))
    assert rules.holds(df, _one_check(lambda s: s > 0))
    assert rules.holds(df, _one_check(lambda s: pd.Series([True, True], dtype="boolean", index=s.index)))
    assert not rules.holds(df, rules.Rules({"x": (True, [])}, [("percent_max", lambda d: d["x"] < 2)]))
    assert np.bool_(rules.holds(df, rules.Rules({"x": (True, [])}, [("percent_max", lambda d: d["x"] < 3)])))


def test_schema_has_the_rules_checks():
    s = rules.schema({"a"}, {"i"}, set(), None)
    r = rules.rules({"a"}, {"i"}, set(), None)
    assert list(s.columns) == list(r.columns)
    for c, (nullable, checks) in r.columns.items():
        assert s.columns[c].nullable == nullable
        assert [k.name for k in s.columns[c].checks] == [n for n, _ in checks]
    assert [k.name for k in s.checks] == [n for n, _ in r.frame]
    assert {n for _, (_, cs) in r.columns.items() for n, _ in cs} | {n for n, _ in r.frame} == set(validate.FIELD_OF)
