"""Frames behind the 目标详情 / Target detail view: the target picker, the chart frame (actuals and
projection fan), the what-if, every value with provenance and the source clause."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import pandas as pd

from ipdash import fmt, i18n
from ipdash.engine import rules, scenario
from ipdash.frames import sources, verdicts
from ipdash.frames.records import CatalogTarget, StatusRow, catalog_row, status_row
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read

T = TypeVar("T")
PICKER_MAX = 2000  # more targets than this: the detail page picks an area first, then a target


def target_areas() -> dict[str, str]:
    """{target_id: area} for the two-step target picker."""
    t = read.table("targets")
    return dict(zip(t["target_id"], t["area"]))


def target_label(tid: str, area: str, indicator: str) -> str:
    """A target's picker label (also what a tile's link puts in the URL): "PD24-01 · 浦东新区 · …"."""
    return f"{tid} · {area} · {indicator}"


def target_choices(lang: str = "zh") -> dict[str, str]:
    """{target_id: "PD24-01 · 浦东新区 · 每万人口高价值发明专利拥有量"} in catalog order."""
    t = sources.targets_table(lang)
    return {r.target_id: target_label(r.target_id, r.area_name, r.indicator_name) for r in t.itertuples()}


def default_target(*, view: ViewSettings = DEFAULT_VIEW) -> str:
    """The target the detail page opens on: the first still open (projected) one, else the first."""
    frame = verdicts.status_frame(view=view)
    open_now = frame.loc[frame["basis"] != "actual", "target_id"]
    return str(open_now.iloc[0]) if len(open_now) else str(frame["target_id"].iloc[0])


# ------------------------------------------------------------------ target detail
_KEPT_MAX = 64  # a first view asks for one target's record and series ~5 times (chart, what-if, values)
_kept: dict[tuple[object, ...], Any] = {}  # {(what, data version, key): value}, dropped whole when full


def _keep(what: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()``, kept for the few targets viewed last in this data version (read.data_version: it
    names what this viewer may see): the chart, the what-if and the values table of a first view read
    the same target row and series (each a scan of the store)."""
    k = (what, read.data_version(), *key)
    hit = _kept.get(k)
    if hit is None:
        hit = make()
        if len(_kept) >= _KEPT_MAX:
            _kept.clear()
        _kept[k] = hit
    return hit


def _target(target_id: str) -> rules.TargetRow:
    return rules.as_target(_keep("target", (target_id,), lambda: read.record("targets", "target_id", target_id)))


def _series(target: rules.TargetRow, include_illustrative: bool) -> pd.DataFrame:
    area, indicator, illus = target["area"], target["indicator"], bool(include_illustrative)
    ser = _keep(
        "series",
        (area, indicator, illus),
        lambda: read.actuals(include_illustrative=illus, areas=[area], indicators=[indicator]),
    )
    return ser.copy(deep=False)


def target_row(target_id: str, *, view: ViewSettings = DEFAULT_VIEW) -> StatusRow:
    """The status-frame row of one target (the detail page's headline numbers)."""
    frame = verdicts.status_frame(view=view)
    hit = frame[frame["target_id"] == target_id]
    if hit.empty:
        raise KeyError(f"unknown target {target_id!r}")
    return status_row(hit)


DETAIL_COLUMNS = [
    "year",
    "kind",
    "value",
    "lower_80",
    "upper_80",
    "illustrative",
    "running_total",
    "provenance",
    "confidence",
    "source_url",
    "batch_id",
    "unit",
]


def detail_frame(target_id: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """The detail chart's frame: the relevant series of the target (the level, or the yearly
    flow for annual/cumulative/growth targets) — kind 'actual' rows with their provenance,
    kind 'projected' rows (centre and 80 % interval) up to the target year. ``running_total``
    is filled for cumulative targets (sum of flows from period_start)."""
    tg = _target(target_id)
    ind = verdicts.indicator_records().get(tg["indicator"], {})
    ser = _series(tg, view.include_illustrative)
    pf = scenario.projection_frame(tg, ser[["year", "value", "provenance"]], ind, as_of=view.as_of, method=view.method)
    prov = (
        ser.assign(_r=ser["provenance"].map({"official": 0, "reported": 1, "estimate": 2, "illustrative": 3}))
        .sort_values(["year", "_r"])
        .drop_duplicates("year")[["year", "provenance", "confidence", "source_url", "batch_id"]]
    )
    out = pf.merge(prov, on="year", how="left")
    out.loc[out["kind"] == "projected", ["provenance", "confidence", "source_url", "batch_id"]] = None
    out.loc[out["kind"] == "projected", "provenance"] = "projected"
    out["unit"] = ind.get("unit") or tg.get("unit")
    out["year"] = out["year"].astype(int)
    return out[DETAIL_COLUMNS].reset_index(drop=True)


def what_if_result(target_id: str, growth_rate: float, *, view: ViewSettings = DEFAULT_VIEW) -> scenario.WhatIfResult:
    """``scenario.what_if`` for one target: assumed yearly growth → projected value, verdict."""
    return _what_if(_target(target_id), growth_rate, view)


def _what_if(tg: rules.TargetRow, growth_rate: float, view: ViewSettings) -> scenario.WhatIfResult:
    ind = verdicts.indicator_records().get(tg["indicator"], {})
    ser = _series(tg, view.include_illustrative)
    out = scenario.what_if(tg, ser[["year", "value", "provenance"]], ind, growth_rate, as_of=view.as_of)
    out.pop("path", None)
    return out


WHATIF_STEP = 0.1  # the what-if slider's step, in percent


class WhatIfDefault(NamedTuple):
    growth_pct: float  # % a year, on the slider's step
    source: str  # 'projection' | 'pace' | '' (no default path: 0 %)
    note: str  # one sentence saying where the default comes from


def what_if_default(target_id: str, *, view: ViewSettings = DEFAULT_VIEW) -> WhatIfDefault:
    """Where the what-if starts: the growth from the latest actual that retraces the verdict's
    own path (the engine's ``whatif_growth``: the projection, or the observed pace when the
    status rests on the pace ratio), put on the slider's step on the side that keeps its
    verdict — so the what-if's default agrees with the verdict above it."""
    row = target_row(target_id, view=view)
    g, latest = row.get("whatif_growth"), row.get("latest_year")
    # (a what-if growth is only ever found from a latest actual)
    if g is None or pd.isna(g) or row.get("basis") == "actual" or latest is None:
        return WhatIfDefault(0.0, "", "")
    pct, tg = float(g) * 100, _target(target_id)
    meets = _what_if(tg, float(g), view)["meets"]
    steps = [round(pct / WHATIF_STEP) * WHATIF_STEP, math.floor(pct / WHATIF_STEP) * WHATIF_STEP]
    steps.append(math.ceil(pct / WHATIF_STEP) * WHATIF_STEP)
    chosen = next((x for x in steps if _what_if(tg, x / 100, view)["meets"] == meets), pct)
    chosen = round(chosen, 6)
    source = "pace" if row.get("basis") == "pace" else "projection"
    what = i18n.t(f"vd.whatif_default.{source}", view.lang)
    g_text = fmt.fmt_pct(chosen / 100, view.lang, 1)
    note = i18n.t("vd.whatif_default", view.lang, g=g_text, y=int(latest), what=what)
    return WhatIfDefault(chosen, source, note)


VALUES_COLUMNS = [
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "year",
    "value",
    "unit",
    "provenance",
    "confidence",
    "source_url",
    "note",
    "batch_id",
    "committed_at",
]


def values_table(target_id: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """Every actual of the target's area × indicator with provenance, source URL, confidence
    and the upload batch it came from."""
    tg = _target(target_id)
    ser = _series(tg, view.include_illustrative)
    lang = view.lang
    batches = read.table("batches")
    if "committed_at" in batches:
        ser = ser.merge(batches[["batch_id", "committed_at"]], on="batch_id", how="left")
    else:
        ser["committed_at"] = None
    ser["area_name"] = ser["area"].map(sources.area_names(lang))
    ser["indicator_name"] = ser["indicator"].map(sources.indicator_names(lang))
    illus = ser["provenance"] == "illustrative"  # its stored note names the generator's file: not for the page
    ser["note"] = ser["note"].where(~illus, i18n.t("data.illustrative_shown", lang))
    if lang == "en":  # the indicator's English unit
        ind = read.table("indicators").set_index("code")
        same = ser["unit"] == ser["indicator"].map(ind["unit"])
        ser["unit"] = ser["unit"].where(~same, ser["indicator"].map(ind["unit_en"]))
    return ser[VALUES_COLUMNS].sort_values("year").reset_index(drop=True)


def source_clause(target_id: str, lang: str = "zh") -> CatalogTarget:
    """The clause, its document number, title and file, and the assumptions (for the detail page)."""
    t = sources.targets_table(lang)
    return catalog_row(t[t["target_id"] == target_id])
