"""Frames behind the 区域对比 / Compare view (no streamlit).

Per 10 000 residents divides by ``areas.population`` (2020 census figures, see the areas table for source and
grade); offered only where meaningful (``per_capita_ok``) — per-capita ratios are shown as they are.

Like with like: absolute totals of an area of another level (the city) never share an axis with the districts'
— ``axis_group`` is ``all`` when the values are comparable (ratios, per 10 000 residents) and the area's level
otherwise, and the chart draws one panel per group; the ranking compares one year for every area, districts
only when values are absolute, and sets a value against a target due that year or later only; a target
converted per 10 000 residents says so.

Speed (issue 16, goal b): the catalog lookups, name maps and every frame here are kept per store data version
in this process (``compare_kept.kept``), so the ranking, its year and its note, which all start from ``compare_frame``,
read the store once between them; the small multiples read every chosen indicator at once. The actuals of a
choice are cut from the whole table kept in memory, by each area's row range (``compare_kept.actuals``)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd

from ipdash import fmt, i18n
from ipdash.engine import wording
from ipdash.frames import sources
from ipdash.frames.compare_kept import Areas
from ipdash.frames.compare_kept import actuals as _actuals
from ipdash.frames.compare_kept import kept as _kept
from ipdash.frames.compare_kept import kept_choice as _kept_choice
from ipdash.frames.compare_lookups import area_names as _area_names
from ipdash.frames.compare_lookups import areas as _areas
from ipdash.frames.compare_lookups import comparable, per_capita_applies, target_records
from ipdash.frames.compare_lookups import ind as _ind
from ipdash.frames.compare_lookups import levels as _levels
from ipdash.frames.compare_lookups import mapper as _mapper
from ipdash.frames.compare_lookups import pc_unit as _pc_unit
from ipdash.frames.compare_shape import COMPARE_COLUMNS
from ipdash.frames.compare_shape import shape as _shape
from ipdash.frames.records import written_target
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import db, read

TARGET_COLUMNS = [
    "area",
    "area_name",
    "target_id",
    "target_year",
    "target_value",
    "unit",
    "aggregation",
    "comparator",
    "target_text",
    "drawn",
    "converted",
    "level",
    "document",
    "superseded_by",
    "superseded_note",
]
RANK_COLUMNS = [
    "rank",
    "area",
    "area_name",
    "year",
    "value",
    "unit",
    "provenance",
    "illustrative",
    "target_id",
    "target_year",
    "target_value",
    "share_of_target",
    "level",
    "target_text",
    "share_text",
    "document",
]


def compare_indicators(lang: str = "zh") -> dict[str, str]:
    """{code: name} of indicators with actuals in at least two areas, most areas first."""
    a = read.actuals()
    n = a.groupby("indicator")["area"].nunique()
    n = n[n >= 2]
    names = sources.indicator_names(lang)
    order = sorted(n.index, key=lambda c: (-int(n[c]), list(names).index(c) if c in names else 99))
    return {c: names.get(c, c) for c in order}


def compare_frame(
    indicator: str,
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """One indicator across areas, one row per area × year; absolute or per 10 000 residents."""
    key = ("frame", indicator, tuple(areas or ()), bool(per_capita), view)
    return _kept_choice(key, lambda: _shape(_actuals([indicator], areas, view), indicator, per_capita, view))


def compare_targets(
    indicator: str,
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """Each area's targets on this indicator. ``drawn``: a level/annual target in the
    indicator's own unit, so it can be marked on the yearly chart (cumulative, growth and
    reduction targets are listed but not drawn: they are not a yearly value)."""
    key = ("targets", indicator, tuple(areas or ()), bool(per_capita), view)
    return _kept_choice(key, lambda: _targets(indicator, areas, per_capita, view))


def _targets(indicator: str, areas: Areas, per_capita: bool, view: ViewSettings) -> pd.DataFrame:
    records = target_records(indicator, areas)
    if not records:  # the same empty frame for every choice without a target (most at county scale): kept
        key = ("no targets", indicator, bool(per_capita), view)
        return _kept(key, lambda: _targets_frame(indicator, [], per_capita, view))
    return _targets_frame(indicator, records, per_capita, view)


def _targets_frame(
    indicator: str, records: list[dict[Hashable, Any]], per_capita: bool, view: ViewSettings
) -> pd.DataFrame:
    """``compare_targets`` of these catalog records (``target_records``: read, never changed)."""
    ind = _ind(indicator)
    areas_t = _areas()
    pc = per_capita_applies(indicator, per_capita)
    levels = _levels()
    rows = []
    for r in records:
        drawn = r["aggregation"] in ("level", "annual") and r["unit"] == ind["unit"]
        v, unit = float(r["value"]), r["unit"]
        text = wording.target_text(written_target(r, ind["unit"]), view.lang)
        converted = bool(pc and drawn)
        if converted:
            f, unit = _pc_unit(ind["unit"])
            v = v * f / (float(areas_t.loc[r["area"], "population"]) / 1e4)
            shown = f"{wording.cmp_word(r['comparator'], view.lang)} {fmt.fmt_value(v, unit, view.lang)}"
            year = int(areas_t.loc[r["area"], "population_year"])
            text = i18n.t("vd.cmp.converted", view.lang, v=shown, y=year)
        rows.append(
            {
                "area": r["area"],
                "target_id": r["target_id"],
                "target_year": int(r["target_year"]),
                "target_value": v,
                "unit": unit,
                "aggregation": r["aggregation"],
                "comparator": r["comparator"],
                "drawn": drawn,
                "target_text": text,
                "converted": converted,
                "level": levels.get(r["area"], ""),
            }
        )
    # the document each marker names: looked up in the kept index (a join factorised all 28 000 ids; the ids are unique)
    docs = _kept(("documents", view.lang), lambda: sources.target_documents(view.lang).set_index("target_id"))
    out = pd.DataFrame(rows, columns=["area", *TARGET_COLUMNS[2:12]])
    out = pd.concat([out, docs.reindex(out["target_id"]).set_axis(out.index)], axis=1)
    out["area_name"] = out["area"].map(_mapper(f"area_names {view.lang}", lambda: _area_names(view.lang)))
    return out[TARGET_COLUMNS].sort_values(["area", "target_year"]).reset_index(drop=True)


def _ranked(f: pd.DataFrame, indicator: str, per_capita: bool) -> pd.DataFrame:
    """The rows a ranking may set side by side: districts only when the values are absolute."""
    if comparable(indicator, per_capita) or f["level"].nunique() <= 1:
        return f
    return f[f["level"] == ("district" if (f["level"] == "district").any() else f["level"].iloc[0])]


def rank_year(
    indicator: str,
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
    year: int | None = None,
) -> tuple[int | None, list[str]]:
    """(the year the ranking compares, areas it leaves out for want of a figure that year): the
    latest year (≤ ``year``) with a figure for the most areas. Kept per choice: the ranking, its note and
    its heading each ask for it."""
    key = ("rank_year", indicator, tuple(areas or ()), bool(per_capita), view, year)
    y, missing = _kept_choice(key, lambda: _rank_year(indicator, areas, per_capita, view, year))
    return y, list(missing)


def _rank_year(
    indicator: str, areas: Areas, per_capita: bool, view: ViewSettings, year: int | None
) -> tuple[int | None, list[str]]:
    f = compare_frame(indicator, areas, per_capita, view=view)
    if year is not None:
        f = f[f["year"] <= int(year)]
    f = _ranked(f, indicator, per_capita) if not f.empty else f
    if f.empty:
        return None, []
    n = f.groupby("year")["area"].nunique()
    y = int(n[n == n.max()].index.max())
    missing = sorted(set(f["area"]) - set(f.loc[f["year"] == y, "area"]))
    return y, missing


def compare_ranking(
    indicator: str,
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
    year: int | None = None,
) -> pd.DataFrame:
    """Areas ranked by their value in ONE year — the latest (≤ ``year``) with a figure for the
    most areas (``rank_year``) — districts only when values are absolute (like with like). Each
    row carries the area's next drawn target due that year or later and the share of it
    reached; a target already past is never set against a later year's value. Direction-aware:
    lower-is-better indicators rank low first."""
    y, _ = rank_year(indicator, areas, per_capita, view=view, year=year)
    if y is None:
        return pd.DataFrame(columns=RANK_COLUMNS)
    f = _ranked(compare_frame(indicator, areas, per_capita, view=view), indicator, per_capita)
    latest = f[f["year"] == y]
    lower = _ind(indicator).get("direction") == "lower"
    latest = latest.sort_values(["value", "area"], ascending=[lower, True]).reset_index(drop=True)
    latest["rank"] = range(1, len(latest) + 1)
    tg = compare_targets(indicator, areas, per_capita, view=view)
    tg = tg[tg["drawn"].astype(bool) & (tg["target_year"] >= y) & (tg["superseded_by"] == "")]  # bool: empty → object
    tg = tg.sort_values("target_year").groupby("area").head(1)
    tg = tg[["area", "target_id", "target_year", "target_value", "target_text", "document"]]
    out = latest.merge(tg, on="area", how="left")
    out["share_of_target"] = out["value"] / out["target_value"]
    # what the table prints: a dash, never "None", where an area has no target due that year or later
    has = out["target_value"].notna()
    years = out["target_year"].astype("Int64").astype(str)
    out["target_text"] = (years + " · " + out["target_text"].astype(str)).where(has, fmt.DASH)
    out["share_text"] = [fmt.fmt_pct(x, view.lang, 1) if h else fmt.DASH for x, h in zip(out["share_of_target"], has)]
    return out[RANK_COLUMNS]


def ranking_note(
    indicator: str, areas: Areas = None, per_capita: bool = False, *, view: ViewSettings = DEFAULT_VIEW
) -> str:
    """One sentence under the ranking: which year it compares, which areas take part."""
    y, missing = rank_year(indicator, areas, per_capita, view=view)
    if y is None:
        return ""
    f = compare_frame(indicator, areas, per_capita, view=view)
    districts_only = not comparable(indicator, per_capita) and f["level"].nunique() > 1
    note = i18n.t("vd.cmp.rank_year", view.lang, y=y)
    if districts_only:
        note += " " + i18n.t("vd.cmp.rank_districts", view.lang)
    if missing:
        names = _area_names(view.lang)
        sep = i18n.t("vd.cmp.list_sep", view.lang)
        note += " " + i18n.t("vd.cmp.rank_missing", view.lang, y=y, names=sep.join(names.get(a, a) for a in missing))
    return note


COMPARE_MAX = 12  # with more areas than this and none picked, compare the leading ones


def compare_default_areas(
    indicator: str, per_capita: bool = False, *, view: ViewSettings = DEFAULT_VIEW
) -> tuple[str, ...]:
    """Areas to compare when none is picked: () = all of them (≤ COMPARE_MAX areas have data);
    at county scale the COMPARE_MAX best-ranked areas, so the charts stay readable."""
    read.ensure_fresh()
    source, params = read.relation("actuals")
    n = db.query(f"SELECT count(DISTINCT area) AS n FROM {source} WHERE indicator = ?", [*params, indicator])["n"]
    n = n.iloc[0]
    if n <= COMPARE_MAX:
        return ()
    rank = compare_ranking(indicator, None, per_capita, view=view)
    return tuple(rank["area"].head(COMPARE_MAX))


def small_multiples_frame(
    indicators: Sequence[str],
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """Several indicators across areas, stacked (one panel per indicator in the chart); read at once."""
    key = ("multiples", tuple(indicators), tuple(areas or ()), bool(per_capita), view)
    return _kept_choice(key, lambda: _multiples(list(indicators), areas, per_capita, view))


def small_multiples_targets(
    indicators: Sequence[str],
    areas: Areas = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """``compare_targets`` of each indicator of the small multiples, stacked, with an ``indicator`` column."""
    parts = [compare_targets(i, areas, per_capita, view=view).assign(indicator=i) for i in indicators]
    if not parts:
        return pd.DataFrame(columns=[*TARGET_COLUMNS, "indicator"])
    return pd.concat(parts, ignore_index=True)


def _multiples(indicators: list[str], areas: Areas, per_capita: bool, view: ViewSettings) -> pd.DataFrame:
    raw = _actuals(indicators, areas, view)  # one read for every chosen indicator
    by = {i: part for i, part in raw.groupby("indicator", sort=False)}
    frames = [_shape(by.get(i, raw.iloc[:0]), i, per_capita, view) for i in indicators]
    # one axis per panel: absolute totals of the city stay out of the districts' panels
    frames = [f[f["axis_group"].isin(("all", "district"))] if f["axis_group"].nunique() > 1 else f for f in frames]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COMPARE_COLUMNS)
    return pd.concat(frames, ignore_index=True)
