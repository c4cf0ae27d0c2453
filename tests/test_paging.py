"""A long table shown a page at a time (``ipdash/ui/paging.py``): which rows, the caption, the page in
the URL, a page that no longer exists after a filter, and a short table shown whole without a picker."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ipdash.ui import paging


def _app(n_rows: int = 1234) -> None:
    import pandas as pd
    import streamlit as st

    from ipdash.ui import paging

    n = st.session_state.get("n_rows", n_rows)
    shown = paging.page(pd.DataFrame({"i": range(n)}), "p")
    st.dataframe(shown, key="t")


def _run(**query: str) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def _rows(at: AppTest) -> list[int]:
    return at.dataframe[0].value["i"].tolist()


@pytest.mark.parametrize(("n", "pages"), [(0, 1), (1, 1), (500, 1), (501, 2), (1000, 2), (1001, 3), (28494, 57)])
def test_number_of_pages(n, pages):
    assert paging.n_pages(n) == pages


@pytest.mark.parametrize(("page", "first", "last"), [(1, 0, 499), (3, 1000, 1233), (0, 0, 499), (9, 1000, 1233)])
def test_rows_of_a_page(page, first, last):
    rows = paging.rows_of(pd.DataFrame({"i": range(1234)}), page)["i"]
    assert (rows.iloc[0], rows.iloc[-1]) == (first, last)


def test_first_page_with_its_caption_and_picker():
    at = _run()
    assert _rows(at) == list(range(500))
    assert at.selectbox(key="p").options == [f"第 {p} 页 / 共 3 页" for p in (1, 2, 3)]
    assert any(c.value.startswith("显示第 1–500 行，共 1234 行") for c in at.caption)
    assert "p" not in at.query_params  # the first page is the default: no parameter


def test_picking_a_page_shows_its_rows_and_keeps_it_in_the_url():
    at = _run()
    at.selectbox(key="p").select(3).run()
    assert _rows(at) == list(range(1000, 1234))
    assert any(c.value.startswith("显示第 1001–1234 行，共 1234 行") for c in at.caption)
    assert at.query_params["p"] == "3"


def test_a_link_opens_its_page():
    assert _rows(_run(p="2")) == list(range(500, 1000))


def test_a_page_gone_after_a_filter_falls_back_to_the_first():
    at = _run()
    at.selectbox(key="p").select(3).run()
    at.session_state["n_rows"] = 700  # a filter left two pages
    at.run()
    assert not at.exception
    assert _rows(at) == list(range(500))


def test_a_table_of_one_page_is_shown_whole_without_a_picker():
    at = AppTest.from_function(_app, args=(42,), default_timeout=30)
    at.run()
    assert not at.exception
    assert _rows(at) == list(range(42)) and not at.selectbox and not at.caption
