"""The chart of each meeting slide: the dashboard's own figures (``ipdash.charts.figures``) drawn from
the dashboard's own frames, with type enlarged for a projector (no streamlit).

One data path: a target slide is ``figures.detail_figure(dashboard.detail_frame(...), status
row)`` exactly as on the 目标详情 page, a comparison is ``figures.compare_figure`` on
``dashboard.compare_frame`` / ``compare_targets`` as on the 区域对比 page, and the summary is
``figures.status_bar`` on ``evaluate.status_counts`` of the chosen areas as on the 总览 page.
The marks (示意 / 预测, line styles) are therefore the screen's marks.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ipdash.charts import figures
from ipdash.engine import evaluate
from ipdash.frames import meeting

PROJECTOR_FONT = 20  # px; the dashboard's is 16


def projector(fig: go.Figure, size: int = PROJECTOR_FONT) -> go.Figure:
    """Enlarge every text of a dashboard figure for the back of a room."""
    fig.update_layout(font_size=size, legend_font_size=size - 2, hoverlabel_font_size=size - 2)
    fig.update_xaxes(tickfont_size=size - 2, title_font_size=size - 2)
    fig.update_yaxes(tickfont_size=size - 2, title_font_size=size - 2)
    if fig.layout.title and fig.layout.title.text:
        fig.update_layout(title_font_size=size + 2)
    return fig


def summary_counts(data: meeting.MeetingData, areas: list[str]):
    return evaluate.status_counts(data.results[data.results["area"].isin(areas)])


def slide_figure(spec: meeting.SlideSpec, data: meeting.MeetingData, lang: str) -> go.Figure | None:
    """The chart of a slide (None when the slide has none)."""
    kind = spec.kind
    if kind == "summary":
        fig = figures.status_bar(summary_counts(data, spec.plan_areas), lang)
    elif kind == "target":
        fig = figures.detail_figure(
            meeting.target_frame(data, spec.target_id), meeting.target_row(data, spec.target_id), lang
        )
    elif kind == "compare":
        areas = spec.plan_areas
        fig = figures.compare_figure(
            meeting.compare_frame(data, spec.indicator, areas, lang),
            meeting.compare_targets(data, spec.indicator, areas, lang),
            lang,
        )
    else:
        return None
    return projector(fig)
