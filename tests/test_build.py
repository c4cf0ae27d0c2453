"""Build step, provenance, staleness, sanity checks and the DuckDB read side."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

from ipdash import catalog, paths
from ipdash.store import build, illustrative, read


def test_every_actual_has_provenance(built_data):
    a = read.actuals()
    assert len(a) > 250
    assert a["provenance"].isin(catalog.PROVENANCES).all()
    official = a[a["provenance"] == "official"]
    assert (official["source_url"].str.startswith("http")).all()
    assert official["confidence"].isin(["A", "B", "C"]).all()
    illus = a[a["provenance"] == "illustrative"]
    assert (illus["note"] == illustrative.NOTE).all()
    assert (a["batch_id"] == "base").all()


def test_real_figures_are_copied_exactly(built_data):
    ref = pd.read_csv(paths.reference_file())
    ref = ref[ref["kind"] == "actual"]
    got = read.actuals(include_illustrative=False)
    assert len(got) == len(ref)
    row = got[(got["area"] == "shanghai") & (got["indicator"] == "hv_invention_per10k") & (got["year"] == 2023)]
    assert row["value"].item() == 50.2 and row["confidence"].item() == "A"
    assert "50.2" in row["note"].item()


def test_illustrative_rows_can_be_removed_in_one_switch(built_data):
    assert (read.actuals(include_illustrative=False)["provenance"] != "illustrative").all()
    assert (read.table("actuals", include_illustrative=False)["provenance"] != "illustrative").all()


def test_illustrative_series_are_deterministic_and_never_override_real_figures(built_data):
    ind = catalog.load().indicators
    a, b = illustrative.generate(ind), illustrative.generate(ind)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["year"]) == set(range(2019, 2026))
    base = read.table("base_actuals")
    assert not base.duplicated(["area", "indicator", "year"]).any()
    # a target for every district indicator that a plan targets has an illustrative series
    t = catalog.load().targets
    district = t[t["area"] != "shanghai"]
    have = set(zip(a["area"], a["indicator"]))
    assert set(zip(district["area"], district["indicator"])) <= have


def test_build_runs_when_missing_or_stale_and_not_otherwise(fresh_data):
    assert build.is_fresh()
    assert build.ensure_built() is False
    before = paths.parquet("targets").stat().st_mtime_ns
    tg = paths.catalog_file("targets")
    tg.write_text(tg.read_text(encoding="utf-8").replace("达到75件,“件”", "达到75件,“件 ”"), encoding="utf-8")
    assert not build.is_fresh()
    assert build.ensure_built() is True
    assert paths.parquet("targets").stat().st_mtime_ns != before
    os.remove(paths.parquet("actuals"))
    assert build.ensure_built() is True and paths.parquet("actuals").exists()


def test_sanity_check_failure_says_what_to_do(fresh_data):
    ref = paths.reference_file()
    ref.write_text(
        ref.read_text(encoding="utf-8") + "上海市,神秘指标,2024,1,件,actual,A,http://x,quote\n", encoding="utf-8"
    )
    with pytest.raises(build.SanityError) as exc:
        build.build()
    assert any("神秘指标" in p and "aliases" in p for p in exc.value.problems)


def test_percent_above_100_is_caught():
    cat = catalog.load()
    df = pd.DataFrame(
        [{"area": "pudong", "indicator": "rd_intensity", "year": 2024, "value": 420.0, "provenance": "official"}]
    )
    assert any("above 100" in p for p in build.check_actuals(df, cat))


def test_parallel_queries_each_get_their_own_cursor(built_data):
    errors: list[Exception] = []

    def work():
        try:
            for _ in range(20):
                assert len(read.actuals(areas=["pudong"])) > 0
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:1]


def test_data_version_changes_when_the_store_changes(fresh_store):
    v1 = read.data_version()
    build.build()
    assert read.data_version() != v1
    assert build.is_fresh() and build.ensure_built() is False


def test_table_names_are_whitelisted():
    with pytest.raises(ValueError):
        read.table("actuals; DROP TABLE x")


def test_copied_inputs_are_hashed_once_not_on_every_freshness_check(fresh_data, monkeypatch):
    build.build()
    for f in build.input_files():  # as `cp -r` or a restored backup leaves them: same bytes, new times
        os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))
    calls = []
    real = build.content_hash
    monkeypatch.setattr(build, "content_hash", lambda: calls.append(1) or real())
    assert build.is_fresh() and build.is_fresh() and build.is_fresh()
    assert len(calls) == 1  # the stat fingerprint did not change between the checks
    (paths.catalog_dir() / "targets.csv").write_text(
        (paths.catalog_dir() / "targets.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert not build.is_fresh() and len(calls) == 2  # an edit is seen: hashed again, and stale
