"""Plotly figures made from plain dicts already in the form plotly's validation gives them, not validated
again (no streamlit): validating every ``add_scatter``, annotation and layout update was most of a comparison
rerun's figure time (issue 26 b). Used by ``charts.compare_figures``; its tests compare the JSON with the
validated builders'."""

from __future__ import annotations

import copy
import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array
from plotly.subplots import make_subplots

from ipdash.charts import style


def canon(value):
    """``value`` as plotly's validation stores it: dicts with their keys in order (a trace's and a marker's
    properties are set in alphabetical order), numpy scalars as Python ones, a Series as a read-only array."""
    if isinstance(value, dict):
        return {k: canon(value[k]) for k in sorted(value)}
    if isinstance(value, (pd.Series, np.ndarray)):
        return copy_to_readonly_numpy_array(value)
    if isinstance(value, list):
        return [canon(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def figure(layout: go.Figure, traces: list[dict]) -> go.Figure:
    """A figure of ``layout``'s layout (validated already) and ``traces`` (``_area_traces``: already in validated
    form), neither validated again; the figure, its layout and traces validate every later change as usual."""
    fig = go.Figure(data=traces, layout=layout.layout.to_plotly_json(), _validate=False)
    fig._validate = fig.layout._validate = True
    for t in fig.data:
        t._validate = True
    return fig


def figure_of(layout: dict, traces: list[dict]) -> go.Figure:
    """``figure`` of a layout kept as a dict (validated once, without its template: set here, as
    ``style.base_layout`` sets it) and plain traces."""
    fig = go.Figure(data=traces, layout=copy.deepcopy(layout), _validate=False)
    style.set_template(fig)
    fig._validate = fig.layout._validate = True
    for t in fig.data:
        t._validate = True
    return fig


def rows_by(frame: pd.DataFrame, column: str) -> dict[object, pd.DataFrame]:
    """``{value: frame[frame[column] == value]}`` for every value of the column, grouped in one pass: one
    indicator's rows follow each other, so each is a slice, not a take of every column (a boolean filter)."""
    out = {}
    for value, pos in frame.groupby(column, sort=False).indices.items():
        out[value] = frame.iloc[pos[0] : pos[-1] + 1] if pos[-1] - pos[0] + 1 == len(pos) else frame.iloc[pos]
    return out


def grid_layout(rows: int, cols: int, titles: tuple[str, ...], lang: str) -> dict:
    """The small multiples' layout (panels, titles, axes), made once per grid, number of titles and
    language (``_grid``: ``make_subplots`` and the per-axis updates were most of the figure's time), the
    titles set in its annotations: they change with every choice (their units), nothing else does."""
    if not all(isinstance(t, str) and t for t in titles):  # make_subplots leaves an empty title out
        return grid_full(rows, cols, titles, lang)
    layout = copy.deepcopy(_grid(rows, cols, len(titles), lang))
    for note, title in zip(layout["annotations"], titles, strict=True):
        note["text"] = title
    return layout


@functools.lru_cache(maxsize=64)
def _grid(rows: int, cols: int, n: int, lang: str) -> dict:
    """``grid_full`` with ``n`` placeholder titles (``grid_layout`` sets the real ones)."""
    return grid_full(rows, cols, tuple(f"title {k}" for k in range(n)), lang)


def grid_full(rows: int, cols: int, titles: tuple[str, ...], lang: str) -> dict:
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=titles,
        vertical_spacing=0.16 / max(rows, 1) + 0.08,
        horizontal_spacing=0.08,
    )
    style.base_layout(fig, lang=lang, height=330 * rows + 80)
    fig.update_annotations(font=dict(size=16))
    fig.update_layout(legend=dict(y=1.0 + 0.35 / (330 * rows + 80) * 100, yanchor="bottom"), margin=dict(t=110))
    fig.update_xaxes(title_text="")
    fig.update_yaxes(title_text="")
    layout = fig.layout.to_plotly_json()
    layout.pop("template")  # set again without validating it (style.set_template)
    return layout
