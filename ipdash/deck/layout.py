"""Setting text on PPTX slides so it reads from the back of a room (python-pptx; no streamlit).

- Sizes: body text ``BODY`` (18 pt), nothing under ``SMALLEST`` (12 pt, the footnote).
- Every run names an East-Asian typeface (``a:ea``) as well as a Latin one, so Chinese is never set
  in a Latin font; every paragraph has an exact line spacing, so a measured height is the height.
- Text is measured with the deck's own font (Noto Sans CJK through Pillow, which python-pptx already
  needs; a conservative estimate when the font file is missing): a table's column is never narrower
  than its header (a Chinese header is not broken inside a word, "达成概/率"), columns marked
  ``nowrap`` are as wide as their widest cell, and a table's height is known before it is placed.
- Colours: text on a fill is checked against that fill (WCAG 4.5:1, ``ipdash.contrast``); every
  table cell gets an explicit fill so its background is known.
"""

from __future__ import annotations

import io
import math
import struct

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ipdash.contrast import text_colour
from ipdash.frames.slide_spec import Column
from ipdash.textfit import BODY, LINE, TIGHT, column_widths, n_lines, table_height

FONT_LATIN = "Noto Sans CJK SC"
FONT_EA = "Noto Sans CJK SC"
SMALLEST = 12.0
WHITE, INK, GREY, ACCENT = "#FFFFFF", "#222222", "#555555", "#0072B2"
HEAD_FILL, BAND_FILL = "#1F4E9C", "#F2F4F8"
CELL_MARGIN = Pt(5)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


# ------------------------------------------------------------------ runs and boxes
def style_run(run, size: float, *, bold: bool = False, color: str = INK, lang: str = "zh") -> None:
    """Size, weight, colour and both typefaces (latin + ea, and cs) of one text run."""
    run.font.size = Pt(max(size, SMALLEST))
    run.font.bold = bold
    run.font.color.rgb = rgb(color)
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


def set_paragraphs(
    frame, parts: list[tuple[str, float, bool, str]], *, lang: str, align=None, gap: float = 6, line: float = LINE
) -> None:
    """Replace a text frame's text with paragraphs (text, size, bold, colour); one per line of text."""
    frame.clear()
    first = True
    for text, size, bold, colour in parts:
        for one in str(text).split("\n"):
            p = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            if align is not None:
                p.alignment = align
            p.line_spacing = Pt(size * line)
            p.space_after = Pt(gap)
            r = p.add_run()
            r.text = one
            style_run(r, size, bold=bold, color=colour, lang=lang)


def set_text(frame, text: str, size: float, *, bold=False, color=INK, lang="zh", align=None, line=LINE) -> None:
    set_paragraphs(frame, [(text, size, bold, color)], lang=lang, align=align, gap=0, line=line)


def paragraphs_height(parts: list[tuple[str, float, bool, str]], width: float, gap: float = 6) -> float:
    """Height in points the paragraphs take in a box ``width`` points wide (insets included)."""
    inner = width - 14.4  # a text box's default left + right inset (0.1 in each)
    h = sum(n_lines(t, inner, s, b) * s * LINE + gap * (1 + str(t).count("\n")) for t, s, b, _ in parts)
    return h + 7.2  # top + bottom inset


def add_box(slide, left, top, width, height, parts, *, lang: str, anchor=MSO_ANCHOR.TOP, gap: float = 6):
    """A text box of styled paragraphs; wraps at its width, never shrinks the type."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    set_paragraphs(tf, parts, lang=lang, gap=gap)
    return box


def fill(shape_or_cell, colour: str) -> None:
    shape_or_cell.fill.solid()
    shape_or_cell.fill.fore_color.rgb = rgb(colour)


# ------------------------------------------------------------------ tables
def add_table(
    slide,
    frame,
    columns: list[Column],
    left,
    top,
    width,
    *,
    size: float = BODY,
    lang: str = "zh",
    colour_of=None,
    data_lang: dict[str, str] | None = None,
    max_height: float | None = None,
):
    """A table of ``frame``'s ``columns``: explicit fills (dark header, banded rows), text checked
    against its fill, widths from the text, row heights measured. ``colour_of(record, column)``
    may give a cell's text colour (e.g. a status); it is darkened on its fill when it must be.
    ``data_lang`` {column: "zh"} marks columns whose values stay Chinese in an English deck.
    ``max_height`` (pt): the lines are set tighter rather than run past it."""
    widths = column_widths(frame, columns, Emu(width).pt, size)
    line = LINE
    total, heights = table_height(frame, columns, widths, size, line)
    if max_height is not None and total > max_height:
        line = TIGHT
        total, heights = table_height(frame, columns, widths, size, line)
    shape = slide.shapes.add_table(len(frame) + 1, len(columns), left, top, width, Pt(total))
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = Pt(w)
    for i, h in enumerate(heights):
        table.rows[i].height = Pt(h)
    records = frame.to_dict("records")
    for i in range(len(records) + 1):
        bg = HEAD_FILL if i == 0 else (BAND_FILL if i % 2 == 0 else WHITE)
        for j, c in enumerate(columns):
            cell = table.cell(i, j)
            fill(cell, bg)
            cell.margin_top = cell.margin_bottom = CELL_MARGIN
            cell.margin_left = cell.margin_right = CELL_MARGIN
            if i == 0:
                set_text(cell.text_frame, c.header, size, bold=True, color=WHITE, lang=lang, line=line)
                continue
            rec = records[i - 1]
            wanted = (colour_of(rec, c.col) if colour_of else None) or INK
            run_lang = (data_lang or {}).get(c.col, lang)
            set_text(
                cell.text_frame,
                str(rec[c.col]),
                size,
                bold=bool(colour_of and colour_of(rec, c.col)),
                color=text_colour(wanted, bg),
                lang=run_lang,
                line=line,
            )
    return shape, total


# ------------------------------------------------------------------ pictures
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


def lines_to_fit(height_pt: float, size: float) -> int:
    return max(1, math.floor(height_pt / (size * LINE)))
