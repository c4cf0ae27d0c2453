"""Streamlit helpers of the dashboard views (tiles, badges, links). Only ui*.py import streamlit."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ipdash import catalog, i18n, status_meta, ui
from ipdash.frames import sources, verdicts

BADGE_COLOUR = {
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
    """The URL parameters of the shell (language, illustrative switch) to carry along a link."""
    params = {}
    if ui.lang() != "zh":
        params["lang"] = ui.LANG_LABELS[ui.lang()]
    if not ui.include_illustrative():
        params["illus"] = "false"
    return params


def detail_link(target_id: str, label: str, *, as_of: int | None = None, key_label: str | None = None) -> None:
    """A link to the detail page with this target (and the shell state) in the URL."""
    params = shell_params()
    params[ui.fkey("det_target")] = key_label or target_id
    if as_of:
        params[ui.fkey("det_asof")] = str(as_of)
    st.page_link(DETAIL_PAGE, label=label, icon=":material/query_stats:", query_params=params)


def metric_row(counts: pd.DataFrame) -> None:
    """Counts by status as metrics (icon + word in the label; zero counts left out)."""
    lab = "label_en" if ui.lang() == "en" else "label_zh"
    with st.container(horizontal=True):
        for r in counts[counts["n"] > 0].to_dict("records"):
            st.metric(f"{r['icon']} {r[lab]}", int(r["n"]), border=True, width="content")


def current_target(choices: dict[str, str], base: str) -> str | None:
    """The target a bound picker holds — from this session, else from the URL (which carries the
    picker's label, e.g. a tile's link) — or None."""
    value = st.session_state.get(ui.fkey(base))
    if value in choices:
        return value
    label = st.query_params.get(ui.fkey(base))
    if label:
        by_label = {v: k for k, v in choices.items()}
        return by_label.get(label) or (label if label in choices else None)
    return None


@dataclass(frozen=True)
class OverviewFilters:
    """The overview's filter bar: empty tuples mean all; ``as_of`` None means the latest data."""

    areas: tuple[str, ...]
    themes: tuple[str, ...]
    statuses: tuple[str, ...]
    years: tuple[int, ...]
    as_of: int | None


def overview_filters(years: list[int]) -> OverviewFilters:
    """Area, theme, status, target-year and as-of pickers, each bound to the URL (``ui.fkey``)."""
    lang, latest = ui.lang(), ui.t("ov.as_of_latest")
    names = ui.cached(sources.area_names, lang)
    common = {"placeholder": ui.t("ov.all"), "bind": "query-params"}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        areas = st.multiselect(
            ui.t("filter.area"), list(names), key=ui.fkey("ov_area"), format_func=lambda a: names.get(a, a), **common
        )
        themes = st.multiselect(
            ui.t("filter.theme"),
            list(catalog.THEMES),
            key=ui.fkey("ov_theme"),
            format_func=lambda th: verdicts.theme_label(th, lang),
            **common,
        )
        statuses = st.multiselect(
            ui.t("filter.status"),
            [s for s in status_meta.STATUSES if s != "no_target"],
            key=ui.fkey("ov_status"),
            format_func=lambda s: f"{status_meta.STATUS_META[s]['icon']} {status_meta.status_label(s, lang)}",
            **common,
        )
        sel_years = st.multiselect(ui.t("filter.year"), years, key=ui.fkey("ov_year"), **common)
        as_of = st.selectbox(
            ui.t("ov.as_of"),
            [0, *ui.cached(verdicts.as_of_years, ui.include_illustrative())[::-1]],
            key=ui.fkey("ov_asof"),
            bind="query-params",
            help=ui.t("ov.as_of_help"),
            format_func=lambda y: latest if y == 0 else str(y),
        )
    return OverviewFilters(tuple(areas), tuple(themes), tuple(statuses), tuple(sel_years), as_of or None)


def filtered_status(*, view, filters: OverviewFilters) -> pd.DataFrame:
    """The status frame after the overview's filters. Call it through ``ui.cached``: one frame per
    data version and filter choice, shared by every session (and by the page's fragments)."""
    frame = ui.cached(verdicts.status_frame, view=view)
    return verdicts.filter_status(frame, filters.areas, filters.themes, filters.statuses, filters.years)


def status_count_columns() -> dict:
    """Headers of the by-area table's count columns: icon and word of each status."""
    lang = ui.lang()
    return {
        f"n_{s}": st.column_config.NumberColumn(
            f"{status_meta.STATUS_META[s]['icon']} {status_meta.status_label(s, lang)}"
        )
        for s in status_meta.STATUSES
        if s != "no_target"
    }
