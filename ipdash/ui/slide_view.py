"""One meeting slide on screen, as the deck has it: title, subtitle, the slide's table or chart (the
frame of ``frames.slides.slide_frame``, the same columns as the deck), the footnote.

Type is set in ``em`` of one base size (``presenter.CSS``: ≥ 24 px in the presenter view, fitted
to 1366×768 and 1920×1080); charts are Plotly at ``SCREEN_FONT`` px and stretch to the height left
to them, so a slide never scrolls. Every value is HTML-escaped before it is placed (catalog text is
never markup); Chinese data shown on an English slide (a verbatim clause, a document number) is
marked ``lang="zh"`` so a reader — and the translation test — can tell data from interface.

How each kind of slide is drawn: ``BODIES``, one ``Body`` per key of ``frames.slides.REGISTRY``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import NamedTuple

import pandas as pd
import streamlit as st

from ipdash import i18n, ui
from ipdash.charts import meeting_figures
from ipdash.contrast import text_colour
from ipdash.frames import meeting, slide_spec, slides
from ipdash.frames.slide_spec import Column, SlideSpec
from ipdash.settings import ViewSettings
from ipdash.status_meta import MILESTONE_META, STATUS_META
from ipdash.store import read
from ipdash.ui.widgets import md

BAND = "#F2F4F8"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def zh(text) -> str:
    """Chinese data kept as it is on an English slide, marked as such."""
    return f'<span lang="zh" data-ipdash-data="zh">{esc(text)}</span>'


def data_text(text, lang: str) -> str:
    """Catalog text (an explanation, an assumption) escaped; on an English slide every run of Chinese
    in it (a quoted term such as “500亿”) is marked as the data it is."""
    out, run = [], ""
    for ch in str(text):
        if lang == "en" and (ord(ch) > 0x2E80 or (run and ch == slide_spec.WJ)):
            run += ch
            continue
        if run:
            out.append(zh(run))
            run = ""
        out.append(esc(ch))
    return "".join(out) + (zh(run) if run else "")


def mark_chinese(text: str, pieces, lang: str) -> str:
    """``text`` escaped, with each of ``pieces`` (clauses, document numbers) marked when English."""
    out = esc(text)
    if lang != "en":
        return out
    for p in sorted({str(x) for x in pieces if x}, key=len, reverse=True):
        out = out.replace(esc(p), zh(p))
    return out


def table_html(frame: pd.DataFrame, columns: list[Column], lang: str, *, data_cols: Iterable[str] = ()) -> str:
    """A static table: dark header, banded rows, status words in a shade of their colour that reads
    on the row (≥ 4.5:1), nowrap columns kept on one line, Chinese headers never broken in a word."""
    head = "".join(
        f'<th class="{"nowrap" if c.nowrap else ""}" style="width:{c.weight}fr">'
        + "<br>".join(esc(x) for x in c.header.split("\n"))
        + "</th>"
        for c in columns
    )
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        bg = BAND if i % 2 else "#FFFFFF"
        cells = []
        for c in columns:
            value, style = rec.get(c.col, ""), ""
            meta = STATUS_META.get(rec.get("status_code", "")) or MILESTONE_META.get(rec.get("status_code", ""))
            if c.col in ("status", "status_text") and meta:
                style = f' style="color:{text_colour(meta["colour"], bg)};font-weight:700"'
            if c.col == "overdue_text" and rec.get("n_overdue"):  # overdue tasks nobody reported on
                style = f' style="color:{text_colour(MILESTONE_META["overdue"]["colour"], bg)};font-weight:700"'
            body = (data_text(value, lang) if c.col in data_cols else esc(value)).replace("\n", "<br>")
            if c.col == "status" and "status_before" in rec:  # what changed: each status in its own colour
                body = " → ".join(
                    f'<b style="color:{text_colour(STATUS_META.get(rec[k], {}).get("colour", "#222222"), bg)}">'
                    f"{esc(rec[f'{k}_text'])}</b>"
                    for k in ("status_before", "status_after")
                )
            cells.append(f'<td class="{"nowrap" if c.nowrap else ""}"{style}>{body}</td>')
        rows.append(f'<tr style="background:{bg}">{"".join(cells)}</tr>')
    return f'<table class="pres-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


@st.cache_data(max_entries=256, show_spinner=False)
def _figure(version: str, spec: SlideSpec, view: ViewSettings):
    data = ui.cached(meeting.load, view=view)
    return meeting_figures.slide_figure(spec, data, view.lang, font=meeting_figures.SCREEN_FONT)


def _chart(spec: SlideSpec, view: ViewSettings) -> None:
    fig = _figure(read.data_version(), spec, view)
    if fig is None:
        return
    fig.update_layout(height=None, autosize=True)
    st.plotly_chart(
        fig,
        theme=None,
        height="stretch",
        config={"displayModeBar": False, "responsive": True},
        key=f"meet_chart_{spec.key}",
        alt=spec.title,
    )


def _target_text(row: dict, lang: str) -> str:
    meta = STATUS_META.get(row["status"], {})
    colour = text_colour(meta.get("colour", "#222222"))
    parts = [
        f'<p class="pres-status" style="color:{colour}">{esc(meta.get("icon", ""))} {esc(row["status_label"])}</p>',
        f"<p>{data_text(row['explanation'], lang)}</p>",
    ]
    if str(row.get("assumptions") or "").strip():
        label = i18n.t("meet.assumption_line", lang, text="")
        parts.append(f'<p class="pres-muted">{esc(label)}{data_text(row["assumptions"], lang)}</p>')
    return f'<div class="pres-text">{"".join(parts)}</div>'


def _note(text: str) -> None:
    st.html(f'<p class="pres-note">{esc(text)}</p>')


def _cover(spec: SlideSpec, data: meeting.MeetingData, lang: str) -> None:
    """The title slide: the meeting's name, the data's as-of year, the areas."""
    st.title(md(spec.title), anchor=False)
    year = data.as_of or data.data_year
    lines = [
        spec.subtitle,
        i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year),
        i18n.t("meet.areas_line", lang, areas=slide_spec.join_list(spec.area_names, lang)),
    ]
    st.html('<div class="pres-cover">' + "".join(f"<p>{esc(x)}</p>" for x in lines) + "</div>")


def _title_bar(spec: SlideSpec, data: meeting.MeetingData, lang: str) -> None:
    st.header(md(spec.title), anchor=False)
    if spec.subtitle:
        st.html(f'<p class="pres-sub">{mark_chinese(spec.subtitle, [spec.clause, *spec.doc_numbers], lang)}</p>')


def _no_body(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """The cover has all it says on it."""


def _summary_body(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """The summary table, its note, the chart below."""
    kind, frame = slides.kind_of(spec), slides.slide_frame(spec, data, view.lang)
    if frame is not None:
        st.html(table_html(kind.table(frame, view.lang), kind.columns(view.lang), view.lang))
        if spec.note:
            _note(spec.note)
        _chart(spec, view)


def _table_body(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """The slide's counts line (a task slide), then its table — or the kind's "none" line when the
    table has no rows."""
    kind, lang = slides.kind_of(spec), view.lang
    frame = slides.slide_frame(spec, data, lang)
    if frame is None:
        return
    if spec.counts:
        _note(spec.counts)
    if kind.empty and not len(frame):
        _note(i18n.t(kind.empty, lang))
    else:
        data_cols = (*kind.zh_columns, *kind.text_columns)
        st.html(table_html(kind.table(frame, lang), kind.columns(lang), lang, data_cols=data_cols))


def _target_body(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """The target's chart on the left, its status, explanation and assumptions on the right."""
    if spec.target_id:
        with st.container(key="meet_chart_box"):
            _chart(spec, view)
        st.html(_target_text(slides.target_row(data, spec.target_id), view.lang))


def _chart_body(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    _chart(spec, view)


class Body(NamedTuple):
    """How the screen draws one kind of slide: ``head`` (title and subtitle, or the cover),
    ``draw`` (what is between them and the footnote), side by side when ``horizontal``."""

    draw: Callable[[SlideSpec, meeting.MeetingData, ViewSettings], None]
    head: Callable[[SlideSpec, meeting.MeetingData, str], None] = _title_bar
    horizontal: bool = False


BODIES: dict[str, Body] = {  # by ``frames.slides.REGISTRY`` key
    "title": Body(_no_body, head=_cover),
    "commitments": Body(_table_body),
    "summary": Body(_summary_body),
    "changes": Body(_table_body),
    "scorecard": Body(_table_body),
    "target": Body(_target_body, horizontal=True),
    "compare": Body(_chart_body),
    "sources": Body(_table_body),
    "milestones": Body(_table_body),
    "pending": Body(_table_body),
}


def render_slide(spec: SlideSpec, data: meeting.MeetingData, view: ViewSettings) -> None:
    """One slide in the keyed container ``meet_slide`` (the presenter view makes it the screen)."""
    body = BODIES[spec.kind]
    with st.container(key="meet_slide"):
        body.head(spec, data, view.lang)
        with st.container(key="meet_body", horizontal=body.horizontal, gap="medium"):
            body.draw(spec, data, view)
        with st.container(key="meet_foot"):
            st.html(f'<p class="pres-foot">{mark_chinese(spec.footnote, spec.doc_numbers, view.lang)}</p>')
