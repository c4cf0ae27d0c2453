"""Hindcast backtest of the projection code (rules §4).

For every official series (area × indicator, rows with provenance 'official') and every year
t with at least 2 earlier points, project t from the data *before t only* (the last ≤ 6
earlier points, exactly as the attainment engine would) with each method, and compare with
the published value. Nothing is tuned: the same OLS code, window and interval as
``ipdash.engine.projection``.
"""

from __future__ import annotations

import math

import pandas as pd

from ipdash.engine import projection as pj
from ipdash.engine import rules as at
from ipdash.engine.series import group_actuals

BACKTEST_COLUMNS = [
    "area",
    "indicator",
    "year",
    "method",
    "method_used",
    "n_points",
    "first_year",
    "actual",
    "predicted",
    "lower_80",
    "upper_80",
    "error",
    "ape",
    "covered",
]


def backtest(
    actuals_df: pd.DataFrame, indicators_df: pd.DataFrame | None = None, methods=("linear", "loglinear")
) -> pd.DataFrame:
    """One row per (series, year t, method). ``method`` 'default' uses the indicator's
    default. ``method_used`` shows a log-linear → linear fallback (non-positive values).
    ``covered``: the 80 % interval held the published value (NA when n < 3)."""
    a = actuals_df
    if "provenance" in a.columns:
        a = a[a["provenance"].astype(object) == "official"]
    inds = (
        {}
        if indicators_df is None or len(indicators_df) == 0
        else {r["code"]: r for r in indicators_df.to_dict("records")}
    )
    rows = []
    for (area, code), ser in group_actuals(a).items():
        ind = inds.get(code, {})
        ys, vs = ser.years, ser.values
        for i in range(2, len(ys)):
            wx, wy = ys[max(0, i - pj.MAX_POINTS) : i], vs[max(0, i - pj.MAX_POINTS) : i]
            t, actual = ys[i], vs[i]
            for meth in methods:
                m, _ = at.choose_method(ind, None if meth == "default" else meth, wy)
                cen, lo, hi, _ = pj.predict(pj.fit(wx, wy, m), t)
                err = cen - actual
                rows.append(
                    [
                        area,
                        code,
                        t,
                        meth,
                        m,
                        len(wx),
                        wx[0],
                        actual,
                        cen,
                        lo,
                        hi,
                        err,
                        abs(err) / abs(actual) if actual else math.nan,
                        (lo <= actual <= hi) if len(wx) >= 3 else pd.NA,
                    ]
                )
    df = pd.DataFrame(rows, columns=BACKTEST_COLUMNS)
    df["covered"] = df["covered"].astype("boolean")
    return df


def summarize(bt: pd.DataFrame) -> pd.DataFrame:
    """Per method: n_forecasts, n_series, MAPE (%), median APE (%), n_intervals (n ≥ 3),
    coverage_80 (share of those intervals that held the published value)."""
    out = []
    for meth, g in bt.groupby("method", sort=False):
        cov = g["covered"].dropna()
        out.append(
            {
                "method": meth,
                "n_forecasts": len(g),
                "n_series": g[["area", "indicator"]].drop_duplicates().shape[0],
                "mape": float(g["ape"].mean() * 100) if g["ape"].notna().any() else math.nan,
                "median_ape": float(g["ape"].median() * 100) if g["ape"].notna().any() else math.nan,
                "n_intervals": len(cov),
                "coverage_80": float(cov.astype(bool).mean()) if len(cov) else math.nan,
            }
        )
    return pd.DataFrame(
        out, columns=["method", "n_forecasts", "n_series", "mape", "median_ape", "n_intervals", "coverage_80"]
    )
