"""Words and numbers shared by the explanation sentence and the tiles, so both show the same
figures: the target as written, values with enough digits that a verdict never hides behind
rounding, and signed paces ("增 8.5" / "+8.5", "增长 4.8%" / "+4.8%").

All text comes from ``ipdash.strings.engine`` through ``ipdash.i18n``.
"""

from __future__ import annotations

import math
import re
from typing import TypedDict

from ipdash import fmt, i18n

_NUM = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?")


class WrittenTarget(TypedDict, total=False):
    """What ``target_text`` reads: a target with the figures of its result (a status-frame row,
    or a judged ``TargetResult``). Missing numbers are NaN, missing years None."""

    aggregation: str
    comparator: str
    target_value: float
    unit: str
    target_year: int | None
    period_start: int | None
    base_year: int | None
    base_value: float
    threshold: float
    series_unit: str
    indicator: str


def ok(x: float | None) -> bool:
    """``x`` is a number (not None, not NaN)."""
    try:
        return x is not None and not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


_TABLE: dict[str, dict[str, str]] = {}


def t(key: str, lang: str, **kw: object) -> str:
    """``i18n.t`` without its per-call lookups: 30 000 targets × two sentences call this a lot."""
    if not _TABLE:
        _TABLE.update(i18n.all_strings())
    entry = _TABLE.get(key)
    if entry is None:
        return i18n.t(key, lang, **kw)  # raises the usual error
    text = entry["en" if lang == "en" else "zh"]
    return text.format(**kw) if kw else text


def value(
    x: float | None, unit: str | None, lang: str, *, ref: float | None = None, bare: bool = False, signed: bool = False
) -> str:
    """``fmt.fmt_value``, with more digits when rounding would put ``x`` on the wrong side of
    ``ref`` or make it look equal to it (99 640 vs ≥ 100 000: "9.96万", not "10.0万")."""
    s = fmt.fmt_value(x, unit, lang, bare=bare, signed=signed)
    if x is None or ref is None or not (ok(x) and ok(ref)) or float(x) == float(ref):
        return s
    x, ref = float(x), float(ref)
    if abs(x - ref) > 0.1 * abs(ref):  # the shown digits (≥ 2 significant) cannot cross the target
        return s
    for _ in range(3):
        m = _NUM.search(s)
        if m is None or x == 0:
            return s
        shown = float(m.group(0).replace(",", "").replace("−", "-"))
        if shown == 0:
            return s
        scale = 10.0 ** round(math.log10(abs(shown / x)))  # 万: 1e-4, 亿元 in CNY bn: 0.1
        back = shown / scale
        if (back - ref) * (x - ref) > 0:
            return s
        digits = len(m.group(0).split(".")[1]) if "." in m.group(0) else 0
        num = f"{x * scale:,.{digits + 1}f}" if "," in m.group(0) else f"{x * scale:.{digits + 1}f}"
        if signed and x > 0:
            num = "+" + num
        s = s[: m.start()] + num + s[m.end() :]
    return s


def change(x: float, unit: str | None, lang: str, *, ref: float | None = None, bare: bool = True) -> str:
    """A change a year in the series unit: "增 8.5" / "减 2.5" (zh), "+8.5" / "−2.5" (en);
    with ``bare=False`` the unit word too ("增 8.5 件/万人"); a percentage changes by
    percentage points ("增 0.5 个百分点")."""
    if not ok(x):
        return fmt.DASH
    if (unit or "").strip() == "%":  # a change of a percentage is in percentage points
        v = pp(x, lang)
    else:
        v = value(abs(x), unit, lang, ref=abs(ref) if ref is not None and ok(ref) else None, bare=bare)
    return t("eng.up" if x >= 0 else "eng.down", lang, v=v)


def growth(g: float, lang: str) -> str:
    """A growth rate a year: "增长 4.8%" / "下降 1.2%" (zh), "+4.8%" / "−1.2%" (en)."""
    if not ok(g):
        return fmt.DASH
    return t("eng.grow" if g >= 0 else "eng.shrink", lang, v=fmt.fmt_pct(abs(g), lang, 1))


def pp(x: float, lang: str) -> str:
    """A difference of percentages: "2.1 个百分点" / "2.1 percentage points"."""
    return t("eng.pp", lang, v=f"{abs(float(x)):.1f}")


def cmp_word(comparator: str | None, lang: str) -> str:
    return t(f"eng.cmp.{comparator}", lang) if comparator in ("ge", "gt", "le", "approx") else ""


def reduction_object(indicator: str | None, lang: str) -> str:
    key = f"eng.obj.{indicator}"
    return t(key, lang) if i18n.has(key) else ""


def target_text(row: WrittenTarget, lang: str) -> str:
    """The target as the document states it, in ``lang``: "≥ 10万件", "全年 ≥ 2000 件",
    "2024–2026年累计 ≥ 8亿元", "年均增长 ≥ 20%（2020–2024）",
    "压减办理周期 10%（2023年 46.9 天 → 2024年 ≤ 42.2 天）".

    ``row``: aggregation, comparator, target_value, unit, target_year, period_start,
    base_year, base_value, threshold, series_unit, indicator (a status-frame row or the
    target with its result)."""
    agg, T = row.get("aggregation"), row.get("target_year")
    cmp_ = cmp_word(row.get("comparator"), lang)
    unit = "%" if agg in ("growth", "reduction") else (row.get("unit") or "")
    v = fmt.fmt_value(row.get("target_value"), unit, lang, exact=True)
    sunit = row.get("series_unit") or ""
    T = int(T) if ok(T) and T is not None else T
    if agg == "cumulative":
        start = row.get("period_start")
        ps = int(start) if start is not None and ok(start) else T
        return t("eng.target.cumulative", lang, cmp=cmp_, v=v, ps=ps, T=T)
    if agg == "growth":
        base = row.get("base_year")
        by = int(base) if base is not None and ok(base) else "?"
        return t("eng.target.growth", lang, cmp=cmp_, v=v, by=by, T=T)
    if agg == "reduction":
        obj = reduction_object(row.get("indicator"), lang)
        base = row.get("base_year")
        by = int(base) if base is not None and ok(base) else "?"
        v = (cmp_ + " " + v) if row.get("comparator") == "approx" else v
        if ok(row.get("base_value")) and ok(row.get("threshold")):
            b = fmt.fmt_value(row["base_value"], sunit, lang)
            thr = value(row["threshold"], sunit, lang, ref=row["base_value"])
            return t("eng.target.reduction", lang, obj=obj, v=v, by=by, b=b, T=T, thr=thr)
        return t("eng.target.reduction_nobase", lang, obj=obj, v=v, by=by)
    key = "eng.target.annual" if agg == "annual" else "eng.target.level"
    return t(key, lang, cmp=cmp_, v=v).strip()


def margin(m: float, mp: float | None, qunit: str, lang: str) -> str:
    """ "超额 3.6 件/万人（4.2%）" / "short by 2.1 percentage points"."""
    if not ok(m):
        return fmt.DASH
    if qunit == "%":
        amt = pp(m, lang)
    else:
        amt = fmt.fmt_value(abs(m), qunit, lang)
        if mp is not None and ok(mp):
            amt += t("eng.paren", lang, x=fmt.fmt_pct(abs(mp), lang, 1))
    return t("eng.over" if m >= 0 else "eng.short", lang, a=amt)
