"""Tables with translated headers, and downloads that offer exactly the frame on screen."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Literal

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from ipdash import i18n
from ipdash.export_safe import neutralise_formulas
from ipdash.ui.lang import include_illustrative, t


def column_labels(df: pd.DataFrame | pa.Table) -> dict[str, str]:
    names = df.column_names if isinstance(df, pa.Table) else df.columns
    return {c: t(f"col.{c}") for c in names if i18n.has(f"col.{c}")}


def arrow(df: pd.DataFrame) -> pa.Table:
    """``df`` as the Arrow table ``st.dataframe`` makes of it (Streamlit's own conversion, pandas metadata and
    index included): ``st.dataframe`` writes this table out to the very bytes it would make of ``df``. Made once
    through ``ui.cached`` for a table every visit shows, it saves the conversion (a tenth of an overview)."""
    return dataframe_util.convert_pandas_df_to_arrow_table(df)


def table(
    df: pd.DataFrame | pa.Table,
    *,
    columns: list[str] | None = None,
    key: str,
    alt: str,
    column_config: dict | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> None:
    """Show ``df`` (optionally a subset of columns) with translated headers; a missing value shows as —.
    ``df`` may be ``arrow(frame[columns])`` kept beforehand (``columns`` then stays None)."""
    if isinstance(df, pa.Table) and columns:
        raise ValueError("pick the columns before arrow(): the table's pandas metadata names every column")
    shown = df[columns] if columns else df
    labels = column_labels(shown)
    config = {c: st.column_config.Column(labels[c]) for c in labels}
    config.update(column_config or {})
    st.dataframe(shown, column_config=config, hide_index=True, key=key, height=height, placeholder="—")


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so Excel on Chinese Windows opens it correctly; formulas neutralised
    return neutralise_formulas(df).to_csv(index=False).encode("utf-8-sig")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def downloads(df: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *, key: str) -> None:
    """CSV and Parquet of exactly ``df`` — the frame behind the chart or table above.

    The bytes are made when the button is clicked (Streamlit's deferred download), never on a
    rerun: a county-scale table takes seconds to write as CSV. ``df`` may be a function that
    returns the frame, so a table that is not on screen is not even loaded until then."""
    frame = df if callable(df) else (lambda: df)
    with st.container(horizontal=True):
        deferred_download(t("download.csv"), lambda: to_csv_bytes(frame()), f"{name}.csv", "text/csv", f"{key}_csv")
        deferred_download(
            t("download.parquet"),
            lambda: to_parquet_bytes(frame()),
            f"{name}.parquet",
            "application/octet-stream",
            f"{key}_pq",
        )


def deferred_download(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    """A download button whose bytes are made only when it is clicked (never on a rerun)."""
    st.download_button(
        label, make, file_name=file_name, mime=mime, key=key, icon=":material/download:", on_click="ignore"
    )


def illustrative_notice(df: pd.DataFrame | None = None) -> None:
    """A visible mark whenever illustrative values are on screen."""
    if df is not None:
        if "provenance" in df:
            shows = (df["provenance"] == "illustrative").any()
        elif "uses_illustrative" in df:
            shows = df["uses_illustrative"].fillna(False).astype(bool).any()
        else:
            shows = False  # a table without values (targets, documents…) carries no data mark
        if not shows:
            return
    if include_illustrative():
        st.warning(t("notice.illustrative"), icon=":material/science:")
