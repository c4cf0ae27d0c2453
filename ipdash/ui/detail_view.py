"""Parts of the 目标详情 / Target detail view (app_pages/detail.py stays a thin script).

The chart is built once per target, view and data version (``figure`` through ``ui.cached``;
``st.plotly_chart`` only serialises it), the what-if is a fragment (moving its slider reruns
only the what-if), and the default target is looked up once per data version.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ipdash import fmt, i18n, status_meta, ui
from ipdash.charts import figures
from ipdash.engine import scenario, wording
from ipdash.frames import detail, sources, verdicts
from ipdash.frames.records import CatalogTarget, StatusRow
from ipdash.settings import METHODS, Method, ViewSettings
from ipdash.ui import widgets

METHOD_CHOICES = ["auto", *METHODS]


class Pick(NamedTuple):
    """What the picker row chose: the target, the method (None = auto) and the as-of year."""

    target_id: str
    method: Method | None
    as_of: int | None


def picker() -> Pick:
    """Target (at county scale the area first, then its targets; both searchable), method, as-of."""
    lang, latest = ui.lang(), ui.t("ov.as_of_latest")
    choices = ui.cached(detail.target_choices, lang)
    default = ui.cached(detail.default_target, view=ui.view())
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if len(choices) > detail.PICKER_MAX:
            area_of = ui.cached(detail.target_areas)
            default = widgets.current_target(choices, "det_target") or default
            area_names = ui.cached(sources.area_names, lang)
            have = set(area_of.values())
            areas = [a for a in area_names if a in have]
            area = st.selectbox(
                ui.t("filter.area"),
                areas,
                index=areas.index(area_of[default]),
                key="det_area",
                format_func=area_names.get,
                width=260,
            )
            choices = {k: v for k, v in choices.items() if area_of[k] == area}
            default = default if default in choices else next(iter(choices))
        tid = st.selectbox(
            ui.t("det.pick"),
            list(choices),
            format_func=choices.get,
            index=list(choices).index(default),
            **ui.bind("det_target", choices, default=default, labels="target"),
            width=520,
        )
        method = st.segmented_control(
            ui.t("det.method"),
            METHOD_CHOICES,
            default="auto",
            required=True,
            **ui.bind("det_method", METHOD_CHOICES, default="auto", labels="method"),
            help=ui.t("det.method_help"),
            format_func=lambda m: i18n.t(f"det.method.{m}", lang),
        )
        as_of = st.selectbox(
            ui.t("ov.as_of"),
            [0, *ui.cached(verdicts.as_of_years, ui.include_illustrative())[::-1]],
            **ui.bind(
                "det_asof", [0, *ui.cached(verdicts.as_of_years, ui.include_illustrative())], default=0, labels="as_of"
            ),
            help=ui.t("ov.as_of_help"),
            width=160,
            format_func=lambda y: latest if y == 0 else str(y),
        )
    chosen: Method | None = next((m for m in METHODS if m == method), None)
    return Pick(tid, chosen, as_of or None)


def _ok(x) -> bool:
    return x is not None and not pd.isna(x)


def headline(row: StatusRow, lang: str) -> None:
    """Target, where it stands, and (while open) projection with its interval, P(meet), the
    required pace — and the pace ratio R only when the status rests on it; a low-confidence
    projection (plausibility guard) says so."""
    unit = verdicts.qunit(row)
    interval = None
    if row["basis"] != "actual" and _ok(row["lower_80"]):
        interval = ui.t(
            "det.interval", lo=fmt.fmt_value(row["lower_80"], unit, lang), hi=fmt.fmt_value(row["upper_80"], unit, lang)
        )
    current = ui.t("det.current_with", what=ui.t("det.current"), when=row["current_label"])
    with st.container(horizontal=True):
        st.metric(ui.t("det.target"), row["target_text"], border=True, width="content")
        st.metric(current, row["current_text"], border=True, width="content")
        if row["basis"] != "actual":
            st.metric(
                ui.t("det.projected", y=verdicts.year_shown(row)),
                row["projected_text"],
                help=interval,
                border=True,
                width="content",
            )
            st.metric(ui.t("det.p_meet"), row["p_meet_text"], border=True, width="content")
            req = ui.t("vd.det.required_base") if row["basis"] == "pace" else ui.t("det.required")
            st.metric(req, row["required_text"], border=True, width="content")
            if row["basis"] == "pace":
                r = fmt.fmt_ratio(row["pace_ratio"])
                st.metric(ui.t("det.pace"), r, help=ui.t("det.pace_help"), border=True, width="content")
    method = ui.t(f"det.method.{row['method']}") if row["method"] else fmt.DASH
    notes = [ui.t("det.used_method", m=method, n=int(row["n_points"] or 0))]
    if interval:
        notes.append(interval)
        if _ok(row.get("interval_factor")):
            notes.append(ui.t("vd.calibrated", k=f"{row['interval_factor']:.2f}"))
    st.caption(" · ".join(notes))
    if row.get("low_confidence"):
        st.warning(ui.t("vd.low_conf_note"), icon=":material/warning:")


def figure(target_id: str, *, view: ViewSettings) -> go.Figure:
    """The detail chart; call it through ``ui.cached`` (one figure per target, view and data
    version, shared: ``st.plotly_chart`` only reads it)."""
    row = ui.cached(detail.target_row, target_id, view=view)
    frame = ui.cached(detail.detail_frame, target_id, view=view)
    return figures.detail_figure(frame, row, view.lang)


@ui.fragment
def what_if(target_id: str, row: StatusRow, view: ViewSettings) -> None:
    """An assumed yearly growth → the value reached in the target year and whether it meets the
    target. It starts at the growth that retraces the verdict's own path, so its default agrees."""
    if row["basis"] == "actual":
        st.caption(ui.t("det.whatif_decided", y=verdicts.year_shown(row)))
        return
    start = ui.cached(detail.what_if_default, target_id, view=view)
    key = "det_growth"
    if st.session_state.get("_det_growth_for") not in (None, target_id) or (
        key not in st.session_state and key not in st.query_params
    ):
        st.session_state[key] = start.growth_pct  # a new target: start at its own default
    st.session_state["_det_growth_for"] = target_id
    bound = ui.bind(key, default=start.growth_pct)  # a link's value wins when the page is entered through it
    lo, hi = min(-20.0, start.growth_pct - 10), max(60.0, start.growth_pct + 10)
    lo, hi = min(lo, st.session_state.get(key, lo)), max(hi, st.session_state.get(key, hi))
    growth = st.slider(ui.t("det.growth"), lo, hi, step=0.1, format="%.1f%%", **bound)
    if start.note:
        st.caption(start.note)
    wi: scenario.WhatIfResult = ui.cached(detail.what_if_result, target_id, growth / 100, view=view)
    if wi.get("meets") is None:
        st.info(ui.t("det.whatif_na", s=status_meta.status_label(wi["status"], view.lang)), icon=":material/info:")
        return
    lang = view.lang
    with st.container(horizontal=True, vertical_alignment="center"):
        unit = verdicts.qunit(row)
        ref = wi["target_value"] if unit == "%" else wi["threshold"]
        value = wording.value(wi["compared_value"], unit, lang, ref=ref)
        st.metric(ui.t("det.whatif_value", y=verdicts.year_shown(row)), value, border=True, width="content")
        need = fmt.fmt_pct(wi.get("required_growth"), lang, 1)
        st.metric(ui.t("det.whatif_need"), need, border=True, width="content")
        if wi["status"] in ("achieved", "missed"):
            meta = status_meta.STATUS_META[wi["status"]]
            widgets.status_badge(wi["status"], meta["en" if lang == "en" else "zh"], meta["icon"])
        else:  # a path meets or misses; only the verdict above weighs how likely it is
            st.badge(ui.t("vd.whatif.meets" if wi["meets"] else "vd.whatif.misses"), color="gray")
    st.markdown(widgets.md(wi["explanation_en"] if lang == "en" else wi["explanation_zh"]))


def source(target_id: str, lang: str) -> None:
    """The clause verbatim, its document, the assumptions, and the document's full text."""
    src: CatalogTarget = ui.cached(detail.source_clause, target_id, lang)
    with st.container(border=True):
        st.markdown("### " + ui.t("det.clause_quote", clause=widgets.md(src["clause"])))
        file = src["source_file"] or src["source_url"] or fmt.DASH
        doc = ui.t("det.doc", title=src["doc_title"], number=src["doc_number"] or fmt.DASH, file=file)
        st.caption(widgets.md(doc))
        st.markdown(ui.t("det.assumptions_line", label=ui.t("det.assumptions"), text=widgets.md(src["assumptions"])))
    with st.expander(ui.t("det.fulltext"), icon=":material/description:"):
        st.text(ui.cached(sources.document_text, src["doc_id"]))
