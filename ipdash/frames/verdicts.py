"""The judged-target frame every view starts from: the engine's result joined with the catalog's
names, plus the display texts a tile shows (target as written, where it stands, projection,
P(meet), required pace, margin). Overview, detail, meeting and data frames build on it."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from ipdash import catalog, fmt, i18n, status_meta
from ipdash.engine import models, result_cache, wording
from ipdash.engine.result import RESULT_COLUMNS
from ipdash.frames import sources, status_texts
from ipdash.frames.records import IndicatorRecord, StatusRow, indicator_rows, status_rows
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import cache, db, read

METHODS = models.METHODS


def _ok(x: object) -> bool:
    try:
        return x is not None and not pd.isna(x) and not (isinstance(x, float) and math.isnan(x))
    except (TypeError, ValueError):
        return False


def _en(lang: str) -> bool:
    return lang == "en"


def _t(key: str, lang: str, **kw: object) -> str:
    return i18n.t(key, "en" if _en(lang) else "zh", **kw)


def indicator_records() -> dict[str, IndicatorRecord]:
    """{code: the indicator's stored row}."""
    return {r["code"]: r for r in indicator_rows(read.table("indicators"))}


def evaluate(*, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """``evaluate_all`` on the store: the raw engine result, one row per target (latest data and
    default method: kept per data version by ``ipdash.store.cache``). ``view.lang`` is not used."""
    return status_texts.without_keys(_judged(view))


def _judged(view: ViewSettings) -> pd.DataFrame:
    """``evaluate``'s frame; the default judgement's with its rows' keys (``status_texts.KEY_COLUMNS``)."""
    if view.is_default_judgement:
        illus = bool(view.include_illustrative)
        return cache.frame("evaluate", (illus,), lambda: _evaluate(ViewSettings(include_illustrative=illus)))
    return _evaluate(view)


def _evaluate(view: ViewSettings) -> pd.DataFrame:
    """``evaluate_all`` judging only the targets whose inputs changed (``ipdash.engine.result_cache``:
    after an upload, the targets of the series it touched; the rest come from ``store/cache/``)."""
    res, keys = result_cache.evaluate_all_keyed(
        read.table("targets"),
        read.actuals(include_illustrative=view.include_illustrative),
        read.table("indicators"),
        cache_dir=cache.cache_dir(),
        version=cache.code_version(),
        as_of=view.as_of,
        method=view.method,
    )
    res["superseded_by"] = res["target_id"].map(sources.superseded()).fillna("").astype(str)
    return status_texts.with_keys(res, keys)


# ``evaluate``'s columns: the engine's result and the catalog's word on whether a later document replaced the target
EVALUATE_COLUMNS = [*RESULT_COLUMNS, "superseded_by"]


def qunit(row: StatusRow) -> str:
    """Unit of compared/projected values: % for growth and reduction targets."""
    if row.get("aggregation") in ("growth", "reduction"):
        return "%"
    return row.get("series_unit") or row.get("unit") or ""


def year_shown(row: StatusRow) -> int | str:
    """The target year as a tile or the detail page shows it; a dash for a target stating none."""
    y = row.get("target_year")
    return fmt.DASH if y is None or pd.isna(y) else int(y)


def margin_text(row: StatusRow, lang: str) -> str:
    """ "超额 6.0 件/万人（8.0%）" / "short by 2.1 percentage points" once the target year is measured
    (differences of percentages in 个百分点 / percentage points)."""
    if row.get("basis") != "actual" or not _ok(row.get("margin")):
        return fmt.DASH
    return wording.margin(row["margin"], row.get("margin_pct"), qunit(row), lang)


def target_text(row: StatusRow, lang: str) -> str:
    """The target as the document states it: "≥ 10万件", "年均增长 ≥ 20%（2020–2024）",
    "压减办理周期 10%（2023年 46.9 天 → 2024年 ≤ 42.2 天）" (``ipdash.engine.wording``)."""
    return wording.target_text(row, lang)


def wan_shown(row: StatusRow, lang: str) -> bool:
    """The tile shows the series in 万 with two decimals, as its sentence does (``wording.shows_wan``)."""
    return wording.shows_wan(
        row.get("series_unit"), lang, row.get("latest_value"), row.get("threshold"), row.get("target_value")
    )


def _num(x: float | None) -> float:
    return float(x) if x is not None and _ok(x) else math.nan


def _level_of_cut(row: StatusRow, cut: float | None) -> float:
    """The level a cut of ``cut`` % from the base comes to (series unit)."""
    return _num(row.get("base_value")) * (1 - _num(cut) / 100)


def _cut_text(row: StatusRow, cut: float | None, lang: str) -> str:
    """ "压减 7.9%（43.2 天）" — the cut as the target states it, with the level it means."""
    unit = row.get("series_unit") or ""
    x = wording.value(_level_of_cut(row, cut), unit, lang, ref=row.get("threshold"))
    return _t("vd.cut_value", lang, v=wording.value(cut, "%", lang, ref=row.get("target_value")), x=x)


def current_text(row: StatusRow, lang: str) -> tuple[str, str]:
    """(label, value) of where the target stands now — what a tile shows next to the target,
    in the target's own terms (a reduction as a cut and the level it means, growth as a rate)."""
    agg, sunit = row.get("aggregation"), row.get("series_unit")
    if row.get("basis") == "actual":
        label, cv = _t("vd.cur.actual", lang, T=row.get("target_year")), row.get("compared_value")
        if agg == "reduction":
            return label, _cut_text(row, cv, lang)
        if agg == "growth":
            return label, _t("vd.growth_value", lang, v=fmt.fmt_value(cv, "%", lang))
        return label, wording.value(cv, qunit(row), lang, ref=row.get("threshold"), wan=wan_shown(row, lang))
    latest = row.get("latest_year")
    if latest is None or not _ok(latest):
        return _t("vd.cur.latest", lang), fmt.DASH
    y = int(latest)
    ps = row.get("period_start")
    if agg == "cumulative" and _ok(ps) and y < _num(ps):
        return _t("vd.cur.cum_from", lang, ps=ps), _t("vd.cur.not_started", lang)
    if agg == "cumulative" and _ok(row.get("known_sum")):
        return _t("vd.cur.cum_span", lang, ps=ps, y=y), wording.value(
            row.get("known_sum"), sunit, lang, ref=row.get("threshold")
        )
    if agg == "growth" and _ok(row.get("pace_observed")):
        return _t("vd.cur.growth_to", lang, y=y), fmt.fmt_pct(row["pace_observed"], lang, 1)
    label = _t("vd.cur.year", lang, y=y)
    v = row.get("latest_value")
    if agg == "reduction" and _ok(row.get("base_value")) and y > _num(row.get("base_year")):
        return label, _cut_text(row, (1 - _num(v) / _num(row["base_value"])) * 100, lang)
    return label, wording.value(v, sunit, lang, ref=row.get("threshold"), wan=wan_shown(row, lang))


def projected_text(row: StatusRow, lang: str) -> str:
    """The projection to the target year in the target's own terms, with enough digits to
    show which side of the target it falls, and marked when it is low confidence."""
    if row.get("basis") == "actual" or not _ok(row.get("projected_value")):
        return fmt.DASH
    agg, pv = row.get("aggregation"), row.get("projected_value")
    if agg == "reduction":
        s = _cut_text(row, pv, lang)
    elif agg == "growth":
        s = _t("vd.growth_value", lang, v=wording.value(pv, "%", lang, ref=row.get("target_value")))
    else:
        s = wording.value(pv, qunit(row), lang, ref=row.get("threshold"), wan=wan_shown(row, lang))
    return s + (_t("vd.low_conf", lang) if row.get("low_confidence") else "")


def required_text(row: StatusRow, lang: str) -> str:
    """The ONE required pace the explanation gives (rules §3.7): from now on when the status
    rests on the projection, the pace ratio's required pace (from its base year) when it rests
    on the pace ratio; a dash once the target is decided."""
    if row.get("status") in ("achieved", "missed", "no_data", "no_target") or row.get("basis") == "actual":
        return fmt.DASH
    agg, sunit = row.get("aggregation"), row.get("series_unit")
    if agg == "cumulative":
        need = _num(row.get("required_per_year"))
        if math.isnan(need):
            return fmt.DASH
        if need * _side(row) <= 0:
            return _t("vd.req.cum_reached", lang)
        return _t("vd.req.flow", lang, v=fmt.fmt_value(need, sunit, lang))
    base = row.get("pace_base_year")
    if row.get("basis") == "pace" and _ok(row.get("pace_required")) and base is not None and _ok(base):
        req = row["pace_required"]
        w = wording.growth(req, lang) if row.get("pace_basis") == "cagr" else _change(req, sunit, lang)
        return _t("vd.req.pace", lang, b=int(base), T=row.get("target_year"), w=w)
    need = _num(row.get("required_per_year"))
    if math.isnan(need):
        return fmt.DASH
    if need * _side(row) <= 0:
        return _t("vd.req.hold", lang)
    if agg == "growth" or row.get("method") == models.LOGLINEAR:
        g = row.get("required_growth")
        if _ok(g):
            return _t("vd.req.now", lang, w=wording.growth(_num(g), lang))
    return _t("vd.req.now", lang, w=_change(need, sunit, lang, wan_shown(row, lang)))


def _change(x: float, unit: str | None, lang: str, wan: bool = False) -> str:
    return wording.change(x, unit, lang, bare=False, wan=wan)


def _side(row: StatusRow) -> int:
    s = _num(row.get("side"))
    if not math.isnan(s):
        return int(s)
    return -1 if row.get("comparator") == "le" or row.get("aggregation") == "reduction" else 1


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
    *status_texts.COLUMNS,  # the display texts, kept per judgement key
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
    "base_year",
    "base_value",
    "pace_observed",
    "pace_required",
    "pace_basis",
    "pace_base_year",
    "low_confidence",
    "implied_change",
    "max_change",
    "trend_pace",
    "fitted_latest",
    "interval_factor",
    "whatif_growth",
    "superseded_by",
    "superseded_note",
    "document",
    "short_pace",
    "window_pace",
    "trend_reading",
    "window_start",
]

_TEXT_INPUTS = (  # noqa: SIM905 — what the display texts read (``_texts``); one name a line: 400+ lines
    "indicator base_year base_value threshold low_confidence pace_basis pace_required pace_base_year "
    "aggregation unit comparator target_value basis target_year compared_value latest_year latest_value "
    "period_start known_sum series_unit pace_observed projected_value p_meet status required_per_year "
    "required_growth method margin margin_pct"
).split()


def status_frame(*, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """The overview's frame: ``evaluate_all`` joined with names, themes and documents, plus the
    display strings a tile shows (status word/icon/colour, latest vs target, P(meet), pace).

    The landing view (latest data, default method) is kept on disk per data version
    (``ipdash.store.cache``), so a restarted server does not judge every target again."""
    if view.is_default_judgement:
        key = ViewSettings(lang=view.lang, include_illustrative=bool(view.include_illustrative))
        return cache.frame("status_frame", (key.lang, key.include_illustrative), lambda: _status_frame(key))
    return _status_frame(view)


def _status_frame(view: ViewSettings) -> pd.DataFrame:
    lang = view.lang
    res, keys = status_texts.split_keys(_judged(view))
    keys = keys if view.is_default_judgement else None  # texts kept for the latest data's judgement only
    made = status_texts.texts(
        keys, res[_TEXT_INPUTS], lang, lambda f: _texts(f, lang), cache_dir=cache.cache_dir(), code=cache.code_version()
    )  # only what the texts read: 28 500 rows × 50 columns is slow
    res = res.assign(**{c: [t[i] for t in made] for i, c in enumerate(status_texts.COLUMNS)})
    cat = sources.targets_table(lang)[
        ["target_id", "area_name", "indicator_name", "theme_name", "doc_number", "source_file", "clause", "assumptions"]
    ]
    out = res.merge(cat, on="target_id", how="left")
    docs = sources.target_documents(lang)[["target_id", "document", "superseded_note"]]
    out = out.merge(docs, on="target_id", how="left")
    meta = status_meta.STATUS_META
    out["status_label"] = out["status"].map(lambda s: status_meta.status_label(s, lang))
    out["status_icon"] = out["status"].map(lambda s: meta.get(s, {}).get("icon", ""))
    out["status_colour"] = out["status"].map(lambda s: meta.get(s, {}).get("colour", "#999999"))
    out["explanation"] = out["explanation_en" if _en(lang) else "explanation_zh"]
    return out[STATUS_COLUMNS].reset_index(drop=True)


def _texts(frame: pd.DataFrame, lang: str) -> list[tuple[str, ...]]:
    """``status_texts.COLUMNS`` of every row of ``frame`` (``_TEXT_INPUTS``)."""
    return [_row_texts(r, lang) for r in status_rows(frame)]


def _row_texts(r: StatusRow, lang: str) -> tuple[str, ...]:
    label, now = current_text(r, lang)
    p_meet = fmt.fmt_pct(r.get("p_meet"), lang)
    return (
        target_text(r, lang),
        label,
        now,
        projected_text(r, lang),
        p_meet,
        required_text(r, lang),
        margin_text(r, lang),
    )


def filter_status(
    frame: pd.DataFrame,
    areas: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    *,
    superseded: bool = True,
) -> pd.DataFrame:
    """The overview filters (empty = all); ``superseded=False`` leaves out targets a later document replaced."""
    keep = pd.Series(True, index=frame.index)
    if not superseded and "superseded_by" in frame.columns:
        keep &= frame["superseded_by"].fillna("").astype(str) == ""
    for col, sel in (("area", areas), ("theme", themes), ("status", statuses), ("target_year", years)):
        if sel:
            keep &= frame[col].isin(list(sel))
    return frame[keep].reset_index(drop=True)


def as_of_years(include_illustrative: bool = True) -> list[int]:
    """Years an as-of judgement can be made at (first actual year + 1 … latest actual year)."""
    if not read.hidden().empty:  # a preliminary figure this viewer may not see: count only what they see
        seen = read.actuals(include_illustrative=include_illustrative)["year"]
        return list(range(max(int(seen.min()) + 1, 2020), int(seen.max()) + 1)) if len(seen) else []
    source, params = read.relation("actuals")  # in DuckDB, not 1 M rows in pandas
    sql = f"SELECT min(year) AS lo, max(year) AS hi FROM {source}"
    if not include_illustrative:
        sql += " WHERE provenance <> ?"
        params.append("illustrative")
    read.ensure_fresh()
    lo, hi = db.query(sql, params).iloc[0]
    if pd.isna(lo):
        return []
    return list(range(max(int(lo) + 1, 2020), int(hi) + 1))


def theme_label(theme: str, lang: str) -> str:
    return catalog.THEME_LABELS.get(theme, (theme, theme))[1 if _en(lang) else 0]
