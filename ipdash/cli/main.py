"""``python -m ipdash`` — the same code paths as the app.

Listing commands print CSV on stdout; bad input gives a clear message on stderr and a
non-zero exit. ``IPDASH_DATA_DIR`` points every command at another data directory.
"""

from __future__ import annotations

import argparse
import sys

from ipdash import store
from ipdash.catalog import CatalogError
from ipdash.cli import brief as brief_cli
from ipdash.cli import checkins as checkins_cli
from ipdash.cli import common
from ipdash.cli import db as db_cli
from ipdash.cli import export as export_cli
from ipdash.cli import ingest as ingest_cli
from ipdash.cli import meetings as meetings_cli
from ipdash.cli import milestones as milestones_cli
from ipdash.cli import notify as notify_cli
from ipdash.cli import timeline as timeline_cli
from ipdash.cli import tokens as tokens_cli
from ipdash.engine import backtest
from ipdash.frames import sources, track, verdicts
from ipdash.ingest import commit as ingest_commit
from ipdash.settings import METHODS, ViewSettings
from ipdash.store import build, read
from ipdash.store.backend import StoreUnavailable
from ipdash.store.build import SanityError

EXIT_BAD_INPUT = 2


def cmd_build(args) -> int:
    build.build(log=lambda m: print(m, file=sys.stderr))
    return 0


def cmd_targets(args) -> int:
    common.write_csv(sources.targets_table(lang=args.lang))
    return 0


def cmd_actuals(args) -> int:
    common.write_csv(read.actuals(include_illustrative=not args.no_illustrative))
    return 0


def cmd_status(args) -> int:
    res = verdicts.evaluate(
        view=ViewSettings(as_of=args.as_of, method=args.method, include_illustrative=not args.no_illustrative)
    )
    common.write_csv(res[verdicts.EVALUATE_COLUMNS])
    return 0


def cmd_backtest(args) -> int:
    methods = args.method or list(METHODS)  # every method the engine has, unless some are named
    bt = backtest.backtest(read.actuals(include_illustrative=False), read.table("indicators"), methods=methods)
    common.write_csv(bt if args.detail else backtest.summarize(bt))
    return 0


def cmd_track_record(args) -> int:
    common.write_csv(track.calls() if args.detail else track.summary(args.lang))
    print(track.sentence(args.lang), file=sys.stderr)
    return 0


COMMANDS = {
    "build": (cmd_build, "rebuild the Parquet store from the text catalog"),
    "targets": (cmd_targets, "every target with its clause and source, as CSV"),
    "actuals": (cmd_actuals, "every actual with its provenance, as CSV"),
    "status": (cmd_status, "every target judged: projection, P(meet), pace, status, explanation, as CSV"),
    "track-record": (cmd_track_record, "past verdicts on real figures against what then happened: counts, hit rates"),
    "backtest": (cmd_backtest, "hindcast of every projection method on the real city series (MAPE, 80%% coverage)"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ipdash", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name, (func, help_) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_)
        sp.set_defaults(func=func)
        if name in ("targets", "track-record"):
            sp.add_argument("--lang", choices=("zh", "en"), default="zh")
        if name in ("actuals", "status"):
            sp.add_argument("--no-illustrative", action="store_true", help="leave out illustrative (not real) values")
        if name == "status":
            sp.add_argument(
                "--as-of",
                type=int,
                metavar="YEAR",
                help="judge with the data up to YEAR only (what would we have said then?)",
            )
            sp.add_argument(
                "--method",
                choices=METHODS,
                help="projection method (default: per indicator kind, as the hindcast chose)",
            )
        if name == "track-record":
            sp.add_argument("--detail", action="store_true", help="every past call, not the summary")
        if name == "backtest":
            sp.add_argument("--detail", action="store_true", help="every forecast, not the summary")
            sp.add_argument(
                "--method",
                choices=METHODS,
                action="append",
                help="hindcast only this method (repeatable; default: every method the engine has)",
            )
        for hook in EXTRA_ARGS.get(name, ()):
            hook(sp)
    return p


EXTRA_ARGS: dict[str, list] = {}
for _module in (
    ingest_cli,
    export_cli,
    milestones_cli,
    db_cli,
    timeline_cli,
    notify_cli,
    meetings_cli,
    checkins_cli,
    tokens_cli,
    brief_cli,
):  # ingest, batches, revert, users, template; export; milestones; db; history, freshness; subscriptions, notify;
    # meetings, commitments; checkin, checkins; tokens; brief
    COMMANDS.update(_module.COMMANDS)
    EXTRA_ARGS.update(_module.EXTRA_ARGS)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    ingest_commit.after_write(notify_cli.after_write)  # a commit's alerts go out right after it
    try:
        if args.command not in ("build", "db"):  # db init / migrate work on an empty database
            read.ensure_built()
            store.current().ensure_consistent()  # a killed upload commit never leaves stale actuals behind
        return args.func(args)
    except (CatalogError, SanityError, StoreUnavailable) as exc:
        print(f"ipdash: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
