"""A small frame's series (``engine.series._group_small``, plain Python) are exactly what the pandas
path gives: same keys, years, values (bit for bit, signed zeros too) and illustrative flags."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipdash.engine import rules, series

PROVS = ["official", "reported", "estimate", "illustrative", "other", None]
VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0, 1e308, -1e308, math.inf, -math.inf, math.nan, 1e-300]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6),
)


def _same(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for k in a:
        assert a[k].years == b[k].years and all(type(y) is int for y in a[k].years)
        assert a[k].illus == b[k].illus and all(type(x) is bool for x in a[k].illus)
        assert [v.hex() for v in a[k].values] == [v.hex() for v in b[k].values]  # signed zeros, NaN alike
        assert all(type(v) is float for v in a[k].values)


@st.composite
def frames(draw):
    n = draw(st.integers(1, 12))
    area = draw(st.lists(st.sampled_from(["pudong", "jingan", "c0001"]), min_size=n, max_size=n))
    ind = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    years = draw(st.lists(st.sampled_from([2019, 2020, 2021, 2022]), min_size=n, max_size=n))
    if draw(st.booleans()):  # float years, some missing, some fractional
        years = [draw(st.sampled_from([float(y), float(y) + 0.5, math.nan])) for y in years]
    vals = draw(st.lists(VALUES, min_size=n, max_size=n))
    df = pd.DataFrame({"area": area, "indicator": ind, "year": years, "value": vals})
    if draw(st.booleans()):
        df["provenance"] = draw(st.lists(st.sampled_from(PROVS), min_size=n, max_size=n))
    if draw(st.booleans()):  # the store's Arrow-backed strings
        df = df.astype({c: "str" for c in ("area", "indicator") if c in df})
    return df


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_small_path_agrees_with_pandas(df):
    small = series._group_small(df)
    if small is not None:
        _same(small, series._group_pandas(df))
    _same(series.group_actuals(df), series._group_pandas(df))
    one = df[["year", "value", *(["provenance"] if "provenance" in df else [])]]
    want = series._group_pandas(one.assign(area="", indicator="")).get(("", ""), rules.EMPTY)
    _same({0: series.series_from_frame(one)}, {0: want})


def test_a_store_series_takes_the_small_path():
    df = pd.DataFrame(
        {
            "area": ["pudong"] * 4,
            "indicator": ["a"] * 4,
            "year": np.array([2021, 2022, 2022, 2023], dtype="int64"),
            "value": [1.0, 2.0, 3.0, 4.0],
            "provenance": ["official", "estimate", "official", "illustrative"],
        }
    ).astype({"area": "str", "indicator": "str", "provenance": "str"})
    small = series._group_small(df)
    assert small == {("pudong", "a"): rules.Series([2021, 2022, 2023], [1.0, 3.0, 4.0], [False, False, True])}
    _same(small, series._group_pandas(df))


def test_three_ties_and_odd_keys_go_to_pandas():
    three = pd.DataFrame({"area": ["x"] * 3, "indicator": ["a"] * 3, "year": [2020] * 3, "value": [0.1, 0.2, 0.3]})
    assert series._group_small(three) is None
    assert series.group_actuals(three) == series._group_pandas(three)
    none_key = pd.DataFrame({"area": [None, "x"], "indicator": ["a", "a"], "year": [2020, 2021], "value": [1.0, 2.0]})
    assert series._group_small(none_key) is None
    assert series.group_actuals(none_key) == {("x", "a"): rules.Series([2021], [2.0], [False])}
