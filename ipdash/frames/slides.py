"""The slide kinds (``REGISTRY``): each kind of meeting slide declared once — the frame behind it,
its table's columns, its speaker notes and the hooks both renderers read (no streamlit).

One data path: the meeting page (``ipdash.ui.slide_view``) and the deck (``ipdash.deck.pptx_deck``)
both show ``slide_frame(spec, data)`` with the columns of ``table_columns(spec.kind, lang)`` and
read the same ``speaker_notes``; charts come from ``ipdash.charts.meeting_figures`` on the same
frames. Each renderer keeps its own drawing function per kind, looked up by the kind's key (a test
checks that every registered kind has one in each).

    kind = kind_of(spec)                       # the spec's SlideKind: frame, columns, notes, hooks
    frame = slide_frame(spec, data)            # None for the title slide
    cols = table_columns(spec.kind, data.lang) # [Column(col, header, weight, nowrap)]

A new kind of slide: one ``SlideKind`` in ``REGISTRY`` (its frame, columns and notes functions
here), its specs in ``frames.deck_plan.slide_plan``, and a drawing function in each renderer
(``ui.slide_view.BODIES``, ``deck.pptx_deck.RENDERERS``); with a chart, its figure in
``charts.meeting_figures.FIGURES`` and its slot in the deck's ``Renderer``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from ipdash import fmt, i18n
from ipdash.frames import changes, checkin_text, commitment_slide, compare, detail
from ipdash.frames import milestones as tasks
from ipdash.frames.meeting import SUMMARY_STATUSES, MeetingData, area_name, resolve_areas
from ipdash.frames.slide_spec import (
    Column,
    Record,
    SlideSpec,
    current_text,
    join_list,
    keep_numbers_whole,
    keep_words_frame,
    outlook_text,
    status_text,
)
from ipdash.frames.slide_tables import (
    as_is,
    changes_columns,
    milestone_columns,
    no_columns,
    pending_columns,
    scorecard_columns,
    sources_columns,
    summary_columns,
    summary_shown,
)
from ipdash.settings import ViewSettings

Frame: TypeAlias = "pd.DataFrame | None"  # the frame behind a slide (none: the title)


# ------------------------------------------------------------------ the frame behind each slide
def summary_frame(data: MeetingData, areas: list[str], lang: str) -> pd.DataFrame:
    """One row per area: how many targets in each status, and the milestones."""
    rows = []
    for a in areas:
        r = data.results[data.results["area"] == a]
        st = r["status"].replace({"insufficient_data": "no_data", "no_target": "no_data"})
        row: Record = {"area": a, "area_name": area_name(data, a, lang), "n_targets": len(r)}
        row.update({s: int((st == s).sum()) for s in SUMMARY_STATUSES})
        row["n_milestones"] = int((data.milestones["area"] == a).sum())
        row["uses_illustrative"] = bool(r["uses_illustrative"].any())
        rows.append(row)
    return pd.DataFrame(rows)


SCORECARD_COLUMNS = [
    "target_id",
    "indicator",
    "target",
    "latest",
    "projected",
    "p_meet",
    "status",
    "status_code",
    "uses_illustrative",
    "checkin",
]


def scorecard_frame(data: MeetingData, area: str, lang: str, target_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per target of ``area`` (or of ``target_ids``), as text exactly as the slide shows it; a target's
    latest check-in (``checkin``) is also the second line of its ``indicator`` cell."""
    r = data.results[data.results["area"] == area]
    if target_ids is not None:
        r = r[r["target_id"].isin(target_ids)]
    latest = checkin_text.latest()
    rows = [
        {
            "target_id": x["target_id"],
            "indicator": keep_numbers_whole(str(x["indicator_name"]))
            + (f"\n{checkin_text.cell(latest[x['target_id']], lang)}" if x["target_id"] in latest else ""),
            "target": f"{x['target_text']} · {x['target_year']}",
            "latest": current_text(x, lang),
            "projected": outlook_text(x, lang),
            "p_meet": x["p_meet_text"],
            "status": status_text(x["status"], lang),
            "status_code": x["status"],
            "uses_illustrative": bool(x["uses_illustrative"]),
            "checkin": checkin_text.cell(latest.get(x["target_id"]), lang),
        }
        for x in r.sort_values(["target_year", "target_id"]).to_dict("records")
    ]
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def target_row(data: MeetingData, target_id: str) -> Record:
    """The overview's row of one target (status, texts, explanation in the data's language)."""
    row: Record = data.results.set_index("target_id").loc[target_id].to_dict()
    return row | {"target_id": target_id}


def target_frame(data: MeetingData, target_id: str) -> pd.DataFrame:
    """The target-detail chart's frame (``detail.detail_frame``): actuals and projection."""
    return detail.detail_frame(target_id, view=data.view)


def _view(lang: str, include_illustrative: bool = True) -> ViewSettings:
    return ViewSettings(lang="en" if lang == "en" else "zh", include_illustrative=include_illustrative)


def compare_frame(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    """The compare view's frame (``compare.compare_frame``), cut at the as-of year."""
    f = compare.compare_frame(indicator, tuple(areas), False, view=_view(lang, data.include_illustrative))
    return f[f["year"] <= data.as_of].reset_index(drop=True) if data.as_of else f


def compare_targets(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    return compare.compare_targets(indicator, tuple(areas), False, view=_view(lang))


def sources_frame(data: MeetingData, areas: list[str], lang: str, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The documents the chosen areas' targets and milestones come from (or ``doc_ids``, a sources
    slide's share of them), and the provenance of each document's area's actuals."""
    ids = set(data.targets[data.targets["area"].isin(areas)]["doc_id"]) | set(
        data.milestones[data.milestones["area"].isin(areas)]["doc_id"]
    )
    d = data.documents[data.documents["doc_id"].isin(ids if doc_ids is None else set(doc_ids))]
    rows = []
    for x in d.to_dict("records"):
        prov = data.actuals[data.actuals["area"] == x["area"]]["provenance"].value_counts()
        rows.append(
            {
                "doc": x["doc_number"] or x["issuer_zh"],
                "title": x["title_en" if lang == "en" else "title_zh"],
                "area": area_name(data, x["area"], lang),
                "source": x["url"] or x["file"],
                "provenance": i18n.t(
                    "meet.prov", lang, **{k: int(prov.get(k, 0)) for k in ("official", "estimate", "illustrative")}
                ),
            }
        )
    return pd.DataFrame(rows, columns=["doc", "title", "area", "source", "provenance"])


def changes_slide_frame(
    data: MeetingData, since: str, areas: list[str], target_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """``changes.changes_frame`` since ``since`` for the plan's areas (the slide's ``target_ids``),
    plus the slide's texts (target, status, projection and P(meet) before → after)."""
    f = changes.changes_frame(since, view=data.view, areas=areas)
    if target_ids is not None:
        f = f[f["target_id"].isin(target_ids)].reset_index(drop=True)
    arrow = " → "
    return f.assign(
        target=[f"{t} {keep_numbers_whole(str(n))}" for t, n in zip(f["target_id"], f["indicator_name"])],
        status=f["status_before_text"] + arrow + f["status_after_text"],
        projected=f["projected_before_text"] + arrow + f["projected_after_text"],
        p_meet=f["p_meet_before_text"] + arrow + f["p_meet_after_text"],
    )


def _areas(spec: SlideSpec, data: MeetingData) -> list[str]:
    return list(spec.plan_areas) or resolve_areas(None, data)


def _no_frame(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return None


def _summary(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return summary_frame(data, _areas(spec, data), lang)


def _scorecard(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    ids = list(spec.target_ids) if spec.target_ids is not None else None
    return scorecard_frame(data, spec.area, lang, ids) if spec.area else None


def _target(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return target_frame(data, spec.target_id) if spec.target_id else None


def _compare(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return compare_frame(data, spec.indicator, _areas(spec, data), lang) if spec.indicator else None


def _changes(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return changes_slide_frame(data, spec.since, _areas(spec, data), spec.target_ids) if spec.since else None


def _sources(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return sources_frame(data, _areas(spec, data), lang, spec.doc_ids)


def _milestones(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    return tasks.slide_frame(spec, lang) if spec.area else None


def _pending(spec: SlideSpec, data: MeetingData, lang: str) -> Frame:
    """The areas' rows of ``milestones.pending_frame`` that count the slide's ``milestone_ids``."""
    f = tasks.pending_frame(_areas(spec, data), lang, spec.on)
    ids = set(spec.milestone_ids or ())
    return f[[bool(ids & set(t)) for t in f["ids"]]].reset_index(drop=True)


# ------------------------------------------------------------------ speaker notes
def _target_note(r: Record, lang: str) -> str:
    lines = [
        i18n.t("meet.notes.target_head", lang, target_id=r["target_id"], indicator=r["indicator_name"])
        + status_text(r["status"], lang),
        str(r["explanation"]),
    ]
    if r.get("required_text") and r["required_text"] != fmt.DASH:
        lines.append(i18n.t("meet.notes.required", lang, text=r["required_text"]))
    checked = checkin_text.note(checkin_text.latest().get(str(r["target_id"])), lang)
    return "\n".join([*lines, checked] if checked else lines)


def _target_notes(data: MeetingData, target_ids: list[str]) -> list[str]:
    res = data.results.set_index("target_id", drop=False)
    return [_target_note(res.loc[t].to_dict(), data.lang) for t in target_ids if t in res.index]


def _records(frame: Frame) -> list[Record]:
    return [] if frame is None else frame.to_dict("records")


def _title_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    return [spec.subtitle, i18n.t("meet.areas_line", data.lang, areas=join_list(spec.area_names, data.lang))]


def _summary_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    def line(r: Record) -> str:
        n, risk, done, missed = r["n_targets"], r["at_risk"] + r["off_track"], r["achieved"], r["missed"]
        key = "meet.notes.summary_area"
        return i18n.t(key, data.lang, area=r["area_name"], n=n, risk=risk, done=done, missed=missed)

    return [*(line(r) for r in _records(frame) if r["n_targets"]), spec.note]


def _scorecard_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    return _target_notes(data, list(spec.target_ids or ()))


def _target_slide_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    if not spec.target_id:
        return []
    r, lang = target_row(data, spec.target_id), data.lang
    out = [_target_note(r, lang), i18n.t("meet.notes.clause", lang, clause=r["clause"], doc=r["doc_number"])]
    if str(r.get("assumptions") or "").strip():
        out.append(i18n.t("meet.notes.assumptions", lang, text=r["assumptions"]))
    return out


def _changes_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    keys = {"target": "target", "status": "status", "projected": "projected", "p": "p_meet", "by": "moved_by"}
    lines = [i18n.t("meet.notes.change", data.lang, **{k: r[c] for k, c in keys.items()}) for r in _records(frame)]
    return lines if frame is None or lines else [i18n.t("chg.none", data.lang)]


def _compare_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    if not spec.indicator:
        return []
    t = data.targets
    ids = t[(t["indicator"] == spec.indicator) & t["area"].isin(spec.plan_areas)]["target_id"]
    return _target_notes(data, list(ids)) or [spec.subtitle]


def _sources_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    return [f"{r['doc']} · {r['title']} · {r['provenance']}" for r in _records(frame)]


def _milestones_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    if frame is None:
        return []
    cols = ("milestone_id", "title", "lead_text", "status_text", "overdue_text")
    rows = [" · ".join(str(r[c]) for c in cols if r[c]) for r in _records(frame)]
    return [spec.counts, *rows] if rows else [spec.counts, i18n.t("mst.meet.none", data.lang)]


def _pending_notes(spec: SlideSpec, data: MeetingData, frame: Frame) -> list[str]:
    cols = ("area_name", "due", "lead")
    lines = [spec.subtitle]
    for r in _records(frame):
        late = i18n.t("mst.pend.sub", data.lang, n=r["n"], overdue=r["n_overdue"])
        ids = str(r["overdue_ids"]).replace("\n", i18n.t("meet.list_sep", data.lang))
        lines.append(" · ".join([*(str(r[c]) for c in cols), late, ids]))
    return lines


# ------------------------------------------------------------------ the registry
Notes = Callable[[SlideSpec, MeetingData, Frame], list[str]]


@dataclass(frozen=True, slots=True)
class SlideKind:
    """One kind of slide, declared once. ``key``: the ``SlideSpec.kind`` it serves (the key both
    renderers look their drawing function up by). ``frame(spec, data, lang)``: the frame behind it
    (None: none). ``notes(spec, data, frame)``: the speaker notes, a paragraph each.
    ``columns(lang)``: its table's columns (none: no table); ``shown(frame, lang)``: the frame as
    the table shows it. ``chart``: the slide has a chart (``charts.meeting_figures``; the page
    offers it as a PNG, the deck renders it).
    ``empty``: the string key said instead of a table without rows (empty: the table is shown).
    ``zh_columns``: values always Chinese data (document numbers), kept and marked as Chinese on an
    English slide; ``text_columns``: catalog text whose runs of Chinese are marked on screen."""

    key: str
    frame: Callable[[SlideSpec, MeetingData, str], Frame]
    notes: Notes
    columns: Callable[[str], list[Column]] = no_columns
    shown: Callable[[pd.DataFrame, str], pd.DataFrame] = as_is
    chart: bool = False
    empty: str = ""
    zh_columns: tuple[str, ...] = ()
    text_columns: tuple[str, ...] = ()

    def table(self, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
        """The table as both renderers set it: ``shown``, its words kept whole across line breaks
        (``slide_spec.keep_words``)."""
        return keep_words_frame(self.shown(frame, lang))


REGISTRY: dict[str, SlideKind] = {
    k.key: k
    for k in (
        SlideKind("title", _no_frame, _title_notes),
        SlideKind(
            commitment_slide.KIND,
            commitment_slide.frame,
            commitment_slide.notes,
            commitment_slide.columns,
            empty="brief.slide.none",
            text_columns=("text", "department", "last_note"),
        ),
        SlideKind("summary", _summary, _summary_notes, summary_columns, summary_shown, chart=True),
        SlideKind("changes", _changes, _changes_notes, changes_columns, empty="chg.none"),
        SlideKind("scorecard", _scorecard, _scorecard_notes, scorecard_columns, empty="chg.none"),
        SlideKind("target", _target, _target_slide_notes, chart=True),
        SlideKind("compare", _compare, _compare_notes, chart=True),
        SlideKind("sources", _sources, _sources_notes, sources_columns, zh_columns=("doc",)),
        SlideKind(
            "milestones",
            _milestones,
            _milestones_notes,
            milestone_columns,
            empty="mst.meet.none",
            text_columns=("title", "lead_text"),
        ),
        SlideKind("pending", _pending, _pending_notes, pending_columns, text_columns=("lead",)),
    )
}
KINDS: tuple[str, ...] = tuple(REGISTRY)


def kind_of(spec: SlideSpec) -> SlideKind:
    """The registered kind of a slide (a KeyError names a kind nobody registered)."""
    return REGISTRY[spec.kind]


def slide_frame(spec: SlideSpec, data: MeetingData, lang: str | None = None) -> Frame:
    """The frame behind a slide (its table, or the data of its chart); None for the title."""
    return kind_of(spec).frame(spec, data, lang or data.lang)


def table_columns(kind: str, lang: str) -> list[Column]:
    """The columns a slide's table shows (screen and deck alike; none for a slide without a table)."""
    return REGISTRY[kind].columns(lang)


def speaker_notes(spec: SlideSpec, data: MeetingData) -> str:
    """What the presenter says to a slide: every target's explanation (with the numbers behind its
    status), the clause and assumptions of a target, what moved and why on a "what changed" slide."""
    frame = slide_frame(spec, data, data.lang)
    return "\n\n".join(x for x in kind_of(spec).notes(spec, data, frame) if x)
