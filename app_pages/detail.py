"""目标详情 / Target detail — actuals, projection fan, target, why, what-if, provenance, source clause."""

import streamlit as st

from ipdash import fmt, i18n, status_meta, ui
from ipdash.charts import figures
from ipdash.frames import detail, sources, verdicts
from ipdash.ui import widgets

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
        index=list(choices).index(default),
        **ui.bind("det_target", choices, default=default, labels="target"),
        width=520,
    )
    method = st.segmented_control(
        ui.t("det.method"),
        ["auto", "linear", "loglinear"],
        default="auto",
        required=True,
        **ui.bind("det_method", ["auto", "linear", "loglinear"], default="auto", labels="method"),
        help=ui.t("det.method_help"),
        format_func=lambda m, lg=lang: i18n.t(f"det.method.{m}", lg),
    )
    as_of = st.selectbox(
        ui.t("ov.as_of"),
        [0, *ui.cached(verdicts.as_of_years, illus)[::-1]],
        **ui.bind("det_asof", [0, *ui.cached(verdicts.as_of_years, illus)], default=0, labels="as_of"),
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

interval = (
    ui.t(
        "det.interval",
        lo=fmt.fmt_value(row["lower_80"], verdicts.qunit(row), lang),
        hi=fmt.fmt_value(row["upper_80"], verdicts.qunit(row), lang),
    )
    if row["basis"] != "actual" and row["lower_80"] == row["lower_80"]
    else None
)
with st.container(horizontal=True):
    st.metric(ui.t("det.target"), row["target_text"], border=True, width="content")
    st.metric(
        f"{ui.t('det.current')}（{row['current_label']}）"
        if lang == "zh"
        else f"{ui.t('det.current')} ({row['current_label']})",
        row["current_text"],
        border=True,
        width="content",
    )
    if row["basis"] != "actual":
        st.metric(
            ui.t("det.projected", y=int(row["target_year"])),
            row["projected_text"],
            border=True,
            width="content",
            help=interval,
        )
        st.metric(ui.t("det.p_meet"), row["p_meet_text"], border=True, width="content")
        st.metric(ui.t("det.required"), row["required_text"], border=True, width="content")
        st.metric(
            ui.t("det.pace"), fmt.fmt_ratio(row["pace_ratio"]), border=True, width="content", help=ui.t("det.pace_help")
        )
st.caption(
    ui.t(
        "det.used_method",
        m=ui.t(f"det.method.{row['method']}") if row["method"] else fmt.DASH,
        n=int(row["n_points"] or 0),
    )
    + (f" · {interval}" if interval else "")
)

st.subheader(ui.t("det.chart"))
st.plotly_chart(
    figures.detail_figure(frame, row, lang),
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

st.subheader(ui.t("det.whatif"))
if row["basis"] == "actual":
    st.caption(ui.t("det.whatif_decided", y=int(row["target_year"])))
else:
    growth = st.slider(
        ui.t("det.growth"), -20.0, 60.0, 10.0, 0.5, format="%.1f%%", **ui.bind("det_growth", default=10.0)
    )
    wi = ui.cached(detail.what_if_result, tid, growth / 100, view=view)
    if wi.get("meets") is None:
        st.info(ui.t("det.whatif_na", s=status_meta.status_label(wi.get("status"), lang)), icon=":material/info:")
    else:
        meta = status_meta.STATUS_META[wi["status"]]
        with st.container(horizontal=True, vertical_alignment="center"):
            st.metric(
                ui.t("det.whatif_value", y=int(row["target_year"])),
                fmt.fmt_value(wi["compared_value"], verdicts.qunit(row), lang),
                border=True,
                width="content",
            )
            st.metric(
                ui.t("det.whatif_need"), fmt.fmt_pct(wi.get("required_growth"), lang, 1), border=True, width="content"
            )
            widgets.status_badge(wi["status"], meta["en" if lang == "en" else "zh"], meta["icon"])
        st.markdown(widgets.md(wi["explanation_en" if lang == "en" else "explanation_zh"]))

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
src = ui.cached(detail.source_clause, tid, lang)
with st.container(border=True):
    st.markdown(f"### 「{widgets.md(src['clause'])}」")
    st.caption(
        widgets.md(
            ui.t(
                "det.doc",
                title=src["doc_title"],
                number=src["doc_number"] or fmt.DASH,
                file=src["source_file"] or src["source_url"] or fmt.DASH,
            )
        )
    )
    st.markdown(
        f"**{ui.t('det.assumptions')}**：{widgets.md(src['assumptions'])}"
        if lang == "zh"
        else f"**{ui.t('det.assumptions')}**: {widgets.md(src['assumptions'])}"
    )
with st.expander(ui.t("det.fulltext"), icon=":material/description:"):
    st.text(ui.cached(sources.document_text, src["doc_id"]))
