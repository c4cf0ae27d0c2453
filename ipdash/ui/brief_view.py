"""The meeting page's briefing pack: pick the meeting's day, build the pack (the path of
``python -m ipdash brief``: ``deck.brief.make_pack``) with progress, and offer its three files — the
deck as PPTX and PDF and the one-page digest (PDF)."""

from __future__ import annotations

import datetime as dt
import tempfile

import streamlit as st

from ipdash import ui
from ipdash.deck import brief, render
from ipdash.frames import changes, meeting
from ipdash.meetings import brief_inputs
from ipdash.store import read

FILES = "brief_files"
DOWNLOADS = (  # key, MIME type, icon
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ":material/slideshow:"),
    ("pdf", "application/pdf", ":material/picture_as_pdf:"),
    ("digest", "application/pdf", ":material/description:"),
)


def _show(bar, fraction: float, message: str) -> None:
    bar.progress(min(max(fraction, 0.0), 1.0), text=message)


def _build(day: dt.date, lang: str) -> None:
    with st.status(ui.t("brief.ui.running"), expanded=True) as status:
        bar = st.progress(0.0)
        got = brief_inputs.inputs(day)
        try:
            with tempfile.TemporaryDirectory(prefix="ipdash-brief-") as d:
                pack = brief.make_pack(
                    day,
                    d,
                    lang=lang,
                    previous=got.previous,
                    checkins=got.checkins,
                    commitments=got.commitments,
                    progress=lambda f, m: _show(bar, f, m),
                )
                st.session_state[FILES] = {
                    "sig": (day, lang, read.data_version()),
                    **{k: (getattr(pack, k).name, getattr(pack, k).read_bytes()) for k, _, _ in DOWNLOADS},
                }
            status.update(label=ui.t("brief.ui.done", n=pack.n_slides), state="complete", expanded=False)
        except (render.ExportError, meeting.MeetingError) as exc:
            status.update(label=ui.t("meet.export_failed", error=str(exc)), state="error")


def brief_panel(lang: str) -> None:
    """The briefing pack's expander: the meeting's day, the build button, the three downloads."""
    with st.expander(ui.t("brief.ui.title"), icon=":material/folder_zip:"):
        st.caption(ui.t("brief.ui.caption"))
        today = dt.datetime.now(changes.SHANGHAI).date()
        day = st.date_input(ui.t("brief.ui.date"), value=brief_inputs.default_day(today), key="brief_date", width=200)
        if st.button(ui.t("brief.ui.build"), key="brief_build", type="primary", icon=":material/folder_zip:"):
            _build(day, lang)
        files = st.session_state.get(FILES)
        if files and files["sig"] == (day, lang, read.data_version()):
            with st.container(horizontal=True):
                for key, mime, icon in DOWNLOADS:
                    name, blob = files[key]
                    st.download_button(
                        ui.t(f"brief.ui.download_{key}"),
                        blob,
                        file_name=name,
                        mime=mime,
                        key=f"brief_dl_{key}",
                        icon=icon,
                        on_click="ignore",
                    )
