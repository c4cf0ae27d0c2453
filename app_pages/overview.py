"""总览 / Overview — a tile per target (status colour, icon and word), grouped by area and theme."""

import streamlit as st

from ipdash import catalog, status_meta, ui
from ipdash.charts import figures
from ipdash.engine import evaluate
from ipdash.frames import detail, overview, sources, verdicts
from ipdash.ui import widgets

lang, illus = ui.lang(), ui.include_illustrative()
latest_label = ui.t("ov.as_of_latest")  # fixed now, not at format time
st.header(ui.t("nav.overview"))
st.caption(ui.t("ov.caption"))

area_names = ui.cached(sources.area_names, lang)
full = ui.cached(verdicts.status_frame, view=ui.view())
statuses = [s for s in status_meta.STATUSES if s != "no_target"]
with st.container(horizontal=True, vertical_alignment="bottom"):
    sel_areas = st.multiselect(
        ui.t("filter.area"),
        list(area_names),
        **ui.bind("ov_area", area_names, multi=True, labels="area", placeholder=ui.t("ov.all")),
        format_func=lambda a: area_names.get(a, a),
    )
    sel_themes = st.multiselect(
        ui.t("filter.theme"),
        list(catalog.THEMES),
        **ui.bind("ov_theme", catalog.THEMES, multi=True, labels="theme", placeholder=ui.t("ov.all")),
        format_func=lambda th: verdicts.theme_label(th, lang),
    )
    sel_status = st.multiselect(
        ui.t("filter.status"),
        statuses,
        **ui.bind("ov_status", statuses, multi=True, labels="status", placeholder=ui.t("ov.all")),
        format_func=lambda s: f"{status_meta.STATUS_META[s]['icon']} {status_meta.status_label(s, lang)}",
    )
    sel_years = st.multiselect(
        ui.t("filter.year"),
        sorted(full["target_year"].dropna().astype(int).unique()),
        **ui.bind("ov_year", full["target_year"].dropna().astype(int).unique(), multi=True, placeholder=ui.t("ov.all")),
    )
    as_of = st.selectbox(
        ui.t("ov.as_of"),
        [0, *ui.cached(verdicts.as_of_years, illus)[::-1]],
        **ui.bind("ov_asof", [0, *ui.cached(verdicts.as_of_years, illus)], default=0, labels="as_of"),
        help=ui.t("ov.as_of_help"),
        format_func=lambda y: latest_label if y == 0 else str(y),
    )

frame = ui.cached(verdicts.status_frame, view=ui.view(as_of=as_of or None))
shown = verdicts.filter_status(frame, sel_areas, sel_themes, sel_status, sel_years)
counts = evaluate.status_counts(shown)
ui.illustrative_notice(shown)

st.subheader(ui.t("ov.counts"))
st.caption(ui.t("ov.counts_caption", n=len(shown)))
left, right = st.columns([1, 1], vertical_alignment="top")
with left:
    widgets.metric_row(counts)
    st.caption(ui.t("ov.legend"))
with right:
    st.plotly_chart(
        figures.status_bar(counts, lang),
        theme=None,
        key="ov_status_bar",
        config={"displaylogo": False},
        alt=ui.t("ov.counts"),
    )
    ui.downloads(counts, "ipdash-status-counts", key="dl_ov_counts")

if shown["area"].nunique() > overview.AREA_SUMMARY_MIN:  # county scale: aggregate, then page the tiles
    st.subheader(ui.t("ov.by_area"))
    by_area = overview.area_status_table(shown, lang)
    st.caption(ui.t("ov.by_area_caption", n=len(by_area)))
    ui.table(
        by_area,
        key="ov_by_area",
        alt=ui.t("ov.by_area"),
        height=320,
        column_config={
            f"n_{s}": st.column_config.NumberColumn(
                f"{status_meta.STATUS_META[s]['icon']} {status_meta.status_label(s, lang)}"
            )
            for s in statuses
        },
    )
    ui.downloads(by_area, "ipdash-overview-by-area", key="dl_ov_by_area")

st.subheader(ui.t("ov.tiles"))
if shown.empty:
    st.info(ui.t("ov.none"), icon=":material/filter_alt_off:")
ordered = overview.tile_order(shown, list(area_names))
n_pages = -(-len(ordered) // overview.TILES_PER_PAGE)
if n_pages > 1:
    page_no = st.selectbox(
        ui.t("ov.page"), list(range(1, n_pages + 1)), **ui.bind("ov_page", range(1, n_pages + 1), default=1), width=160
    )
    first = (min(page_no, n_pages) - 1) * overview.TILES_PER_PAGE
    ordered = ordered.iloc[first : first + overview.TILES_PER_PAGE]
    st.caption(ui.t("ov.page_caption", a=first + 1, b=first + len(ordered), n=len(shown), k=overview.TILES_PER_PAGE))
choices = ui.cached(detail.target_choices, lang)
for area in ordered["area"].unique():
    st.markdown(f"### {widgets.md(area_names[area])}")
    in_area = ordered[ordered["area"] == area]
    for theme in [th for th in catalog.THEMES if th in set(in_area["theme"])]:
        st.markdown(f"**{widgets.md(verdicts.theme_label(theme, lang))}**")
        with st.grid(4, min_column_width=260, gap="small"):
            for row in in_area[in_area["theme"] == theme].to_dict("records"):
                widgets.tile(row, choices[row["target_id"]], as_of=as_of or None)

no_quant = ui.cached(overview.no_target_areas, lang)
no_quant = no_quant[no_quant["area"].isin(sel_areas)] if sel_areas else no_quant
if not sel_status and not sel_themes and not sel_years:
    for r in no_quant.to_dict("records"):
        st.markdown(f"### {widgets.md(r['area_name'])}")
        with st.container(border=True):
            widgets.status_badge("no_target", r["status_label"], r["status_icon"])
            st.markdown(widgets.md(ui.t("ov.no_quant", n=r["n_milestones"])))
            st.page_link(
                "app_pages/targets.py",
                label=ui.t("nav.targets"),
                icon=":material/menu_book:",
                query_params={**widgets.shell_params(), ui.fkey("t_area"): r["area_name"]},
            )

table_box = st.expander(ui.t("ov.table"), key="ov_table_box", on_change="rerun")
if table_box.open:  # the full table (28 000 rows at county scale) is sent only when opened
    with table_box:
        ui.table(
            shown,
            key="ov_table",
            alt=ui.t("ov.table"),
            columns=[
                "target_id",
                "area_name",
                "indicator_name",
                "target_year",
                "status_icon",
                "status_label",
                "target_text",
                "current_text",
                "projected_text",
                "p_meet_text",
                "required_text",
                "explanation",
            ],
            column_config=widgets.column_config(
                [
                    "status_icon",
                    "status_label",
                    "target_text",
                    "current_text",
                    "projected_text",
                    "p_meet_text",
                    "required_text",
                    "explanation",
                ]
            ),
        )
        ui.downloads(shown, "ipdash-overview", key="dl_ov_table")
