"""A slide's table spread over as few slides as hold it (no streamlit): rows measured with the deck's
font (``ipdash.textfit``) at the width and height the slide leaves them — title, subtitle, counts
line and footnote measured too — not counted; then as evenly as that many slides allow. Used by
``frames.deck_plan``; the deck's renderer sets the same tables with the same measures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd

from ipdash import textfit
from ipdash.frames import slides
from ipdash.frames.meeting import MeetingData, footnote
from ipdash.frames.slide_spec import SlideSpec, split_evenly

GAP = 12.0  # points between a counts line and its table
TABLE_W = textfit.SLIDE_W - 2 * textfit.MARGIN


def table_room(spec: SlideSpec, data: MeetingData) -> float:
    """Points of height a table has on ``spec``'s slide: between its subtitle (and counts line) and
    its footnote, with the longest page number it could get and its title's "(n/n)"."""
    probe = replace(spec, title=spec.title + " (9/9)", index=99, n=99)
    top, bottom = textfit.body_box(probe.title, probe.subtitle, footnote(probe, data, data.lang))
    if spec.counts:
        top += textfit.paragraphs_height([(spec.counts, textfit.BODY, False)], TABLE_W) + GAP / 2
    return bottom - top


def fits(shown: pd.DataFrame, kind: str, lang: str, room: float) -> bool:
    """Does ``shown`` (a slide's table as shown) fit in ``room`` points at the body size — with its
    lines set a little tighter if need be, as the deck sets them (``deck.layout.add_table``)?"""
    cols = slides.table_columns(kind, lang)
    widths = textfit.column_widths(shown, cols, TABLE_W, textfit.BODY)
    return textfit.table_height(shown, cols, widths, textfit.BODY, textfit.TIGHT)[0] <= room


def measured_pages(
    ids: Sequence[str], shown_of: Callable[[list[str]], pd.DataFrame], kind: str, lang: str, room: float
) -> list[list[str]]:
    """``ids`` over as few slides as hold their rows (each slide measured with its own rows' column
    widths), then as evenly as that many slides allow."""
    ids = list(ids)
    if not ids:
        return [[]]
    pages: list[list[str]] = []
    cur: list[str] = []
    for i in ids:
        if cur and not fits(shown_of([*cur, i]), kind, lang, room):
            pages.append(cur)
            cur = []
        cur.append(i)
    pages.append(cur)
    even = [ids[a:b] for a, b in split_evenly(len(ids), math.ceil(len(ids) / len(pages)))]
    if len(even) == len(pages) and all(fits(shown_of(p), kind, lang, room) for p in even):
        return even
    return pages


def paged(
    spec: SlideSpec, field: str, ids: Sequence[str], shown_of: Callable[[list[str]], pd.DataFrame], data: MeetingData
) -> list[SlideSpec]:
    """``spec`` once per page of ``ids`` (its ``field``), "(p/n)" after the title when more than one."""
    pages = measured_pages(ids, shown_of, spec.kind, data.lang, table_room(spec, data))
    many = len(pages) > 1
    return [
        replace(
            spec,
            key=spec.key + (f":{p}" if many else ""),
            title=spec.title + (f" ({p}/{len(pages)})" if many else ""),
            target_ids=ids_p if field == "target_ids" else spec.target_ids,
            doc_ids=ids_p if field == "doc_ids" else spec.doc_ids,
            milestone_ids=ids_p if field == "milestone_ids" else spec.milestone_ids,
            commitment_ids=ids_p if field == "commitment_ids" else spec.commitment_ids,
        )
        for p, ids_p in enumerate(pages, 1)
    ]


def rows_of(kind: str, lang: str, frame: pd.DataFrame, col: str) -> Callable[[list[str]], pd.DataFrame]:
    """The rows of ``frame`` whose ``col`` is one of the given ids, as the slide's table shows them."""
    return lambda ids: shown(kind, lang, frame[frame[col].isin(ids)])


def shown(kind: str, lang: str, frame: pd.DataFrame) -> pd.DataFrame:
    return slides.REGISTRY[kind].table(frame, lang)
