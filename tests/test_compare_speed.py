"""Issue 16, goal (b): the comparison rerun reads the store less and builds figures faster,
with the same frames as before."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from ipdash.charts import style
from ipdash.frames import compare, compare_kept
from ipdash.settings import ViewSettings


@pytest.fixture
def reads(built_data, monkeypatch):
    """Counts the reads of actuals made by frames.compare, one per choice (``compare_kept.actuals``: cut from
    the kept whole table, which was one DuckDB query per choice before), with the kept results emptied first."""
    calls: list[tuple] = []
    real = compare._actuals

    def counted(indicators, areas, view):
        calls.append((tuple(indicators or ()), tuple(areas or ())))
        return real(indicators, areas, view)

    monkeypatch.setattr(compare_kept, "_KEPT", {})
    monkeypatch.setattr(compare_kept, "_CHOICES", {})
    monkeypatch.setattr(compare, "_actuals", counted)
    return calls


def test_small_multiples_read_every_indicator_in_one_query(reads):
    inds = ("trademarks", "pct_applications", "invention_patents")
    f = compare.small_multiples_frame(inds, ("pudong", "yangpu"))
    assert reads == [(inds, ("pudong", "yangpu"))]
    # the same rows as one compare_frame per indicator (the frame did not change)
    parts = [compare.compare_frame(i, ("pudong", "yangpu")) for i in inds]
    want = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    pd.testing.assert_frame_equal(f, want)


def test_small_multiples_keep_the_city_out_of_district_panels(built_data):
    f = compare.small_multiples_frame(("invention_patents",))
    alone = compare.compare_frame("invention_patents")
    if alone["axis_group"].nunique() > 1:
        assert set(f["axis_group"]) <= {"all", "district"}
    assert list(f.columns) == compare.COMPARE_COLUMNS


def test_ranking_year_and_note_read_the_store_once(reads):
    view = ViewSettings(lang="en")
    compare.compare_ranking("invention_patents", ("pudong", "yangpu", "minhang"), view=view)
    compare.rank_year("invention_patents", ("pudong", "yangpu", "minhang"), view=view)
    compare.ranking_note("invention_patents", ("pudong", "yangpu", "minhang"), view=view)
    assert len(reads) == 1


def test_a_kept_frame_is_not_changed_by_its_caller(reads):
    f = compare.compare_frame("invention_patents")
    before = f.copy()
    f["value"] = 0.0
    f.loc[0, "area"] = "changed"
    again = compare.compare_frame("invention_patents")
    pd.testing.assert_frame_equal(again, before)
    assert len(reads) == 1
    # another choice is another frame
    pc = compare.compare_frame("invention_patents", per_capita=True)
    assert len(reads) == 2 and pc["per_capita"].all()


def test_small_multiples_targets_stack_compare_targets(built_data):
    inds = ("hv_invention_per10k", "pledge_financing")
    t = compare.small_multiples_targets(inds, None, True)
    want = pd.concat([compare.compare_targets(i, None, True).assign(indicator=i) for i in inds], ignore_index=True)
    pd.testing.assert_frame_equal(t, want)
    assert list(compare.small_multiples_targets(()).columns) == [*compare.TARGET_COLUMNS, "indicator"]


def test_unknown_indicator_still_raises(built_data):
    with pytest.raises(KeyError):
        compare.compare_frame("no_such_indicator")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_set_template_gives_the_validated_layout(lang):
    fast = style.base_layout(go.Figure(), y_title="x", lang=lang, height=300)
    slow = go.Figure().update_layout(template="plotly_white")
    fast_t = json.dumps(fast.layout.template.to_plotly_json(), sort_keys=True, default=str)
    slow_t = json.dumps(slow.layout.template.to_plotly_json(), sort_keys=True, default=str)
    assert fast_t == slow_t
    # the registered template is not shared: changing one figure's template leaves the next alone
    fast.layout.template.layout.font.size = 99
    assert style.base_layout(go.Figure(), lang=lang).layout.template.layout.font.size != 99


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_are_the_catalogs_with_their_documents(built_data, lang):
    """compare_targets keeps the targets by indicator and joins their documents from an index:
    the same rows, in catalog order, and the same document columns as a merge."""
    from ipdash.frames import sources
    from ipdash.store import read

    view = ViewSettings(lang=lang)
    docs = sources.target_documents(lang)
    catalog = read.table("targets")
    for ind in compare.compare_indicators(lang):
        for areas in [(), ("pudong", "yangpu")]:
            f = compare.compare_targets(ind, areas, view=view)
            want = catalog[(catalog["indicator"] == ind) & (catalog["area"].isin(areas) if areas else True)]
            assert sorted(f["target_id"]) == sorted(want["target_id"])
            bare = f.drop(columns=["document", "superseded_by", "superseded_note"])
            merged = bare.merge(docs, on="target_id", how="left")
            pd.testing.assert_frame_equal(f, merged[compare.TARGET_COLUMNS])
