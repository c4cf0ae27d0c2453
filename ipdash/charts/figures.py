"""Plotly figures for the dashboard and the meeting deck, each drawn ONLY from a frame of
``ipdash.frames`` (no streamlit, no store access here); shared styling in ``charts.style``.

    detail_figure(frame, target_row, lang)   frame: detail.detail_frame; row: detail.target_row
    compare_figure(frame, targets, lang)     frame: compare.compare_frame; targets: compare_targets
    ranking_figure(ranking, lang)            ranking: compare.compare_ranking
    small_multiples(frame, lang, targets)    frame: compare.small_multiples_frame
    status_bar(counts, lang)                 counts: overview.overview_counts / status_counts

Conventions: official actuals solid line + filled markers; illustrative actuals dashed line +
hollow markers, labelled 示意/illustrative; projections dotted with a shaded 80 % band; the
target a star labelled with its value. Symbols and dashes differ as well as colours, so a
greyscale print stays readable; the CJK font is set in every layout (kaleido uses it too).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ipdash import fmt, i18n
from ipdash.charts import style
from ipdash.charts.compare_figures import compare_figure, ranking_figure, small_multiples
from ipdash.engine import wording
from ipdash.status_meta import STATUS_META, STATUSES

__all__ = ["compare_figure", "detail_figure", "ranking_figure", "small_multiples", "status_bar"]


# ------------------------------------------------------------------ target detail
def detail_figure(frame: pd.DataFrame, target_row: Mapping[str, Any], lang: str = "zh") -> go.Figure:
    """Actuals, projection fan and target of one target.

    ``frame``: ``dashboard.detail_frame`` (year, kind, value, lower_80, upper_80, illustrative,
    running_total, provenance, unit). ``target_row``: the target's ``verdicts.status_frame``
    row, a ``frames.records.StatusRow`` (needs target_year, target_value, aggregation, threshold,
    target_text, series_unit or unit; lower_80/upper_80 are used for the interval of a cumulative
    total).
    Cumulative targets are drawn as running totals from period_start; growth and reduction
    targets mark the level that meets them (``threshold``) in the series unit.
    """
    fig = go.Figure()
    agg = target_row.get("aggregation")
    unit = target_row.get("series_unit") or target_row.get("unit") or (frame["unit"].iloc[0] if len(frame) else "")
    col = "running_total" if agg == "cumulative" else "value"
    data = frame[frame[col].notna()] if len(frame) else frame
    T = int(target_row["target_year"])
    raw_goal = target_row.get("target_value" if agg in ("level", "annual", "cumulative") else "threshold")
    goal = float(raw_goal) if raw_goal is not None and style.ok(raw_goal) else math.nan
    vals = [v for v in list(data.get(col, [])) + list(data.get("upper_80", [])) + [goal] if style.ok(v)]
    div, yunit = style.axis_scale(unit, max([abs(v) for v in vals] or [0]), lang)
    title_y = (
        style.paren(style.label("cum", lang), yunit, lang)
        if agg == "cumulative" and lang != "en"
        else (f"{style.label('cum', lang)} ({yunit})" if agg == "cumulative" else yunit)
    )
    style.base_layout(fig, y_title=title_y, lang=lang)
    if data.empty:
        return style.empty(fig, lang)
    act = data[data["kind"] == "actual"]
    proj = data[data["kind"] == "projected"]

    def hover(name):
        return f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>"

    for illus, key, symbol, dash in (
        (False, "actual", "circle", "solid"),
        (True, "illustrative", "circle-open", "dash"),
    ):
        part = act[act["illustrative"] == illus]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["year"],
            y=part[col] / div,
            mode="lines+markers",
            name=style.label(key, lang),
            line=dict(color=style.ACTUAL, width=3, dash=dash),
            marker=dict(symbol=symbol, size=11, color=style.ACTUAL, line=dict(width=2.5, color=style.ACTUAL)),
            customdata=[fmt.fmt_value(v, unit, lang) for v in part[col]],
            hovertemplate=hover(style.label(key, lang)),
        )
    if not act.empty and act["illustrative"].iloc[-1]:
        last = act.iloc[-1]
        fig.add_annotation(
            x=last["year"],
            y=last[col] / div,
            text=style.label("illus_short", lang),
            showarrow=False,
            yshift=-24,
            font=dict(size=14, color=style.ACTUAL),
        )
    proj_end = float(proj[col].iloc[-1]) if not proj.empty and style.ok(proj[col].iloc[-1]) else math.nan
    # labels on opposite sides: the higher of target and projection above, the other below
    proj_above = style.ok(goal) and style.ok(proj_end) and proj_end >= goal
    if style.ok(goal):  # drawn before the projection, so the target never hides the projected point
        text = f"{style.label('target', lang)} {target_row.get('target_text') or fmt.fmt_value(goal, unit, lang)}"
        if agg in ("growth", "reduction"):
            text += f" ⇒ {fmt.fmt_value(goal, unit, lang)}"
        fig.add_hline(y=goal / div, line=dict(color=style.TARGET, width=1.5, dash="longdash"), layer="below")
        fig.add_scatter(
            x=[T],
            y=[goal / div],
            mode="markers",
            name=style.label("target", lang),
            marker=dict(symbol="star", size=20, color=style.TARGET, line=dict(width=1.5, color=style.INK)),
            customdata=[text],
            hovertemplate="%{customdata}<extra></extra>",
        )
        fig.add_annotation(
            x=T,
            y=goal / div,
            text=text,
            showarrow=False,
            xanchor="right",
            xshift=-14,
            yshift=-18 if proj_above else 16,
            font=dict(size=15, color="#006e50"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    if not proj.empty:
        anchor = act.tail(1)
        px = list(anchor["year"]) + list(proj["year"])
        py = list(anchor[col]) + list(proj[col])
        if agg == "cumulative":
            lo = [v for v in anchor[col]] + [math.nan] * len(proj)
            hi = list(lo)
            if style.ok(target_row.get("lower_80")) and proj["year"].iloc[-1] == T:
                lo[-1], hi[-1] = target_row["lower_80"], target_row["upper_80"]
        else:
            lo = list(anchor[col]) + list(proj["lower_80"])
            hi = list(anchor[col]) + list(proj["upper_80"])
        band = [(x, a, b) for x, a, b in zip(px, lo, hi) if style.ok(a) and style.ok(b)]
        if len(band) >= 2:
            bx = [b[0] for b in band]
            fig.add_scatter(
                x=bx, y=[b[2] / div for b in band], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"
            )
            fig.add_scatter(
                x=bx,
                y=[b[1] / div for b in band],
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=style.LOW_BAND if target_row.get("low_confidence") else style.BAND,
                name=style.label("band", lang),
                hoverinfo="skip",
                fillpattern=dict(
                    shape=".", fgcolor=style.LOW if target_row.get("low_confidence") else style.PROJ_DOTS, size=6
                ),
            )
        elif agg == "cumulative" and style.ok(hi[-1]) and style.ok(lo[-1]):
            fig.add_scatter(
                x=[px[-1]],
                y=[py[-1] / div],
                mode="markers",
                name=style.label("band", lang),
                marker=dict(size=1, color=style.PROJ),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=[(hi[-1] - py[-1]) / div],
                    arrayminus=[(py[-1] - lo[-1]) / div],
                    color=style.PROJ,
                    thickness=3,
                    width=10,
                ),
            )
        low = bool(target_row.get("low_confidence"))
        colour = style.LOW if low else style.PROJ
        name = i18n.t("vd.chart.projected_low", lang) if low else style.label("projected", lang)
        fig.add_scatter(
            x=px,
            y=[v / div for v in py],
            mode="lines+markers",
            name=name,
            line=dict(color=colour, width=2 if low else 3, dash="dashdot" if low else "dot"),
            marker=dict(
                symbol=["circle-open"] + ["diamond"] * len(proj),
                size=[0] + [12] * len(proj),
                color=colour,
                line=dict(width=1.5, color="#ffffff"),
            ),
            customdata=[fmt.fmt_value(v, unit, lang) for v in py],
            hovertemplate=hover(name),
        )
        ref = target_row.get("threshold") if agg != "cumulative" else goal
        fig.add_annotation(
            x=px[-1],
            y=py[-1] / div,
            text=f"{name} {wording.value(py[-1], unit, lang, ref=ref)}",
            showarrow=False,
            xanchor="left",
            xshift=14,
            yshift=20 if proj_above else -20,
            font=dict(size=14, color=colour),
            bgcolor="rgba(255,255,255,0.8)",
        )
    xs = [*list(data["year"]), T]
    fig.update_xaxes(range=[min(xs) - 0.4, max(xs) + 1.6], tickvals=list(range(int(min(xs)), int(max(xs)) + 1)))
    return fig


# ------------------------------------------------------------------ overview summary
def status_bar(counts: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Targets per status: one bar each, coloured AND labelled with icon and word (greyscale-safe).
    ``counts``: ``progress.status_counts`` / ``dashboard.overview_counts``; zero rows dropped."""
    c = counts[counts["n"] > 0].copy()
    c["order"] = c["status"].map({s: i for i, s in enumerate(STATUSES)})
    c = c.sort_values("order", ascending=False)
    fig = go.Figure()
    style.base_layout(fig, lang=lang, height=110 + 52 * max(len(c), 1))
    if c.empty:
        return style.empty(fig, lang)
    lab = "label_en" if lang == "en" else "label_zh"
    labels = [f"{STATUS_META[s]['icon']} {w}" for s, w in zip(c["status"], c[lab])]
    fig.add_bar(
        y=labels,
        x=c["n"],
        orientation="h",
        marker=dict(color=list(c["colour"]), line=dict(color=style.INK, width=1)),
        text=[str(n) for n in c["n"]],
        textposition="outside",
        cliponaxis=False,
        showlegend=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    fig.update_xaxes(
        title_text=style.label("n", lang),
        dtick=1 if c["n"].max() <= 12 else None,
        showgrid=True,
        gridcolor="#e3e6ec",
        range=[0, c["n"].max() * 1.18 + 0.5],
    )
    fig.update_yaxes(title_text="", tickformat=None, tickfont=dict(size=16))
    fig.update_layout(margin=dict(l=20, r=30, t=20, b=50))
    return fig
