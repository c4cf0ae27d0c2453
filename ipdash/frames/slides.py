"""The frame behind each meeting slide, its table columns and its speaker notes (no streamlit).

One data path: the meeting page (``ipdash.ui.presenter``) and the deck (``ipdash.deck.pptx_deck``)
both show ``slide_frame(spec, data)`` with the columns of ``table_columns(spec.kind, lang)`` and
read the same ``speaker_notes``; charts come from ``ipdash.charts.meeting_figures`` on the same
frames.

    frame = slide_frame(spec, data)            # None for the title slide
    cols = table_columns(spec.kind, data.lang) # [Column(col, header, weight, nowrap)]
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from ipdash import fmt, i18n
from ipdash.frames import changes, compare, detail
from ipdash.frames import milestones as tasks
from ipdash.frames.meeting import SUMMARY_STATUSES, MeetingData, SlideSpec, area_name, resolve_areas
from ipdash.frames.slide_spec import join_list, keep_numbers_whole, status_text
from ipdash.settings import ViewSettings


def _ok(x) -> bool:
    try:
        return x is not None and not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def current_text(r: dict, lang: str) -> str:
    """Where the target stands (the overview's current label and value), marked when illustrative."""
    s = f"{r['current_label']} {r['current_text']}".strip()
    return f"{s} {i18n.t('meet.mark_illustrative', lang)}" if r.get("uses_illustrative") else s


def outlook_text(r: dict, lang: str) -> str:
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


# ------------------------------------------------------------------ tables
class Column(NamedTuple):
    """One column of a slide's table: frame column, header, relative width, never wrapped."""

    col: str
    header: str
    weight: float
    nowrap: bool = False


def table_columns(kind: str, lang: str) -> list[Column]:
    """The columns a slide's table shows (screen and deck alike)."""

    def t(k):
        return i18n.t(f"meet.col.{k}", lang)

    if kind == "summary":
        return [
            Column("area_name", t("area"), 2.2),
            Column("n_targets", t("n_targets"), 1.1, True),
            *[
                Column(
                    s, status_text(s, lang).replace(" ", "\n", 1) if lang != "en" else status_text(s, lang), 1.25, True
                )
                for s in SUMMARY_STATUSES
            ],
            Column("n_milestones", t("n_milestones"), 1.2, True),
        ]
    if kind == "scorecard":
        return [
            Column("target_id", t("target_id"), 1.25, True),
            Column("indicator", t("indicator"), 2.9),
            Column("target", t("target"), 1.8),
            Column("latest", t("latest"), 2.5),
            Column("projected", i18n.t("meet.col.projected_short", lang), 2.6),
            Column("p_meet", t("p_meet"), 1.15, True),
            Column("status", t("status"), 1.6, True),
        ]
    if kind == "milestones":
        shown = ("milestone_id", "title", "lead_text", "due_year", "status_text", "overdue_text", "reported_on")
        widths = (1.45, 3.6, 2.4, 0.95, 1.8, 1.35, 1.35)
        return [
            Column(c, i18n.t(f"mst.col.{c}", lang), w, c in ("milestone_id", "due_year", "status_text"))
            for c, w in zip(shown, widths)
        ]
    if kind == "changes":
        return [
            Column("target", i18n.t("chg.col.target", lang), 3.0),
            Column("status", i18n.t("chg.col.status", lang), 3.0),
            Column("projected", i18n.t("chg.col.projected", lang), 3.0),
            Column("p_meet", i18n.t("chg.col.p_meet", lang), 1.8, True),
            Column("moved_by", i18n.t("chg.col.moved_by", lang), 2.6),
        ]
    return [
        Column("doc", t("doc"), 2.0),
        Column("title", t("title"), 5.0),
        Column("area", t("area"), 1.3),
        Column("provenance", t("provenance"), 3.2),
    ]


# ------------------------------------------------------------------ the frame behind each slide
def summary_frame(data: MeetingData, areas: list[str], lang: str) -> pd.DataFrame:
    """One row per area: how many targets in each status, and the milestones."""
    rows = []
    for a in areas:
        r = data.results[data.results["area"] == a]
        st = r["status"].replace({"insufficient_data": "no_data", "no_target": "no_data"})
        row = {"area": a, "area_name": area_name(data, a, lang), "n_targets": len(r)}
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
]


def scorecard_frame(data: MeetingData, area: str, lang: str, target_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per target of ``area`` (or of ``target_ids``), as text exactly as the slide shows it."""
    r = data.results[data.results["area"] == area]
    if target_ids is not None:
        r = r[r["target_id"].isin(target_ids)]
    rows = [
        {
            "target_id": x["target_id"],
            "indicator": keep_numbers_whole(str(x["indicator_name"])),
            "target": f"{x['target_text']} · {x['target_year']}",
            "latest": current_text(x, lang),
            "projected": outlook_text(x, lang),
            "p_meet": x["p_meet_text"],
            "status": status_text(x["status"], lang),
            "status_code": x["status"],
            "uses_illustrative": bool(x["uses_illustrative"]),
        }
        for x in r.sort_values(["target_year", "target_id"]).to_dict("records")
    ]
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def target_row(data: MeetingData, target_id: str) -> dict:
    """The overview's row of one target (status, texts, explanation in the data's language)."""
    return data.results.set_index("target_id").loc[target_id].to_dict() | {"target_id": target_id}


def target_frame(data: MeetingData, target_id: str) -> pd.DataFrame:
    """The target-detail chart's frame (``detail.detail_frame``): actuals and projection."""
    return detail.detail_frame(target_id, view=data.view)


def compare_frame(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    """The compare view's frame (``compare.compare_frame``), cut at the as-of year."""
    view = ViewSettings(lang=lang, include_illustrative=data.include_illustrative)  # type: ignore[arg-type]
    f = compare.compare_frame(indicator, tuple(areas), False, view=view)
    return f[f["year"] <= data.as_of].reset_index(drop=True) if data.as_of else f


def compare_targets(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    return compare.compare_targets(indicator, tuple(areas), False, view=ViewSettings(lang=lang))  # type: ignore[arg-type]


def sources_frame(
    data: MeetingData, areas: list[str], lang: str, doc_ids: tuple[str, ...] | None = None
) -> pd.DataFrame:
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
    data: MeetingData, since: str, areas: list[str], target_ids: tuple[str, ...] | None = None
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


def slide_frame(spec: SlideSpec, data: MeetingData, lang: str | None = None) -> pd.DataFrame | None:
    """The frame behind a slide (its table, or the data of its chart); None for the title."""
    lang = lang or data.lang
    areas = list(spec.plan_areas) or resolve_areas(None, data)
    kind = spec.kind
    if kind == "summary":
        return summary_frame(data, areas, lang)
    if kind == "scorecard" and spec.area:
        return scorecard_frame(data, spec.area, lang, list(spec.target_ids) if spec.target_ids is not None else None)
    if kind == "target" and spec.target_id:
        return target_frame(data, spec.target_id)
    if kind == "compare" and spec.indicator:
        return compare_frame(data, spec.indicator, areas, lang)
    if kind == "changes" and spec.since:
        return changes_slide_frame(data, spec.since, areas, spec.target_ids)
    if kind == "sources":
        return sources_frame(data, areas, lang, spec.doc_ids)
    if kind == "milestones" and spec.area:
        return tasks.slide_frame(spec, lang)
    return None


# ------------------------------------------------------------------ speaker notes
def _target_note(r: dict, lang: str) -> str:
    lines = [
        i18n.t("meet.notes.target_head", lang, target_id=r["target_id"], indicator=r["indicator_name"])
        + status_text(r["status"], lang),
        str(r["explanation"]),
    ]
    if r.get("required_text") and r["required_text"] != fmt.DASH:
        lines.append(i18n.t("meet.notes.required", lang, text=r["required_text"]))
    return "\n".join(lines)


def speaker_notes(spec: SlideSpec, data: MeetingData) -> str:
    """What the presenter says to a slide: every target's explanation (with the numbers behind its
    status), the clause and assumptions of a target, what moved and why on a "what changed" slide."""
    lang = data.lang
    frame = slide_frame(spec, data, lang)
    res = data.results.set_index("target_id", drop=False)
    out: list[str] = []
    if spec.kind == "title":
        out = [spec.subtitle, i18n.t("meet.areas_line", lang, areas=join_list(spec.area_names, lang))]
    elif spec.kind == "summary" and frame is not None:
        out = [
            i18n.t(
                "meet.notes.summary_area",
                lang,
                area=r["area_name"],
                n=r["n_targets"],
                risk=r["at_risk"] + r["off_track"],
                done=r["achieved"],
                missed=r["missed"],
            )
            for r in frame.to_dict("records")
            if r["n_targets"]
        ]
        out += [spec.note] if spec.note else []
    elif spec.kind == "scorecard":
        out = [_target_note(res.loc[t].to_dict(), lang) for t in (spec.target_ids or ())]
    elif spec.kind == "target" and spec.target_id:
        r = target_row(data, spec.target_id)
        out = [_target_note(r, lang), i18n.t("meet.notes.clause", lang, clause=r["clause"], doc=r["doc_number"])]
        if str(r.get("assumptions") or "").strip():
            out.append(i18n.t("meet.notes.assumptions", lang, text=r["assumptions"]))
    elif spec.kind == "changes" and frame is not None:
        out = [
            i18n.t(
                "meet.notes.change",
                lang,
                target=r["target"],
                status=r["status"],
                projected=r["projected"],
                p=r["p_meet"],
                by=r["moved_by"],
            )
            for r in frame.to_dict("records")
        ] or [i18n.t("chg.none", lang)]
    elif spec.kind == "compare" and spec.indicator:
        ids = data.targets[(data.targets["indicator"] == spec.indicator) & data.targets["area"].isin(spec.plan_areas)]
        out = [_target_note(res.loc[t].to_dict(), lang) for t in ids["target_id"] if t in res.index]
        out = out or [spec.subtitle]
    elif spec.kind == "sources" and frame is not None:
        out = [f"{r['doc']} · {r['title']} · {r['provenance']}" for r in frame.to_dict("records")]
    elif spec.kind == "milestones" and frame is not None:
        out = [spec.counts] + [
            " · ".join(str(r[c]) for c in ("milestone_id", "title", "lead_text", "status_text", "overdue_text") if r[c])
            for r in frame.to_dict("records")
        ]
        out = out if len(frame) else [*out, i18n.t("mst.meet.none", lang)]
    return "\n\n".join(x for x in out if x)
