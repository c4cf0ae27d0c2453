"""Progress reports on commitments — one (the CLI's ``commitments report ID``, the page's form) or a file
of many — through one check and one commit.

``check(rows, headers, user)`` looks at every row first (columns ``_row`` — the row as Excel numbers it,
0 for a single report —, ``commitment_id``, ``status``, ``note``, all text) and gives a ``ReportCheck``:
each problem names the row, the column (the file's own header, or the form's/option's label), the value
as typed and what was expected, in Chinese and English — an id missing or unknown, a commitment the user
may not report (``commitments.may_report``), a repeated id, a status missing or not one of the tasks'
statuses (any of their aliases: 已完成, done …), a note longer than ``MAX_NOTE``. A check with any problem
writes nothing.

``commit(check, user, source=…)`` re-reads the account, and under the store's write lock refuses when a
commitment's latest report changed since the check (``expected``: stale), then writes one report per
changed row — all rows in one store write, or none — and one audit line each. A row that repeats the
commitment's latest status and note is not recorded again.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from ipdash import i18n, store
from ipdash.accounts import auth
from ipdash.accounts.audit import audit
from ipdash.meetings import commitments as cm
from ipdash.problem import Problem
from ipdash.store import write
from ipdash.strings import milestones as task_vocab

FIELDS = ("commitment_id", "status", "note")
MAX_NOTE = 2000
MAX_VALUE_SHOWN = 200
MAX_PROBLEMS = 1000
_STATUS = {
    re.sub(r"[\s_\-]+", "", a.lower()): code for code, aliases in task_vocab.STATUS_ALIASES.items() for a in aliases
}


@dataclass
class ReportCheck:
    rows: pd.DataFrame  # commitment_id, status, previous_status, note, change, _row
    problems: list[Problem] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # commitment → latest report id seen ("" none)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_rows(self) -> pd.DataFrame:
        return self.rows[self.rows["change"] == "new"]


def status_code(text: str) -> str | None:
    """``已完成`` / ``Done`` / ``in_progress`` → the status code; None when it is not a status."""
    return _STATUS.get(re.sub(r"[\s_\-]+", "", str(text or "").strip().lower()))


def problem(code: str, row: int | None, column: str, value: str, **kw) -> Problem:
    value = value if len(value) <= MAX_VALUE_SHOWN else value[:MAX_VALUE_SHOWN] + "…"
    return Problem(
        code, row, column, value, i18n.t(f"cmt.exp.{code}", "zh", **kw), i18n.t(f"cmt.exp.{code}", "en", **kw)
    )


def option_headers(lang: str) -> dict[str, str]:
    """The column names a single report's problems carry: the options / form fields."""
    return {f: i18n.t(f"cmt.field.{f}", lang) for f in FIELDS}


def check(rows: pd.DataFrame, headers: dict[str, str], user: auth.User) -> ReportCheck:
    """Every row of ``rows`` checked for ``user`` (nothing is written)."""
    cs = cm.commitments().set_index("commitment_id")
    last = cm.latest()
    out: list[dict] = []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for rec in rows.to_dict("records"):
        row = int(rec.get("_row") or 0) or None
        cid = str(rec.get("commitment_id") or "").strip().upper()
        raw, note = str(rec.get("status") or "").strip(), str(rec.get("note") or "")
        status = status_code(raw) if raw else None
        col = headers.get
        if not cid:
            problems.append(problem("id_missing", row, col("commitment_id", ""), cid))
        elif cid not in cs.index:
            problems.append(problem("id_known", row, col("commitment_id", ""), cid))
        elif not cm.may_report(user, {"commitment_id": cid, **cs.loc[cid].to_dict()}):
            problems.append(
                problem("id_allowed", row, col("commitment_id", ""), cid, department=cs.at[cid, "department"])
            )
        elif cid in seen:
            problems.append(problem("duplicate", row, col("commitment_id", ""), cid, first=seen[cid] or "-"))
        if cid and cid not in seen:
            seen[cid] = row
        if not raw:
            problems.append(problem("status_missing", row, col("status", ""), raw))
        elif status is None or status not in cm.STATUSES:
            problems.append(problem("status_known", row, col("status", ""), raw))
        if len(note) > MAX_NOTE:
            problems.append(problem("note_length", row, col("note", ""), note, n=MAX_NOTE))
        prev = str(last.at[cid, "status"]) if cid in last.index else cm.UNREPORTED
        same = cid in last.index and (prev, str(last.at[cid, "note"])) == (status, note)
        out.append(
            {
                "commitment_id": cid,
                "status": status or "",
                "previous_status": prev,
                "note": note,
                "change": "unchanged" if same else "new",
                "_row": row or 0,
            }
        )
    if not out:
        problems.append(problem("no_rows", None, "", ""))
    problems.sort(key=lambda p: p.row or 0)
    expected = {
        str(c): (str(last.at[c, "report_id"]) if c in last.index else "") for c in (r["commitment_id"] for r in out)
    }
    cols = ["commitment_id", "status", "previous_status", "note", "change", "_row"]
    return ReportCheck(pd.DataFrame(out, columns=cols), problems[:MAX_PROBLEMS], expected)


def check_one(commitment_id: str, status: str, note: str, user: auth.User, lang: str = "zh") -> ReportCheck:
    """One report (the CLI, the page's form): the same checks, the fields' labels as columns."""
    rows = pd.DataFrame([{"_row": 0, "commitment_id": commitment_id, "status": status, "note": note}])
    return check(rows, option_headers(lang), user)


def commit(v: ReportCheck, user: auth.User, *, source: str, file_name: str = "") -> pd.DataFrame:
    """Record the new rows of ``v`` for ``user`` (``source``: cli | ui | file); returns the rows written."""
    if not v.ok:
        raise cm.CommitmentError("invalid", f"{len(v.problems)} problems; nothing was written", n=len(v.problems))
    fresh = auth.get_user(user.name)
    if fresh is None:
        raise cm.CommitmentError("no_user", f"no user {user.name}", user=user.name)
    cs = cm.commitments().set_index("commitment_id")
    denied = [
        c for c in v.rows["commitment_id"] if not cm.may_report(fresh, {"commitment_id": c, **cs.loc[c].to_dict()})
    ]
    if denied:
        audit("commitment_report_refused", user=fresh.name, commitments=denied, source=source)
        raise cm.CommitmentError(
            "no_permission", f"{fresh.name} may not report {', '.join(denied)}", ids=", ".join(denied)
        )
    new = v.new_rows
    if new.empty:
        raise cm.CommitmentError("nothing", "every row repeats the commitment's latest report")
    with write.write_lock():
        store.current().refresh_meetings()
        last = cm.latest()
        moved = [
            c
            for c in new["commitment_id"]
            if (str(last.at[c, "report_id"]) if c in last.index else "") != v.expected.get(c, "")
        ]
        if moved:
            raise cm.CommitmentError(
                "stale", f"reported meanwhile: {', '.join(moved)}; review and submit again", ids=", ".join(moved)
            )
        now = datetime.now(UTC)
        batch = f"R-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        recs = [
            {
                "report_id": f"{batch}-{i:03d}",
                "commitment_id": r["commitment_id"],
                "status": r["status"],
                "previous_status": r["previous_status"],
                "note": r["note"],
                "user": fresh.name,
                "department": cs.at[r["commitment_id"], "department"]
                if cs.at[r["commitment_id"], "department"] in fresh.departments
                else "",
                "reported_at": now.isoformat(timespec="microseconds"),
                "source": source,
                "file_name": file_name,
            }
            for i, r in enumerate(new.to_dict("records"), start=1)
        ]
        try:
            store.current().append_meeting_rows({"commitment_reports": recs})
        except ValueError as exc:
            raise cm.CommitmentError("exists", str(exc)) from exc
        for r in recs:
            audit(
                "commitment_report",
                **{
                    k: r[k]
                    for k in (
                        "user",
                        "report_id",
                        "commitment_id",
                        "status",
                        "previous_status",
                        "department",
                        "source",
                        "file_name",
                    )
                },
            )
    return pd.DataFrame(recs)


def error_text(exc: Exception, lang: str) -> str:
    """A refusal in the user's language."""
    if isinstance(exc, cm.CommitmentError):
        return i18n.t(f"cmt.err.{exc.code}", lang, **exc.params)
    if isinstance(exc, write.LockTimeout):
        return i18n.t("cmt.err.lock", lang)
    return str(exc)
