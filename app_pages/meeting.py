"""会议模式 / Meeting — one slide per view for the joint meeting, the presenter view, and the deck.

The slides are ``ipdash.frames.deck_plan.slide_plan``; the PPTX / PDF built by the export button (and
by ``python -m ipdash export``) lays out exactly the same plan. Every option, the slide number and
the presenter view live in the URL as codes, so a reload or a copied link shows the same slide.
"""

import dataclasses

import streamlit as st

from ipdash import ui
from ipdash.frames import changes, checkin_text, deck_plan, meeting, sources, verdicts
from ipdash.store import milestones as history
from ipdash.ui import brief_view, commitments_view, deck_export, presenter

present = presenter.presenting()
presenter.layout(present)
lang, illus = ui.lang(), ui.include_illustrative()
area_names = ui.cached(sources.area_names, lang)
order_names = {o: ui.t(f"meet.order.{o}") for o in meeting.ORDERS}  # labels fixed now, not at format time
versions = {"": ui.t("pres.since_none"), **ui.cached(changes.versions, lang)}
latest = ui.t("meet.as_of_all")

if not present:
    with (
        st.expander(ui.t("meet.settings"), icon=":material/tune:"),
        st.container(horizontal=True, vertical_alignment="bottom"),
    ):
        sel = st.multiselect(
            ui.t("meet.areas"),
            list(area_names),
            format_func=lambda a: area_names.get(a, a),
            width=520,
            **ui.bind("meet_area", area_names, multi=True, labels="area", placeholder=ui.t("ov.all")),
        )
        st.segmented_control(
            ui.t("meet.order"),
            list(meeting.ORDERS),
            default="area",
            required=True,
            format_func=order_names.get,
            **ui.bind("meet_order", meeting.ORDERS, default="area", labels="order"),
        )
        st.selectbox(
            ui.t("meet.as_of_pick"),
            [0, *ui.cached(verdicts.as_of_years, illus)[::-1]],
            width=160,
            format_func=lambda y: latest if y == 0 else str(y),
            **ui.bind("meet_asof", [0, *ui.cached(verdicts.as_of_years, illus)], default=0, labels="meet_as_of"),
        )
        st.selectbox(
            ui.t("pres.since"),
            list(versions),
            format_func=versions.get,
            help=ui.t("pres.since_help"),
            width=360,
            **ui.bind("meet_since", list(versions), default=""),
        )
        st.toggle(ui.t("meet.appendix"), help=ui.t("meet.appendix_help"), **ui.bind("meet_app", default=False))
        st.toggle(ui.t("sup.toggle"), help=ui.t("sup.toggle_help"), **ui.bind("meet_superseded", default=False))
        presenter.language_switch()
else:  # the options stand as the URL has them
    for base, opts, kw in (
        ("meet_area", area_names, {"multi": True}),
        ("meet_order", meeting.ORDERS, {"default": "area"}),
        ("meet_asof", [0, *ui.cached(verdicts.as_of_years, illus)], {"default": 0}),
        ("meet_since", list(versions), {"default": ""}),
        ("meet_app", None, {"default": False}),
        ("meet_superseded", None, {"default": False}),
    ):
        ui.bind(base, opts, **kw)
sel = st.session_state.get("meet_area") or []
order = st.session_state.get("meet_order") or "area"
as_of, since = st.session_state.get("meet_asof") or None, st.session_state.get("meet_since") or None
appendix = bool(st.session_state.get("meet_app"))
areas = sel or meeting.default_areas(list(area_names))
if not sel and len(areas) < len(area_names) and not present:
    st.caption(ui.t("meet.areas_default", n=len(areas), total=len(area_names)))

view = dataclasses.replace(ui.view(as_of=as_of), include_superseded=bool(st.session_state.get("meet_superseded")))
data = ui.cached(meeting.load, view=view)
plan = ui.cached(
    deck_plan.slide_plan,
    areas,
    order,
    view=view,
    since=since,
    milestones_version=history.version(),
    checkins_version=checkin_text.version(),
    appendix=appendix,
)
presenter.presenter(plan, data, view, present)
if not present:
    deck_export.export_panel(areas, order, view, data, since, appendix, plan)
    commitments_view.section()
    brief_view.brief_panel(lang)
