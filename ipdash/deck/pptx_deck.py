"""The meeting deck as PPTX (python-pptx; no streamlit): one slide per ``deck_plan.slide_plan`` spec.

Each slide: title, subtitle, the slide's table or chart (``frames.slides.slide_frame``, the frame the
screen shows), the footnote (data as-of, sources, the marks used on it) and speaker notes
(``frames.slides.speaker_notes``: every target's explanation). Charts are PNGs rendered by
``ipdash.deck.render`` at the size of their place on the slide (``chart_slot``), so a chart's
16 px type is 16 pt on the slide. Text sizes, measuring and colours: ``ipdash.deck.layout``.

How each kind of slide is laid out: ``RENDERERS``, one ``Renderer`` per key of
``frames.slides.REGISTRY`` (its head, its body and, for a kind with a chart, the chart's slot).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ipdash import i18n, textfit
from ipdash.contrast import text_colour
from ipdash.deck import layout as lay
from ipdash.frames import meeting, slide_spec, slide_tables, slides
from ipdash.frames.slide_spec import Record, SlideSpec
from ipdash.status_meta import MILESTONE_META, STATUS_META

W, H, MARGIN = textfit.SLIDE_W, textfit.SLIDE_H, textfit.MARGIN  # points: 13.333 × 7.5 in
TITLE_SIZE, SUB_SIZE, STATUS_SIZE = textfit.TITLE_SIZES[0], textfit.SUB_SIZE, 24.0
FOOT_SIZE = textfit.FOOT_SIZE
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5
GAP = 12.0
CHART_MIN_H = 120.0


# ------------------------------------------------------------------ geometry shared with render.py
def _subtitle_h(spec: SlideSpec) -> float:
    if not spec.subtitle:
        return 0.0
    return lay.paragraphs_height([(spec.subtitle, SUB_SIZE, False, lay.GREY)], W - 2 * MARGIN, gap=0)


def _footer_h(spec: SlideSpec) -> float:
    return lay.paragraphs_height([(spec.footnote, FOOT_SIZE, False, lay.GREY)], W - 2 * MARGIN, gap=0)


def title_fit(spec: SlideSpec) -> tuple[float, float]:
    """(size, height) of a slide's title: 30 pt on one line, else 26 pt (on two lines if need be)."""
    return textfit.title_fit(spec.title)


def body_box(spec: SlideSpec) -> tuple[float, float]:
    """(top, bottom) in points of the space between a slide's subtitle and its footnote."""
    return textfit.body_box(spec.title, spec.subtitle, spec.footnote)


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
    frame = slides.REGISTRY["summary"].table(slides.slide_frame(spec, data), data.lang)
    cols = slide_tables.summary_columns(data.lang)
    widths = lay.column_widths(frame, cols, W - 2 * MARGIN, lay.BODY)
    return lay.table_height(frame, cols, widths, lay.BODY)[0]


def _note_h(spec: SlideSpec) -> float:
    return lay.paragraphs_height([(spec.note, lay.BODY, False, lay.INK)], W - 2 * MARGIN) if spec.note else 0.0


Slot = tuple[float, float]  # (width, height) in points of a slide's chart


def _target_slot(spec: SlideSpec, data: meeting.MeetingData) -> Slot | None:
    top, bottom = body_box(spec)
    return target_split(spec, data)[0], bottom - top


def _full_slot(spec: SlideSpec, data: meeting.MeetingData) -> Slot | None:
    top, bottom = body_box(spec)
    return W - 2 * MARGIN, bottom - top


def _summary_slot(spec: SlideSpec, data: meeting.MeetingData) -> Slot | None:
    top, bottom = body_box(spec)
    h = bottom - top - _summary_table_h(spec, data) - _note_h(spec) - GAP
    return (W - 2 * MARGIN, h) if h >= CHART_MIN_H else None


def chart_slot(spec: SlideSpec, data: meeting.MeetingData) -> Slot | None:
    """(width, height) in points of a slide's chart (None: the slide has no chart or no room)."""
    slot = RENDERERS[spec.kind].slot
    return slot(spec, data) if slot is not None else None


# ------------------------------------------------------------------ slides
@dataclass(frozen=True)
class Deck:
    """What every slide of one deck is drawn from: the meeting's data, the charts' PNGs (by spec
    key; a mapping may wait for a chart still being drawn when its slide is laid out), the date on the cover."""

    data: meeting.MeetingData
    images: Mapping[str, bytes]
    date: str

    @property
    def lang(self) -> str:
        return self.data.lang


def _header(prs: Any, spec: SlideSpec, deck: Deck) -> Any:
    """A slide with its title (30 or 26 pt) and subtitle."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    title = slide.shapes.title
    size, th = title_fit(spec)
    title.left, title.top, title.width, title.height = Pt(MARGIN), Pt(20), Pt(W - 2 * MARGIN), Pt(th)
    lay.set_text(title.text_frame, spec.title, size, bold=True, lang=deck.lang, align=PP_ALIGN.LEFT)
    title.text_frame.word_wrap = True
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    if spec.subtitle:
        h = _subtitle_h(spec)
        sub = [(spec.subtitle, SUB_SIZE, False, lay.GREY)]
        lay.add_box(slide, Pt(MARGIN), Pt(22 + th), Pt(W - 2 * MARGIN), Pt(h), sub, lang=deck.lang, gap=0)
    return slide


def _footer(slide: Any, spec: SlideSpec, lang: str) -> None:
    h = _footer_h(spec)
    foot = [(spec.footnote, FOOT_SIZE, False, lay.GREY)]
    box = (Pt(MARGIN), Pt(H - 14 - h), Pt(W - 2 * MARGIN), Pt(h))
    lay.add_box(slide, *box, foot, lang=lang, anchor=MSO_ANCHOR.BOTTOM, gap=0)


def _notes(slide: Any, text: str, lang: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    lay.set_paragraphs(frame, [(text, 14.0, False, lay.INK)], lang=lang)


def _cover(prs: Any, spec: SlideSpec, deck: Deck) -> Any:
    """The title slide: the meeting's name, the date, the data's as-of year, the areas."""
    data, lang = deck.data, deck.lang
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Pt(MARGIN), Pt(110), Pt(W - 2 * MARGIN), Pt(70)
    lay.set_text(title.text_frame, spec.title, 40, bold=True, lang=lang)
    year = data.as_of or data.data_year
    lines = [
        spec.subtitle,
        i18n.t("meet.date", lang, date=deck.date),
        i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year),
        i18n.t("meet.areas_line", lang, areas=slide_spec.join_list(spec.area_names, lang)),
    ]
    sub = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
    if sub:
        sub[0].left, sub[0].top, sub[0].width = Pt(MARGIN), Pt(195), Pt(W - 2 * MARGIN)
        sub[0].height = Pt(H - 14 - _footer_h(spec) - 12 - 195)
        lay.set_paragraphs(sub[0].text_frame, [("\n".join(lines), 22, False, lay.GREY)], lang=lang, gap=4)
    return slide


COMMITMENT_COLOUR = {"done": "done", "open": "in_progress", "overdue": "overdue", "cancelled": "cancelled"}


def _status_colour(rec: Record, col: str) -> str | None:
    """A status word's own colour (a target's status, a qualitative task's ``status_text``, a commitment's
    ``state_text``)."""
    if col == "overdue_text":  # the count of overdue tasks nobody reported on, in the overdue colour
        return str(MILESTONE_META["overdue"]["colour"]) if rec.get("n_overdue") else None
    if col == "state_text":  # a commitment's done / open / overdue / cancelled, in its task status's colour
        meta = MILESTONE_META.get(COMMITMENT_COLOUR.get(str(rec.get("state", "")), ""))
        return None if meta is None else str(meta["colour"])
    if col not in ("status", "status_text"):
        return None
    code = rec.get("status_code", "")
    colour = (STATUS_META.get(code) or MILESTONE_META.get(code) or {}).get("colour")
    return None if colour is None else str(colour)


def _text(slide: Any, text: str, y: float, h: float, lang: str) -> None:
    """A paragraph of body text across the slide at ``y``, ``h`` points high."""
    lay.add_box(slide, Pt(MARGIN), Pt(y), Pt(W - 2 * MARGIN), Pt(h), [(text, lay.BODY, False, lay.INK)], lang=lang)


def _picture(slide: Any, spec: SlideSpec, deck: Deck, y: float, bottom: float, width: float | None = None) -> None:
    """The slide's chart (when it was rendered) from ``y`` down to ``bottom``: centred across the
    slide, or at the left in ``width`` points."""
    png = deck.images.get(spec.key)
    if png:
        w = Pt(W - 2 * MARGIN if width is None else width)
        lay.add_picture(slide, png, Pt(MARGIN), Pt(y), w, Pt(bottom - y), alt=spec.title, centre=width is None)


def _no_body(slide: Any, spec: SlideSpec, deck: Deck) -> None:
    """The cover has all it says on it."""


def _summary_body(slide: Any, spec: SlideSpec, deck: Deck) -> None:
    """The summary table, its note, the chart below in the room left."""
    lang, (top, bottom) = deck.lang, body_box(spec)
    frame = slides.REGISTRY["summary"].table(slides.slide_frame(spec, deck.data), lang)
    cols = slide_tables.summary_columns(lang)
    _, h = lay.add_table(slide, frame, cols, Pt(MARGIN), Pt(top), Pt(W - 2 * MARGIN), lang=lang)
    y = top + h + GAP / 2
    if spec.note:
        _text(slide, spec.note, y, _note_h(spec), lang)
        y += _note_h(spec)
    _picture(slide, spec, deck, y, bottom)


def _table_body(slide: Any, spec: SlideSpec, deck: Deck) -> None:
    """The slide's counts line (a task slide), then its table from there down to the footnote —
    status words in their colour, Chinese data marked in an English deck — or the kind's "none"
    line when the table has no rows."""
    kind, lang, (y, bottom) = slides.kind_of(spec), deck.lang, body_box(spec)
    frame = slides.slide_frame(spec, deck.data)
    if frame is None:
        return
    if spec.counts:
        h = lay.paragraphs_height([(spec.counts, lay.BODY, False, lay.INK)], W - 2 * MARGIN)
        _text(slide, spec.counts, y, h, lang)
        y += h + GAP / 2
    if kind.empty and not len(frame):
        _text(slide, i18n.t(kind.empty, lang), y, 60, lang)
        return
    zh = {c: "zh" for c in kind.zh_columns} if lang == "en" else None
    shown, cols, x, full = kind.table(frame, lang), kind.columns(lang), Pt(MARGIN), Pt(W - 2 * MARGIN)
    lay.add_table(
        slide, shown, cols, x, Pt(y), full, lang=lang, colour_of=_status_colour, data_lang=zh, max_height=bottom - y
    )


def _target_body(slide: Any, spec: SlideSpec, deck: Deck) -> None:
    """The target's chart on the left, its status, explanation and assumptions on the right."""
    if not spec.target_id:
        return
    top, bottom = body_box(spec)
    chart_w, text_w = target_split(spec, deck.data)
    _picture(slide, spec, deck, top, bottom, chart_w)
    parts = _target_parts(slides.target_row(deck.data, spec.target_id), deck.lang)
    lay.add_box(slide, Pt(MARGIN + chart_w + GAP), Pt(top), Pt(text_w), Pt(bottom - top), parts, lang=deck.lang)


def _chart_body(slide: Any, spec: SlideSpec, deck: Deck) -> None:
    """The chart across the slide."""
    _picture(slide, spec, deck, *body_box(spec))


class Renderer(NamedTuple):
    """How the deck draws one kind of slide: ``head(prs, spec, deck)`` adds the slide (title and
    subtitle, or the cover), ``body(slide, spec, deck)`` fills it; ``slot(spec, data)``: where its
    chart goes (None: the kind has no chart)."""

    body: Callable[[Any, SlideSpec, Deck], None]
    head: Callable[[Any, SlideSpec, Deck], Any] = _header
    slot: Callable[[SlideSpec, meeting.MeetingData], Slot | None] | None = None


RENDERERS: dict[str, Renderer] = {  # by ``frames.slides.REGISTRY`` key
    "title": Renderer(_no_body, head=_cover),
    "commitments": Renderer(_table_body),
    "summary": Renderer(_summary_body, slot=_summary_slot),
    "changes": Renderer(_table_body),
    "scorecard": Renderer(_table_body),
    "target": Renderer(_target_body, slot=_target_slot),
    "compare": Renderer(_chart_body, slot=_full_slot),
    "sources": Renderer(_table_body),
    "milestones": Renderer(_table_body),
    "pending": Renderer(_table_body),
}


def drop_empty_placeholders(slide: Any) -> None:
    for ph in list(slide.placeholders):
        if not (ph.has_text_frame and ph.text_frame.text.strip()):
            ph._element.getparent().remove(ph._element)


def build_pptx(
    plan: list[SlideSpec], data: meeting.MeetingData, lang: str, images: Mapping[str, bytes], *, date: str | None = None
) -> bytes:
    """The deck as PPTX bytes: one slide per spec of ``plan``, in order, each with speaker notes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(W), Pt(H)
    deck = Deck(data, images, date or dt.date.today().strftime(i18n.t("meet.date_format", lang)))
    for spec in plan:
        draw = RENDERERS[spec.kind]
        slide = draw.head(prs, spec, deck)
        draw.body(slide, spec, deck)
        _footer(slide, spec, lang)
        _notes(slide, slides.speaker_notes(spec, data), lang)
        drop_empty_placeholders(slide)
        lay.fill(slide.background, lay.WHITE)
    prs.core_properties.title = i18n.t("meet.meeting_name", lang)
    prs.core_properties.language = "en-US" if lang == "en" else "zh-CN"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
