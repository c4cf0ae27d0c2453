"""``python -m ipdash meetings`` and ``commitments`` — meetings, the commitments made at them and their
progress, through the same code paths as the meeting page (``ipdash.meetings``).

    python -m ipdash meetings [add DATE [--title TEXT] [--user NAME]]
    python -m ipdash commitments [--open] [--overdue] [--meeting DATE] [--on DATE]
    python -m ipdash commitments add --meeting DATE --department D --due YYYY-MM-DD --text TEXT
                                     [--target ID | --milestone ID] --user NAME
    python -m ipdash commitments report ID --status STATUS [--note TEXT] --user NAME
    python -m ipdash commitments report --file F.csv|F.xlsx --user NAME [--dry-run]

Lists are CSV on stdout (``commitments``: ``meetings.commitments.commitment_status``, one row per
commitment with its status, last note, report time and ``overdue``). A refused write exits 2 with the
reason on stderr in ``--lang``; a refused report file lists every problem (row, column, value, what was
expected) and writes nothing. As with ``ingest``, ``--user`` needs no password (shell access is trusted)
but must name a user of the store, whose areas and departments decide what may be reported; a meeting
added without ``--user`` is recorded as by ``shell:<login name>``.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from ipdash.accounts import auth
from ipdash.cli import common
from ipdash.ingest import commitment_file
from ipdash.meetings import commitment_reports as progress
from ipdash.meetings import commitments as cm

EXIT_BAD_INPUT = 2


def _err(msg: str) -> None:
    print(f"ipdash: {msg}", file=sys.stderr)


def _date(text: str | None, option: str):
    day = cm.parse_date(text) if text else None
    if text and day is None:
        _err(f"{option} {text!r}: expected YYYY-MM-DD")
    return day


def _problems(problems, lang: str) -> None:
    for p in problems:
        exp = p.expected_en if lang == "en" else p.expected_zh
        row = p.row if p.row is not None else "-"
        print(f"row {row}, column {p.column or '-'}, value {p.value!r}: expected {exp}", file=sys.stderr)


def cmd_meetings(args) -> int:
    if args.action == "list":
        common.write_csv(cm.meetings())
        return 0
    if not args.date:
        _err("meetings add needs a DATE (YYYY-MM-DD)")
        return EXIT_BAD_INPUT
    user: auth.User | str | None = (
        common.named_user(args.user, "meetings") if args.user else f"shell:{getpass.getuser()}"
    )
    if user is None:
        return EXIT_BAD_INPUT
    try:
        m = cm.add_meeting(args.date, args.title or "", user, source="cli")
    except cm.CommitmentError as exc:
        _err(progress.error_text(exc, args.lang))
        return EXIT_BAD_INPUT
    print(f"recorded the meeting of {m.meeting_date}", file=sys.stderr)
    return 0


def _list(args) -> int:
    as_of, meeting = _date(args.on, "--on"), _date(args.meeting, "--meeting")
    if (args.on and as_of is None) or (args.meeting and meeting is None):
        return EXIT_BAD_INPUT
    f = cm.commitment_status(as_of)
    if args.open:
        f = cm.open_only(f)
    if args.overdue:
        f = f[f["overdue"]]
    if meeting is not None:
        f = f[f["meeting_date"] == meeting.isoformat()]
    common.write_csv(f.reset_index(drop=True))
    return 0


def _add(args) -> int:
    given = (("--meeting", args.meeting), ("--department", args.department), ("--due", args.due), ("--text", args.text))
    missing = [o for o, v in given if not v]
    if missing:
        _err(f"commitments add needs {', '.join(missing)}")
        return EXIT_BAD_INPUT
    user = common.named_user(args.user, "meetings")
    if user is None:
        return EXIT_BAD_INPUT
    try:
        c = cm.add_commitment(
            args.meeting,
            args.department,
            args.due,
            args.text,
            user,
            target_id=args.target or "",
            milestone_id=args.milestone or "",
            source="cli",
        )
    except cm.CommitmentError as exc:
        _err(progress.error_text(exc, args.lang))
        return EXIT_BAD_INPUT
    print(c.commitment_id)
    print(f"recorded commitment {c.commitment_id}", file=sys.stderr)
    return 0


def _report(args) -> int:
    user = common.named_user(args.user, "meetings")
    if user is None:
        return EXIT_BAD_INPUT
    name, data = "", b""
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            _err(f"{path}: no such file")
            return EXIT_BAD_INPUT
        name, data = path.name, path.read_bytes()
        table = commitment_file.read_report_file(data, name)
        if table.problems:
            _err(f"{name}: rejected, nothing was written ({len(table.problems)} problems)")
            _problems(table.problems, args.lang)
            return EXIT_BAD_INPUT
        v = progress.check(table.df, table.headers, user)
    elif args.id and args.status:
        v = progress.check_one(args.id, args.status, args.note or "", user, args.lang)
    else:
        _err("commitments report needs ID --status STATUS [--note TEXT], or --file F.csv|F.xlsx")
        return EXIT_BAD_INPUT
    if not v.ok:
        _err(f"{name or args.id}: rejected, nothing was written ({len(v.problems)} problems)")
        _problems(v.problems, args.lang)
        return EXIT_BAD_INPUT
    common.write_csv(v.rows.drop(columns=["_row"]))
    if args.dry_run:
        return 0
    try:
        out = progress.commit(v, user, source="file" if args.file else "cli", file_name=name)
    except cm.CommitmentError as exc:
        _err(progress.error_text(exc, args.lang))
        return 0 if exc.code == "nothing" else EXIT_BAD_INPUT
    print(f"recorded {len(out)} reports", file=sys.stderr)
    return 0


def cmd_commitments(args) -> int:
    return {"list": _list, "add": _add, "report": _report}[args.action](args)


def _meeting_args(sp) -> None:
    sp.add_argument("action", nargs="?", choices=("list", "add"), default="list", help="list (default) or add")
    sp.add_argument("date", nargs="?", help="add: the meeting's date, YYYY-MM-DD")
    sp.add_argument("--title", help="add: the meeting's title")
    sp.add_argument("--user", help="add: a user of the store (default: recorded as shell:<login name>)")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of refusals")


def _commitment_args(sp) -> None:
    sp.add_argument("action", nargs="?", choices=("list", "add", "report"), default="list", help="list, add, report")
    sp.add_argument("id", nargs="?", help="report: the commitment's id (C-YYYYMMDD-NN)")
    sp.add_argument("--open", action="store_true", help="list: only commitments neither done nor cancelled")
    sp.add_argument("--overdue", action="store_true", help="list: only commitments past their due date, not done")
    sp.add_argument("--meeting", metavar="DATE", help="add: the meeting it was made at; list: that meeting's only")
    sp.add_argument("--on", metavar="YYYY-MM-DD", help="list: judge overdue as of this date (default today)")
    sp.add_argument("--department", help="add: the owner department (a lead department as the plans name it)")
    sp.add_argument("--due", metavar="YYYY-MM-DD", help="add: the due date")
    sp.add_argument("--text", help="add: what was committed")
    group = sp.add_mutually_exclusive_group()
    group.add_argument("--target", metavar="ID", help="add: the target it serves")
    group.add_argument("--milestone", metavar="ID", help="add: the task it serves")
    sp.add_argument("--status", help="report: the new status (not_started, in_progress, done, delayed, cancelled)")
    sp.add_argument("--note", help="report: the progress note")
    sp.add_argument("--file", metavar="FILE", help="report: a CSV or .xlsx of many reports, all or nothing")
    sp.add_argument("--dry-run", action="store_true", help="report: check only; write nothing")
    sp.add_argument("--user", help="add/report: a user of the store (their areas and departments)")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of refusals and problems")


COMMANDS = {
    "meetings": (cmd_meetings, "meetings as CSV; add DATE"),
    "commitments": (cmd_commitments, "commitments with status and overdue as CSV; add, report"),
}
EXTRA_ARGS = {"meetings": [_meeting_args], "commitments": [_commitment_args]}
