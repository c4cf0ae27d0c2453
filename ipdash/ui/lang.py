"""The shell's language and illustrative switch as the current session holds them; ``t`` in that language."""

from __future__ import annotations

import streamlit as st

from ipdash import i18n
from ipdash.settings import Method, ViewSettings

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
