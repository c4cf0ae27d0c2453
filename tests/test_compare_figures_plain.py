"""Issue 26 (b): the comparison figures add their traces as plain dicts, unvalidated, instead of one
validated ``add_scatter`` per trace. The figures must stay exactly what the validated builder made:
``_reference_*`` below is that builder (the code before the change), compared on the fixture data and
on generated frames, as plotly JSON (values and key order)."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from ipdash import fmt, i18n
from ipdash.charts import compare_figures as cf
from ipdash.charts import style
from ipdash.frames import compare
from ipdash.settings import ViewSettings


# ------------------------------------------------------------------ the builder before the change
def _reference_lines(fig, frame, targets, lang, *, row=None, col=None, showlegend=True, div=1.0, axes=None):
    unit = frame["unit"].iloc[0] if len(frame) else ""
    areas = (
        [a for a in style.AREA_ORDER if a in set(frame["area"])] + sorted(set(frame["area"]) - set(style.AREA_ORDER))
        if len(frame)
        else []
    )
    styles = style.area_styles(areas)
    kw = dict(row=row, col=col) if row else ({"xaxis": axes[0], "yaxis": axes[1]} if axes else {})
    for a in areas:
        part = frame[frame["area"] == a].sort_values("year")
        colour, symbol, _dash = styles[a]
        name = part["area_name"].iloc[0]
        illus = bool(part["illustrative"].any())
        label = (
            style.paren(name, style.label("illus_short", lang), lang)
            if illus and lang != "en"
            else (f"{name} ({style.label('illus_short', lang)})" if illus else name)
        )
        fig.add_scatter(
            x=part["year"],
            y=part["value"] / div,
            mode="lines+markers",
            name=label,
            legendgroup=a,
            showlegend=showlegend,
            line=dict(color=colour, width=3, dash="dash" if illus else "solid"),
            marker=dict(
                symbol=f"{symbol}-open" if illus else symbol, size=10, color=colour, line=dict(width=2, color=colour)
            ),
            customdata=[fmt.fmt_value(v, unit, lang) for v in part["value"]],
            hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
            **kw,
        )
    if targets is not None and len(targets):
        for r in targets[targets["drawn"]].to_dict("records"):
            colour, _, _ = styles.get(r["area"], (style.TARGET, "", ""))
            old = bool(r.get("superseded_by"))
            fig.add_scatter(
                x=[r["target_year"]],
                y=[r["target_value"] / div],
                mode="markers",
                name=f"{r['area_name']} {style.label('target', lang)}",
                legendgroup=r["area"],
                showlegend=False,
                marker=style.target_marker(colour, superseded=old),
                customdata=[style.target_hover(r, lang)],
                hovertemplate="%{customdata}<extra></extra>",
                **kw,
            )


def _reference_compare(frame, targets=None, lang="zh"):
    if frame is None or frame.empty:
        return style.empty(style.base_layout(go.Figure(), lang=lang), lang)
    groups = list(dict.fromkeys(frame["axis_group"])) if "axis_group" in frame else ["all"]
    groups.sort(key=lambda g: {"all": 0, "district": 1}.get(g, 2))
    if len(groups) == 1:
        fig = go.Figure()
        div, yunit = cf._compare_scale(frame, targets, lang)
        style.base_layout(fig, y_title=yunit, lang=lang, height=480)
        _reference_lines(fig, frame, targets, lang, div=div)
    else:
        titles = []
        for g in groups:
            part = frame[frame["axis_group"] == g]
            name = part["area_name"].iloc[0] if part["area"].nunique() == 1 else i18n.t("vd.cmp.districts", lang)
            unit = cf._compare_scale(part, targets, lang)[1]
            key = "vd.cmp.own_panel" if g == "city" else "vd.cmp.panel"
            titles.append(i18n.t(key, lang, name=name, unit=unit))
        fig = make_subplots(rows=1, cols=len(groups), subplot_titles=titles, column_widths=[0.62, 0.38][: len(groups)])
        style.base_layout(fig, lang=lang, height=480)
        for i, g in enumerate(groups):
            part = frame[frame["axis_group"] == g]
            tg = targets[targets["area"].isin(set(part["area"]))] if targets is not None and len(targets) else None
            div, yunit = cf._compare_scale(part, tg, lang)
            _reference_lines(fig, part, tg, lang, row=1, col=i + 1, div=div)
            fig.update_yaxes(title_text=yunit, row=1, col=i + 1)
        fig.update_layout(margin=dict(t=130), legend=dict(y=1.14))
        fig.update_annotations(font=dict(size=16))
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=style.label("target", lang),
        marker=dict(symbol="star", size=16, color="#ffffff", line=dict(width=1.5, color=style.INK)),
    )
    return fig


def _reference_multiples(frame, lang="zh", targets=None, cols=2):
    if frame is None or frame.empty:
        return style.empty(style.base_layout(go.Figure(), lang=lang), lang)
    inds = list(dict.fromkeys(frame["indicator"]))
    rows = math.ceil(len(inds) / cols)
    titles = []
    for i in inds:
        part = frame[frame["indicator"] == i]
        name, scale = (
            part["indicator_name"].iloc[0],
            style.axis_scale(part["unit"].iloc[0], part["value"].abs().max(), lang)[1],
        )
        if "axis_group" in part and set(part["axis_group"]) == {"district"}:
            scale = i18n.t("vd.cmp.districts_unit", lang, unit=scale)
        titles.append(style.paren(name, scale, lang))
    fig = style.set_template(go.Figure(layout=copy.deepcopy(cf._grid_layout(rows, cols, tuple(titles), lang))))
    fig.update_layout(title=None)
    for k, i in enumerate(inds):
        part = frame[frame["indicator"] == i]
        tg = targets[targets["indicator"] == i] if targets is not None and "indicator" in targets else None
        div, _ = style.axis_scale(part["unit"].iloc[0], part["value"].abs().max(), lang)
        n = "" if k == 0 else str(k + 1)
        _reference_lines(fig, part, tg, lang, showlegend=(k == 0), div=div, axes=(f"x{n}", f"y{n}"))
    return fig


# ------------------------------------------------------------------ comparisons
def _same(new: go.Figure, old: go.Figure) -> None:
    assert new.to_plotly_json() == old.to_plotly_json()
    assert json.loads(new.to_json()) == json.loads(old.to_json())  # what the browser is sent
    # the traces' very text, key order included (the layout's keys now come in plotly's own order)
    assert [pio.to_json(t) for t in new.data] == [pio.to_json(t) for t in old.data]


def _generated(seed: int, *, groups: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A compare frame and its targets: areas in and out of style.AREA_ORDER, illustrative series,
    years out of order, large and negative values, superseded and undrawn targets."""
    rng = np.random.default_rng(seed)
    areas = ["pudong", "yangpu", "shanghai", "c0001", "c0002", "zz9"][: 2 + seed % 5]
    rows = []
    for k, a in enumerate(areas):
        years = rng.permutation(np.arange(2015, 2015 + 3 + (k + seed) % 6))
        illus = bool((k + seed) % 3 == 0)
        for y in years:
            rows.append(
                {
                    "area": a,
                    "area_name": f"Area {a}",
                    "year": int(y),
                    "value": float(rng.normal(0, 10 ** (1 + seed % 6))),
                    "unit": ["件", "%", "亿元"][seed % 3],
                    "illustrative": illus,
                    "axis_group": ("city" if a == "shanghai" else "district") if groups else "all",
                }
            )
    frame = pd.DataFrame(rows)
    targets = pd.DataFrame(
        [
            {
                "area": a,
                "area_name": f"Area {a}",
                "target_id": f"T{k}",
                "target_year": 2025 + k % 3,
                "target_value": float(rng.uniform(1, 1e5)),
                "unit": frame["unit"].iloc[0],
                "aggregation": "level",
                "comparator": ">=",
                "target_text": f"target {k}",
                "drawn": bool(k % 4),
                "converted": False,
                "level": "district",
                "document": f"doc {k}" if k % 2 else "",
                "superseded_by": "T0" if k % 3 == 2 else "",
                "superseded_note": "",
            }
            for k, a in enumerate(areas + areas[:2])
        ]
    )
    return frame, targets


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("groups", [False, True])
def test_generated_compare_figures_are_unchanged(seed, lang, groups):
    frame, targets = _generated(seed, groups=groups)
    _same(cf.compare_figure(frame, targets, lang), _reference_compare(frame, targets, lang))
    _same(cf.compare_figure(frame, None, lang), _reference_compare(frame, None, lang))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cols", [1, 2])
def test_generated_small_multiples_are_unchanged(seed, cols):
    parts, tgs = [], []
    for k in range(1 + seed % 5):
        f, t = _generated(seed + k, groups=False)
        parts.append(f.assign(indicator=f"ind{k}", indicator_name=f"Indicator {k}"))
        tgs.append(t.assign(indicator=f"ind{k}"))
    frame, targets = pd.concat(parts, ignore_index=True), pd.concat(tgs, ignore_index=True)
    for lang in ("zh", "en"):
        _same(cf.small_multiples(frame, lang, targets, cols=cols), _reference_multiples(frame, lang, targets, cols))
        _same(cf.small_multiples(frame, lang, None, cols=cols), _reference_multiples(frame, lang, None, cols))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixture_figures_are_unchanged(built_data, lang):
    view = ViewSettings(lang=lang)
    inds = list(compare.compare_indicators(lang))
    for per_capita in (False, True):
        for areas in [(), ("pudong", "yangpu"), ("shanghai", "pudong")]:
            for ind in inds:
                f = compare.compare_frame(ind, areas, per_capita, view=view)
                t = compare.compare_targets(ind, areas, per_capita, view=view)
                _same(cf.compare_figure(f, t, lang), _reference_compare(f, t, lang))
            sm = compare.small_multiples_frame(tuple(inds[:4]), areas, per_capita, view=view)
            tg = compare.small_multiples_targets(tuple(inds[:4]), areas, per_capita, view=view)
            for cols in (1, 2):
                _same(cf.small_multiples(sm, lang, tg, cols=cols), _reference_multiples(sm, lang, tg, cols))


def test_a_plain_figure_validates_later_changes_and_copies_like_a_validated_one(built_data):
    f = compare.compare_frame("hv_invention_per10k")
    fig = cf.compare_figure(f, compare.compare_targets("hv_invention_per10k"), "zh")
    old = _reference_compare(f, compare.compare_targets("hv_invention_per10k"), "zh")
    _same(style.for_phone(fig), style.for_phone(old))  # the phone's copy
    _same(go.Figure(fig), go.Figure(old))
    assert fig.data[0].marker.line.width == 2 and fig.data[0].x[0] == old.data[0].x[0]
    with pytest.raises(ValueError):
        fig.update_layout(no_such_property=1)
    with pytest.raises(ValueError):
        fig.data[0].update(no_such_property=1)
    with pytest.raises(ValueError):
        fig.layout.update(no_such_property=1)


def test_the_areas_population_is_looked_up_as_the_merge_did(built_data):
    """compare._shape maps population and population_year from the kept areas index (not a merge per call)."""
    areas = compare._areas()
    old = ["population", "population_year"]
    for ind in compare.compare_indicators("en"):
        for pick in [None, ("pudong", "yangpu"), ("shanghai",), ("no_such_area",)]:
            a = compare._actuals([ind], pick, ViewSettings(lang="en"))
            for part in (a, a.iloc[1::2], a.iloc[:0]):
                merged = part.merge(areas.reset_index().rename(columns={"code": "area"}), on="area", how="left")
                got = compare._shape(part, ind, False, ViewSettings(lang="en"))
                want = compare._shape(merged.drop(columns=old), ind, False, ViewSettings(lang="en"))
                pd.testing.assert_frame_equal(got, want)
                expected = merged.sort_values(["area", "year"])[old].reset_index(drop=True)
                pd.testing.assert_frame_equal(got[old], expected)
