"""Events from two judgements of every target and the messages they make (no streamlit).

A judgement is the engine's result frame (``evaluate_all``, ``frames.verdicts.evaluate``: one row per
target with ``target_id``, ``area``, ``indicator``, ``status``, ``p_meet``, ``latest_value``,
``latest_year``, ``series_unit``). ``status_events(before, after, version=...)`` compares two of them:
a status change, and P(meet) falling by ``PMEET_DROP`` (15 points) or more. ``judged_at(code)`` judges
every target on the data as it was at a data version, as "what changed" does (``frames.changes``), so
a commit's events are ``status_events(judged_at(previous), judged_now(), version=batch_id)``.
``match(subscriptions, events)`` gives one message per (subscription, event).

    msgs = match(subs, status_events(judged_at("base"), judged_now(), version="20261121T093000-ab12cd"))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ipdash import catalog
from ipdash.engine.evaluate import evaluate_all
from ipdash.frames import changes, sources, verdicts
from ipdash.notify.model import Event, EventKind, Message, Subscription, message
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read

PMEET_DROP = 15.0  # percentage points
LANGS = ("zh", "en")
Names = Mapping[str, Mapping[str, str]]  # {lang: {code: name}}


def judged_at(code: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """Every target judged on the data as it was at version ``code`` (``base``, a batch id, a date),
    with the engine and settings of ``view`` — the "before" of a commit."""
    return evaluate_all(
        read.table("targets"),
        changes.actuals_at(code, include_illustrative=view.include_illustrative),
        read.table("indicators"),
        as_of=view.as_of,
        method=view.method,
    )


def judged_now(*, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """Every target judged on the current data (kept per data version by the store's cache)."""
    return verdicts.evaluate(view=view)


def catalog_names() -> tuple[Names, Names]:
    """({lang: {indicator: name}}, {lang: {area: name}}) from the store, for ``status_events``."""
    return (
        {lang: sources.indicator_names(lang) for lang in LANGS},
        {lang: sources.area_names(lang) for lang in LANGS},
    )


def _num(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def _year(x: Any) -> int | None:
    v = _num(x)
    return None if math.isnan(v) else int(v)


def pmeet_dropped(before: float, after: float, points: float = PMEET_DROP) -> bool:
    """P(meet) fell by ``points`` percentage points or more (both known; rounded so that
    0.60 → 0.45 counts as the 15 points it is)."""
    if math.isnan(before) or math.isnan(after):
        return False
    return round((before - after) * 100.0, 6) >= points


def status_events(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    version: str,
    indicator_names: Names | None = None,
    area_names: Names | None = None,
) -> list[Event]:
    """The events between two judgements (targets in both): ``status_change`` where the status moved,
    ``pmeet_drop`` where P(meet) fell by 15 points or more. ``version`` names the "after" (the batch
    id, or the revert): it makes the event's key, so the same commit never makes a second message."""
    ind = indicator_names or {}
    area = area_names or {}
    then = before.drop_duplicates("target_id")[["target_id", "status", "p_meet"]]
    m = after.merge(then, on="target_id", how="inner", suffixes=("", "_before"))  # new targets: nothing moved
    p0 = pd.to_numeric(m["p_meet_before"], errors="coerce")
    p1 = pd.to_numeric(m["p_meet"], errors="coerce")
    moved = m["status"].astype(str) != m["status_before"].astype(str)
    dropped = ((p0 - p1) * 100.0).round(6) >= PMEET_DROP  # NaN on either side: no drop
    out: list[Event] = []
    for r in m[moved | dropped].to_dict("records"):
        kinds: list[EventKind] = []
        if str(r["status"]) != str(r["status_before"]):
            kinds.append("status_change")
        if pmeet_dropped(_num(r["p_meet_before"]), _num(r["p_meet"])):
            kinds.append("pmeet_drop")
        out += [_target_event(kind, r, version, ind, area) for kind in kinds]
    return out


def _target_event(kind: EventKind, r: Mapping[str, Any], version: str, ind: Names, area: Names) -> Event:
    return Event(
        kind=kind,
        target_id=str(r["target_id"]),
        area=str(r["area"]),
        version=version,
        old_status=str(r["status_before"]),
        new_status=str(r["status"]),
        latest_value=_num(r.get("latest_value")),
        unit=str(r.get("series_unit") or r.get("unit") or ""),
        latest_year=_year(r.get("latest_year")),
        p_meet_before=_num(r["p_meet_before"]),
        p_meet_after=_num(r["p_meet"]),
        names={lang: n[r["indicator"]] for lang, n in ind.items() if r["indicator"] in n},
        area_names={lang: n[r["area"]] for lang, n in area.items() if r["area"] in n},
        indicator=str(r["indicator"]),
    )


def overdue_events(
    milestones: pd.DataFrame, *, version: str, kind: EventKind = "overdue_task", area_names: Names | None = None
) -> list[Event]:
    """One event per milestone that is overdue (a frame with ``milestone_id``, ``area``, ``status``,
    ``overdue``, ``title_zh``, ``title_en``, ``lead_department``, e.g. ``store.milestones.current()``).
    ``version``: the day checked (an overdue task makes one message a day at most)."""
    area = area_names or {}
    late = milestones[milestones["overdue"].fillna(False).astype(bool)]
    return [
        Event(
            kind=kind,
            target_id=str(r["milestone_id"]),
            area=str(r["area"]),
            version=version,
            old_status=str(r["status"]),
            new_status=str(r["status"]),
            names={"zh": str(r.get("title_zh") or ""), "en": str(r.get("title_en") or r.get("title_zh") or "")},
            area_names={lang: n[r["area"]] for lang, n in area.items() if r["area"] in n},
            departments=tuple(catalog.split_departments(str(r.get("lead_department") or ""))),
            page="sources",
        )
        for r in late.to_dict("records")
    ]


def match(subscriptions: Iterable[Subscription], events: Sequence[Event]) -> list[Message]:
    """One message per (subscription, event) the subscription follows, each key once. A subscription
    that gets a target's status change does not also get its P(meet) drop of the same version: the
    status change already says P(meet) before → after."""
    out: list[Message] = []
    seen: set[str] = set()
    for sub in subscriptions:
        mine = [e for e in events if sub.wants(e)]
        moved = {(e.target_id, e.version) for e in mine if e.kind == "status_change"}
        for e in mine:
            if e.kind == "pmeet_drop" and (e.target_id, e.version) in moved:
                continue
            m = message(sub, e)
            if m.key not in seen:
                seen.add(m.key)
                out.append(m)
    return out
