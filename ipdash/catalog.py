"""The reviewed text catalog under ``data/catalog/``: read it and check it.

Every check failure is a sentence that says which file, which row and what to do, in the
manner of owid/etl's sanity checks. Nothing here writes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ipdash import i18n, paths, plan_tasks, schema

AGGREGATIONS = ("level", "annual", "cumulative", "growth", "reduction")
COMPARATORS = ("ge", "gt", "approx", "le")
THEMES = ("creation", "utilization", "protection", "services")
KINDS = ("stock", "flow", "ratio")
MEASURES = ("count", "money", "percent", "per_capita", "duration")
DIRECTIONS = ("higher", "lower")
# a milestone's status: ``not_assessed`` until someone reports (the catalog ships every task so);
# a report sets one of REPORT_STATUSES (ipdash.ingest.milestones)
REPORT_STATUSES = ("not_started", "in_progress", "done", "delayed", "cancelled")
MILESTONE_STATUSES = ("not_assessed", *REPORT_STATUSES)
PROVENANCES = ("official", "reported", "estimate", "illustrative")

COLUMNS: dict[str, tuple[str, ...]] = {t.name: t.names for t in schema.CATALOG}  # ipdash/schema.py
KEYS = {t.name: t.key[0] for t in schema.CATALOG}
INT_COLUMNS = {
    t.name: ints for t in schema.CATALOG if (ints := tuple(c.name for c in t.columns if c.dtype in ("int64", "Int64")))
}
FLOAT_COLUMNS = {
    t.name: fl for t in schema.CATALOG if (fl := tuple(c.name for c in t.columns if c.pg_type == "double precision"))
}
THEME_LABELS = {th: (i18n.t(f"theme.{th}", "zh"), i18n.t(f"theme.{th}", "en")) for th in THEMES}


class CatalogError(ValueError):
    """The catalog is not fit to build from; ``problems`` lists what to fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The catalog has problems:\n- " + "\n- ".join(problems))


@dataclass(frozen=True)
class Catalog:
    indicators: pd.DataFrame
    areas: pd.DataFrame
    documents: pd.DataFrame
    targets: pd.DataFrame
    milestones: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in paths.CATALOG_TABLES}


def normalise_ws(text: str) -> str:
    """Remove every whitespace character: the seeds break lines mid-phrase."""
    return re.sub(r"\s+", "", text or "")


def read_table(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read one catalog CSV as strings, then type the numeric columns."""
    path = (directory or paths.catalog_dir()) / f"{name}.csv"
    if not path.exists():
        raise CatalogError(
            [f"{path} is missing: restore it from git or create it with the columns {', '.join(COLUMNS[name])}."]
        )
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    df = pd.DataFrame(rows, columns=list(reader.fieldnames or []))
    df = df.fillna("").map(lambda v: v.strip() if isinstance(v, str) else v)
    for col in INT_COLUMNS.get(name, ()):
        if col in df:
            df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Int64")
    for col in FLOAT_COLUMNS.get(name, ()):
        if col in df:
            df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Float64")
    if name == "indicators" and "per_capita_ok" in df:
        df["per_capita_ok"] = df["per_capita_ok"].str.lower().isin(("true", "1", "yes"))
    return df


def load(directory: Path | None = None, *, check: bool = True) -> Catalog:
    frames = {name: read_table(name, directory) for name in paths.CATALOG_TABLES}
    cat = Catalog(**frames)
    if check:
        problems = check_catalog(cat, seeds=(directory.parent / "seeds") if directory else None)
        if problems:
            raise CatalogError(problems)
    return cat


def document_text(doc: dict, seeds: Path | None = None, reference: Path | None = None) -> str:
    """The text a clause must be found in: the seed file, or the reference CSV for web sources."""
    path = (seeds or paths.seeds_dir()) / doc["file"] if doc.get("file") else reference or paths.reference_file()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def clause_in_document(clause: str, doc_text: str) -> bool:
    return bool(normalise_ws(clause)) and normalise_ws(clause) in normalise_ws(doc_text)


def _enum(problems: list[str], df: pd.DataFrame, table: str, col: str, allowed) -> None:
    key = KEYS[table]
    for _, row in df[~df[col].isin(allowed)].iterrows():
        problems.append(
            f"{table}.csv row {row[key]}: {col} = {row[col]!r} is not one of "
            f"{', '.join(map(str, allowed))}; correct it."
        )


def check_catalog(cat: Catalog, seeds: Path | None = None) -> list[str]:
    """Every problem that would make a figure on screen wrong or unsourced."""
    problems: list[str] = []
    for name, df in cat.frames().items():
        missing = [c for c in COLUMNS[name] if c not in df.columns]
        if missing:
            problems.append(f"{name}.csv lacks columns {', '.join(missing)}: add them (see docs/architecture.md).")
            continue
        dup = df[KEYS[name]][df[KEYS[name]].duplicated()].tolist()
        if dup:
            problems.append(f"{name}.csv repeats {KEYS[name]} {', '.join(dup)}: each must be unique.")
    if problems:
        return problems
    ind, areas, docs, tg, ms = cat.indicators, cat.areas, cat.documents, cat.targets, cat.milestones
    _enum(problems, ind, "indicators", "kind", KINDS)
    _enum(problems, ind, "indicators", "measure", MEASURES)
    _enum(problems, ind, "indicators", "direction", DIRECTIONS)
    problems += check_publication(ind)
    _enum(problems, tg, "targets", "aggregation", AGGREGATIONS)
    _enum(problems, tg, "targets", "comparator", COMPARATORS)
    _enum(problems, tg, "targets", "theme", THEMES)
    _enum(problems, tg, "targets", "area", set(areas["code"]))
    _enum(problems, tg, "targets", "indicator", set(ind["code"]))
    _enum(problems, tg, "targets", "doc_id", set(docs["doc_id"]))
    _enum(problems, ms, "milestones", "area", set(areas["code"]))
    _enum(problems, ms, "milestones", "doc_id", set(docs["doc_id"]))
    _enum(problems, ms, "milestones", "theme", THEMES)
    _enum(problems, ms, "milestones", "status", MILESTONE_STATUSES)
    for _, a in areas.iterrows():
        if pd.isna(a["population"]) or a["population"] <= 0 or not a["population_source"]:
            problems.append(f"areas.csv row {a['code']}: population needs a positive number and a source.")
    units = dict(zip(ind["code"], ind["unit"]))
    doc_rows = {d["doc_id"]: d for d in docs.to_dict("records")}
    texts = {k: document_text(d, seeds) for k, d in doc_rows.items()}
    for _, t in tg.iterrows():
        tid = t["target_id"]
        if pd.isna(t["value"]):
            problems.append(f"targets.csv row {tid}: value must be a number.")
        if pd.isna(t["target_year"]) or pd.isna(t["period_start"]) or t["target_year"] < t["period_start"]:
            problems.append(
                f"targets.csv row {tid}: period_start and target_year must be years with period_start ≤ target_year."
            )
        expected_unit = "%" if t["aggregation"] in ("growth", "reduction") else units.get(t["indicator"])
        if expected_unit and t["unit"] != expected_unit:
            problems.append(
                f"targets.csv row {tid}: unit {t['unit']!r} should be {expected_unit!r} "
                f"for a {t['aggregation']} target on {t['indicator']}; convert the value."
            )
        if t["aggregation"] in ("growth", "reduction") and pd.isna(t["baseline_year"]):
            problems.append(f"targets.csv row {tid}: a {t['aggregation']} target needs baseline_year.")
        if t["aggregation"] in ("cumulative", "growth", "reduction") and not (
            t["assumptions_zh"] and t["assumptions_en"]
        ):
            problems.append(
                f"targets.csv row {tid}: say in assumptions_zh/assumptions_en which years "
                "are summed or compared — the text leaves it open."
            )
        if t["doc_id"] in texts and not clause_in_document(t["clause"], texts[t["doc_id"]]):
            problems.append(
                f"targets.csv row {tid}: clause {t['clause']!r} is not found verbatim in "
                f"{doc_rows[t['doc_id']]['file'] or 'the reference figures'}; copy it "
                "exactly from the document."
            )
    for _, m in ms.iterrows():
        if m["doc_id"] in texts and not clause_in_document(m["clause"], texts[m["doc_id"]]):
            problems.append(
                f"milestones.csv row {m['milestone_id']}: clause {m['clause']!r} is not found "
                "verbatim in its document; copy it exactly."
            )
    problems += check_milestone_tasks(ms, texts)
    problems += check_target_leads(tg, texts)
    for _, d in docs.iterrows():
        if d["file"] and not texts.get(d["doc_id"]):
            problems.append(
                f"documents.csv row {d['doc_id']}: seed file {d['file']} is missing from "
                "data/seeds/; copy it there unchanged."
            )
        if not d["file"] and not d["url"]:
            problems.append(f"documents.csv row {d['doc_id']}: a document needs a seed file or a url.")
        if not str(d.get("issuer_en") or "").strip():
            problems.append(f"documents.csv row {d['doc_id']}: issuer_en needs the issuer's English name.")
    for table, key, rows in (("milestones", "milestone_id", ms), ("targets", "target_id", tg)):
        for m in rows.to_dict("records"):
            zh, en = (
                split_departments(m["lead_department"]),
                [x for x in str(m["lead_department_en"]).split(",") if x.strip()],
            )
            if len(zh) != len(en):
                problems.append(
                    f"{table}.csv row {m[key]}: lead_department_en names {len(en)} departments and "
                    f"lead_department {len(zh)}; give each its English name, comma-separated, in the same order."
                )
    return problems


def check_target_leads(tg: pd.DataFrame, texts: dict[str, str]) -> list[str]:
    """A target's lead department is the one the numbered task holding its clause names (``plan_tasks``);
    empty when its clause is in no such task (a plan's 主要目标 section) or its source is no seed text."""
    problems: list[str] = []
    tasks = {doc: plan_tasks.numbered_tasks(text) for doc, text in texts.items()}
    for t in tg.to_dict("records"):
        clause = normalise_ws(t["clause"])
        holding = [k for k in tasks.get(t["doc_id"], []) if clause and clause in k.text]
        named = holding[0].lead_department if holding else ""
        if normalise_ws(t["lead_department"]) != named:
            problems.append(
                f"targets.csv row {t['target_id']}: lead_department {t['lead_department']!r} differs from what "
                f"its document names for its clause ({named or 'nothing'}); copy it from the text or leave it empty."
            )
    return problems


def check_publication(ind: pd.DataFrame) -> list[str]:
    """Each indicator says in which month of the following year its yearly figure is normally
    published (``publish_month``, 1–12) and where that month comes from (``publish_source``: a
    release's address or date, or ``assumed: …`` with the reason) — data freshness rests on it."""
    problems: list[str] = []
    for _, r in ind.iterrows():
        month = r["publish_month"]
        if pd.isna(month) or not 1 <= month <= 12:
            problems.append(
                f"indicators.csv row {r['code']}: publish_month must be a month 1–12 — the month of the following "
                "year in which the yearly figure is normally published; look at when last year's figure came out, "
                "or give your best month and say so in publish_source ('assumed: …')."
            )
        if not r["publish_source"]:
            problems.append(
                f"indicators.csv row {r['code']}: publish_source is empty; name where publish_month comes from "
                "(a release's address or date) or write 'assumed: <why that month>'."
            )
    return problems


def check_milestone_tasks(ms: pd.DataFrame, texts: dict[str, str]) -> list[str]:
    """Each milestone is one numbered task of its plan (``plan_tasks``): its title opens that
    task, its clause is inside it, its lead department is the one the task names, and no task
    is catalogued twice. (That every task is catalogued is tested against the seeds.)"""
    problems: list[str] = []
    tasks = {doc: {t.task_no: t for t in plan_tasks.numbered_tasks(text)} for doc, text in texts.items()}
    dup = ms[ms.duplicated(["doc_id", "task_no"], keep=False)]
    for _, m in dup.iterrows():
        problems.append(
            f"milestones.csv row {m['milestone_id']}: task {m['task_no']} of {m['doc_id']} is catalogued twice; "
            "keep one row per numbered task."
        )
    for _, m in ms.iterrows():
        mid, doc = m["milestone_id"], m["doc_id"]
        if pd.isna(m["due_year"]):
            problems.append(f"milestones.csv row {mid}: due_year must be a year.")
        if doc not in tasks:
            continue
        task = tasks[doc].get(str(m["task_no"]))
        if task is None:
            known = ", ".join(tasks[doc]) or "none"
            problems.append(
                f"milestones.csv row {mid}: {doc} has no numbered task {m['task_no']!r} (its tasks: {known}); "
                "task_no is the task's number as the text writes it."
            )
            continue
        if not task.starts_with(m["title_zh"]):
            problems.append(
                f"milestones.csv row {mid}: title_zh {m['title_zh']!r} is not how task {m['task_no']} of "
                f"{doc} begins; copy the task's heading."
            )
        if normalise_ws(m["clause"]) not in task.text:
            problems.append(
                f"milestones.csv row {mid}: clause {m['clause']!r} is not part of task {m['task_no']}; "
                "quote a sentence of that task."
            )
        if normalise_ws(m["lead_department"]) != task.lead_department:
            problems.append(
                f"milestones.csv row {mid}: lead_department {m['lead_department']!r} differs from what "
                f"task {m['task_no']} names ({task.lead_department or 'nothing'}); copy it from the text."
            )
    return problems


def split_departments(text: str) -> list[str]:
    """A lead department cell as a list (several departments may lead one task)."""
    return plan_tasks.split_departments(text)


def departments(ms: pd.DataFrame) -> list[str]:
    """Every department that leads some milestone, in order of first appearance."""
    return list(dict.fromkeys(d for cell in ms["lead_department"] for d in split_departments(cell)))


def department_names_en(ms: pd.DataFrame) -> dict[str, str]:
    """Each lead department's English name (``lead_department_en`` lists them in the same order)."""
    out: dict[str, str] = {}
    for zh, en in zip(ms["lead_department"], ms["lead_department_en"]):
        names = [x.strip() for x in str(en).split(",") if x.strip()]
        for d, e in zip(split_departments(zh), names):
            out.setdefault(d, e)
    return out


def alias_map(df: pd.DataFrame, *, names: tuple[str, ...] = ("code", "name_zh", "name_en")) -> dict[str, str]:
    """Lower-cased name/alias → code, for matching reference figures and uploads."""
    out: dict[str, str] = {}
    for row in df.to_dict("records"):
        keys = [row.get(n, "") for n in names] + [row.get("short_zh", "")]
        keys += [a for a in str(row.get("aliases", "")).split("|")]
        for k in keys:
            k = str(k or "").strip().lower()
            if k:
                out.setdefault(k, row["code"])
    return out


def superseded_by(targets: pd.DataFrame, documents: pd.DataFrame) -> dict[str, str]:
    """{target_id: the target that superseded it} (已被后续文件更新).

    A target is superseded when a document issued later sets a target for the same area ×
    indicator (same aggregation) and a year within the earlier target's period (from its
    ``period_start`` to its ``target_year``): for the same year whatever its value (SH25-04's
    「30左右」 by SH25-01's 60), for an earlier year when it asks at least as much (PD25-01, ≥ 50
    by 2025, issued 2021-08, by PD24-01, ≥ 85 in 2024, issued 2024-03). A later target asking less
    for an earlier year is a step on the way, and one for a year after the earlier target's year
    leaves it standing (a 2023 annual target is not replaced by a 2025 one); a document without
    an issue date supersedes nothing. Of several, the one for the earlier target's own year is
    named, else the latest issued."""
    issued = {str(d["doc_id"]): str(d.get("issued") or "") for d in documents.to_dict("records")}
    rows = targets.to_dict("records")
    out: dict[str, str] = {}
    for e in rows:
        e_issued = issued.get(str(e["doc_id"]), "")
        if not e_issued or pd.isna(e["target_year"]):
            continue
        start = e["period_start"] if not pd.isna(e["period_start"]) else e["target_year"]
        cands = [
            t
            for t in rows
            if t["target_id"] != e["target_id"]
            and t["area"] == e["area"]
            and t["indicator"] == e["indicator"]
            and not pd.isna(t["target_year"])
            and t["aggregation"] == e["aggregation"]
            and start <= t["target_year"] <= e["target_year"]
            and (t["target_year"] == e["target_year"] or _asks_as_much(t, e))
            and _later(issued.get(str(t["doc_id"]), ""), e_issued)
        ]
        if cands:
            best = max(cands, key=lambda t: (t["target_year"] == e["target_year"], issued[str(t["doc_id"])]))
            out[str(e["target_id"])] = str(best["target_id"])
    return out


def _asks_as_much(later: dict, earlier: dict) -> bool:
    """The later target's value is at least as demanding as the earlier one's (≤ for a ceiling)."""
    if later["comparator"] == "le":
        return bool(later["value"] <= earlier["value"])
    return bool(later["value"] >= earlier["value"])


def _later(a: str, b: str) -> bool:
    """Issue date ``a`` is after ``b`` (ISO dates, possibly only a year or year-month): a shorter
    date that is a prefix of the other cannot be ordered, so it is not later."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] > b[:n]
