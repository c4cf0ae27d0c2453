"""The joint meeting's data (会议模式): everything a meeting is judged on, loaded once, and the choices
the plan makes from it — which areas, which targets need a slide of their own, which indicators are
compared (no streamlit). The plan itself — which slides, in which order — is
``ipdash.frames.deck_plan.slide_plan``; the frame behind each slide is in ``ipdash.frames.slides``.

    data = load(view=ViewSettings(lang="zh"))
    plan = deck_plan.slide_plan(["pudong", "yangpu"], "area", view=data.view, data=data)
    frame = slides.slide_frame(plan[3], data)      # the table or chart frame behind a slide

A spec is a ``SlideSpec`` (``frames.slide_spec``, a frozen dataclass).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ipdash import catalog, i18n
from ipdash.frames import verdicts
from ipdash.frames.slide_spec import Record, SlideSpec, name_in
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read

ORDERS = ("area", "section", "risk")
FOCUS = ("off_track", "at_risk")  # statuses that get a slide of their own
SUMMARY_STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
_SEVERITY = {"off_track": 0, "missed": 1, "at_risk": 2}
_MAX_FALLBACK_COMPARE = 4


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
    # the previous meeting's commitments (``frames.commitment_slide.COLUMNS``; None: no such slide) and its day
    commitments: pd.DataFrame | None = None
    commitments_of: str = ""

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
        read.table("targets"),
        read.actuals(include_illustrative=include_illustrative),
        read.table("indicators"),
        read.table("areas"),
        read.table("documents"),
        read.table("milestones"),
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


# ------------------------------------------------------------------ what a slide names
def doc_ids_of(data: MeetingData, areas: list[str]) -> set[str]:
    """The documents the areas' targets and milestones come from."""
    return set(data.targets[data.targets["area"].isin(areas)]["doc_id"]) | set(
        data.milestones[data.milestones["area"].isin(areas)]["doc_id"]
    )


def doc_numbers(data: MeetingData, doc_ids: Iterable[str]) -> list[str]:
    d = data.documents.set_index("doc_id")
    issuer = "issuer_en" if data.lang == "en" and "issuer_en" in d else "issuer_zh"  # a web source: its issuer
    out = []
    for doc in dict.fromkeys(doc_ids):
        if doc in d.index:
            num = d.loc[doc, "doc_number"] or d.loc[doc, issuer]
            if num and num not in out:
                out.append(str(num))
    return out


def target_slide(data: MeetingData, r: Record, clause: str, lang: str) -> SlideSpec:
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
        doc_numbers=doc_numbers(data, [r["doc_id"]]),
    )


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
