"""The meeting's exports on the page: the deck (PPTX, and PDF when LibreOffice is there) with progress,
and the PNG of the slide's chart — with its title on it, so a PNG on its own says what it shows.
Both go through ``ipdash.deck.render``, the code path of ``python -m ipdash export``."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import streamlit as st

from ipdash import i18n, ui
from ipdash.deck import office, render
from ipdash.frames import meeting, slides
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import ViewSettings
from ipdash.store import read

FILES = "meet_files"
DOWNLOADS = (  # the deck's files: format, MIME type, icon
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ":material/slideshow:"),
    ("pdf", "application/pdf", ":material/picture_as_pdf:"),
)


def _show(bar, fraction: float, message: str) -> None:
    bar.progress(min(max(fraction, 0.0), 1.0), text=message)


def _part(name: str, seconds: float) -> str:
    """One part of the export's time in the reader's language: ``图表 6.6 秒``."""
    key = f"meet.export_part.{name}"
    return ui.t("meet.export_part", part=ui.t(key) if i18n.has(key) else name, sec=seconds)


def _waiting_for(job: Future[bytes]) -> Callable[[], bytes]:
    """The PDF's bytes once LibreOffice has made them (the download button waits for them)."""
    return lambda: job.result(timeout=office.PDF_TIMEOUT + 60)


def png_button(spec: SlideSpec, data: meeting.MeetingData) -> None:
    """The slide's chart as a titled PNG (made when clicked), when the slide has a chart."""
    if not slides.kind_of(spec).chart:
        return
    st.download_button(
        ui.t("meet.download_png"),
        lambda: render.chart_png(spec, data, data.lang, titled=True) or b"",
        file_name=f"ipdash-{spec.index:02d}-{spec.key.replace(':', '-')}.png",
        mime="image/png",
        key="meet_png",
        icon=":material/image:",
        on_click="ignore",
    )


def export_panel(
    areas: list[str],
    order: str,
    view: ViewSettings,
    data: meeting.MeetingData,
    since: str | None,
    appendix: bool = False,
    plan: list[SlideSpec] | None = None,
) -> None:
    """Build the deck (PPTX, and PDF when LibreOffice is there) with progress; offer downloads.
    ``plan``: the slides the page shows (made from ``data`` with these options), laid out as they are.
    The PDF is converted in the background once the PPTX is made: its button waits for it."""
    has_lo = render.soffice() is not None
    render.warm_kaleido()  # the charts' browser loads while the page is read, not when the button is pressed
    sig = (tuple(areas), order, view, since, appendix, read.data_version())
    with st.expander(ui.t("meet.export"), icon=":material/download:"):
        pdf_too = st.toggle(ui.t("meet.export_pdf"), value=has_lo, disabled=not has_lo, key="meet_pdf")
        if st.button(ui.t("meet.export_build"), key="meet_build", type="primary", icon=":material/slideshow:"):
            with st.status(ui.t("meet.export_running"), expanded=True) as status:
                bar = st.progress(0.0)
                try:
                    with tempfile.TemporaryDirectory(prefix="ipdash-ui-") as d:
                        res = render.export_meeting(
                            pptx=Path(d, "deck.pptx"),
                            areas=areas,
                            order=order,
                            view=view,
                            data=data,
                            since=since,
                            appendix=appendix,
                            plan=plan,
                            progress=lambda f, m: _show(bar, f, m),
                        )
                        assert res.pptx is not None  # asked for above
                        pptx = res.pptx.read_bytes()
                        st.session_state[FILES] = {
                            "sig": sig,
                            "pptx": pptx,
                            "n": res.n_slides,
                            "pdf": render.start_pdf(pptx) if pdf_too else None,  # LibreOffice works meanwhile
                            "seconds": res.seconds,
                        }
                    status.update(
                        label=ui.t("meet.export_done", n=res.n_slides, sec=res.seconds["total"]),
                        state="complete",
                        expanded=False,
                    )
                except (render.ExportError, meeting.MeetingError) as exc:
                    status.update(label=ui.t("meet.export_failed", error=str(exc)), state="error")
        files = st.session_state.get(FILES)
        if files and files["sig"] == sig:
            stamp = time.strftime("%Y%m%d")
            st.caption(" · ".join(_part(k, v) for k, v in files["seconds"].items()))
            pdf = files["pdf"]
            if pdf is not None and pdf.done() and pdf.exception() is not None:
                st.error(ui.t("meet.export_failed", error=str(pdf.exception())))
                pdf = None
            with st.container(horizontal=True):
                for ext, mime, icon in DOWNLOADS:
                    blob = files["pptx"] if ext == "pptx" else pdf and _waiting_for(pdf)
                    if blob:
                        st.download_button(
                            ui.t(f"meet.download_{ext}"),
                            blob,
                            file_name=f"ipdash-meeting-{stamp}.{ext}",
                            mime=mime,
                            key=f"meet_dl_{ext}",
                            icon=icon,
                            on_click="ignore",
                        )
