"""数据 / Data — every table as CSV and Parquet, and the data dictionary."""

import streamlit as st

from ipdash import i18n, ui
from ipdash.frames import tables
from ipdash.frames.tables import TABLES, data_table
from ipdash.ui import paging, widgets

lang, illus, view = ui.lang(), ui.include_illustrative(), ui.view()
st.header(ui.t("nav.data"))
st.caption(ui.t("data.caption"))

name = st.selectbox(
    ui.t("data.pick"),
    list(TABLES),
    **ui.bind("data_table", TABLES, default=next(iter(TABLES)), labels="table"),
    format_func=lambda n, lg=lang: i18n.t(f"data.t.{n}", lg),
    width=360,
)
df = (
    data_table(name, view=view) if name == "milestones" else ui.cached(data_table, name, view=view)
)  # reports: not cached
st.caption(ui.t("data.rows", n=len(df)))
ui.illustrative_notice(df)
dd = ui.cached(tables.data_dictionary, lang)
pairs = dd.loc[dd["table"] == name, ["column", "meaning"]].values  # headers in words; the column's name on ⓘ
heads = {c: st.column_config.Column(tables.short_meaning(m) or c, help=c) for c, m in pairs}
shown = paging.page(df, f"data_page_{name}")  # the browser gets one page of rows; the downloads hold them all
ui.table(shown, key="data_view", alt=ui.t(f"data.t.{name}"), height=420, column_config=heads)
ui.downloads(df, f"ipdash-{name}", key="dl_data_view")

st.subheader(ui.t("data.all"))
with st.container(border=True):
    for n in TABLES:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{widgets.md(ui.t(f'data.t.{n}'))}**", width=260)
            # loaded only when a button is clicked: nothing off screen is held on a rerun
            ui.downloads(lambda n=n: data_table(n, view=view), f"ipdash-{n}", key=f"dl_all_{n}")

st.subheader(ui.t("data.dictionary"))
st.caption(ui.t("data.dictionary_caption"))
dd_view = dd[dd["table"] == name] if name else dd
ui.table(
    dd_view,
    key="data_dict",
    alt=ui.t("data.dictionary"),
    columns=["table", "column", "meaning"],
    column_config=widgets.column_config(
        ["table", "column", "meaning"], meaning=st.column_config.TextColumn(ui.t("v.col.meaning"), width="large")
    ),
)
ui.downloads(dd, "ipdash-data-dictionary", key="dl_data_dict")
