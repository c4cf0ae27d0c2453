"""Upload commands of ``python -m ipdash`` (registered in cli/main.py): the same code as the 数据上传 page.

    python -m ipdash ingest FILE --user NAME [--dry-run] [--yes] [--lang en] [--sheet NAME]
                                 [--expect-version TOKEN]
    python -m ipdash batches                      # batch history as CSV
    python -m ipdash revert BATCH_ID --user NAME
    python -m ipdash users add NAME --areas pudong,yangpu [--departments 保护处,办公室] [--password-stdin]
    python -m ipdash users add NAME --role admin|viewer [--password-stdin]   # analyst is the default
    python -m ipdash users list | users remove NAME
    python -m ipdash template --csv FILE | --xlsx FILE [--year 2025]

Exit codes: 0 done; 2 bad input (a rejected file: one line per problem on stderr with sheet,
row, column, value and what was expected; an unknown user; no permission; the data changed since
the dry run; a write that failed — disk full, I/O error — with whether the batch was committed);
3 warnings that need ``--yes``. A dry run prints the data version it previewed; ``--expect-version``
makes the commit refuse if the data have changed since (someone else committed). The command
line is for people with shell access to the server, so ``--user`` is not asked for a password —
but it must name a user in the users file, and only that user's areas may be written.
"""

from __future__ import annotations

import getpass
import sys

from ipdash import catalog, i18n, store
from ipdash.accounts import auth
from ipdash.cli import common
from ipdash.ingest import commit, templates, validate
from ipdash.ingest.report import summary
from ipdash.store.backend import LockTimeout

EXIT_BAD_INPUT = 2
EXIT_UNCONFIRMED = 3


def _err(msg: str) -> None:
    print(f"ipdash: {msg}", file=sys.stderr)


def _user(name: str | None):
    if not name:
        return None
    user = auth.get_user(name)
    if user is None:
        _err(
            f"no user {name!r} in {store.current().users_place()}; "
            "create it with: python -m ipdash users add NAME --areas CODES"
        )
    return user


def _area_names(lang: str) -> dict[str, str]:
    areas = catalog.load(check=False).areas
    return dict(zip(areas["code"], areas["name_zh" if lang == "zh" else "name_en"]))


def _problem_line(p, lang: str, prefix: str = "") -> str:
    exp = p.expected_zh if lang == "zh" else p.expected_en
    where = f"sheet {p.sheet}, " if p.sheet else ""
    return (
        f"{prefix}{where}row {p.row if p.row is not None else '-'}, column {p.column or '-'}, "
        f"value {p.value!r}: expected {exp}"
    )


def cmd_ingest(args) -> int:
    from pathlib import Path

    path = Path(args.file)
    if not path.is_file():
        _err(f"{path}: no such file")
        return EXIT_BAD_INPUT
    if not args.user and not args.dry_run:
        _err("--user NAME is required to commit (or use --dry-run to only check the file)")
        return EXIT_BAD_INPUT
    user = _user(args.user)
    if args.user and user is None:
        return EXIT_BAD_INPUT
    store.current().ensure_consistent()
    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(f"{path}: cannot read it ({exc.strerror or exc})")
        return EXIT_BAD_INPUT
    version = commit.version_token()  # the version this preview is made on
    allowed = None if user is None else ("*" if "*" in user.areas else set(user.areas))
    v = validate.validate(data, path.name, allowed_areas=allowed, sheet=args.sheet)
    for line in summary(v.raw, v.refused_rows, args.lang):
        print(line, file=sys.stderr)
    if not v.ok:
        _err(f"{path.name}: rejected, nothing was written ({len(v.errors)} problems)")
        for p in v.errors:
            print(_problem_line(p, args.lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    diff = commit.preview(v, lang=args.lang)
    n = commit.counts(diff)
    print(
        f"{path.name}: {len(v.rows)} values ({v.raw.layout}, {v.raw.encoding}); new {n['new']}, "
        f"changed {n['changed']}, unchanged {n['unchanged']}",
        file=sys.stderr,
    )
    for text, k in v.conversions(args.lang):
        print(i18n.t("ingest.conv_count", args.lang, text=text, n=k), file=sys.stderr)
    for p in v.warnings:
        print(_problem_line(p, args.lang, "warning: "), file=sys.stderr)
    for line in v.taken_lines(_area_names(args.lang), args.lang):
        print(line, file=sys.stderr)
    common.write_csv(diff.drop(columns=["_row"]).rename(columns={"status": "change"}))
    print(f"data version {version} (commit exactly this preview with --expect-version {version})", file=sys.stderr)
    if args.dry_run:
        return 0
    if v.warnings and not args.yes:
        _err(f"{len(v.warnings)} warnings: check them, then run again with --yes to commit")
        return EXIT_UNCONFIRMED
    if (v.taken or v.proposed_area) and not args.yes:
        _err("what was taken from the title (or proposed from the account) above: check it, then run again with --yes")
        return EXIT_UNCONFIRMED
    try:
        # with --expect-version the commit carries the version a dry run showed; without it, this
        # run's own preview is committed at once (parallel ingests of other keys must all land)
        entry = commit.commit(v, data, user, confirm_warnings=args.yes, expected_version=args.expect_version)
    except commit.CommitIOError as exc:
        key = "ingest.err.io_committed" if exc.committed else "ingest.err.io_not_committed"
        _err(i18n.t(key, args.lang, batch=exc.batch_id, error=exc.error))
        return EXIT_BAD_INPUT
    except LockTimeout as exc:  # another writer held the store too long: say so, exit 2
        _err(str(exc))
        return EXIT_BAD_INPUT
    except commit.CommitError as exc:
        if exc.code == "nothing":
            _err(str(exc) + "; nothing to commit")
            return 0
        _err(i18n.t("ingest.err.stale", args.lang) if exc.code == "stale" else str(exc))
        return EXIT_BAD_INPUT
    except OSError as exc:  # e.g. the lock file cannot be created
        _err(i18n.t("ingest.err.io_not_committed", args.lang, error=exc.strerror or str(exc)))
        return EXIT_BAD_INPUT
    print(f"committed batch {entry['batch_id']} ({entry['n_rows']} rows)", file=sys.stderr)
    return 0


def cmd_batches(args) -> int:
    store.current().ensure_consistent()
    common.write_csv(commit.history())
    return 0


def cmd_revert(args) -> int:
    user = _user(args.user)
    if user is None:
        return EXIT_BAD_INPUT
    try:
        commit.revert(args.batch_id, user)
    except commit.CommitIOError as exc:
        state = "recorded; the rest completes once there is room" if exc.committed else "not done; nothing changed"
        _err(f"revert of batch {exc.batch_id}: {state} ({exc.error})")
        return EXIT_BAD_INPUT
    except commit.CommitError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    print(f"reverted batch {args.batch_id}", file=sys.stderr)
    return 0


def cmd_users(args) -> int:
    try:
        if args.action == "list":
            import pandas as pd

            users = auth.list_users()
            cols = ["user", "areas", "created_at"] + (["departments"] if any(u["departments"] for u in users) else [])
            cols += ["role"] if any(u["role"] != "analyst" for u in users) else []  # as before when all are analysts
            common.write_csv(pd.DataFrame(users, columns=cols))
            return 0
        if not args.name:
            _err(f"users {args.action} needs a NAME")
            return EXIT_BAD_INPUT
        if args.action == "remove":
            if not auth.remove_user(args.name):
                _err(f"no user {args.name}")
                return EXIT_BAD_INPUT
            print(f"removed {args.name}", file=sys.stderr)
            return 0
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                _err("the passwords differ")
                return EXIT_BAD_INPUT
        auth.add_user(
            args.name,
            password,
            (args.areas or "").split(","),
            departments=(args.departments or "").split(","),
            replace=args.replace,
            role=args.role,
        )
    except auth.AuthError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    depts = f", departments {args.departments}" if args.departments else ""
    print(
        f"saved {args.name} ({args.role}, areas {args.areas or '-'}{depts}) in {store.current().users_place()}",
        file=sys.stderr,
    )
    return 0


def cmd_template(args) -> int:
    if not (args.csv or args.xlsx):
        _err("give --csv FILE and/or --xlsx FILE")
        return EXIT_BAD_INPUT
    for kind in ("csv", "xlsx"):
        if getattr(args, kind):
            templates.write(getattr(args, kind), kind, args.year)
            print(f"wrote {getattr(args, kind)}", file=sys.stderr)
    return 0


def _ingest_args(sp) -> None:
    sp.add_argument("file", help="CSV (UTF-8, GBK/GB18030, UTF-16) or .xlsx, long or wide")
    sp.add_argument(
        "--user",
        help="a user of the users file; only their areas may be written "
        "(no password on the command line: shell access is trusted)",
    )
    sp.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    sp.add_argument("--yes", action="store_true", help="confirm the warnings (jumps > 3x, official values changed)")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the problem report")
    sp.add_argument("--sheet", help="read only this sheet of a workbook (default: every sheet with data)")
    sp.add_argument(
        "--expect-version",
        metavar="TOKEN",
        help="the data version a dry run printed: refuse to commit if the data changed since",
    )


def _revert_args(sp) -> None:
    sp.add_argument("batch_id")
    sp.add_argument("--user", required=True, help="a user allowed to write every area of the batch")


def _users_args(sp) -> None:
    sp.add_argument("action", choices=("add", "list", "remove"))
    sp.add_argument("name", nargs="?")
    sp.add_argument("--areas", help="comma-separated area codes (pudong,jingan,yangpu,shanghai) or '*'")
    sp.add_argument(
        "--departments",
        help="comma-separated lead departments, as the plans name them, whose tasks the user may report; "
        "default: every department",
    )
    sp.add_argument(
        "--role",
        choices=("analyst", "admin", "viewer"),
        default="analyst",
        help="analyst (default: uploads and reports in --areas), admin (every area, the administration), "
        "viewer (reads only)",
    )
    sp.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    sp.add_argument("--replace", action="store_true", help="replace an existing user (new password/areas)")


def _template_args(sp) -> None:
    sp.add_argument("--csv", metavar="FILE")
    sp.add_argument("--xlsx", metavar="FILE")
    sp.add_argument("--year", type=int, help="year to pre-fill (default: last complete year)")


COMMANDS = {
    "ingest": (cmd_ingest, "check, preview and commit a CSV/XLSX of actuals (same path as the Upload page)"),
    "batches": (cmd_batches, "upload batch history, as CSV"),
    "revert": (cmd_revert, "revert an upload batch"),
    "users": (cmd_users, "add | list | remove uploaders (users file outside git)"),
    "template": (cmd_template, "write the CSV/XLSX upload template"),
}
EXTRA_ARGS = {"ingest": [_ingest_args], "revert": [_revert_args], "users": [_users_args], "template": [_template_args]}
