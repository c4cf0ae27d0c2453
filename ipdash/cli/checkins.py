"""``python -m ipdash checkin`` / ``checkins`` — check-ins on targets, the same code as the detail page.

    python -m ipdash checkin TARGET_ID --user NAME --note TEXT [--action TEXT] [--confidence high|medium|low]
                             [--expect-version TOKEN] [--lang en]
    python -m ipdash checkins [--target ID]

``checkin`` records one check-in of ``--user`` (no password: shell access is trusted, but the name must be a
user of the users file, whose areas and departments decide which targets they may check in on) against the
data version the command read when it started, or ``--expect-version`` (a version printed by an earlier
``checkins`` or ``ingest --dry-run``: refused when the data have moved since). It prints the stored row as CSV;
exit 2 on a refusal (one line on stderr, in ``--lang``). ``checkins`` prints the history as CSV, newest first,
every column of the ``checkins`` table; the data version it read goes to stderr.
"""

from __future__ import annotations

import sys

import pandas as pd

from ipdash import store
from ipdash.accounts import auth
from ipdash.cli import common
from ipdash.meetings import checkins

EXIT_BAD_INPUT = 2


def _err(msg: str) -> None:
    print(f"ipdash checkin: {msg}", file=sys.stderr)


def cmd_checkin(args) -> int:
    seen = args.expect_version or store.current().data_version()
    user = auth.get_user(args.user) if args.user else None
    if user is None:
        _err(
            f"--user must name a user of {store.current().users_place()}"
            + (f" (no user {args.user!r})" if args.user else "")
            + "; create one with: python -m ipdash users add NAME --areas CODES [--departments D1,D2]"
        )
        return EXIT_BAD_INPUT
    try:
        rec = checkins.add(args.target_id, user, args.note, args.action or "", args.confidence or "", seen_version=seen)
    except checkins.CheckinError as exc:
        _err(checkins.error_text(exc, args.lang))
        return EXIT_BAD_INPUT
    common.write_csv(pd.DataFrame([rec.record()], columns=list(checkins.COLUMNS)))
    print(f"recorded check-in {rec.checkin_id} on {rec.target_id}", file=sys.stderr)
    return 0


def cmd_checkins(args) -> int:
    print(f"data version: {store.current().data_version()}", file=sys.stderr)
    if args.target and checkins.target(args.target) is None:
        _err(f"no target {args.target}")
        return EXIT_BAD_INPUT
    common.write_csv(checkins.history(args.target)[list(checkins.COLUMNS)])
    return 0


def _checkin_args(sp) -> None:
    sp.add_argument("target_id", metavar="TARGET_ID", help="the target checked in on (e.g. PD24-08)")
    sp.add_argument("--user", required=True, help="a user of the users file (their areas and departments)")
    sp.add_argument("--note", required=True, help="why: the situation, in a sentence or two")
    sp.add_argument("--action", help="what is being done about it")
    sp.add_argument("--confidence", choices=checkins.CONFIDENCE, help="the writer's own confidence of meeting it")
    sp.add_argument("--expect-version", metavar="TOKEN", help="refuse if the data version is no longer TOKEN")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of a refusal")


def _checkins_args(sp) -> None:
    sp.add_argument("--target", metavar="ID", help="one target's check-ins only")


COMMANDS = {
    "checkin": (cmd_checkin, "record a check-in on a target: note (why), action, confidence"),
    "checkins": (cmd_checkins, "the check-ins on targets, newest first, as CSV"),
}
EXTRA_ARGS = {"checkin": [_checkin_args], "checkins": [_checkins_args]}
