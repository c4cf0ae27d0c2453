"""Issue 26 (b), the comparison's rerun after a new choice: what each choice computes is found by position
in per-indicator lookups, not by boolean filters of whole tables; the frames and figures stay the same."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash.charts import compare_figures as cf
from ipdash.frames import compare, compare_kept, compare_lookups
from ipdash.settings import ViewSettings
from ipdash.store import read


@pytest.fixture
def emptied(built_data, monkeypatch):
    monkeypatch.setattr(compare_kept, "_KEPT", {})
    monkeypatch.setattr(compare_kept, "_CHOICES", {})
    return built_data


def _picks() -> list[tuple[str, ...] | None]:
    codes = list(read.table("areas")["code"])
    return [
        None,
        (),
        ("pudong",),
        ("yangpu", "pudong"),
        ("pudong", "pudong"),
        ("no_such_area",),
        ("shanghai", "no_such_area", "jingan"),
        tuple(reversed(codes[:5])),
        tuple(codes),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_of_a_choice_are_the_filtered_catalogs(emptied, lang):
    """``compare_targets`` takes the picked areas' records by position: the same frame as a boolean filter of
    the indicator's catalog rows and their ``to_dict`` (the code before), empty choices included."""
    view = ViewSettings(lang=lang)
    seen_empty = seen_rows = 0
    for ind in compare.compare_indicators(lang):
        t = compare_lookups.targets_of(ind)
        for areas in _picks():
            for pc in (False, True):
                got = compare.compare_targets(ind, areas, pc, view=view)
                part = t[t["area"].isin(list(areas))] if areas else t
                want = compare._targets_frame(ind, part.to_dict("records"), pc, view)
                pd.testing.assert_frame_equal(got, want)
                seen_empty += got.empty
                seen_rows += not got.empty
    assert seen_empty and seen_rows  # both kinds of choice were compared


def test_an_empty_choice_frame_cannot_be_changed_by_its_caller(emptied):
    got = compare.compare_targets("trademarks", ("no_such_area",))
    assert got.empty
    got["extra"] = 1
    got.columns = ["changed", *got.columns[1:]]
    again = compare.compare_targets("trademarks", ("another_area",))
    assert again.empty and list(again.columns) == compare.TARGET_COLUMNS


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("rows, cols, n", [(1, 1, 1), (1, 2, 2), (2, 2, 3), (2, 2, 4), (3, 1, 3), (3, 2, 6)])
def test_the_grid_layout_is_made_once_per_grid_with_its_titles_set(lang, rows, cols, n):
    """``_grid_layout`` fills the titles into a layout made once per grid: the same as ``make_subplots`` with them."""
    for titles in [tuple(f"指标 {k}（万件）" for k in range(n)), tuple(f"Indicator {k} (CNY bn)" for k in range(n))]:
        assert cf._grid_layout(rows, cols, titles, lang) == cf._grid_full(rows, cols, titles, lang)
    # an empty title has no annotation of its own in make_subplots' layout
    odd = ("", *(f"t{k}" for k in range(n - 1)))
    assert cf._grid_layout(rows, cols, odd, lang) == cf._grid_full(rows, cols, odd, lang)
    # the kept layout is not changed by what a caller does with its copy
    got = cf._grid_layout(rows, cols, tuple("abcdef"[:n]), lang)
    got["annotations"][0]["text"] = "changed"
    assert cf._grid_layout(rows, cols, tuple("abcdef"[:n]), lang)["annotations"][0]["text"] == "a"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_frame_taken_at_once_is_the_frame_made_a_column_at_a_time(emptied, lang):
    """``compare_shape.shape`` builds the frame in one constructor where every lookup knows the rows' areas:
    the same frame (values, dtypes, order) as ``_shape_frame``, the code before, for sorted and unsorted rows."""
    from ipdash.frames import compare_shape

    fast = 0
    for illus in (True, False):
        view = ViewSettings(lang=lang, include_illustrative=illus)
        for ind in compare.compare_indicators(lang):
            for areas in _picks():
                a = compare._actuals([ind], areas, view)
                shuffled = a.sample(frac=1.0, random_state=len(a)) if len(a) else a
                odd = a.assign(area=a["area"].where(a.index % 7 != 3, "no_such_area")) if len(a) else a
                for part in (a, a.iloc[1::2], a.iloc[:0], shuffled, odd):
                    for pc in (False, True):
                        got = compare_shape.shape(part, ind, pc, view)
                        pd.testing.assert_frame_equal(got, compare_shape._shape_frame(part, ind, pc, view))
                        fast += bool(len(part)) and "no_such_area" not in set(part["area"])
    assert fast  # the one-constructor path was taken
