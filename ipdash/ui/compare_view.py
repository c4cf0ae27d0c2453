"""Parts of the 区域对比 / Compare view: the ranking (chart, table and download of one frame)."""

from __future__ import annotations

import streamlit as st

from ipdash import ui
from ipdash.charts import figures
from ipdash.frames import compare
from ipdash.settings import ViewSettings
from ipdash.ui import widgets


def ranking_section(ind: str, areas: tuple, per_capita: bool, view: ViewSettings) -> None:
    """Areas ranked by their latest value, with the share of their target reached."""
    lang = view.lang
    st.subheader(ui.t("cmpv.ranking"))
    ranking = ui.cached(compare.compare_ranking, ind, areas, per_capita, view=view)
    st.plotly_chart(
        ui.cached(figures.ranking_figure, ranking, lang),
        theme=None,
        key="cmp_rank",
        config={"displaylogo": False},
        alt=ui.t("cmpv.ranking"),
    )
    st.caption(ui.t("cmpv.ranking_caption"))
    ui.table(
        ranking,
        key="cmp_rank_table",
        alt=ui.t("cmpv.ranking"),
        columns=["rank", "area_name", "year", "value", "unit", "target_value", "share_of_target"],
        column_config=widgets.column_config(
            ["rank", "value", "target_value"],
            year=st.column_config.NumberColumn(ui.t("v.col.year"), format="%d"),
            value=st.column_config.NumberColumn(ui.t("v.col.value"), format="%.1f"),
            target_value=st.column_config.NumberColumn(ui.t("v.col.target_value"), format="%.1f"),
            share_of_target=st.column_config.NumberColumn(ui.t("v.col.share_of_target"), format="percent"),
        ),
    )
    ui.downloads(ranking, f"ipdash-ranking-{ind}", key="dl_cmp_rank")
