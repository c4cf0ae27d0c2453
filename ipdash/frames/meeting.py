"""The joint meeting's slide plan (会议模式): which slides, in which order, with what on them.

Pure data, no streamlit. The meeting page shows one spec per view; ``ipdash.deck.pptx_deck`` lays the
same specs out as PPTX slides, so the screen and the handout cannot drift apart.

    data = load(view=ViewSettings(lang="zh"))
    plan = slide_plan(["pudong", "yangpu"], "area", view=data.view, data=data)
    frame = slide_frame(plan[3], data, "zh")      # the table or chart frame behind a slide

A spec is a plain dict: ``kind`` (title | summary | scorecard | target | compare | sources),
``key`` (stable, e.g. ``target:YP26-02``), ``title``, ``subtitle``, ``area``, ``target_id``,
``indicator``, ``uses_illustrative``, ``projected``, ``doc_numbers``, ``footnote`` (as-of
date, sources, marks — shown under every slide), ``index``, ``n`` and ``plan_areas``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from ipdash import catalog, fmt, i18n
from ipdash.frames import compare, detail, verdicts
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.status_meta import STATUS_META
from ipdash.store import read as store

ORDERS = ("area", "section", "risk")
FOCUS = ("off_track", "at_risk")  # statuses that get a slide of their own
KINDS = ("title", "summary", "scorecard", "target", "compare", "sources")
SUMMARY_STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
_SEVERITY = {"off_track": 0, "missed": 1, "at_risk": 2}
_CMP = {"ge": "≥", "gt": ">", "approx": "≈", "le": "≤"}
_MAX_FALLBACK_COMPARE = 4
SCORECARD_ROWS = 7  # a longer scorecard is split over several slides, readable from the back


class MeetingError(ValueError):
    """Bad input for a meeting or an export (unknown area, order, year)."""


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

    @property
    def view(self) -> ViewSettings:
        """The settings this meeting was judged with (default method)."""
        return ViewSettings(lang=self.lang, as_of=self.as_of, include_illustrative=self.include_illustrative)  # type: ignore[arg-type]

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
    )


# ------------------------------------------------------------------ names and formatting
def _name(df: pd.DataFrame, code: str, lang: str) -> str:
    row = df[df["code"] == code]
    return str(row.iloc[0]["name_en" if lang == "en" else "name_zh"]) if len(row) else code


def area_names(lang: str = "zh") -> dict[str, str]:
    """{code: name} of every area, in catalog order (the page's area choices)."""
    a = store.table("areas")
    return dict(zip(a["code"], a["name_en" if lang == "en" else "name_zh"]))


DEFAULT_AREA_LIMIT = 8


def default_areas(codes: list[str], limit: int = DEFAULT_AREA_LIMIT) -> list[str]:
    """The areas a meeting shows when the presenter picks none: every area for a city office,
    the first ``limit`` (catalog order) beyond that — a deck of 2 850 scorecards serves no meeting."""
    return list(codes)[:limit]


def area_name(data: MeetingData, area: str, lang: str) -> str:
    return _name(data.areas, area, lang)


def indicator_name(data: MeetingData, code: str, lang: str) -> str:
    return _name(data.indicators, code, lang)


def status_text(status: str, lang: str) -> str:
    meta = STATUS_META.get(status, {"icon": "", "zh": status, "en": status})
    return f"{meta['icon']} {meta['en' if lang == 'en' else 'zh']}".strip()


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


# ------------------------------------------------------------------ choosing areas and slides
def resolve_areas(areas, data: MeetingData) -> list[str]:
    """Area codes in the order given (codes, Chinese or English names); None = all areas."""
    known = list(data.areas["code"])
    if areas is None or (isinstance(areas, str) and not areas.strip()):
        return known
    if isinstance(areas, str):
        areas = [a for a in areas.split(",") if a.strip()]
    aliases = {k.lower(): v for k, v in catalog.alias_map(data.areas).items()}
    out, bad = [], []
    for a in areas:
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


def _docs(data: MeetingData, doc_ids) -> list[str]:
    d = data.documents.set_index("doc_id")
    out = []
    for doc in dict.fromkeys(doc_ids):
        if doc in d.index:
            num = d.loc[doc, "doc_number"] or d.loc[doc, "issuer_zh"]
            if num and num not in out:
                out.append(str(num))
    return out


SlideKind = Literal["title", "summary", "scorecard", "target", "compare", "sources"]


@dataclass(frozen=True, slots=True)
class SlideSpec:
    """One slide of the meeting: what the page shows and the deck lays out (see module doc)."""

    kind: SlideKind
    key: str
    title: str
    subtitle: str = ""
    area: str | None = None
    target_id: str | None = None
    indicator: str | None = None
    status: str | None = None
    uses_illustrative: bool = False
    projected: bool = False
    doc_numbers: tuple[str, ...] = ()
    area_names: tuple[str, ...] = ()
    target_ids: tuple[str, ...] | None = None
    index: int = 0
    n: int = 0
    plan_areas: tuple[str, ...] = ()
    footnote: str = ""


def _spec(kind: SlideKind, key: str, title: str, subtitle: str = "", **kw) -> SlideSpec:
    for k in ("doc_numbers", "area_names", "target_ids"):
        if kw.get(k) is not None:
            kw[k] = tuple(kw[k])
    return SlideSpec(kind, key, title, subtitle, **kw)


def slide_plan(
    areas=None, order: str = "area", *, view: ViewSettings = DEFAULT_VIEW, data: MeetingData | None = None
) -> list[SlideSpec]:
    """The meeting's slides: title, summary by area, each area's scorecard, each target at
    risk or off track, district comparisons, sources — in ``order`` (see ORDERS)."""
    if order not in ORDERS:
        raise MeetingError(f"unknown slide order {order!r}; choose one of {', '.join(ORDERS)}")
    lang = view.lang
    if lang not in i18n.LANGS:
        raise MeetingError(f"unknown language {lang!r}; choose zh or en")
    data = data if data is not None and data.lang == lang else load(view=view)
    codes = resolve_areas(areas, data)
    res = data.results[data.results["area"].isin(codes)]

    def t(key, **kw):
        return i18n.t(key, lang, **kw)

    names = [area_name(data, a, lang) for a in codes]
    projecting = bool(res["basis"].eq("probability").any() or res["status"].isin((*FOCUS, "on_track")).any())
    all_docs = _docs(data, list(res["doc_id"]) + list(data.milestones[data.milestones["area"].isin(codes)]["doc_id"]))
    illus_all = bool(res["uses_illustrative"].any()) or bool(
        data.actuals[data.actuals["area"].isin(codes)]["provenance"].eq("illustrative").any()
    )

    cover = _spec(
        "title",
        "title",
        t("meet.meeting_name"),
        t("meet.deck_subtitle"),
        uses_illustrative=illus_all,
        doc_numbers=all_docs,
        area_names=names,
    )
    risk_n = int(res["status"].isin(FOCUS).sum())
    summary = _spec(
        "summary",
        "summary",
        t("meet.title.summary"),
        t("meet.sub.summary", n=len(res), risk=risk_n),
        uses_illustrative=bool(res["uses_illustrative"].any()),
        projected=projecting,
        doc_numbers=_docs(data, res["doc_id"]),
    )
    cards, target_slides = {}, {}
    for a, name in zip(codes, names):
        ra = res[res["area"] == a].sort_values(["target_year", "target_id"])
        pages = max(1, math.ceil(len(ra) / SCORECARD_ROWS))
        per = math.ceil(len(ra) / pages) if len(ra) else 0
        cards[a] = []
        for p in range(pages):
            rp = ra.iloc[p * per : (p + 1) * per]
            sub = "" if len(ra) else t("meet.sub.scorecard_empty", n=int((data.milestones["area"] == a).sum()))
            title = t("meet.title.scorecard", area=name) + (f" ({p + 1}/{pages})" if pages > 1 else "")
            cards[a].append(
                _spec(
                    "scorecard",
                    f"scorecard:{a}" + (f":{p + 1}" if pages > 1 else ""),
                    title,
                    sub,
                    area=a,
                    target_ids=list(rp["target_id"]),
                    uses_illustrative=bool(rp["uses_illustrative"].any()),
                    projected=bool(rp["basis"].eq("probability").any()),
                    doc_numbers=_docs(
                        data, rp["doc_id"] if len(rp) else data.milestones[data.milestones["area"] == a]["doc_id"]
                    ),
                )
            )
        target_slides[a] = []
    clauses = data.targets.set_index("target_id")
    focus = focus_targets(data, codes)
    for r in focus.to_dict("records"):
        tg = clauses.loc[r["target_id"]]
        target_slides[r["area"]].append(
            _spec(
                "target",
                f"target:{r['target_id']}",
                t(
                    "meet.title.target",
                    area=area_name(data, r["area"], lang),
                    indicator=indicator_name(data, r["indicator"], lang),
                ),
                t(
                    "meet.sub.target",
                    target_id=r["target_id"],
                    status=status_text(r["status"], lang),
                    clause=tg["clause"],
                ),
                area=r["area"],
                target_id=r["target_id"],
                indicator=r["indicator"],
                status=r["status"],
                uses_illustrative=bool(r["uses_illustrative"]),
                projected=r["basis"] != "actual",
                doc_numbers=_docs(data, [r["doc_id"]]),
            )
        )
    compares = []
    for ind in compare_indicators(data, codes):
        a = data.actuals[(data.actuals["indicator"] == ind) & data.actuals["area"].isin(codes)]
        compares.append(
            _spec(
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
    sources = _spec(
        "sources",
        "sources",
        t("meet.title.sources"),
        uses_illustrative=illus_all,
        projected=projecting,
        doc_numbers=all_docs,
    )

    all_targets = [s for a in codes for s in target_slides[a]]
    if order == "area":
        middle = [s for a in codes for s in [*cards[a], *target_slides[a]]]
    elif order == "section":
        middle = [c for a in codes for c in cards[a]] + all_targets
    else:  # risk: the targets that need action first, most serious first across areas
        sev = {s.key: (_SEVERITY.get(s.status, 9), i) for i, s in enumerate(all_targets)}
        middle = sorted(all_targets, key=lambda s: sev[s.key]) + [c for a in codes for c in cards[a]]
    plan = [cover, summary, *middle, *compares, sources]
    numbered = [replace(s, index=i, n=len(plan), plan_areas=tuple(codes)) for i, s in enumerate(plan, 1)]
    return [replace(s, footnote=footnote(s, data, lang)) for s in numbered]


def footnote(spec: SlideSpec, data: MeetingData, lang: str) -> str:
    """As-of date, sources and the marks used on this slide — printed under every slide."""
    year = data.as_of or data.data_year
    parts = [i18n.t("meet.as_of" if data.as_of else "meet.as_of_latest", lang, year=year)]
    docs = "；".join(spec.doc_numbers) if lang == "zh" else "; ".join(spec.doc_numbers)
    parts.append(i18n.t("meet.sources", lang, docs=docs or "—"))
    parts.append(i18n.t("meet.sources_actuals", lang))
    if spec.uses_illustrative:
        parts.append(i18n.t("meet.note_illustrative", lang))
    if spec.projected:
        parts.append(i18n.t("meet.note_projected", lang))
    parts.append(i18n.t("meet.page", lang, i=spec.index, n=spec.n))
    return " · ".join(parts)


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


def scorecard_frame(data: MeetingData, area: str, lang: str, target_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per target of ``area`` (or of ``target_ids``), as text exactly as the slide shows it."""
    r = data.results[data.results["area"] == area]
    if target_ids is not None:
        r = r[r["target_id"].isin(target_ids)]
    rows = [
        {
            "target_id": x["target_id"],
            "indicator": x["indicator_name"],
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
    return pd.DataFrame(
        rows,
        columns=[
            "target_id",
            "indicator",
            "target",
            "latest",
            "projected",
            "p_meet",
            "status",
            "status_code",
            "uses_illustrative",
        ],
    )


def target_row(data: MeetingData, target_id: str) -> dict:
    """The overview's row of one target (status, texts, explanation in the data's language)."""
    return data.results.set_index("target_id").loc[target_id].to_dict() | {"target_id": target_id}


def target_frame(data: MeetingData, target_id: str) -> pd.DataFrame:
    """The target-detail chart's frame (``detail.detail_frame``): actuals and projection."""
    return detail.detail_frame(target_id, view=data.view)


def compare_frame(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    """The compare view's frame (``compare.compare_frame``), cut at the as-of year."""
    f = compare.compare_frame(
        indicator, areas, False, view=ViewSettings(lang=lang, include_illustrative=data.include_illustrative)
    )  # type: ignore[arg-type]
    return f[f["year"] <= data.as_of].reset_index(drop=True) if data.as_of else f


def compare_targets(data: MeetingData, indicator: str, areas: list[str], lang: str) -> pd.DataFrame:
    return compare.compare_targets(indicator, areas, False, view=ViewSettings(lang=lang))  # type: ignore[arg-type]


def sources_frame(data: MeetingData, areas: list[str], lang: str) -> pd.DataFrame:
    """The documents the chosen areas' targets and milestones come from, and the actuals' provenance."""
    ids = set(data.targets[data.targets["area"].isin(areas)]["doc_id"]) | set(
        data.milestones[data.milestones["area"].isin(areas)]["doc_id"]
    )
    d = data.documents[data.documents["doc_id"].isin(ids)]
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


def slide_frame(spec: SlideSpec, data: MeetingData, lang: str) -> pd.DataFrame | None:
    """The frame behind a slide (its table, or the data of its chart); None for the title."""
    areas = spec.plan_areas or resolve_areas(None, data)
    kind = spec.kind
    if kind == "summary":
        return summary_frame(data, areas, lang)
    if kind == "scorecard":
        return scorecard_frame(data, spec.area, lang, spec.target_ids)
    if kind == "target":
        return target_frame(data, spec.target_id)
    if kind == "compare":
        return compare_frame(data, spec.indicator, areas, lang)
    if kind == "sources":
        return sources_frame(data, areas, lang)
    return None
