"""目标详情 / Target detail — actuals, projection fan, target, why, what-if, provenance, source clause.

Cheap to serve (bench/load.py): the chart is built once per target and view (``detail_view.figure``),
the what-if is a fragment; the parts live in ``ipdash.ui.detail_view``."""

import streamlit as st

from ipdash import ui
from ipdash.frames import detail
from ipdash.ui import checkins_view, detail_view, history_view, phone, widgets

lang = ui.lang()
st.header(ui.t("nav.detail"))

tid, method, as_of = detail_view.picker()
view = ui.view(as_of=as_of, method=method)
row = ui.cached(detail.target_row, tid, view=view)
frame = ui.cached(detail.detail_frame, tid, view=view)
ui.illustrative_notice(frame)

with st.container(horizontal=True, vertical_alignment="center"):
    widgets.status_badge(row["status"], row["status_label"], row["status_icon"])
    st.markdown(f"**{widgets.md(ui.cached(detail.target_choices, lang)[tid])}**")
st.subheader(ui.t("det.why"))
st.info(widgets.md(row["explanation"]), icon=":material/lightbulb:")
detail_view.headline(row, lang)

st.subheader(ui.t("det.chart"))
st.plotly_chart(
    phone.figure(ui.cached(detail_view.figure, tid, view=view)),
    theme=None,
    key="det_chart",
    config={"displaylogo": False},
    alt=ui.t("det.chart"),
)
st.caption(
    ui.t("det.chart_caption")
    + (" " + ui.t("det.chart_cum", ps=row["period_start"]) if row["aggregation"] == "cumulative" else "")
)
ui.downloads(frame, f"ipdash-{tid}-chart", key="dl_det_chart")
history_view.strip(tid, view)

checkins_view.section(tid, lang)

st.subheader(ui.t("det.whatif"))
detail_view.what_if(tid, row, view)

st.subheader(ui.t("det.values"))
values = ui.cached(detail.values_table, tid, view=view)
ui.table(
    values.assign(provenance=values["provenance"].map(lambda p: ui.t(f"prov.{p}"))),
    key="det_values",
    alt=ui.t("det.values"),
    columns=["year", "value", "unit", "provenance", "confidence", "source_url", "note", "batch_id"],
    column_config=widgets.column_config(
        ["year", "value", "provenance", "confidence", "note", "batch_id"],
        source_url=st.column_config.LinkColumn(ui.t("v.col.source_url")),
        year=st.column_config.NumberColumn(ui.t("v.col.year"), format="%d"),
    ),
)
ui.downloads(values, f"ipdash-{tid}-values", key="dl_det_values")
history_view.freshness_note(row["area"], row["indicator"], lang)

st.subheader(ui.t("det.source"))
detail_view.source(tid, lang)
