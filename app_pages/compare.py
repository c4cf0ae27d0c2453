"""区域对比 / Compare — one indicator across areas (absolute or per 10 000 residents), ranking, small multiples.

Like with like: the city's absolute totals get a panel of their own; the ranking compares one year."""

import streamlit as st

from ipdash import ui
from ipdash.frames import compare, sources
from ipdash.ui import compare_view, phone, widgets

lang, illus, view = ui.lang(), ui.include_illustrative(), ui.view()
st.header(ui.t("nav.compare"))

inds = ui.cached(compare.compare_indicators, lang)
area_names = ui.cached(sources.area_names, lang)
with st.container(horizontal=True, vertical_alignment="bottom"):
    ind = st.selectbox(
        ui.t("cmpv.indicator"),
        list(inds),
        format_func=inds.get,
        width=420,
        **ui.bind("cmp_ind", inds, labels="indicator"),
    )
    areas = st.multiselect(
        ui.t("filter.area"),
        list(area_names),
        **ui.bind("cmp_area", area_names, multi=True, labels="area", placeholder=ui.t("ov.all")),
        format_func=lambda a: area_names.get(a, a),
    )
    per_capita = st.toggle(ui.t("cmpv.per_capita"), **ui.bind("cmp_pc", default=False))
areas = tuple(areas) or ui.cached(compare.compare_default_areas, ind, per_capita, view=view)
if areas and not st.session_state.get("cmp_area"):
    st.caption(ui.t("cmpv.top_note", n=len(areas)))
frame = ui.cached(compare.compare_frame, ind, areas, per_capita, view=view)
if per_capita:
    st.caption(ui.t("cmpv.pc_note") if frame["per_capita"].any() else ui.t("cmpv.pc_na"))
targets = ui.cached(compare.compare_targets, ind, areas, per_capita, view=view)
ui.illustrative_notice(frame)

st.subheader(ui.t("cmpv.trend"))
st.plotly_chart(
    phone.figure(ui.cached(compare_view.trend_chart, ind, areas, per_capita, view)),  # kept per choice
    theme=None,
    key="cmp_chart",
    config={"displaylogo": False},
    alt=ui.t("cmpv.trend"),
)
st.caption(ui.t("cmpv.trend_caption"))
ui.downloads(frame, f"ipdash-compare-{ind}", key="dl_cmp_frame")

st.markdown(f"**{ui.t('cmpv.targets')}**")
if targets.empty:
    st.caption(ui.t("cmpv.no_targets"))
else:
    ui.table(
        targets.assign(aggregation=targets["aggregation"].map(lambda a: ui.t(f"agg.{a}"))),
        key="cmp_targets",
        alt=ui.t("cmpv.targets"),
        columns=[
            "area_name",
            "target_id",
            "target_year",
            "aggregation",
            "target_text",
            "drawn",
            "document",
            "superseded_note",
        ],
        column_config=widgets.column_config(["target_text", "drawn", "aggregation"], **compare_view.doc_columns()),
    )
    ui.downloads(targets, f"ipdash-compare-{ind}-targets", key="dl_cmp_targets")

compare_view.ranking_section(ind, areas, per_capita, view)
compare_view.multiples_section(inds, areas, per_capita, view)
