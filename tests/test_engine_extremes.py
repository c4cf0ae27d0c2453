"""The engine's own overflow robustness (issue 12): huge, infinite, NaN, zero and negative values
in a series or a target never crash judging, the what-if or the fan frame, and never show
nonsense (an infinite number, "inf", "nan", "None") in a result or a sentence."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipdash.engine import scenario
from ipdash.engine.evaluate import evaluate_target
from ipdash.engine.result import RESULT_COLUMNS

EXTREME = [math.inf, -math.inf, math.nan, 1e308, -1e308, 1e300, 1e-300, 0.0, -5.0, 1e154]
values = st.one_of(
    st.sampled_from(EXTREME),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=1.0, max_value=1000.0),
)
KINDS = [
    dict(code="i", unit="件", kind="stock", measure="count", direction="higher"),
    dict(code="i", unit="件", kind="flow", measure="count", direction="higher"),
    dict(code="i", unit="%", kind="ratio", measure="percent", direction="lower"),
    dict(code="i", unit="亿元", kind="flow", measure="money", direction="higher"),
]
NONSENSE = re.compile(r"\b(inf|nan|None)\b|∞", re.IGNORECASE)
STATUSES = {"achieved", "missed", "on_track", "at_risk", "off_track", "insufficient_data", "no_data", "no_target"}


@st.composite
def cases(draw):
    n = draw(st.integers(1, 7))
    first = draw(st.integers(2015, 2020))
    years = [first + i for i in range(n)]
    vals = draw(st.lists(values, min_size=n, max_size=n))
    agg = draw(st.sampled_from(["level", "annual", "cumulative", "growth", "reduction"]))
    target = dict(
        target_id="x",
        area="a",
        indicator="i",
        aggregation=agg,
        comparator=draw(st.sampled_from(["ge", "gt", "approx", "le"])),
        value=draw(values),
        unit="%" if agg in ("growth", "reduction") else "件",
        period_start=years[0],
        target_year=years[-1] + draw(st.integers(0, 4)),
        baseline_year=years[0],
        baseline_value=draw(st.sampled_from([math.nan, 1e308, 0.0, 100.0])),
    )
    return target, pd.DataFrame({"year": years, "value": vals}), draw(st.sampled_from(KINDS))


def _sane(res) -> None:
    assert res.status in STATUSES
    for col in RESULT_COLUMNS:
        v = getattr(res, col)
        if isinstance(v, float):
            assert not math.isinf(v), f"{col} = {v}"
    assert math.isnan(res.p_meet) or 0.0 <= res.p_meet <= 1.0
    for text in (res.explanation_zh, res.explanation_en):
        assert text, "every judged target has a sentence"
        assert not NONSENSE.search(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([None, "linear", "loglinear", "damped", "last_change"]))
def test_extreme_values_never_crash_the_engine_nor_show_nonsense(case, method):
    target, series, ind = case
    _sane(evaluate_target(target, series, ind, method=method))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([-0.99, -0.5, 0.0, 0.1, 10.0, 1e6, math.inf, math.nan]))
def test_what_if_and_fan_survive_extreme_values(case, growth):
    target, series, ind = case
    wi = scenario.what_if(target, series, ind, growth)
    for key in ("explanation_zh", "explanation_en"):
        assert not NONSENSE.search(str(wi.get(key, ""))), wi.get(key)
    for k, v in wi.items():
        assert k == "growth_rate" or not (isinstance(v, float) and math.isinf(v)), wi  # the input echoed
    fan = scenario.projection_frame(target, series, ind)
    num = fan.select_dtypes("number")
    assert not num.isin([math.inf, -math.inf]).any().any()


@pytest.mark.parametrize("huge", [1e308, math.inf, math.nan])
def test_a_huge_latest_value_is_not_projected_as_a_number(huge):
    """Four ordinary years then an absurd one: no projection becomes infinite or overflows."""
    target = dict(
        target_id="x",
        area="a",
        indicator="i",
        aggregation="level",
        comparator="ge",
        value=200.0,
        unit="件",
        period_start=2020,
        target_year=2027,
        baseline_year=2020,
        baseline_value=math.nan,
    )
    series = pd.DataFrame({"year": [2020, 2021, 2022, 2023, 2024], "value": [100.0, 110.0, 120.0, 130.0, huge]})
    for ind in KINDS[:2]:
        for method in (None, "linear", "loglinear", "damped", "last_change"):
            _sane(evaluate_target(target, series, ind, method=method))
