"""The short- and long-term reading of an open target (issue 24; Eurostat's and UN ECA's progress
assessments): the recent pace (last 3 points) beside the whole window's and the pace still required,
worded keep going / speed up / reverse (保持 / 加快 / 扭转). The engine decides the word
(``rules.trend_reading``); this is the sentence the detail page shows."""

from __future__ import annotations

import math

from ipdash import i18n
from ipdash.engine import wording
from ipdash.frames import verdicts
from ipdash.frames.records import StatusRow


def _num(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def trend_text(row: StatusRow, lang: str) -> str:
    """ "近3个点每年增 1 家，整个窗口（2020–2025年）每年增 0.8 家，今后每年需增 2 家——加快。"
    in the unit and rounding of the row's tile (万 with two decimals for a Chinese count); empty
    once the target is decided."""
    word = row.get("trend_reading")
    if not word:
        return ""
    unit, wan = row.get("series_unit"), verdicts.wan_shown(row, lang)
    short, long, need = (_num(row.get(k)) for k in ("short_pace", "window_pace", "required_per_year"))
    side = -1 if row.get("comparator") == "le" or row.get("aggregation") == "reduction" else 1
    if need * side <= 0:  # already reached: hold it
        need_text = i18n.t("trend.reached", lang)
    else:
        need_text = i18n.t("trend.need", lang, w=wording.change(need, unit, lang, bare=False, wan=wan))
    return i18n.t(
        "trend.sentence",
        lang,
        short=wording.change(short, unit, lang, bare=False, wan=wan),
        long=wording.change(long, unit, lang, bare=False, wan=wan),
        span=f"{row.get('window_start')}–{row.get('latest_year')}",
        need=need_text,
        word=i18n.t(f"trend.{word}", lang),
    )
