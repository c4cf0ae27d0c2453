"""The status strip of the detail page: one mark per data version, drawn only from
``ipdash.frames.timeline.timeline_frame`` (no streamlit).

Each version is a square in its status colour with the status icon inside and the status word
under it (colour is never the only cue); versions stand in time order, one step each, labelled
with their Shanghai date and time and what made them, so two uploads on one day stay apart. A version whose
status, projection or P(meet) moved from the one before has a dark outline.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ipdash import i18n
from ipdash.charts import style
from ipdash.status_meta import STATUS_META

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
WORDS_MAX = 12  # more versions than this: icons only (the words would collide); the hover still says it


def timeline_strip(frame: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """``frame``: ``timeline_frame`` (oldest first)."""
    fig = go.Figure()
    style.base_layout(fig, lang=lang, height=190)
    if frame.empty:
        return style.empty(fig, lang)
    n = len(frame)
    x = list(range(n))
    meta = [STATUS_META.get(s, STATUS_META["no_data"]) for s in frame["status"]]
    words = [t.split(" ", 1)[-1] for t in frame["status_text"]]
    hover = [
        f"<b>{r.date_shanghai}</b> · {r.made_by}<br>{r.status_text}<br>"
        f"{i18n.t('tl.hover', lang, projected=r.projected_text, p=r.p_meet_text)}"
        for r in frame.itertuples()
    ]
    fig.add_scatter(
        x=x,
        y=[0] * n,
        mode="lines",
        line=dict(color="#b8bdc6", width=2),
        hoverinfo="skip",
        showlegend=False,
    )
    fig.add_scatter(
        x=x,
        y=[0] * n,
        mode="markers+text",
        marker=dict(
            symbol="square",
            size=30,
            color=[m["colour"] for m in meta],
            line=dict(
                color=[style.INK if c else "#ffffff" for c in frame["changed"]],
                width=[3 if c else 1 for c in frame["changed"]],
            ),
        ),
        text=[m["icon"] for m in meta],
        textfont=dict(color="#ffffff", size=15),
        textposition="middle center",
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )
    if n <= WORDS_MAX:
        for xi, w, m in zip(x, words, meta):
            fig.add_annotation(x=xi, y=0, yshift=-28, text=w, showarrow=False, font=dict(size=13, color=m["colour"]))
    kind = {k: i18n.t(f"tl.kind.{k}", lang) for k in ("base", "upload", "revert")}
    at = pd.to_datetime(frame["at_utc"].replace("", None), utc=True, format="ISO8601").dt.tz_convert(SHANGHAI)
    when = [t.strftime("%Y-%m-%d %H:%M") if pd.notna(t) else "" for t in at]  # Shanghai time
    ticks = [f"{w}<br>{kind.get(k, k)}" for w, k in zip(when, frame["kind"])]
    fig.update_xaxes(
        title_text=i18n.t("tl.axis", lang),
        tickmode="array",
        tickvals=x,
        ticktext=ticks,
        dtick=None,
        tickformat=None,
        range=[-0.6, n - 0.4],
        tickfont=dict(size=12),
        showline=False,
        zeroline=False,
    )
    fig.update_yaxes(visible=False, range=[-1, 0.8])
    fig.update_layout(margin=dict(l=20, r=20, t=10, b=70))
    return fig
