"""目标详情 / Target detail — actuals, projection fan, target, why, what-if, provenance, source clause."""

import streamlit as st

from ipdash import i18n, ui
from ipdash.frames import detail, sources, verdicts
from ipdash.ui import verdict_views, widgets

lang, illus = ui.lang(), ui.include_illustrative()
latest_label = ui.t("ov.as_of_latest")  # fixed now, not at format time
st.header(ui.t("nav.detail"))

choices = ui.cached(detail.target_choices, lang)
open_now = ui.cached(verdicts.status_frame, view=ui.view()).query("basis != 'actual'")["target_id"]
default = open_now.iloc[0] if len(open_now) else next(iter(choices))
with st.container(horizontal=True, vertical_alignment="bottom"):
    if len(choices) > detail.PICKER_MAX:  # county scale: the area first, then its targets (both searchable)
        area_of = ui.cached(detail.target_areas)
        default = widgets.current_target(choices, "det_target") or default
        area_names = ui.cached(sources.area_names, lang)
        have = set(area_of.values())
        areas = [a for a in area_names if a in have]
        area = st.selectbox(
            ui.t("filter.area"),
            areas,
            index=areas.index(area_of[default]),
            key=ui.fkey("det_area"),
            format_func=area_names.get,
            width=260,
        )
        choices = {k: v for k, v in choices.items() if area_of[k] == area}
        default = default if default in choices else next(iter(choices))
    tid = st.selectbox(
        ui.t("det.pick"),
        list(choices),
        format_func=choices.get,
        key=ui.fkey("det_target"),
        index=list(choices).index(default),
        bind="query-params",
        width=520,
    )
    method = st.segmented_control(
        ui.t("det.method"),
        verdict_views.METHOD_CHOICES,
        default="auto",
        required=True,
        key=ui.fkey("det_method"),
        bind="query-params",
        help=ui.t("det.method_help"),
        format_func=lambda m, lg=lang: i18n.t(f"det.method.{m}", lg),
    )
    as_of = st.selectbox(
        ui.t("ov.as_of"),
        [0, *ui.cached(verdicts.as_of_years, illus)[::-1]],
        key=ui.fkey("det_asof"),
        bind="query-params",
        help=ui.t("ov.as_of_help"),
        width=160,
        format_func=lambda y: latest_label if y == 0 else str(y),
    )
method, as_of = (None if method == "auto" else method), (as_of or None)

view = ui.view(as_of=as_of, method=method)
row = ui.cached(detail.target_row, tid, view=view)
frame = ui.cached(detail.detail_frame, tid, view=view)
ui.illustrative_notice(frame)

with st.container(horizontal=True, vertical_alignment="center"):
    widgets.status_badge(row["status"], row["status_label"], row["status_icon"])
    st.markdown(f"**{widgets.md(choices[tid])}**")
st.subheader(ui.t("det.why"))
st.info(widgets.md(row["explanation"]), icon=":material/lightbulb:")
verdict_views.detail_cards(row, lang)
verdict_views.detail_chart(tid, frame, row, lang)
verdict_views.detail_what_if(tid, row, view)
verdict_views.detail_sources(tid, view)
