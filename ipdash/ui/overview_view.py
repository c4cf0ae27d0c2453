"""The overview's filter bar and the frames it shows, kept per filter choice (app_pages/overview.py
stays a thin script); its counts chips, and the qualitative tasks' counts and 静安区's group.

What every visit draws the same way is kept per data version and choice (``ui.cached``), down to the
Arrow tables ``st.dataframe`` sends (``tables.arrow``), each area's tasks line and the chips' labels:
server CPU per overview render (bench/load.py, issue 26)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st

from ipdash import catalog, i18n, status_meta, ui
from ipdash.charts import figures
from ipdash.engine.evaluate import status_counts
from ipdash.frames import milestones as mframes
from ipdash.frames import overview, sources, verdicts
from ipdash.settings import ViewSettings
from ipdash.status_meta import MILESTONE_STATUSES
from ipdash.store import milestones as history
from ipdash.ui import milestones as um
from ipdash.ui import phone, tables
from ipdash.ui.widgets import md

MS_COLUMNS = ["area_name", "n_milestones", *(f"n_{s}" for s in MILESTONE_STATUSES), "n_overdue"]  # tasks' counts
TASK_COLUMNS = ["milestone_id", "title", "lead_text", "due_year", "status_text", "overdue_text"]  # 静安区's tasks


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


def by_area_table(*, view: ViewSettings, filters: OverviewFilters) -> pa.Table:
    """``by_area`` as the Arrow table ``st.dataframe`` sends (at county scale 2 850 rows converted per render)."""
    return tables.arrow(ui.cached(by_area, view=view, filters=filters))


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


class SentFigure(go.Figure):
    """``fig`` as ``st.plotly_chart`` sends it, its ``to_dict()`` made once: Streamlit calls it on every render
    (a deep copy and a walk of the whole figure, template included: most of the chart's server CPU), and here it
    reads the dict back from the JSON kept — a new dict each call, serialising to the same JSON (tested). Keep it
    unchanged (a copy, ``go.Figure(fig)``, is a plain figure again: the phone's layout)."""

    def __init__(self, fig: go.Figure):
        super().__init__(fig)
        self._sent = pio.to_json(fig.to_dict(), validate=False)

    def to_dict(self) -> dict:
        return json.loads(self._sent)


def status_figure(*, view: ViewSettings, filters: OverviewFilters) -> SentFigure:
    """The counts by status as a bar chart (``figures.status_bar``), as sent (``SentFigure``)."""
    return SentFigure(figures.status_bar(ui.cached(counts, view=view, filters=filters), view.lang))


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


def metric_items(*, view: ViewSettings, filters: OverviewFilters) -> tuple[tuple[str, int], ...]:
    """(label, count) of each counts chip: icon and word, zero counts left out (``widgets.metric_row``'s)."""
    c = ui.cached(counts, view=view, filters=filters)
    lab = "label_en" if view.lang == "en" else "label_zh"
    return tuple((f"{r['icon']} {r[lab]}", int(r["n"])) for r in c[c["n"] > 0].to_dict("records"))


def metrics(view: ViewSettings, filters: OverviewFilters) -> None:
    """Counts by status as metrics in one row (labels kept per choice)."""
    with st.container(horizontal=True):
        for label, n in ui.cached(metric_items, view=view, filters=filters):
            st.metric(label, n, border=True, width="content")


# ------------------------------------------------------------------ the qualitative tasks (定性任务)
def _ms_counts(lang: str, on: str, areas: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame:
    """Milestones by status per area (``frames.milestones.counts_by_area``), per report version."""
    return ui.cached_on(history.version(), mframes.counts_by_area, lang, on, areas=areas or None, themes=themes or None)


def ms_counts_table(lang: str, on: str, areas: tuple[str, ...], themes: tuple[str, ...]) -> pa.Table:
    """The counts' columns on screen as the Arrow table ``st.dataframe`` sends (call through ``ui.cached_on``)."""
    return tables.arrow(_ms_counts(lang, on, areas, themes)[MS_COLUMNS])


def ms_area_lines(lang: str, on: str, areas: tuple[str, ...], themes: tuple[str, ...]) -> dict[str, str]:
    """{area: its tasks by status in one line} (call through ``ui.cached_on``)."""
    return {
        r["area"]: md(i18n.t("mst.ov.area_line", lang, n=r["n_milestones"], parts=mframes.counts_text(r, lang)))
        for r in _ms_counts(lang, on, areas, themes).to_dict("records")
    }


def milestone_counts(lang: str, areas: tuple[str, ...], themes: tuple[str, ...]) -> dict[str, str]:
    """Milestones by status per area, next to the targets' counts; returns each area's line (``area_line``)."""
    on, version = um.today(), history.version()
    st.subheader(ui.t("mst.ov.heading"))
    st.caption(ui.t("mst.ov.caption"))
    cfg = {f"n_{s}": st.column_config.NumberColumn(mframes.status_text(s, lang)) for s in MILESTONE_STATUSES} | {
        "n_overdue": st.column_config.NumberColumn(mframes.overdue_text(lang))
    }
    st.dataframe(
        ui.cached_on(version, ms_counts_table, lang, on, areas, themes),
        hide_index=True,
        key="ov_ms_counts",
        column_config=um.column_cfg(["area_name", "n_milestones"], **cfg),
    )
    ui.downloads(_ms_counts(lang, on, areas, themes), "ipdash-milestone-counts", key="dl_ov_ms_counts")
    return ui.cached_on(version, ms_area_lines, lang, on, areas, themes)


def area_line(lines: dict[str, str], area: str) -> None:
    """Under an area's heading: its milestones by status in one line (``milestone_counts``' lines)."""
    if text := lines.get(area):
        st.caption(text)


def area_tasks_table(lang: str, area: str, themes: tuple[str, ...], on: str) -> pa.Table:
    """An area's milestones with their status, as ``st.dataframe`` sends them (call through ``ui.cached_on``)."""
    ms = mframes.milestone_table(lang, areas=[area], themes=list(themes) or None, on=on)
    return tables.arrow(ms[TASK_COLUMNS])


def area_tasks(area: str, lang: str, themes: tuple[str, ...]) -> None:
    """An area without quantitative targets (静安区): its milestones with their status."""
    st.dataframe(
        ui.cached_on(history.version(), area_tasks_table, lang, area, themes, um.today()),
        hide_index=True,
        key=f"ov_ms_{area}",
        column_config=um.column_cfg(
            TASK_COLUMNS, due_year=st.column_config.NumberColumn(ui.t("mst.col.due_year"), format="%d")
        ),
    )
