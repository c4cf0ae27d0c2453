"""总览 / Overview — a tile per target (status colour, icon and word), grouped by area and theme.

Cheap to serve (bench/load.py): the tiles are one HTML block per area (``ipdash.ui.tiles``); the
frames behind counts, chart, summary and tile order are kept per filter choice and shared by every
session (``ipdash.ui.overview_view``); the pager and the results table are fragments, so using them
reruns only their part."""

import streamlit as st

from ipdash import ui
from ipdash.frames import overview
from ipdash.ui import history_view, tiles, widgets
from ipdash.ui import overview_view as ov

lang = ui.lang()
st.header(ui.t("nav.overview"))
st.caption(ui.t("ov.caption"))

f = ov.filters(ui.cached(overview.target_years))
view = ui.view(as_of=f.as_of)
shown = ui.cached(ov.filtered_status, view=view, filters=f)
counts = ui.cached(ov.counts, view=view, filters=f)
ui.illustrative_notice(shown)

st.subheader(ui.t("ov.counts"), help=ui.t("ov.legend"))  # the thresholds behind each status: on the ⓘ
st.caption(ui.t("ov.counts_caption", n=len(shown)))
with st.container(key="ov_counts"):  # the counts as one row of chips: the first tiles stay on the first screen
    ov.metrics(view, f)

by_area = ui.cached(ov.by_area, view=view, filters=f)
if len(by_area) > overview.AREA_SUMMARY_MIN:  # county scale: aggregate, then page the tiles
    st.subheader(ui.t("ov.by_area"))
    st.caption(ui.t("ov.by_area_caption", n=len(by_area)))
    cfg = ov.status_count_columns()
    kept = ui.cached(ov.by_area_table, view=view, filters=f)  # the table as sent, per choice
    ui.table(kept, key="ov_by_area", alt=ui.t("ov.by_area"), height=320, column_config=cfg)
    ui.downloads(by_area, "ipdash-overview-by-area", key="dl_ov_by_area")


@ui.fragment
def tile_section(f: ov.OverviewFilters, view, ms_lines: dict[str, str]) -> None:
    """The tiles, a page at a time at county scale (changing the page reruns only this part)."""
    rows = ui.cached(ov.tile_rows, view=view, filters=f)
    n, n_pages = len(rows), -(-len(rows) // overview.TILES_PER_PAGE)
    if n_pages > 1:
        pages = list(range(1, n_pages + 1))
        page_no = st.selectbox(ui.t("ov.page"), pages, **ui.bind("ov_page", pages, default=1), width=160)
        first = (min(page_no, n_pages) - 1) * overview.TILES_PER_PAGE
        rows = rows.iloc[first : first + overview.TILES_PER_PAGE]
        a, b, k = first + 1, first + len(rows), overview.TILES_PER_PAGE
        st.caption(ui.t("ov.page_caption", a=a, b=b, n=n, k=k))
    tiles.render(rows, view=view, under_heading=lambda area: ov.area_line(ms_lines, area))


tiles_box, no_quant_box = st.container(), st.container()  # the tiles first; the tasks' table and the chart below
ms_lines = ov.milestone_counts(lang, f.areas, f.themes)  # qualitative tasks by status, per area
ov.status_chart(counts, view, f)
with tiles_box:  # no "tiles" heading: each area's heading leads its tiles (a row above the fold at 1440×900)
    if shown.empty:
        st.info(ui.t("ov.none"), icon=":material/filter_alt_off:")
    tile_section(f, view, ms_lines)

no_quant = ui.cached(overview.no_target_areas, lang)
no_quant = no_quant[no_quant["area"].isin(f.areas)] if f.areas else no_quant
if not f.statuses and not f.themes and not f.years:
    with no_quant_box:
        for r in no_quant.to_dict("records"):
            st.markdown(f"### {widgets.md(r['area_name'])}")
            with st.container(border=True):
                widgets.status_badge("no_target", r["status_label"], r["status_icon"])
                st.markdown(widgets.md(ui.t("ov.no_quant", n=r["n_milestones"])))
                ov.area_line(ms_lines, r["area"])
                ov.area_tasks(r["area"], lang, f.themes)  # its tasks with their status: a real group
                st.page_link(
                    "app_pages/targets.py",
                    label=ui.t("nav.targets"),
                    icon=":material/menu_book:",
                    query_params={**widgets.shell_params(), "t_area": r["area"]},
                )


@ui.fragment
def results_table(f: ov.OverviewFilters, view) -> None:
    """The full results table, sent only while its expander is open (28 000 rows at county scale);
    opening it reruns only this part."""
    box = st.expander(ui.t("ov.table"), key="ov_table_box", on_change="rerun")
    if box.open:
        with box:
            rows = ui.cached(ov.filtered_status, view=view, filters=f)
            cfg = widgets.column_config(overview.TABLE_TEXT_COLUMNS)
            ui.table(rows, key="ov_table", alt=ui.t("ov.table"), columns=overview.TABLE_COLUMNS, column_config=cfg)
            ui.downloads(rows, "ipdash-overview", key="dl_ov_table")


ov.superseded_caption(view, f)  # under the tiles: a row of tiles stays above the fold at 1440×900
history_view.late_figures(lang, f.areas)
results_table(f, view)
