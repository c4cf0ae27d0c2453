"""A target's status timeline: its status, projection and P(meet) at every data version (no streamlit).

The versions, oldest first:

- ``base`` — the data as built from the catalog, before any upload (its time: the build's);
- a batch id — the data right after that upload batch was committed (its time: ``committed_at``);
- ``revert:<batch id>`` — the data right after that batch was reverted (its time: ``reverted_at``).

The actuals of each version are rebuilt as ``ipdash.frames.changes`` does (base overlaid by the
batches active at that moment, the latest winning), but only for the target's own area × indicator —
the only series its judgement reads — and only that one target is judged again, once per distinct set
of active batches that touch that series (versions made by batches of other series judge alike). Kept
per data version through ``store.cache``.

    frame = timeline_frame("YP26-02", view=ViewSettings(lang="en"))
"""

from __future__ import annotations

import pandas as pd

from ipdash import i18n, store
from ipdash.engine.evaluate import evaluate_all
from ipdash.frames import changes
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import cache, db, read

REVERT = "revert:"
COLUMNS = [
    "target_id",
    "version",
    "at_utc",
    "date_shanghai",
    "kind",
    "batch_id",
    "user",
    "file_name",
    "made_by",
    "status",
    "status_text",
    "projected",
    "projected_text",
    "p_meet",
    "p_meet_text",
    "changed",
    "uses_illustrative",
]
KINDS = ("base", "upload", "revert")


class TimelineError(KeyError):
    """A target the catalog does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown target"


def built_at() -> pd.Timestamp | None:
    """When the base data was built (the store's manifest), UTC; None when it does not say."""
    at = store.current().manifest().get("built_at")
    return pd.Timestamp(str(at)).tz_convert("UTC") if at else None


def batch_rows(batch_id: str) -> pd.DataFrame:
    """The rows one batch wrote (empty when its rows are gone), without the preliminary figures this
    viewer may not see yet (``store.visibility``)."""
    rows = store.current().batch_rows(batch_id)
    return read.visible(rows) if rows is not None else pd.DataFrame()


def events(log: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every data version, oldest first: version, at (UTC), kind, batch_id, user, file_name."""
    log = changes.batch_log() if log is None else log
    rows = [{"version": changes.BASE, "at": built_at(), "kind": "base", "batch_id": "", "user": "", "file_name": ""}]
    later = []
    for b in log.to_dict("records"):
        name = b.get("file_name", "")
        later.append(
            {"version": b["batch_id"], "at": b["committed"], "kind": "upload", "batch_id": b["batch_id"]}
            | {"user": b.get("user", ""), "file_name": name, "_o": 0}
        )
        if pd.notna(b["reverted"]):
            later.append(
                {"version": REVERT + b["batch_id"], "at": b["reverted"], "kind": "revert", "batch_id": b["batch_id"]}
                | {"user": b.get("reverted_by", ""), "file_name": name, "_o": 1}
            )
    later.sort(key=lambda e: (e["at"], e["_o"]))  # an upload before its own revert at the same instant
    out = pd.DataFrame(rows + [{k: v for k, v in e.items() if k != "_o"} for e in later])
    out["at"] = pd.to_datetime(out["at"], utc=True)
    return out


def made_by(kind: str, batch_id: str, user: str, file_name: str, lang: str) -> str:
    """What made a version, as a person reads it."""
    if kind == "base":
        return i18n.t("chg.version.base", lang)
    return i18n.t(f"tl.made.{kind}", lang, batch=batch_id, user=user or "?", file=file_name)


def base_rows(area: str, indicator: str) -> pd.DataFrame:
    """The base actuals of one area × indicator, as ``read.table("base_actuals")`` has them (in its order:
    area, indicator, year), picked in DuckDB: filtering the whole table in pandas took ~20 ms at county scale."""
    source, params = read.relation("base_actuals")
    sql = f"SELECT * FROM {source} WHERE area = ? AND indicator = ? ORDER BY area, indicator, year"
    return read.visible(db.query(sql, [*params, area, indicator]))


def timeline_frame(target_id: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """One row per data version (see module doc), oldest first, for one target: the version, its time
    (``at_utc`` ISO, ``date_shanghai``), what made it (kind, batch, by whom, ``made_by`` text), status,
    projection (the target-year actual once decided) and P(meet) as values and texts, and ``changed``:
    the status, projection text or P(meet) text differs from the version before. Judged with the
    view's as-of year, method and illustrative switch. ``TimelineError`` for an unknown target."""
    targets = read.table("targets")
    if not (targets["target_id"] == target_id).any():
        raise TimelineError(f"no target {target_id!r}; list them with: python -m ipdash targets")
    key = (target_id, view.lang, view.as_of, view.method, bool(view.include_illustrative))
    return cache.frame("timeline", key, lambda: _timeline(target_id, view))


def _timeline(target_id: str, view: ViewSettings) -> pd.DataFrame:
    targets = read.table("targets")
    target = targets[targets["target_id"] == target_id]
    area, indicator = target["area"].iloc[0], target["indicator"].iloc[0]

    def own(df: pd.DataFrame) -> pd.DataFrame:
        if df.empty:
            return df
        return df[(df["area"] == area) & (df["indicator"] == indicator)]

    full = changes.batch_log()
    log = full[["batch_id", "committed", "reverted"]].astype({"batch_id": object})  # plain strings: fast to pick
    base = base_rows(area, indicator).assign(_order=0)
    rows = {b: own(batch_rows(b)) for b in log["batch_id"]}
    order = {b: i for i, b in enumerate(log["batch_id"], 1)}
    indicators = read.table("indicators")
    ev = events(full)
    judged, by_set = [], {}  # versions whose active batches touch this series alike judge alike: once
    for e in ev.to_dict("records"):
        at = e["at"] if e["kind"] != "base" else None
        active = changes.active_at(changes.Version(e["version"], at), log)
        touching = tuple(b for b in active if not rows[b].empty)
        if touching not in by_set:
            parts = [base, *(rows[b].assign(_order=order[b]) for b in touching)]
            act = pd.concat(parts, ignore_index=True).sort_values(["year", "_order"], kind="stable")
            act = act.drop_duplicates(["area", "indicator", "year"], keep="last").drop(columns="_order")
            if not view.include_illustrative:
                act = act[act["provenance"] != "illustrative"]
            act = act.reset_index(drop=True)
            by_set[touching] = evaluate_all(target, act, indicators, as_of=view.as_of, method=view.method)
        judged.append(by_set[touching])
    texts = changes._texts(pd.concat(judged, ignore_index=True), view.lang)  # the same texts "what changed" shows
    out = pd.concat([ev.reset_index(drop=True), texts.reset_index(drop=True)], axis=1)
    out["at_utc"] = [t.isoformat() if pd.notna(t) else "" for t in out["at"]]
    out["date_shanghai"] = [t.tz_convert(changes.SHANGHAI).date().isoformat() if pd.notna(t) else "" for t in out["at"]]
    out["made_by"] = [
        made_by(k, b, u, f, view.lang)
        for k, b, u, f in zip(out["kind"], out["batch_id"], out["user"], out["file_name"])
    ]
    key = out["status"].astype(str) + "|" + out["projected_text"] + "|" + out["p_meet_text"]
    out["changed"] = (key != key.shift()) & (out.index > 0)
    for c in ("batch_id", "user", "file_name"):
        out[c] = out[c].fillna("").astype(str)
    return out.reindex(columns=COLUMNS).reset_index(drop=True)
