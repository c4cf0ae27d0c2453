"""Sections of the 目标详情 / Target detail and 区域对比 / Compare pages (the pages stay ≤ 100 lines).

Every number shown comes from one frame of ``ipdash.frames`` (the status-frame row, the
what-if, the ranking): the metric cards show the same figures as the explanation above them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ipdash import fmt, i18n, status_meta, ui
from ipdash.charts import figures
from ipdash.engine import models, wording
from ipdash.frames import compare, detail, sources, verdicts
from ipdash.settings import ViewSettings
from ipdash.ui import widgets

METHOD_CHOICES = ["auto", *models.METHODS]


def _ok(x) -> bool:
    return x is not None and not pd.isna(x)


def detail_cards(row: dict, lang: str) -> None:
    """Target, where it stands, projection (with its interval), P(meet), the required pace — and
    the pace ratio R only when the status rests on it."""
    unit = verdicts.qunit(row)
    interval = None
    if row["basis"] != "actual" and _ok(row["lower_80"]):
        interval = ui.t(
            "det.interval", lo=fmt.fmt_value(row["lower_80"], unit, lang), hi=fmt.fmt_value(row["upper_80"], unit, lang)
        )
    cur = ui.t("vd.det.labelled", label=ui.t("det.current"), x=row["current_label"])
    with st.container(horizontal=True):
        st.metric(ui.t("det.target"), row["target_text"], border=True, width="content")
        st.metric(cur, row["current_text"], border=True, width="content")
        if row["basis"] != "actual":
            y = int(row["target_year"])
            st.metric(ui.t("det.projected", y=y), row["projected_text"], border=True, width="content", help=interval)
            st.metric(ui.t("det.p_meet"), row["p_meet_text"], border=True, width="content")
            req = ui.t("vd.det.required_base") if row["basis"] == "pace" else ui.t("det.required")
            st.metric(req, row["required_text"], border=True, width="content")
            if row["basis"] == "pace":
                r = fmt.fmt_ratio(row["pace_ratio"])
                st.metric(ui.t("det.pace"), r, border=True, width="content", help=ui.t("det.pace_help"))
    notes = [
        ui.t(
            "det.used_method",
            m=ui.t(f"det.method.{row['method']}") if row["method"] else fmt.DASH,
            n=int(row["n_points"] or 0),
        )
    ]
    if interval:
        notes.append(interval)
        if _ok(row.get("interval_factor")):
            notes.append(ui.t("vd.calibrated", k=f"{row['interval_factor']:.2f}"))
    st.caption(" · ".join(notes))
    if row.get("low_confidence"):
        st.warning(ui.t("vd.low_conf_note"), icon=":material/warning:")


def detail_chart(tid: str, frame: pd.DataFrame, row: dict, lang: str) -> None:
    st.subheader(ui.t("det.chart"))
    fig = figures.detail_figure(frame, row, lang)
    st.plotly_chart(fig, theme=None, key="det_chart", config={"displaylogo": False}, alt=ui.t("det.chart"))
    cum = " " + ui.t("det.chart_cum", ps=row["period_start"]) if row["aggregation"] == "cumulative" else ""
    st.caption(ui.t("det.chart_caption") + cum)
    ui.downloads(frame, f"ipdash-{tid}-chart", key="dl_det_chart")


def detail_what_if(tid: str, row: dict, view: ViewSettings) -> None:
    """The what-if, starting where the verdict's own path goes (so its default agrees with it)."""
    st.subheader(ui.t("det.whatif"))
    if row["basis"] == "actual":
        st.caption(ui.t("det.whatif_decided", y=int(row["target_year"])))
        return
    start = ui.cached(detail.what_if_default, tid, view=view)
    key = ui.fkey("det_growth")
    if st.session_state.get("_det_growth_for") not in (None, tid) or (
        key not in st.session_state and key not in st.query_params
    ):
        st.session_state[key] = start.growth_pct  # a new target: start at its own default
    st.session_state["_det_growth_for"] = tid
    lo, hi = min(-20.0, start.growth_pct - 10), max(60.0, start.growth_pct + 10)
    lo, hi = min(lo, st.session_state.get(key, lo)), max(hi, st.session_state.get(key, hi))
    growth = st.slider(ui.t("det.growth"), lo, hi, step=0.1, key=key, bind="query-params", format="%.1f%%")
    if start.note:
        st.caption(start.note)
    wi = ui.cached(detail.what_if_result, tid, growth / 100, view=view)
    if wi.get("meets") is None:
        st.info(ui.t("det.whatif_na", s=wi.get("status")), icon=":material/info:")
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        unit = verdicts.qunit(row)
        ref = wi["target_value"] if unit == "%" else wi["threshold"]
        value = wording.value(wi["compared_value"], unit, view.lang, ref=ref)
        st.metric(ui.t("det.whatif_value", y=int(row["target_year"])), value, border=True, width="content")
        need = fmt.fmt_pct(wi.get("required_growth"), view.lang, 1)
        st.metric(ui.t("det.whatif_need"), need, border=True, width="content")
        if wi["status"] in ("achieved", "missed"):
            meta = status_meta.STATUS_META[wi["status"]]
            widgets.status_badge(wi["status"], meta["en" if view.lang == "en" else "zh"], meta["icon"])
        else:  # a path meets or misses; only the verdict above weighs how likely it is
            st.badge(ui.t("vd.whatif.meets" if wi["meets"] else "vd.whatif.misses"), color="gray")
    st.markdown(widgets.md(wi["explanation_en" if view.lang == "en" else "explanation_zh"]))


def detail_sources(tid: str, view: ViewSettings) -> None:
    """Every value with its provenance, then the clause and its document."""
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
    st.subheader(ui.t("det.source"))
    src = ui.cached(detail.source_clause, tid, view.lang)
    with st.container(border=True):
        st.markdown(ui.t("vd.det.clause", x=widgets.md(src["clause"])))
        where = src["source_file"] or src["source_url"] or fmt.DASH
        st.caption(
            widgets.md(ui.t("det.doc", title=src["doc_title"], number=src["doc_number"] or fmt.DASH, file=where))
        )
        st.markdown(ui.t("vd.det.assumptions", label=ui.t("det.assumptions"), x=widgets.md(src["assumptions"])))
    with st.expander(ui.t("det.fulltext"), icon=":material/description:"):
        st.text(ui.cached(sources.document_text, src["doc_id"]))


def compare_ranking(ind: str, areas: tuple, per_capita: bool, view: ViewSettings) -> None:
    """The ranking of one year, like with like, with the sentence that says so."""
    year, _ = ui.cached(compare.rank_year, ind, areas, per_capita, view=view)
    st.subheader(ui.t("vd.cmp.ranking_title", y=year if year is not None else fmt.DASH))
    ranking = ui.cached(compare.compare_ranking, ind, areas, per_capita, view=view)
    alt = ui.t("cmpv.ranking")
    st.plotly_chart(
        figures.ranking_figure(ranking, view.lang), theme=None, key="cmp_rank", config={"displaylogo": False}, alt=alt
    )
    st.caption(ui.cached(compare.ranking_note, ind, areas, per_capita, view=view))
    ui.table(
        ranking,
        key="cmp_rank_table",
        alt=alt,
        columns=["rank", "area_name", "year", "value", "unit", "target_text", "share_text"],
        column_config=widgets.column_config(
            ["rank", "value"],
            year=st.column_config.NumberColumn(ui.t("v.col.year"), format="%d"),
            value=st.column_config.NumberColumn(ui.t("v.col.value"), format="%.1f"),
            target_text=st.column_config.TextColumn(ui.t("vd.col.rank_target")),
            share_text=st.column_config.TextColumn(ui.t("v.col.share_of_target")),
        ),
    )
    ui.downloads(ranking, f"ipdash-ranking-{ind}", key="dl_cmp_rank")


def compare_multiples(inds: dict[str, str], areas: tuple, per_capita: bool, view: ViewSettings) -> None:
    st.subheader(ui.t("cmpv.multi"))
    multi = st.multiselect(
        ui.t("cmpv.multi_pick"),
        list(inds),
        default=list(inds)[:4],
        format_func=lambda c: inds.get(c, c),
        key=ui.fkey("cmp_multi"),
        bind="query-params",
    )
    if not multi:
        return
    sm = ui.cached(compare.small_multiples_frame, tuple(multi), areas, per_capita, view=view)
    parts = [ui.cached(compare.compare_targets, i, areas, per_capita, view=view).assign(indicator=i) for i in multi]
    fig = figures.small_multiples(sm, view.lang, pd.concat(parts, ignore_index=True))
    st.plotly_chart(fig, theme=None, key="cmp_multi_chart", config={"displaylogo": False}, alt=ui.t("cmpv.multi"))
    ui.downloads(sm, "ipdash-small-multiples", key="dl_cmp_multi")


def method_label(m: str, lang: str) -> str:
    return i18n.t(f"det.method.{m}", lang)
