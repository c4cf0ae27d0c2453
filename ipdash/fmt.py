"""Number and unit formatting as Shanghai officials read figures.

Pure functions, no streamlit. Used by the explanation sentences and the pages.

Rules
- per-capita units (``件/万人`` or anything ending in ``/万人``): one decimal, e.g. ``74.0 件/万人``.
- percentages (``%``): one decimal, ``5.5%``.
- counts (件, 家, 项, 次, 人 …): below 10 000 as whole numbers (one decimal below 100 when
  the value is not whole, so that a required pace of 0.4 件 is not shown as 0); from 10 000
  on in 万 with one decimal: ``26.0万件`` (English: ``260,000``).
- money: 亿元 with one decimal (``320.0亿元``; English ``CNY 32.0 bn``); 元 / 万元 are lifted to
  万元 / 亿元 once large enough.
- durations (天, 月, 小时 …): one decimal.
- missing values (None / NaN) print as an em dash.
- total over finite floats: from 10¹⁵ on a number prints in scientific notation (``1.00e+300``),
  and a unit scaling (× 100 for %, × 10 000 for 万) is done exactly, never overflowing to inf.

``exact=True`` drops a trailing ``.0`` — used for target values, which are shown as the
document writes them ("目标 85 件/万人", "26万件").
"""

from __future__ import annotations

import math
from decimal import Decimal

from ipdash.strings import units

DASH = "—"

_EN_COUNT, _EN_DURATION = units.EN_COUNT, units.EN_DURATION
_MONEY = set(units.MONEY)


def _missing(value) -> bool:
    if value is None:
        return True
    if value.__class__ is float:
        return value != value
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


HUGE = 1e15


def _times(v: float, k: float) -> float | Decimal:
    """``v * k`` without overflowing to inf (exact Decimal when the float would)."""
    r = v * k
    return r if math.isfinite(r) else Decimal(v) * Decimal(k)


def _num(v: float | Decimal, digits: int, exact: bool, sep: bool, signed: bool) -> str:
    if isinstance(v, Decimal) or abs(v) >= HUGE:  # absurd magnitudes still format (never crash a page)
        s = format(v, ".2e")
        return ("+" + s) if signed and v > 0 else s
    if abs(v) < 0.5 * 10.0**-digits:  # rounds to zero: never "-0.0" nor "+0"
        v, signed = 0.0, False
    s = f"{v:,.{digits}f}" if sep else f"{v:.{digits}f}"
    if exact and "." in s:
        s = s.rstrip("0").rstrip(".")
    if signed and v > 0:
        s = "+" + s
    return s


def _count_digits(v: float) -> int:
    return 1 if abs(v) < 100 and abs(v - round(v)) > 1e-9 else 0


def fmt_value(
    value, unit: str | None, lang: str = "zh", *, exact: bool = False, signed: bool = False, bare: bool = False
) -> str:
    """Format ``value`` (in ``unit``, the zh unit of the catalog) for display in ``lang``.

    ``signed`` prefixes positive numbers with ``+`` (for changes per year). ``bare`` drops a
    unit word that stands apart ("74.0 件/万人" → "74.0") but keeps magnitude units that are
    part of the number ("26.0万件", "320.0亿元", "CNY 32.0 bn", "5.5%").
    """
    s = _fmt_value(value, unit, lang, exact, signed)
    if bare and (unit or "").strip() not in _MONEY and " " in s:
        return s.split(" ", 1)[0]
    return s


def _fmt_value(value, unit, lang, exact, signed) -> str:
    if _missing(value):
        return DASH
    v = float(value)
    u = (unit or "").strip()
    zh = lang != "en"
    if u == "%":
        return _num(v, 1, exact, False, signed) + "%"
    if u.endswith(units.PER_10K):
        n = _num(v, 1, exact, False, signed)
        return f"{n} {u}" if zh else f"{n} per 10k residents"
    if u in _MONEY:
        yi = v / units.YUAN_PER[u]
        if zh:
            if u == units.YUAN and abs(v) < 1e8:
                if abs(v) >= 1e4:
                    return _num(v / 1e4, 1, exact, False, signed) + units.WAN_YUAN
                return _num(v, 0, exact, False, signed) + " " + units.YUAN
            if u == units.WAN_YUAN and abs(v) < 1e4:
                return _num(v, 1, exact, False, signed) + units.WAN_YUAN
            if abs(yi) >= 1e4:
                return _num(yi / 1e4, 2, exact, False, signed) + units.WAN_YI_YUAN
            return _num(yi, 1, exact, False, signed) + units.YI_YUAN
        bn = yi / 10.0
        if abs(bn) >= 1:
            return "CNY " + _num(bn, 2 if abs(bn) < 10 else 1, exact, True, signed) + " bn"
        return "CNY " + _num(bn * 1000, 0 if abs(bn) >= 0.1 else 1, exact, True, signed) + " m"
    if u in _EN_DURATION:
        n = _num(v, 1, exact, False, signed)
        return f"{n} {u}" if zh else f"{n} {_EN_DURATION[u]}"
    # counts (and any other unit): 万 from 10 000 on
    if u.startswith(units.WAN) and len(u) > 1:  # already in 万 (e.g. 万件)
        return (
            (_num(v, 1, exact, False, signed) + u)
            if zh
            else _num(_times(v, 1e4), 0, exact, True, signed) + _en_suffix(u[1:])
        )
    if zh:
        if abs(v) >= 1e4:
            return _num(v / 1e4, 1, exact, False, signed) + units.WAN + u
        n = _num(v, _count_digits(v), exact, False, signed)
        return f"{n} {u}" if u else n
    return _num(v, _count_digits(v), exact, True, signed) + _en_suffix(u)


def _en_suffix(u: str) -> str:
    word = _EN_COUNT.get(u, u)
    return f" {word}" if word else ""


def fmt_pct(x, lang: str = "zh", digits: int = 0, *, signed: bool = False) -> str:
    """Format a fraction (0.31) as a percentage ("31%").

    With ``digits=0`` values strictly between 0 and 1 % print as ``<1%`` and values strictly
    between 99 % and 100 % as ``>99%``, so that a probability is never rounded to a certainty.
    """
    if _missing(x):
        return DASH
    p = _times(float(x), 100.0)
    if digits == 0 and not signed:
        if 0 < p < 0.5:
            return "<1%"
        if 99.5 <= p < 100:
            return ">99%"
    return _num(p, digits, False, False, signed) + "%"


def fmt_ratio(x, digits: int = 2) -> str:
    """A plain ratio such as the pace ratio R (``0.99``)."""
    if _missing(x):
        return DASH
    if abs(float(x)) >= HUGE:
        return format(float(x), ".2e")
    return f"{float(x):.{digits}f}"
