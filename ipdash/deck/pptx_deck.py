"""The meeting deck as PPTX (python-pptx; no streamlit): one slide per ``meeting.slide_plan`` spec.

Every run of text names an East-Asian typeface (``a:ea``) as well as a Latin one, so Chinese
is never set in a Latin font; every slide ends with the spec's footnote (data as-of, sources,
the marks used on it); charts are PNGs rendered by ``ipdash.deck.render``; slides are made from
the "Title Only" layout and any placeholder left empty is removed.
"""

from __future__ import annotations

import datetime as dt
import io
import struct

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ipdash import i18n
from ipdash.frames import meeting
from ipdash.status_meta import STATUS_META

FONT_LATIN = "Noto Sans CJK SC"
FONT_EA = "Noto Sans CJK SC"
W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK, GREY, ACCENT = RGBColor(0x22, 0x22, 0x22), RGBColor(0x55, 0x55, 0x55), RGBColor(0x00, 0x72, 0xB2)
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5


def style_run(run, size: float, *, bold: bool = False, color: RGBColor = INK, lang: str = "zh") -> None:
    """Size, weight, colour and both typefaces (latin + ea, and cs) of one text run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = FONT_LATIN  # <a:latin>
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "en-US" if lang == "en" else "zh-CN")
    rpr.set("altLang", "zh-CN" if lang == "en" else "en-US")
    latin = rpr.find(qn("a:latin"))
    for tag in ("a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    ea = etree.SubElement(rpr, qn("a:ea"))
    ea.set("typeface", FONT_EA)
    ea.set("charset", "-122")  # GB2312: lets PowerPoint pick a Chinese substitute if absent
    cs = etree.SubElement(rpr, qn("a:cs"))
    cs.set("typeface", FONT_EA)
    latin.addnext(ea)
    ea.addnext(cs)


def set_text(frame, text: str, size: float, *, bold=False, color=INK, lang="zh", align=None) -> None:
    """Replace a text frame's text (one paragraph per line), styled."""
    frame.clear()
    for i, line in enumerate(str(text).split("\n")):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            p.alignment = align
        style_run(p.add_run() if not p.runs else p.runs[0], size, bold=bold, color=color, lang=lang)
        p.runs[0].text = line


def add_text(
    slide,
    left,
    top,
    width,
    height,
    text: str,
    size: float,
    *,
    bold=False,
    color=INK,
    lang="zh",
    fit=False,
    align=None,
    anchor=MSO_ANCHOR.TOP,
):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    set_text(tf, text, size, bold=bold, color=color, lang=lang, align=align)
    if fit:
        tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # <a:normAutofit/>: shrink on overflow
    return box


def add_paragraphs(slide, left, top, width, height, parts: list[tuple[str, float, bool, RGBColor]], lang: str):
    """A text box of several styled paragraphs (heading/body pairs)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for i, (text, size, bold, color) in enumerate(parts):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.space_after = Pt(6)
        r = p.add_run()
        r.text = text
        style_run(r, size, bold=bold, color=color, lang=lang)
    return box


def drop_empty_placeholders(slide) -> None:
    for ph in list(slide.placeholders):
        if not (ph.has_text_frame and ph.text_frame.text.strip()):
            ph._element.getparent().remove(ph._element)


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def add_table(
    slide,
    frame,
    columns: list[tuple[str, str]],
    left,
    top,
    width,
    *,
    size=14,
    lang="zh",
    widths: list[float] | None = None,
    status_col: str | None = None,
):
    """A table of ``frame``'s ``columns`` [(column, header)], text as given, status words coloured."""
    rows = len(frame) + 1
    row_h = Pt(size * 2.1)
    shape = slide.shapes.add_table(rows, len(columns), left, top, width, Emu(row_h * rows))
    table = shape.table
    if widths:
        total = sum(widths)
        for j, w in enumerate(widths):
            table.columns[j].width = Emu(int(width * w / total))
    for j, (_, header) in enumerate(columns):
        set_text(table.cell(0, j).text_frame, header, size, bold=True, color=RGBColor(255, 255, 255), lang=lang)
    for i, rec in enumerate(frame.to_dict("records"), 1):
        for j, (col, _) in enumerate(columns):
            colour = INK
            if status_col and col == status_col:
                colour = _hex(STATUS_META.get(rec.get("status_code", ""), {}).get("colour", "#222222"))
            cell = table.cell(i, j)
            cell.margin_top = cell.margin_bottom = Pt(2)
            set_text(
                cell.text_frame,
                str(rec[col]),
                size,
                bold=bool(status_col and col == status_col),
                color=colour,
                lang=lang,
            )
    for r in table.rows:
        r.height = row_h
    return shape


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def add_picture(slide, png: bytes, left, top, width, height, *, alt: str = "", centre: bool = True):
    """The PNG scaled to fit the box (left, top, width, height), centred horizontally."""
    pw, ph = png_size(png)
    scale = min(width / pw, height / ph)
    w, h = int(pw * scale), int(ph * scale)
    x = left + (width - w) // 2 if centre else left
    pic = slide.shapes.add_picture(io.BytesIO(png), x, top, width=w, height=h)
    pic._element.nvPicPr.cNvPr.set("descr", alt)  # alt text for screen readers
    return pic


# ------------------------------------------------------------------ slides
def _header(prs, spec: meeting.SlideSpec, lang: str):
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), W - 2 * MARGIN, Inches(0.9)
    set_text(title.text_frame, spec.title, 30, bold=True, lang=lang, align=PP_ALIGN.LEFT)
    title.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    if spec.subtitle:
        add_text(
            slide,
            MARGIN,
            Inches(1.15),
            W - 2 * MARGIN,
            Inches(0.5),
            spec.subtitle,
            16,
            color=GREY,
            lang=lang,
            fit=True,
        )
    return slide


def _footer(slide, spec: meeting.SlideSpec, lang: str) -> None:
    add_text(
        slide,
        MARGIN,
        H - Inches(0.62),
        W - 2 * MARGIN,
        Inches(0.5),
        spec.footnote,
        10,
        color=GREY,
        lang=lang,
        fit=True,
        anchor=MSO_ANCHOR.BOTTOM,
    )


def _title_slide(prs, spec, data, lang, date):
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    set_text(slide.shapes.title.text_frame, spec.title, 44, bold=True, lang=lang)
    year = data.as_of or data.data_year
    lines = [
        spec.subtitle,
        i18n.t("meet.date", lang, date=date),
        i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year),
        i18n.t("meet.areas_line", lang, areas=("、" if lang == "zh" else ", ").join(spec.area_names)),
    ]
    sub = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
    if sub:
        set_text(sub[0].text_frame, "\n".join(lines), 22, color=GREY, lang=lang)
    return slide


def _table_columns(kind: str, lang: str) -> tuple[list[tuple[str, str]], list[float]]:
    def t(k):
        return i18n.t(f"meet.col.{k}", lang)

    if kind == "summary":
        cols = [("area_name", t("area")), ("n_targets", t("n_targets"))]
        cols += [
            (s, f"{STATUS_META[s]['icon']} {STATUS_META[s]['en' if lang == 'en' else 'zh']}")
            for s in meeting.SUMMARY_STATUSES
        ]
        return [*cols, ("n_milestones", t("n_milestones"))], [2.2, 1] + [1.2] * 6 + [1.2]
    if kind == "scorecard":
        return (
            [
                ("target_id", t("target_id")),
                ("indicator", t("indicator")),
                ("target", t("target")),
                ("latest", t("latest")),
                ("projected", t("projected")),
                ("p_meet", t("p_meet")),
                ("status", t("status")),
            ],
            [1.15, 2.9, 1.7, 2.7, 2.8, 0.95, 1.5],
        )
    return (
        [("doc", t("doc")), ("title", t("title")), ("area", t("area")), ("provenance", t("provenance"))],
        [2, 5, 1.3, 3.2],
    )


def _body(slide, spec, data, lang, images):
    kind = spec.kind
    top = Inches(1.75) if spec.subtitle else Inches(1.35)
    bottom = H - Inches(0.75)
    full_w = W - 2 * MARGIN
    frame = meeting.slide_frame(spec, data, lang)
    png = images.get(spec.key)
    if kind == "summary":
        cols, widths = _table_columns(kind, lang)
        shown = frame.assign(
            area_name=[
                f"{n} {i18n.t('meet.mark_illustrative', lang)}" if u else n
                for n, u in zip(frame["area_name"], frame["uses_illustrative"])
            ]
        )
        add_table(slide, shown, cols, MARGIN, top, full_w, size=14, lang=lang, widths=widths)
        y = top + Pt(14 * 2.1) * (len(frame) + 2) + Inches(0.2)  # the header may wrap to two lines
        if png:
            add_picture(slide, png, MARGIN, y, full_w, bottom - y, alt=spec.title)
    elif kind == "scorecard":
        if len(frame):
            cols, widths = _table_columns(kind, lang)
            size = 14 if len(frame) <= meeting.SCORECARD_ROWS else 12
            add_table(slide, frame, cols, MARGIN, top, full_w, size=size, lang=lang, widths=widths, status_col="status")
    elif kind == "target":
        row = meeting.target_row(data, spec.target_id)
        chart_w = Inches(7.9)
        if png:
            add_picture(slide, png, MARGIN, top, chart_w, bottom - top, alt=spec.title, centre=False)

        def t(k):
            return i18n.t(k, lang)

        meta = STATUS_META.get(row["status"], {})
        parts = [
            (f"{meta.get('icon', '')} {row['status_label']}", 22, True, _hex(meta.get("colour", "#222222"))),
            (t("meet.explanation"), 14, True, ACCENT),
            (str(row["explanation"]), 15, False, INK),
            (t("meet.clause"), 14, True, ACCENT),
            (f"“{row['clause']}”（{row['doc_number']}）", 14, False, INK),
        ]
        if str(row.get("assumptions") or "").strip():
            parts += [(t("meet.assumptions"), 14, True, ACCENT), (str(row["assumptions"]), 12, False, GREY)]
        left = MARGIN + chart_w + Inches(0.25)
        add_paragraphs(slide, left, top, W - MARGIN - left, bottom - top, parts, lang)
    elif kind == "compare":
        if png:
            add_picture(slide, png, MARGIN, top, full_w, bottom - top, alt=spec.title)
    elif kind == "sources":
        notes = [
            i18n.t("meet.note_illustrative", lang),
            i18n.t("meet.note_projected", lang),
            i18n.t("notice.illustrative", lang),
        ]
        add_paragraphs(slide, MARGIN, top, full_w, Inches(1.3), [(n, 14, False, GREY) for n in notes], lang)
        cols, widths = _table_columns(kind, lang)
        add_table(slide, frame, cols, MARGIN, top + Inches(1.4), full_w, size=12, lang=lang, widths=widths)


def build_pptx(
    plan: list[meeting.SlideSpec],
    data: meeting.MeetingData,
    lang: str,
    images: dict[str, bytes],
    *,
    date: str | None = None,
) -> bytes:
    """The deck as PPTX bytes: one slide per spec of ``plan``, in order."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    date = date or (dt.date.today().strftime("%Y年%m月%d日") if lang == "zh" else dt.date.today().isoformat())
    for spec in plan:
        if spec.kind == "title":
            slide = _title_slide(prs, spec, data, lang, date)
        else:
            slide = _header(prs, spec, lang)
            _body(slide, spec, data, lang, images)
        _footer(slide, spec, lang)
        drop_empty_placeholders(slide)
    prs.core_properties.title = i18n.t("meet.meeting_name", lang)
    prs.core_properties.language = "en-US" if lang == "en" else "zh-CN"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
