"""``python -m ipdash history`` and ``freshness`` — a target's status timeline and data freshness.

    python -m ipdash history TARGET_ID [--lang zh|en] [--as-of YEAR] [--no-illustrative]
    python -m ipdash freshness [--lang zh|en] [--today YYYY-MM-DD]

``history`` prints CSV, one row per data version, oldest first (``frames.timeline``): the base
data, each upload batch and each revert, with the target's status, projection and P(meet) then.
``freshness`` prints CSV, one row per area × indicator (``frames.freshness``): latest year with a
real figure, when it arrived, the next figure's due date, and whether it is late. An unknown target
or a bad date gives a clear message on stderr and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import sys

from ipdash.cli import common
from ipdash.frames import freshness, timeline
from ipdash.settings import ViewSettings

EXIT_BAD_INPUT = 2


def cmd_history(args) -> int:
    view = ViewSettings(lang=args.lang, as_of=args.as_of, include_illustrative=not args.no_illustrative)
    try:
        frame = timeline.timeline_frame(args.target_id, view=view)
    except timeline.TimelineError as exc:
        print(f"ipdash history: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    common.write_csv(frame)
    return 0


def cmd_freshness(args) -> int:
    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        print(f"ipdash freshness: --today {args.today!r} is not a date; give YYYY-MM-DD", file=sys.stderr)
        return EXIT_BAD_INPUT
    common.write_csv(freshness.freshness_frame(args.lang, today=today))
    return 0


def add_history_args(sp) -> None:
    sp.add_argument("target_id", metavar="TARGET_ID", help="a target id, e.g. YP26-02 (python -m ipdash targets)")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh")
    sp.add_argument("--as-of", type=int, metavar="YEAR", help="judge every version with the actuals up to YEAR")
    sp.add_argument("--no-illustrative", action="store_true", help="leave out illustrative (not real) values")


def add_freshness_args(sp) -> None:
    sp.add_argument("--lang", choices=("zh", "en"), default="zh")
    sp.add_argument("--today", metavar="YYYY-MM-DD", help="judge lateness on this day (default: today in Shanghai)")


COMMANDS = {
    "history": (cmd_history, "a target's status, projection and P(meet) at every data version, as CSV"),
    "freshness": (cmd_freshness, "per area and indicator: latest figure, when it arrived, next due, late, as CSV"),
}
EXTRA_ARGS = {"history": [add_history_args], "freshness": [add_freshness_args]}
