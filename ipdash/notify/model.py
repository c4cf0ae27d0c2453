"""The typed records of notifications: an ``Event`` (something happened to a followed target), a
``Subscription`` (who follows what, on which channel, in which language) and a ``Message`` (one
event for one subscription, with its idempotency key). Plain frozen dataclasses, no I/O."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args
from urllib.parse import urlsplit

EventKind = Literal["status_change", "pmeet_drop", "overdue_task", "overdue_commitment", "checkin", "pack_ready"]
ChannelKind = Literal["email", "wecom", "dingtalk", "webhook"]
Lang = Literal["zh", "en"]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)
CHANNEL_KINDS: tuple[ChannelKind, ...] = get_args(ChannelKind)
NAN = math.nan


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to ``target_id`` (a target, or a milestone for the task events) at data
    version ``version`` (the batch id, the report id, the pack's date: what makes the event unique).

    ``old_status``/``new_status`` are codes (engine or milestone statuses; equal when the status did
    not move); ``latest_value`` is in ``unit`` (the catalog's zh unit), ``latest_year`` its year;
    ``p_meet_before``/``p_meet_after`` are fractions (NaN when unknown). ``names`` and ``area_names``
    give the target's and the area's name per language, so a message is written without the store.
    ``departments``: the lead departments (tasks and commitments); ``page``: the app page linked."""

    kind: EventKind
    target_id: str
    area: str
    version: str
    old_status: str = ""
    new_status: str = ""
    latest_value: float = NAN
    unit: str = ""
    latest_year: int | None = None
    p_meet_before: float = NAN
    p_meet_after: float = NAN
    names: Mapping[str, str] = field(default_factory=dict)
    area_names: Mapping[str, str] = field(default_factory=dict)
    departments: tuple[str, ...] = ()
    indicator: str = ""
    page: str = "detail"

    @property
    def key(self) -> str:
        """What makes this event one event: kind, target, the status move and the version."""
        return f"{self.kind}:{self.target_id}:{self.old_status}>{self.new_status}:{self.version}"

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("zh") or self.target_id

    def area_name(self, lang: str) -> str:
        return self.area_names.get(lang) or self.area_names.get("zh") or self.area


@dataclass(frozen=True, slots=True)
class Subscription:
    """Who follows what. ``address``: the email address or the robot's / webhook's URL; ``secret``: a
    钉钉 robot's signing secret. ``areas``, ``departments`` and ``targets`` say what is followed (all
    three empty: everything); ``events`` the kinds wanted (empty: every kind)."""

    id: str
    name: str
    channel: ChannelKind
    address: str
    secret: str = ""
    areas: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    events: tuple[EventKind, ...] = ()
    lang: Lang = "zh"

    def __post_init__(self) -> None:
        if self.channel not in CHANNEL_KINDS:
            raise ValueError(f"channel {self.channel!r} is not one of {', '.join(CHANNEL_KINDS)}")
        bad = [e for e in self.events if e not in EVENT_KINDS]
        if bad:
            raise ValueError(f"unknown event kinds {bad}: give some of {', '.join(EVENT_KINDS)}")
        if self.lang not in ("zh", "en"):
            raise ValueError(f"language {self.lang!r}: give zh or en")
        if self.secret and self.channel != "dingtalk":
            raise ValueError("a signing secret belongs to a DingTalk robot only")
        if self.channel == "email":
            local, _, domain = self.address.partition("@")
            if not local or "." not in domain or any(c.isspace() or c in "<>,;" for c in self.address):
                raise ValueError(f"{self.address!r} is not an email address")
        elif urlsplit(self.address).scheme not in ("http", "https") or not urlsplit(self.address).netloc:
            raise ValueError(f"{self.address!r} is not an http(s) URL for the {self.channel} receiver")

    def wants(self, event: Event) -> bool:
        """Whether this subscription follows ``event``: its kind, and its area, target or department."""
        if self.events and event.kind not in self.events:
            return False
        if not (self.areas or self.departments or self.targets):
            return True
        return (
            event.area in self.areas
            or event.target_id in self.targets
            or bool(set(event.departments) & set(self.departments))
        )


def idempotency_key(subscription_id: str, event_key: str) -> str:
    """The key of one (subscription, event): a hash, the same in every run, so nothing is sent twice."""
    return hashlib.sha256(f"{subscription_id}\n{event_key}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Message:
    """One event for one subscription: what the outbox keeps and the sender delivers. ``attempts``:
    how many deliveries failed so far (the sender's backoff grows with it)."""

    key: str
    subscription: Subscription
    event: Event
    attempts: int = 0


def message(subscription: Subscription, event: Event) -> Message:
    return Message(idempotency_key(subscription.id, event.key), subscription, event)
