"""The coverage docs/methods.md states is what the factors *as shipped* in ipdash/engine/evidence.py
give (issue 24): recounted here from the hindcast scores and the shipped file, independently of
``backtest.summarize``. Rounding a factor down (as before) left the outcome defining it outside."""

from __future__ import annotations

import math
import re

from ipdash import paths


def _hindcast():
    from ipdash import catalog
    from ipdash.engine import backtest, models
    from ipdash.store import build

    cat = catalog.load()
    acts, problems = build.reference_actuals(cat)
    assert not problems
    return backtest.backtest(acts, cat.indicators, methods=models.METHODS)


def test_documented_coverage_is_what_the_shipped_factors_give(built_data):
    from ipdash.engine import evidence as shipped

    bt = _hindcast()
    methods = (paths.REPO / "docs" / "methods.md").read_text(encoding="utf-8")
    for meth, k in shipped.CALIBRATION.items():
        sc = bt.loc[bt["method"] == meth, "score"].dropna()
        held = int((sc <= k).sum())
        assert held / len(sc) >= 0.8, (meth, held, len(sc))  # the 80 % interval holds ≥ 80 % as shipped
        row = re.search(rf"^\| {meth} \| (\d+) \|.*\| ([\d.]+) \| (\d+) % \| \d+ % \|$", methods, re.M)
        assert row, f"no row for {meth} in docs/methods.md"
        assert float(row.group(2)) == round(k, 2)
        assert int(row.group(3)) == round(held / len(sc) * 100), (meth, held, len(sc))
    # the sentence under the tables: the default method of each series' kind, with the shipped factor
    chosen = bt[bt["method"] == bt["kind"].map(lambda kd: shipped.DEFAULT_METHOD.get(kd, shipped.POOLED_DEFAULT))]
    sc = chosen[["method", "score"]].dropna()
    held = int(sum(s <= shipped.CALIBRATION[m] for m, s in zip(sc["method"], sc["score"])))
    assert f"held {held} of {len(sc)} hindcast outcomes in-sample" in methods
    assert not math.isnan(held / len(sc))


def test_shipped_factors_are_rounded_up():
    from ipdash.engine import calibrate

    assert calibrate.shipped(1.72291) == 1.723 and calibrate.shipped(1.7229) == 1.7229
    assert calibrate.shipped(1.00770000001) == 1.0077  # float noise is not a step up
    assert calibrate.shipped(1.0077001) == 1.0078


def test_the_window_is_described_as_points_not_years():
    from ipdash.engine import projection

    methods = (paths.REPO / "docs" / "methods.md").read_text(encoding="utf-8")
    assert f"last ≤ {projection.MAX_POINTS}\npoints" in methods
    assert f"≤ {projection.MAX_POINTS}\nyears" not in methods
