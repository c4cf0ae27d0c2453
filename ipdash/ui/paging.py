"""A long table shown a page at a time, as datasette does: the page sends the browser one page of rows
(``PAGE_ROWS``), a page picker beside a caption says which rows are shown out of how many, and the
downloads under the table keep offering the whole frame.

Why: at county scale the targets table is 28 494 rows with their clauses — 8.3 MB of Arrow sent to every
browser that opens 目标与来源, most of the page's wait (measured 2026-12-04: the page's render 4.1–4.8 s
with every row, 2.5–3.5 s with one page, in pairs on the same data and load). Nobody reads 28 494 rows on a
screen; they filter, search or download. A table that fits on one page is shown whole, with no picker.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from ipdash.ui.lang import t
from ipdash.ui.url import bind

PAGE_ROWS = 500


def n_pages(n_rows: int, size: int | None = None) -> int:
    return max(1, math.ceil(n_rows / (size or PAGE_ROWS)))


def rows_of(df: pd.DataFrame, page: int, size: int | None = None) -> pd.DataFrame:
    """Rows of page ``page`` (1-based) of ``df``; a page past the end gives the last page."""
    size = size or PAGE_ROWS
    page = min(max(1, page), n_pages(len(df), size))
    return df.iloc[(page - 1) * size : page * size]


def page(df: pd.DataFrame, key: str, size: int | None = None) -> pd.DataFrame:
    """The page of ``df`` to show, with a picker (its number kept in the URL as ``?<key>=3``) and a
    caption when ``df`` is longer than one page; ``df`` itself when it is not."""
    size = size or PAGE_ROWS
    total = n_pages(len(df), size)
    if total == 1:
        return df
    pages = list(range(1, total + 1))
    kwargs = bind(key, pages, default=1)
    if st.session_state.get(key) not in pages:  # fewer pages since the filters changed
        st.session_state[key] = 1
    with st.container(horizontal=True, vertical_alignment="center"):
        number = st.selectbox(
            t("page.pick"),
            pages,
            format_func=lambda p: t("page.of", page=p, pages=total),
            label_visibility="collapsed",
            width=200,
            **kwargs,
        )
        first = (number - 1) * size + 1
        st.caption(t("page.rows", first=first, last=min(number * size, len(df)), n=len(df)))
    return rows_of(df, number, size)
