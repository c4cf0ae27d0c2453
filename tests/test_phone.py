"""Charts redrawn for a phone (``charts.style.for_phone``) and the phone's browser recognised by its
User-Agent (issue 25)."""

from __future__ import annotations

import pandas as pd

from ipdash.charts import compare_figures, style


def _figure():
    frame = pd.DataFrame(
        {
            "area": ["pudong"] * 9,
            "area_name": ["浦东新区"] * 9,
            "year": list(range(2016, 2025)),
            "value": [float(v) for v in range(9)],
            "unit": ["件"] * 9,
            "illustrative": [False] * 9,
        }
    )
    fig = style.base_layout(compare_figures.go.Figure(), lang="zh")
    fig.add_scatter(x=frame["year"], y=frame["value"], name="浦东新区")
    fig.update_xaxes(tickvals=list(range(2016, 2025)))
    return fig


def test_for_phone_puts_the_legend_below_and_thins_the_years():
    fig = _figure()
    phone = style.for_phone(fig)
    assert phone.layout.legend.yanchor == "top" and phone.layout.legend.y < 0  # below the plot
    ticks = list(phone.layout.xaxis.tickvals)
    assert len(ticks) <= 5 and ticks[-1] == 2024 and phone.layout.xaxis.tickangle == 0
    assert not phone.layout.xaxis.title.text  # the years say it
    assert len(fig.layout.xaxis.tickvals) == 9 and fig.layout.legend.y > 1  # the cached original is untouched


def test_phone_agents():
    from ipdash.ui import phone

    agents = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 wxwork/4.1": True,
        "Mozilla/5.0 (Linux; Android 14; V2309A) Mobile Safari/537.36 DingTalk/7.6": True,
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36": False,
        "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148": False,
    }
    for agent, expected in agents.items():
        assert phone.is_phone(agent) is expected, agent
