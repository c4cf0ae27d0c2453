"""The thin Streamlit helper layer (the ui package is the only part of ipdash that imports streamlit).

Pages call these for the things every view shares: language, the illustrative switch,
cached access to domain functions keyed on the data version, tables with translated
headers, and download buttons that offer exactly the frame on screen.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pandas as pd
import streamlit as st

from ipdash import catalog, i18n, paths, status_meta
from ipdash.catalog import CatalogError
from ipdash.export_safe import neutralise_formulas
from ipdash.frames import compare, detail, sources, verdicts
from ipdash.frames.tables import TABLES
from ipdash.ingest.commit import ensure_consistent
from ipdash.settings import METHODS, Method, ViewSettings
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


LANG_LABELS = {lg: i18n.t(f"shell.lang.{lg}") for lg in i18n.LANGS}  # each language in its own words


# ------------------------------------------------------------------ filters in the URL, as codes
def _decode(raw: str, options, default, labels) -> object:
    """One URL value back to a widget value: an option whose code is ``raw``, or (old links, which
    carried translated labels such as ``杨浦区`` or ``English``) the option ``labels()`` maps it to."""
    if options is None:
        if isinstance(default, bool):
            return {"true": True, "false": False}.get(raw.lower())
        if isinstance(default, float):
            try:
                return float(raw)
            except ValueError:
                return None
        return raw
    by_code = {str(o): o for o in options}
    if raw in by_code:
        return by_code[raw]
    code = _legacy(labels).get(raw) if labels else None
    return by_code.get(str(code)) if code is not None else None


def _encode(value) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [("true" if v else "false") if isinstance(v, bool) else str(v) for v in values]


# How old links named options (their translated labels), per kind: lang -> {option: label}.
_LABELS: dict[str, Callable[[str], dict]] = {
    "area": sources.area_names,
    "indicator": compare.compare_indicators,
    "target": detail.target_choices,
    "theme": lambda lg: {th: verdicts.theme_label(th, lg) for th in catalog.THEMES},
    "status": lambda lg: {
        s: f"{m['icon']} {status_meta.status_label(s, lg)}" for s, m in status_meta.STATUS_META.items()
    },
    "method": lambda lg: {m: i18n.t(f"det.method.{m}", lg) for m in ("auto", *METHODS)},
    "as_of": lambda lg: {0: i18n.t("ov.as_of_latest", lg)},
    "meet_as_of": lambda lg: {0: i18n.t("meet.as_of_all", lg)},
    "table": lambda lg: {n: i18n.t(f"data.t.{n}", lg) for n in TABLES},
    "document": lambda lg: dict(zip(*sources.documents_table(lg)[["doc_id", "title"]].to_dict("list").values())),
    "order": lambda lg: {o: i18n.t(f"meet.order.{o}", lg) for o in ("area", "section", "risk")},
}


def _legacy(labels) -> dict:
    """{label: option} in every language (old links carried labels, not codes)."""
    if isinstance(labels, str):
        names = _LABELS[labels]
        return {str(label): code for lg in i18n.LANGS for code, label in names(lg).items()}
    return labels() if callable(labels) else dict(labels or {})


def bind(
    base: str, options=None, *, default=None, multi: bool = False, labels=None, placeholder: str | None = None
) -> dict:
    """Keyword arguments for a widget whose value lives in the URL as codes: ``?ov_area=yangpu``.

    Streamlit's own ``bind="query-params"`` writes a widget's *formatted label* to the URL
    (``?ov_area_zh=杨浦区``), so a link depended on the language it was made in. Here the key is
    the same in both languages, the URL holds the option itself (``str(option)``: an area code, a
    year, ``true``), and ``format_func`` is for display only:

    - the URL seeds the widget when the widget was not on screen in the run before (a fresh link,
      a page entered through a link, a reload); otherwise the session's value stands;
    - the URL is rewritten from the widget's value on every run (left out when it is ``default``);
    - old links keep working: ``<base>_zh`` / ``<base>_en`` parameters and translated labels are
      read through ``labels`` ({label: option}, or a function returning it) and then dropped.

    ``labels``: a kind of ``_LABELS`` ("area", "target"…), a {label: option} mapping, or a function
    returning one. ``options``: the widget's options (None for a toggle, slider or text input — give ``default``
    so the URL text can be typed back). ``multi``: a multiselect or multi-pill widget.
    ``placeholder``: a multiselect's empty text (else Streamlit's English "Choose options")."""
    state, qp = st.session_state, st.query_params
    now = state.setdefault("_url_bound_now", set())
    entered = base not in state.get("_url_bound_prev", set()) and base not in now
    now.add(base)
    raw = qp.get_all(base)
    legacy = [k for k in (f"{base}_zh", f"{base}_en") if k in qp]
    if not raw and legacy:
        raw = qp.get_all(legacy[0])
    if raw and (entered or base not in state):
        values = [v for v in (_decode(r, options, default, labels) for r in raw if r != "") if v is not None]
        if multi:
            state[base] = list(dict.fromkeys(values))
        elif values:
            state[base] = values[0]
    for k in legacy:
        del qp[k]
    if base in state:
        value = state[base]
        if value is None or value == default or (multi and not value):
            if base in qp:
                del qp[base]
        elif qp.get_all(base) != _encode(value):
            qp[base] = _encode(value)
    out: dict = {"key": base, "persist_state": "session"}
    if placeholder is not None:
        out["placeholder"] = placeholder
    return out


def relabel_filters() -> None:
    """After a language switch: hand every URL-bound value back to its widget, so the widget shows
    it with the new language's labels (the value — a code — is unchanged, and a widget whose value
    did not change keeps showing the labels it was given)."""
    for base in st.session_state.get("_url_bound_now", ()):
        if base in st.session_state and base != LANG_KEY:
            st.session_state[base] = st.session_state[base]


def shell_widgets() -> None:
    """Language and illustrative switches, kept in the URL as codes (?lang=en&illus=false)."""
    st.session_state["_url_bound_prev"] = st.session_state.get("_url_bound_now", set())
    st.session_state["_url_bound_now"] = set()
    st.html(SHELL_CSS)
    with st.sidebar:
        st.segmented_control(
            i18n.t("shell.lang_label"),
            options=list(i18n.LANGS),
            default=i18n.DEFAULT_LANG,
            format_func=lambda lg: LANG_LABELS[lg],
            required=True,
            on_change=relabel_filters,
            **bind(LANG_KEY, i18n.LANGS, default=i18n.DEFAULT_LANG, labels=_lang_labels),
        )
        st.toggle(
            t("sidebar.illustrative"),
            value=True,
            help=t("sidebar.illustrative_help"),
            **bind(ILLUS_KEY, default=True),
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


def _lang_labels() -> dict[str, str]:
    """Old links carried the language's name: ?lang=English."""
    return {label: code for code, label in LANG_LABELS.items()}


# Static CSS only (never user content): the page title starts right under the top navigation (no
# ~100 px blank band), and a filter's chips are never cut to one character ("区 ×").
SHELL_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.25rem; }
[data-testid="stMultiSelectTagsContainer"] { overflow-x: auto; scrollbar-width: thin; }
[data-testid="stMultiSelectTagsContainer"] span { max-width: none !important; text-overflow: clip !important;
  flex-shrink: 0; }
</style>"""


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


_log = logging.getLogger("ipdash.ui")
RAISE_ENV = "IPDASH_RAISE_PAGE_ERRORS"  # tests set it so AppTest still sees a page's exception


@contextlib.contextmanager
def page_guard() -> Iterator[None]:
    """Run a page (or a fragment) so that an unexpected error shows one short message in the
    user's language, never a traceback; the traceback goes to the server log. Streamlit's own
    control flow (st.stop, st.rerun, st.switch_page) raises BaseException and passes through.
    With ``IPDASH_RAISE_PAGE_ERRORS`` set (the test suite) the error is re-raised after the
    message, so AppTest's ``at.exception`` still reports it."""
    try:
        yield
    except Exception:
        _log.exception("unexpected error while rendering a page")
        st.error(t("error.page"), icon=":material/error:")
        if os.environ.get(RAISE_ENV):
            raise


def fragment(func: Callable) -> Callable:
    """``st.fragment`` whose body runs under ``page_guard``: a fragment rerun alone (a pager, a
    slider) is not inside app.py's guard."""

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        with page_guard():
            return func(*args, **kwargs)

    return st.fragment(guarded)


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_call(qualname: str, version: str, args: tuple, kwargs: dict):
    module, _, name = qualname.partition(":")
    func: Any = importlib.import_module(module)
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
    height: int | Literal["auto", "stretch", "content"] = "auto",
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
