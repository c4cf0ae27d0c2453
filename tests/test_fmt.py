"""Number formatting as officials read it (ipdash.fmt)."""

from __future__ import annotations

import math

import pytest

from ipdash.fmt import fmt_pct, fmt_ratio, fmt_value


@pytest.mark.parametrize(
    "value, unit, lang, expected",
    [
        (74, "件/万人", "zh", "74.0 件/万人"),
        (57.94, "件/万人", "zh", "57.9 件/万人"),
        (74, "件/万人", "en", "74.0 per 10k residents"),
        (260000, "件", "zh", "26.0万件"),
        (241400, "件", "zh", "24.1万件"),
        (2789300, "件", "zh", "278.9万件"),
        (260000, "件", "en", "260,000"),
        (9999, "件", "zh", "9999 件"),
        (6822, "件", "en", "6,822"),
        (104, "家", "en", "104 firms"),
        (0.4, "件", "zh", "0.4 件"),
        (320, "亿元", "zh", "320.0亿元"),
        (320, "亿元", "en", "CNY 32.0 bn"),
        (8, "亿元", "en", "CNY 800 m"),
        (11.1, "亿元", "en", "CNY 1.11 bn"),
        (27000, "亿元", "zh", "2.70万亿元"),
        (5000, "万元", "zh", "5000.0万元"),
        (25000, "万元", "zh", "2.5亿元"),
        (350_000_000, "元", "zh", "3.5亿元"),
        (5.5, "%", "zh", "5.5%"),
        (90, "%", "en", "90.0%"),
        (27, "天", "zh", "27.0 天"),
        (27, "天", "en", "27.0 days"),
    ],
)
def test_fmt_value(value, unit, lang, expected):
    assert fmt_value(value, unit, lang) == expected


def test_fmt_value_missing_exact_signed_bare():
    assert fmt_value(None, "件", "zh") == "—"
    assert fmt_value(math.nan, "%", "en") == "—"
    assert fmt_value(85, "件/万人", "zh", exact=True) == "85 件/万人"
    assert fmt_value(260000, "件", "zh", exact=True) == "26万件"
    assert fmt_value(30, "亿元", "zh", exact=True) == "30亿元"
    assert fmt_value(8.5, "件/万人", "en", signed=True) == "+8.5 per 10k residents"
    assert fmt_value(-2.5, "天", "zh", signed=True) == "-2.5 天"
    assert fmt_value(-0.01, "%", "zh") == "0.0%"  # no "-0.0"
    assert fmt_value(74, "件/万人", "zh", bare=True) == "74.0"
    assert fmt_value(260000, "件", "zh", bare=True) == "26.0万件"
    assert fmt_value(320, "亿元", "en", bare=True) == "CNY 32.0 bn"


def test_fmt_pct():
    assert fmt_pct(0.31, "zh") == "31%"
    assert fmt_pct(0.205, "en", 1) == "20.5%"
    assert fmt_pct(0.003, "zh") == "<1%"
    assert fmt_pct(0.997, "en") == ">99%"
    assert fmt_pct(1.0, "zh") == "100%" and fmt_pct(0.0, "zh") == "0%"
    assert fmt_pct(0.062, "en", 1, signed=True) == "+6.2%"
    assert fmt_pct(None) == "—" and fmt_pct(math.nan) == "—"
    assert fmt_ratio(0.98892) == "0.99" and fmt_ratio(math.nan) == "—"
