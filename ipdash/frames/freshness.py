"""Data freshness: per area × indicator, the latest year with a figure, when it arrived, when the
next one is due and whether it is late (no streamlit).

The rule. An indicator's yearly figure for year Y is normally published in month ``publish_month``
(``data/catalog/indicators.csv``, with its source in ``publish_source``) of year Y + 1. So when the
latest figure is for year Y, the next one (year Y + 1) is due by the **end of month
``publish_month`` of year Y + 2**; once that day has passed (``today``, Shanghai date, injectable)
without a figure for Y + 1, the pair is ``late``.

Only real figures count (provenance ``official`` or ``estimate``): an illustrative value is made up
for the demonstration and says nothing about what has been published. A pair that some target uses
but that has no real figure at all is listed with state ``no_figure`` (never ``late``: there is no
year to count from). "When it arrived": the upload batch's ``committed_at`` for an uploaded value,
the build of the store for a value shipped with the catalog.

    frame = freshness_frame("en", today=dt.date(2026, 6, 1))
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ipdash import i18n
from ipdash.frames import changes, sources, timeline
from ipdash.store import cache, read

STATES = ("late", "awaited", "no_figure")
COLUMNS = [
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "latest_year",
    "provenance",
    "arrived_at",
    "arrived_date",
    "arrived_by",
    "publish_month",
    "publish_source",
    "next_year",
    "next_due",
    "late",
    "days_late",
    "state",
    "state_text",
]


def today_shanghai() -> dt.date:
    return dt.datetime.now(changes.SHANGHAI).date()


def due_date(latest_year: int, publish_month: int) -> dt.date:
    """The day by which the figure for ``latest_year + 1`` is due: the last day of ``publish_month``
    of ``latest_year + 2`` (the module doc's rule)."""
    year = int(latest_year) + 2
    return dt.date(year, int(publish_month), calendar.monthrange(year, int(publish_month))[1])


def freshness_frame(lang: str = "zh", *, today: dt.date | None = None) -> pd.DataFrame:
    """One row per area × indicator that has a real figure or a target, late ones first, then in
    area and indicator order (see the module doc for the rule and the columns' meaning)."""
    day = today or today_shanghai()
    # kept on disk too (a restart used to spend seconds at county scale making it again); the day is part of
    # its version, not of its arguments, so the next day's file replaces the day before's instead of adding one
    return cache.frame(
        "freshness", (lang,), lambda: _freshness(lang, day), version=lambda: f"{read.data_version()}|{day.isoformat()}"
    )


def _arrivals() -> dict[str, str]:
    """{batch id: committed_at ISO UTC} and {"base": the build's time}."""
    log = changes.batch_log()
    out = {b: t.isoformat() for b, t in zip(log["batch_id"], log["committed"])}
    built = timeline.built_at()
    out["base"] = built.isoformat() if built is not None else ""
    return out


def _freshness(lang: str, today: dt.date) -> pd.DataFrame:
    act = read.actuals(include_illustrative=False)
    act = act[act["value"].notna()].sort_values(["area", "indicator", "year"])
    latest = act.drop_duplicates(["area", "indicator"], keep="last")
    targets = read.table("targets")[["area", "indicator"]].drop_duplicates()
    pairs = pd.concat([latest[["area", "indicator"]], targets]).drop_duplicates()
    df = pairs.merge(latest, on=["area", "indicator"], how="left")
    inds = read.table("indicators").set_index("code")
    df["publish_month"] = df["indicator"].map(inds["publish_month"]).astype("Int64")
    df["publish_source"] = df["indicator"].map(inds["publish_source"]).fillna("")
    arrived = _arrivals()
    df["arrived_by"] = df["batch_id"].fillna("").astype(str)
    # each distinct value worked out once (a batch's time, a due date, a state's text), then mapped back to the
    # rows: 71 184 rows at county scale, a few hundred distinct values (the per-row code was ~1.5 s of a start)
    by = df["arrived_by"].tolist()
    at = {b: arrived.get(b, "") for b in set(by)}
    day_of = {t: pd.Timestamp(t).tz_convert(changes.SHANGHAI).date().isoformat() if t else "" for t in set(at.values())}
    df["arrived_at"] = [at[b] for b in by]
    df["arrived_date"] = [day_of[at[b]] for b in by]
    df["latest_year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    df["next_year"] = (df["latest_year"] + 1).astype("Int64")
    pairs_ym = list(zip(df["latest_year"].tolist(), df["publish_month"].tolist()))
    due_of = {k: due_date(*k) if pd.notna(k[0]) and pd.notna(k[1]) else None for k in set(pairs_ym)}
    dues = [due_of[k] for k in pairs_ym]
    due_text = {d: d.isoformat() if d else "" for d in set(dues)}
    df["next_due"] = [due_text[d] for d in dues]
    df["late"] = [bool(d and today > d) for d in dues]
    df["days_late"] = pd.array([(today - d).days if d and today > d else pd.NA for d in dues], dtype="Int64")
    df["state"] = ["late" if lt else ("awaited" if d else "no_figure") for lt, d in zip(df["late"], dues)]
    triples = list(zip(df["state"].tolist(), df["next_year"].astype(object).tolist(), df["next_due"].tolist()))
    text_of = {k: i18n.t(f"fresh.state.{k[0]}", lang, year=k[1], due=k[2]) for k in set(triples)}
    df["state_text"] = [text_of[k] for k in triples]
    df["provenance"] = df["provenance"].fillna("")
    df["area_name"] = df["area"].map(sources.area_names(lang))
    df["indicator_name"] = df["indicator"].map(sources.indicator_names(lang))
    area_order = {c: i for i, c in enumerate(read.table("areas")["code"])}
    ind_order = {c: i for i, c in enumerate(inds.index)}
    # late ones first, then area and indicator order; numpy's lexsort is stable, as the former tuple key's sort was
    df["_k0"] = ~df["late"].to_numpy(dtype=bool)
    df["_k1"] = df["area"].map(area_order).astype("float64").fillna(1e9)
    df["_k2"] = df["indicator"].map(ind_order).astype("float64").fillna(1e9)
    df = df.sort_values(["_k0", "_k1", "_k2"], kind="stable")
    return df.reindex(columns=COLUMNS).reset_index(drop=True)


def late_figures(lang: str = "zh", *, today: dt.date | None = None) -> pd.DataFrame:
    """The late rows only (the overview's line)."""
    f = freshness_frame(lang, today=today)
    return f[f["late"]].reset_index(drop=True)


@dataclass(frozen=True)
class LateLine:
    """The overview's line on late figures, as text: the expander's title, its caption and one item a
    late figure (``n_late`` 0: the title says none is late)."""

    n_late: int
    title: str
    caption: str
    items: tuple[str, ...]


def of_areas(f: pd.DataFrame, areas: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of ``areas`` (every row when none is given)."""
    return f[f["area"].isin(areas)] if areas else f


def late_line(lang: str = "zh", areas: tuple[str, ...] = (), *, today: dt.date | None = None) -> LateLine:
    """How many figures of ``areas`` are late and which (the frame is 71 184 rows at county scale: the overview
    keeps this line per data version, day and areas rather than filtering it on every render)."""
    f = of_areas(freshness_frame(lang, today=today), areas)
    late = f[f["late"]]
    items = tuple(
        i18n.t("fresh.item", lang, area=a, indicator=i, latest=y, state=s)
        for a, i, y, s in zip(late["area_name"], late["indicator_name"], late["latest_year"], late["state_text"])
    )
    return LateLine(
        n_late=len(late),
        title=i18n.t("fresh.overview", lang, n=len(late)) if len(late) else i18n.t("fresh.overview_none", lang),
        caption=i18n.t("fresh.overview_caption", lang, m=int((f["state"] == "no_figure").sum())),
        items=items,
    )


def pair_row(area: str, indicator: str, lang: str = "zh", *, today: dt.date | None = None) -> dict[str, object] | None:
    """The freshness of one area × indicator (the detail page), None when it has no row."""
    f = freshness_frame(lang, today=today)
    hit = f[(f["area"] == area) & (f["indicator"] == indicator)]
    return hit.iloc[0].to_dict() if len(hit) else None
