"""Filters in the URL, as codes: a copied link reproduces the view in either language."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ipdash import catalog, i18n, status_meta
from ipdash.frames import compare, detail, sources, verdicts
from ipdash.frames.tables import TABLES
from ipdash.settings import METHODS
from ipdash.ui.lang import LANG_KEY, LANG_LABELS


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


def legacy_lang_labels() -> dict[str, str]:
    """Old links carried the language's name: ?lang=English."""
    return {label: code for code, label in LANG_LABELS.items()}
