"""Excel number formats → what a numeric cell means as the analyst sees it.

A cell stores a number; its number format decides what Excel shows. The reader takes the value
as shown, at full precision, with the unit the format writes:

- percent (``0.0%``, built-in 9/10): 0.052 shows as 5.2 % → ``5.2%``;
- a unit written by the format (``0.00"万件"``, ``#,##0"亿元"``, ``[$万元-804]0``): 6.94 shows as
  6.94万件 → ``6.94万件``;
- the 万 display trick (``0!.0000"万"``, ``0!.0,"万"``: digits shifted by an escaped dot, and
  trailing commas each dividing by 1 000): 69 400 shows as 6.9400万 → ``6.94万`` = 69 400;
- dates (built-in 14–22, 27–36, 45–47, 50–58, or codes with y/m/d/h/s tokens) → an ISO date,
  which a year column reads as its year;
- anything else (General, ``#,##0.00``, currency symbols) → the plain number. A currency
  symbol (¥, $) is not taken as a unit: it says money, not 元 versus 亿元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from ipdash.sheets.units import parse_unit

DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
BUILTIN = {9: "0%", 10: "0.00%"}
_QUOTED = re.compile(r'"([^"]*)"')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ESCAPED = re.compile(r"\\(.)")
_DATE_TOKENS = re.compile(r"[ymdhs]", re.IGNORECASE)


@dataclass(frozen=True)
class NumFmt:
    """How a format shows a number: ``kind`` plain | percent | unit | date; shown = value / divisor."""

    kind: str
    code: str
    divisor: float = 1.0
    unit: str = ""


PLAIN = NumFmt("plain", "General")


def _digit_shift(code: str) -> int:
    """Digits after an escaped dot (``!.``, ``\\.``, ``"."``) when there is no real decimal point."""
    m = re.search(r'(?:!\.|\\\.|"\.")([0#?]+)', code)
    if not m:
        return 0
    rest = re.sub(r'(?:!\.|\\\.|"\.")', "", _QUOTED.sub("", code))
    return 0 if "." in rest else len(m.group(1))


@lru_cache(maxsize=1024)
def classify(code: str, fmt_id: int = -1) -> NumFmt:
    """The meaning of one format code (first section: the one positive numbers use)."""
    if fmt_id in BUILTIN and not code:
        code = BUILTIN[fmt_id]
    if fmt_id in DATE_IDS and not code:
        return NumFmt("date", f"#{fmt_id}")
    if not code or code.lower() == "general" or code == "@":
        return PLAIN
    section = _split_sections(code)[0]
    literals: list[str] = []
    for m in _BRACKET.finditer(section):
        inner = m.group(1)
        if inner.startswith("$"):  # [$万元-804]: a literal, optionally with a locale
            literals.append(inner[1:].split("-", 1)[0])
    bare = _BRACKET.sub("", section)
    literals += _QUOTED.findall(bare)
    bare = _QUOTED.sub("", bare)
    literals += _ESCAPED.findall(bare)
    bare = _ESCAPED.sub("", bare).replace("!", "")
    literals += re.findall(r"[^\x00-\x7f]+", bare)  # CJK written without quotes
    bare = re.sub(r"[^\x00-\x7f]+", "", bare)
    if fmt_id in DATE_IDS or (_DATE_TOKENS.search(bare.replace("E+", "").replace("e+", "")) and "0" not in bare):
        return NumFmt("date", code)
    if "%" in bare:
        return NumFmt("percent", code, 0.01, "%")
    divisor = 1.0
    commas = re.search(r"[0#?](,+)[^0#?]*$", bare)
    if commas:
        divisor *= 1000.0 ** len(commas.group(1))
    divisor *= 10.0 ** _digit_shift(section)
    unit = next((t.strip() for t in literals if t.strip() and parse_unit(t.strip()) is not None), "")
    if unit:
        return NumFmt("unit", code, divisor, unit)
    return NumFmt("plain", code, divisor) if divisor != 1.0 else PLAIN


def _split_sections(code: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def number_text(x: float) -> str:
    """A float as the shortest text that reads back the same (15 significant digits, no 1e+ form)."""
    s = format(x, ".15g")
    if "e" in s:
        s = format(x, ".15f").rstrip("0").rstrip(".")
    return s


def show(value: float, fmt: NumFmt, date1904: bool = False) -> str:
    """The cell's text as the reader takes it: number (as shown, full precision) plus its unit."""
    if fmt.kind == "date":
        return excel_date(value, date1904)
    shown = value / fmt.divisor if fmt.divisor != 1.0 else value
    return number_text(shown) + fmt.unit


def excel_date(serial: float, date1904: bool = False) -> str:
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    try:
        d = base + timedelta(days=float(serial))
    except (OverflowError, ValueError):
        return number_text(serial)
    return d.strftime("%Y-%m-%d") if d.hour == d.minute == d.second == 0 else d.strftime("%Y-%m-%d %H:%M:%S")
