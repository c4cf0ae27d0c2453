"""The joint meeting's slide plan (会议模式): which slides, in which order, with what on them.

Pure data, no streamlit. The meeting page shows one spec per view; ``ipdash.deck.pptx_deck`` lays the
same specs out as PPTX slides, so the screen and the handout cannot drift apart. The frame behind
each slide (its table, its chart's data, its speaker notes) is in ``ipdash.frames.slides``.

    data = load(view=ViewSettings(lang="zh"))
    plan = slide_plan(["pudong", "yangpu"], "area", view=data.view, data=data)
    frame = slides.slide_frame(plan[3], data)      # the table or chart frame behind a slide

A spec is a ``SlideSpec`` (``frames.slide_spec``, a frozen dataclass).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from ipdash import catalog, i18n
from ipdash.frames import changes, verdicts
from ipdash.frames import milestones as tasks
from ipdash.frames.slide_spec import Record, SlideSpec, name_in, split_evenly
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read as store

ORDERS = ("area", "section", "risk")
FOCUS = ("off_track", "at_risk")  # statuses that get a slide of their own
SUMMARY_STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
_SEVERITY = {"off_track": 0, "missed": 1, "at_risk": 2}
_MAX_FALLBACK_COMPARE = 4
CHANGES_ROWS = SOURCES_ROWS = 4  # rows of a "what changed" slide, documents of a sources slide
SCORECARD_ROWS = 4  # rows a scorecard slide holds at ≥ 24 px on a 1366×768 screen (longer ones are split evenly)


Areas = str | Iterable[str] | None  # area codes or names, a comma-separated string of them; None: all


class MeetingError(ValueError):
    """Bad input for a meeting or an export (unknown area, order, year, data version)."""


@dataclass(frozen=True)
class MeetingData:
    results: pd.DataFrame  # verdicts.status_frame: one row per target, with display text
    targets: pd.DataFrame  # the catalog's targets
    actuals: pd.DataFrame
    indicators: pd.DataFrame
    areas: pd.DataFrame
    documents: pd.DataFrame
    milestones: pd.DataFrame
    lang: str
    as_of: int | None
    include_illustrative: bool
    include_superseded: bool = False

    @property
    def view(self) -> ViewSettings:
        """The settings this meeting was judged with (default method)."""
        return ViewSettings(self.lang, self.as_of, None, self.include_illustrative, self.include_superseded)  # type: ignore[arg-type]

    @property
    def data_year(self) -> int | None:
        """The latest actual year any judgement used (the deck's "data as of")."""
        years = pd.to_numeric(self.results["latest_year"], errors="coerce").dropna()
        if len(years):
            return int(years.max())
        return int(self.actuals["year"].max()) if len(self.actuals) else None


def load(*, view: ViewSettings = DEFAULT_VIEW) -> MeetingData:
    """Everything a meeting needs, judged once through the overview's own frame
    (``verdicts.status_frame``); the page caches it on the data version. ``view.method`` is not
    used: a meeting shows each indicator kind's default method."""
    lang, as_of, include_illustrative = view.lang, view.as_of, view.include_illustrative
    if lang not in i18n.LANGS:
        raise MeetingError(f"unknown language {lang!r}; choose zh or en")
    if as_of is not None and not 1990 <= int(as_of) <= 2100:
        raise MeetingError(f"as-of year {as_of} is out of range (1990–2100)")
    as_of = None if as_of is None else int(as_of)
    results = verdicts.status_frame(
        view=ViewSettings(lang=lang, as_of=as_of, include_illustrative=include_illustrative)
    )
    if not view.include_superseded:  # a target a later document replaced is off the slides unless asked for
        results = results[results["superseded_by"].fillna("") == ""].reset_index(drop=True)
    return MeetingData(
        results,
        store.table("targets"),
        store.actuals(include_illustrative=include_illustrative),
        store.table("indicators"),
        store.table("areas"),
        store.table("documents"),
        store.table("milestones"),
        lang,
        as_of,
        include_illustrative,
        view.include_superseded,
    )


# ------------------------------------------------------------------ names
DEFAULT_AREA_LIMIT = 8


def default_areas(codes: list[str], limit: int = DEFAULT_AREA_LIMIT) -> list[str]:
    """The areas a meeting shows when the presenter picks none: every area for a city office,
    the first ``limit`` (catalog order) beyond that — a deck of 2 850 scorecards serves no meeting."""
    return list(codes)[:limit]


def area_name(data: MeetingData, area: str, lang: str) -> str:
    return name_in(data.areas, area, lang)


def indicator_name(data: MeetingData, code: str, lang: str) -> str:
    return name_in(data.indicators, code, lang)


# ------------------------------------------------------------------ choosing areas and slides
def resolve_areas(areas: Areas, data: MeetingData) -> list[str]:
    """Area codes in the order given (codes, Chinese or English names); None = all areas."""
    known = list(data.areas["code"])
    if areas is None or (isinstance(areas, str) and not areas.strip()):
        return known
    given = [a for a in areas.split(",") if a.strip()] if isinstance(areas, str) else areas
    aliases = {k.lower(): v for k, v in catalog.alias_map(data.areas).items()}
    out: list[str] = []
    bad: list[str] = []
    for a in given:
        code = aliases.get(str(a).strip().lower())
        if code is None:
            bad.append(str(a))
        elif code not in out:
            out.append(code)
    if bad:
        raise MeetingError(f"unknown area {', '.join(map(repr, bad))}; known: {', '.join(known)}")
    return out


def focus_targets(data: MeetingData, areas: list[str]) -> pd.DataFrame:
    """Targets at risk or off track in ``areas``, most serious first within each area."""
    r = data.results[data.results["area"].isin(areas) & data.results["status"].isin(FOCUS)].copy()
    r["_area"] = r["area"].map({a: i for i, a in enumerate(areas)})
    r["_sev"] = r["status"].map(_SEVERITY)
    r["_p"] = pd.to_numeric(r["p_meet"], errors="coerce").fillna(-1)
    return r.sort_values(["_area", "_sev", "_p", "target_id"]).drop(columns=["_area", "_sev", "_p"])


def compare_indicators(data: MeetingData, areas: list[str]) -> list[str]:
    """Indicators with a target in two or more chosen areas (else: one target and data in two)."""
    if len(areas) < 2:
        return []
    t = data.targets[data.targets["area"].isin(areas)]
    have = data.actuals[data.actuals["area"].isin(areas)].groupby("indicator")["area"].nunique()
    n_t = t.groupby("indicator")["area"].nunique()
    order = list(data.indicators["code"])
    main = [i for i in order if n_t.get(i, 0) >= 2 and have.get(i, 0) >= 2]
    if main:
        return main
    return [i for i in order if n_t.get(i, 0) >= 1 and have.get(i, 0) >= 2][:_MAX_FALLBACK_COMPARE]


def _doc_ids(data: MeetingData, areas: list[str]) -> set[str]:
    """The documents the areas' targets and milestones come from."""
    return set(data.targets[data.targets["area"].isin(areas)]["doc_id"]) | set(
        data.milestones[data.milestones["area"].isin(areas)]["doc_id"]
    )


def _docs(data: MeetingData, doc_ids: Iterable[str]) -> list[str]:
    d = data.documents.set_index("doc_id")
    out = []
    for doc in dict.fromkeys(doc_ids):
        if doc in d.index:
            num = d.loc[doc, "doc_number"] or d.loc[doc, "issuer_zh"]
            if num and num not in out:
                out.append(str(num))
    return out


def _scorecards(data: MeetingData, res: pd.DataFrame, area: str, name: str, lang: str) -> list[SlideSpec]:
    ra = res[res["area"] == area].sort_values(["target_year", "target_id"])
    if ra.empty:
        return []  # said on the summary slide (``note``): a slide with one sentence is no slide
    parts = split_evenly(len(ra), SCORECARD_ROWS)
    out = []
    for p, (a, b) in enumerate(parts, 1):
        rp = ra.iloc[a:b]
        many = len(parts) > 1
        out.append(
            SlideSpec(
                "scorecard",
                f"scorecard:{area}" + (f":{p}" if many else ""),
                i18n.t("meet.title.scorecard", lang, area=name) + (f" ({p}/{len(parts)})" if many else ""),
                area=area,
                target_ids=list(rp["target_id"]),
                uses_illustrative=bool(rp["uses_illustrative"].any()),
                projected=bool(rp["basis"].eq("probability").any()),
                doc_numbers=_docs(data, rp["doc_id"]),
            )
        )
    return out


def _target_slide(data: MeetingData, r: Record, clause: str, lang: str) -> SlideSpec:
    doc = r.get("doc_number") or ""
    if lang == "en":
        sub = i18n.t(
            "meet.sub.target_en", lang, target_id=r["target_id"], target=r["target_text"], year=r["target_year"]
        )
    else:
        sub = i18n.t("meet.sub.target_zh", lang, target_id=r["target_id"])
    sub += " · " + i18n.t("meet.sub.clause", lang, clause=clause, doc=doc)
    return SlideSpec(
        "target",
        f"target:{r['target_id']}",
        i18n.t(
            "meet.title.target",
            lang,
            area=area_name(data, r["area"], lang),
            indicator=indicator_name(data, r["indicator"], lang),
        ),
        sub,
        clause=clause,
        area=r["area"],
        target_id=r["target_id"],
        indicator=r["indicator"],
        status=r["status"],
        uses_illustrative=bool(r["uses_illustrative"]),
        projected=r["basis"] != "actual",
        doc_numbers=_docs(data, [r["doc_id"]]),
    )


def _change_slides(data: MeetingData, codes: list[str], since: str, illus: bool, projecting: bool) -> list[SlideSpec]:
    """The "what changed since the last meeting" slides: the moved targets, ``CHANGES_ROWS`` a slide."""
    lang = data.lang
    frame = changes.changes_frame(since, view=data.view, areas=codes)
    parts = split_evenly(len(frame), CHANGES_ROWS)
    label = changes.version_label(since, lang)
    out = []
    for p, (a, b) in enumerate(parts, 1):
        many = len(parts) > 1
        out.append(
            SlideSpec(
                "changes",
                "changes" + (f":{p}" if many else ""),
                i18n.t("meet.title.changes", lang) + (f" ({p}/{len(parts)})" if many else ""),
                i18n.t("meet.sub.changes", lang, since=label),
                since=since,
                target_ids=list(frame["target_id"].iloc[a:b]),
                uses_illustrative=illus,
                projected=projecting,
                doc_numbers=_docs(data, data.targets[data.targets["target_id"].isin(frame["target_id"])]["doc_id"]),
            )
        )
    return out


def slide_plan(
    areas: Areas = None,
    order: str = "area",
    *,
    view: ViewSettings = DEFAULT_VIEW,
    data: MeetingData | None = None,
    since: str | None = None,
    milestones_version: str | None = None,
) -> list[SlideSpec]:
    """The meeting's slides: title, summary by area, what changed since ``since`` (an earlier data
    version: a batch id, ``base`` or a date — see ``frames.changes``), each area's scorecard, each
    target at risk or off track, each area's qualitative tasks done or delayed since that version's
    day (``changes.since_date``) or overdue, district comparisons, sources — in ``order`` (see
    ORDERS). ``milestones_version`` (``store.milestones.version()``) only keys a cache: the task
    slides follow the report history as it is now."""
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
    all_docs = _docs(data, list(res["doc_id"]) + list(data.milestones[data.milestones["area"].isin(codes)]["doc_id"]))
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
        doc_numbers=_docs(
            data, list(res["doc_id"]) + list(data.milestones[data.milestones["area"].isin(dict(without))]["doc_id"])
        ),
    )
    moved = _change_slides(data, codes, since, bool(res["uses_illustrative"].any()), projecting) if since else []
    cards = {a: _scorecards(data, res, a, n, lang) for a, n in zip(codes, names)}
    target_slides: dict[str, list[SlideSpec]] = {a: [] for a in codes}
    clauses = data.targets.set_index("target_id")["clause"]
    for r in focus_targets(data, codes).to_dict("records"):
        target_slides[r["area"]].append(_target_slide(data, r, str(clauses.loc[r["target_id"]]), lang))
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
                doc_numbers=_docs(
                    data, data.targets[(data.targets["indicator"] == ind) & data.targets["area"].isin(codes)]["doc_id"]
                ),
            )
        )
    docs = list(data.documents[data.documents["doc_id"].isin(_doc_ids(data, codes))]["doc_id"])
    parts = split_evenly(len(docs), SOURCES_ROWS)
    sources = [
        SlideSpec(
            "sources",
            "sources" + (f":{p}" if len(parts) > 1 else ""),
            t("meet.title.sources") + (f" ({p}/{len(parts)})" if len(parts) > 1 else ""),
            doc_ids=docs[a:b],
            uses_illustrative=illus_all,
            projected=projecting,
            doc_numbers=_docs(data, docs[a:b]),
        )
        for p, (a, b) in enumerate(parts, 1)
    ]

    day = changes.since_date(since) if since else None
    task_slides = {a: _task_slides(data, a, name, day) for a, name in zip(codes, names)}
    all_targets = [s for a in codes for s in target_slides[a]]
    all_tasks = [s for a in codes for s in task_slides[a]]
    if order == "area":
        middle = [s for a in codes for s in [*cards[a], *target_slides[a], *task_slides[a]]]
    elif order == "section":
        middle = [c for a in codes for c in cards[a]] + all_targets + all_tasks
    else:  # risk: the targets that need action first, most serious first across areas
        sev = {s.key: (_SEVERITY.get(s.status or "", 9), i) for i, s in enumerate(all_targets)}
        middle = sorted(all_targets, key=lambda s: sev[s.key]) + [c for a in codes for c in cards[a]] + all_tasks
    plan = [cover, summary, *moved, *middle, *compares, *sources]
    numbered = [replace(s, index=i, n=len(plan), plan_areas=tuple(codes)) for i, s in enumerate(plan, 1)]
    return [replace(s, footnote=footnote(s, data, lang)) for s in numbered]


def _task_slides(data: MeetingData, area: str, name: str, since: str | None) -> list[SlideSpec]:
    """The area's qualitative-task slides (``frames.milestones.meeting_specs``; none without milestones)."""
    ms = data.milestones[data.milestones["area"] == area]
    if ms.empty:
        return []
    no_target = area not in set(data.targets["area"])
    return tasks.meeting_specs(area, name, data.lang, since, no_target, len(ms), SlideSpec, _docs(data, ms["doc_id"]))


def footnote(spec: SlideSpec, data: MeetingData, lang: str) -> str:
    """As-of date, sources and the marks used on this slide — printed under every slide."""
    year = data.as_of or data.data_year
    parts = [i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year)]
    docs = i18n.t("meet.docs_sep", lang).join(spec.doc_numbers)
    parts.append(i18n.t("meet.sources", lang, docs=docs or "—"))
    if spec.uses_illustrative:
        parts.append(i18n.t("meet.note_illustrative", lang))
    if spec.projected:
        parts.append(i18n.t("meet.note_projected_short", lang))
    parts.append(i18n.t("meet.page", lang, i=spec.index, n=spec.n))
    return " · ".join(parts)
