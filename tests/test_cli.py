"""``python -m ipdash``: CSV on stdout, clear errors, IPDASH_DATA_DIR honoured."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd

from ipdash import catalog, paths
from ipdash.export_safe import neutralise_formulas
from ipdash.frames import verdicts
from ipdash.settings import METHODS, ViewSettings


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "ipdash", *args],
        capture_output=True,
        text=True,
        cwd=paths.REPO,
        env=env or os.environ.copy(),
        timeout=120,
    )


def test_targets_lists_every_target_with_its_clause(built_data):
    r = run("targets")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout), dtype=str, keep_default_na=False)
    assert len(df) == 34 and df["target_id"].is_unique  # 26 seed + 5 published (issue 11) + 3 (issue 24)
    for row in df.itertuples():
        doc = {"file": row.source_file}
        assert catalog.clause_in_document(row.clause, catalog.document_text(doc)), row.target_id
    assert {"clause", "doc_number", "assumptions", "aggregation", "comparator", "value", "unit"} <= set(df.columns)


def test_targets_in_english(built_data):
    df = pd.read_csv(io.StringIO(run("targets", "--lang", "en").stdout))
    assert "Pudong New Area" in set(df["area_name"])


def test_actuals_carry_provenance(built_data):
    df = pd.read_csv(io.StringIO(run("actuals").stdout), keep_default_na=False)
    assert df["provenance"].isin(["official", "estimate", "illustrative"]).all()
    only_real = pd.read_csv(io.StringIO(run("actuals", "--no-illustrative").stdout), keep_default_na=False)
    # the 2025 R&D intensity is a published preliminary figure (「预计4.5%左右」), kept as an estimate (issue 11)
    assert set(only_real["provenance"]) == {"official", "estimate"}
    assert (only_real["provenance"] == "estimate").sum() == 1


def test_data_dir_is_taken_from_the_environment(fresh_data):
    (paths.catalog_dir() / "targets.csv").write_text("target_id\n", encoding="utf-8")
    r = run("targets", env=dict(os.environ, IPDASH_DATA_DIR=str(fresh_data)))
    assert r.returncode == 2
    assert "targets.csv lacks columns" in r.stderr and "Traceback" not in r.stderr


def test_help_lists_every_command():
    r = run("--help")  # argparse %-formats help texts: a bare "80%" crashed it
    assert r.returncode == 0, r.stderr
    assert all(c in r.stdout for c in ("build", "targets", "status", "backtest"))


def test_unknown_command_fails_cleanly():
    r = run("frobnicate")
    assert r.returncode != 0 and "invalid choice" in r.stderr


def test_formula_injection_is_neutralised():
    df = pd.DataFrame({"a": ["=1+1", "+x", "-y", "@z", "ok", "\tt"], "n": [-1, 2, 3, 4, 5, 6]})
    out = neutralise_formulas(df)
    assert out["a"].tolist() == ["'=1+1", "'+x", "'-y", "'@z", "ok", "'\tt"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6]


STATUS_COLUMNS = [
    "target_id",
    "area",
    "indicator",
    "aggregation",
    "comparator",
    "target_year",
    "target_value",
    "latest_year",
    "latest_value",
    "projected_value",
    "lower_80",
    "upper_80",
    "p_meet",
    "pace_ratio",
    "required_per_year",
    "status",
    "method",
    "explanation_zh",
    "explanation_en",
]


def test_status_gives_every_target_a_status_and_an_explanation(built_data):

    r = run("status")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout))
    assert set(STATUS_COLUMNS) <= set(df.columns)
    assert len(df) == 34 and df["status"].notna().all()  # 26 seed + 5 published (issue 11) + 3 (issue 24)
    assert df["explanation_zh"].str.len().gt(20).all() and df["explanation_en"].str.len().gt(20).all()
    expected = verdicts.evaluate()
    assert df["status"].tolist() == expected["status"].tolist()
    # a projected target's explanation carries the printed numbers, so it can be checked by hand
    row = df[df["status"].isin(["on_track", "at_risk", "off_track"]) & df["p_meet"].notna()].iloc[0]
    assert f"{row.p_meet * 100:.0f}%" in row.explanation_zh or "<1%" in row.explanation_zh


def test_status_as_of_uses_only_earlier_data(built_data):
    df = pd.read_csv(io.StringIO(run("status", "--as-of", "2023", "--method", "linear").stdout))
    assert (df["latest_year"].dropna() <= 2023).all()
    assert set(df["method"].dropna()) <= {"linear", "actual"}
    late = df[df["target_year"] > 2023]
    assert not late["status"].isin(["achieved", "missed"]).any()


def test_status_takes_every_method_the_engine_has(built_data):
    """Issue 24: each method the engine has (the detail page offers them all) is selectable here,
    and gives what the engine gives with that method."""
    from ipdash.engine import models

    assert set(METHODS) == set(models.METHODS)
    for m in METHODS:
        df = pd.read_csv(io.StringIO(run("status", "--method", m).stdout))
        want = verdicts.evaluate(view=ViewSettings(method=m))
        assert df["status"].tolist() == want["status"].tolist(), m
        assert set(df["method"].dropna()) <= {m, "actual", "linear"}, m  # log-linear falls back on non-positive


def test_status_rejects_a_bad_method():
    r = run("status", "--method", "cubic")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_backtest_runs_on_the_real_figures(built_data):
    df = pd.read_csv(io.StringIO(run("backtest").stdout))
    assert set(df["method"]) == set(METHODS)  # every method the engine has (issue 24)
    one = pd.read_csv(io.StringIO(run("backtest", "--method", "damped").stdout))
    assert list(one["method"]) == ["damped"]
    assert (df["n_forecasts"] > 5).all() and df["mape"].between(0, 100).all()
    detail = pd.read_csv(io.StringIO(run("backtest", "--detail").stdout))
    assert len(detail) == df["n_forecasts"].sum()
