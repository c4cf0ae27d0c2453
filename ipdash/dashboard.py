"""The frames behind the dashboard views — one function per chart or table (no streamlit).

Every page shows one of these frames, draws it with ``ipdash.charts`` and offers exactly that
frame for download; the meeting-deck exporter calls the same functions. All of them read the
store (``ipdash.store``) and judge targets with ``ipdash.progress``.

Overview / detail (this module):
    status_frame(lang, as_of, method, include_illustrative) -> one row per target
    filter_status(frame, areas, themes, statuses, years)
    overview_counts(lang, as_of, method, include_illustrative, areas, themes, statuses, years)
    no_target_areas(lang) -> areas with milestones but no quantitative target (静安区)
    as_of_years(include_illustrative) -> selectable as-of years
    target_choices(lang) -> {target_id: label}
    target_row(target_id, lang, as_of, method, include_illustrative) -> dict
    detail_frame(target_id, method, as_of, include_illustrative) -> actual + projected rows
    what_if_result(target_id, growth_rate, as_of, include_illustrative) -> dict
    values_table(target_id, include_illustrative, lang) -> every value with provenance
Compare: ``ipdash.dashboard_compare``; data tables and dictionary: ``ipdash.dashboard_data``
(re-exported here).
"""

from __future__ import annotations

import math

import pandas as pd

from ipdash import catalog, fmt, matcache, progress, store, views

METHODS = ("linear", "loglinear")
_CMP_WORD = {"zh": {"ge": "≥", "gt": ">", "approx": "约", "le": "≤"},
             "en": {"ge": "≥", "gt": ">", "approx": "≈", "le": "≤"}}


def _ok(x) -> bool:
    try:
        return x is not None and not pd.isna(x) and not (isinstance(x, float) and math.isnan(x))
    except (TypeError, ValueError):
        return False


def _en(lang: str) -> bool:
    return lang == "en"


def indicator_records() -> dict[str, dict]:
    return {r["code"]: r for r in store.table("indicators").to_dict("records")}


def evaluate(as_of: int | None = None, method: str | None = None,
             include_illustrative: bool = True) -> pd.DataFrame:
    """``progress.evaluate_all`` on the store: the raw engine result, one row per target
    (latest data and default method: kept per data version by ``ipdash.matcache``)."""
    if as_of is None and method is None:
        return matcache.frame("evaluate", (bool(include_illustrative),),
                              lambda: _evaluate(None, None, include_illustrative))
    return _evaluate(as_of, method, include_illustrative)


def _evaluate(as_of: int | None, method: str | None, include_illustrative: bool) -> pd.DataFrame:
    return progress.evaluate_all(store.table("targets"),
                                 store.actuals(include_illustrative=include_illustrative),
                                 store.table("indicators"), as_of=as_of, method=method)


def qunit(row: dict) -> str:
    """Unit of compared/projected values: % for growth and reduction targets."""
    if row.get("aggregation") in ("growth", "reduction"):
        return "%"
    return row.get("series_unit") or row.get("unit") or ""


def margin_text(row: dict, lang: str) -> str:
    """"超额 6.0 件/万人（8.0%）" / "short by 17 (3.4%)" once the target year is measured."""
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
    return f"{word} {amt}" if en else f"{word} {amt}"


def target_text(row: dict, lang: str) -> str:
    """"≥ 85 件/万人" — the target as the document writes it."""
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
        return (f"total {ps}–{y}" if en else f"{ps}–{y}年累计",
                fmt.fmt_value(row.get("known_sum"), row.get("series_unit"), lang))
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


PICKER_MAX = 2000  # more targets than this: the detail page picks an area first, then a target


def target_areas() -> dict[str, str]:
    """{target_id: area} for the two-step target picker."""
    t = store.table("targets")
    return dict(zip(t["target_id"], t["area"]))


def _target_label(tid: str, area: str, indicator: str) -> str:
    return f"{tid} · {area} · {indicator}"


def target_choices(lang: str = "zh") -> dict[str, str]:
    """{target_id: "PD24-01 · 浦东新区 · 每万人口高价值发明专利拥有量"} in catalog order."""
    t = views.targets_table(lang)
    return {r.target_id: _target_label(r.target_id, r.area_name, r.indicator_name)
            for r in t.itertuples()}


STATUS_COLUMNS = [
    "target_id", "area", "area_name", "indicator", "indicator_name", "theme", "theme_name",
    "target_year", "status", "status_label", "status_icon", "status_colour", "target_text",
    "current_label", "current_text", "projected_text", "p_meet_text", "required_text", "margin_text",
    "explanation", "aggregation", "comparator", "target_value", "unit", "latest_year",
    "latest_value", "compared_value", "projected_value", "lower_80", "upper_80", "p_meet",
    "pace_ratio", "required_per_year", "required_growth", "method", "n_points", "early",
    "margin", "margin_pct", "uses_illustrative", "as_of", "basis", "known_sum", "threshold", "series_unit",
    "period_start", "doc_id", "doc_number", "source_file", "clause", "assumptions",
    "explanation_zh", "explanation_en",
]


_TEXT_INPUTS = ["aggregation", "unit", "comparator", "target_value", "basis", "target_year", "compared_value",
                "latest_year", "latest_value", "period_start", "known_sum", "series_unit", "pace_observed",
                "projected_value", "p_meet", "status", "required_per_year", "required_growth", "method",
                "margin", "margin_pct"]


def status_frame(lang: str = "zh", as_of: int | None = None, method: str | None = None,
                 include_illustrative: bool = True) -> pd.DataFrame:
    """The overview's frame: ``evaluate_all`` joined with names, themes and documents, plus the
    display strings a tile shows (status word/icon/colour, latest vs target, P(meet), pace).

    The landing view (latest data, default method) is kept on disk per data version
    (``ipdash.matcache``), so a restarted server does not judge every target again."""
    if as_of is None and method is None:
        return matcache.frame("status_frame", (lang, bool(include_illustrative)),
                              lambda: _status_frame(lang, None, None, include_illustrative))
    return _status_frame(lang, as_of, method, include_illustrative)


def _status_frame(lang: str, as_of: int | None, method: str | None,
                  include_illustrative: bool) -> pd.DataFrame:
    res = evaluate(as_of, method, include_illustrative)
    cat = views.targets_table(lang)[["target_id", "area_name", "indicator_name", "theme_name",
                                     "doc_number", "source_file", "clause", "assumptions"]]
    out = res.merge(cat, on="target_id", how="left")
    meta = progress.STATUS_META
    out["status_label"] = out["status"].map(lambda s: progress.status_label(s, lang))
    out["status_icon"] = out["status"].map(lambda s: meta.get(s, {}).get("icon", ""))
    out["status_colour"] = out["status"].map(lambda s: meta.get(s, {}).get("colour", "#999999"))
    rows = out[_TEXT_INPUTS].to_dict("records")  # only what the texts read: 28 500 rows × 50 columns is slow
    out["target_text"] = [target_text(r, lang) for r in rows]
    cur = [current_text(r, lang) for r in rows]
    out["current_label"] = [c[0] for c in cur]
    out["current_text"] = [c[1] for c in cur]
    out["projected_text"] = [fmt.DASH if r.get("basis") == "actual" else
                             fmt.fmt_value(r.get("projected_value"), qunit(r), lang) for r in rows]
    out["p_meet_text"] = [fmt.fmt_pct(r.get("p_meet"), lang) for r in rows]
    out["required_text"] = [required_text(r, lang) for r in rows]
    out["margin_text"] = [margin_text(r, lang) for r in rows]
    out["explanation"] = out["explanation_en" if _en(lang) else "explanation_zh"]
    return out[STATUS_COLUMNS].reset_index(drop=True)


def filter_status(frame: pd.DataFrame, areas=None, themes=None, statuses=None,
                  years=None) -> pd.DataFrame:
    """The overview filters (empty = all)."""
    keep = pd.Series(True, index=frame.index)
    for col, sel in (("area", areas), ("theme", themes), ("status", statuses), ("target_year", years)):
        if sel:
            keep &= frame[col].isin(list(sel))
    return frame[keep].reset_index(drop=True)


TILES_PER_PAGE = 48       # the overview draws at most this many tiles at once
AREA_SUMMARY_MIN = 8      # more areas than this in the selection: a table by area comes first


def tile_order(frame: pd.DataFrame, area_order: list[str]) -> pd.DataFrame:
    """The overview's tile order: areas as in the catalog, then themes, then frame order."""
    a_rank = {a: i for i, a in enumerate(area_order)}
    t_rank = {th: i for i, th in enumerate(catalog.THEMES)}
    key = pd.DataFrame({"a": frame["area"].map(a_rank).fillna(len(a_rank)),
                        "t": frame["theme"].map(t_rank).fillna(len(t_rank)), "i": range(len(frame))},
                       index=frame.index)
    keep = frame["area"].isin(a_rank) & frame["theme"].isin(t_rank)
    return frame.loc[key[keep].sort_values(["a", "t", "i"]).index]


def area_status_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per area of ``frame``: targets by status (columns = status codes), the areas with
    most off-track, then at-risk targets first — the overview's summary at county scale."""
    statuses = [s for s in progress.STATUSES if s != "no_target"]
    counts = progress.status_counts(frame, by="area")
    wide = counts.pivot_table(index="area", columns="status", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=statuses, fill_value=0).astype(int)
    wide.columns = [f"n_{s}" for s in statuses]
    wide.insert(0, "n_targets", wide.sum(axis=1))
    wide = wide.reset_index()
    wide.insert(1, "area_name", wide["area"].map(views.area_names(lang)))
    wide = wide[wide["n_targets"] > 0]
    return wide.sort_values(["n_off_track", "n_at_risk", "area"], ascending=[False, False, True]) \
        .reset_index(drop=True)


def overview_counts(lang: str = "zh", as_of: int | None = None, method: str | None = None,
                    include_illustrative: bool = True, areas=None, themes=None, statuses=None,
                    years=None) -> pd.DataFrame:
    """``progress.status_counts`` of the filtered status frame, with the label in ``lang``."""
    frame = filter_status(status_frame(lang, as_of, method, include_illustrative),
                          areas, themes, statuses, years)
    counts = progress.status_counts(frame)
    counts["label"] = counts["label_en" if _en(lang) else "label_zh"]
    return counts


def no_target_areas(lang: str = "zh") -> pd.DataFrame:
    """Areas whose plan sets no quantitative target, with their milestone count (静安区)."""
    names = views.area_names(lang)
    ms = store.table("milestones")
    rows = [{"area": a, "area_name": names.get(a, a), "status": "no_target",
             "status_label": progress.status_label("no_target", lang),
             "status_icon": progress.STATUS_META["no_target"]["icon"],
             "n_milestones": int((ms["area"] == a).sum())}
            for a in views.areas_without_targets()]
    return pd.DataFrame(rows, columns=["area", "area_name", "status", "status_label",
                                       "status_icon", "n_milestones"])


def as_of_years(include_illustrative: bool = True) -> list[int]:
    """Years an as-of judgement can be made at (first actual year + 1 … latest actual year)."""
    sql = "SELECT min(year) AS lo, max(year) AS hi FROM read_parquet(?)"  # in DuckDB, not 1 M rows in pandas
    params = [store.table_path("actuals")]
    if not include_illustrative:
        sql += " WHERE provenance <> ?"
        params.append("illustrative")
    store.ensure_fresh()
    lo, hi = store.query(sql, params).iloc[0]
    if pd.isna(lo):
        return []
    return list(range(max(int(lo) + 1, 2020), int(hi) + 1))


# ------------------------------------------------------------------ target detail
def _target(target_id: str) -> dict:
    return store.record("targets", "target_id", target_id)


def _series(target: dict, include_illustrative: bool) -> pd.DataFrame:
    return store.actuals(include_illustrative=include_illustrative, areas=[target["area"]],
                         indicators=[target["indicator"]])


def target_row(target_id: str, lang: str = "zh", as_of: int | None = None,
               method: str | None = None, include_illustrative: bool = True) -> dict:
    """The status-frame row of one target (the detail page's headline numbers)."""
    frame = status_frame(lang, as_of, method, include_illustrative)
    hit = frame[frame["target_id"] == target_id]
    if hit.empty:
        raise KeyError(f"unknown target {target_id!r}")
    return hit.iloc[0].to_dict()


DETAIL_COLUMNS = ["year", "kind", "value", "lower_80", "upper_80", "illustrative",
                  "running_total", "provenance", "confidence", "source_url", "batch_id", "unit"]


def detail_frame(target_id: str, method: str | None = None, as_of: int | None = None,
                 include_illustrative: bool = True) -> pd.DataFrame:
    """The detail chart's frame: the relevant series of the target (the level, or the yearly
    flow for annual/cumulative/growth targets) — kind 'actual' rows with their provenance,
    kind 'projected' rows (centre and 80 % interval) up to the target year. ``running_total``
    is filled for cumulative targets (sum of flows from period_start)."""
    tg = _target(target_id)
    ind = indicator_records().get(tg["indicator"], {})
    ser = _series(tg, include_illustrative)
    pf = progress.projection_frame(tg, ser[["year", "value", "provenance"]], ind, as_of=as_of,
                                   method=method)
    prov = (ser.assign(_r=ser["provenance"].map({"official": 0, "estimate": 1, "illustrative": 2}))
            .sort_values(["year", "_r"]).drop_duplicates("year")
            [["year", "provenance", "confidence", "source_url", "batch_id"]])
    out = pf.merge(prov, on="year", how="left")
    out.loc[out["kind"] == "projected", ["provenance", "confidence", "source_url", "batch_id"]] = None
    out.loc[out["kind"] == "projected", "provenance"] = "projected"
    out["unit"] = ind.get("unit") or tg.get("unit")
    out["year"] = out["year"].astype(int)
    return out[DETAIL_COLUMNS].reset_index(drop=True)


def what_if_result(target_id: str, growth_rate: float, as_of: int | None = None,
                   include_illustrative: bool = True) -> dict:
    """``progress.what_if`` for one target: assumed yearly growth → projected value, verdict."""
    tg = _target(target_id)
    ind = indicator_records().get(tg["indicator"], {})
    ser = _series(tg, include_illustrative)
    out = progress.what_if(tg, ser[["year", "value", "provenance"]], ind, growth_rate, as_of=as_of)
    out.pop("path", None)
    return out


VALUES_COLUMNS = ["area", "area_name", "indicator", "indicator_name", "year", "value", "unit",
                  "provenance", "confidence", "source_url", "note", "batch_id", "committed_at"]


def values_table(target_id: str, include_illustrative: bool = True, lang: str = "zh") -> pd.DataFrame:
    """Every actual of the target's area × indicator with provenance, source URL, confidence
    and the upload batch it came from."""
    tg = _target(target_id)
    ser = _series(tg, include_illustrative)
    batches = store.table("batches")
    if "committed_at" in batches:
        ser = ser.merge(batches[["batch_id", "committed_at"]], on="batch_id", how="left")
    else:
        ser["committed_at"] = None
    ser["area_name"] = ser["area"].map(views.area_names(lang))
    ser["indicator_name"] = ser["indicator"].map(views.indicator_names(lang))
    return ser[VALUES_COLUMNS].sort_values("year").reset_index(drop=True)


def source_clause(target_id: str, lang: str = "zh") -> dict:
    """The clause, its document number, title and file, and the assumptions (for the detail page)."""
    t = views.targets_table(lang)
    return t[t["target_id"] == target_id].iloc[0].to_dict()


def theme_label(theme: str, lang: str) -> str:
    return catalog.THEME_LABELS.get(theme, (theme, theme))[1 if _en(lang) else 0]


from ipdash.dashboard_compare import (  # noqa: E402,F401  (re-exported API)
    compare_default_areas, compare_frame, compare_indicators, compare_ranking, compare_targets,
    small_multiples_frame)
from ipdash.dashboard_data import data_dictionary, data_tables  # noqa: E402,F401
