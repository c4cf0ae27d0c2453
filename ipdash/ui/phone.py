"""The phone layout: a tab bar and static CSS for screens narrower than Streamlit's 768 px breakpoint.

Under 768 px Streamlit folds its top navigation into the sidebar (reachable only through the »
button); ``tab_bar`` draws every page as a link with its icon and a short name in a bar fixed at
the bottom of the screen, hidden on wider screens. ``CSS`` (static, never user content) keeps a
phone's first screen for what matters: compact filters (three to a row), status counts as small
one-line chips, wrapping pills, cards that
wrap instead of being cut. Charts cannot see the screen's width: ``figure`` redraws them for a
browser that says it is a phone (legend below, fewer year ticks; ``charts.style.for_phone``).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ipdash.charts import style
from ipdash.ui.lang import include_illustrative, lang, t

BAR_KEY = "ipd_tabbar"
NARROW = "(max-width: 767.98px)"  # Streamlit hides its top navigation below 768 px
PHONE = "(max-width: 640px)"  # Streamlit stacks columns below 640 px

CSS = f"""<style>
.st-key-{BAR_KEY} {{ display: none !important; }}
@media {NARROW} {{
  .st-key-{BAR_KEY} {{ display: flex !important; position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990;
    justify-content: space-between; padding: 3px 2px 6px; overflow-y: hidden; scrollbar-width: none;
    background: #fff; border-top: 1px solid rgba(49,51,63,.2); width: 100vw !important; box-sizing: border-box;
    margin: 0 !important; }}
  .st-key-{BAR_KEY} > div {{ flex: 1 0 auto; width: auto !important; margin: 0 !important; }}
  .st-key-{BAR_KEY} [data-testid="stPageLink"] a {{ flex-direction: column; gap: 1px; padding: 2px 3px; margin: 0;
    justify-content: center; align-items: center; width: 100%; }}
  .st-key-{BAR_KEY} [data-testid="stPageLink"] p {{ font-size: .7rem; line-height: 1.35; white-space: nowrap; }}
  [data-testid="stMainBlockContainer"] {{ padding-bottom: 5rem; }}
}}
@media {PHONE} {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.25rem; padding-left: .75rem; padding-right: .75rem; }}
  h2 {{ font-size: 1.6rem !important; padding: .25rem 0 !important; }}
  h3 {{ font-size: 1.2rem !important; padding-top: .5rem !important; padding-bottom: .25rem !important; }}
  [data-testid="stCaptionContainer"] {{ font-size: .8rem; }}
  [data-testid="stAlertContainer"] {{ padding: .4rem .6rem; }}
  [data-testid="stAlertContainer"] p {{ font-size: .8rem; }}
  .st-key-ov_filters > div {{ flex: 1 1 30% !important; min-width: 0 !important; }}
  .st-key-ov_filters label p {{ font-size: .8rem; white-space: nowrap; }}
  .st-key-ov_filters > .st-key-ov_superseded {{ flex: 1 1 100% !important; }}
  .st-key-ov_filters [data-baseweb="select"] > div {{ min-height: 2.25rem; }}
  .st-key-ov_counts [data-testid="stMetric"] > div {{ padding: .2rem .5rem; display: flex; flex-direction: row;
    align-items: baseline; gap: .4rem; }}
  .st-key-ov_counts [data-testid="stMetricValue"] {{ font-size: 1.25rem; padding: 0; }}
  .st-key-ov_counts [data-testid="stMetricLabel"] {{ min-height: 0; }}
  .st-key-ov_counts [data-testid="stMetricLabel"] p {{ font-size: .8rem; }}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: .6rem; }}
  .ipd-area h3 {{ margin: .25rem 0 0 !important; }}
  [data-testid="stMetric"] {{ max-width: calc(100vw - 1.5rem); }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  [data-testid="stMetricValue"] *, [data-testid="stMetricDelta"] *, [data-testid="stMetricLabel"] * {{
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
  [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) {{ max-width: 100%; }}
  [data-testid="stButtonGroup"] > div {{ flex-wrap: wrap !important; }}
}}
</style>"""


PHONE_AGENTS = ("iphone", "android", "mobile", "harmonyos")  # 企业微信 and 钉钉 on phones say so too


def is_phone(agent: str | None = None) -> bool:
    """The browser (``agent``: this session's User-Agent) says it is a phone: charts are then drawn
    for a narrow screen."""
    low = str(agent if agent is not None else st.context.headers.get("User-Agent") or "").lower()
    return any(w in low for w in PHONE_AGENTS) and "ipad" not in low


def figure(fig: go.Figure) -> go.Figure:
    """``fig`` as drawn for this browser: on a phone a copy with the legend below and fewer year ticks."""
    return style.for_phone(fig) if is_phone() else fig


def tab_bar(pages: list[tuple[st.Page, str, str]]) -> None:
    """Every page as a link (icon and short name) in the phone's tab bar; the shell state rides along."""
    params = {}
    if lang() != "zh":
        params["lang"] = lang()
    if not include_illustrative():
        params["illus"] = "false"
    st.html(CSS)
    with st.container(horizontal=True, wrap=False, gap=None, key=BAR_KEY):
        for page, key, icon in pages:
            label, full = t(f"nav_short.{key}"), t(f"nav.{key}")
            st.page_link(page, label=label, icon=icon, query_params=params or None, help=full)
