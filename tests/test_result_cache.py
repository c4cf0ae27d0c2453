"""The per-target result cache (ipdash.engine.result_cache): the same frame as a full evaluate_all,
every field and dtype, whatever is kept; only the targets whose inputs changed are judged again."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipdash.engine import evaluate, result_cache


@pytest.fixture
def inputs(fresh_data):
    from ipdash.store import read

    return read.table("targets"), read.actuals(include_illustrative=True), read.table("indicators")


@pytest.fixture
def judged(monkeypatch):
    """How many targets ``judge_rows`` was asked to judge, call by call."""
    calls: list[int] = []
    real = evaluate.judge_rows

    def counting(targets, *a, **kw):
        calls.append(len(targets))
        return real(targets, *a, **kw)

    monkeypatch.setattr(evaluate, "judge_rows", counting)
    return calls


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.dtypes.equals(want.dtypes)
    assert got.equals(want)  # strict: None is not NaN
    for col in want.columns:  # every field, value by value (NaN where NaN)
        g, w = got[col].tolist(), want[col].tolist()
        assert [repr(x) for x in g] == [repr(x) for x in w], col


def cached(tmp_path, t, a, i, **kw) -> pd.DataFrame:
    return result_cache.evaluate_all(t, a, i, cache_dir=tmp_path / "cache", version="v1", **kw)


def test_cached_equals_full_evaluation_cold_and_warm(inputs, tmp_path, judged):
    t, a, i = inputs
    want = evaluate.evaluate_all(t, a, i)
    judged.clear()
    same(cached(tmp_path, t, a, i), want)
    assert judged == [len(t)]
    same(cached(tmp_path, t, a, i), want)  # all from the file
    assert judged == [len(t)]
    assert len(list((tmp_path / "cache").glob("judged-*.marshal"))) == 1


def test_only_changed_series_are_judged_again(inputs, tmp_path, judged):
    t, a, i = inputs
    cached(tmp_path, t, a, i)
    pair = t[["area", "indicator"]].iloc[0]
    hit = (a["area"] == pair["area"]) & (a["indicator"] == pair["indicator"])
    assert hit.any()
    a2 = a.copy()
    a2.loc[hit[hit].index[-1], "value"] = a2.loc[hit[hit].index[-1], "value"] * 1.5 + 1
    mine = int(((t["area"] == pair["area"]) & (t["indicator"] == pair["indicator"])).sum())
    judged.clear()
    got = cached(tmp_path, t, a2, i)
    assert judged == [mine]
    same(got, evaluate.evaluate_all(t, a2, i))
    # the old results stay beside the new ones: going back judges nothing
    want = evaluate.evaluate_all(t, a, i)
    judged.clear()
    same(cached(tmp_path, t, a, i), want)
    assert judged == []


def test_row_order_and_other_columns_do_not_matter(inputs, tmp_path, judged):
    t, a, i = inputs
    want = cached(tmp_path, t, a, i)
    shuffled = a.sample(frac=1.0, random_state=3).reset_index(drop=True)
    if "source" in shuffled.columns:
        shuffled["source"] = "elsewhere"  # the engine does not read it
    judged.clear()
    same(cached(tmp_path, t, shuffled, i), want)
    assert judged == []


@pytest.mark.parametrize("change", ["target", "indicator", "provenance", "dropped_row", "added_year"])
def test_any_input_change_judges_again(inputs, tmp_path, change):
    t, a, i = inputs
    cached(tmp_path, t, a, i)
    t2, a2, i2 = t.copy(), a.copy(), i.copy()
    if change == "target":
        t2.loc[t2.index[:3], "value"] = t2.loc[t2.index[:3], "value"] * 2
    elif change == "indicator":
        code = t2["indicator"].iloc[0]
        col = next(c for c in ("kind", "name_en", "unit") if c in i2.columns)
        i2.loc[i2["code"] == code, col] = "changed"
    elif change == "provenance":
        a2.loc[a2.index[:50], "provenance"] = "estimate"
    elif change == "dropped_row":
        a2 = a2.drop(index=a2.index[:20])
    else:
        last = a2.sort_values("year").groupby(["area", "indicator"]).tail(1).head(30).copy()
        last["year"] = last["year"] + 1
        last["value"] = last["value"] * 1.01
        a2 = pd.concat([a2, last], ignore_index=True)
    same(cached(tmp_path, t2, a2, i2), evaluate.evaluate_all(t2, a2, i2))


def test_as_of_and_method_are_kept_apart(inputs, tmp_path):
    t, a, i = inputs
    years = pd.to_numeric(a["year"]).dropna()
    as_of = int(years.max()) - 2
    for kw in ({}, {"as_of": as_of}, {"method": "linear"}, {"as_of": as_of, "method": "damped"}):
        same(cached(tmp_path, t, a, i, **kw), evaluate.evaluate_all(t, a, i, **kw))
    for kw in ({"as_of": as_of}, {}):  # from the files now
        same(cached(tmp_path, t, a, i, **kw), evaluate.evaluate_all(t, a, i, **kw))


def test_a_damaged_file_or_another_code_version_is_judged_again(inputs, tmp_path, judged):
    t, a, i = inputs
    want = cached(tmp_path, t, a, i)
    (path,) = (tmp_path / "cache").glob("judged-*.marshal")
    path.write_bytes(b"\x00 not marshal")
    judged.clear()
    same(cached(tmp_path, t, a, i), want)
    assert judged == [len(t)]
    judged.clear()
    got = result_cache.evaluate_all(t, a, i, cache_dir=tmp_path / "cache", version="v2")
    same(got, want)
    assert judged == [len(t)]
    assert [p.name for p in (tmp_path / "cache").glob("judged-*.marshal")] != [path.name]  # v1's removed
    assert len(list((tmp_path / "cache").glob("judged-*.marshal"))) == 1


def test_keys_differ_per_input_and_not_per_order(inputs):
    t, a, i = inputs
    keys = result_cache.target_keys(t, a, i)
    assert len(keys) == len(t)
    assert len(set(keys)) == len(t.drop_duplicates())
    rev = a.iloc[::-1]
    assert result_cache.target_keys(t, rev, i) == keys
    a2 = a.copy()
    a2["value"] = np.nextafter(a2["value"].to_numpy(dtype=float), np.inf)  # one ulp everywhere
    changed = result_cache.target_keys(t, a2, i)
    used = t.set_index(["area", "indicator"]).index.isin(a.set_index(["area", "indicator"]).index)
    assert all((k != c) == u for k, c, u in zip(keys, changed, used, strict=True))


def test_the_store_view_uses_the_cache_and_matches(fresh_data, judged):
    from ipdash.frames import verdicts
    from ipdash.settings import ViewSettings
    from ipdash.store import read

    view = ViewSettings(as_of=None, method="linear")  # not the landing view: no frame cache in between
    got = verdicts.evaluate(view=view)
    first = sum(judged)
    assert first == len(read.table("targets"))
    again = verdicts.evaluate(view=view)
    assert sum(judged) == first  # nothing judged the second time
    pd.testing.assert_frame_equal(again, got, check_exact=True)
    want = evaluate.evaluate_all(
        read.table("targets"), read.actuals(include_illustrative=True), read.table("indicators"), method="linear"
    )
    same(got.drop(columns=["superseded_by"]), want)
