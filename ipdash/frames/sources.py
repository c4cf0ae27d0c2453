"""Catalog frames: targets, milestones, documents — one function per table on screen.

The page shows the frame, offers that exact frame for download, and the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ipdash import catalog, fmt, i18n, paths
from ipdash.engine import wording
from ipdash.store import cache, read

TARGET_COLUMNS = (
    "target_id",
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "theme",
    "theme_name",
    "aggregation",
    "comparator",
    "value",
    "unit",
    "period_start",
    "target_year",
    "baseline_year",
    "baseline_value",
    "clause",
    "assumptions",
    "doc_id",
    "doc_number",
    "doc_title",
    "source_file",
    "source_url",
    "source_confidence",
    "superseded_by",
)


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_zh"


CATALOG_TABLES = ("targets", "areas", "indicators", "documents")  # what the catalog frames below read


def catalog_version() -> str:
    """The version of the catalog's files alone: an upload (new actuals) leaves it as it is, so the
    catalog frames kept on disk by it (targets table, superseded targets, documents) are read back
    after an upload and after a restart instead of being made again (``catalog.superseded_by`` over
    every target took seconds at county scale). On PostgreSQL: the whole data version."""
    return read.tables_version(CATALOG_TABLES)


def targets_table(lang: str = "zh", *, areas: list[str] | None = None, themes: list[str] | None = None) -> pd.DataFrame:
    """Every quantitative target with its verbatim clause and its source document."""
    out = cache.frame("targets_table", (lang,), lambda: _targets_table(lang), version=catalog_version)
    if areas:
        out = out[out["area"].isin(areas)]
    if themes:
        out = out[out["theme"].isin(themes)]
    return out.reset_index(drop=True)


def _targets_table(lang: str) -> pd.DataFrame:
    t = read.table("targets")
    a = read.table("areas")[["code", _name_col(lang)]].rename(columns={"code": "area", _name_col(lang): "area_name"})
    i = read.table("indicators")[["code", _name_col(lang)]].rename(
        columns={"code": "indicator", _name_col(lang): "indicator_name"}
    )
    d = read.table("documents").rename(
        columns={"file": "source_file", "url": "source_url", "confidence": "source_confidence"}
    )
    d["doc_title"] = d["title_en" if lang == "en" else "title_zh"]
    out = (
        t.merge(a, on="area", how="left")
        .merge(i, on="indicator", how="left")
        .merge(
            d[["doc_id", "doc_number", "doc_title", "source_file", "source_url", "source_confidence"]],
            on="doc_id",
            how="left",
        )
    )
    out["theme_name"] = out["theme"].map(lambda th: catalog.THEME_LABELS[th][1 if lang == "en" else 0])
    out["assumptions"] = out["assumptions_en" if lang == "en" else "assumptions_zh"]
    if lang == "en":  # the target's unit as its indicator's English unit when they are the same unit
        ind = read.table("indicators").set_index("code")
        same = out["unit"] == out["indicator"].map(ind["unit"])
        out["unit"] = out["unit"].where(~same, out["indicator"].map(ind["unit_en"]))
    out["superseded_by"] = out["target_id"].map(superseded()).fillna("")
    return out[list(TARGET_COLUMNS)].sort_values(["area", "target_year", "target_id"]).reset_index(drop=True)


def superseded() -> dict[str, str]:
    """{target_id: the later target that superseded it} (``catalog.superseded_by``): still judged
    and listed, but not shown as the current goal."""

    def make() -> pd.DataFrame:
        found = catalog.superseded_by(read.table("targets"), read.table("documents"))
        ids, by = pd.Series(list(found), dtype="str"), pd.Series(list(found.values()), dtype="str")
        return pd.DataFrame({"target_id": ids, "superseded_by": by})

    def as_dict() -> dict[str, str]:
        kept = cache.frame("superseded", (), make, version=catalog_version)
        return dict(zip(kept["target_id"], kept["superseded_by"], strict=True))

    found: dict[str, str] = cache.memo("superseded_map", (), as_dict)
    return found


def document_label(r: Mapping[str, object], lang: str) -> str:
    """A target's document as a hover or a table names it: its number (沪浦知局〔2024〕30号), else its title."""
    num = r.get("doc_number")
    return str(num) if isinstance(num, str) and num else str(r.get("doc_title") or r.get("doc_id") or "")


def target_documents(lang: str = "zh") -> pd.DataFrame:
    """target_id, ``document`` (``document_label``), ``superseded_by`` and ``superseded_note`` (the
    sentence naming the newer target, empty for a current one): what every target marker's hover,
    the compare table and the detail page show."""

    def make() -> pd.DataFrame:
        t = targets_table(lang)
        rows = {r["target_id"]: r for r in t.to_dict("records")}
        notes = [superseded_note(rows, r["superseded_by"], lang) for r in rows.values()]
        return pd.DataFrame(
            {
                "target_id": t["target_id"],
                "document": [document_label(r, lang) for r in rows.values()],
                "superseded_by": t["superseded_by"],
                "superseded_note": notes,
            }
        )

    frame: pd.DataFrame = cache.frame("target_documents", (lang,), make, version=catalog_version)
    return frame


def superseded_note(rows: Mapping[str, Mapping[str, Any]], new_id: str, lang: str) -> str:
    """ "已被后续文件更新：PD24-01（沪浦知局〔2024〕30号）设定了 2024年 ≥ 85件/万人…" — empty for a current target."""
    new = rows.get(new_id) if new_id else None
    if new is None:
        return ""
    target = f"{wording.cmp_word(new['comparator'], lang)} {fmt.fmt_value(float(new['value']), new['unit'], lang)}"
    year = int(new["target_year"])
    return i18n.t("sup.note", lang, new=new_id, doc=document_label(new, lang), year=year, target=target)


def milestones_table(lang: str = "zh", *, areas: list[str] | None = None) -> pd.DataFrame:
    m = read.table("milestones")
    a = read.table("areas")[["code", _name_col(lang)]].rename(columns={"code": "area", _name_col(lang): "area_name"})
    d = read.table("documents")[["doc_id", "doc_number", "file"]].rename(columns={"file": "source_file"})
    out = m.merge(a, on="area", how="left").merge(d, on="doc_id", how="left")
    out["title"] = out["title_en" if lang == "en" else "title_zh"]
    out["theme_name"] = out["theme"].map(lambda th: catalog.THEME_LABELS[th][1 if lang == "en" else 0])
    if areas:
        out = out[out["area"].isin(areas)]
    cols = [
        "milestone_id",
        "area",
        "area_name",
        "theme",
        "theme_name",
        "title",
        "clause",
        "lead_department",
        "lead_department_en",
        "due_year",
        "status",
        "status_note",
        "doc_id",
        "doc_number",
        "source_file",
    ]
    return out[cols].sort_values(["area", "milestone_id"]).reset_index(drop=True)


def documents_table(lang: str = "zh") -> pd.DataFrame:
    d = read.table("documents")
    t = read.table("targets").groupby("doc_id").size().rename("n_targets")
    m = read.table("milestones").groupby("doc_id").size().rename("n_milestones")
    out = d.merge(t, on="doc_id", how="left").merge(m, on="doc_id", how="left")
    out[["n_targets", "n_milestones"]] = out[["n_targets", "n_milestones"]].fillna(0).astype(int)
    out["title"] = out["title_en" if lang == "en" else "title_zh"]
    out["issuer"] = out["issuer_en" if lang == "en" else "issuer_zh"]
    return out[
        [
            "doc_id",
            "doc_number",
            "title",
            "issuer",
            "issuer_zh",
            "area",
            "issued",
            "file",
            "url",
            "confidence",
            "n_targets",
            "n_milestones",
        ]
    ]


def areas_without_targets() -> list[str]:
    """Areas whose plan has no quantitative target (e.g. 静安区): shown, with milestones."""
    a = read.table("areas")
    t = read.table("targets")
    return sorted(set(a["code"]) - set(t["area"]))


def area_names(lang: str = "zh") -> dict[str, str]:
    def make() -> dict[str, str]:
        a = read.table("areas")
        return dict(zip(a["code"], a[_name_col(lang)]))

    names: dict[str, str] = cache.memo("area_names", (lang,), make)
    return names


def indicator_names(lang: str = "zh") -> dict[str, str]:
    def make() -> dict[str, str]:
        i = read.table("indicators")
        return dict(zip(i["code"], i[_name_col(lang)]))

    names: dict[str, str] = cache.memo("indicator_names", (lang,), make)
    return names


def document_text(doc_id: str) -> str:
    """The document a target or milestone quotes: the seed text, or the reference rows for web sources."""
    doc = _documents_by_id().get(doc_id)
    if doc is None:
        raise KeyError(f"unknown document {doc_id!r}")
    if doc.get("file"):
        return catalog.document_text(doc)
    return f"{doc.get('url', '')}\n\n" + _reference_quotes()


def _documents_by_id() -> dict[str, dict[str, object]]:
    """Each stored document's row by its id, once per data version (the detail page's first view of a target
    looked its document up in a frame indexed again on every call)."""
    rows: dict[str, dict[str, object]] = cache.memo(
        "documents_by_id", (), lambda: {d["doc_id"]: d for d in read.table("documents").to_dict("records")}
    )
    return rows


def _reference_quotes() -> str:
    """Every target quote of the reference CSV (a build input: a change of it is a new data version), one
    bullet a line, read once per data version rather than on each web-source document's first view."""

    def make() -> str:
        ref = pd.read_csv(paths.reference_file(), dtype=str, keep_default_na=False)
        return "\n".join(f"• {q}" for q in ref.loc[ref["kind"] == "target", "quote"])

    text: str = cache.memo("reference_quotes", (), make)
    return text
