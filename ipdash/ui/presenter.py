"""Streamlit side of the meeting view (会议模式): presenting layout, one slide per view,
previous / next, and the deck export with progress. The slides come from ``ipdash.frames.meeting``
and their charts from ``ipdash.charts.meeting_figures`` — the same specs the PPTX is built from.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from ipdash import i18n, ui
from ipdash.charts import meeting_figures
from ipdash.deck import render
from ipdash.frames import meeting
from ipdash.settings import ViewSettings
from ipdash.status_meta import STATUS_META
from ipdash.store import read as store
from ipdash.ui.widgets import md, status_badge

IDX = "meet_idx"
FILES = "meet_files"

# Static CSS only (never user content), scoped to this page's keyed containers.
CSS = """<style>
.st-key-meet_slide h1 { font-size: 3.4rem; line-height: 1.2; }
.st-key-meet_slide h2 { font-size: 2.6rem; line-height: 1.25; }
.st-key-meet_slide h3 { font-size: 2.0rem; }
.st-key-meet_slide p, .st-key-meet_slide li { font-size: 1.55rem; line-height: 1.5; }
.st-key-meet_slide table td, .st-key-meet_slide table th { font-size: 1.3rem; padding: 0.45rem 0.7rem; }
.st-key-meet_slide [data-testid="stCaptionContainer"] p { font-size: 1.3rem; }
.st-key-meet_foot p { font-size: 1.05rem; color: #555; }
.st-key-meet_counter p { font-size: 1.7rem; font-weight: 600; margin: 0; }
</style>"""


def presenting_layout() -> None:
    """Wide, sidebar collapsed, large type (set_page_config may be called again per page)."""
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
    st.html(CSS)


def _switch_lang() -> None:
    st.session_state[ui.LANG_KEY] = st.session_state["meet_lang"]
    ui._carry_filters()  # the shell's own hook: carries URL-bound filters across languages


def language_switch() -> None:
    """zh/en on the page itself (the shell's switch sits in the collapsed sidebar)."""
    st.session_state["meet_lang"] = ui.lang()
    st.segmented_control(
        ui.t("meet.lang"),
        list(i18n.LANGS),
        format_func=ui.LANG_LABELS.get,
        key="meet_lang",
        required=True,
        on_change=_switch_lang,
    )


def current_index(n: int) -> int:
    i = int(st.session_state.get(IDX, 0))
    i = min(max(i, 0), max(n - 1, 0))
    st.session_state[IDX] = i
    return i


def _step(delta: int, n: int) -> None:
    st.session_state[IDX] = min(max(int(st.session_state.get(IDX, 0)) + delta, 0), max(n - 1, 0))


def nav_bar(n: int) -> None:
    """Previous / counter "3 / 12" / next (PageUp / PageDown, as a presenter's clicker sends)."""
    i = current_index(n)
    with st.container(horizontal=True, vertical_alignment="center", key="meet_nav"):
        st.button(
            ui.t("meet.prev"),
            key="meet_prev",
            icon=":material/chevron_left:",
            on_click=_step,
            args=(-1, n),
            disabled=i == 0,
            shortcut="PageUp",
        )
        with st.container(key="meet_counter", width="content"):
            st.markdown(f"{i + 1} / {n}")
        st.button(
            ui.t("meet.next"),
            key="meet_next",
            icon=":material/chevron_right:",
            icon_position="right",
            on_click=_step,
            args=(1, n),
            disabled=i >= n - 1,
            shortcut="PageDown",
        )


@st.cache_data(max_entries=256, show_spinner=False)
def _figure(version: str, spec: meeting.SlideSpec, view: ViewSettings):
    data = ui.cached(meeting.load, view=view)
    return meeting_figures.slide_figure(spec, data, view.lang)


def _table(frame: pd.DataFrame, columns: list[tuple[str, str]]) -> None:
    """A static table with large type; every cell escaped (catalog text is never markup)."""
    shown = pd.DataFrame({header: [md(v) for v in frame[col]] for col, header in columns})
    st.table(shown, hide_index=True)


def _columns(kind: str, lang: str) -> list[tuple[str, str]]:
    def t(k):
        return i18n.t(f"meet.col.{k}", lang)

    if kind == "summary":
        return (
            [("area_name", t("area")), ("n_targets", t("n_targets"))]
            + [
                (s, f"{STATUS_META[s]['icon']} {STATUS_META[s]['en' if lang == 'en' else 'zh']}")
                for s in meeting.SUMMARY_STATUSES
            ]
            + [("n_milestones", t("n_milestones"))]
        )
    if kind == "milestones":
        return milestone_columns(lang)
    if kind == "scorecard":
        return [
            ("target_id", t("target_id")),
            ("indicator", t("indicator")),
            ("target", t("target")),
            ("latest", t("latest")),
            ("projected", t("projected")),
            ("p_meet", t("p_meet")),
            ("status", t("status")),
        ]
    return [("doc", t("doc")), ("title", t("title")), ("area", t("area")), ("provenance", t("provenance"))]


def milestone_columns(lang: str) -> list[tuple[str, str]]:
    """The qualitative-task slide's table (the deck has the same: ``pptx_deck.milestone_columns``)."""
    cols = ("milestone_id", "title", "lead_text", "due_year", "status_text", "overdue_text", "reported_on")
    return [(c, i18n.t(f"mst.col.{c}", lang)) for c in cols]


def render_slide(spec: meeting.SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """One slide, as the deck has it: title, subtitle, table or chart, explanation, footnote."""
    kind, lang = spec.kind, view.lang
    fig = _figure(store.data_version(), spec, view) if kind in ("summary", "target", "compare") else None
    chart = dict(theme=None, config={"displaylogo": False}, key=f"meet_chart_{spec.key}", alt=spec.title)
    with st.container(key="meet_slide", border=True):
        if kind == "title":
            st.title(md(spec.title), anchor=False)
            st.subheader(md(spec.subtitle), anchor=False)
            year = data.as_of or data.data_year
            st.markdown(
                "  \n".join(
                    md(x)
                    for x in (
                        i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year),
                        i18n.t("meet.areas_line", lang, areas=("、" if lang == "zh" else ", ").join(spec.area_names)),
                    )
                )
            )
        else:
            st.header(md(spec.title), anchor=False)
            if spec.subtitle:
                st.caption(md(spec.subtitle))
        frame = meeting.slide_frame(spec, data, lang)
        if kind == "summary":
            shown = frame.assign(
                area_name=[
                    f"{n} {i18n.t('meet.mark_illustrative', lang)}" if u else n
                    for n, u in zip(frame["area_name"], frame["uses_illustrative"])
                ]
            )
            _table(shown, _columns(kind, lang))
            st.plotly_chart(fig, **chart)
        elif kind == "scorecard" and len(frame):
            _table(frame, _columns(kind, lang))
        elif kind == "target":
            row = meeting.target_row(data, spec.target_id)
            left, right = st.columns([3, 2], gap="large")
            with left:
                st.plotly_chart(fig, **chart)
            with right:
                status_badge(row["status"], row["status_label"], STATUS_META[row["status"]]["icon"])
                st.markdown(f"**{md(i18n.t('meet.explanation', lang))}**  \n{md(row['explanation'])}")
                st.markdown(
                    f"**{md(i18n.t('meet.clause', lang))}**  \n“{md(row['clause'])}”（{md(row['doc_number'])}）"
                )
                if str(row.get("assumptions") or "").strip():
                    st.caption(f"{md(i18n.t('meet.assumptions', lang))}：{md(row['assumptions'])}")
        elif kind == "compare":
            st.plotly_chart(fig, **chart)
        elif kind == "milestones":
            st.markdown(md(spec.counts))
            if len(frame):
                _table(frame, _columns(kind, lang))
            else:
                st.markdown(md(i18n.t("mst.meet.none", lang)))
        elif kind == "sources":
            for note in ("meet.note_illustrative", "meet.note_projected", "notice.illustrative"):
                st.markdown(md(i18n.t(note, lang)))
            _table(frame, _columns(kind, lang))
        with st.container(key="meet_foot"):
            st.caption(md(spec.footnote))
    if fig is not None:
        st.download_button(
            ui.t("meet.download_png"),
            lambda: render.chart_png(spec, data, lang),
            file_name=f"ipdash-{spec.index:02d}-{spec.key.replace(':', '-')}.png",
            mime="image/png",
            key="meet_png",
            icon=":material/image:",
            on_click="ignore",
        )


@ui.fragment
def presenter(plan: list[meeting.SlideSpec], data: meeting.MeetingData, view: ViewSettings) -> None:
    """Navigation and the current slide; only this part reruns on previous / next."""
    nav_bar(len(plan))
    render_slide(plan[current_index(len(plan))], data, view)


def export_panel(
    areas: list[str], order: str, view: ViewSettings, data: meeting.MeetingData, since: str | None = None
) -> None:
    """Build the deck (PPTX, and PDF when LibreOffice is there) with progress; offer downloads."""
    has_lo = render.soffice() is not None
    sig = (tuple(areas), order, view, store.data_version(), since)
    with st.expander(ui.t("meet.export"), icon=":material/download:"):
        pdf_too = st.toggle(ui.t("meet.export_pdf"), value=has_lo, disabled=not has_lo, key="meet_pdf")
        if st.button(ui.t("meet.export_build"), key="meet_build", type="primary", icon=":material/slideshow:"):
            with st.status(ui.t("meet.export_running"), expanded=True) as status:
                bar = st.progress(0.0)
                try:
                    with tempfile.TemporaryDirectory(prefix="ipdash-ui-") as d:
                        res = render.export_meeting(
                            pptx=Path(d, "deck.pptx"),
                            pdf=Path(d, "deck.pdf") if pdf_too else None,
                            areas=areas,
                            order=order,
                            view=view,
                            since=since,
                            data=data,
                            progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m),
                        )
                        st.session_state[FILES] = {
                            "sig": sig,
                            "pptx": res.pptx.read_bytes(),
                            "n": res.n_slides,
                            "pdf": res.pdf.read_bytes() if res.pdf else None,
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
            st.caption(" · ".join(f"{k} {v:.1f}s" for k, v in files["seconds"].items()))
            with st.container(horizontal=True):
                st.download_button(
                    ui.t("meet.download_pptx"),
                    files["pptx"],
                    file_name=f"ipdash-meeting-{stamp}.pptx",
                    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    key="meet_dl_pptx",
                    icon=":material/slideshow:",
                    on_click="ignore",
                )
                if files["pdf"]:
                    st.download_button(
                        ui.t("meet.download_pdf"),
                        files["pdf"],
                        file_name=f"ipdash-meeting-{stamp}.pdf",
                        mime="application/pdf",
                        key="meet_dl_pdf",
                        icon=":material/picture_as_pdf:",
                        on_click="ignore",
                    )
