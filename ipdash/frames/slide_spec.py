"""One slide of the meeting (``SlideSpec``), a column of a slide's table (``Column``) and the small
text rules of slides (no streamlit): names in the chosen language, lists joined the way each
language joins them, numbers kept whole across line breaks, where a target stands and where it is
heading, rows split evenly over slides. Shared by ``frames.meeting`` (the plan) and
``frames.slides`` (the slide kinds and their frames)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, SupportsFloat

import pandas as pd

from ipdash import fmt, i18n
from ipdash.status_meta import MILESTONE_META, STATUS_META

NBSP = "\u00a0"
WJ = "\u2060"  # word joiner: the renderers never break a line next to it
WORD_MAX = 6  # a run of Chinese this short is one word (a status, a department, a unit): never broken
_HAN = f"{chr(0x3400)}-{chr(0x9FFF)}{chr(0xF900)}-{chr(0xFAFF)}"  # Han characters (a regex range)
_RUN = re.compile(f"[{_HAN}]+(?:/[{_HAN}]+)*")
_ICONS = "".join(sorted({str(m["icon"]) for m in (*STATUS_META.values(), *MILESTONE_META.values()) if m.get("icon")}))
_ICON_SPACE = re.compile(f"([{re.escape(_ICONS)}]) (?=\\S)")
_NUMBER_UNIT = re.compile(f"(\\d) (?=[{_HAN}%])")
_GROUPED = re.compile(r"(?<![\d\u00a0])(\d{1,3}) (?=\d{3}(?!\d))")
Record = dict[str, Any]  # one row of a frame (``to_dict("records")``): column -> pandas value
_SEQUENCES = ("doc_numbers", "area_names", "target_ids", "doc_ids", "milestone_ids", "commitment_ids")


@dataclass(frozen=True, slots=True)
class SlideSpec:
    """One slide: ``kind`` (a key of ``frames.slides.REGISTRY``), ``key`` (stable, e.g.
    ``target:YP26-02``), ``note`` (a line under the table: an area without a quantitative target
    is said on the summary, not on a slide of one sentence), ``clause`` (a target's verbatim
    clause, Chinese in both languages),
    ``footnote`` (as-of, sources, marks: under every slide), ``since`` (the earlier data version a
    "what changed" slide compares with; on a qualitative-task slide, the day reports count from),
    ``target_ids`` / ``doc_ids`` / ``milestone_ids`` (the rows of a slide that holds part of a long
    table), ``on`` (the day a task slide judged "overdue" on) and ``counts`` (its area's task counts),
    ``commitment_ids`` (the rows of a slide of the previous meeting's commitments).
    Sequences given as lists are kept as tuples (a spec is hashable: it keys caches)."""

    kind: str
    key: str
    title: str
    subtitle: str = ""
    note: str = ""
    clause: str = ""
    area: str | None = None
    target_id: str | None = None
    indicator: str | None = None
    status: str | None = None
    uses_illustrative: bool = False
    projected: bool = False
    doc_numbers: Sequence[str] = ()
    area_names: Sequence[str] = ()
    target_ids: Sequence[str] | None = None
    index: int = 0
    n: int = 0
    plan_areas: tuple[str, ...] = ()
    footnote: str = ""
    since: str | None = None
    doc_ids: Sequence[str] | None = None
    milestone_ids: Sequence[str] | None = None
    on: str | None = None
    counts: str = ""
    commitment_ids: Sequence[str] | None = None

    def __post_init__(self) -> None:
        for name in _SEQUENCES:
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))


class Column(NamedTuple):
    """One column of a slide's table: frame column, header, relative width, never wrapped."""

    col: str
    header: str
    weight: float
    nowrap: bool = False


def keep_numbers_whole(text: str) -> str:
    """ "per 10 000 residents" never breaks between "10" and "000": the space inside a grouped number
    (1–3 digits, then groups of 3) becomes a no-break space; "2024 2025" is left alone."""
    return _GROUPED.sub("\\1" + NBSP, text)


def keep_words(text: str) -> str:
    """Table text that never breaks inside a word: an icon stays with its word ("⚠ 逾期"), a number
    with its unit ("12.3 件/万人", "500亿元") and the characters of a short run of Chinese (up to
    ``WORD_MAX``: "逾期", "未评估", "监管与预警处", "件/万人") stay together — joined by no-break
    spaces and word joiners (U+2060, zero width, honoured by browsers, LibreOffice and PowerPoint).
    A longer run (a sentence) still breaks between characters, as Chinese does. Ids are left as they
    are (a reader searches the deck for them); the layout treats them as unbreakable."""
    text = _NUMBER_UNIT.sub("\\1" + NBSP, _ICON_SPACE.sub("\\1" + NBSP, text))

    def join(m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) > WORD_MAX:
            return run
        before = text[m.start() - 1] if m.start() else ""
        glue = WJ if before.isdigit() or before in (NBSP, "%") else ""
        return glue + WJ.join(run)

    return _RUN.sub(join, text)


def keep_words_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``keep_words`` on every text cell of a slide's table (as shown; the data stays as it is)."""
    out = frame.copy()
    for c in out.columns:
        if any(isinstance(v, str) for v in out[c]):
            out[c] = pd.Series(
                [keep_words(v) if isinstance(v, str) else v for v in out[c]], index=out.index, dtype=object
            )
    return out


def name_in(df: pd.DataFrame, code: str, lang: str) -> str:
    """The ``name_zh`` / ``name_en`` of ``code`` in a catalog table (the code when unknown)."""
    row = df[df["code"] == code]
    return keep_numbers_whole(str(row.iloc[0]["name_en" if lang == "en" else "name_zh"])) if len(row) else code


def status_text(status: str, lang: str) -> str:
    """Icon and word of a status: "◆ 存在风险" / "◆ at risk"."""
    meta = STATUS_META.get(status, {"icon": "", "zh": status, "en": status})
    return f"{meta['icon']} {meta['en' if lang == 'en' else 'zh']}".strip()


def join_list(items: Iterable[object], lang: str) -> str:
    """Names in a row: "浦东新区、杨浦区" / "Pudong, Yangpu" (English is never joined with "、")."""
    return i18n.t("meet.list_sep", lang).join(str(x) for x in items)


def split_evenly(n: int, per: int) -> list[tuple[int, int]]:
    """(start, stop) of ``n`` rows over as few slides of at most ``per`` rows as possible, as even
    as can be (13 rows at 5 a slide: 5, 4, 4 — never a last slide with one row left over)."""
    pages = max(1, math.ceil(n / per))
    sizes = [n // pages + (i < n % pages) for i in range(pages)]
    starts = [sum(sizes[:i]) for i in range(pages)]
    return [(s, s + k) for s, k in zip(starts, sizes)]


def _ok(x: object) -> bool:
    """A number that is there (not None, NaN or text)."""
    try:
        return isinstance(x, (SupportsFloat, str)) and not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def current_text(r: Record, lang: str) -> str:
    """Where the target stands (the overview's current label and value), marked when illustrative."""
    s = f"{r['current_label']} {r['current_text']}".strip()
    return f"{s} {i18n.t('meet.mark_illustrative', lang)}" if r.get("uses_illustrative") else s


def outlook_text(r: Record, lang: str) -> str:
    """The projection to the target year, marked as such, with its 80 % interval."""
    if r.get("basis") == "actual" or not _ok(r.get("projected_value")):
        return fmt.DASH
    unit = "%" if r.get("aggregation") in ("growth", "reduction") else (r.get("series_unit") or r["unit"])
    s = f"{i18n.t('meet.mark_projected', lang)} {r['projected_text']}"
    if _ok(r.get("lower_80")) and _ok(r.get("upper_80")):
        lo = fmt.fmt_value(r["lower_80"], unit, lang, bare=True)
        hi = fmt.fmt_value(r["upper_80"], unit, lang, bare=True)
        s += f" ({lo}–{hi})"
    return s
