"""``store.read`` keeps the actuals in file order when the file is strictly in (area, indicator, year) order and
reads them again sorted otherwise; the order check compares neighbours in Arrow and must say exactly what
``MultiIndex.is_monotonic_increasing and not has_duplicates`` says (issue 26 (e): that MultiIndex was half of
reading the actuals at county scale)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from ipdash.store import read, write


def _reference(df: pd.DataFrame) -> bool:
    keys = pd.MultiIndex.from_arrays([df["area"], df["indicator"], df["year"]])
    return bool(keys.is_monotonic_increasing and not keys.has_duplicates)


def _frame(rows: list[tuple], *, year_dtype: str = "int32") -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["area", "indicator", "year"])
    return df.astype({"area": "str", "indicator": "str", "year": year_dtype})


CASES = [
    [],
    [("a", "x", 2020)],
    [("a", "x", 2020), ("a", "x", 2021), ("a", "y", 2019), ("b", "x", 2000)],
    [("a", "x", 2020), ("a", "x", 2020)],  # a duplicate key
    [("a", "x", 2021), ("a", "x", 2020)],  # years down
    [("a", "y", 2020), ("a", "x", 2021)],  # indicators down, years up
    [("b", "x", 2020), ("a", "y", 2021)],  # areas down, the rest up
    [("ab", "x", 2020), ("a", "x", 2020)],  # a prefix sorts first
    [("a", "x", 2020), ("ab", "x", 2019)],
    [("浦东", "x", 2020), ("静安", "x", 2019), ("黄浦", "x", 2018)],  # code points, not a locale
    [("Z", "x", 2020), ("a", "x", 2019), ("é", "x", 2018)],
    [("a", "", 2020), ("a", "x", 2019)],
]


@pytest.mark.parametrize("rows", CASES)
def test_the_order_check_says_what_the_multiindex_says(rows):
    df = _frame(rows)
    assert read._strictly_in_key_order(df) == _reference(df)


def test_the_order_check_on_random_frames():
    rng = random.Random(7)
    words = ["a", "b", "ab", "ba", "", "浦东", "静安", "Z", "é"]
    for _ in range(400):
        n = rng.randint(0, 8)
        rows = sorted((rng.choice(words), rng.choice(words), rng.randint(2018, 2021)) for _ in range(n))
        if rng.random() < 0.5 and n > 1:  # disturb a sorted frame a little
            i, j = rng.randrange(n), rng.randrange(n)
            rows[i], rows[j] = rows[j], rows[i]
        for year_dtype in ("int32", "int64", "Int64"):
            df = _frame(rows, year_dtype=year_dtype)
            assert read._strictly_in_key_order(df) == _reference(df), (rows, year_dtype)


def test_a_null_key_is_judged_as_before():
    df = pd.DataFrame({"area": ["a", None, "b"], "indicator": ["x", "x", "x"], "year": [2020, 2021, 2022]})
    df = df.astype({"area": "str", "indicator": "str", "year": "Int64"})
    assert read._strictly_in_key_order(df) == _reference(df)
    df2 = df.assign(year=pd.array([2020, None, 2022], dtype="Int64"), area=["a", "a", "a"]).astype({"area": "str"})
    assert read._strictly_in_key_order(df2) == _reference(df2)


def test_an_unsorted_actuals_file_is_read_sorted(fresh_data):
    path = fresh_data / "store" / "actuals.parquet"
    whole = read.table("actuals")
    assert read._strictly_in_key_order(whole)
    shuffled = whole.sample(frac=1.0, random_state=5).reset_index(drop=True)
    write.write_parquet(shuffled, path)
    got = read.table("actuals")
    pd.testing.assert_frame_equal(pd.read_parquet(path), shuffled)  # the file itself stays as written
    assert not got.equals(shuffled)
    pd.testing.assert_frame_equal(got, whole)
