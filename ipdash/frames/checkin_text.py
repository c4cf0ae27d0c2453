"""The latest check-in of each target as the meeting slides and the deck show it (no streamlit): a line of
the scorecard (``cell``) and a paragraph of the speaker notes (``note``). Check-ins are read from the store
(``store.current().checkins()``, newest first), kept in memory per store and ``checkins_version()`` — they are
outside the data version, so a check-in shows on the next render without judging any target again.
"""

from __future__ import annotations

import pandas as pd

from ipdash import fmt, i18n, store

CELL_CHARS = 36  # the scorecard cell: the date and the note's first characters
_cache: dict[str, tuple[str, dict[str, dict[str, str]]]] = {}


def version() -> str:
    return store.current().checkins_version()


def latest() -> dict[str, dict[str, str]]:
    """{target_id: its latest check-in (``schema.CHECKINS`` record)}."""
    st = store.current()
    where, v = st.describe(), st.checkins_version()
    hit = _cache.get(where)
    if hit is None or hit[0] != v:
        df: pd.DataFrame = st.checkins()
        _cache[where] = hit = (v, {r["target_id"]: r for r in df.drop_duplicates("target_id").to_dict("records")})
    return hit[1]


def _day(rec: dict[str, str]) -> str:
    return str(rec.get("checked_at", ""))[:10]


def cell(rec: dict[str, str] | None, lang: str) -> str:
    """``进展（2026-12-03）：银行审批放缓…``: the scorecard's line of a check-in (a dash without one)."""
    if not rec:
        return fmt.DASH
    text = " ".join(str(rec["note"]).split())
    text = text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
    return i18n.t("chk.cell", lang, day=_day(rec), note=text)


def note(rec: dict[str, str] | None, lang: str) -> str:
    """The speaker notes' paragraph: when, who, the note, the action and the confidence ("" without one)."""
    if not rec:
        return ""
    who = rec["user"] + (f" · {rec['department']}" if rec.get("department") else "")
    lines = [i18n.t("chk.notes.head", lang, day=_day(rec), who=who, note=rec["note"])]
    if rec.get("action"):
        lines.append(i18n.t("chk.notes.action", lang, text=rec["action"]))
    if rec.get("confidence"):
        lines.append(i18n.t("chk.notes.confidence", lang, level=i18n.t(f"chk.conf.{rec['confidence']}", lang)))
    return "\n".join(lines)
