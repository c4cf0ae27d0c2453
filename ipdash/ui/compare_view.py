"""Parts of the 区域对比 / Compare view: the ranking of one year (chart, table and download of one
frame, with the sentence that says what it compares) and the small multiples.

The figures are cached on the choice (indicator, areas, per capita, view), not on their frames: hashing
the frames for the cache key, on every rerun, cost more than a hit saved (issue 26 b)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ipdash import fmt, ui
from ipdash.charts import figures
from ipdash.frames import compare
from ipdash.settings import ViewSettings
from ipdash.ui import phone, widgets


def doc_columns() -> dict:
    """Headers of the targets table's document and superseded columns."""
    return {
        "document": st.column_config.TextColumn(ui.t("sup.doc_col"), width="medium"),
        "superseded_note": st.column_config.TextColumn(ui.t("sup.label"), width="large"),
    }


def trend_chart(ind: str, areas: tuple, per_capita: bool, view: ViewSettings) -> go.Figure:
    """The comparison's trend figure (``ui.cached`` on these arguments)."""
    frame = ui.cached(compare.compare_frame, ind, areas, per_capita, view=view)
    targets = ui.cached(compare.compare_targets, ind, areas, per_capita, view=view)
    return figures.compare_figure(frame, targets, view.lang)


def ranking_chart(ind: str, areas: tuple, per_capita: bool, view: ViewSettings) -> go.Figure:
    """The ranking's figure (``ui.cached`` on these arguments)."""
    return figures.ranking_figure(ui.cached(compare.compare_ranking, ind, areas, per_capita, view=view), view.lang)


def multiples_chart(inds: tuple, areas: tuple, per_capita: bool, view: ViewSettings, cols: int) -> go.Figure:
    """The small multiples' figure (``ui.cached`` on these arguments)."""
    sm = ui.cached(compare.small_multiples_frame, inds, areas, per_capita, view=view)
    tg = ui.cached(compare.small_multiples_targets, inds, areas, per_capita, view=view)
    return figures.small_multiples(sm, view.lang, tg, cols=cols)


def ranking_section(ind: str, areas: tuple, per_capita: bool, view: ViewSettings) -> None:
    """Areas ranked by their value in one year (like with like), with the share of their target reached."""
    year, _ = ui.cached(compare.rank_year, ind, areas, per_capita, view=view)
    st.subheader(ui.t("vd.cmp.ranking_title", y=year if year is not None else fmt.DASH))
    ranking = ui.cached(compare.compare_ranking, ind, areas, per_capita, view=view)
    alt = ui.t("cmpv.ranking")
    st.plotly_chart(
        phone.figure(ui.cached(ranking_chart, ind, areas, per_capita, view)),
        theme=None,
        key="cmp_rank",
        config={"displaylogo": False},
        alt=alt,
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


def multiples_section(inds: dict[str, str], areas: tuple, per_capita: bool, view: ViewSettings) -> None:
    """One small panel per chosen indicator, the districts' panels saying so."""
    st.subheader(ui.t("cmpv.multi"))
    multi = st.multiselect(
        ui.t("cmpv.multi_pick"),
        list(inds),
        default=list(inds)[:4],
        format_func=lambda c: inds.get(c, c),
        **ui.bind(
            "cmp_multi",
            inds,
            default=list(inds)[:4],
            multi=True,
            labels="indicator",
            placeholder=ui.t("shell.choose_many"),
        ),
    )
    if not multi:
        return
    sm = ui.cached(compare.small_multiples_frame, tuple(multi), areas, per_capita, view=view)
    st.plotly_chart(
        phone.figure(ui.cached(multiples_chart, tuple(multi), areas, per_capita, view, 1 if phone.is_phone() else 2)),
        theme=None,
        key="cmp_multi_chart",
        config={"displaylogo": False},
        alt=ui.t("cmpv.multi"),
    )
    ui.downloads(sm, "ipdash-small-multiples", key="dl_cmp_multi")
