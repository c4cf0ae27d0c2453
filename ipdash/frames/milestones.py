"""Frames of the milestones (定性任务): the current status of every numbered task, filtered, counted,
with its report history — the tables of the Targets & sources page, the overview, the meeting
and every export (no streamlit).

Dates: ``on`` (ISO date, default today) decides what is overdue; callers that cache pass it, and
``store.milestones.version()``, as part of the key. Labels come from ``mst.*`` strings.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date

import pandas as pd

from ipdash import catalog, i18n
from ipdash.frames import sources
from ipdash.frames.slide_spec import SlideSpec
from ipdash.status_meta import MILESTONE_META, MILESTONE_STATUSES
from ipdash.store import milestones, read

FOCUS = ("done", "delayed")  # what moved, for the meeting (with everything overdue)
CLI_COLUMNS = (
    "milestone_id",
    "area",
    "lead_department",
    "due_year",
    "status",
    "overdue",
    "reported_at",
    "reported_by",
    "status_note",
    "evidence",
    "task_no",
    "doc_id",
    "title_zh",
    "title_en",
)


def _on(on: str | date | None) -> date | None:
    return date.fromisoformat(on) if isinstance(on, str) else on


def status_label(status: str, lang: str = "zh") -> str:
    return i18n.t(f"mst.status.{status}", lang)


def status_text(status: str, lang: str = "zh") -> str:
    """Icon and word (never colour alone): ``✔ 已完成``."""
    return f"{MILESTONE_META[status]['icon']} {status_label(status, lang)}"


def overdue_text(lang: str = "zh") -> str:
    return f"{MILESTONE_META['overdue']['icon']} {i18n.t('mst.overdue', lang)}"


def export_frame(on: str | date | None = None) -> pd.DataFrame:
    """The catalog's milestones with their current status (the data page's ``milestones`` table)."""
    return milestones.current(_on(on))


def status_frame(lang: str = "zh", on: str | date | None = None) -> pd.DataFrame:
    """One row per milestone with its current status and display columns, in catalog area order."""
    cur = milestones.current(_on(on))
    docs = read.table("documents").set_index("doc_id")["doc_number"]
    area_order = {a: i for i, a in enumerate(sources.area_names(lang))}
    out = cur.assign(
        area_name=cur["area"].map(sources.area_names(lang)),
        title=cur["title_en" if lang == "en" else "title_zh"],
        theme_name=cur["theme"].map(lambda th: catalog.THEME_LABELS[th][lang == "en"]),
        doc_number=cur["doc_id"].map(docs).fillna(""),
        lead_text=cur["lead_department"].where(cur["lead_department"] != "", i18n.t("mst.lead_none", lang)),
        status_label=cur["status"].map(lambda s: status_label(s, lang)),
        status_icon=cur["status"].map(lambda s: MILESTONE_META[s]["icon"]),
        status_text=cur["status"].map(lambda s: status_text(s, lang)),
        overdue_text=cur["overdue"].map(lambda o: overdue_text(lang) if o else ""),
        _a=cur["area"].map(area_order),
    )
    return out.sort_values(["_a", "milestone_id"], kind="stable").drop(columns="_a").reset_index(drop=True)


def departments(areas: list[str] | None = None) -> list[str]:
    """The lead departments of the milestones of ``areas`` (all areas when None)."""
    ms = read.table("milestones")
    return catalog.departments(ms[ms["area"].isin(areas)] if areas else ms)


def milestone_table(
    lang: str = "zh",
    *,
    areas: list[str] | None = None,
    themes: list[str] | None = None,
    departments: list[str] | None = None,
    statuses: list[str] | None = None,
    overdue: bool = False,
    on: str | date | None = None,
) -> pd.DataFrame:
    """``status_frame`` filtered: a task matches a department when that department leads it
    (alone or with others)."""
    out = status_frame(lang, on)
    if areas:
        out = out[out["area"].isin(areas)]
    if themes:
        out = out[out["theme"].isin(themes)]
    if departments:
        wanted = set(departments)
        out = out[out["lead_department"].map(lambda s: bool(wanted & set(catalog.split_departments(s))))]
    if statuses:
        out = out[out["status"].isin(statuses)]
    if overdue:
        out = out[out["overdue"]]
    return out.reset_index(drop=True)


def history_frame(lang: str = "zh", milestone_id: str | None = None) -> pd.DataFrame:
    """Every report (of one milestone, or of all), newest first, with display columns."""
    h = milestones.reports()
    if milestone_id is not None:
        h = h[h["milestone_id"] == milestone_id]
    h = h.iloc[::-1].reset_index(drop=True)
    return h.assign(
        status_text=h["status"].map(lambda s: status_text(s, lang)),
        previous_text=h["previous_status"].map(lambda s: status_text(s, lang) if s in MILESTONE_META else s),
        evidence=h["evidence_url"].where(h["evidence_url"] != "", h["evidence_file"]),
        source_text=h["source"].map(lambda s: i18n.t(f"mst.source.{s}", lang) if i18n.has(f"mst.source.{s}") else s),
    )


def counts_by_area(
    lang: str = "zh",
    on: str | date | None = None,
    *,
    areas: list[str] | None = None,
    themes: list[str] | None = None,
) -> pd.DataFrame:
    """One row per area with milestones: how many in each status (``n_<status>``) and overdue."""
    f = milestone_table(lang, areas=areas, themes=themes, on=on)
    rows = []
    for area, g in f.groupby("area", sort=False):
        row = {"area": area, "area_name": g["area_name"].iloc[0], "n_milestones": len(g)}
        row.update({f"n_{s}": int((g["status"] == s).sum()) for s in MILESTONE_STATUSES})
        row["n_overdue"] = int(g["overdue"].sum())
        rows.append(row)
    cols = ["area", "area_name", "n_milestones", *[f"n_{s}" for s in MILESTONE_STATUSES], "n_overdue"]
    return pd.DataFrame(rows, columns=cols)


def counts_text(row: Mapping[Hashable, object], lang: str = "zh") -> str:
    """``共 25 项：✔ 已完成 2 · ⚠ 逾期 20 …`` — one line of ``counts_by_area`` (zero counts left out)."""
    parts = [f"{status_text(s, lang)} {row[f'n_{s}']}" for s in MILESTONE_STATUSES if row.get(f"n_{s}")]
    if row.get("n_overdue"):
        parts.append(f"{overdue_text(lang)} {row['n_overdue']}")
    return " · ".join(parts)


def meeting_frame(area: str, lang: str = "zh", since: str | None = None, on: str | date | None = None) -> pd.DataFrame:
    """The milestones a joint meeting looks at for ``area``: done or delayed (reported on or after
    ``since``, when given) and every overdue one; for an area whose plan sets no quantitative
    target, every milestone (its only measure of progress). ``new`` marks reports since ``since``."""
    f = milestone_table(lang, areas=[area], on=on)
    reported_since = f["reported_at"].str[:10] >= since if since else f["reported_at"] != ""
    if area in sources.areas_without_targets():
        keep = pd.Series(True, index=f.index)
    else:
        keep = (f["status"].isin(FOCUS) & reported_since) | f["overdue"]
    f = f[keep].assign(new=(reported_since & (f["reported_at"] != "")) if since else False)
    mark = f" {i18n.t('mst.meet.new', lang)}"
    f = f.assign(
        status_code=f["status"],
        reported_on=f["reported_at"].str[:10] + f["new"].map({True: mark, False: ""}),
    )
    rank = {s: i for i, s in enumerate(("delayed", "done", "in_progress", "not_started", "cancelled", "not_assessed"))}
    order = f.assign(_n=~f["new"].astype(bool), _s=f["status"].map(rank))
    order = order.sort_values(["_n", "_s", "milestone_id"], kind="stable")
    return order.drop(columns=["_n", "_s"]).reset_index(drop=True)


def cli_frame(on: str | date | None = None) -> pd.DataFrame:
    """``python -m ipdash milestones``: one row per milestone, current status, overdue."""
    return export_frame(on)[list(CLI_COLUMNS)]


MEETING_ROWS = (
    4  # rows of a task slide: long task titles wrap; 5 or 6 run into the footnote at 18 pt (tests/test_export.py)
)


def meeting_pages(
    area: str, lang: str = "zh", since: str | None = None, on: str | date | None = None
) -> list[list[str]]:
    """``meeting_frame``'s milestone ids split evenly over slides of at most ``MEETING_ROWS``
    (one empty page when there is nothing to show, so the slide says so)."""
    ids = list(meeting_frame(area, lang, since, on)["milestone_id"])
    pages = max(1, -(-len(ids) // MEETING_ROWS))
    per = -(-len(ids) // pages) if ids else 0
    return [ids[i * per : (i + 1) * per] for i in range(pages)]


SLIDE_COLUMNS = (
    "milestone_id",
    "title",
    "lead_text",
    "due_year",
    "status_text",
    "status_code",
    "overdue_text",
    "reported_on",
)


def meeting_specs(
    area: str,
    name: str,
    lang: str,
    since: str | None,
    no_target: bool,
    n_milestones: int,
    make_spec: Callable[..., SlideSpec],
    doc_numbers: list[str],
) -> list[SlideSpec]:
    """The slide specs (``meeting._spec``) of ``area``'s qualitative tasks: ``meeting_pages``,
    each with its ids, the since date, the date judged on and the area's counts line."""
    on = milestones.today().isoformat()
    pages = meeting_pages(area, lang, since, on)
    key = "mst.meet.sub_all" if no_target else ("mst.meet.sub_since" if since else "mst.meet.sub")
    counts = counts_by_area(lang, on, areas=[area])
    parts = counts_text(counts.iloc[0].to_dict(), lang) if len(counts) else ""
    return [
        make_spec(
            "milestones",
            f"milestones:{area}" + (f":{p + 1}" if len(pages) > 1 else ""),
            i18n.t("mst.meet.title", lang, area=name) + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else ""),
            i18n.t(key, lang, since=since or ""),
            area=area,
            milestone_ids=ids,
            since=since,
            on=on,
            counts=i18n.t("mst.meet.counts", lang, n=n_milestones, parts=parts),
            doc_numbers=doc_numbers,
        )
        for p, ids in enumerate(pages)
    ]


def slide_frame(spec: SlideSpec, lang: str) -> pd.DataFrame:
    """The rows of a qualitative-task slide (a ``SlideSpec`` of ``meeting_specs``, which always names
    its area): ``meeting_frame`` for its ids."""
    if spec.area is None:
        raise ValueError(f"slide {spec.key!r} names no area: not a qualitative-task slide")
    f = meeting_frame(spec.area, lang, spec.since, spec.on)
    f = f[f["milestone_id"].isin(list(spec.milestone_ids or ()))]
    return f[list(SLIDE_COLUMNS)].reset_index(drop=True)
