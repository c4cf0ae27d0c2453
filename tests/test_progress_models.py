"""The candidate methods, calibrated intervals, the plausibility guard, the numbers a verdict is
shown with, and the what-if's default (issue 11)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from ipdash.engine import calibrate, evidence, models, plausibility, scenario, wording
from ipdash.engine import projection as pj
from ipdash.engine.evaluate import evaluate_target

COUNT = dict(code="cnt", unit="件", kind="flow", measure="count", direction="higher")
STOCK = dict(code="stk", unit="件", kind="stock", measure="count", direction="higher")
PER_CAP = dict(code="hv", unit="件/万人", kind="ratio", measure="per_capita", direction="higher")
DAYS = dict(code="admin_case_days", unit="天", kind="ratio", measure="duration", direction="lower")


def tgt(**kw):
    base = dict(
        target_id="T",
        area="a",
        indicator="cnt",
        aggregation="level",
        comparator="ge",
        value=100.0,
        unit="件",
        period_start=2021,
        target_year=2026,
        baseline_year=math.nan,
        baseline_value=math.nan,
    )
    return base | kw


def ser(years, values):
    return pd.DataFrame({"year": years, "value": values})


# ---------- the methods ----------


def test_damped_trend_recursion_equals_statsmodels_holt():
    """Same state, same (α, β, φ): the damped-trend forecasts equal statsmodels' Holt(damped)."""
    sm = pytest.importorskip("statsmodels.tsa.holtwinters")
    xs, ys = [2018, 2019, 2020, 2021, 2022, 2023], [100.0, 112.0, 121.0, 135.0, 149.0, 158.0]
    f = models.fit(models.DAMPED, xs, ys)
    l0, b0 = models._init_state(xs, ys)
    fit = sm.Holt(ys, damped_trend=True, initialization_method="known", initial_level=l0, initial_trend=b0).fit(
        smoothing_level=f.alpha, smoothing_trend=f.beta, damping_trend=f.phi, optimized=False
    )
    ours = [models.predict(f, 2023 + h)[0] for h in (1, 2, 3)]
    assert ours == pytest.approx(list(fit.forecast(3)), rel=1e-9)
    assert f.level == pytest.approx(fit.level[-1]) and f.trend == pytest.approx(fit.trend[-1])
    assert f.s == pytest.approx(math.sqrt(fit.sse / (len(xs) - 2)))


def test_damped_trend_steps_over_a_missing_year_and_damps():
    f = models.fit(models.DAMPED, [2018, 2019, 2021, 2022], [10.0, 20.0, 40.0, 50.0])
    c1, c5 = models.predict(f, 2023)[0], models.predict(f, 2027)[0]
    assert 50 < c1 < 62 and c5 - c1 < 4 * 10  # the trend dies down
    assert models.df_of(f) == 2 and models.predict(f, 2023)[1] > 0


def test_last_change_is_last_value_plus_last_change_with_random_walk_spread():
    f = models.fit(models.LAST_CHANGE, [2020, 2021, 2022, 2023], [10.0, 14.0, 16.0, 21.0])
    assert models.predict(f, 2024)[0] == 26 and models.predict(f, 2026)[0] == 36
    s = stats.tstd([4.0, 2.0, 5.0])
    assert models.predict(f, 2026)[1] == pytest.approx(s * math.sqrt(3 + 9))
    cen, sc = models.predict_sum(f, [2024, 2025])
    assert cen == 26 + 31 and sc == pytest.approx(s * math.sqrt((1 + 1 + 1 + 2) + 3**2))
    assert models.fitted_latest(f, 2023) == 21 and models.pace(f) == 5
    two = models.fit(models.LAST_CHANGE, [2022, 2023], [10.0, 12.0])
    assert models.predict(two, 2025) == (16.0, two.s) and math.isnan(two.s)


def test_every_method_is_one_interface():
    xs, ys = [2019, 2020, 2021, 2022, 2023], [40.0, 49.0, 57.0, 66.0, 74.0]
    for m in models.METHODS:
        f = models.fit(m, xs, ys)
        cen, sc = models.predict(f, 2025)
        assert 85 < cen < 110 and sc > 0 and models.df_of(f) == 3
        assert models.method_of(f) == m
        r = evaluate_target(tgt(indicator="hv", unit="件/万人", value=90), ser(xs, ys), PER_CAP, method=m)
        assert r.method == m
    with pytest.raises(ValueError):
        models.fit("cubic", xs, ys)


# ---------- calibration ----------


def test_conformal_quantile_is_the_finite_sample_rank():
    assert calibrate.conformal_quantile([5, 1, 4, 2, 3]) == 5  # ⌈0.8·6⌉ = 5th of 5
    assert calibrate.conformal_quantile(list(range(1, 11))) == 9  # ⌈0.8·11⌉ = 9th of 10
    assert math.isnan(calibrate.conformal_quantile([1, 2, 3]))  # too few to calibrate


def test_calibrated_interval_and_probability_agree():
    """P(meet) at the interval's lower bound is 90 %, at its upper bound 10 % (t scale k·scale)."""
    for log in (False, True):
        lo, hi = calibrate.bounds(100.0, 0.05 if log else 5.0, 3, log, 1.7)
        assert calibrate.prob(100.0, 0.05 if log else 5.0, 3, log, 1.7, lo, 1) == pytest.approx(0.9)
        assert calibrate.prob(100.0, 0.05 if log else 5.0, 3, log, 1.7, hi, 1) == pytest.approx(0.1)
    assert calibrate.factor("linear") == evidence.CALIBRATION["linear"]
    assert calibrate.factor("nonsense") == 1.0


# ---------- plausibility guard ----------


def test_guard_flags_more_than_twice_the_largest_yearly_change():
    xs, ys = [2022, 2023, 2024], [121.53, 227.6, 320.0]
    assert not plausibility.check(xs, ys, 320 + 212, 2025).flagged  # 2 × 106.07 = 212.1
    c = plausibility.check(xs, ys, 544.7, 2025)
    assert c.flagged and c.implied_per_year == pytest.approx(224.7) and c.max_change == pytest.approx(106.07)
    assert not plausibility.check(xs, ys, 544.7, 2024).flagged  # not after the latest year: not checked
    # per year over a longer horizon, and in either direction
    assert not plausibility.check(xs, ys, 320 + 3 * 200, 2027).flagged
    assert plausibility.check(xs, ys, 320 - 3 * 220, 2027).flagged


def test_implausible_projection_is_low_confidence_and_judged_by_pace():
    """A +70 % one-year jump from three points (log-linear on the city's pledge financing) is
    flagged, has no P(meet), and the status rests on the pace ratio, with the reason given."""
    t = tgt(aggregation="annual", value=300.0, unit="亿元", indicator="pf", target_year=2025, period_start=2021)
    money = dict(COUNT, code="pf", unit="亿元", measure="money")
    r = evaluate_target(t, ser([2022, 2023, 2024], [121.53, 227.6, 320.0]), money, method="loglinear")
    assert r.low_confidence and r.projected_value / 320 - 1 > 0.6
    assert math.isnan(r.p_meet) and r.basis == "pace" and r.status == "on_track"
    assert r.pace_ratio == pytest.approx(((320 / 121.53) ** 0.5 - 1) / ((300 / 121.53) ** (1 / 3) - 1))
    assert "可信度低" in r.explanation_zh and "改按进度比判断" in r.explanation_zh
    assert "low confidence" in r.explanation_en and "R = " in r.explanation_zh
    assert "达成概率" not in r.explanation_zh
    # the same series with the evidence's default is not flagged and judged by P
    d = evaluate_target(t, ser([2022, 2023, 2024], [121.53, 227.6, 320.0]), money)
    assert not d.low_confidence and d.basis == "probability" and d.p_meet > 0.5


def test_guard_can_make_a_probability_verdict_fall_back_to_pace():
    """Constant 20 % growth compounded seven years ahead implies yearly changes far beyond any seen."""
    t = tgt(value=60.0, target_year=2030)
    s = ser([2020, 2021, 2022, 2023], [10.0, 12.0, 14.4, 17.28])
    r = evaluate_target(t, s, COUNT, method="loglinear")
    assert r.n_points == 4 and r.low_confidence and r.basis == "pace" and math.isnan(r.p_meet)
    assert r.implied_change > 2 * r.max_change == pytest.approx(2 * 2.88)
    lin = evaluate_target(t, s, COUNT, method="linear")
    assert not lin.low_confidence and lin.basis == "probability"


# ---------- numbers that never hide a verdict ----------


def test_values_near_the_target_get_the_digits_that_show_the_side():
    assert wording.value(99_640, "件", "zh", ref=100_000) == "9.96万件"
    assert wording.value(99_990, "件", "zh", ref=100_000) == "9.999万件"
    assert wording.value(100_400, "件", "zh", ref=100_000) == "10.04万件"
    assert wording.value(92_671, "件", "zh", ref=100_000) == "9.3万件"  # far enough: as usual
    assert wording.value(84.96, "件/万人", "zh", ref=85) == "84.96 件/万人"
    assert wording.value(299.96, "亿元", "en", ref=300) == "CNY 29.996 bn"
    assert wording.value(5.49, "%", "zh", ref=5.5) == "5.49%"


def test_tile_texts_state_the_target_as_written():
    row = dict(aggregation="reduction", comparator="ge", target_value=10.0, unit="%", target_year=2024)
    row |= dict(base_year=2023, base_value=46.9, threshold=46.9 * 0.9, series_unit="天", indicator="admin_case_days")
    assert wording.target_text(row, "zh") == "压减办理周期 10%（2023年 46.9 天 → 2024年 ≤ 42.2 天）"
    assert wording.target_text(row, "en") == "cut handling time by 10% (2023: 46.9 days → 2024: ≤ 42.2 days)"
    g = dict(aggregation="growth", comparator="ge", target_value=20.0, unit="%", target_year=2024, base_year=2020)
    assert wording.target_text(g, "zh") == "年均增长 ≥ 20%（2020–2024）"
    assert wording.target_text(g, "en") == "average growth ≥ 20% a year (2020–2024)"
    c = dict(aggregation="cumulative", comparator="ge", target_value=8.0, unit="亿元", target_year=2026)
    c["period_start"] = 2024
    assert wording.target_text(c, "zh") == "2024–2026年累计 ≥ 8亿元"
    a = dict(aggregation="annual", comparator="approx", target_value=7000.0, unit="件", target_year=2025)
    assert wording.target_text(a, "zh") == "全年 约 7000 件"
    assert wording.target_text(a, "en") == "about 7,000 in the year"
    assert wording.change(0.5, "%", "zh") == "增 0.5 个百分点"  # a change of a percentage
    assert wording.change(-0.5, "%", "en") == "−0.5 percentage points"


def test_explanation_names_one_required_and_one_observed_pace():
    xs, vs = [2020, 2021, 2022, 2023, 2024, 2025], [60_100, 66_000, 72_300, 78_200, 85_100, 92_671]
    t = tgt(value=100_000.0, target_year=2026, period_start=2024)
    for m in models.METHODS:
        r = evaluate_target(t, ser(xs, vs), STOCK, method=m)
        zh = r.explanation_zh
        assert zh.count("今后每年需") == 1 and "R =" not in zh, (m, zh)
        assert zh.count("年均") + zh.count("每年增") + zh.count("每年下降") <= 2, (m, zh)
        assert "达成概率" in zh and "80%区间" in zh and "2025年实际" in zh


def test_fit_gap_is_said_when_a_trend_line_stands_off_the_latest_actual():
    t = tgt(value=100_000.0, target_year=2026, period_start=2024)
    s = ser([2020, 2021, 2022, 2023, 2024, 2025], [60_000, 70_000, 80_000, 84_000, 88_000, 92_700])
    r = evaluate_target(t, s, STOCK, method="linear")
    assert r.fitted_latest > r.latest_value * 1.02
    assert "拟合值" in r.explanation_zh and "高于实际" in r.explanation_zh
    assert "above the actual" in r.explanation_en


# ---------- the what-if starts where the verdict's path goes ----------


@pytest.mark.parametrize("method", models.METHODS)
def test_what_if_default_agrees_with_the_verdict(method):
    s = ser([2020, 2021, 2022, 2023, 2024, 2025], [60_100, 66_000, 72_300, 78_200, 85_100, 92_671])
    for value in (95_000.0, 100_000.0, 101_500.0, 110_000.0):
        t = tgt(value=value, target_year=2026, period_start=2024)
        r = evaluate_target(t, s, STOCK, method=method)
        w = scenario.what_if(t, s, STOCK, r.whatif_growth)
        assert w["compared_value"] == pytest.approx(r.projected_value)
        assert w["meets"] == (r.projected_value >= value)
        assert w["meets"] == (r.p_meet >= 0.5)  # a symmetric predictive distribution


def test_what_if_default_follows_the_pace_when_the_status_does():
    t = tgt(indicator="hv", unit="件/万人", value=85.0, target_year=2024)
    r = evaluate_target(t, ser([2020, 2023], [40.0, 70.0]), PER_CAP, method="linear")
    assert r.basis == "pace" and r.status == "at_risk"
    w = scenario.what_if(t, ser([2020, 2023], [40.0, 70.0]), PER_CAP, r.whatif_growth)
    assert w["compared_value"] == pytest.approx(70 + 10)  # the observed +10 a year, kept up
    assert not w["meets"]


def test_cumulative_what_if_default_reproduces_the_projected_total():
    t = tgt(aggregation="cumulative", value=4000.0, period_start=2021, target_year=2025)
    s = ser([2019, 2020, 2021, 2022, 2023], [800, 950, 1010, 1180, 1250])
    r = evaluate_target(t, s, COUNT, method="linear")
    w = scenario.what_if(t, s, COUNT, r.whatif_growth)
    assert w["compared_value"] == pytest.approx(r.projected_value, rel=1e-6)


def test_projection_frame_uses_the_calibrated_interval():
    t = tgt(indicator="hv", unit="件/万人", value=85.0, target_year=2024)
    five = ser([2019, 2020, 2021, 2022, 2023], [40, 49, 57, 66, 74])
    r = evaluate_target(t, five, PER_CAP, method="linear")
    f = scenario.projection_frame(t, five, PER_CAP, method="linear")
    last = f[f["kind"] == "projected"].iloc[-1]
    assert (last["lower_80"], last["upper_80"]) == pytest.approx((r.lower_80, r.upper_80))
    assert pj.t90(3) * evidence.CALIBRATION["linear"] > pj.t90(3)
