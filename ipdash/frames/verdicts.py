"""The judged-target frame every view starts from: the engine's result joined with the catalog's
names, plus the display texts a tile shows (target as written, where it stands, projection,
P(meet), required pace, margin). Overview, detail, meeting and data frames build on it."""

from __future__ import annotations

import math

import pandas as pd

from ipdash import catalog, fmt, status_meta
from ipdash.engine.evaluate import evaluate_all
from ipdash.frames import sources
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import cache as matcache
from ipdash.store import db
from ipdash.store import read as store

METHODS = ("linear", "loglinear")
_CMP_WORD = {
    "zh": {"ge": "≥", "gt": ">", "approx": "约", "le": "≤"},
    "en": {"ge": "≥", "gt": ">", "approx": "≈", "le": "≤"},
}


def _ok(x) -> bool:
    try:
        return x is not None and not pd.isna(x) and not (isinstance(x, float) and math.isnan(x))
    except (TypeError, ValueError):
        return False


def _en(lang: str) -> bool:
    return lang == "en"


def indicator_records() -> dict[str, dict]:
    return {r["code"]: r for r in store.table("indicators").to_dict("records")}


def evaluate(*, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """``evaluate_all`` on the store: the raw engine result, one row per target (latest data and
    default method: kept per data version by ``ipdash.store.cache``). ``view.lang`` is not used."""
    if view.is_default_judgement:
        illus = bool(view.include_illustrative)
        return matcache.frame("evaluate", (illus,), lambda: _evaluate(ViewSettings(include_illustrative=illus)))
    return _evaluate(view)


def _evaluate(view: ViewSettings) -> pd.DataFrame:
    return evaluate_all(
        store.table("targets"),
        store.actuals(include_illustrative=view.include_illustrative),
        store.table("indicators"),
        as_of=view.as_of,
        method=view.method,
    )


def qunit(row: dict) -> str:
    """Unit of compared/projected values: % for growth and reduction targets."""
    if row.get("aggregation") in ("growth", "reduction"):
        return "%"
    return row.get("series_unit") or row.get("unit") or ""


def margin_text(row: dict, lang: str) -> str:
    """ "超额 6.0 件/万人（8.0%）" / "short by 17 (3.4%)" once the target year is measured."""
    m = row.get("margin")
    if row.get("basis") != "actual" or not _ok(m):
        return fmt.DASH
    en, unit = _en(lang), qunit(row)
    word = ("exceeded by" if m >= 0 else "short by") if en else ("超额" if m >= 0 else "差")
    if unit == "%":
        amt = f"{abs(m):.1f} {'percentage points' if en else '个百分点'}"
    else:
        amt = fmt.fmt_value(abs(m), unit, lang)
        if _ok(row.get("margin_pct")):
            pct = fmt.fmt_pct(abs(row["margin_pct"]), lang, 1)
            amt += f" ({pct})" if en else f"（{pct}）"
    return f"{word} {amt}"


def target_text(row: dict, lang: str) -> str:
    """ "≥ 85 件/万人" — the target as the document writes it."""
    unit = "%" if row.get("aggregation") in ("growth", "reduction") else row.get("unit")
    word = _CMP_WORD["en" if _en(lang) else "zh"].get(row.get("comparator"), "")
    return f"{word} {fmt.fmt_value(row.get('target_value'), unit, lang, exact=True)}".strip()


def current_text(row: dict, lang: str) -> tuple[str, str]:
    """(label, value) of where the target stands now — what a tile shows next to the target."""
    en, agg = _en(lang), row.get("aggregation")
    if row.get("basis") == "actual":
        T = row.get("target_year")
        return (f"{T} actual" if en else f"{T}年实际", fmt.fmt_value(row.get("compared_value"), qunit(row), lang))
    if not _ok(row.get("latest_year")):
        return ("latest" if en else "最新", fmt.DASH)
    y = int(row["latest_year"])
    ps = row.get("period_start")
    if agg == "cumulative" and _ok(ps) and y < int(ps):
        return (f"total from {ps}" if en else f"{ps}年起累计", "not started" if en else "尚未开始")
    if agg == "cumulative" and _ok(row.get("known_sum")):
        return (
            f"total {ps}–{y}" if en else f"{ps}–{y}年累计",
            fmt.fmt_value(row.get("known_sum"), row.get("series_unit"), lang),
        )
    if agg == "growth" and _ok(row.get("pace_observed")):
        return (f"avg growth to {y}" if en else f"至{y}年年均增长", fmt.fmt_pct(row["pace_observed"], lang, 1))
    return (f"{y} actual" if en else f"{y}年实际", fmt.fmt_value(row.get("latest_value"), row.get("series_unit"), lang))


def required_text(row: dict, lang: str) -> str:
    """What must happen from now on (rules §3.7), or a dash when the target is decided."""
    en = _en(lang)
    if row.get("status") in ("achieved", "missed", "no_data", "no_target") or row.get("basis") == "actual":
        return fmt.DASH
    if row.get("aggregation") == "cumulative":
        need = row.get("required_per_year")
        if not _ok(need):
            return fmt.DASH
        if need <= 0:
            return "already reached" if en else "已累计达标"
        v = fmt.fmt_value(need, row.get("series_unit"), lang)
        return f"{v} a year" if en else f"剩余每年需 {v}"
    need = row.get("required_per_year")
    if not _ok(need):
        return fmt.DASH
    side = -1 if row.get("comparator") == "le" or row.get("aggregation") == "reduction" else 1
    if need * side <= 0:
        return "hold the level" if en else "保持即可"
    g = row.get("required_growth")
    if row.get("method") == "loglinear" and _ok(g):
        return f"{fmt.fmt_pct(g, lang, 1, signed=True)} a year" if en else f"每年需增长 {fmt.fmt_pct(g, lang, 1)}"
    v = fmt.fmt_value(need, row.get("series_unit"), lang, signed=True)
    return f"{v} a year" if en else f"每年需 {v}"


STATUS_COLUMNS = [
    "target_id",
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "theme",
    "theme_name",
    "target_year",
    "status",
    "status_label",
    "status_icon",
    "status_colour",
    "target_text",
    "current_label",
    "current_text",
    "projected_text",
    "p_meet_text",
    "required_text",
    "margin_text",
    "explanation",
    "aggregation",
    "comparator",
    "target_value",
    "unit",
    "latest_year",
    "latest_value",
    "compared_value",
    "projected_value",
    "lower_80",
    "upper_80",
    "p_meet",
    "pace_ratio",
    "required_per_year",
    "required_growth",
    "method",
    "n_points",
    "early",
    "margin",
    "margin_pct",
    "uses_illustrative",
    "as_of",
    "basis",
    "known_sum",
    "threshold",
    "series_unit",
    "period_start",
    "doc_id",
    "doc_number",
    "source_file",
    "clause",
    "assumptions",
    "explanation_zh",
    "explanation_en",
]

_TEXT_INPUTS = [
    "aggregation",
    "unit",
    "comparator",
    "target_value",
    "basis",
    "target_year",
    "compared_value",
    "latest_year",
    "latest_value",
    "period_start",
    "known_sum",
    "series_unit",
    "pace_observed",
    "projected_value",
    "p_meet",
    "status",
    "required_per_year",
    "required_growth",
    "method",
    "margin",
    "margin_pct",
]


def status_frame(*, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """The overview's frame: ``evaluate_all`` joined with names, themes and documents, plus the
    display strings a tile shows (status word/icon/colour, latest vs target, P(meet), pace).

    The landing view (latest data, default method) is kept on disk per data version
    (``ipdash.store.cache``), so a restarted server does not judge every target again."""
    if view.is_default_judgement:
        key = ViewSettings(lang=view.lang, include_illustrative=bool(view.include_illustrative))
        return matcache.frame("status_frame", (key.lang, key.include_illustrative), lambda: _status_frame(key))
    return _status_frame(view)


def _status_frame(view: ViewSettings) -> pd.DataFrame:
    lang = view.lang
    res = evaluate(view=view)
    cat = sources.targets_table(lang)[
        ["target_id", "area_name", "indicator_name", "theme_name", "doc_number", "source_file", "clause", "assumptions"]
    ]
    out = res.merge(cat, on="target_id", how="left")
    meta = status_meta.STATUS_META
    out["status_label"] = out["status"].map(lambda s: status_meta.status_label(s, lang))
    out["status_icon"] = out["status"].map(lambda s: meta.get(s, {}).get("icon", ""))
    out["status_colour"] = out["status"].map(lambda s: meta.get(s, {}).get("colour", "#999999"))
    rows = out[_TEXT_INPUTS].to_dict("records")  # only what the texts read: 28 500 rows × 50 columns is slow
    out["target_text"] = [target_text(r, lang) for r in rows]
    cur = [current_text(r, lang) for r in rows]
    out["current_label"] = [c[0] for c in cur]
    out["current_text"] = [c[1] for c in cur]
    out["projected_text"] = [
        fmt.DASH if r.get("basis") == "actual" else fmt.fmt_value(r.get("projected_value"), qunit(r), lang)
        for r in rows
    ]
    out["p_meet_text"] = [fmt.fmt_pct(r.get("p_meet"), lang) for r in rows]
    out["required_text"] = [required_text(r, lang) for r in rows]
    out["margin_text"] = [margin_text(r, lang) for r in rows]
    out["explanation"] = out["explanation_en" if _en(lang) else "explanation_zh"]
    return out[STATUS_COLUMNS].reset_index(drop=True)


def filter_status(frame: pd.DataFrame, areas=None, themes=None, statuses=None, years=None) -> pd.DataFrame:
    """The overview filters (empty = all)."""
    keep = pd.Series(True, index=frame.index)
    for col, sel in (("area", areas), ("theme", themes), ("status", statuses), ("target_year", years)):
        if sel:
            keep &= frame[col].isin(list(sel))
    return frame[keep].reset_index(drop=True)


def as_of_years(include_illustrative: bool = True) -> list[int]:
    """Years an as-of judgement can be made at (first actual year + 1 … latest actual year)."""
    source, params = store.relation("actuals")  # in DuckDB, not 1 M rows in pandas
    sql = f"SELECT min(year) AS lo, max(year) AS hi FROM {source}"
    if not include_illustrative:
        sql += " WHERE provenance <> ?"
        params.append("illustrative")
    store.ensure_fresh()
    lo, hi = db.query(sql, params).iloc[0]
    if pd.isna(lo):
        return []
    return list(range(max(int(lo) + 1, 2020), int(hi) + 1))


def theme_label(theme: str, lang: str) -> str:
    return catalog.THEME_LABELS.get(theme, (theme, theme))[1 if _en(lang) else 0]
