"""``python -m ipdash milestones`` — the qualitative tasks (台账), same code paths as the app.

    python -m ipdash milestones [--area A,B] [--department D] [--status S] [--overdue] [--on DATE]
    python -m ipdash milestones report FILE --user NAME [--dry-run] [--lang en]
    python -m ipdash milestones history [--milestone ID]
    python -m ipdash milestones template --user NAME (--csv FILE | --xlsx FILE) [--lang en]

The list is CSV on stdout, one row per milestone: ``milestone_id``, ``area``,
``lead_department``, ``due_year``, ``status`` (the latest report's, ``not_assessed`` until one),
``overdue`` (past the due year, neither done nor cancelled), the latest report's time, user and
note, and the task's number, document and titles. ``report`` checks a status file exactly as the
数据上传 page does and records it: exit 2 on a rejected file (one line per problem on stderr with
row, column, value and what was expected, in ``--lang``), an unknown user or a task the user may
not report. As with ``ingest``, ``--user`` needs no password (shell access is trusted) but must
name a user of the users file, whose areas and departments decide what may be reported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipdash import catalog
from ipdash.cli import common
from ipdash.frames import milestones as frames
from ipdash.ingest import milestones as reports
from ipdash.ingest import status_file
from ipdash.strings import milestones as vocab

EXIT_BAD_INPUT = 2
ACTIONS = ("list", "report", "history", "template")


def _err(msg: str) -> None:
    print(f"ipdash milestones: {msg}", file=sys.stderr)


def _split(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


def cmd_list(args) -> int:
    statuses = _split(args.status)
    bad = [s for s in statuses or () if s not in catalog.MILESTONE_STATUSES]
    if bad:
        _err(f"unknown status {', '.join(bad)}; choose from {', '.join(catalog.MILESTONE_STATUSES)}")
        return EXIT_BAD_INPUT
    f = frames.milestone_table(
        "zh",
        areas=_split(args.area),
        departments=_split(args.department),
        statuses=statuses,
        overdue=args.overdue,
        on=args.on,
    )
    common.write_csv(f[list(frames.CLI_COLUMNS)])
    return 0


def cmd_report(args) -> int:
    if not args.file:
        cols = ", ".join(f"{vocab.TEMPLATE_HEADERS['zh'][c]}/{c}" for c in ("milestone_id", "status", "note"))
        _err(f"report needs a FILE (CSV or .xlsx with the columns {cols})")
        return EXIT_BAD_INPUT
    path = Path(args.file)
    if not path.is_file():
        _err(f"{path}: no such file")
        return EXIT_BAD_INPUT
    user = common.named_user(args.user, "milestones")
    if user is None:
        return EXIT_BAD_INPUT
    data = path.read_bytes()
    v = reports.validate_file(data, path.name, user)
    if not v.ok:
        _err(f"{path.name}: rejected, nothing was written ({len(v.errors)} problems)")
        for p in v.errors:
            exp = p.expected_en if args.lang == "en" else p.expected_zh
            row = p.row if p.row is not None else "-"
            print(f"row {row}, column {p.column or '-'}, value {p.value!r}: expected {exp}", file=sys.stderr)
        return EXIT_BAD_INPUT
    new = v.new_rows
    print(
        f"{path.name}: {len(v.rows)} reports ({v.table.encoding}); new {len(new)}, unchanged {len(v.rows) - len(new)}; "
        f"{v.table.skipped} rows without a status skipped",
        file=sys.stderr,
    )
    common.write_csv(v.rows.drop(columns=["_row"]))
    if args.dry_run:
        return 0
    try:
        out = reports.commit(v, user, source="file", data=data)
    except reports.ReportError as exc:
        _err(str(exc))
        return 0 if exc.code == "nothing" else EXIT_BAD_INPUT
    print(f"recorded {len(out)} reports", file=sys.stderr)
    return 0


def cmd_history(args) -> int:
    h = frames.history_frame("zh", args.milestone)
    common.write_csv(
        h[
            [
                "reported_at",
                "milestone_id",
                "status",
                "previous_status",
                "note",
                "evidence",
                "user",
                "department",
                "source",
                "report_id",
            ]
        ]
    )
    return 0


def cmd_template(args) -> int:
    user = common.named_user(args.user, "milestones")
    if user is None:
        return EXIT_BAD_INPUT
    if not (args.csv or args.xlsx):
        _err("give --csv FILE and/or --xlsx FILE")
        return EXIT_BAD_INPUT
    mine = frames.status_frame(args.lang)
    mine = mine[mine["milestone_id"].isin(reports.reportable(user))]
    frame = status_file.template_frame(mine, args.lang)
    for kind in ("csv", "xlsx"):
        if getattr(args, kind):
            data = status_file.csv_bytes(frame) if kind == "csv" else status_file.xlsx_bytes(frame)
            Path(getattr(args, kind)).write_bytes(data)
            print(f"wrote {getattr(args, kind)} ({len(frame)} tasks {user.name} may report)", file=sys.stderr)
    return 0


def cmd_milestones(args) -> int:
    return {"list": cmd_list, "report": cmd_report, "history": cmd_history, "template": cmd_template}[args.action](args)


def _args(sp) -> None:
    sp.add_argument(
        "action", nargs="?", choices=ACTIONS, default="list", help="list (default), report, history, template"
    )
    sp.add_argument("file", nargs="?", help="report: the status file (CSV or .xlsx)")
    sp.add_argument("--user", help="report/template: a user of the users file (their areas and departments)")
    sp.add_argument("--dry-run", action="store_true", help="report: check and preview only; write nothing")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of problems and the template")
    sp.add_argument("--area", help="list: area codes, comma-separated")
    sp.add_argument("--department", help="list: lead departments, comma-separated")
    sp.add_argument("--status", help="list: statuses, comma-separated (e.g. done,delayed)")
    sp.add_argument("--overdue", action="store_true", help="list: only tasks past their due year and not done")
    sp.add_argument("--on", metavar="YYYY-MM-DD", help="list: judge overdue as of this date (default today)")
    sp.add_argument("--milestone", help="history: one milestone's reports only")
    sp.add_argument("--csv", metavar="FILE", help="template: write the CSV template")
    sp.add_argument("--xlsx", metavar="FILE", help="template: write the Excel template")


COMMANDS = {"milestones": (cmd_milestones, "qualitative tasks: current status as CSV; report, history, template")}
EXTRA_ARGS = {"milestones": [_args]}
