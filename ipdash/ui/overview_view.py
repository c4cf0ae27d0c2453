"""The overview's filter bar and the frames it shows, kept per filter choice (app_pages/overview.py
stays a thin script)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ipdash import catalog, status_meta, ui
from ipdash.charts import figures
from ipdash.engine.evaluate import status_counts
from ipdash.frames import overview, sources, verdicts
from ipdash.settings import ViewSettings
from ipdash.ui import phone


@dataclass(frozen=True)
class OverviewFilters:
    """The overview's filter bar: empty tuples mean all; ``as_of`` None means the latest data."""

    areas: tuple[str, ...]
    themes: tuple[str, ...]
    statuses: tuple[str, ...]
    years: tuple[int, ...]
    as_of: int | None
    superseded: bool = False  # show targets a later document replaced (已被后续文件更新)


def filters(years: list[int]) -> OverviewFilters:
    """Area, theme, status, target-year and as-of pickers, each bound to the URL as codes (``ui.bind``)."""
    lang, latest = ui.lang(), ui.t("ov.as_of_latest")
    names = ui.cached(sources.area_names, lang)
    every = ui.t("ov.all")
    with st.container(horizontal=True, vertical_alignment="bottom", key="ov_filters"):
        areas = st.multiselect(
            ui.t("filter.area"),
            list(names),
            format_func=lambda a: names.get(a, a),
            **ui.bind("ov_area", names, multi=True, labels="area", placeholder=every),
        )
        themes = st.multiselect(
            ui.t("filter.theme"),
            list(catalog.THEMES),
            format_func=lambda th: verdicts.theme_label(th, lang),
            **ui.bind("ov_theme", catalog.THEMES, multi=True, labels="theme", placeholder=every),
        )
        statuses = st.multiselect(
            ui.t("filter.status"),
            [s for s in status_meta.STATUSES if s != "no_target"],
            format_func=lambda s: f"{status_meta.STATUS_META[s]['icon']} {status_meta.status_label(s, lang)}",
            **ui.bind("ov_status", status_meta.STATUSES, multi=True, labels="status", placeholder=every),
        )
        sel_years = st.multiselect(
            ui.t("filter.year"), years, **ui.bind("ov_year", years, multi=True, placeholder=every)
        )
        as_of = st.selectbox(
            ui.t("ov.as_of"),
            [0, *ui.cached(verdicts.as_of_years, ui.include_illustrative())[::-1]],
            **ui.bind(
                "ov_asof", [0, *ui.cached(verdicts.as_of_years, ui.include_illustrative())], default=0, labels="as_of"
            ),
            help=ui.t("ov.as_of_help"),
            format_func=lambda y: latest if y == 0 else str(y),
        )
        old = st.toggle(ui.t("sup.toggle"), help=ui.t("sup.toggle_help"), **ui.bind("ov_superseded", default=False))
    return OverviewFilters(tuple(areas), tuple(themes), tuple(statuses), tuple(sel_years), as_of or None, bool(old))


# Each function below is called through ``ui.cached``: made once per data version, view and filter
# choice and shared by every session (and the page's fragments) — at county scale each is a pass
# over 28 000 judged targets that a rerun with the same filters need not repeat.
def filtered_status(*, view: ViewSettings, filters: OverviewFilters) -> pd.DataFrame:
    """The status frame after the overview's filters."""
    frame = ui.cached(verdicts.status_frame, view=view)
    f = filters
    return verdicts.filter_status(frame, f.areas, f.themes, f.statuses, f.years, superseded=f.superseded)


def superseded_hidden(*, view: ViewSettings, filters: OverviewFilters) -> int:
    """How many targets the filters would show but the superseded switch leaves out."""
    if filters.superseded:
        return 0
    frame = ui.cached(verdicts.status_frame, view=view)
    f = filters
    every = verdicts.filter_status(frame, f.areas, f.themes, f.statuses, f.years)
    return int((every["superseded_by"].fillna("") != "").sum())


def superseded_caption(view: ViewSettings, filters: OverviewFilters) -> None:
    """A line saying how many superseded targets the switch leaves out (none when it shows them)."""
    if n := ui.cached(superseded_hidden, view=view, filters=filters):
        st.caption(ui.t("sup.hidden", n=n))


def counts(*, view: ViewSettings, filters: OverviewFilters) -> pd.DataFrame:
    """Targets by status after the filters (metrics and the status chart)."""
    return status_counts(ui.cached(filtered_status, view=view, filters=filters))


def by_area(*, view: ViewSettings, filters: OverviewFilters) -> pd.DataFrame:
    """The county-scale summary, one row per area (``overview.area_status_table``)."""
    return overview.area_status_table(ui.cached(filtered_status, view=view, filters=filters), view.lang)


def tile_rows(*, view: ViewSettings, filters: OverviewFilters) -> pd.DataFrame:
    """target_id, area and theme of every tile, in tile order (``overview.tile_order``)."""
    shown = ui.cached(filtered_status, view=view, filters=filters)
    order = overview.tile_order(shown[["target_id", "area", "theme"]], list(ui.cached(sources.area_names, view.lang)))
    return order.reset_index(drop=True)


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


def status_figure(*, view: ViewSettings, filters: OverviewFilters):
    """The counts by status as a bar chart (``figures.status_bar``)."""
    return figures.status_bar(ui.cached(counts, view=view, filters=filters), view.lang)


def status_chart(counts: pd.DataFrame, view: ViewSettings, filters: OverviewFilters) -> None:
    """The counts by status as a bar chart with its downloads (below the tiles: the first screen
    shows the counts as numbers and the first tiles)."""
    with st.container(key="ov_chart"):  # at most 760 px wide (shell CSS)
        # kept per filter choice (building a Plotly figure is costly; hashing the counts frame was
        # a tenth of an overview's server CPU)
        fig = ui.cached(status_figure, view=view, filters=filters)
        st.plotly_chart(
            phone.figure(fig), theme=None, key="ov_status_bar", config={"displaylogo": False}, alt=ui.t("ov.counts")
        )
        ui.downloads(counts, "ipdash-status-counts", key="dl_ov_counts")
