"""Rolling-origin hindcast of the projection methods (rules §3.3 and §4): the evidence that
chooses each indicator kind's default method and calibrates the 80 % intervals.

For every official series (area × indicator, rows with provenance 'official') and every year t
with at least 2 earlier points, project t from the data *before t only* (the last ≤ 6 earlier
points, exactly as the attainment engine would) with each method, and compare with the
published value. Nothing is tuned: the same code, window and model interval as the engine.

``evidence`` turns the hindcast into the engine's defaults (``ipdash.engine.evidence`` is
written from it by ``python -m scripts.evidence``; a test fails when the two differ):

- calibration factor k per method: the split-conformal quantile of the scores
  |actual − centre| ÷ (t₀.₉·scale) over every forecast with an interval (``calibrate``);
- honest coverage: leave-one-series-out — each series' intervals use the k of the *other*
  series — next to the in-sample coverage (≥ 80 % by construction);
- default per indicator kind (stock / flow / ratio): the method with the lowest MAPE on that
  kind's series among those whose leave-one-series-out coverage lies in 65–95 %; a kind with
  fewer than ``MIN_KIND_FORECASTS`` forecasts (or none) takes the pooled winner by the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ipdash.engine import calibrate, models, projection, rules
from ipdash.engine.series import group_actuals

MIN_KIND_FORECASTS = 5
COVERAGE_OK = (0.65, 0.95)
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
    "kind",
    "horizon",
    "score",
]
SUMMARY_COLUMNS = [
    "method",
    "n_forecasts",
    "n_series",
    "mape",
    "median_ape",
    "n_intervals",
    "coverage_80",
    "factor",
    "coverage_calibrated",
    "coverage_loso",
]


def backtest(
    actuals_df: pd.DataFrame,
    indicators_df: pd.DataFrame | None = None,
    methods: Sequence[str] = ("linear", "loglinear"),
) -> pd.DataFrame:
    """One row per (series, year t, method). ``method`` 'default' uses the indicator's
    default. ``method_used`` shows a log-linear → linear fallback (non-positive values).
    ``covered``: the model's own (uncalibrated) 80 % interval held the published value (NA
    when n < 3); ``score`` is the calibration score (NaN when n < 3)."""
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
            wx, wy = ys[max(0, i - projection.MAX_POINTS) : i], vs[max(0, i - projection.MAX_POINTS) : i]
            t, actual = ys[i], vs[i]
            for meth in methods:
                m, _ = rules.choose_method(ind, None if meth == "default" else meth, wy)
                f = models.fit(m, wx, wy)
                cen, sc = models.predict(f, t)
                df, log = models.df_of(f), models.on_log(f)
                lo, hi = calibrate.bounds(cen, sc, df, log, 1.0)
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
                        str(ind.get("kind") or ""),
                        t - wx[-1],
                        calibrate.score(actual, cen, sc, df, log),
                    ]
                )
    df = pd.DataFrame(rows, columns=BACKTEST_COLUMNS)
    df["covered"] = df["covered"].astype("boolean")
    return df


def _loso(g: pd.DataFrame) -> tuple[int, int]:
    """(held, intervals) when each series' intervals use the factor of the other series."""
    held = total = 0
    key = g["area"].astype(str) + "\x1f" + g["indicator"].astype(str)
    for s in key.unique():
        own = g.loc[key == s, "score"].dropna()
        if own.empty:
            continue
        k = calibrate.conformal_quantile(g.loc[key != s, "score"].tolist())
        if k != k:
            continue
        held += int((own <= k).sum())
        total += len(own)
    return held, total


def summarize(bt: pd.DataFrame) -> pd.DataFrame:
    """Per method: n_forecasts, n_series, MAPE (%), median APE (%), n_intervals (n ≥ 3),
    coverage_80 (share of the model's own intervals that held the published value), the
    calibration ``factor`` k, coverage_calibrated (in-sample, ≥ 80 % by construction) and
    coverage_loso (each series calibrated on the others: the honest figure)."""
    out = []
    for meth, g in bt.groupby("method", sort=False):
        cov = g["covered"].dropna()
        k = calibrate.conformal_quantile(g["score"].tolist())
        sc = g["score"].dropna()
        held, total = _loso(g)
        out.append(
            {
                "method": meth,
                "n_forecasts": len(g),
                "n_series": g[["area", "indicator"]].drop_duplicates().shape[0],
                "mape": float(g["ape"].mean() * 100) if g["ape"].notna().any() else math.nan,
                "median_ape": float(g["ape"].median() * 100) if g["ape"].notna().any() else math.nan,
                "n_intervals": len(cov),
                "coverage_80": float(cov.astype(bool).mean()) if len(cov) else math.nan,
                "factor": k,
                "coverage_calibrated": float((sc <= k).mean()) if len(sc) and k == k else math.nan,
                "coverage_loso": held / total if total else math.nan,
            }
        )
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS)


@dataclass(frozen=True)
class Evidence:
    """What the hindcast decides: the default method per kind, the pooled default, each
    method's calibration factor, and the tables behind them (for docs/methods.md)."""

    defaults: dict[str, str]
    pooled: str
    calibration: dict[str, float]
    summary: pd.DataFrame  # SUMMARY_COLUMNS, one row per method
    by_kind: pd.DataFrame  # kind, method, n_forecasts, mape, coverage_loso
    default_coverage: tuple[int, int, int, int]  # (held, intervals) in-sample, then leave-one-series-out


def _pick(table: pd.DataFrame) -> str:
    """Lowest MAPE among methods whose leave-one-series-out coverage is acceptable (else among all)."""
    ok = table[table["coverage_loso"].between(*COVERAGE_OK)]
    pool = ok if not ok.empty else table
    pool = pool.sort_values(["mape", "method"], kind="stable")
    return str(pool["method"].iloc[0])


def evidence(bt: pd.DataFrame) -> Evidence:
    """The engine's defaults from a hindcast of every method (``backtest(..., methods=METHODS)``)."""
    summary = summarize(bt)
    loso = dict(zip(summary["method"], summary["coverage_loso"]))
    pooled = _pick(summary)
    rows = []
    for (kind, meth), g in bt.groupby(["kind", "method"], sort=True):
        rows.append(
            {
                "kind": kind,
                "method": meth,
                "n_forecasts": len(g),
                "mape": float(g["ape"].mean() * 100),
                "coverage_loso": loso.get(meth, math.nan),
            }
        )
    by_kind = pd.DataFrame(rows, columns=["kind", "method", "n_forecasts", "mape", "coverage_loso"])
    defaults = {}
    for kind, g in by_kind.groupby("kind", sort=True):
        if kind and int(g["n_forecasts"].iloc[0]) >= MIN_KIND_FORECASTS:
            defaults[str(kind)] = _pick(g)
        elif kind:
            defaults[str(kind)] = pooled
    calibration = {m: float(k) for m, k in zip(summary["method"], summary["factor"]) if k == k}
    return Evidence(defaults, pooled, calibration, summary, by_kind, _default_coverage(bt, defaults, pooled))


def _default_coverage(bt: pd.DataFrame, defaults: dict[str, str], pooled: str) -> tuple[int, int, int, int]:
    """How often each series' default method's calibrated 80 % interval held the outcome:
    (held, intervals) in-sample, then leave-one-series-out."""
    chosen = bt[bt["method"] == bt["kind"].map(lambda k: defaults.get(k, pooled))]
    held_in = total_in = held_lo = total_lo = 0
    for meth, g in chosen.groupby("method"):
        k = calibrate.conformal_quantile(bt.loc[bt["method"] == meth, "score"].tolist())
        sc = g["score"].dropna()
        if k == k:
            held_in += int((sc <= k).sum())
            total_in += len(sc)
        every = bt[bt["method"] == meth]
        key = every["area"].astype(str) + "\x1f" + every["indicator"].astype(str)
        for s in (g["area"].astype(str) + "\x1f" + g["indicator"].astype(str)).unique():
            own = every.loc[key == s, "score"].dropna()
            kk = calibrate.conformal_quantile(every.loc[key != s, "score"].tolist())
            if own.empty or kk != kk:
                continue
            held_lo += int((own <= kk).sum())
            total_lo += len(own)
    return held_in, total_in, held_lo, total_lo


def render_module(ev: Evidence, source: str) -> str:
    """The text of ``ipdash/engine/evidence.py`` for this evidence (deterministic)."""

    def r(x: float) -> float:
        return round(float(x), 4)

    lines = [
        '"""The evidence behind the engine\'s defaults — GENERATED, do not edit by hand.',
        "",
        "Written by ``python -m scripts.evidence`` (``ipdash.engine.backtest.evidence``) from the",
        f"rolling-origin hindcast of {source};",
        "tests/test_backtest.py regenerates it and fails when it differs.",
        "DEFAULT_METHOD: the method each indicator kind uses unless one is chosen; POOLED_DEFAULT: for a",
        "kind without enough evidence; CALIBRATION: each method's interval factor k (``calibrate``).",
        '"""',
        "",
        "DEFAULT_METHOD: dict[str, str] = {",
        *[f'    "{k}": "{v}",' for k, v in sorted(ev.defaults.items())],
        "}",
        f'POOLED_DEFAULT = "{ev.pooled}"',
        "CALIBRATION: dict[str, float] = {",
        *[f'    "{k}": {r(v)!r},' for k, v in sorted(ev.calibration.items())],
        "}",
        "",
    ]
    return "\n".join(lines)


def readme_table(ev: Evidence) -> str:
    """The Markdown tables of docs/methods.md: every method with MAPE and interval coverage, and the
    MAPE per indicator kind with the default it picks."""

    def pct(x: float) -> str:
        return "—" if x != x else f"{x * 100:.0f} %"

    s = ev.summary
    out = [
        "| method | forecasts | MAPE | median APE | intervals (n ≥ 3) | model interval held | factor k "
        "| calibrated, in-sample | calibrated, leave-one-series-out |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in s.itertuples():
        out.append(
            f"| {r.method} | {r.n_forecasts} | {r.mape:.1f} % | {r.median_ape:.1f} % | {r.n_intervals} "
            f"| {pct(r.coverage_80)} | {r.factor:.2f} | {pct(r.coverage_calibrated)} | {pct(r.coverage_loso)} |"
        )
    methods = list(s["method"])
    head = "| indicator kind | forecasts | " + " | ".join(methods) + " | default |"
    out += ["", head, "|---" * (len(methods) + 3) + "|"]
    for kind, g in ev.by_kind.groupby("kind", sort=True):
        mape = dict(zip(g["method"], g["mape"]))
        cells = " | ".join(f"{mape.get(m, math.nan):.1f} %" for m in methods)
        pick = ev.defaults.get(str(kind), ev.pooled)
        out.append(f"| {kind or '—'} | {int(g['n_forecasts'].iloc[0])} | {cells} | {pick} |")
    hi, ti, hl, tl = ev.default_coverage
    out += [
        "",
        f"Default method per kind, calibrated 80 % interval: held {hi} of {ti} hindcast outcomes in-sample"
        f" ({pct(hi / ti if ti else math.nan)}), {hl} of {tl} leave-one-series-out"
        f" ({pct(hl / tl if tl else math.nan)}).",
    ]
    return "\n".join(out)
