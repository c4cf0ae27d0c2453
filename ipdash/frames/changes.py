"""What changed since the last meeting: the targets whose status, projection or P(meet) moved between
an earlier data version and now, before → after, and the upload batch that moved them (no streamlit).

A *version* is named by a code:

- ``base`` — the data as built from the catalog, before any upload;
- a batch id (``20261121T093000-ab12cd``) — the data right after that batch was committed;
- a date ``YYYY-MM-DD`` — the data at the end of that day in Shanghai (UTC+8), e.g. the day of
  the last joint meeting.

The actuals of a version are rebuilt from the batch log (store table ``batches``: ``committed_at``,
``status``, ``reverted_at``) and the batch files under ``store/batches/``: the base actuals overlaid by
every batch committed by then and not yet reverted then, the latest batch winning — the same rule
as ``store.write.rebuild_effective`` uses for now. Every target is judged again on them (same engine,
same as-of year and illustrative switch) and compared with today's judgement.

    frame = changes_frame("2026-11-01", view=ViewSettings(lang="zh"))
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from ipdash import fmt, i18n, paths, status_meta
from ipdash.engine.evaluate import evaluate_all
from ipdash.frames import sources, verdicts
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import cache, read

BASE = "base"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
_BATCH_ID = re.compile(r"[0-9A-Za-z\-]+")
_KEYS = ["area", "indicator", "year"]
COLUMNS = [
    "target_id",
    "area",
    "area_name",
    "indicator",
    "indicator_name",
    "status_before",
    "status_after",
    "status_before_text",
    "status_after_text",
    "projected_before",
    "projected_after",
    "projected_before_text",
    "projected_after_text",
    "p_meet_before",
    "p_meet_after",
    "p_meet_before_text",
    "p_meet_after_text",
    "moved",
    "batches",
    "moved_by",
    "uses_illustrative",
]


class VersionError(ValueError):
    """An earlier data version that does not exist (unknown batch, bad date)."""


@dataclass(frozen=True, slots=True)
class Version:
    """``code`` as given; ``at``: the moment it stands for (None: before any upload)."""

    code: str
    at: pd.Timestamp | None
    batch_id: str | None = None


def batch_log() -> pd.DataFrame:
    """The batch log (every batch, active or reverted), oldest first, times as UTC timestamps."""
    log = read.table("batches").copy()
    log["committed"] = pd.to_datetime(log["committed_at"], utc=True, format="ISO8601")
    log["reverted"] = pd.to_datetime(log["reverted_at"].replace("", None), utc=True, format="ISO8601")
    return log.sort_values("committed").reset_index(drop=True)


def resolve_version(code: str) -> Version:
    """The version a code names (see module doc); ``VersionError`` when there is none."""
    code = str(code or "").strip()
    if code == BASE:
        return Version(BASE, None)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", code):
        try:
            day = dt.date.fromisoformat(code)
        except ValueError:
            raise VersionError(f"{code!r} is not a date; give YYYY-MM-DD") from None
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), SHANGHAI)
        return Version(code, pd.Timestamp(end).tz_convert("UTC") - pd.Timedelta(microseconds=1))
    log = batch_log()
    hit = log[log["batch_id"] == code] if _BATCH_ID.fullmatch(code) else log.iloc[0:0]
    if hit.empty:
        raise VersionError(f"no data version {code!r}: give a batch id, a date YYYY-MM-DD or {BASE!r}")
    return Version(code, hit.iloc[0]["committed"], code)


def since_date(code: str) -> str | None:
    """The day (ISO, Shanghai) version ``code`` stands for — what the qualitative-task slides count
    reports from: the date itself, a batch's commit day; None for ``base`` (every report counts)."""
    at = resolve_version(code).at
    return None if at is None else at.tz_convert(SHANGHAI).date().isoformat()


def active_at(version: Version, log: pd.DataFrame | None = None) -> list[str]:
    """Batch ids active at ``version`` (committed by then and not reverted by then), oldest first."""
    if version.at is None:
        return []
    log = batch_log() if log is None else log
    live = (log["committed"] <= version.at) & ~(log["reverted"].notna() & (log["reverted"] <= version.at))
    return list(log.loc[live, "batch_id"])


def actuals_at(code: str, *, include_illustrative: bool = True) -> pd.DataFrame:
    """The effective actuals as they were at version ``code``: base overlaid by the batches then active."""
    frames = [read.table("base_actuals").assign(_order=0)]
    for i, b in enumerate(active_at(resolve_version(code)), 1):
        path = paths.batches_dir() / f"{b}.parquet"
        if path.exists():
            frames.append(pd.read_parquet(path).assign(_order=i))
    df = pd.concat(frames, ignore_index=True).sort_values([*_KEYS, "_order"], kind="stable")
    df = read.visible(df.drop_duplicates(_KEYS, keep="last").drop(columns="_order").reset_index(drop=True))
    return df if include_illustrative else df[df["provenance"] != "illustrative"].reset_index(drop=True)


def version_label(code: str, lang: str = "zh") -> str:
    """How a version is named on screen and on the slide."""
    v = resolve_version(code)
    if v.at is None:
        return i18n.t("chg.version.base", lang)
    if v.batch_id is None:
        return i18n.t("chg.version.date", lang, date=code)
    row = batch_log().set_index("batch_id").loc[v.batch_id]
    when = row["committed"].tz_convert(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return i18n.t("chg.version.batch", lang, batch=v.batch_id, when=when, file=row["file_name"])


def versions(lang: str = "zh") -> dict[str, str]:
    """{code: label} of every earlier version a meeting can compare with: each batch, newest first,
    then the data before any upload."""
    log = batch_log()
    out = {b: version_label(b, lang) for b in reversed(list(log["batch_id"]))}
    out[BASE] = version_label(BASE, lang)
    return out


def _texts(res: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Status, projection (the target-year actual once decided) and P(meet) as a person reads them."""
    rows = res.to_dict("records")
    value = [r["compared_value"] if r.get("basis") == "actual" else r.get("projected_value") for r in rows]
    return pd.DataFrame(
        {
            "target_id": res["target_id"],
            "status": res["status"],
            "status_text": [
                f"{status_meta.STATUS_META.get(s, {}).get('icon', '')} {status_meta.status_label(s, lang)}".strip()
                for s in res["status"]
            ],
            "projected": pd.to_numeric(pd.Series(value, index=res.index), errors="coerce"),
            "projected_text": [fmt.fmt_value(v, verdicts.qunit(r), lang) for v, r in zip(value, rows)],
            "p_meet": pd.to_numeric(res["p_meet"], errors="coerce"),
            "p_meet_text": [fmt.fmt_pct(r.get("p_meet"), lang) for r in rows],
            "uses_illustrative": res["uses_illustrative"].astype(bool),
        }
    )


def _touched(batch_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    """{batch id: the (area, indicator) pairs its rows touch}."""
    out = {}
    for b in batch_ids:
        path = paths.batches_dir() / f"{b}.parquet"
        rows = pd.read_parquet(path, columns=["area", "indicator"]) if path.exists() else pd.DataFrame()
        out[b] = set(zip(rows.get("area", []), rows.get("indicator", [])))
    return out


def changes_frame(since: str, *, view: ViewSettings = DEFAULT_VIEW, areas: list[str] | None = None) -> pd.DataFrame:
    """One row per target (of ``areas``; None = all) whose status, projection or P(meet) text moved
    between version ``since`` and now: before and after (values and texts), what moved, and the
    batches that moved it (committed since, or reverted since) — status changes first. Kept per
    data version (``store.cache``): judging every target again takes seconds at county scale."""
    resolve_version(since)  # a clear error before anything is kept
    key = (str(since), view.lang, view.as_of, bool(view.include_illustrative), tuple(areas or ()))
    return cache.frame("changes", key, lambda: _changes_frame(since, view, areas))


def _changes_frame(since: str, view: ViewSettings, areas: list[str] | None) -> pd.DataFrame:
    lang = view.lang
    before_v = resolve_version(since)
    targets = read.table("targets")
    if areas:
        targets = targets[targets["area"].isin(list(areas))]
    indicators = read.table("indicators")
    then = evaluate_all(
        targets,
        actuals_at(since, include_illustrative=view.include_illustrative),
        indicators,
        as_of=view.as_of,
    )
    now = verdicts.evaluate(view=ViewSettings(as_of=view.as_of, include_illustrative=view.include_illustrative))
    now = now[now["target_id"].isin(set(targets["target_id"]))]
    b, a = _texts(then, lang), _texts(now, lang)
    m = a.merge(b, on="target_id", how="left", suffixes=("_after", "_before"))
    moved = pd.DataFrame(
        {
            "status": m["status_after"] != m["status_before"],
            "projection": m["projected_text_after"] != m["projected_text_before"],
            "p_meet": m["p_meet_text_after"] != m["p_meet_text_before"],
        }
    )
    m = m[moved.any(axis=1)].copy()
    m["moved"] = [
        ",".join(k for k in moved.columns if moved.at[i, k]) for i in m.index
    ]  # codes: status,projection,p_meet
    log = batch_log()
    was, is_now = set(active_at(before_v, log)), set(log.loc[log["status"] == "active", "batch_id"])
    since_then = [x for x in log["batch_id"] if (x in is_now) != (x in was)]  # committed or reverted since
    touched = _touched(since_then)
    tg = targets.set_index("target_id")
    files = dict(zip(log["batch_id"], log["file_name"]))
    by, by_text = [], []
    for tid in m["target_id"]:
        pair = (tg.at[tid, "area"], tg.at[tid, "indicator"])
        ids = [x for x in since_then if pair in touched[x]]
        by.append(",".join(ids))
        words = [
            i18n.t("chg.by.reverted" if x in was else "chg.by.batch", lang, batch=x, file=files.get(x, "")) for x in ids
        ]
        by_text.append(i18n.t("meet.docs_sep", lang).join(words) if words else i18n.t("chg.by.other", lang))
    m["batches"], m["moved_by"] = by, by_text
    m["area"] = [tg.at[t, "area"] for t in m["target_id"]]
    m["indicator"] = [tg.at[t, "indicator"] for t in m["target_id"]]
    m["area_name"] = m["area"].map(sources.area_names(lang))
    m["indicator_name"] = m["indicator"].map(sources.indicator_names(lang))
    m["uses_illustrative"] = m["uses_illustrative_after"].fillna(False).astype(bool) | m[
        "uses_illustrative_before"
    ].fillna(False).astype(bool)
    order = {c: i for i, c in enumerate(read.table("areas")["code"])}
    m["_s"] = ["status" not in x for x in m["moved"]]
    m["_a"] = m["area"].map(order)
    m = m.sort_values(["_s", "_a", "target_id"])
    m = m.rename(
        columns={
            f"{k}_text_{w}": f"{k}_{w}_text" for k in ("status", "projected", "p_meet") for w in ("before", "after")
        }
    )
    for c in ("status_before_text", "projected_before_text", "p_meet_before_text"):
        m[c] = m[c].fillna(fmt.DASH)  # a target the catalog did not have then
    return m.reindex(columns=COLUMNS).reset_index(drop=True)
