"""The durable outbox and the subscriptions, kept in the store (``store.current()``, both backends).

A subscription is one ``schema.SUBSCRIPTIONS`` row (lists comma-joined); an outbox row is one
``schema.OUTBOX`` row whose ``payload`` is the message as JSON (the subscription as it was when
the event happened, and the event), so a queued message still goes out after its subscription
changed, and the key (``model.idempotency_key``) makes enqueueing the same event twice a no-op.
``StoreOutbox`` is ``send.Outbox`` over the store: what ``send.send_due`` works on.

    box = StoreOutbox(store.current()); send.send_due(box, Channels().deliver)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, cast

from ipdash.notify.model import Event, Message, Subscription
from ipdash.store.base import Store

STATUSES = ("queued", "failed", "sent")


def iso(at: dt.datetime) -> str:
    """The outbox's time format: UTC, microseconds (text that sorts as time does)."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _split(text: Any) -> tuple[str, ...]:
    return tuple(x.strip() for x in str(text or "").split(",") if x.strip())


def new_id() -> str:
    return "s" + secrets.token_hex(4)


def subscription_record(sub: Subscription, *, user: str = "", created_at: str | None = None) -> dict[str, str]:
    """The stored row of ``sub`` (who added it, when)."""
    return {
        "id": sub.id,
        "name": sub.name,
        "channel": sub.channel,
        "address": sub.address,
        "secret": sub.secret,
        "areas": ",".join(sub.areas),
        "departments": ",".join(sub.departments),
        "targets": ",".join(sub.targets),
        "events": ",".join(sub.events),
        "lang": sub.lang,
        "user": user,
        "created_at": created_at or iso(utc_now()),
    }


def subscription_from(rec: Mapping[str, Any]) -> Subscription:
    return Subscription(
        id=str(rec["id"]),
        name=str(rec["name"]),
        channel=rec["channel"],
        address=str(rec["address"]),
        secret=str(rec.get("secret") or ""),
        areas=_split(rec.get("areas")),
        departments=_split(rec.get("departments")),
        targets=_split(rec.get("targets")),
        events=cast(Any, _split(rec.get("events"))),
        lang=rec.get("lang") or "zh",
    )


def subscriptions(store: Store) -> list[tuple[Subscription, str, str]]:
    """Every stored subscription: (the subscription, who added it, when)."""
    return [
        (subscription_from(r), str(r["user"]), str(r["created_at"])) for r in store.subscriptions().to_dict("records")
    ]


def _plain(x: Any) -> Any:
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, tuple):
        return list(x)
    if isinstance(x, Mapping):
        return dict(x)
    return x


def to_json(msg: Message) -> str:
    event = {f.name: _plain(getattr(msg.event, f.name)) for f in dataclasses.fields(Event)}
    sub = {f.name: _plain(getattr(msg.subscription, f.name)) for f in dataclasses.fields(Subscription)}
    return json.dumps({"subscription": sub, "event": event}, ensure_ascii=False, allow_nan=False)


def from_json(text: str, key: str, attempts: int = 0) -> Message:
    data = json.loads(text)
    e = dict(data["event"])
    for name in ("latest_value", "p_meet_before", "p_meet_after"):
        e[name] = math.nan if e.get(name) is None else float(e[name])
    e["departments"] = tuple(e.get("departments") or ())
    s = dict(data["subscription"])
    for name in ("areas", "departments", "targets", "events"):
        s[name] = tuple(s.get(name) or ())
    return Message(key, Subscription(**s), Event(**e), attempts)


def outbox_rows(messages: Sequence[Message], at: str) -> list[dict[str, Any]]:
    """The outbox rows of new messages: queued, due at once."""
    return [
        {
            "key": m.key,
            "subscription_id": m.subscription.id,
            "version": m.event.version,
            "payload": to_json(m),
            "status": "queued",
            "attempts": 0,
            "next_try": at,
            "last_error": "",
            "created_at": at,
            "sent_at": "",
        }
        for m in messages
    ]


class StoreOutbox:
    """``send.Outbox`` on the store's outbox table: due rows come back as ``Message``s."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, messages: Sequence[Message], versions: Sequence[str] = (), now: dt.datetime | None = None) -> int:
        """Queue ``messages`` (keys already there stay as they are) and record ``versions`` as notified."""
        at = iso(now or utc_now())
        return self.store.enqueue(outbox_rows(messages, at), list(versions), at)

    def due(self, now: dt.datetime) -> Sequence[Message]:
        rows = self.store.outbox_due(iso(now)).to_dict("records")
        return [from_json(str(r["payload"]), str(r["key"]), int(r["attempts"])) for r in rows]

    def mark_sent(self, key: str) -> None:
        self.store.outbox_mark_sent(key, iso(utc_now()))

    def mark_failed(self, key: str, error: str, next_try: dt.datetime) -> None:
        self.store.outbox_mark_failed(key, error[:500], iso(next_try))
