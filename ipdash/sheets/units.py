"""Numbers and units as analysts type them → the indicator's unit.

``parse_number("1,234.5")``, ``parse_number("3.2万")`` (a scale word written into the cell),
``parse_unit("万件")`` → (10 000, "件"), ``factor("亿元" ← "万元")`` = 0.0001. A unit is only
converted within its family (counts 件/家/项, 元, 天, %, 件/万人); a bare scale word (万, 亿) takes the
indicator's own base unit; anything else is "not convertible" and the row is refused.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ipdash.strings import ingest as vocab

SCALES: dict[str, float] = vocab.SCALE_WORDS
BASES: dict[str, str] = vocab.UNIT_BASES
# a scale word is meaningful only on these bases
SCALABLE = {"n", vocab.MONEY_BASE}
_BASE_KEYS = sorted(BASES, key=len, reverse=True)
_NUM = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(.*)$", re.IGNORECASE)
_GROUPS = re.compile(r"(?<=\d)[, '](?=\d{3}(?:\D|$))")


def unit_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).lower().strip("()")


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> tuple[float, str | None] | None:
    """(scale, base) — base None for a bare scale word (万, 亿) — or None when unknown."""
    u = unit_key(text)
    if u in SCALES:
        return SCALES[u], None
    for key in _BASE_KEYS:
        if u.endswith(key):
            prefix = u[: len(u) - len(key)]
            base = BASES[key]
            if prefix == "":
                return 1.0, base
            if prefix in SCALES and base in SCALABLE:
                return SCALES[prefix], base
            return None
    return None


@lru_cache(maxsize=4096)
def factor(src: str, target: str, target_en: str = "") -> float | None:
    """Multiply a value in ``src`` by this to get ``target``; None when not convertible."""
    if unit_key(src) in ("", unit_key(target), unit_key(target_en)):
        return 1.0
    s, t = parse_unit(src), parse_unit(target)
    if s is None or t is None:
        return None
    s_scale, s_base = s
    t_scale, t_base = t
    if s_base is None:  # a bare scale word: 万 of the indicator's own unit
        if t_base not in SCALABLE:
            return None
        s_base = t_base
    if s_base != t_base:
        return None
    return s_scale / t_scale


@lru_cache(maxsize=65536)
def parse_number(text: str) -> tuple[float | None, str]:
    """("1,234.5万" → (1234.5, "万")); (None, "") when the cell does not start with a number."""
    s = _GROUPS.sub("", str(text or "").strip())
    m = _NUM.match(s)
    if not m:
        return None, ""
    try:
        return float(m.group(1)), m.group(2).strip()
    except ValueError:  # pragma: no cover - the regex admits only what float() reads
        return None, ""


def is_finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


@dataclass(frozen=True)
class Statement:
    """One place a unit was written for a value: ``where`` (a key of ``ingest.where.*``) and the text."""

    where: str
    text: str


@dataclass(frozen=True)
class Resolution:
    """The factor to the indicator's unit, the statement that decided it, or the two that disagree."""

    factor: float | None
    unit_src: str = ""
    deciding: Statement | None = None
    conflict: tuple[Statement, Statement] | None = None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


@lru_cache(maxsize=8192)
def resolve(inline: Statement | None, others: tuple[Statement, ...], target: str, target_en: str = "") -> Resolution:
    """Every statement of a value's unit → one factor, or a conflict (never a silent choice).

    ``inline`` is the unit written in the value itself (``3.2万``, ``12.5%``, or what its number
    format shows); ``others`` come from the unit column, the column header, the indicator name,
    a unit line of the sheet. A bare scale word inline (万) multiplies the others' unit when that
    unit has no scale of its own (万 + 件 = 万件; 万 + 万件 is a conflict). All other statements
    must give the same factor; one that cannot be converted against one that can is a conflict.
    """
    stated = [s for s in others if s.text]
    if inline is not None and inline.text:
        p = parse_unit(inline.text)
        if p is not None and p[1] is None and stated:  # a bare scale word on top of the stated unit
            scaled = next((s for s in stated if (q := parse_unit(s.text)) is not None and q[0] != 1.0), None)
            if scaled is not None:
                return Resolution(None, inline.text + scaled.text, conflict=(inline, scaled))
            first = stated[0]
            for s in stated[1:]:
                if not _same(factor(first.text, target, target_en), factor(s.text, target, target_en)):
                    return Resolution(None, first.text, conflict=(first, s))
            combined = Statement(inline.where, inline.text + first.text)
            f = factor(combined.text, target, target_en)
            return Resolution(f, combined.text, combined if f is not None else None)
        stated = [inline, *stated]
    if not stated:
        return Resolution(1.0)
    first = stated[0]
    f = factor(first.text, target, target_en)
    for s in stated[1:]:
        if not _same(f, factor(s.text, target, target_en)):
            return Resolution(None, first.text, conflict=(first, s))
    return Resolution(f, first.text, first if f is not None else None)


def unit_text(inline: str, cell: str, header_unit: str = "") -> str:
    """The unit a value was given in: inline (``3.2万``) + unit cell, or the value header's."""
    inline, cell = (inline or "").strip(), (cell or "").strip()
    if inline:
        p = parse_unit(inline)
        if p is not None and p[1] is None and cell:
            return inline + cell  # 3.2万 + 件 → 万件
        return inline
    return cell or header_unit
