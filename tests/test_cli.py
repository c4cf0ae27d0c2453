"""``python -m ipdash``: CSV on stdout, clear errors, IPDASH_DATA_DIR honoured."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd

from ipdash import catalog, paths
from ipdash.export_safe import neutralise_formulas


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ipdash", *args], capture_output=True, text=True,
                          cwd=paths.REPO, env=env or os.environ.copy(), timeout=120)


def test_targets_lists_every_target_with_its_clause(built_data):
    r = run("targets")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout), dtype=str, keep_default_na=False)
    assert len(df) == 26 and df["target_id"].is_unique
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
    assert set(only_real["provenance"]) == {"official"}


def test_data_dir_is_taken_from_the_environment(fresh_data):
    (paths.catalog_dir() / "targets.csv").write_text("target_id\n", encoding="utf-8")
    r = run("targets", env=dict(os.environ, IPDASH_DATA_DIR=str(fresh_data)))
    assert r.returncode == 2
    assert "targets.csv lacks columns" in r.stderr and "Traceback" not in r.stderr


def test_unknown_command_fails_cleanly():
    r = run("frobnicate")
    assert r.returncode != 0 and "invalid choice" in r.stderr


def test_formula_injection_is_neutralised():
    df = pd.DataFrame({"a": ["=1+1", "+x", "-y", "@z", "ok", "\tt"], "n": [-1, 2, 3, 4, 5, 6]})
    out = neutralise_formulas(df)
    assert out["a"].tolist() == ["'=1+1", "'+x", "'-y", "'@z", "ok", "'\tt"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6]
