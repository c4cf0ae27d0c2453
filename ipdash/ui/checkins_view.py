"""The check-ins on the target detail page: the target's history (newest first), its download, and for a
signed-in account allowed to (``meetings.checkins.may_check_in``) a form to add one.

The form's check-in is written against the data version the page showed before the click (kept in the
session per target): when a commit or revert moved the data meanwhile, it is refused as stale, the page now
shows the new figures, and the next submit is written against them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ipdash import i18n, store, ui
from ipdash.meetings import checkins
from ipdash.ui import upload
from ipdash.ui.widgets import md

FLASH = "_chk_flash"
SEEN = "_chk_seen_{tid}"  # the data version the page last showed for the target
SHOWN = ["checked_at", "user", "department", "note", "action", "confidence", "data_as_of"]
NONE = ""  # the confidence option "not given"


def _when(s: pd.Series, n: int) -> pd.Series:
    return s.fillna("").astype(str).str[:n].str.replace("T", " ")


def confidence_text(code: str, lang: str) -> str:
    return i18n.t(f"chk.conf.{code or 'none'}", lang)


def shown_frame(h: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The history as the table shows it: minutes of the check-in, the day of its data, confidence in words."""
    return h.assign(
        checked_at=_when(h["checked_at"], 16),
        data_as_of=_when(h["data_as_of"], 10),
        confidence=[confidence_text(c, lang) for c in h["confidence"]],
    )[SHOWN]


def section(tid: str, lang: str) -> None:
    """The subheader, the history table and download, then the form (or why there is none)."""
    st.subheader(ui.t("chk.title"))
    msg = st.session_state.pop(FLASH, None)
    if msg:
        st.success(md(msg), icon=":material/check_circle:")
    h = checkins.history(tid)
    if h.empty:
        st.caption(ui.t("chk.none"))
    else:
        with st.container(key="det_checkins_box"):
            ui.table(
                shown_frame(h, lang),
                key="det_checkins",
                alt=ui.t("chk.title"),
                column_config={c: st.column_config.Column(ui.t(f"chk.col.{c}")) for c in SHOWN},
            )
        ui.downloads(h, f"ipdash-{tid}-checkins", key="dl_det_checkins")
    _form(tid, lang)


def _form(tid: str, lang: str) -> None:
    key = SEEN.format(tid=tid)
    seen_before, now_version = st.session_state.get(key), store.current().data_version()
    st.session_state[key] = now_version
    user = upload.current_user()
    if user is None:
        st.caption(ui.t("chk.sign_in"))
        return
    t = checkins.target(tid)
    if t is None or not checkins.may_check_in(user, t):
        st.caption(ui.t("chk.not_yours", user=user.name))
        return
    with st.form(f"chk_form_{tid}", clear_on_submit=True):
        st.markdown(f"**{ui.t('chk.form.title')}**")
        note = st.text_area(ui.t("chk.form.note"), key="chk_note", max_chars=checkins.NOTE_MAX)
        action = st.text_area(ui.t("chk.form.action"), key="chk_action", max_chars=checkins.ACTION_MAX)
        confidence = st.segmented_control(
            ui.t("chk.form.confidence"),
            [NONE, *checkins.CONFIDENCE],
            default=NONE,
            key="chk_confidence",
            format_func=lambda c: confidence_text(c, lang),
        )
        submitted = st.form_submit_button(ui.t("chk.form.submit"), type="primary", icon=":material/send:")
    if not submitted:
        return
    try:
        checkins.add(tid, user, note or "", action or "", confidence or "", seen_version=seen_before or now_version)
    except checkins.CheckinError as exc:
        st.error(md(checkins.error_text(exc, lang)))
        return
    st.session_state[FLASH] = ui.t("chk.saved", target=tid)
    st.rerun()
