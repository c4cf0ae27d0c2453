"""Cell text as analysts type it: normalised, and recognised as blank, a total row, a year or a period.

``clean`` NFKC-normalises (full-width digits, commas and colons become ASCII), drops control
characters and collapses spaces. ``period`` reads a year written any way district offices write
it — ``2025``, ``2025年``, ``FY2025``, ``2025年度``, ``2025年1-12月``, ``2025年全年``, a date such as
``2025-01-01`` or ``2025/1/1`` (a year typed into a date cell) — and says whether it is the full
year (``2025年1-6月``, ``2025年一季度`` are parts of a year and are never taken as the year).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from ipdash.strings import ingest as vocab


def clean(text) -> str:
    """NFKC (full-width → ASCII), no control characters, single spaces, stripped."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = str(text)
    if s.isascii() and s.isprintable():  # the common case, 20× faster
        return " ".join(s.split()) if "  " in s else s.strip()
    return _clean_unicode(s)


@lru_cache(maxsize=65536)
def _clean_unicode(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\t" else " " for ch in s)
    return re.sub(r"\s+", " ", s).strip()


def clean_rows(rows: list[list]) -> list[list[str]]:
    """``clean`` of every cell of a grid, each distinct cell cleaned once and mapped back."""
    memo = {c: clean(c) for c in dict.fromkeys(chain.from_iterable(rows))}
    if all(type(c) is str and c == t for c, t in memo.items()):
        return rows  # already clean, as most CSVs are: the grid itself, not a copy
    get = memo.__getitem__
    return [list(map(get, r)) for r in rows]


def header_key(text: str) -> str:
    return re.sub(r"[\s_\-:.]+", "", clean(text).lower())


_BLANK = {clean(w).lower() for w in vocab.BLANK_WORDS}
_TOTALS = {header_key(w) for w in vocab.TOTAL_WORDS}
_TOTAL_PREFIXES = tuple(header_key(w) for w in vocab.TOTAL_PREFIXES)


def is_blank(v: str) -> bool:
    return clean(v).lower() in _BLANK


_TOTAL_FIRST = {w[:1] for w in (*_TOTALS, *_TOTAL_PREFIXES)}


def is_total(v: str) -> bool:
    """合计 / 小计 / 总计 / Total … (also 合计（全区）, 合 计)."""
    if v[:1].lower() not in _TOTAL_FIRST:  # the common case, without normalising
        return False
    k = header_key(v)
    return bool(k) and (k in _TOTALS or k.startswith(_TOTAL_PREFIXES))


class Period(NamedTuple):
    year: int
    full: bool  # False: a part of the year (1-6月, 一季度…)


_RANGE = "[" + re.escape(vocab.RANGE_CHARS) + "]"
_YEAR_SUFFIX = "|".join(re.escape(w) for w in vocab.YEAR_SUFFIXES)
_MONTH = re.escape(vocab.MONTH_WORD)
_MONTH_END = "|".join(re.escape(w) for w in vocab.MONTH_END_WORDS)
_PART_WORDS = tuple(vocab.PART_YEAR_WORDS)
_FULL_WORDS = tuple(vocab.FULL_YEAR_WORDS)
_PERIOD = re.compile(
    rf"^(?:fy|y)?(\d{{4}})(?:\.0+)?(?:{_YEAR_SUFFIX})?(?:fy)?"  # 2025 / 2025年 / FY2025 / 2025.0
    rf"(?:(\d{{1,2}})(?:{_MONTH})?{_RANGE}(\d{{1,2}})(?:{_MONTH})"  # 1-12月
    rf"|(\d{{1,2}})(?:{_MONTH_END}|{_MONTH}))?$"  # 12月 / 12月末
)
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")


@lru_cache(maxsize=8192)
def period(text: str) -> Period | None:
    """The year a cell or header names (and whether it is the whole year), or None."""
    t = clean(text).lower()
    m = _DATE.match(t)
    if m:
        return Period(int(m.group(1)), True)
    t = t.replace(" ", "")
    for w in _FULL_WORDS:
        t = t.replace(w, "")
    for w in _PART_WORDS:
        if w in t:
            y = re.match(r"^(?:fy)?(\d{4})", t)
            return Period(int(y.group(1)), False) if y else None
    m = _PERIOD.match(t)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):  # a month range
        return Period(year, int(m.group(2)) == 1 and int(m.group(3)) == 12)
    if m.group(4):  # one month: the year-end stock at 12月末 is the year; any other month is a part
        month_end = any(t.endswith(w) for w in vocab.MONTH_END_WORDS)
        return Period(year, int(m.group(4)) == 12 and month_end)
    return Period(year, True)
