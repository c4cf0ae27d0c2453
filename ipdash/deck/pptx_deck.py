"""The meeting deck as PPTX (python-pptx; no streamlit): one slide per ``meeting.slide_plan`` spec.

Each slide: title, subtitle, the slide's table or chart (``frames.slides.slide_frame``, the frame the
screen shows), the footnote (data as-of, sources, the marks used on it) and speaker notes
(``frames.slides.speaker_notes``: every target's explanation). Charts are PNGs rendered by
``ipdash.deck.render`` at the size of their place on the slide (``chart_slot``), so a chart's
16 px type is 16 pt on the slide. Text sizes, measuring and colours: ``ipdash.deck.layout``.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ipdash import i18n
from ipdash.contrast import text_colour
from ipdash.deck import layout as lay
from ipdash.frames import meeting, slide_spec, slides
from ipdash.frames.meeting import SlideSpec
from ipdash.status_meta import MILESTONE_META, STATUS_META

W, H = 960.0, 540.0  # points: 13.333 × 7.5 in
MARGIN = 36.0
TITLE_SIZE, SUB_SIZE, STATUS_SIZE = 30.0, lay.BODY, 24.0
FOOT_SIZE = lay.SMALLEST
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5
GAP = 12.0
CHART_MIN_H = 120.0


def _frame_lang(lang: str) -> dict[str, str]:
    """Columns whose values stay Chinese in an English deck (document numbers)."""
    return {"doc": "zh"} if lang == "en" else {}


# ------------------------------------------------------------------ geometry shared with render.py
def _subtitle_h(spec: SlideSpec) -> float:
    if not spec.subtitle:
        return 0.0
    return lay.paragraphs_height([(spec.subtitle, SUB_SIZE, False, lay.GREY)], W - 2 * MARGIN, gap=0)


def _footer_h(spec: SlideSpec) -> float:
    return lay.paragraphs_height([(spec.footnote, FOOT_SIZE, False, lay.GREY)], W - 2 * MARGIN, gap=0)


def title_fit(spec: SlideSpec) -> tuple[float, float]:
    """(size, height) of a slide's title: 30 pt on one line, else 26 pt (on two lines if need be)."""
    width = W - 2 * MARGIN - 14.4
    for size in (TITLE_SIZE, 26.0):
        lines = lay.n_lines(spec.title, width, size, True)
        if lines == 1:
            break
    return size, lines * size * lay.LINE + 7.2


def body_box(spec: SlideSpec) -> tuple[float, float]:
    """(top, bottom) in points of the space between a slide's subtitle and its footnote."""
    top = 20 + title_fit(spec)[1] + 2
    top += _subtitle_h(spec) + 6 if spec.subtitle else 4
    return top, H - 14 - _footer_h(spec) - 6


def _target_parts(row: dict, lang: str) -> list[tuple[str, float, bool, str]]:
    meta = STATUS_META.get(row["status"], {})
    parts = [
        (f"{meta.get('icon', '')} {row['status_label']}", STATUS_SIZE, True, text_colour(meta.get("colour", lay.INK))),
        (str(row["explanation"]), lay.BODY, False, lay.INK),
    ]
    if str(row.get("assumptions") or "").strip():
        parts.append((i18n.t("meet.assumption_line", lang, text=row["assumptions"]), lay.BODY, False, lay.GREY))
    return parts


def target_split(spec: SlideSpec, data: meeting.MeetingData) -> tuple[float, float]:
    """(chart width, text width) in points of a target slide: the widest chart that leaves the
    explanation room to stand at 18 pt without running into the footnote."""
    top, bottom = body_box(spec)
    parts = _target_parts(slides.target_row(data, spec.target_id or ""), data.lang)
    full = W - 2 * MARGIN
    for chart_w in (540.0, 500.0, 460.0, 420.0, 380.0, 340.0):
        text_w = full - chart_w - GAP
        if lay.paragraphs_height(parts, text_w) <= bottom - top:
            return chart_w, text_w
    return 340.0, full - 340.0 - GAP


def _summary_table_h(spec: SlideSpec, data: meeting.MeetingData) -> float:
    frame = _summary_shown(slides.slide_frame(spec, data), data.lang)
    cols = slides.table_columns("summary", data.lang)
    widths = lay.column_widths(frame, cols, W - 2 * MARGIN, lay.BODY)
    return lay.table_height(frame, cols, widths, lay.BODY)[0]


def _note_h(spec: SlideSpec) -> float:
    return lay.paragraphs_height([(spec.note, lay.BODY, False, lay.INK)], W - 2 * MARGIN) if spec.note else 0.0


def chart_slot(spec: SlideSpec, data: meeting.MeetingData) -> tuple[float, float] | None:
    """(width, height) in points of a slide's chart (None: the slide has no chart or no room)."""
    top, bottom = body_box(spec)
    if spec.kind == "target":
        return target_split(spec, data)[0], bottom - top
    if spec.kind == "compare":
        return W - 2 * MARGIN, bottom - top
    if spec.kind == "summary":
        h = bottom - top - _summary_table_h(spec, data) - _note_h(spec) - GAP
        return (W - 2 * MARGIN, h) if h >= CHART_MIN_H else None
    return None


# ------------------------------------------------------------------ slides
def _header(prs, spec: SlideSpec, lang: str):
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    title = slide.shapes.title
    size, th = title_fit(spec)
    title.left, title.top, title.width, title.height = Pt(MARGIN), Pt(20), Pt(W - 2 * MARGIN), Pt(th)
    lay.set_text(title.text_frame, spec.title, size, bold=True, lang=lang, align=PP_ALIGN.LEFT)
    title.text_frame.word_wrap = True
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    if spec.subtitle:
        h = _subtitle_h(spec)
        lay.add_box(
            slide,
            Pt(MARGIN),
            Pt(22 + th),
            Pt(W - 2 * MARGIN),
            Pt(h),
            [(spec.subtitle, SUB_SIZE, False, lay.GREY)],
            lang=lang,
            gap=0,
        )
    return slide


def _footer(slide, spec: SlideSpec, lang: str) -> None:
    h = _footer_h(spec)
    lay.add_box(
        slide,
        Pt(MARGIN),
        Pt(H - 14 - h),
        Pt(W - 2 * MARGIN),
        Pt(h),
        [(spec.footnote, FOOT_SIZE, False, lay.GREY)],
        lang=lang,
        anchor=MSO_ANCHOR.BOTTOM,
        gap=0,
    )


def _notes(slide, text: str, lang: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    lay.set_paragraphs(frame, [(text, 14.0, False, lay.INK)], lang=lang)


def _title_slide(prs, spec: SlideSpec, data: meeting.MeetingData, lang: str, date: str):
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Pt(MARGIN), Pt(110), Pt(W - 2 * MARGIN), Pt(70)
    lay.set_text(title.text_frame, spec.title, 40, bold=True, lang=lang)
    year = data.as_of or data.data_year
    lines = [
        spec.subtitle,
        i18n.t("meet.date", lang, date=date),
        i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year),
        i18n.t("meet.areas_line", lang, areas=slide_spec.join_list(spec.area_names, lang)),
    ]
    sub = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
    if sub:
        sub[0].left, sub[0].top, sub[0].width = Pt(MARGIN), Pt(195), Pt(W - 2 * MARGIN)
        sub[0].height = Pt(H - 14 - _footer_h(spec) - 12 - 195)
        lay.set_paragraphs(sub[0].text_frame, [("\n".join(lines), 22, False, lay.GREY)], lang=lang, gap=4)
    return slide


def _summary_shown(frame, lang: str):
    mark = i18n.t("meet.mark_illustrative", lang)
    return frame.assign(
        area_name=[f"{n} {mark}" if u else n for n, u in zip(frame["area_name"], frame["uses_illustrative"])]
    )


def _status_colour(rec: dict, col: str) -> str | None:
    """A status word's own colour (a target's status, or a qualitative task's: ``status_text``)."""
    if col not in ("status", "status_text"):
        return None
    code = rec.get("status_code", "")
    return (STATUS_META.get(code) or MILESTONE_META.get(code) or {}).get("colour")


def _table_or_none(slide, frame, cols, y: float, bottom: float, none_text: str, lang: str) -> None:
    """The slide's table from ``y`` down to ``bottom`` (status words in their colour), or
    ``none_text`` when the frame has no rows."""
    full = W - 2 * MARGIN
    if len(frame):
        lay.add_table(
            slide, frame, cols, Pt(MARGIN), Pt(y), Pt(full), lang=lang, colour_of=_status_colour, max_height=bottom - y
        )
    else:
        lay.add_box(slide, Pt(MARGIN), Pt(y), Pt(full), Pt(60), [(none_text, lay.BODY, False, lay.INK)], lang=lang)


def _body(slide, spec: SlideSpec, data: meeting.MeetingData, images: dict[str, bytes]) -> None:
    lang, kind = data.lang, spec.kind
    top, bottom = body_box(spec)
    full = W - 2 * MARGIN
    frame = slides.slide_frame(spec, data)
    png = images.get(spec.key)
    cols = slides.table_columns(kind, lang)
    if kind == "summary" and frame is not None:
        _, h = lay.add_table(slide, _summary_shown(frame, lang), cols, Pt(MARGIN), Pt(top), Pt(full), lang=lang)
        y = top + h + GAP / 2
        if spec.note:
            lay.add_box(
                slide,
                Pt(MARGIN),
                Pt(y),
                Pt(full),
                Pt(_note_h(spec)),
                [(spec.note, lay.BODY, False, lay.INK)],
                lang=lang,
            )
            y += _note_h(spec)
        if png:
            lay.add_picture(slide, png, Pt(MARGIN), Pt(y), Pt(full), Pt(bottom - y), alt=spec.title)
    elif kind in ("scorecard", "changes") and frame is not None:
        _table_or_none(slide, frame, cols, top, bottom, i18n.t("chg.none", lang), lang)
    elif kind == "milestones" and frame is not None:
        counts = [(spec.counts, lay.BODY, False, lay.INK)]
        counts_h = lay.paragraphs_height(counts, full) if spec.counts else 0.0
        lay.add_box(slide, Pt(MARGIN), Pt(top), Pt(full), Pt(counts_h), counts, lang=lang)
        _table_or_none(slide, frame, cols, top + counts_h + GAP / 2, bottom, i18n.t("mst.meet.none", lang), lang)
    elif kind == "target" and spec.target_id:
        chart_w, text_w = target_split(spec, data)
        if png:
            lay.add_picture(
                slide, png, Pt(MARGIN), Pt(top), Pt(chart_w), Pt(bottom - top), alt=spec.title, centre=False
            )
        parts = _target_parts(slides.target_row(data, spec.target_id), lang)
        lay.add_box(slide, Pt(MARGIN + chart_w + GAP), Pt(top), Pt(text_w), Pt(bottom - top), parts, lang=lang)
    elif kind == "compare":
        if png:
            lay.add_picture(slide, png, Pt(MARGIN), Pt(top), Pt(full), Pt(bottom - top), alt=spec.title)
    elif kind == "sources" and frame is not None:  # the marks are in the footnote
        lay.add_table(
            slide,
            frame,
            cols,
            Pt(MARGIN),
            Pt(top),
            Pt(full),
            lang=lang,
            data_lang=_frame_lang(lang),
            max_height=bottom - top,
        )


def drop_empty_placeholders(slide) -> None:
    for ph in list(slide.placeholders):
        if not (ph.has_text_frame and ph.text_frame.text.strip()):
            ph._element.getparent().remove(ph._element)


def build_pptx(
    plan: list[SlideSpec], data: meeting.MeetingData, lang: str, images: dict[str, bytes], *, date: str | None = None
) -> bytes:
    """The deck as PPTX bytes: one slide per spec of ``plan``, in order, each with speaker notes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(W), Pt(H)
    date = date or dt.date.today().strftime(i18n.t("meet.date_format", lang))
    for spec in plan:
        if spec.kind == "title":
            slide = _title_slide(prs, spec, data, lang, date)
        else:
            slide = _header(prs, spec, lang)
            _body(slide, spec, data, images)
        _footer(slide, spec, lang)
        _notes(slide, slides.speaker_notes(spec, data), lang)
        drop_empty_placeholders(slide)
        lay.fill(slide.background, lay.WHITE)
    prs.core_properties.title = i18n.t("meet.meeting_name", lang)
    prs.core_properties.language = "en-US" if lang == "en" else "zh-CN"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
