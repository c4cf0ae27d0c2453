"""``compare_kept.actuals`` (``store.actuals_cut.actuals_of``) cuts the picked areas' actuals from the kept whole table
(issue 26 b): it must return exactly what the store's DuckDB read of the same choice returns — rows, order,
columns, dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash.frames import compare, compare_kept
from ipdash.settings import ViewSettings
from ipdash.store import actuals_cut, read


def _sql(indicators, areas, illus: bool) -> pd.DataFrame:
    return read.actuals(include_illustrative=illus, indicators=list(indicators), areas=list(areas) if areas else None)


@pytest.mark.parametrize("illus", [True, False])
def test_the_cut_is_the_stores_read(built_data, illus):
    view = ViewSettings(include_illustrative=illus)
    inds = list(compare.compare_indicators("zh"))
    all_areas = list(read.table("areas")["code"])
    picks = [None, (), ("pudong",), ("yangpu", "pudong"), ("pudong", "pudong"), ("no_such_area",), tuple(all_areas)]
    picks += [("shanghai", "no_such_area", "jingan"), tuple(reversed(all_areas[:5]))]
    for ind_pick in ([inds[0]], inds[:3], inds, ["no_such_indicator"]):
        for areas in picks:
            got = compare_kept.actuals(ind_pick, areas, view)
            pd.testing.assert_frame_equal(got, _sql(ind_pick, areas, illus), check_index_type=True)


def test_a_caller_cannot_change_the_kept_table(built_data):
    view = ViewSettings()
    got = compare_kept.actuals(["trademarks"], ("pudong",), view)
    want = got.copy()
    got["value"] = -1.0
    got.loc[0, "area"] = "changed"
    pd.testing.assert_frame_equal(compare_kept.actuals(["trademarks"], ("pudong",), view), want)


def test_a_new_data_version_cuts_from_the_new_table(built_data, monkeypatch):
    view = ViewSettings()
    compare_kept.actuals(["trademarks"], ("pudong",), view)
    whole = read.table("actuals")
    changed = whole.assign(value=whole["value"] + 1)
    monkeypatch.setattr(compare_kept.read, "table", lambda name, **kw: changed)
    monkeypatch.setattr(compare_kept.read, "data_version", lambda: "another version")
    got = compare_kept.actuals(["trademarks"], ("pudong",), view)
    want = changed[(changed["area"] == "pudong") & (changed["indicator"] == "trademarks")].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_an_unsorted_table_is_cut_in_sql_order(built_data, monkeypatch):
    whole = read.table("actuals")
    shuffled = whole.sample(frac=1.0, random_state=3).reset_index(drop=True)
    monkeypatch.setattr(actuals_cut, "_by_area", {})  # the store's kept index (store.actuals_cut)
    monkeypatch.setattr(compare_kept.read, "table", lambda name, **kw: shuffled)
    inds = list(compare.compare_indicators("zh"))
    got = compare_kept.actuals(inds, ("yangpu", "pudong"), ViewSettings())
    pd.testing.assert_frame_equal(got, _sql(inds, ("yangpu", "pudong"), True))


def test_a_cut_has_a_querys_dtypes_or_is_queried():
    """``db.query`` gives a column its dtype from the rows it returns (an integer column with an empty value:
    nullable; a column all empty: object). A cut from the whole table is kept only where it matches."""
    from ipdash.store import db

    rows = "('a', 1, 10, 'x', 1.5), ('a', 2, NULL, 'y', 2.5), ('b', 1, 3, NULL, NULL), ('c', 1, 4, 'z', 1.0)"
    sql = f"SELECT * FROM (VALUES {rows}) t(area, year, n, note, value)"
    whole = db.query(sql + " ORDER BY area, year")
    assert str(whole["n"].dtype) == "Int32"
    kept = 0
    for area in ("a", "b", "c"):
        cut = whole[whole["area"] == area].reset_index(drop=True)
        queried = db.query(sql + " WHERE area = ? ORDER BY area, year", [area])
        if actuals_cut._exact_dtypes(cut):
            pd.testing.assert_frame_equal(actuals_cut._as_queried(cut), queried)
            kept += 1
        else:  # b: note and value all empty, object in its own query
            assert area == "b" and list(queried.dtypes) != list(cut.dtypes)
    assert kept == 2


def test_choices_never_push_out_the_lookups(monkeypatch):
    version = {"v": "v1"}
    monkeypatch.setattr(compare_kept.read, "data_version", lambda: version["v"])
    monkeypatch.setattr(compare_kept, "_KEPT", {})
    monkeypatch.setattr(compare_kept, "_CHOICES", {})
    monkeypatch.setattr(compare_kept, "_KEPT_MAX", 4)
    made: list[str] = []

    def lookup():
        made.append("lookup")
        return {"a": 1}

    assert compare_kept.kept(("names",), lookup) == {"a": 1}
    for i in range(10):
        compare_kept.kept_choice(("frame", i), lambda i=i: made.append(f"frame {i}") or i)
    assert len(compare_kept._CHOICES) <= 4
    compare_kept.kept(("names",), lookup)
    assert made.count("lookup") == 1, "a lookup was made again after the choices filled up"
    assert compare_kept.kept_choice(("frame", 9), lambda: -1) == 9  # the newest choice is still kept
    version["v"] = "v2"  # a commit: both made again
    compare_kept.kept(("names",), lookup)
    assert made.count("lookup") == 2
    assert compare_kept.kept_choice(("frame", 9), lambda: -1) == -1


def test_what_a_computation_keeps_on_its_way_carries_its_starting_version(monkeypatch):
    versions = iter(["v1", "v2", "v3", "v4"])
    monkeypatch.setattr(compare_kept.read, "data_version", lambda: next(versions))
    monkeypatch.setattr(compare_kept, "_KEPT", {})
    monkeypatch.setattr(compare_kept, "_CHOICES", {})
    frame = compare_kept.kept_choice(("frame",), lambda: compare_kept.kept(("inner",), lambda: "x") * 2)
    assert frame == "xx"
    assert compare_kept._CHOICES[("frame",)][0] == compare_kept._KEPT[("inner",)][0] == "v1"
    assert compare_kept._VERSION.get() is None  # nothing left behind for the next call
