"""Frames behind the 区域对比 / Compare view (no streamlit).

Per 10 000 residents divides by ``areas.population`` (2020 census figures, see the areas
table for source and grade); it is offered only for indicators where that is meaningful
(``per_capita_ok``) — indicators that already are per-capita ratios are shown as they are.
"""

from __future__ import annotations

import pandas as pd

from ipdash import fmt
from ipdash.frames import sources
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import db
from ipdash.store import read as store
from ipdash.strings import units

COMPARE_COLUMNS = [
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "year",
    "value",
    "unit",
    "provenance",
    "illustrative",
    "raw_value",
    "raw_unit",
    "population",
    "population_year",
    "per_capita",
]
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
]


def _ind(indicator: str) -> dict:
    return store.record("indicators", "code", indicator)


def _pc_unit(unit: str) -> tuple[float, str]:
    """(factor, unit) per 10 000 residents: money in 万元/万人 so the numbers stay readable."""
    if unit == units.YI_YUAN:
        return 1e4, units.WAN_YUAN_PER_10K
    return 1.0, f"{unit}{units.PER_10K}"


def per_capita_applies(indicator: str, per_capita: bool) -> bool:
    return bool(per_capita) and bool(_ind(indicator).get("per_capita_ok"))


def compare_indicators(lang: str = "zh") -> dict[str, str]:
    """{code: name} of indicators with actuals in at least two areas, most areas first."""
    a = store.actuals()
    n = a.groupby("indicator")["area"].nunique()
    n = n[n >= 2]
    names = sources.indicator_names(lang)
    order = sorted(n.index, key=lambda c: (-int(n[c]), list(names).index(c) if c in names else 99))
    return {c: names.get(c, c) for c in order}


def compare_frame(
    indicator: str,
    areas: list[str] | tuple | None = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """One indicator across areas, one row per area × year; absolute or per 10 000 residents."""
    ind = _ind(indicator)
    a = store.actuals(
        include_illustrative=view.include_illustrative, indicators=[indicator], areas=list(areas) if areas else None
    )
    ar = store.table("areas")[["code", "population", "population_year"]].rename(columns={"code": "area"})
    out = a.merge(ar, on="area", how="left")
    pc = per_capita_applies(indicator, per_capita)
    out["raw_value"] = out["value"]
    out["raw_unit"] = ind["unit"]
    if pc:
        f, u = _pc_unit(ind["unit"])
        out["value"] = out["value"] * f / (out["population"] / 1e4)
        out["unit"] = u
    else:
        out["unit"] = ind["unit"]
    out["per_capita"] = pc
    out["illustrative"] = out["provenance"] == "illustrative"
    out["area_name"] = out["area"].map(sources.area_names(view.lang))
    out["indicator_name"] = sources.indicator_names(view.lang).get(indicator, indicator)
    return out[COMPARE_COLUMNS].sort_values(["area", "year"]).reset_index(drop=True)


def compare_targets(
    indicator: str,
    areas: list[str] | tuple | None = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """Each area's targets on this indicator. ``drawn``: a level/annual target in the
    indicator's own unit, so it can be marked on the yearly chart (cumulative, growth and
    reduction targets are listed but not drawn: they are not a yearly value)."""
    ind = _ind(indicator)
    t = store.table("targets")
    t = t[t["indicator"] == indicator]
    if areas:
        t = t[t["area"].isin(list(areas))]
    pop = store.table("areas").set_index("code")["population"]
    pc = per_capita_applies(indicator, per_capita)
    rows = []
    for r in t.to_dict("records"):
        drawn = r["aggregation"] in ("level", "annual") and r["unit"] == ind["unit"]
        v, unit = float(r["value"]), r["unit"]
        if pc and drawn:
            f, unit = _pc_unit(ind["unit"])
            v = v * f / (float(pop[r["area"]]) / 1e4)
        shown_unit = "%" if r["aggregation"] in ("growth", "reduction") else unit
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
                "target_text": fmt.fmt_value(v, shown_unit, view.lang, exact=not (pc and drawn)),
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in TARGET_COLUMNS if c != "area_name"])
    out["area_name"] = out["area"].map(sources.area_names(view.lang))
    return out[TARGET_COLUMNS].sort_values(["area", "target_year"]).reset_index(drop=True)


def compare_ranking(
    indicator: str,
    areas: list[str] | tuple | None = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
    year: int | None = None,
) -> pd.DataFrame:
    """Areas ranked by their latest value (≤ ``year``), with their nearest drawn target and
    the share of it reached. Direction-aware: lower-is-better indicators rank low first."""
    f = compare_frame(indicator, areas, per_capita, view=view)
    if year is not None:
        f = f[f["year"] <= int(year)]
    if f.empty:
        return pd.DataFrame(columns=RANK_COLUMNS)
    latest = f.sort_values("year").groupby("area").tail(1)
    lower = _ind(indicator).get("direction") == "lower"
    latest = latest.sort_values("value", ascending=lower).reset_index(drop=True)
    latest["rank"] = range(1, len(latest) + 1)
    tg = compare_targets(indicator, areas, per_capita, view=view)
    tg = (
        tg[tg["drawn"].astype(bool)].sort_values("target_year").groupby("area").tail(1)
    )  # bool: an empty frame's column is object
    out = latest.merge(tg[["area", "target_id", "target_year", "target_value"]], on="area", how="left")
    out["share_of_target"] = out["value"] / out["target_value"]
    return out[RANK_COLUMNS]


COMPARE_MAX = 12  # with more areas than this and none picked, compare the leading ones


def compare_default_areas(indicator: str, per_capita: bool = False, *, view: ViewSettings = DEFAULT_VIEW) -> tuple:
    """Areas to compare when none is picked: () = all of them (≤ COMPARE_MAX areas have data);
    at county scale the COMPARE_MAX best-ranked areas, so the charts stay readable."""
    store.ensure_fresh()
    source, params = store.relation("actuals")
    n = db.query(f"SELECT count(DISTINCT area) AS n FROM {source} WHERE indicator = ?", [*params, indicator])["n"].iloc[
        0
    ]
    if n <= COMPARE_MAX:
        return ()
    rank = compare_ranking(indicator, None, per_capita, view=view)
    return tuple(rank["area"].head(COMPARE_MAX))


def small_multiples_frame(
    indicators: list[str] | tuple,
    areas: list[str] | tuple | None = None,
    per_capita: bool = False,
    *,
    view: ViewSettings = DEFAULT_VIEW,
) -> pd.DataFrame:
    """Several indicators across areas, stacked (one panel per indicator in the chart)."""
    frames = [compare_frame(i, areas, per_capita, view=view) for i in indicators]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COMPARE_COLUMNS)
    return pd.concat(frames, ignore_index=True)
