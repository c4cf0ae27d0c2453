"""The published track record (issue 24): for every target resting on real figures only, the verdict
ipdash would have given as of each past year (``--as-of``, illustrative series left out) against what
then happened (achieved or missed in the latest data). Counts and hit rates of "on track", "at
risk" and "off track" calls, and one plain sentence. Shown on 目标与来源 / Targets & sources, printed
by ``python -m ipdash track-record``, quoted in docs/methods.md."""

from __future__ import annotations

import pandas as pd

from ipdash import i18n, status_meta
from ipdash.frames import verdicts
from ipdash.settings import ViewSettings
from ipdash.store import cache

CALLS = ("on_track", "at_risk", "off_track")
DETAIL_COLUMNS = ["target_id", "area", "indicator", "target_year", "as_of", "call", "p_meet", "outcome", "hit"]
SUMMARY_COLUMNS = ["call", "label", "n_calls", "n_achieved", "n_missed", "hit_rate"]


def calls() -> pd.DataFrame:
    """One row per (target, as-of year before its target year) with a call on real figures only,
    for targets now decided: ``hit`` = on track then achieved, off track then missed (at risk: NA)."""

    def make() -> pd.DataFrame:
        final = verdicts.evaluate(view=ViewSettings(include_illustrative=False))
        final = final[final["status"].isin(["achieved", "missed"]) & ~final["uses_illustrative"].astype(bool)]
        outcome = dict(zip(final["target_id"], final["status"]))
        parts = []
        for y in verdicts.as_of_years(include_illustrative=False):
            res = verdicts.evaluate(view=ViewSettings(as_of=y, include_illustrative=False))
            res = res[res["target_id"].isin(list(outcome)) & res["status"].isin(CALLS)]
            res = res[(res["target_year"] > y) & ~res["uses_illustrative"].astype(bool)]
            parts.append(res.assign(as_of=y))
        if not parts:
            return pd.DataFrame(columns=DETAIL_COLUMNS)
        out = pd.concat(parts, ignore_index=True).rename(columns={"status": "call"})
        out["outcome"] = out["target_id"].map(outcome)
        hit = {"on_track": "achieved", "off_track": "missed"}
        out["hit"] = pd.array(
            [pd.NA if c == "at_risk" else bool(hit[c] == o) for c, o in zip(out["call"], out["outcome"])],
            dtype="boolean",
        )
        return out[DETAIL_COLUMNS].sort_values(["target_id", "as_of"]).reset_index(drop=True)

    # kept on disk by data version (a Parquet-exact frame: ``hit`` a nullable boolean): it judges every target
    # once per past year, which a restart used to do again on the first visit of the targets page
    frame: pd.DataFrame = cache.frame("track_record", (), make)
    return frame


def summary(lang: str = "zh") -> pd.DataFrame:
    """Per call: how many were made, how many of those targets were achieved / missed, and the hit
    rate (on track → achieved, off track → missed; at risk has none: its share achieved is the
    n_achieved / n_calls beside it)."""
    c = calls()
    rows = []
    for call in CALLS:
        g = c[c["call"] == call]
        n, ach = len(g), int((g["outcome"] == "achieved").sum())
        rate = (ach if call == "on_track" else n - ach) / n if n and call != "at_risk" else float("nan")
        label = status_meta.status_label(call, lang)
        rows.append(
            {"call": call, "label": label, "n_calls": n, "n_achieved": ach, "n_missed": n - ach, "hit_rate": rate}
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def sentence(lang: str = "zh") -> str:
    """ "…判为“有望达成”12 次，其后 12 次达成；…" — the record in one plain sentence."""
    s = summary(lang).set_index("call")
    c = calls()
    return i18n.t(
        "track.sentence",
        lang,
        n=len(c),
        targets=c["target_id"].nunique(),
        on=int(s.loc["on_track", "n_calls"]),
        on_hit=int(s.loc["on_track", "n_achieved"]),
        risk=int(s.loc["at_risk", "n_calls"]),
        risk_ach=int(s.loc["at_risk", "n_achieved"]),
        off=int(s.loc["off_track", "n_calls"]),
        off_hit=int(s.loc["off_track", "n_missed"]),
    )
