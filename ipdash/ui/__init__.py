"""The thin Streamlit helper layer (the ui package is the only part of ipdash that imports streamlit).

Pages call these for the things every view shares: language, the illustrative switch,
cached access to domain functions keyed on the data version, tables with translated
headers, and download buttons that offer exactly the frame on screen.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ipdash import i18n, paths
from ipdash.catalog import CatalogError
from ipdash.export_safe import neutralise_formulas
from ipdash.ingest.commit import ensure_consistent
from ipdash.settings import Method, ViewSettings
from ipdash.store import read as store
from ipdash.store.backend import StoreUnavailable
from ipdash.store.build import SanityError

LANG_KEY = "lang"
ILLUS_KEY = "illus"


def lang() -> str:
    value = st.session_state.get(LANG_KEY) or i18n.DEFAULT_LANG
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def t(key: str, **kwargs) -> str:
    return i18n.t(key, lang(), **kwargs)


def include_illustrative() -> bool:
    return bool(st.session_state.get(ILLUS_KEY, True))


def view(*, as_of: int | None = None, method: Method | None = None) -> ViewSettings:
    """The settings the current page is judged with: the shell's language and illustrative
    switch, plus the page's own as-of year and method."""
    return ViewSettings(lang=lang(), as_of=as_of, method=method, include_illustrative=include_illustrative())  # type: ignore[arg-type]


LANG_LABELS = {"zh": "中文", "en": "English"}  # also the URL values: ?lang=English


def fkey(base: str) -> str:
    """Key of a URL-bound filter widget, one per language.

    Streamlit writes a bound widget's *formatted label* to the URL, and labels are translated,
    so each language gets its own key (``area_zh`` / ``area_en``); switching language copies
    the selected codes across (``_carry_filters``), and a copied link reproduces the view.
    """
    st.session_state.setdefault("_bound_filters", set()).add(base)
    return fkey_name(base, lang())


def fkey_name(base: str, lang_: str) -> str:
    """The key ``fkey`` gives ``base`` in language ``lang_`` (for links made outside a session)."""
    return f"{base}_{lang_}"


def _carry_filters() -> None:
    new = st.session_state.get(LANG_KEY) or i18n.DEFAULT_LANG
    old = st.session_state.get("_lang_prev", i18n.DEFAULT_LANG)
    for base in st.session_state.get("_bound_filters", ()):
        if f"{base}_{old}" in st.session_state:
            st.session_state[f"{base}_{new}"] = st.session_state[f"{base}_{old}"]
    st.session_state["_lang_prev"] = new


def shell_widgets() -> None:
    """Language and illustrative switches, kept in the URL (?lang=English&illus=false)."""
    st.session_state.setdefault("_lang_prev", lang())
    with st.sidebar:
        st.segmented_control(
            "语言 · Language",
            options=list(i18n.LANGS),
            default=i18n.DEFAULT_LANG,
            format_func=LANG_LABELS.get,
            key=LANG_KEY,
            bind="query-params",
            required=True,
            on_change=_carry_filters,
        )
        st.toggle(
            t("sidebar.illustrative"),
            value=True,
            key=ILLUS_KEY,
            bind="query-params",
            help=t("sidebar.illustrative_help"),
        )


_checked_stamp: tuple | None = None  # the store's stamp when ensure_consistent last ran in this process


def _store_stamp() -> tuple:
    """Changes whenever a commit creates, renames or removes a file in the store or its batches
    (a pending marker, a temp file, a batch, the log) or rewrites the log or the actuals."""
    stamp: list = [str(paths.store_dir())]
    for p in (paths.store_dir(), paths.batches_dir(), paths.parquet("batches"), paths.parquet("actuals")):
        try:
            stamp.append(p.stat().st_mtime_ns)
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def ensure_data() -> None:
    """Build the store if missing/stale; on a catalog problem show what to fix and stop."""
    global _checked_stamp
    try:
        store.ensure_fresh()  # the full input check at most once a second (county scale: thousands of seeds)
        if _store_stamp() != _checked_stamp:  # four stat() calls instead of reading the batch log every rerun
            ensure_consistent()  # finish or discard what a killed upload commit left behind
            _checked_stamp = _store_stamp()
    except (CatalogError, SanityError) as exc:
        st.error(t("error.build"))
        for p in exc.problems:
            st.text(f"• {p}")  # plain text: catalog content is never rendered as HTML
        st.stop()
    except StoreUnavailable as exc:  # [pg-dispatch] the PostgreSQL store is unreachable or misconfigured
        st.error(t("error.store"), icon=":material/database:")
        st.text(str(exc))  # host, port and what to check; plain text
        st.stop()


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_call(qualname: str, version: str, args: tuple, kwargs: dict):
    module, _, name = qualname.partition(":")
    func = importlib.import_module(module)
    for part in name.split("."):
        func = getattr(func, part)
    return func(*args, **kwargs)


def _fresh(value):
    """What a caller may change without touching the cached original: a shallow copy of a
    frame (pandas copy-on-write copies data only when it is written), dict or list."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (dict, list)):
        return type(value)(value)
    return value


def cached(func, *args, **kwargs):
    """Call an ipdash function, cached until the data version changes.

    One result shared by every session (``st.cache_resource``), not a pickled copy per call
    (``st.cache_data``): at county scale a result can be hundreds of MB, and unpickling it on
    every rerun and in every session cost seconds and gigabytes (bench/run.py)."""
    return _fresh(_cached_call(f"{func.__module__}:{func.__qualname__}", store.data_version(), args, kwargs))


def column_labels(df: pd.DataFrame) -> dict[str, str]:
    return {c: t(f"col.{c}") for c in df.columns if i18n.has(f"col.{c}")}


def table(
    df: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    key: str,
    alt: str,
    column_config: dict | None = None,
    height: int | str = "auto",
) -> None:
    """Show ``df`` (optionally a subset of columns) with translated headers."""
    shown = df[columns] if columns else df
    labels = column_labels(shown)
    config = {c: st.column_config.Column(labels[c]) for c in labels}
    config.update(column_config or {})
    st.dataframe(shown, column_config=config, hide_index=True, key=key, height=height)


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
        st.download_button(
            t("download.csv"),
            lambda: to_csv_bytes(frame()),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            t("download.parquet"),
            lambda: to_parquet_bytes(frame()),
            file_name=f"{name}.parquet",
            mime="application/octet-stream",
            key=f"{key}_pq",
            icon=":material/download:",
            on_click="ignore",
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
