"""The chart of each meeting slide: the dashboard's own figures (``ipdash.charts.figures``) drawn from
the dashboard's own frames, with type enlarged for a projector (no streamlit).

One data path: a target slide is ``figures.detail_figure(detail.detail_frame(...), status row)``
exactly as on the 目标详情 page, a comparison is ``figures.compare_figure`` on
``compare.compare_frame`` / ``compare_targets`` as on the 区域对比 page, and the summary is a bar
per area stacked by status, drawn from ``slides.summary_frame`` — the table on the same slide.
The marks (示意 / 预测, line styles) are therefore the screen's marks.

Type: ``font`` px for every text of the figure (axis titles, ticks, legend, annotations, labels).
The deck renders a chart at the size of its place on the slide in points (``deck.pptx_deck.
chart_slot``), so ``DECK_FONT`` px is as many pt on the slide; the presenter view uses
``SCREEN_FONT`` px.

``FIGURES``: the figure of each kind of slide that has a chart (``frames.slides.REGISTRY``,
``chart=True``), by the kind's key.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from ipdash.charts import figures, style
from ipdash.frames import meeting, slide_spec, slides
from ipdash.frames.meeting import SUMMARY_STATUSES
from ipdash.frames.slide_spec import SlideSpec
from ipdash.status_meta import STATUS_META

DECK_FONT = 16  # px at 1 px = 1 pt: chart text ≥ 14 pt on the slide
SCREEN_FONT = 24  # px: on-screen text ≥ 24 px


def projector(fig: go.Figure, size: int = DECK_FONT) -> go.Figure:
    """Every text of a figure at ``size`` px (ticks, legend, annotations, bar labels included)."""
    fig.update_layout(font_size=size, legend_font_size=size, hoverlabel_font_size=size)
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_annotations(font_size=size)
    fig.update_traces(textfont_size=size, selector=lambda tr: getattr(tr, "text", None) is not None)
    if fig.layout.title and fig.layout.title.text:
        fig.update_layout(title_font_size=size + 4)
    return fig


def min_font_size(fig: go.Figure) -> float:
    """The smallest text size anywhere in a figure (what a test checks)."""
    sizes: list[float] = []

    def walk(node, in_font: bool = False) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "size" and in_font and isinstance(v, (int, float)):
                    sizes.append(float(v))
                walk(v, in_font=k.endswith("font") or k == "font")
        elif isinstance(node, list):
            for v in node:
                walk(v, in_font)

    walk(fig.to_dict())
    return min(sizes) if sizes else 12.0  # plotly's default when nothing is set


def summary_figure(frame, lang: str, font: int = DECK_FONT) -> go.Figure:
    """One bar per area, stacked by status (the summary table's counts); icon and word in the legend."""
    fig = go.Figure()
    frame = frame[frame["n_targets"] > 0]  # an area without a number is said in the slide's note
    names = list(frame["area_name"])[::-1]  # the first area on top
    for s in SUMMARY_STATUSES:
        meta = STATUS_META[s]
        fig.add_bar(
            y=names,
            x=list(frame[s])[::-1],
            orientation="h",
            name=slide_spec.status_text(s, lang),
            marker=dict(color=meta["colour"], line=dict(color="#ffffff", width=1.5)),
            hovertemplate="%{y}: %{x}<extra>" + slide_spec.status_text(s, lang) + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        template="plotly_white",
        font=dict(family=style.FONT, size=font, color=style.INK),
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", traceorder="normal"),
        bargap=0.3,
    )
    fig.update_xaxes(
        showgrid=True, gridcolor="#e3e6ec", dtick=1 if frame[list(SUMMARY_STATUSES)].sum(axis=1).max() <= 12 else None
    )
    fig.update_yaxes(automargin=True, tickmode="array", tickvals=names, ticktext=names)
    return projector(fig, font)


def _summary(spec: SlideSpec, data: meeting.MeetingData, lang: str, font: int) -> go.Figure | None:
    frame = slides.slide_frame(spec, data, lang)
    return None if frame is None else summary_figure(frame, lang, font)


def _target(spec: SlideSpec, data: meeting.MeetingData, lang: str, font: int) -> go.Figure | None:
    if not spec.target_id:
        return None
    fig = figures.detail_figure(
        slides.target_frame(data, spec.target_id), slides.target_row(data, spec.target_id), lang
    )
    fig.update_layout(margin_r=font * 9, margin_l=font)  # room for the projection's label right of the last point
    return year_ticks(fig)


YEAR_LABELS = 6  # year labels a slide's chart shows at most: each stays level, never rotated


def year_ticks(fig: go.Figure, most: int = YEAR_LABELS) -> go.Figure:
    """At most ``most`` year labels, evenly spaced and ending on the last year (the target's),
    set level: at 24 px a label a year would be turned on its side and cramped."""
    years = [int(v) for v in (fig.layout.xaxis.tickvals or ())]
    if len(years) > most:
        step = -(-len(years) // most)
        years = years[::-1][::step][::-1]
    if years:
        fig.update_xaxes(tickvals=years, ticktext=[str(y) for y in years])
    return fig.update_xaxes(tickangle=0, automargin=True)


def _compare(spec: SlideSpec, data: meeting.MeetingData, lang: str, font: int) -> go.Figure | None:
    if not spec.indicator:
        return None
    areas = list(spec.plan_areas)
    fig = figures.compare_figure(
        slides.compare_frame(data, spec.indicator, areas, lang),
        slides.compare_targets(data, spec.indicator, areas, lang),
        lang,
    )
    if fig.layout.xaxis.tickvals:
        return year_ticks(fig)
    return fig.update_xaxes(tickangle=0, dtick=None, nticks=YEAR_LABELS)  # every panel: a few level labels


FIGURES: dict[str, Callable[[SlideSpec, meeting.MeetingData, str, int], go.Figure | None]] = {
    "summary": _summary,
    "target": _target,
    "compare": _compare,
}


def slide_figure(
    spec: SlideSpec, data: meeting.MeetingData, lang: str | None = None, *, font: int = DECK_FONT
) -> go.Figure | None:
    """The chart of a slide (None when the slide has none), all text at ``font`` px."""
    if not slides.kind_of(spec).chart:
        return None
    fig = FIGURES[spec.kind](spec, data, lang or data.lang, font)
    return None if fig is None else projector(fig, font)


def titled(fig: go.Figure, title: str, font: int = DECK_FONT) -> go.Figure:
    """The figure with ``title`` on top (an exported PNG says what it shows)."""
    top = int(fig.layout.margin.t or 40) + font * 2
    return fig.update_layout(title=dict(text=title, x=0, xanchor="left", font=dict(size=font + 4)), margin_t=top)
