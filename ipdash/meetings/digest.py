"""The one-page digest of a joint meeting: one frame per section (no streamlit).

Each section is a function returning a DataFrame, from the store's frames and from the frames the
meeting cycle keeps (check-ins, commitments), which are passed in as arguments:

- ``status_changes(since)``: targets whose status changed since an earlier data version (a batch id,
  ``base`` or the previous meeting's date, ``frames.changes``);
- ``at_risk(checkins)``: targets at risk or off track, the least likely to be met first, with their
  owner's latest check-in (``checkins``: newest first, columns target_id, note, action, confidence,
  user, department, checked_at; None or empty: none yet);
- ``overdue_tasks()``: qualitative tasks past their due year and not done (``frames.milestones``);
- ``meeting_commitments(commitments, meeting)``: the commitments a meeting made, done / open /
  overdue (``commitments``: ``meetings.commitments.commitment_status``'s columns);
- ``overdue_commitments(commitments)``: every overdue commitment, whichever meeting made it;
- ``late_figures()``: figures past their usual publication date (``frames.freshness``).

    d = build(date(2026, 12, 3), previous=date(2026, 11, 5), checkins=ck, commitments=cm, lang="en")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ipdash import i18n
from ipdash.frames import changes, freshness, verdicts
from ipdash.frames import milestones as tasks
from ipdash.settings import ViewSettings

FOCUS = ("off_track", "at_risk")
COMMITMENT_STATES = ("done", "open", "overdue")  # and "cancelled", listed last, never counted
CHANGE_COLUMNS = ["target_id", "area_name", "indicator_name", "status_before_text", "status_after_text"]
RISK_COLUMNS = [
    "target_id",
    "area_name",
    "indicator_name",
    "status",
    "status_text",
    "p_meet_text",
    "checkin_note",
    "checkin_action",
    "checkin_by",
    "checked_at",
]
TASK_COLUMNS = ["milestone_id", "area_name", "title", "lead_text", "due_year"]
COMMITMENT_COLUMNS = [
    "commitment_id",
    "meeting_date",
    "text",
    "department",
    "due",
    "state",
    "state_text",
    "last_note",
]
LATE_COLUMNS = ["area_name", "indicator_name", "next_year", "next_due", "days_late", "state_text"]


def _view(lang: str) -> ViewSettings:
    return ViewSettings(lang="en" if lang == "en" else "zh")


def status_changes(since: str, lang: str = "zh") -> pd.DataFrame:
    """The targets whose status moved between version ``since`` and now (before → after)."""
    f = changes.changes_frame(since, view=_view(lang))
    f = f[[("status" in str(m).split(",")) for m in f["moved"]]]
    return f.reindex(columns=CHANGE_COLUMNS).reset_index(drop=True)


def latest_checkins(checkins: pd.DataFrame | None) -> pd.DataFrame:
    """The newest check-in of each target (``checkins`` newest first, as the store gives them)."""
    if checkins is None or checkins.empty:
        return pd.DataFrame(columns=["target_id", "note", "action", "user", "department", "checked_at"])
    ck = checkins.copy()
    ck["_t"] = pd.to_datetime(ck["checked_at"], utc=True, errors="coerce", format="ISO8601")
    ck = ck.sort_values("_t", ascending=False, kind="stable")
    return ck.drop_duplicates("target_id", keep="first").drop(columns="_t").reset_index(drop=True)


def at_risk(checkins: pd.DataFrame | None, lang: str = "zh") -> pd.DataFrame:
    """The targets at risk or off track, off track first and the least likely to be met first, each
    with its owner's latest check-in (empty texts when nobody has checked in)."""
    res = verdicts.status_frame(view=_view(lang))
    r = res[res["status"].isin(FOCUS)].copy()
    r["_s"] = r["status"].map({s: i for i, s in enumerate(FOCUS)})
    r["_p"] = pd.to_numeric(r["p_meet"], errors="coerce").fillna(-1)
    r = r.sort_values(["_s", "_p", "target_id"], kind="stable")
    r["status_text"] = [f"{i} {lbl}".strip() for i, lbl in zip(r["status_icon"], r["status_label"])]
    last = latest_checkins(checkins).set_index("target_id")

    def pick(col: str) -> list[str]:
        return [str(last.at[t, col]) if t in last.index and col in last.columns else "" for t in r["target_id"]]

    by = [d or u for d, u in zip(pick("department"), pick("user"))]
    r = r.assign(
        checkin_note=pick("note"),
        checkin_action=pick("action"),
        checkin_by=by,
        checked_at=[str(x)[:10] for x in pick("checked_at")],
    )
    return r.reindex(columns=RISK_COLUMNS).reset_index(drop=True)


def overdue_tasks(lang: str = "zh", on: dt.date | None = None) -> pd.DataFrame:
    """The qualitative tasks past their due year and not done, in catalog order."""
    f = tasks.status_frame(lang, on)
    f = f[f["overdue"].astype(bool)]
    return f.reindex(columns=TASK_COLUMNS).reset_index(drop=True)


def commitment_state(status: str, overdue: bool) -> str:
    """done / open / overdue: a commitment reported done is done, else overdue once past its due day
    (``commitments.is_overdue``); a cancelled one is ``cancelled`` (neither open nor overdue)."""
    if str(status) in ("done", "cancelled"):
        return str(status)
    return "overdue" if bool(overdue) else "open"


def _commitments(frame: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=COMMITMENT_COLUMNS)
    f = frame.copy()
    f["state"] = [commitment_state(s, o) for s, o in zip(f["status"], f["overdue"].fillna(False))]
    f["state_text"] = [i18n.t(f"brief.cstatus.{s}", lang) for s in f["state"]]
    f["meeting_date"] = [str(d)[:10] for d in f["meeting_date"]]
    f["due"] = ["" if pd.isna(d) else str(d)[:10] for d in f["due"]]
    f["last_note"] = f["last_note"].fillna("").astype(str)
    f["department"] = f["department"].fillna("").astype(str).map(tasks.department_label(lang))
    f["_s"] = f["state"].map({"overdue": 0, "open": 1, "done": 2, "cancelled": 3})
    f = f.sort_values(["_s", "due", "commitment_id"], kind="stable")
    return f.reindex(columns=COMMITMENT_COLUMNS).reset_index(drop=True)


def meeting_commitments(commitments: pd.DataFrame | None, meeting: dt.date | None, lang: str = "zh") -> pd.DataFrame:
    """The commitments made at ``meeting`` (None: none), overdue first, then open, then done."""
    f = _commitments(commitments, lang)
    return f[f["meeting_date"] == (meeting.isoformat() if meeting else "")].reset_index(drop=True)


def overdue_commitments(commitments: pd.DataFrame | None, lang: str = "zh") -> pd.DataFrame:
    """Every overdue commitment, whichever meeting made it."""
    f = _commitments(commitments, lang)
    return f[f["state"] == "overdue"].reset_index(drop=True)


def commitment_counts(frame: pd.DataFrame) -> dict[str, int]:
    """{done, open, overdue: how many} of a ``meeting_commitments`` frame."""
    return {s: int((frame["state"] == s).sum()) for s in COMMITMENT_STATES}


def late_figures(lang: str = "zh", today: dt.date | None = None) -> pd.DataFrame:
    """The area × indicator pairs whose next figure is past its usual publication date."""
    f = freshness.late_figures(lang, today=today)
    return f.reindex(columns=LATE_COLUMNS).reset_index(drop=True)


@dataclass(frozen=True)
class Digest:
    """Every section of one meeting's digest. ``since``: the data version changes are counted from
    (the previous meeting's date, or ``base`` when there was none)."""

    meeting: dt.date
    previous: dt.date | None
    since: str
    lang: str
    commitments: pd.DataFrame
    changes: pd.DataFrame
    risks: pd.DataFrame
    tasks: pd.DataFrame
    overdue_commitments: pd.DataFrame
    late: pd.DataFrame


def since_code(previous: dt.date | None) -> str:
    """The version "what changed" compares with: the previous meeting's day, else the base data."""
    return previous.isoformat() if previous else changes.BASE


def build(
    meeting: dt.date,
    *,
    previous: dt.date | None,
    checkins: pd.DataFrame | None,
    commitments: pd.DataFrame | None,
    lang: str = "zh",
    today: dt.date | None = None,
) -> Digest:
    """The digest of the meeting on ``meeting`` (``previous``: the meeting before it, or None)."""
    since = since_code(previous)
    return Digest(
        meeting=meeting,
        previous=previous,
        since=since,
        lang=lang,
        commitments=meeting_commitments(commitments, previous, lang),
        changes=status_changes(since, lang),
        risks=at_risk(checkins, lang),
        tasks=overdue_tasks(lang, today),
        overdue_commitments=overdue_commitments(commitments, lang),
        late=late_figures(lang, today),
    )
