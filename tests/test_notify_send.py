"""The sender over an in-memory outbox: backoff doubling up to its cap, each message delivered exactly
once however often its receiver fails, an unreachable receiver tried once per run, a faulty message
recorded without stopping the run (delivery faked here; real receivers: test_notify_receivers)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from ipdash.notify import send
from ipdash.notify.channels import DeliveryError
from ipdash.notify.model import Message, message
from tests.notify_support import T0, MemoryOutbox, event, sub


# ------------------------------------------------------------------ backoff and the sender
def test_backoff_doubles_up_to_the_cap():
    waits = [send.backoff(n) for n in range(0, 40)]
    assert waits[0] == send.BASE and waits[1] == 2 * send.BASE and waits[3] == 8 * send.BASE
    assert all(a <= b for a, b in itertools.pairwise(waits)) and max(waits) == send.CAP == waits[-1]


class FlakyReceiver:
    """Fails the first ``down`` deliveries of each key, then takes them; counts what arrived."""

    def __init__(self, down: dict[str, int], errcode: bool = False):
        self.down, self.errcode = dict(down), errcode
        self.arrived: list[str] = []

    def __call__(self, msg: Message) -> None:
        if self.down.get(msg.key, 0) > 0:
            self.down[msg.key] -= 1
            raise DeliveryError("errcode 310000" if self.errcode else "down", unreachable=not self.errcode)
        self.arrived.append(msg.key)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6))
def test_every_message_arrives_exactly_once_however_often_the_receiver_fails(fails):
    """Property: with each key failing a few times, runs at growing times deliver each key exactly once."""
    outbox = MemoryOutbox()
    msgs = [message(sub(f"s{i}", address=f"a{i}"), event()) for i in range(len(fails))]
    outbox.add(msgs, T0)
    receiver = FlakyReceiver({m.key: n for m, n in zip(msgs, fails)})
    now = T0
    for _ in range(10):
        send.send_due(outbox, receiver, now=now)
        now += send.CAP
    assert sorted(receiver.arrived) == sorted(m.key for m in msgs)
    assert all(outbox.rows[m.key].attempts == n for m, n in zip(msgs, fails))
    assert send.send_due(outbox, receiver, now=now + send.CAP).sent == []


def test_a_failure_waits_its_backoff_and_the_outbox_is_never_asked_twice():
    outbox = MemoryOutbox()
    m = message(sub(), event())
    outbox.add([m, m], T0)  # enqueued twice: one row
    receiver = FlakyReceiver({m.key: 2}, errcode=True)
    r1 = send.send_due(outbox, receiver, now=T0)
    assert r1.sent == [] and r1.failed == [(m.key, "errcode 310000", T0 + send.BASE)]
    assert send.send_due(outbox, receiver, now=T0 + send.BASE - dt.timedelta(seconds=1)).failed == []  # not due
    r2 = send.send_due(outbox, receiver, now=T0 + send.BASE)
    assert r2.failed[0][2] == T0 + send.BASE + 2 * send.BASE  # the second wait is twice the first
    assert send.send_due(outbox, receiver, now=T0 + send.CAP).sent == [m.key]
    assert outbox.sent_calls == [m.key] and receiver.arrived == [m.key]


def test_a_repeated_key_from_the_outbox_is_delivered_once():
    m = message(sub(), event())

    class Repeating(MemoryOutbox):
        def due(self, now):
            return [m, m, m]

    outbox = Repeating()
    outbox.add([m], T0)
    receiver = FlakyReceiver({})
    assert send.send_due(outbox, receiver, now=T0).sent == [m.key]
    assert receiver.arrived == [m.key]


def test_an_unreachable_receiver_is_tried_once_per_run_and_others_go_on():
    down = [message(sub(f"d{i}", address="down"), event()) for i in range(3)]
    up = message(sub("u", address="up"), event())
    outbox = MemoryOutbox()
    outbox.add([*down, up], T0)
    tried: list[str] = []
    dead = {down[0].subscription.address}

    def deliver(msg):
        tried.append(msg.key)
        if msg.subscription.address in dead:
            raise DeliveryError("cannot be reached", unreachable=True)

    r = send.send_due(outbox, deliver, now=T0)
    assert tried == [down[0].key, up.key]  # the dead receiver was tried once, the other one still got its message
    assert [k for k, _, _ in r.failed] == [down[0].key] and r.deferred == [down[1].key, down[2].key]
    assert r.sent == [up.key] and outbox.rows[down[1].key].attempts == 0  # deferred, not counted as failed
    dead.clear()
    assert send.send_due(outbox, deliver, now=T0).sent == [down[1].key, down[2].key]  # still due now
    assert send.send_due(outbox, deliver, now=T0 + send.BASE).sent == [down[0].key]  # after its wait


def test_a_bug_in_one_message_does_not_stop_the_run():
    bad, good = message(sub("b"), event()), message(sub("g"), event())
    outbox = MemoryOutbox()
    outbox.add([bad, good], T0)

    def deliver(msg):
        if msg.key == bad.key:
            raise KeyError("no string")

    r = send.send_due(outbox, deliver, now=T0)
    assert r.sent == [good.key] and r.failed[0][0] == bad.key and "KeyError" in outbox.rows[bad.key].last_error


def test_limit_leaves_the_rest_for_the_next_run():
    msgs = [message(sub(f"s{i}"), event()) for i in range(5)]
    outbox = MemoryOutbox()
    outbox.add(msgs, T0)
    r = send.send_due(outbox, FlakyReceiver({}), now=T0, limit=2)
    assert len(r.sent) == 2 and len(r.deferred) == 3
    assert len(send.send_due(outbox, FlakyReceiver({}), now=T0).sent) == 3
