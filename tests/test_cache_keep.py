"""``store.cache.frame`` keeps a result on disk only when it comes back from Parquet exactly as it is: the
file it checked is the file it keeps (one write, not two), nothing half-written or left over beside it, and
a frame Parquet would change is returned but not kept."""

from __future__ import annotations

import pandas as pd

from ipdash.store import cache


def _files(name: str) -> list[str]:
    return sorted(p.name for p in cache.cache_dir().glob(f"*{name}*"))


def test_a_frame_that_comes_back_the_same_is_kept_once(fresh_data):
    df = pd.DataFrame(
        {"a": pd.array([1, None, 3], dtype="Int64"), "s": ["x", "中", "z"], "f": [0.5, -0.0, float("nan")]}
    )
    got = cache.frame("keep_test", (1,), lambda: df)
    pd.testing.assert_frame_equal(got, df)
    kept = _files("keep_test")
    assert len(kept) == 1 and kept[0].endswith(".parquet") and not kept[0].startswith(".")
    pd.testing.assert_frame_equal(pd.read_parquet(cache.cache_dir() / kept[0]), df, check_exact=True)
    cache._memo.clear()  # as a new process: read back from disk, not computed
    again = cache.frame("keep_test", (1,), lambda: (_ for _ in ()).throw(AssertionError("computed again")))
    pd.testing.assert_frame_equal(again, df, check_exact=True)


def test_a_frame_parquet_would_change_is_not_kept(fresh_data):
    mixed = pd.DataFrame({"o": pd.Series([1, "two", 3.0], dtype=object)})  # no Parquet column holds this
    ints = pd.DataFrame({"o": pd.Series([1, 2, 3], dtype=object)})  # comes back as int64, not object
    for i, df in enumerate((mixed, ints)):
        got = cache.frame("keep_not", (i,), lambda df=df: df)
        pd.testing.assert_frame_equal(got, df)
    assert _files("keep_not") == []  # neither the result nor a temporary file


def test_a_new_result_replaces_the_older_file(fresh_data, monkeypatch):
    cache.frame("keep_replace", (1,), lambda: pd.DataFrame({"x": [1]}))
    first = _files("keep_replace")
    monkeypatch.setattr(cache.read, "data_version", lambda: "another version")
    got = cache.frame("keep_replace", (1,), lambda: pd.DataFrame({"x": [2]}))
    assert got["x"].tolist() == [2]
    second = _files("keep_replace")
    assert len(first) == len(second) == 1 and first != second
