"""Issue 26 (b), the comparison's rerun after a new choice: what each choice computes is found by position
in per-indicator lookups, not by boolean filters of whole tables; the frames and figures stay the same."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ipdash import fmt, i18n
from ipdash.charts import compare_figures as cf
from ipdash.charts import plain_figures, style
from ipdash.frames import compare, compare_kept, compare_lookups
from ipdash.settings import ViewSettings
from ipdash.store import read
from tests.test_compare_figures_plain import _same


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
        assert plain_figures.grid_layout(rows, cols, titles, lang) == plain_figures.grid_full(rows, cols, titles, lang)
    # an empty title has no annotation of its own in make_subplots' layout
    odd = ("", *(f"t{k}" for k in range(n - 1)))
    assert plain_figures.grid_layout(rows, cols, odd, lang) == plain_figures.grid_full(rows, cols, odd, lang)
    # the kept layout is not changed by what a caller does with its copy
    got = plain_figures.grid_layout(rows, cols, tuple("abcdef"[:n]), lang)
    got["annotations"][0]["text"] = "changed"
    assert plain_figures.grid_layout(rows, cols, tuple("abcdef"[:n]), lang)["annotations"][0]["text"] == "a"


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


# ------------------------------------------------------------------ the ranking figure before it was made from dicts
def _reference_ranking(ranking: pd.DataFrame, lang: str = "zh") -> go.Figure:
    fig = go.Figure()
    if ranking is None or ranking.empty:
        return style.empty(style.base_layout(fig, lang=lang), lang)
    r = ranking.sort_values("rank", ascending=False)
    unit = r["unit"].iloc[0]
    vals = list(r["value"]) + [v for v in r["target_value"] if style.ok(v)]
    div, yunit = style.axis_scale(unit, max(abs(v) for v in vals), lang)
    style.base_layout(fig, lang=lang, height=120 + 70 * len(r))
    labels = [f"{n} ({y})" for n, y in zip(r["area_name"], r["year"])]
    fig.add_bar(
        y=labels,
        x=r["value"] / div,
        orientation="h",
        name=style.label("bar_legend", lang),
        marker=dict(
            color=[style.AREA_COLOURS[0]] * len(r),
            line=dict(color=style.INK, width=1),
            pattern=dict(shape=["/" if i else "" for i in r["illustrative"]], fgcolor="#ffffff", size=8),
        ),
        hoverinfo="skip",
    )
    for lab, v, i in zip(labels, r["value"], r["illustrative"]):
        text = fmt.fmt_value(v, unit, lang)
        text = style.paren(text, style.label("illus_short", lang), lang) if i else text
        fig.add_annotation(  # at the plot's right edge, a column of values: never cut on a narrow screen
            x=1,
            xref="paper",
            y=lab,
            text=text,
            showarrow=False,
            xanchor="right",
            font=dict(size=15, color=style.INK),
            bgcolor="rgba(255,255,255,0.8)",
        )
    has_t = r["target_value"].notna()
    if has_t.any():
        fig.add_scatter(
            y=[lab for lab, h in zip(labels, has_t) if h],
            x=r.loc[has_t, "target_value"] / div,
            mode="markers",
            name=style.label("target", lang),
            marker=dict(symbol="star", size=18, color=style.TARGET, line=dict(width=1.5, color=style.INK)),
            customdata=[
                f"{style.label('target', lang)} {int(y)}: {fmt.fmt_value(v, unit, lang)}"
                + (f"<br>{i18n.t('sup.doc_col', lang)}: {d}" if isinstance(d, str) and d else "")
                for y, v, d in zip(r.loc[has_t, "target_year"], r.loc[has_t, "target_value"], cf._documents(r, has_t))
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_xaxes(
        title_text=yunit,
        dtick=None,
        tickformat=",~r" if lang == "en" else "~r",
        showgrid=True,
        gridcolor="#e3e6ec",
        range=[0, max(vals) / div * 1.45],
    )
    fig.update_yaxes(title_text="", tickformat=None)
    fig.update_layout(margin=dict(l=20, r=30, t=40, b=60))
    return fig


def _ranking(seed: int) -> pd.DataFrame:
    """A ranking frame: with and without targets and documents, illustrative rows, large and small values."""
    rng = np.random.default_rng(seed)
    n = 1 + seed % 6
    has = [bool((k + seed) % 3) for k in range(n)]
    return pd.DataFrame(
        {
            "rank": range(1, n + 1),
            "area": [f"c{k:04d}" for k in range(n)],
            "area_name": [f"Area {k}" for k in range(n)],
            "year": [2024] * n,
            "value": rng.uniform(0, 10 ** (1 + seed % 6), n),
            "unit": [["件", "%", "亿元", "件/万人"][seed % 4]] * n,
            "illustrative": [bool((k + seed) % 4 == 0) for k in range(n)],
            "target_year": [2025.0 if h else np.nan for h in has],
            "target_value": [float(rng.uniform(1, 1e5)) if h else np.nan for h in has],
            "document": [(f"doc {k}" if k % 2 else "") if h else np.nan for k, h in enumerate(has)],
        }
    )


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_ranking_figures_are_unchanged(seed, lang):
    r = _ranking(seed)
    _same(cf.ranking_figure(r, lang), _reference_ranking(r, lang))
    _same(cf.ranking_figure(r.drop(columns=["document"]), lang), _reference_ranking(r.drop(columns=["document"]), lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixture_ranking_figures_are_unchanged(built_data, lang):
    view = ViewSettings(lang=lang)
    for ind in compare.compare_indicators(lang):
        for areas in _picks():
            for pc in (False, True):
                r = compare.compare_ranking(ind, areas, pc, view=view)
                _same(cf.ranking_figure(r, lang), _reference_ranking(r, lang))


def test_a_plain_ranking_validates_later_changes(built_data):
    fig = cf.ranking_figure(compare.compare_ranking("hv_invention_per10k"), "zh")
    again = cf.ranking_figure(compare.compare_ranking("hv_invention_per10k"), "zh")
    fig.layout.annotations[0].text = "changed"  # a figure's change reaches neither the next nor the kept layout
    assert again.layout.annotations[0].text != "changed"
    assert (
        cf.ranking_figure(compare.compare_ranking("hv_invention_per10k"), "zh").layout.annotations[0].text != "changed"
    )
    _same(style.for_phone(again), style.for_phone(_reference_ranking(compare.compare_ranking("hv_invention_per10k"))))
    with pytest.raises(ValueError):
        fig.update_layout(no_such_property=1)
    with pytest.raises(ValueError):
        fig.data[0].update(no_such_property=1)
