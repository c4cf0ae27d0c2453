"""``python -m ipdash subscriptions`` and ``python -m ipdash notify`` — alerts to 企业微信, 钉钉, email, webhooks.

    python -m ipdash subscriptions add NAME (--email ADDR | --wecom URL | --dingtalk URL [--secret S]
        | --webhook URL) [--areas A …] [--departments D …] [--targets T …] [--events E …] [--lang zh|en]
    python -m ipdash subscriptions                 # every subscription as CSV (secrets hidden)
    python -m ipdash subscriptions remove ID
    python -m ipdash notify                        # derive what is not queued yet, send what is due
    python -m ipdash notify --status               # the outbox: queued, failed (last error), sent

Lists may be given space- or comma-separated. Bad input: a message on stderr, exit 2. After each
``ingest`` and ``revert`` of this process the commit's alerts are sent at once (at most
``AFTER_COMMIT_S`` seconds per receiver); what could not go out waits for the next ``notify``.
"""

from __future__ import annotations

import sys

import pandas as pd

from ipdash import store
from ipdash.cli import common
from ipdash.notify import outbox, run
from ipdash.notify.channels import Channels
from ipdash.notify.model import EVENT_KINDS, Event, Subscription
from ipdash.store import read
from ipdash.store.backend import LockTimeout

EXIT_BAD_INPUT = 2
AFTER_COMMIT_S = 8.0
CHANNEL_FLAGS = ("email", "wecom", "dingtalk", "webhook")


def _err(msg: str, cmd: str = "subscriptions") -> None:
    print(f"ipdash {cmd}: {msg}", file=sys.stderr)


def _items(values: list[str] | None) -> tuple[str, ...]:
    return tuple(x.strip() for v in values or () for x in v.split(",") if x.strip())


def _unknown(given: tuple[str, ...], known: set[str], what: str) -> str | None:
    bad = [g for g in given if g not in known]
    return f"unknown {what} {', '.join(bad)}; known: {', '.join(sorted(known))}" if bad else None


def subscription_from_args(args) -> Subscription:
    """The subscription the flags describe; ``ValueError`` with what is wrong."""
    given = [c for c in CHANNEL_FLAGS if getattr(args, c)]
    if len(given) != 1:
        raise ValueError("give exactly one of --email ADDR, --wecom URL, --dingtalk URL, --webhook URL")
    if not (args.name or "").strip():
        raise ValueError("give the subscription a NAME: subscriptions add NAME …")
    areas, targets, events = _items(args.areas), _items(args.targets), _items(args.events)
    problem = (
        _unknown(areas, set(read.table("areas")["code"]), "areas")
        or _unknown(targets, set(read.table("targets")["target_id"]), "targets")
        or _unknown(events, set(EVENT_KINDS), "events")
    )
    if problem:
        raise ValueError(problem)
    return Subscription(
        id=outbox.new_id(),
        name=args.name.strip(),
        channel=given[0],  # type: ignore[arg-type]
        address=getattr(args, given[0]).strip(),
        secret=args.secret or "",
        areas=areas,
        departments=_items(args.departments),
        targets=targets,
        events=events,  # type: ignore[arg-type]
        lang=args.lang,
    )


def listing(st=None) -> pd.DataFrame:
    """Every subscription, secrets hidden (``secret`` says only whether there is one)."""
    df = (st or store.current()).subscriptions().copy()
    df["secret"] = df["secret"].map(lambda s: "yes" if s else "")
    return df


def cmd_subscriptions(args) -> int:
    st = store.current()
    if args.action == "list":
        common.write_csv(listing(st))
        return 0
    if args.action == "remove":
        if not args.name:
            _err("give the ID to remove: subscriptions remove ID (the ids: python -m ipdash subscriptions)")
            return EXIT_BAD_INPUT
        if not st.remove_subscription(args.name):
            _err(f"no subscription {args.name!r} (the ids: python -m ipdash subscriptions)")
            return EXIT_BAD_INPUT
        print(f"removed subscription {args.name}", file=sys.stderr)
        return 0
    try:
        sub = subscription_from_args(args)
        st.add_subscription(outbox.subscription_record(sub, user=args.user or ""))
    except ValueError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    print(sub.id)
    print(f"added subscription {sub.id} ({sub.channel} {sub.name})", file=sys.stderr)
    return 0


def cmd_notify(args) -> int:
    if args.status:
        df = run.status()
        n = run.counts(df)
        print(f"queued {n['queued']}, failed {n['failed']} (tried again later), sent {n['sent']}", file=sys.stderr)
        common.write_csv(df)
        return 0
    try:
        report = run.notify(deliver=Channels(timeout=10.0, chart=_chart).deliver)
    except LockTimeout as exc:
        _err(str(exc), "notify")
        return EXIT_BAD_INPUT
    _summary(report)
    return 0


def _chart(event: Event, lang: str) -> bytes | None:
    """The target's detail chart for an email (the scheduled run only: an alert right after a commit
    goes out without it, so it is not held up by drawing)."""
    if event.page != "detail":
        return None
    from ipdash.deck.render import target_png

    return target_png(event.target_id, lang)


def _summary(report: run.NotifyReport) -> None:
    s = report.sent
    print(
        f"derived {len(report.derived)} commits/reverts, queued {report.queued}, sent {len(s.sent)}, "
        f"failed {len(s.failed)}, deferred {len(s.deferred)}",
        file=sys.stderr,
    )
    for key, error, next_try in s.failed:
        print(f"  failed {key[:12]}: {error} (next try {next_try.isoformat(timespec='seconds')})", file=sys.stderr)


def after_write(entry: dict) -> None:
    """``ingest.commit.after_write`` listener of the CLI: send the commit's alerts now, bounded."""
    report = run.after_commit(timeout=AFTER_COMMIT_S)
    if report is not None and (report.sent.sent or report.sent.failed):
        _summary(report)


def _sub_args(sp) -> None:
    sp.add_argument("action", nargs="?", choices=("list", "add", "remove"), default="list")
    sp.add_argument("name", nargs="?", help="add: the subscription's name; remove: its id")
    for flag, meta in (("email", "ADDR"), ("wecom", "URL"), ("dingtalk", "URL"), ("webhook", "URL")):
        sp.add_argument(f"--{flag}", metavar=meta, help=f"add: the {flag} receiver")
    sp.add_argument("--secret", help="add: the DingTalk robot's signing secret")
    sp.add_argument("--areas", nargs="+", metavar="AREA", help="add: area codes followed")
    sp.add_argument("--departments", nargs="+", metavar="DEPT", help="add: lead departments followed")
    sp.add_argument("--targets", nargs="+", metavar="TARGET", help="add: target ids followed")
    sp.add_argument("--events", nargs="+", metavar="KIND", help=f"add: event kinds ({', '.join(EVENT_KINDS)})")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="add: language of the messages")
    sp.add_argument("--user", help="add: who the subscription belongs to (shown on the settings page)")


def _notify_args(sp) -> None:
    sp.add_argument("--status", action="store_true", help="show the outbox: queued, failed with last error, sent")


COMMANDS = {
    "subscriptions": (cmd_subscriptions, "alert subscriptions: list as CSV; add, remove"),
    "notify": (cmd_notify, "derive due alerts (commits, reverts, overdue tasks) and send them; --status"),
}
EXTRA_ARGS = {"subscriptions": [_sub_args], "notify": [_notify_args]}
