"""会议模式 / Meeting — one slide per view for the joint meeting, and the deck to hand out.

The slides are ``ipdash.frames.meeting.slide_plan``; the PPTX / PDF built by the export button (and
by ``python -m ipdash export``) lays out exactly the same plan.
"""

import streamlit as st

from ipdash import ui
from ipdash.frames import meeting, verdicts
from ipdash.ui import presenter

presenter.presenting_layout()
lang, illus = ui.lang(), ui.include_illustrative()
area_names = ui.cached(meeting.area_names, lang)
order_names = {o: ui.t(f"meet.order.{o}") for o in meeting.ORDERS}  # labels fixed now, not at format time
latest = ui.t("meet.as_of_all")

with (
    st.expander(ui.t("meet.settings"), icon=":material/tune:"),
    st.container(horizontal=True, vertical_alignment="bottom"),
):
    sel = st.multiselect(
        ui.t("meet.areas"),
        list(area_names),
        key=ui.fkey("meet_area"),
        bind="query-params",
        format_func=lambda a: area_names.get(a, a),
        width=520,
    )
    order = st.segmented_control(
        ui.t("meet.order"),
        list(meeting.ORDERS),
        default="area",
        required=True,
        key=ui.fkey("meet_order"),
        bind="query-params",
        format_func=order_names.get,
    )
    as_of = st.selectbox(
        ui.t("meet.as_of_pick"),
        [0, *ui.cached(verdicts.as_of_years, illus)[::-1]],
        key=ui.fkey("meet_asof"),
        bind="query-params",
        width=160,
        format_func=lambda y: latest if y == 0 else str(y),
    )
    presenter.language_switch()
areas, as_of = (sel or meeting.default_areas(list(area_names))), (as_of or None)
if not sel and len(areas) < len(area_names):
    st.caption(ui.t("meet.areas_default", n=len(areas), total=len(area_names)))

view = ui.view(as_of=as_of)
data = ui.cached(meeting.load, view=view)
plan = ui.cached(meeting.slide_plan, areas, order, view=view)
presenter.presenter(plan, data, view)
presenter.export_panel(areas, order, view, data)
