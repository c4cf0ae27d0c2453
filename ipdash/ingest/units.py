"""Numbers and units as analysts type them → the indicator's unit.

``parse_number("1,234.5")``, ``parse_number("3.2万")`` (a scale word written into the cell),
``parse_unit("万件")`` → (10 000, "件"), ``factor("亿元" ← "万元")`` = 0.0001. A unit is only
converted within its family (counts 件/家/项, 元, 天, %, 件/万人); a bare scale word (万, 亿) takes the
indicator's own base unit; anything else is "not convertible" and the row is refused.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

# scale words, longest first when matching
SCALES: dict[str, float] = {
    "": 1.0,
    "十": 10.0,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
    "thousand": 1e3,
    "thousands": 1e3,
    "k": 1e3,
    "10k": 1e4,
    "tenthousand": 1e4,
    "10thousand": 1e4,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "100million": 1e8,
    "hundredmillion": 1e8,
    "billion": 1e9,
    "bn": 1e9,
}
# base unit spellings → canonical base
BASES: dict[str, str] = {
    # counts: 件 (patents, cases…) and 家 (firms) are both plain counts
    "件": "n",
    "项": "n",
    "次": "n",
    "笔": "n",
    "个": "n",
    "件次": "n",
    "家": "n",
    "户": "n",
    "patents": "n",
    "patent": "n",
    "trademarks": "n",
    "applications": "n",
    "registrations": "n",
    "cases": "n",
    "transactions": "n",
    "items": "n",
    "pcs": "n",
    "firms": "n",
    "firm": "n",
    "centres": "n",
    "centers": "n",
    "companies": "n",
    "enterprises": "n",
    "元": "元",
    "元人民币": "元",
    "人民币": "元",
    "yuan": "元",
    "rmb": "元",
    "cny": "元",
    "yuanrmb": "元",
    "天": "天",
    "日": "天",
    "days": "天",
    "day": "天",
    "个工作日": "天",
    "工作日": "天",
    "%": "%",
    "百分比": "%",
    "percent": "%",
    "pct": "%",
    "%ofgdp": "%",
    "件/万人": "件/万人",
    "件/每万人": "件/万人",
    "件每万人": "件/万人",
    "件/万人口": "件/万人",
    "件/每万人口": "件/万人",
    "/万人": "件/万人",
    "per10kresidents": "件/万人",
    "per10k": "件/万人",
    "per10,000residents": "件/万人",
    "per10000residents": "件/万人",
}
# a scale word is meaningful only on these bases
SCALABLE = {"n", "元"}
_BASE_KEYS = sorted(BASES, key=len, reverse=True)
_NUM = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(.*)$", re.IGNORECASE)
_GROUPS = re.compile(r"(?<=\d)[, '](?=\d{3}(?:\D|$))")


def unit_key(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower().replace("（", "(").replace("）", ")").strip("()")


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


def unit_text(inline: str, cell: str, header_unit: str = "") -> str:
    """The unit a value was given in: inline (``3.2万``) + unit cell, or the value header's."""
    inline, cell = (inline or "").strip(), (cell or "").strip()
    if inline:
        p = parse_unit(inline)
        if p is not None and p[1] is None and cell:
            return inline + cell  # 3.2万 + 件 → 万件
        return inline
    return cell or header_unit
