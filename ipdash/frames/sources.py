"""Catalog frames: targets, milestones, documents — one function per table on screen.

The page shows the frame, offers that exact frame for download, and the CLI prints it.
"""

from __future__ import annotations

import pandas as pd

from ipdash import catalog, paths
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
)


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_zh"


def targets_table(lang: str = "zh", *, areas: list[str] | None = None, themes: list[str] | None = None) -> pd.DataFrame:
    """Every quantitative target with its verbatim clause and its source document."""
    out = cache.memo("targets_table", (lang,), lambda: _targets_table(lang))
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
    return out[list(TARGET_COLUMNS)].sort_values(["area", "target_year", "target_id"]).reset_index(drop=True)


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
    return out[
        [
            "doc_id",
            "doc_number",
            "title",
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
    docs = read.table("documents").set_index("doc_id")
    if doc_id not in docs.index:
        raise KeyError(f"unknown document {doc_id!r}")
    doc = docs.loc[doc_id].to_dict()
    if doc.get("file"):
        return catalog.document_text(doc)
    ref = pd.read_csv(paths.reference_file(), dtype=str, keep_default_na=False)
    rows = ref[ref["kind"] == "target"]
    return f"{doc.get('url', '')}\n\n" + "\n".join(f"• {r.quote}" for r in rows.itertuples())
