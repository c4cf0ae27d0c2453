"""The sender: deliver what an outbox says is due, retry with backoff, never send a key twice.

The outbox is anything with the three operations of ``Outbox`` (the durable one lives in the store,
queued right after the commit that made the events, and derived again from the batch log by
``notify.run`` when that did not happen). A run asks for the messages due
now, delivers each on its channel (``channels.Channels.deliver`` or any callable that raises
``DeliveryError``), and marks each as sent or failed with the time of its next try: ``BASE`` after
the first failure, doubling each time, never more than ``CAP``. A receiver that cannot be reached at
all is not tried again in the same run (its other messages stay due, untouched). Delivery is at
least once: a crash between a receiver's answer and ``mark_sent`` sends that one message again;
the idempotency key goes with it (``Message-ID``, ``Idempotency-Key``) so a receiver can drop it.

    report = send_due(outbox, Channels().deliver)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ipdash.notify.channels import DeliveryError
from ipdash.notify.model import Message

BASE = dt.timedelta(seconds=30)
CAP = dt.timedelta(hours=6)
Deliver = Callable[[Message], None]


class Outbox(Protocol):
    """The queue the sender works on. ``due(now)``: the messages not yet sent whose next try is at or
    before ``now`` (each with ``attempts``, the failures so far); ``mark_sent(key)``: never due again;
    ``mark_failed(key, error, next_try)``: one more failure, due again at ``next_try``."""

    def due(self, now: dt.datetime) -> Sequence[Message]: ...

    def mark_sent(self, key: str) -> None: ...

    def mark_failed(self, key: str, error: str, next_try: dt.datetime) -> None: ...


def backoff(attempts: int, base: dt.timedelta = BASE, cap: dt.timedelta = CAP) -> dt.timedelta:
    """The wait after a failure when ``attempts`` failures came before it: base, 2×, 4× … ≤ cap."""
    if attempts >= 32:  # 2**32 × any base is past any cap; no huge numbers
        return cap
    return min(cap, base * (1 << max(attempts, 0)))


@dataclass
class SendReport:
    """What one run did: keys sent, (key, error, next try) failed, keys left for a later run."""

    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, dt.datetime]] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def send_due(
    outbox: Outbox,
    deliver: Deliver,
    *,
    now: dt.datetime | None = None,
    base: dt.timedelta = BASE,
    cap: dt.timedelta = CAP,
    limit: int | None = None,
) -> SendReport:
    """Deliver the messages due at ``now`` (default: the current UTC time), at most ``limit``; mark each
    sent or failed. A key the run has sent is never delivered again, even if the outbox repeats it."""
    now = _utc_now() if now is None else now
    report = SendReport()
    done: set[str] = set()
    down: set[tuple[str, str]] = set()
    for msg in outbox.due(now):
        if msg.key in done:
            continue
        if limit is not None and len(report.sent) + len(report.failed) >= limit:
            report.deferred.append(msg.key)
            continue
        where = (msg.subscription.channel, msg.subscription.address)
        if where in down:
            report.deferred.append(msg.key)
            continue
        done.add(msg.key)
        try:
            deliver(msg)
        except DeliveryError as exc:
            if exc.unreachable:
                down.add(where)
            _failed(outbox, report, msg, str(exc), now + backoff(msg.attempts, base, cap))
        except Exception as exc:  # a fault of this message (its text, its chart): recorded, the run goes on
            _failed(outbox, report, msg, f"{type(exc).__name__}: {exc}", now + backoff(msg.attempts, base, cap))
        else:
            outbox.mark_sent(msg.key)
            report.sent.append(msg.key)
    return report


def _failed(outbox: Outbox, report: SendReport, msg: Message, error: str, next_try: dt.datetime) -> None:
    outbox.mark_failed(msg.key, error, next_try)
    report.failed.append((msg.key, error, next_try))
