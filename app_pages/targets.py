"""目标与来源 / Targets & sources — the catalog: clauses, documents, assumptions, milestones."""

import streamlit as st

from ipdash import catalog, ui
from ipdash.frames import sources
from ipdash.ui import milestones as um
from ipdash.ui import paging, track_view

lang = ui.lang()
st.header(ui.t("nav.targets"))

area_names = ui.cached(sources.area_names, lang)
with st.container(horizontal=True, vertical_alignment="bottom"):
    sel_areas = st.multiselect(
        ui.t("filter.area"),
        list(area_names),
        **ui.bind("t_area", area_names, multi=True, labels="area", placeholder=ui.t("ov.all")),
        format_func=lambda a: area_names.get(a, a),
    )
    sel_themes = st.pills(
        ui.t("filter.theme"),
        list(catalog.THEMES),
        selection_mode="multi",
        **ui.bind("t_theme", catalog.THEMES, multi=True, labels="theme"),
        format_func=lambda th: catalog.THEME_LABELS[th][lang == "en"],
    )
    query = st.text_input(ui.t("filter.search"), **ui.bind("t_q", default=""))

targets = ui.cached(sources.targets_table, lang, areas=sel_areas or None, themes=sel_themes or None)
if query:
    q = query.strip().lower()
    targets = targets[
        targets[["clause", "indicator_name", "target_id"]].apply(lambda r: any(q in str(v).lower() for v in r), axis=1)
    ]

st.subheader(ui.t("targets.heading"))
st.caption(ui.t("targets.caption", n=len(targets)))
no_quant = [a for a in sources.areas_without_targets() if not sel_areas or a in sel_areas]
if no_quant:
    st.info(ui.t("targets.no_quant", areas="、".join(area_names.get(a, a) for a in no_quant)), icon=":material/info:")
shown = paging.page(targets, "t_page")  # one page of rows in the browser; the downloads below hold every row
ui.table(
    shown.assign(
        aggregation=shown["aggregation"].map(lambda a: ui.t(f"agg.{a}")),
        comparator=shown["comparator"].map(lambda c: ui.t(f"cmp.{c}")),
    ),
    key="targets_table",
    alt=ui.t("targets.heading"),
    columns=[
        "target_id",
        "area_name",
        "indicator_name",
        "theme_name",
        "aggregation",
        "comparator",
        "value",
        "unit",
        "period_start",
        "target_year",
        "superseded_by",
        "clause",
        "assumptions",
        "doc_number",
    ],
    column_config={
        "clause": st.column_config.TextColumn(ui.t("col.clause"), width="large"),
        "assumptions": st.column_config.TextColumn(ui.t("col.assumptions"), width="large"),
        "value": st.column_config.NumberColumn(ui.t("col.value"), format="localized"),
        "superseded_by": st.column_config.TextColumn(ui.t("sup.col"), help=ui.t("sup.toggle_help")),
    },
)
ui.downloads(targets, "ipdash-targets", key="dl_targets")

um.milestones_section(lang, sel_areas, sel_themes)  # filters, table, a dialog per task, history

st.subheader(ui.t("targets.documents"))
docs = ui.cached(sources.documents_table, lang)
ui.table(
    (page := paging.page(docs, "t_doc_page")).assign(
        confidence=page["confidence"].map(lambda g: ui.t(f"grade.{g}") if g else "")
    ),
    key="documents_table",
    alt=ui.t("targets.documents"),
    columns=["doc_number", "title", "issuer", "issued", "n_targets", "n_milestones", "confidence", "url"],
    column_config={"url": st.column_config.LinkColumn(ui.t("col.url"))},
)
doc_titles = dict(zip(docs["doc_id"], docs["title"]))  # one lookup per option, not a re-index each
doc = st.selectbox(
    ui.t("targets.view_doc"),
    docs["doc_id"].tolist(),
    **ui.bind("t_doc", docs["doc_id"].tolist(), default=docs["doc_id"].iloc[0], labels="document"),
    format_func=doc_titles.get,
)
text = sources.document_text(doc)
with st.container(height=360, border=True, key="t_doc_text"):  # the source's own words (a quote)
    st.text(text)  # the seed text, verbatim and never as HTML

track_view.section(lang)  # past verdicts on real figures against what then happened
