"""The shell every page shares: language and illustrative switches, static CSS, the data gate."""

from __future__ import annotations

import streamlit as st

from ipdash import i18n, paths, store
from ipdash.catalog import CatalogError
from ipdash.ingest import commit
from ipdash.notify import run as notify_run
from ipdash.store import read
from ipdash.store.backend import StoreUnavailable
from ipdash.store.build import SanityError
from ipdash.ui.lang import ILLUS_KEY, LANG_KEY, LANG_LABELS, t
from ipdash.ui.url import bind, legacy_lang_labels, relabel_filters


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
            **bind(LANG_KEY, i18n.LANGS, default=i18n.DEFAULT_LANG, labels=legacy_lang_labels),
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


# Static CSS only (never user content): the page title starts right under the top navigation (no
# ~100 px blank band), a filter's chips are never cut to one character ("区 ×"), the overview's
# counts are compact chips (a row of tiles above the fold at 1440×900). Phones: ``phone.CSS``.
SHELL_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.25rem; }
[data-testid="stMainBlockContainer"] h2 { padding-top: .25rem; }
[data-testid="stMainBlockContainer"] h3 { padding-top: .5rem; padding-bottom: .25rem; }
[data-testid="stMultiSelectTagsContainer"] { overflow-x: auto; scrollbar-width: thin; }
[data-testid="stMultiSelectTagsContainer"] span { max-width: none !important; text-overflow: clip !important;
  flex-shrink: 0; }
.st-key-ov_chart { max-width: 760px; }
[data-testid="stAlertContainer"] { padding-top: .5rem; padding-bottom: .5rem; }
.st-key-ov_counts [data-testid="stMetric"] > div { padding: .35rem .75rem; }
.st-key-ov_counts [data-testid="stMetricValue"] { font-size: 1.75rem; }
</style>"""


def ensure_data() -> None:
    """Build the store if missing/stale; on a catalog problem show what to fix and stop."""
    global _checked_stamp
    try:
        read.ensure_fresh()  # the full input check at most once a second (county scale: thousands of seeds)
        if _store_stamp() != _checked_stamp:  # four stat() calls instead of reading the batch log every rerun
            store.current().ensure_consistent()  # finish or discard what a killed upload commit left behind
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


def _notify_in_background(entry: dict) -> None:
    """After a commit or revert made in the app: its alerts go out in a background thread (within seconds);
    what does not get out waits in the outbox for ``python -m ipdash notify``."""
    notify_run.after_commit(background=True)


commit.after_write(_notify_in_background)  # every page runs the shell: the app's commits alert their followers
