"""The joint meeting's slide plan (会议模式): which slides, in which order, with what on them (no
streamlit). The meeting page shows one spec per view; ``ipdash.deck.pptx_deck`` lays the same specs
out as PPTX slides, so the screen and the handout cannot drift apart.

    data = meeting.load(view=ViewSettings(lang="zh"))
    plan = slide_plan(["pudong", "yangpu"], "area", view=data.view, data=data)

A table is spread over as few slides as hold it: rows are measured with the deck's font
(``ipdash.textfit``) at the width and height the slide leaves them, not counted. The tasks nobody
has reported on are one summary slide (counts by area, due year and lead department, the overdue
ones by id); each of them gets a row only in the appendix (``appendix=True``).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ipdash import i18n
from ipdash.frames import changes, commitment_slide, slide_pages, slides
from ipdash.frames import milestones as tasks
from ipdash.frames.meeting import (
    _SEVERITY,
    FOCUS,
    ORDERS,
    Areas,
    MeetingData,
    MeetingError,
    area_name,
    compare_indicators,
    doc_ids_of,
    doc_numbers,
    focus_targets,
    footnote,
    indicator_name,
    load,
    resolve_areas,
    target_slide,
)
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import milestones as history

MAX_SLIDES = 20  # a deck people sit through: what does not fit goes to the appendix


# ------------------------------------------------------------------ slides of each kind
def _scorecards(
    data: MeetingData, res: pd.DataFrame, area: str, name: str, lang: str, own: set[str]
) -> list[SlideSpec]:
    """The area's targets that have no slide of their own (``own``: those that do) in a table."""
    ra = res[(res["area"] == area) & ~res["target_id"].isin(own)].sort_values(["target_year", "target_id"])
    if ra.empty:
        return []  # said on the summary slide (``note``), or each target on a slide of its own
    full = slides.scorecard_frame(data, area, lang, list(ra["target_id"]))
    rest = int(((res["area"] == area) & res["target_id"].isin(own)).sum())
    spec = SlideSpec(
        "scorecard",
        f"scorecard:{area}",
        i18n.t("meet.title.scorecard", lang, area=name),
        i18n.t("meet.sub.scorecard_rest", lang, n=rest) if rest else "",
        area=area,
        doc_numbers=doc_numbers(data, ra["doc_id"]),
    )
    out = []
    for s in slide_pages.paged(
        spec,
        "target_ids",
        list(ra["target_id"]),
        lambda ids: slide_pages.shown("scorecard", lang, full[full["target_id"].isin(ids)]),
        data,
    ):
        rp = ra[ra["target_id"].isin(s.target_ids or ())]
        out.append(
            replace(
                s,
                uses_illustrative=bool(rp["uses_illustrative"].any()),
                projected=bool(rp["basis"].eq("probability").any()),
                doc_numbers=doc_numbers(data, rp["doc_id"]),
            )
        )
    return out


def _change_slides(data: MeetingData, codes: list[str], since: str, illus: bool, projecting: bool) -> list[SlideSpec]:
    """The "what changed since the last meeting" slides: the moved targets, as many a slide as fit."""
    lang = data.lang
    frame = changes.changes_frame(since, view=data.view, areas=codes)
    full = slides.changes_slide_frame(data, since, codes)
    spec = SlideSpec(
        "changes",
        "changes",
        i18n.t("meet.title.changes", lang),
        i18n.t("meet.sub.changes", lang, since=changes.version_label(since, lang)),
        since=since,
        uses_illustrative=illus,
        projected=projecting,
        doc_numbers=doc_numbers(data, data.targets[data.targets["target_id"].isin(frame["target_id"])]["doc_id"]),
    )
    ids = list(frame["target_id"])
    return slide_pages.paged(
        spec, "target_ids", ids, lambda p: slide_pages.shown("changes", lang, full[full["target_id"].isin(p)]), data
    )


def _commitment_slides(data: MeetingData) -> list[SlideSpec]:
    """The previous meeting's commitments (the briefing pack's data), as many a slide as fit."""
    spec = commitment_slide.spec(data)
    if spec is None:
        return []
    full = commitment_slide.rows(data)
    ids = [str(x) for x in full["commitment_id"]]
    shown = slide_pages.rows_of(commitment_slide.KIND, data.lang, full.assign(commitment_id=ids), "commitment_id")
    return slide_pages.paged(spec, "commitment_ids", ids, shown, data) if ids else [spec]


def _sources(data: MeetingData, codes: list[str], illus: bool, projecting: bool) -> list[SlideSpec]:
    lang = data.lang
    docs = list(data.documents[data.documents["doc_id"].isin(doc_ids_of(data, codes))]["doc_id"])
    spec = SlideSpec(
        "sources",
        "sources",
        i18n.t("meet.title.sources", lang),
        uses_illustrative=illus,
        projected=projecting,
        doc_numbers=doc_numbers(data, docs),
    )
    pages = slide_pages.paged(
        spec,
        "doc_ids",
        docs,
        lambda p: slide_pages.shown("sources", lang, slides.sources_frame(data, codes, lang, p)),
        data,
    )
    return [replace(s, doc_numbers=doc_numbers(data, s.doc_ids or ())) for s in pages]


def _task_slides(data: MeetingData, area: str, name: str, since: str | None, on: str) -> list[SlideSpec]:
    """The area's slides of tasks somebody reported on (``frames.milestones.meeting_frame``): none when
    nobody did — those are counted on the summary of unreported tasks."""
    ms = data.milestones[data.milestones["area"] == area]
    lang = data.lang
    ids = list(tasks.meeting_frame(area, lang, since, on)["milestone_id"]) if len(ms) else []
    if not ids:
        return []
    no_target = area not in set(data.targets["area"])
    key = "mst.meet.sub_all" if no_target else ("mst.meet.sub_since" if since else "mst.meet.sub")
    counts = tasks.counts_by_area(lang, on, areas=[area])
    parts = tasks.counts_text(counts.iloc[0].to_dict(), lang) if len(counts) else ""
    spec = SlideSpec(
        "milestones",
        f"milestones:{area}",
        i18n.t("mst.meet.title", lang, area=name),
        i18n.t(key, lang, since=since or ""),
        area=area,
        since=since,
        on=on,
        counts=i18n.t("mst.meet.counts", lang, n=len(ms), parts=parts),
        doc_numbers=doc_numbers(data, ms["doc_id"]),
    )
    full = tasks.slide_frame(replace(spec, milestone_ids=ids), lang)
    return slide_pages.paged(
        spec,
        "milestone_ids",
        ids,
        lambda p: slide_pages.shown("milestones", lang, full[full["milestone_id"].isin(p)]),
        data,
    )


def _pending(data: MeetingData, codes: list[str], on: str, appendix: bool) -> tuple[list[SlideSpec], list[SlideSpec]]:
    """The summary of the tasks nobody has reported on (one row per area), and — in the appendix —
    each area's list of them."""
    lang = data.lang
    frame = tasks.pending_frame(codes, lang, on)
    if frame.empty:
        return [], []
    n, late = int(frame["n"].sum()), int(frame["n_overdue"].sum())
    ids = [i for t in frame["ids"] for i in t]
    docs = doc_numbers(data, data.milestones[data.milestones["milestone_id"].isin(ids)]["doc_id"])
    summary = SlideSpec(
        "pending",
        "pending",
        i18n.t("mst.pend.title", lang),
        i18n.t("mst.pend.sub_appendix" if appendix else "mst.pend.sub", lang, n=n, overdue=late),
        milestone_ids=ids,
        on=on,
        doc_numbers=docs,
    )
    room = slide_pages.table_room(summary, data)
    groups = slide_pages.measured_pages(
        list(frame["area"]),
        lambda p: slide_pages.shown("pending", lang, frame[frame["area"].isin(p)]),
        "pending",
        lang,
        room,
    )
    many = len(groups) > 1
    pages = [
        replace(
            summary,
            key="pending" + (f":{p}" if many else ""),
            title=summary.title + (f" ({p}/{len(groups)})" if many else ""),
            milestone_ids=[i for t in frame[frame["area"].isin(g)]["ids"] for i in t],
        )
        for p, g in enumerate(groups, 1)
    ]
    listed: list[SlideSpec] = []
    for r in frame.to_dict("records") if appendix else []:
        ms = data.milestones[data.milestones["milestone_id"].isin(r["ids"])]
        spec = SlideSpec(
            "milestones",
            f"appendix:{r['area']}",
            i18n.t("mst.app.title", lang, area=r["area_name"]),
            i18n.t("mst.app.sub", lang),
            area=r["area"],
            on=on,
            doc_numbers=doc_numbers(data, ms["doc_id"]),
        )
        full = tasks.slide_frame(replace(spec, milestone_ids=r["ids"]), lang)
        listed += slide_pages.paged(
            spec,
            "milestone_ids",
            list(full["milestone_id"]),
            slide_pages.rows_of("milestones", lang, full, "milestone_id"),
            data,
        )
    return pages, listed


# ------------------------------------------------------------------ the plan
def _ranked(focus: pd.DataFrame) -> list[str]:
    """The targets that need action, most serious first across areas (off track, then at risk; the
    least likely to be met first)."""
    f = focus.assign(_s=focus["status"].map(_SEVERITY), _p=pd.to_numeric(focus["p_meet"], errors="coerce").fillna(-1))
    return list(f.sort_values(["_s", "_p", "target_id"], kind="stable")["target_id"])


def _own_slides(
    data: MeetingData, res: pd.DataFrame, codes: list[str], names: list[str], ranked: list[str], room: int
) -> tuple[set[str], dict[str, list[SlideSpec]]]:
    """Which targets get a slide of their own — the most serious first, as many as ``room`` slides
    leave beside the scorecards of the rest — and those scorecards by area. A target without its own
    slide is a row of its area's scorecard (and its slide goes to the appendix)."""
    memo: dict[tuple[str, frozenset[str]], list[SlideSpec]] = {}

    def cards_for(own: set[str]) -> dict[str, list[SlideSpec]]:
        out = {}
        for a, n in zip(codes, names):
            key = (a, frozenset(own & set(res[res["area"] == a]["target_id"])))
            if key not in memo:
                memo[key] = _scorecards(data, res, a, n, data.lang, set(key[1]))
            out[a] = memo[key]
        return out

    for k in range(len(ranked), 0, -1):
        own = set(ranked[:k])
        cards = cards_for(own)
        if k + sum(map(len, cards.values())) <= room:
            return own, cards
    return set(), cards_for(set())


def slide_plan(
    areas: Areas = None,
    order: str = "area",
    *,
    view: ViewSettings = DEFAULT_VIEW,
    data: MeetingData | None = None,
    since: str | None = None,
    milestones_version: str | None = None,
    checkins_version: str | None = None,
    appendix: bool = False,
) -> list[SlideSpec]:
    """The meeting's slides: title, the previous meeting's commitments (when ``data`` carries them:
    the briefing pack), summary by area, what changed since ``since`` (an earlier data
    version: a batch id, ``base`` or a date — see ``frames.changes``), each area's scorecard, each
    target at risk or off track, each area's qualitative tasks somebody reported on (since that
    version's day, ``changes.since_date``, and every reported one delayed or overdue), one summary of
    the tasks nobody has reported on, district comparisons, sources — in ``order`` (see ORDERS);
    the comparisons when they still fit in ``MAX_SLIDES``; with ``appendix``, after the sources, the
    comparisons that did not and each area's unreported tasks listed. ``milestones_version``
    (``store.milestones.version()``) and ``checkins_version`` (``frames.checkin_text.version()``) only key
    a cache: the task slides and the scorecards' check-ins follow the history as it is now."""
    if order not in ORDERS:
        raise MeetingError(f"unknown slide order {order!r}; choose one of {', '.join(ORDERS)}")
    lang = view.lang
    if lang not in i18n.LANGS:
        raise MeetingError(f"unknown language {lang!r}; choose zh or en")
    if since is not None:
        try:
            changes.resolve_version(since)
        except changes.VersionError as exc:
            raise MeetingError(str(exc)) from None
    data = data if data is not None and data.lang == lang else load(view=view)
    codes = resolve_areas(areas, data)
    res = data.results[data.results["area"].isin(codes)]

    def t(key: str, **kw: object) -> str:
        return i18n.t(key, lang, **kw)

    names = [area_name(data, a, lang) for a in codes]
    projecting = bool(res["basis"].eq("probability").any() or res["status"].isin((*FOCUS, "on_track")).any())
    all_docs = doc_numbers(
        data, list(res["doc_id"]) + list(data.milestones[data.milestones["area"].isin(codes)]["doc_id"])
    )
    illus_all = bool(res["uses_illustrative"].any()) or bool(
        data.actuals[data.actuals["area"].isin(codes)]["provenance"].eq("illustrative").any()
    )
    cover = SlideSpec(
        "title",
        "title",
        t("meet.meeting_name"),
        t("meet.deck_subtitle"),
        uses_illustrative=illus_all,
        doc_numbers=all_docs,
        area_names=names,
    )
    without = [(a, n) for a, n in zip(codes, names) if not (res["area"] == a).any()]
    notes = [
        t("meet.note.no_target", area=n, n=int((data.milestones["area"] == a).sum()))
        for a, n in without  # e.g. 静安区: its plan sets no number; said here, not on a slide of one sentence
    ]
    summary = SlideSpec(
        "summary",
        "summary",
        t("meet.title.summary"),
        t("meet.sub.summary", n=len(res), risk=int(res["status"].isin(FOCUS).sum())),
        note=" ".join(notes),
        uses_illustrative=bool(res["uses_illustrative"].any()),
        projected=projecting,
        doc_numbers=doc_numbers(
            data, list(res["doc_id"]) + list(data.milestones[data.milestones["area"].isin(dict(without))]["doc_id"])
        ),
    )
    moved = _change_slides(data, codes, since, bool(res["uses_illustrative"].any()), projecting) if since else []
    promised = _commitment_slides(data)
    focus = focus_targets(data, codes)
    clauses = data.targets.set_index("target_id")["clause"]
    deep = {
        r["target_id"]: target_slide(data, r, str(clauses.loc[r["target_id"]]), lang) for r in focus.to_dict("records")
    }
    compares = []
    for ind in compare_indicators(data, codes):
        a = data.actuals[(data.actuals["indicator"] == ind) & data.actuals["area"].isin(codes)]
        compares.append(
            SlideSpec(
                "compare",
                f"compare:{ind}",
                t("meet.title.compare", indicator=indicator_name(data, ind, lang)),
                t("meet.sub.compare"),
                indicator=ind,
                uses_illustrative=bool(a["provenance"].eq("illustrative").any()),
                doc_numbers=doc_numbers(
                    data, data.targets[(data.targets["indicator"] == ind) & data.targets["area"].isin(codes)]["doc_id"]
                ),
            )
        )
    sources = _sources(data, codes, illus_all, projecting)
    day = changes.since_date(since) if since else None
    on = history.today().isoformat()
    task_slides = {a: _task_slides(data, a, name, day, on) for a, name in zip(codes, names)}
    pending_slides, listed = _pending(data, codes, on, appendix)
    fixed = 2 + len(promised) + len(moved) + sum(map(len, task_slides.values())) + len(pending_slides) + len(sources)
    own, cards = _own_slides(data, res, codes, names, _ranked(focus), MAX_SLIDES - fixed)
    target_slides = {a: [deep[t] for t in focus[focus["area"] == a]["target_id"] if t in own] for a in codes}
    listed = [deep[t] for t in _ranked(focus) if t not in own] + listed
    all_targets = [s for a in codes for s in target_slides[a]]
    all_tasks = [s for a in codes for s in task_slides[a]] + pending_slides
    if order == "area":
        middle = [s for a in codes for s in [*cards[a], *target_slides[a], *task_slides[a]]] + pending_slides
    elif order == "section":
        middle = [c for a in codes for c in cards[a]] + all_targets + all_tasks
    else:  # risk: the targets that need action first, most serious first across areas
        sev = {s.key: (_SEVERITY.get(s.status or "", 9), i) for i, s in enumerate(all_targets)}
        middle = sorted(all_targets, key=lambda s: sev[s.key]) + [c for a in codes for c in cards[a]] + all_tasks
    main = [cover, *promised, summary, *moved, *middle, *sources]
    if len(main) + len(compares) <= MAX_SLIDES:  # the comparisons before the sources, when they fit
        main, compares = [*main[: -len(sources) or None], *compares, *sources], []
    plan = [*main, *(compares + listed if appendix else [])]  # appendix: the rest, nothing left out
    numbered = [replace(s, index=i, n=len(plan), plan_areas=tuple(codes)) for i, s in enumerate(plan, 1)]
    return [replace(s, footnote=footnote(s, data, lang)) for s in numbered]
