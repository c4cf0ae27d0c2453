"""Plotly figures comparing areas, each drawn ONLY from a frame of ``ipdash.frames.compare``
(no streamlit, no store access here); re-exported by ``charts.figures``.

    compare_figure(frame, targets, lang)     frame: compare.compare_frame; targets: compare_targets
    ranking_figure(ranking, lang)            ranking: compare.compare_ranking
    small_multiples(frame, lang, targets)    frame: compare.small_multiples_frame

Like with like: the city's absolute totals get a panel (and axis) of their own (``axis_group``).
"""

from __future__ import annotations

import copy
import functools
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ipdash import fmt, i18n
from ipdash.charts import style
from ipdash.charts.plain_figures import canon as _canon
from ipdash.charts.plain_figures import figure as _figure
from ipdash.charts.plain_figures import figure_of as _figure_of
from ipdash.charts.plain_figures import grid_layout as _grid_layout
from ipdash.charts.plain_figures import rows_by as _rows_by


# ------------------------------------------------------------------ compare
def _area_traces(frame, targets, lang, *, showlegend=True, div=1.0, axes=None) -> list[dict]:
    """Each area's line and its targets' stars, as plain traces in the form plotly's validation gives them
    (``_figure`` adds them without validating each again: one validated ``add_scatter`` per trace was most of
    a many-panel figure's time). ``axes``: the traces' (x, y) axes. Each area's rows are found from the
    frame's columns as numpy arrays, in year order (what ``sort_values("year", kind="stable")`` and a
    ``groupby("area")`` gave, without a pandas take of every column per area)."""
    unit = frame["unit"].iloc[0] if len(frame) else ""
    areas = (
        [a for a in style.AREA_ORDER if a in set(frame["area"])] + sorted(set(frame["area"]) - set(style.AREA_ORDER))
        if len(frame)
        else []
    )
    styles = style.area_styles(areas)
    on = {"xaxis": axes[0], "yaxis": axes[1]} if axes else {}
    plain = all(isinstance(frame[c].dtype, np.dtype) for c in ("year", "value")) and frame["illustrative"].dtype == bool
    if plain:
        years, values, illustrative = (frame[c].to_numpy() for c in ("year", "value", "illustrative"))
        order = np.argsort(years, kind="stable")  # sort_values' order: stable, NaN last
    else:  # a nullable or Arrow column: each area's part as a Series, as plotly and pandas take it
        order = np.arange(len(frame))
        frame = frame.sort_values("year", kind="stable")
    names = frame["area_name"].to_numpy()
    rows: dict[str, list[int]] = {}
    for p, a in zip(order.tolist(), frame["area"].to_numpy()[order].tolist()):
        if not pd.isna(a):  # groupby leaves empty keys out
            rows.setdefault(a, []).append(p)
    traces = []
    for a, pos in rows.items():
        idx = np.asarray(pos, dtype=np.intp)
        colour, symbol, _dash = styles[a]
        name = names[idx[0]]
        if plain:
            x, y, shown, illus = years[idx], values[idx] / div, values[idx].tolist(), bool(illustrative[idx].any())
        else:
            part = frame.iloc[idx]
            x, y, shown, illus = (
                part["year"],
                part["value"] / div,
                list(part["value"]),
                bool(part["illustrative"].any()),
            )
        label = (
            style.paren(name, style.label("illus_short", lang), lang)
            if illus and lang != "en"
            else (f"{name} ({style.label('illus_short', lang)})" if illus else name)
        )
        traces.append(
            {
                "x": x,
                "y": y,
                "mode": "lines+markers",
                "name": label,
                "legendgroup": a,
                "showlegend": showlegend,
                "line": dict(color=colour, width=3, dash="dash" if illus else "solid"),
                "marker": dict(
                    symbol=f"{symbol}-open" if illus else symbol,
                    size=10,
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                "customdata": [fmt.fmt_value(v, unit, lang) for v in shown],
                "hovertemplate": f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
                **on,
            }
        )
    traces.sort(key=lambda t: areas.index(t["legendgroup"]))
    if targets is not None and len(targets):
        drawn = targets.loc[targets["drawn"], [c for c in _STAR_COLUMNS if c in targets.columns]]
        for r in drawn.to_dict("records"):  # the columns a star reads: a take and to_dict of every column cost more
            colour, _, _ = styles.get(r["area"], (style.TARGET, "", ""))
            old = bool(r.get("superseded_by"))  # superseded: a hollow grey star, its hover names the newer target
            traces.append(
                {
                    "x": [r["target_year"]],
                    "y": [r["target_value"] / div],
                    "mode": "markers",
                    "name": f"{r['area_name']} {style.label('target', lang)}",
                    "legendgroup": r["area"],
                    "showlegend": False,
                    "marker": style.target_marker(colour, superseded=old),
                    "customdata": [style.target_hover(r, lang)],
                    "hovertemplate": "%{customdata}<extra></extra>",
                    **on,
                }
            )
    return [{**_canon(t), "type": "scatter"} for t in traces]


# what a target's star reads (``style.target_hover`` and the trace): a record of these columns only
_STAR_COLUMNS = (
    "area",
    "area_name",
    "target_year",
    "target_value",
    "target_text",
    "document",
    "superseded_by",
    "superseded_note",
)


def _documents(r: pd.DataFrame, rows: pd.Series) -> list[object]:
    """The document each selected row's target comes from (empty where the frame names none)."""
    return list(r.loc[rows, "document"]) if "document" in r.columns else [""] * int(rows.sum())


def compare_figure(frame: pd.DataFrame, targets: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """One indicator across areas over the years; each area's target a star in its colour.

    ``frame``: ``dashboard.compare_frame``; ``targets``: ``dashboard.compare_targets`` (only
    rows with ``drawn`` are marked). Like with like: one panel per ``axis_group`` — absolute
    totals of the city get a panel (and axis) of their own beside the districts'."""
    if frame is None or frame.empty:
        return style.empty(style.base_layout(go.Figure(), lang=lang), lang)
    groups = list(dict.fromkeys(frame["axis_group"])) if "axis_group" in frame else ["all"]
    groups.sort(key=lambda g: {"all": 0, "district": 1}.get(g, 2))
    cells: list[tuple[str, str]] = []  # the panel of each trace (several panels only)
    if len(groups) == 1:
        lay = go.Figure()
        div, yunit = _compare_scale(frame, targets, lang)
        style.base_layout(lay, y_title=yunit, lang=lang, height=480)
        traces = _area_traces(frame, targets, lang, div=div)
    else:
        titles = []
        for g in groups:
            part = frame[frame["axis_group"] == g]
            name = part["area_name"].iloc[0] if part["area"].nunique() == 1 else i18n.t("vd.cmp.districts", lang)
            unit = _compare_scale(part, targets, lang)[1]
            key = "vd.cmp.own_panel" if g == "city" else "vd.cmp.panel"
            titles.append(i18n.t(key, lang, name=name, unit=unit))
        lay = make_subplots(rows=1, cols=len(groups), subplot_titles=titles, column_widths=[0.62, 0.38][: len(groups)])
        style.base_layout(lay, lang=lang, height=480)
        traces = []
        for i, g in enumerate(groups):
            part = frame[frame["axis_group"] == g]
            tg = targets[targets["area"].isin(set(part["area"]))] if targets is not None and len(targets) else None
            div, yunit = _compare_scale(part, tg, lang)
            n = "" if i == 0 else str(i + 1)  # the panel's axes, as make_subplots names them
            traces += _area_traces(part, tg, lang, div=div)
            cells += [(f"x{n}", f"y{n}")] * (len(traces) - len(cells))
            lay.update_yaxes(title_text=yunit, row=1, col=i + 1)
        lay.update_layout(margin=dict(t=130), legend=dict(y=1.14))
        lay.update_annotations(font=dict(size=16))
    legend_star = dict(
        x=[None],
        y=[None],
        mode="markers",
        name=style.label("target", lang),
        marker=dict(symbol="star", size=16, color="#ffffff", line=dict(width=1.5, color=style.INK)),
    )
    fig = _figure(lay, [*traces, {**_canon(legend_star), "type": "scatter"}])
    for trace, (x, y) in zip(fig.data, cells):
        trace.update(xaxis=x, yaxis=y)  # set last, as add_scatter(row=…, col=…) sets them
    return fig


def _compare_scale(frame: pd.DataFrame, targets: pd.DataFrame | None, lang: str) -> tuple[float, str]:
    unit = frame["unit"].iloc[0]
    vals = list(frame["value"])
    if targets is not None and len(targets):
        drawn = targets[targets["drawn"].astype(bool) & targets["area"].isin(set(frame["area"]))]
        vals += list(drawn["target_value"])
    return style.axis_scale(unit, max([abs(v) for v in vals if style.ok(v)] or [0]), lang)


def ranking_figure(ranking: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Horizontal bars of each area's latest value (rank 1 on top); illustrative bars hatched;
    a tick at each area's target. ``ranking``: ``dashboard.compare_ranking``. Made from plain dicts
    (``plain_figures``): the layout validated once per language, height and axis unit, the bars, stars and
    value labels in their validated form (one validated call each was most of the ranking's time)."""
    if ranking is None or ranking.empty:
        return style.empty(style.base_layout(go.Figure(), lang=lang), lang)
    r = ranking.sort_values("rank", ascending=False)
    unit = r["unit"].iloc[0]
    vals = list(r["value"]) + [v for v in r["target_value"] if style.ok(v)]
    div, yunit = style.axis_scale(unit, max(abs(v) for v in vals), lang)
    labels = [f"{n} ({y})" for n, y in zip(r["area_name"], r["year"])]
    bar = dict(
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
    traces = [{**_canon(bar), "type": "bar"}]
    layout = copy.deepcopy(_ranking_layout(lang, 120 + 70 * len(r), yunit))
    notes = layout.setdefault("annotations", [])
    for lab, v, i in zip(labels, r["value"], r["illustrative"]):
        text = fmt.fmt_value(v, unit, lang)
        text = style.paren(text, style.label("illus_short", lang), lang) if i else text
        # at the plot's right edge, a column of values: never cut on a narrow screen
        notes.append({**_ranking_note(), "y": lab, "text": text})
    has_t = r["target_value"].notna()
    if has_t.any():
        stars = dict(
            y=[lab for lab, h in zip(labels, has_t) if h],
            x=r.loc[has_t, "target_value"] / div,
            mode="markers",
            name=style.label("target", lang),
            marker=dict(symbol="star", size=18, color=style.TARGET, line=dict(width=1.5, color=style.INK)),
            customdata=[
                f"{style.label('target', lang)} {int(y)}: {fmt.fmt_value(v, unit, lang)}"
                + (f"<br>{i18n.t('sup.doc_col', lang)}: {d}" if isinstance(d, str) and d else "")
                for y, v, d in zip(r.loc[has_t, "target_year"], r.loc[has_t, "target_value"], _documents(r, has_t))
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
        traces.append({**_canon(stars), "type": "scatter"})
    layout["xaxis"]["range"] = [0, max(vals) / div * 1.45]
    return _figure_of(layout, traces)


@functools.lru_cache(maxsize=128)
def _ranking_layout(lang: str, height: int, yunit: str) -> dict:
    """The ranking's layout as the validated calls made it (``range`` set per figure), without its template."""
    fig = style.base_layout(go.Figure(), lang=lang, height=height)
    fig.update_xaxes(
        title_text=yunit, dtick=None, tickformat=",~r" if lang == "en" else "~r", showgrid=True, gridcolor="#e3e6ec"
    )
    fig.update_yaxes(title_text="", tickformat=None)
    fig.update_layout(margin=dict(l=20, r=30, t=40, b=60))
    layout = fig.layout.to_plotly_json()
    layout.pop("template")
    return layout


@functools.lru_cache(maxsize=1)
def _ranking_note() -> dict:
    """A value label of the ranking as ``add_annotation`` validates it (``y`` and ``text`` set per label)."""
    return go.layout.Annotation(
        x=1,
        xref="paper",
        y="",
        text="",
        showarrow=False,
        xanchor="right",
        font=dict(size=15, color=style.INK),
        bgcolor="rgba(255,255,255,0.8)",
    ).to_plotly_json()


def small_multiples(
    frame: pd.DataFrame, lang: str = "zh", targets: pd.DataFrame | None = None, cols: int = 2
) -> go.Figure:
    """One panel per indicator (own y axis), areas as lines in the same style as compare_figure.
    ``frame``: ``dashboard.small_multiples_frame``; ``targets``: concatenated compare_targets
    (with an ``indicator`` column) or None."""
    if frame is None or frame.empty:
        return style.empty(style.base_layout(go.Figure(), lang=lang), lang)
    inds = list(dict.fromkeys(frame["indicator"]))
    rows = math.ceil(len(inds) / cols)
    parts = _rows_by(frame, "indicator")  # each indicator's rows, found once (a boolean filter took every column)
    tgs = _rows_by(targets, "indicator") if targets is not None and "indicator" in targets else None
    titles, divs = [], []
    for i in inds:
        part = parts[i]
        div, scale = style.axis_scale(part["unit"].iloc[0], part["value"].abs().max(), lang)
        if "axis_group" in part and set(part["axis_group"]) == {"district"}:
            scale = i18n.t("vd.cmp.districts_unit", lang, unit=scale)
        titles.append(style.paren(part["indicator_name"].iloc[0], scale, lang))
        divs.append(div)
    lay = style.set_template(go.Figure(layout=copy.deepcopy(_grid_layout(rows, cols, tuple(titles), lang))))
    lay.update_layout(title=None)  # an empty title, as base_layout leaves it (a copy drops it)
    traces = []
    for k, i in enumerate(inds):
        tg = None if tgs is None else tgs.get(i)  # none: as an empty cut, no star
        n = "" if k == 0 else str(k + 1)  # the k-th panel's axes, as make_subplots names them
        traces += _area_traces(parts[i], tg, lang, showlegend=(k == 0), div=divs[k], axes=(f"x{n}", f"y{n}"))
    fig = _figure(lay, traces)
    return fig
