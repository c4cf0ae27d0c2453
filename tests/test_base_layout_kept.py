"""``style.base_layout`` sets a kept copy of the validated layout on a new figure (issue 26 b): the figure
must be exactly what the full update made — the same JSON, key order included — and validate later changes."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from ipdash.charts import style


def _full(**kw) -> go.Figure:
    return style._base_layout_full(go.Figure(), **kw)


CASES = [
    {},
    {"lang": "en"},
    {"title": "标题 <b>x</b>", "y_title": "万件", "height": 480, "lang": "zh"},
    {"title": "Title", "y_title": "CNY bn", "height": 190, "lang": "en"},
    {"y_title": "", "height": 120 + 70 * 12, "lang": "zh"},
]


@pytest.mark.parametrize("kw", CASES)
def test_a_new_figure_gets_exactly_the_full_layout(kw):
    for _ in range(2):  # the first call fills the kept layout, the second uses it
        fast, full = style.base_layout(go.Figure(), **kw), _full(**kw)
        assert fast.to_json() == full.to_json()
        assert fast.to_plotly_json() == full.to_plotly_json()


def test_figures_do_not_share_their_layout():
    a = style.base_layout(go.Figure(), y_title="x", height=300)
    a.update_layout(margin=dict(t=5), legend=dict(y=-1))
    a.layout.xaxis.title.text = "changed"
    b = style.base_layout(go.Figure(), y_title="x", height=300)
    assert b.to_json() == _full(y_title="x", height=300).to_json()


def test_later_changes_are_validated_as_before():
    fig = style.base_layout(go.Figure(), lang="en")
    fig.update_xaxes(range=[2019, 2026])
    fig.add_scatter(x=[1, 2], y=[3, 4])
    assert fig.layout.xaxis.range == (2019, 2026) and fig.data[0].type == "scatter"
    with pytest.raises(ValueError):
        fig.layout.margin.t = "not a number"
    with pytest.raises(ValueError):
        fig.update_layout(no_such_property=1)


def test_a_figure_with_panels_or_traces_gets_the_full_update():
    panels = make_subplots(rows=1, cols=2)
    want = style._base_layout_full(make_subplots(rows=1, cols=2), lang="en", height=480)
    assert style.base_layout(panels, lang="en", height=480).to_json() == want.to_json()
    assert panels.layout.xaxis2.title.text == want.layout.xaxis2.title.text != None  # noqa: E711
    traced = go.Figure().add_bar(x=[1], y=[2])
    want = style._base_layout_full(go.Figure().add_bar(x=[1], y=[2]))
    assert style.base_layout(traced).to_json() == want.to_json()
