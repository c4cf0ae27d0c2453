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
from ipdash.frames.slide_spec import NBSP, SlideSpec
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
        lead_text=cur["lead_department_en" if lang == "en" else "lead_department"].where(
            cur["lead_department"] != "", i18n.t("mst.lead_none", lang)
        ),
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


def department_label(lang: str = "zh") -> Callable[[str], str]:
    """A lead department's name in ``lang`` (the filter shows codes of the catalog: the Chinese names)."""
    if lang != "en":
        return str
    names: dict[str, str] = catalog.department_names_en(read.table("milestones"))
    return lambda d: names.get(d, d)


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


def _meeting_rows(f: pd.DataFrame, lang: str, since: str | None) -> pd.DataFrame:
    """Task rows as a slide shows them: ``new`` (reported since ``since``), the report's day, the
    delayed first, then done, then the rest."""
    reported_since = f["reported_at"].str[:10] >= since if since else f["reported_at"] != ""
    f = f.assign(new=(reported_since & (f["reported_at"] != "")) if since else False)
    mark = f" {i18n.t('mst.meet.new', lang)}"
    f = f.assign(
        status_code=f["status"],
        reported_on=f["reported_at"].str[:10] + f["new"].map({True: mark, False: ""}),
    )
    rank = {s: i for i, s in enumerate(("delayed", "done", "in_progress", "not_started", "cancelled", "not_assessed"))}
    order = f.assign(_n=~f["new"].astype(bool), _s=f["status"].map(rank))
    order = order.sort_values(["_n", "_s", "milestone_id"], kind="stable")
    return order.drop(columns=["_n", "_s"]).reset_index(drop=True)


def meeting_frame(area: str, lang: str = "zh", since: str | None = None, on: str | date | None = None) -> pd.DataFrame:
    """The milestones of ``area`` a joint meeting gives a row of their own: those somebody reported
    on — since ``since`` when given — and every reported one that is delayed or overdue. A task
    nobody has reported on is counted on the summary of unreported tasks (``pending_frame``), not
    listed: a slide of rows saying "not assessed · overdue" tells a meeting less than one count does.
    ``new`` marks reports since ``since``."""
    f = milestone_table(lang, areas=[area], on=on)
    reported = f["reported_at"] != ""
    reported_since = f["reported_at"].str[:10] >= since if since else reported
    keep = reported & (reported_since | (f["status"] == "delayed") | f["overdue"])
    return _meeting_rows(f[keep], lang, since)


def unreported_ids(area: str, on: str | date | None = None) -> list[str]:
    """The milestones of ``area`` nobody has reported on yet (catalog order)."""
    f = milestone_table("zh", areas=[area], on=on)
    return list(f[f["reported_at"] == ""]["milestone_id"])


def id_ranges(ids: list[str], sep: str) -> str:
    """``M-PD24-01–21`` for a run of consecutive numbers of one series, runs joined by ``sep``."""
    runs: list[tuple[str, int, int, int]] = []  # (series, first, last, digits)
    for i in ids:
        stem, _, num = i.rpartition("-")
        if stem and num.isdigit():
            n = int(num)
            if runs and runs[-1][0] == stem and runs[-1][2] == n - 1:
                runs[-1] = (stem, runs[-1][1], n, runs[-1][3])
                continue
            runs.append((stem, n, n, len(num)))
        else:
            runs.append((i, -1, -1, 0))
    out = []
    for stem, a, b, d in runs:
        if a < 0:
            out.append(stem)
        else:
            out.append(f"{stem}-{a:0{d}d}" + (f"–{b:0{d}d}" if b > a else ""))
    return sep.join(out)


def _counts(values: list[str], lang: str, key: str) -> str:
    counted = pd.Series(values).value_counts(sort=False)
    order = sorted(counted.index, key=lambda v: (-int(counted[v]), str(v)))
    items = (i18n.t(key, lang, name=v, n=int(counted[v])).rsplit(" ", 1) for v in order)
    return " · ".join(NBSP.join(x) for x in items)  # a name and its count never apart


PENDING_COLUMNS = ("area", "area_name", "n", "n_overdue", "overdue_text", "due", "lead", "overdue_ids", "ids")


def pending_frame(areas: list[str], lang: str = "zh", on: str | date | None = None) -> pd.DataFrame:
    """One row per area of the tasks nobody has reported on yet: how many (``n``), how many of them
    overdue (``n_overdue``, ``overdue_text``), counted by due year (``due``) and by lead department
    (``lead``: a task led jointly counts for each), the overdue ones' ids as ranges; ``ids``: every
    task the row counts."""
    f = milestone_table(lang, areas=areas, on=on)
    f = f[f["reported_at"] == ""]
    rows = []
    for area in areas:
        g = f[f["area"] == area]
        if g.empty:
            continue
        leads = [d for s in g["lead_department"] for d in (catalog.split_departments(s) or [""])]
        late = list(g[g["overdue"]]["milestone_id"])
        rows.append(
            {
                "area": area,
                "area_name": g["area_name"].iloc[0],
                "n": len(g),
                "n_overdue": len(late),
                "overdue_text": f"{MILESTONE_META['overdue']['icon']} {len(late)}" if late else "0",
                "due": _counts([str(y) for y in g["due_year"]], lang, "mst.pend.year"),
                "lead": _counts([d or i18n.t("mst.lead_none", lang) for d in leads], lang, "mst.pend.lead"),
                "overdue_ids": id_ranges(late, "\n") or "—",  # a range a line: never broken inside
                "ids": tuple(g["milestone_id"]),
            }
        )
    return pd.DataFrame(rows, columns=list(PENDING_COLUMNS))


def cli_frame(on: str | date | None = None) -> pd.DataFrame:
    """``python -m ipdash milestones``: one row per milestone, current status, overdue."""
    return export_frame(on)[list(CLI_COLUMNS)]


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


def slide_frame(spec: SlideSpec, lang: str) -> pd.DataFrame:
    """The rows of a qualitative-task slide (which always names its area): its ``milestone_ids``
    — reported tasks (``meeting_frame``), or in the appendix the tasks nobody reported on."""
    if spec.area is None:
        raise ValueError(f"slide {spec.key!r} names no area: not a qualitative-task slide")
    f = milestone_table(lang, areas=[spec.area], on=spec.on)
    f = _meeting_rows(f[f["milestone_id"].isin(list(spec.milestone_ids or ()))], lang, spec.since)
    return f[list(SLIDE_COLUMNS)].reset_index(drop=True)
