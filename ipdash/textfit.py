"""Measuring slide text with the deck's own font (no streamlit, no python-pptx): how wide a line is,
where it may break, how many lines a cell takes, how wide a table's columns are and how tall its rows.

The deck (``ipdash.deck.layout``) sets its tables with these numbers and the meeting's plan
(``ipdash.frames.meeting``) decides with them how many rows a slide holds, so a slide is filled as far
as it goes and never past its footnote.

Breaking: a line may break after a space and before or after a Chinese character — except next to a
word joiner (U+2060, ``WJ``): the slides join the characters of one word and of a number with its
unit (``frames.slide_spec.keep_words``), so "逾期" or "12.3 件/万人" is never split over two lines;
nor before closing punctuation (``NO_BREAK_BEFORE``).

Font: Noto Sans CJK SC through Pillow; a conservative estimate when the font file is missing.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ipdash.strings.presenting import NO_BREAK_BEFORE

FONT_FILES = {
    False: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    True: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
BODY = 18.0  # pt: body text of a slide
LINE = 1.25  # line height, × font size
TIGHT = 1.12  # a table's line height when it would otherwise run into the footnote
CELL_MARGIN_PT = 5.0  # a table cell's margin on each side
WJ = "\u2060"  # word joiner: no break on either side


class TableColumn(Protocol):
    """A column of a slide's table (``frames.slide_spec.Column``)."""

    @property
    def col(self) -> str: ...
    @property
    def header(self) -> str: ...
    @property
    def nowrap(self) -> bool: ...
    @property
    def weight(self) -> float: ...


# ------------------------------------------------------------------ measuring
@lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(FONT_FILES[bold]), 100, index=2)  # index 2: the SC face
    except (OSError, ImportError):
        return None


def _guess(ch: str) -> float:
    if ch == WJ:
        return 0.0
    if ord(ch) > 0x2E80 or ch in "◆▲▼✔✘∅○?※☆★":
        return 1.0
    return 0.33 if ch == " " else 0.62  # wider than the font's own average: a guess must not be short


def _asian(ch: str) -> bool:
    return ord(ch) > 0x2E80


@lru_cache(maxsize=1 << 16)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` on one line at ``size`` pt, with the quarter-em renderers put
    between Chinese and Latin letters or digits (LibreOffice's "Asian–non-Asian spacing"); text of
    several lines: its widest line."""
    if "\n" in text:  # lines of their own: the widest
        return max(text_width(line, size, bold) for line in text.split("\n"))
    f = _font(bold)
    text = text.replace(WJ, "")
    base = sum(_guess(c) for c in text) * size if f is None else f.getlength(text) * size / 100
    gaps = sum(
        1
        for a, b in itertools.pairwise(text)
        if (_asian(a) and b.isascii() and b.isalnum()) or (_asian(b) and a.isascii() and a.isalnum())
    )
    return base + gaps * 0.25 * size


def _may_break(a: str, b: str) -> bool:
    """May a line break between the characters ``a`` and ``b``?"""
    if WJ in (a, b) or b in NO_BREAK_BEFORE:
        return False
    return a == " " or _asian(a) or _asian(b)


def tokens(text: str) -> list[str]:
    """Units a line may break between: a Chinese character (or a joined word), a Latin word with its
    trailing space."""
    out: list[str] = []
    for ch in text:
        if out and not _may_break(out[-1][-1], ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    return list(_wrap(str(text), round(width, 1), size, bold))


@lru_cache(maxsize=1 << 14)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    """The lines ``text`` is set in, in a box ``width`` pt wide (greedy breaking, as the renderers
    do); a unit longer than a line (a URL, a long number) is broken inside, character by character."""
    width = max(width, 1.0)
    lines: list[str] = []
    for para in str(text).split("\n"):
        cur = ""
        for tok in tokens(para):
            if cur and text_width((cur + tok).rstrip(), size, bold) > width:
                lines.append(cur)
                cur = ""
            if not cur and text_width(tok.rstrip(), size, bold) > width:
                for ch in tok:  # longer than a line: broken inside
                    if cur and text_width((cur + ch).rstrip(), size, bold) > width:
                        lines.append(cur)
                        cur = ""
                    cur += ch
                continue
            cur += tok
        lines.append(cur)
    return tuple(lines)


def n_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a box ``width`` pt wide."""
    return len(wrap(text, width, size, bold))


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """Width of the longest unit a header may not be broken inside: a whole line when it holds
    Chinese (renderers break Chinese anywhere, so only a line that fits keeps its words whole), else
    its longest word; an explicit line break ends a unit."""
    parts = [p for line in str(text).split("\n") for p in ([line] if any(map(_asian, line)) else line.split(" "))]
    return max((text_width(p, size, bold) for p in parts if p), default=0.0)


def widest_token(text: str, size: float, bold: bool = False) -> float:
    """Width of the longest part of a body cell's text a renderer cannot break (a Latin word, a
    number, a joined Chinese word)."""
    return max((text_width(tok.strip(), size, bold) for tok in tokens(str(text))), default=0.0)


# ------------------------------------------------------------------ tables
def column_widths(frame: Any, columns: Sequence[TableColumn], total: float, size: float) -> list[float]:
    """Widths (pt) of ``columns`` in ``total`` pt: each column its share by ``weight``, but never
    narrower than its longest unbreakable part (a whole Chinese header line, a joined word, a nowrap
    column's widest cell) nor wider than its natural width (its longest line unwrapped); the room a
    column does not need goes to the others by weight, so a header is never broken inside a word
    and the text that wraps gets the room."""
    pad = 2 * CELL_MARGIN_PT + 4
    lo, hi = [], []
    for c in columns:
        cells = [str(v) for v in frame[c.col]] if len(frame) else []
        head_min = widest_word(c.header, size, True) * 1.04  # renderers' rounding: what just fits still fits
        # a nowrap column's cells are measured bold (a status word is set bold) and with the header's margin
        cell_max = max((text_width(v, size, c.nowrap) * (1.04 if c.nowrap else 1) for v in cells), default=0.0)
        cell_min = cell_max if c.nowrap else max((widest_token(v, size) * 1.08 for v in cells), default=0.0)
        natural = max(text_width(line, size, True) for line in c.header.split("\n"))
        lo.append(max(head_min, cell_min) + pad)
        hi.append(max(natural, cell_max, lo[-1] - pad) + pad)
    if sum(lo) >= total:
        return [total * x / sum(lo) for x in lo]
    if sum(hi) <= total:
        spare = total - sum(hi)
        return [h + spare * h / sum(hi) for h in hi]
    for most in range(1, 9):  # the fewest lines every row can be set in: each column as wide as that needs
        need = [
            lo[j] if c.nowrap else max([lo[j], *(width_for(str(v), most, size) + pad for v in frame[c.col])])
            for j, c in enumerate(columns)
        ]
        if sum(need) <= total:
            return _share(need, hi, [c.weight for c in columns], total)
    return _share(lo, hi, [c.weight for c in columns], total)


def _share(widths: list[float], hi: list[float], weights: list[float], total: float) -> list[float]:
    """``widths`` grown to fill ``total``, the room shared by weight; no column past its ``hi``
    until every column is there."""
    widths = list(widths)
    free = [i for i in range(len(widths)) if hi[i] > widths[i]]
    while free:
        left = total - sum(widths)
        share = {i: left * weights[i] / sum(weights[k] for k in free) for i in free}
        full = [i for i in free if widths[i] + share[i] >= hi[i]]
        if not full:
            for i in free:
                widths[i] += share[i]
            return widths
        for i in full:
            widths[i] = hi[i]
        free = [i for i in free if i not in full]
    left = total - sum(widths)
    return [w + left * w / sum(widths) for w in widths]


@lru_cache(maxsize=1 << 14)
def width_for(text: str, lines: int, size: float, bold: bool = False) -> float:
    """The narrowest text width (pt, to half a point) that sets ``text`` in at most ``lines`` lines
    (its longest unbreakable part when even that takes more)."""
    lo, hi = widest_token(text, size, bold), text_width(text.replace("\n", ""), size, bold) + 1
    if n_lines(text, lo, size, bold) <= lines or lo >= hi:
        return lo + 2
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if n_lines(text, mid, size, bold) <= lines else (mid, hi)
    return hi + 2  # cell_width's slack


def cell_width(width: float) -> float:
    """The width text has in a cell ``width`` pt wide (margins and the renderers' slack off)."""
    return width - 2 * CELL_MARGIN_PT - 2


def table_height(
    frame: Any, columns: Sequence[TableColumn], widths: list[float], size: float, line: float = LINE
) -> tuple[float, list[float]]:
    """(total, per-row heights) in points of a table of ``frame`` with a header row."""
    pad = 2 * CELL_MARGIN_PT
    heads = [c.header for c in columns]
    rows = [heads] + [[str(r[c.col]) for c in columns] for r in frame.to_dict("records")]
    hs = []
    for i, row in enumerate(rows):
        lines = max(n_lines(v, cell_width(w), size, i == 0) for v, w in zip(row, widths))
        hs.append(lines * size * line + pad + 2)
    return sum(hs), hs


# ------------------------------------------------------------------ a slide's geometry
SLIDE_W, SLIDE_H, MARGIN = 960.0, 540.0, 36.0  # points: 13.333 × 7.5 in
TITLE_SIZES = (30.0, 26.0)  # a title: 30 pt on one line, else 26 pt
SUB_SIZE, FOOT_SIZE = BODY, 12.0
INSET_W, INSET_H = 14.4, 7.2  # a text box's left + right, top + bottom insets


def paragraphs_height(parts: Sequence[tuple[str, float, bool]], width: float, gap: float = 6) -> float:
    """Height in points the paragraphs (text, size, bold) take in a box ``width`` points wide."""
    inner = width - INSET_W
    h = sum(n_lines(t, inner, s, b) * s * LINE + gap * (1 + str(t).count("\n")) for t, s, b in parts)
    return h + INSET_H


def title_fit(title: str) -> tuple[float, float]:
    """(size, height) of a slide's title: 30 pt on one line, else 26 pt (on two lines if need be)."""
    width = SLIDE_W - 2 * MARGIN - INSET_W
    size, lines = TITLE_SIZES[0], 1
    for size in TITLE_SIZES:
        lines = n_lines(title, width, size, True)
        if lines == 1:
            break
    return size, lines * size * LINE + INSET_H


def body_box(title: str, subtitle: str, footnote: str) -> tuple[float, float]:
    """(top, bottom) in points of the space between a slide's subtitle and its footnote."""
    full = SLIDE_W - 2 * MARGIN
    top = 20 + title_fit(title)[1] + 2
    top += paragraphs_height([(subtitle, SUB_SIZE, False)], full, gap=0) + 6 if subtitle else 4
    return top, SLIDE_H - 14 - paragraphs_height([(footnote, FOOT_SIZE, False)], full, gap=0) - 6
