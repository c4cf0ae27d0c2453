"""Hindcast backtest (rules §4): no look-ahead, official series only, honest summary."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipdash.engine import backtest as bt_mod
from ipdash.engine.backtest import BACKTEST_COLUMNS, backtest, summarize

_REPO = Path(__file__).resolve().parents[1]
REF = _REPO / "data" / "reference" / "shanghai-public-figures.csv"
if not REF.exists():  # fall back to the shared copy
    REF = _REPO.parent / "shared" / "reference" / "shanghai-public-figures.csv"


def frame(rows):
    return pd.DataFrame(rows, columns=["area", "indicator", "year", "value", "provenance"])


def test_only_years_with_two_earlier_points_and_official_rows():
    rows = [("x", "a", y, v, "official") for y, v in zip([2018, 2019, 2020, 2021], [10.0, 12.0, 14.0, 16.0])]
    rows += [
        ("x", "a", 2022, 999.0, "illustrative"),
        ("y", "b", 2020, 1.0, "illustrative"),
        ("y", "b", 2021, 2.0, "illustrative"),
        ("y", "b", 2022, 3.0, "illustrative"),
    ]
    bt = backtest(frame(rows), None)
    assert list(bt.columns) == BACKTEST_COLUMNS
    assert sorted(set(bt["year"])) == [2020, 2021]  # 2 and 3 earlier points
    assert set(bt["area"]) == {"x"} and len(bt) == 4  # 2 years × 2 methods
    lin = bt[bt.method == "linear"].set_index("year")
    assert lin.loc[2020, "predicted"] == pytest.approx(14.0) and lin.loc[2020, "n_points"] == 2
    assert pd.isna(lin.loc[2020, "covered"]) and math.isnan(lin.loc[2020, "lower_80"])
    assert lin.loc[2021, "predicted"] == pytest.approx(16.0) and lin.loc[2021, "ape"] == 0


def test_no_look_ahead():
    base = [("x", "a", y, v, "official") for y, v in zip(range(2015, 2022), [5, 7, 8, 11, 12, 15, 16])]
    a = backtest(frame(base), None)
    changed = [*base[:-1], ("x", "a", 2021, 1000000.0, "official")]
    b = backtest(frame(changed), None)
    key = ["year", "method"]
    m = a.merge(b, on=key, suffixes=("_a", "_b"))
    assert np.allclose(m["predicted_a"], m["predicted_b"])  # the target year never leaks
    assert (m.loc[m.year == 2021, "actual_b"] == 1e6).all()
    # each forecast uses the last ≤ 6 earlier points only
    assert (a["n_points"] <= 6).all() and (a.loc[a.year == 2021, "first_year"] == 2015).all()


def test_loglinear_fallback_and_summary_numbers():
    rows = [("x", "a", y, v, "official") for y, v in zip([2019, 2020, 2021, 2022], [0.0, 2.0, 4.0, 7.0])]
    bt = backtest(frame(rows), None)
    ll = bt[bt.method == "loglinear"]
    assert (ll["method_used"] == "linear").all()
    s = summarize(bt).set_index("method")
    assert s.loc["linear", "n_forecasts"] == 2 and s.loc["linear", "n_intervals"] == 1
    # 2021 from (0, 2) → 4 exactly; 2022 from (0, 2, 4) → 6 vs 7
    assert s.loc["linear", "mape"] == pytest.approx((0 + 1 / 7) / 2 * 100)
    assert s.loc["linear", "coverage_80"] in (0.0, 1.0)


def test_reference_figures_hindcast():
    """The published Shanghai figures (data/reference): every official series with ≥ 3
    points yields forecasts; the report is per method and counts are exact."""
    ref = pd.read_csv(REF)
    ref = ref[ref["kind"] == "actual"]
    acts = pd.DataFrame(
        {
            "area": ref["area"],
            "indicator": ref["indicator_zh"],
            "year": ref["year"],
            "value": ref["value"],
            "provenance": "official",
        }
    )
    bt = backtest(acts, None)
    sizes = acts.groupby(["area", "indicator"]).size()
    expected = int((sizes - 2).clip(lower=0).sum())
    for meth in ("linear", "loglinear"):
        assert (bt.method == meth).sum() == expected
    s = summarize(bt)
    assert list(s["method"]) == ["linear", "loglinear"]
    assert (s["n_forecasts"] == expected).all()
    assert (s["mape"] > 0).all() and (s["coverage_80"].between(0, 1)).all()
    n3 = int((sizes - 3).clip(lower=0).sum())
    assert (s["n_intervals"] == n3).all()


# ---------- the evidence that picks the defaults (issue 11) ----------


@pytest.fixture(scope="module")
def evidence_now(built_data):
    from scripts import evidence as script

    return script.compute()


def test_every_method_on_every_origin_of_every_real_series(built_data):
    from ipdash import catalog
    from ipdash.engine import models
    from ipdash.store import build

    cat = catalog.load()
    acts, _ = build.reference_actuals(cat)
    bt = backtest(acts, cat.indicators, methods=models.METHODS)
    official = acts[acts["provenance"] == "official"]
    sizes = official.groupby(["area", "indicator"]).size()
    expected = int((sizes - 2).clip(lower=0).sum())  # every origin with ≥ 2 prior points
    assert expected >= 25 and set(bt["method"]) == set(models.METHODS)
    assert (bt.groupby("method").size() == expected).all()
    assert set(bt["kind"]) == {"stock", "flow", "ratio"}
    assert bt.loc[bt["n_points"] >= 3, "score"].notna().all() and bt.loc[bt["n_points"] < 3, "score"].isna().all()


def test_the_engine_uses_what_the_hindcast_picks(evidence_now):
    """engine/evidence.py is exactly what the hindcast of the real figures produces — regenerate
    it with `python -m scripts.evidence` when the reference figures change."""
    from ipdash.engine import evidence as shipped
    from scripts import evidence as script

    text = bt_mod.render_module(evidence_now, script.SOURCE)
    assert text == Path(shipped.__file__).read_text(encoding="utf-8")
    assert evidence_now.defaults == shipped.DEFAULT_METHOD and evidence_now.pooled == shipped.POOLED_DEFAULT
    # each kind's default is the lowest-MAPE method among those whose honest coverage is acceptable
    for kind, g in evidence_now.by_kind.groupby("kind"):
        ok = g[g["coverage_loso"].between(0.65, 0.95)]
        assert evidence_now.defaults[kind] == ok.sort_values("mape")["method"].iloc[0]
    assert "loglinear" not in evidence_now.defaults.values()  # it lost on the real series


def test_default_methods_80_percent_intervals_hold_65_to_95_percent(evidence_now):
    held_in, n_in, held_loso, n_loso = evidence_now.default_coverage
    assert n_in >= 15 and 0.65 <= held_in / n_in <= 0.95
    assert n_loso >= 15 and 0.65 <= held_loso / n_loso <= 0.95
    s = evidence_now.summary.set_index("method")
    assert s["coverage_loso"].between(0.65, 0.95).all()
    # calibration is what makes them hold: the models' own t intervals were too narrow on real data
    assert (s["coverage_80"] < s["coverage_calibrated"]).any() and (s["factor"] > 1).any()


def test_the_methods_page_shows_the_measured_table(evidence_now):
    """docs/methods.md (linked from the README) shows exactly the tables the hindcast prints."""
    methods = (_REPO / "docs" / "methods.md").read_text(encoding="utf-8")
    for line in bt_mod.readme_table(evidence_now).splitlines():
        assert line in methods, f"{line!r} is not in docs/methods.md: paste `python -m scripts.evidence`'s tables there"
