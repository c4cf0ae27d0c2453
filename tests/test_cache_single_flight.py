"""A result kept per data version (``store.cache``) is computed once when two threads ask for it at
the same time (the start-up warm-up and the first page did so, and computed the judgement twice under
one GIL); the preliminary rows behind ``data_version()`` are read from the store without its whole
actuals table and are the same rows."""

from __future__ import annotations

import threading
import time

import pandas as pd

from ipdash.store import cache, read, visibility


def _both(call):
    out: list = []
    threads = [threading.Thread(target=lambda: out.append(call())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_frame_is_computed_once_for_two_threads(fresh_data):
    calls = []

    def compute() -> pd.DataFrame:
        calls.append(threading.get_ident())
        time.sleep(0.3)  # long enough for the second thread to arrive while this one computes
        return pd.DataFrame({"x": [1, 2, 3]})

    out = _both(lambda: cache.frame("single_flight_test", (1,), compute))
    assert len(calls) == 1
    assert len(out) == 2 and all(df["x"].tolist() == [1, 2, 3] for df in out)
    again = cache.frame("single_flight_test", (2,), compute)  # other arguments: computed, not shared
    assert len(calls) == 2 and again["x"].tolist() == [1, 2, 3]


def test_memo_is_computed_once_for_two_threads(fresh_data):
    calls = []

    def compute() -> dict:
        calls.append(1)
        time.sleep(0.3)
        return {"a": 1}

    out = _both(lambda: cache.memo("single_flight_memo_test", (), compute))
    assert len(calls) == 1 and out == [{"a": 1}, {"a": 1}]


def test_a_new_data_version_computes_again(fresh_data, monkeypatch):
    calls = []
    assert cache.memo("single_flight_version_test", (), lambda: calls.append(1) or len(calls)) == 1
    stored = read.stored_version
    monkeypatch.setattr(read, "stored_version", lambda: stored() + "|changed")  # another store version
    read._versions.clear()
    assert cache.memo("single_flight_version_test", (), lambda: calls.append(1) or len(calls)) == 2
    read._versions.clear()


def test_preliminary_rows_are_those_of_the_whole_table(unpublished):
    read._restricted.clear()
    whole = read._whole("actuals")
    expected = visibility.restricted(whole, read._whole("indicators"), visibility.today())
    got = read.restricted()
    assert not got.empty
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert got["year"].astype("int64").tolist() == expected["year"].astype("int64").tolist()
