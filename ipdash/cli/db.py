"""``python -m ipdash db …`` — the PostgreSQL store (registered in cli/main.py; needs ``IPDASH_STORE``).

    python -m ipdash db init                      # create or upgrade the schema (versioned migrations)
    python -m ipdash db migrate --from DIR        # copy a local data directory in (store, uploads, audit, users)
    python -m ipdash db export --to DIR           # write it back out in the local layout
    python -m ipdash db status                    # schema, data version, row counts

Exit codes: 0 done; 2 bad input or an unreachable / misconfigured database (a message names the
host, the port and what to check).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipdash import store
from ipdash.store import backend, pg, pg_read, pg_schema, pg_transfer

EXIT_BAD_INPUT = 2


def _err(msg: str) -> None:
    print(f"ipdash: {msg}", file=sys.stderr)


def cmd_db(args) -> int:
    if store.current().kind != "postgresql":
        _err(f"set {backend.ENV}=postgresql://user@host:port/database first (the db commands work on PostgreSQL)")
        return EXIT_BAD_INPUT
    backend.target()  # a malformed URL: StoreUnavailable, exit 2 in cli.main
    where = backend.describe()
    try:
        if args.action == "init":
            done = pg_schema.init()
            print(f"{where}: " + (f"applied migrations {done}" if done else "schema up to date"), file=sys.stderr)
        elif args.action == "status":
            _status()
        elif args.action == "migrate":
            if not args.from_dir:
                _err("db migrate needs --from DIR (a local data directory)")
                return EXIT_BAD_INPUT
            m = pg_transfer.migrate(Path(args.from_dir), args.users and Path(args.users), replace=args.replace)
            print(
                f"copied {args.from_dir} into {where}: {m.batches} batches, {m.archives} archived files, "
                f"{m.audit_lines} audit lines, {m.accounts} accounts, {m.reports} milestone reports, "
                f"{m.subscriptions} subscriptions, {m.messages} outbox messages, {m.checkins} check-ins, "
                f"{m.meetings} rows of meetings, commitments and their reports",
                file=sys.stderr,
            )
        else:
            if not args.to_dir:
                _err("db export needs --to DIR")
                return EXIT_BAD_INPUT
            m = pg_transfer.export(Path(args.to_dir), args.users and Path(args.users))
            print(
                f"wrote {where} to {args.to_dir}: {m.batches} batches, {m.archives} archived files, "
                f"{m.audit_lines} audit lines, {m.accounts} accounts, {m.reports} milestone reports, "
                f"{m.subscriptions} subscriptions, {m.messages} outbox messages, {m.checkins} check-ins, "
                f"{m.meetings} rows of meetings, commitments and their reports",
                file=sys.stderr,
            )
    except (ValueError, FileNotFoundError) as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    return 0


def _status() -> None:
    with pg.session() as tx:
        have = pg_schema.applied(tx)
        counts = {}
        if have:
            for t in ("base_actuals", "actuals", "batches", "batch_rows", "archives", "accounts", "audit_log"):
                counts[t] = int(tx.one(f"SELECT count(*) FROM {t}"))
            for t, since in (
                ("milestone_reports", 2),
                ("checkins", 4),
                ("meetings", 5),
                ("commitments", 5),
                ("commitment_reports", 5),
            ):
                if have >= since:
                    counts[t] = int(tx.one(f"SELECT count(*) FROM {t}"))
    print("key,value")
    print(f"store,{backend.target().shown}")
    print(f"schema,{have} (latest {pg_schema.LATEST})")
    if have:
        print(f"data_version,{pg_read.data_version()}")
        for t, n in counts.items():
            print(f"rows.{t},{n}")


def _db_args(sp) -> None:
    sp.add_argument("action", choices=("init", "migrate", "export", "status"))
    sp.add_argument("--from", dest="from_dir", metavar="DIR", help="migrate: the local data directory to copy in")
    sp.add_argument("--to", dest="to_dir", metavar="DIR", help="export: the directory to write")
    sp.add_argument("--users", metavar="FILE", help="the users file (default DIR/users.json)")
    sp.add_argument("--replace", action="store_true", help="migrate: replace a store that already holds data")


COMMANDS = {"db": (cmd_db, "the PostgreSQL store: init | migrate --from DIR | export --to DIR | status")}
EXTRA_ARGS = {"db": [_db_args]}
