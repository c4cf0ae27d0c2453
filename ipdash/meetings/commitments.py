"""Meetings and the commitments made at them: records, who may do what, and the one status frame.

A **meeting** is a date (``YYYY-MM-DD``, its key) with a title. A **commitment** made at a meeting has a
text, an owner department (a lead department as the plans name them, ``catalog.departments``), a due
date and, optionally, the target or the task (milestone) it serves. Its owner reports progress as for
tasks (``meetings.commitment_reports``): the statuses are the tasks' (``catalog.REPORT_STATUSES``; a
commitment never reported is ``not_assessed``), and a commitment is **overdue** when its due date has
passed and it is neither done nor cancelled — as a task past its due year is.

Who may do what (``may_add`` / ``may_report``):
- adding a meeting or a commitment: any signed-in account (the meeting's secretary records what was
  agreed); a commitment that serves a target or task only by an account of that target's/task's area
  (or an all-areas account);
- reporting progress on a commitment: an account of its owner department, an account of the served
  target's/task's area, or an all-areas account.
Every write re-reads the account (permissions as they stand now), runs under the store's write lock
and is audited (``meeting_add``, ``commitment_add``, ``commitment_report``, and ``…_refused``).

``commitment_status(as_of)`` is the ONE frame of commitments that the CLI, the meeting page and the
briefing pack show; ``previous_meeting(before)`` the meeting before a date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

import pandas as pd

from ipdash import catalog, store
from ipdash.accounts import auth
from ipdash.accounts.audit import audit
from ipdash.store import read, write

STATUSES = catalog.REPORT_STATUSES  # what a report may set
UNREPORTED = "not_assessed"  # a commitment's status before its first report
CLOSED = ("done", "cancelled")  # never overdue
MAX_TEXT = 2000
MAX_TITLE = 200
FRAME_COLUMNS = (
    "commitment_id",
    "meeting_date",
    "text",
    "department",
    "due",
    "target_id",
    "milestone_id",
    "status",
    "last_note",
    "reported_at",
    "overdue",
)


class CommitmentError(Exception):
    """A write refused; ``code`` keys the message (``cmt.err.<code>``), ``args[0]`` is English."""

    def __init__(self, code: str, message: str, **params):
        self.code, self.params = code, params
        super().__init__(message)


@dataclass(frozen=True)
class Meeting:
    meeting_date: str
    title: str
    user: str
    created_at: str


@dataclass(frozen=True)
class Commitment:
    commitment_id: str
    meeting_date: str
    text: str
    department: str
    due: str
    target_id: str
    milestone_id: str
    user: str
    created_at: str


def today() -> date:
    return datetime.now(UTC).date()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_date(text: object) -> date | None:
    """``YYYY-MM-DD`` (or a date) → date; None when it is not one."""
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip()) if len(str(text).strip()) == 10 else None
    except ValueError:
        return None


# ---------------------------------------------------------------- reads
def version() -> str:
    """Changes whenever a meeting, commitment or report is written (the key of a cached frame)."""
    return store.current().meetings_version()


def meetings() -> pd.DataFrame:
    """Every meeting, by date."""
    df = store.current().meeting_rows("meetings")
    return df.sort_values("meeting_date", kind="stable").reset_index(drop=True)


def commitments() -> pd.DataFrame:
    """Every commitment, in the order recorded."""
    return store.current().meeting_rows("commitments")


def reports() -> pd.DataFrame:
    """Every progress report, oldest first."""
    df = store.current().meeting_rows("commitment_reports")
    return df.sort_values(["reported_at", "report_id"], kind="stable").reset_index(drop=True)


def previous_meeting(before: date) -> date | None:
    """The latest meeting strictly before ``before`` (None when there is none)."""
    dates = [d for d in (parse_date(x) for x in meetings()["meeting_date"]) if d is not None and d < before]
    return max(dates) if dates else None


def departments() -> list[str]:
    """The departments a commitment may be owned by: the lead departments the plans name."""
    return catalog.departments(read.table("milestones"))


def served_area(c: Mapping) -> str:
    """The area of the target or task a commitment serves ("" when it serves none, or an unknown one)."""
    for key, table in (("target_id", "targets"), ("milestone_id", "milestones")):
        if str(c.get(key) or ""):
            hit = read.table(table)
            hit = hit[hit[key] == str(c[key])]
            return str(hit["area"].iloc[0]) if len(hit) else ""
    return ""


def may_add(user: auth.User, area: str = "") -> bool:
    """May ``user`` record a meeting, or a commitment serving a target/task of ``area`` ("" = none)?"""
    return not area or user.may_write(area)


def may_report(user: auth.User, c: Mapping) -> bool:
    """May ``user`` report progress on commitment ``c``: its owner department, the area of what it
    serves, or an all-areas account."""
    if "*" in user.areas or str(c.get("department") or "") in user.departments:
        return True
    area = served_area(c)
    return bool(area) and user.may_write(area)


def _account(user: auth.User) -> auth.User:
    fresh = auth.get_user(user.name)  # the account as it stands now
    if fresh is None:
        raise CommitmentError("no_user", f"no user {user.name}", user=user.name)
    return fresh


def _write(rows: dict[str, list[dict]]) -> None:
    try:
        store.current().append_meeting_rows(rows)
    except ValueError as exc:
        raise CommitmentError("exists", str(exc)) from exc


# ---------------------------------------------------------------- writes
def add_meeting(meeting_date: date | str, title: str, user: auth.User | str, *, source: str = "cli") -> Meeting:
    """Record a meeting (its date is its key: one meeting a day). ``user``: a signed-in account, or the
    name the trusted shell records it under (the CLI without ``--user``)."""
    day = parse_date(meeting_date)
    if day is None:
        raise CommitmentError("bad_date", f"meeting date {meeting_date!r}: expected YYYY-MM-DD", value=meeting_date)
    title = str(title or "").strip()
    if len(title) > MAX_TITLE:
        raise CommitmentError("title_length", f"title longer than {MAX_TITLE} characters", n=MAX_TITLE)
    name = user if isinstance(user, str) else _account(user).name
    with write.write_lock():
        store.current().refresh_meetings()
        if day.isoformat() in set(meetings()["meeting_date"]):
            raise CommitmentError("meeting_exists", f"a meeting on {day} exists already", day=day.isoformat())
        m = Meeting(day.isoformat(), title, name, now_iso())
        _write({"meetings": [asdict(m)]})
        audit("meeting_add", user=name, meeting_date=m.meeting_date, title=title, source=source)
    return m


def add_commitment(
    meeting_date: date | str,
    department: str,
    due: date | str,
    text: str,
    user: auth.User,
    *,
    target_id: str = "",
    milestone_id: str = "",
    source: str = "cli",
) -> Commitment:
    """Record a commitment made at the meeting of ``meeting_date``; its id is ``C-<date>-<n>``."""
    day, due_day = parse_date(meeting_date), parse_date(due)
    text, department = str(text or "").strip(), str(department or "").strip()
    target_id, milestone_id = str(target_id or "").strip(), str(milestone_id or "").strip().upper()
    if day is None:
        raise CommitmentError("bad_date", f"meeting date {meeting_date!r}: expected YYYY-MM-DD", value=meeting_date)
    if due_day is None:
        raise CommitmentError("bad_due", f"due date {due!r}: expected YYYY-MM-DD", value=due)
    if due_day < day:
        raise CommitmentError("due_before", f"due {due_day} is before the meeting ({day})", day=day.isoformat())
    if not text or len(text) > MAX_TEXT:
        raise CommitmentError("text", f"the text must have 1 to {MAX_TEXT} characters", n=MAX_TEXT)
    known = departments()
    if department not in known:
        raise CommitmentError(
            "department",
            f"department {department!r}: one of {', '.join(known)}",
            value=department,
            known=", ".join(known),
        )
    if target_id and milestone_id:
        raise CommitmentError("both", "a commitment serves a target or a task, not both")
    for value, table, key, code in (
        (target_id, "targets", "target_id", "no_target"),
        (milestone_id, "milestones", "milestone_id", "no_milestone"),
    ):
        if value and value not in set(read.table(table)[key]):
            raise CommitmentError(code, f"no {key} {value!r}", value=value)
    fresh = _account(user)
    area = served_area({"target_id": target_id, "milestone_id": milestone_id})
    if not may_add(fresh, area):
        audit("commitment_add_refused", user=fresh.name, meeting_date=day.isoformat(), area=area, source=source)
        raise CommitmentError("no_permission_add", f"{fresh.name} may not add a commitment for area {area}", area=area)
    with write.write_lock():
        store.current().refresh_meetings()
        if day.isoformat() not in set(meetings()["meeting_date"]):
            raise CommitmentError("no_meeting", f"no meeting on {day}", day=day.isoformat())
        have = commitments()
        n = int((have["meeting_date"] == day.isoformat()).sum()) + 1
        c = Commitment(
            f"C-{day:%Y%m%d}-{n:02d}",
            day.isoformat(),
            text,
            department,
            due_day.isoformat(),
            target_id,
            milestone_id,
            fresh.name,
            now_iso(),
        )
        _write({"commitments": [asdict(c)]})
        audit(
            "commitment_add", **{k: v for k, v in asdict(c).items() if k not in ("created_at", "text")}, source=source
        )
    return c


# ---------------------------------------------------------------- the one frame
def is_overdue(due: pd.Series, status: pd.Series, on: date | None = None) -> pd.Series:
    """The due date has passed (before ``on``, default today) and it is neither done nor cancelled."""
    day = (on or today()).isoformat()
    return ((due.astype(str) < day) & (due.astype(str) != "") & ~status.isin(CLOSED)).astype(bool)


def latest(history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest report of each reported commitment (index: commitment_id)."""
    h = reports() if history is None else history
    return h.drop_duplicates("commitment_id", keep="last").set_index("commitment_id")


def commitment_status(as_of: date | None = None) -> pd.DataFrame:
    """One row per commitment (``FRAME_COLUMNS``), by meeting date then id: its status (the latest
    report's, ``not_assessed`` until one), that report's note and time, and ``overdue`` judged on
    ``as_of`` (default today), as ``milestones --on`` judges tasks."""
    cs = commitments()
    h = reports()
    last = latest(h)
    out = cs[["commitment_id", "meeting_date", "text", "department", "due", "target_id", "milestone_id"]].copy()

    def pick(col: str) -> pd.Series:
        if not len(last):
            return pd.Series("", index=out.index, dtype=object)
        return out["commitment_id"].map(last[col]).fillna("").astype(object)

    status = pick("status")
    out["status"] = status.where(status != "", UNREPORTED)
    out["last_note"] = pick("note")
    out["reported_at"] = pick("reported_at")
    out["overdue"] = is_overdue(out["due"], out["status"], as_of)
    out = out.sort_values(["meeting_date", "commitment_id"], kind="stable").reset_index(drop=True)
    return out[list(FRAME_COLUMNS)]


def open_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The commitments neither done nor cancelled."""
    return frame[~frame["status"].isin(CLOSED)].reset_index(drop=True)
