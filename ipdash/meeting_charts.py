"""The chart of each meeting slide: the dashboard's own figures (``ipdash.charts``) drawn from
the dashboard's own frames, with type enlarged for a projector (no streamlit).

One data path: a target slide is ``charts.detail_figure(dashboard.detail_frame(...), status
row)`` exactly as on the 目标详情 page, a comparison is ``charts.compare_figure`` on
``dashboard.compare_frame`` / ``compare_targets`` as on the 区域对比 page, and the summary is
``charts.status_bar`` on ``progress.status_counts`` of the chosen areas as on the 总览 page.
The marks (示意 / 预测, line styles) are therefore the screen's marks.
"""
from __future__ import annotations

import plotly.graph_objects as go

from ipdash import charts, meeting, progress

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
    return progress.status_counts(data.results[data.results["area"].isin(areas)])


def slide_figure(spec: dict, data: meeting.MeetingData, lang: str) -> go.Figure | None:
    """The chart of a slide (None when the slide has none)."""
    kind = spec["kind"]
    if kind == "summary":
        fig = charts.status_bar(summary_counts(data, spec["plan_areas"]), lang)
    elif kind == "target":
        fig = charts.detail_figure(meeting.target_frame(data, spec["target_id"]),
                                   meeting.target_row(data, spec["target_id"]), lang)
    elif kind == "compare":
        areas = spec["plan_areas"]
        fig = charts.compare_figure(meeting.compare_frame(data, spec["indicator"], areas, lang),
                                    meeting.compare_targets(data, spec["indicator"], areas, lang), lang)
    else:
        return None
    return projector(fig)
