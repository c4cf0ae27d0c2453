"""Streamlit helpers of the dashboard views (tiles, badges, links). Only ipdash/ui imports streamlit."""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd
import streamlit as st

from ipdash import i18n, ui

BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]
BADGE_COLOUR: dict[str, BadgeColour] = {
    "achieved": "green",
    "missed": "violet",
    "on_track": "blue",
    "at_risk": "orange",
    "off_track": "red",
    "insufficient_data": "gray",
    "no_data": "gray",
    "no_target": "gray",
}
DETAIL_PAGE = "app_pages/detail.py"


def md(text) -> str:
    """Escape catalog text for st.markdown (no markup, no LaTeX, no HTML)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|$~:])", r"\\\1", str(text))


def status_badge(status: str, label: str, icon: str) -> None:
    """Status as colour AND icon AND word."""
    st.badge(f"{icon} {label}", color=BADGE_COLOUR.get(status, "gray"))


def column_config(columns: list[str], **extra) -> dict:
    """Translated headers for the views' own columns (v.col.* strings), plus ``extra``."""
    cfg = {c: st.column_config.Column(ui.t(f"v.col.{c}")) for c in columns if i18n.has(f"v.col.{c}")}
    cfg.update(extra)
    return cfg


def shell_params() -> dict[str, str]:
    """The URL parameters of the shell (language, illustrative switch) to carry along a link: codes."""
    params = {}
    if ui.lang() != "zh":
        params["lang"] = ui.lang()
    if not ui.include_illustrative():
        params["illus"] = "false"
    return params


def detail_link(target_id: str, label: str, *, as_of: int | None = None, key_label: str | None = None) -> None:
    """A link to the detail page with this target (and the shell state) in the URL, as codes
    (``key_label`` is no longer used: links carry the target id in both languages)."""
    params = shell_params()
    params["det_target"] = target_id
    if as_of:
        params["det_asof"] = str(as_of)
    st.page_link(DETAIL_PAGE, label=label, icon=":material/query_stats:", query_params=params)


def metric_row(counts: pd.DataFrame) -> None:
    """Counts by status as metrics (icon + word in the label; zero counts left out)."""
    lab = "label_en" if ui.lang() == "en" else "label_zh"
    with st.container(horizontal=True):
        for r in counts[counts["n"] > 0].to_dict("records"):
            st.metric(f"{r['icon']} {r[lab]}", int(r["n"]), border=True, width="content")


def current_target(choices: dict[str, str], base: str) -> str | None:
    """The target a bound picker holds — from this session, else from the URL (a target id, e.g. a
    tile's link; an old link's label) — or None."""
    value = st.session_state.get(base)
    if value in choices:
        return value
    raw = st.query_params.get(base) or st.query_params.get(f"{base}_zh") or st.query_params.get(f"{base}_en")
    if raw:
        by_label = {v: k for k, v in choices.items()}
        return raw if raw in choices else by_label.get(raw)
    return None
