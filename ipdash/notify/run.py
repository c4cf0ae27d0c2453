"""What ``python -m ipdash notify`` and every commit run: derive the events not yet in the outbox,
queue one message per matching subscription, send what is due.

Events of commits come from the batch log, not from the commit itself: every commit and every revert
is an *occurrence* (``<batch id>`` at its ``committed_at``, ``<batch id>:reverted`` at its
``reverted_at``); its events compare every target judged on the data just before it with the data
just after it (``events.status_events``). Only the targets whose series the occurrence changed are
judged — those of an (area, indicator) in a batch live on one side only: every other target has the
same inputs on both sides, so the same judgement (the engine is pure), and no event. The store
records each occurrence whose events were queued (``Store.notified_versions``), in the same write as
its messages (``Store.enqueue``), so an occurrence is derived again until its messages are safely
stored: a process killed between the commit and the enqueue, or between the enqueue and the send,
loses nothing — the next commit or ``notify`` run picks it up, and the idempotency keys make a
second enqueue add nothing.
A subscription hears of occurrences after it was added only. Overdue tasks and commitments come
from the milestones as they are now: one message per (task, status) once it is past its due year.

    report = notify()                 # derive (commits, reverts, overdue), then send what is due
    after_commit(timeout=8.0)         # what the upload paths run after their commit
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ipdash import store
from ipdash.engine.evaluate import evaluate_all
from ipdash.notify import events as ev
from ipdash.notify.channels import Channels
from ipdash.notify.model import Event, Message, Subscription
from ipdash.notify.outbox import StoreOutbox, subscriptions
from ipdash.notify.send import Deliver, SendReport, send_due
from ipdash.settings import DEFAULT_VIEW
from ipdash.store import milestones, read
from ipdash.store.base import Store

_KEYS = ["area", "indicator", "year"]
REVERTED = ":reverted"


@dataclass
class NotifyReport:
    """What one run did: occurrences derived, messages queued, and the sender's report."""

    derived: list[str] = field(default_factory=list)
    queued: int = 0
    sent: SendReport = field(default_factory=SendReport)


def occurrences(log: pd.DataFrame) -> list[tuple[str, pd.Timestamp]]:
    """(version, when) of every commit and revert in the batch log, oldest first."""
    out: list[tuple[str, pd.Timestamp]] = []
    for r in log.to_dict("records"):
        out.append((str(r["batch_id"]), pd.Timestamp(r["committed_at"]).tz_convert("UTC")))
        if str(r.get("reverted_at") or ""):
            out.append((str(r["batch_id"]) + REVERTED, pd.Timestamp(r["reverted_at"]).tz_convert("UTC")))
    return sorted(out, key=lambda x: x[1])


class _Judge:
    """Every target judged on the data at a moment: the base overlaid by the batches active then."""

    def __init__(self, st: Store, log: pd.DataFrame) -> None:
        self.st = st
        self.log = log.assign(
            _c=pd.to_datetime(log["committed_at"], utc=True, format="ISO8601"),
            _r=pd.to_datetime(log["reverted_at"].replace("", None), utc=True, format="ISO8601"),
        )
        self.rows: dict[str, pd.DataFrame] = {}
        self.base = read.table("base_actuals")
        self.targets = read.table("targets")
        self.indicators = read.table("indicators")

    def _batch(self, batch_id: str) -> pd.DataFrame:
        if batch_id not in self.rows:
            got = self.st.batch_rows(batch_id)
            self.rows[batch_id] = got if got is not None else self.base.iloc[0:0]
        return self.rows[batch_id]

    def live(self, when: pd.Timestamp) -> list[str]:
        """The batches whose rows are in the data at ``when``, in commit order."""
        lg = self.log
        return [str(b) for b in lg.loc[(lg["_c"] <= when) & ~(lg["_r"].notna() & (lg["_r"] <= when)), "batch_id"]]

    def touched(self, then: pd.Timestamp, when: pd.Timestamp) -> pd.MultiIndex:
        """The (area, indicator) series that can differ between ``then`` and ``when``: those of the
        batches live at one of the two moments only."""
        moved = set(self.live(then)) ^ set(self.live(when))
        rows = [self._batch(b)[["area", "indicator"]] for b in sorted(moved)]
        both = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame({"area": [], "indicator": []})
        return pd.MultiIndex.from_frame(both.astype(object).drop_duplicates())

    def at(self, when: pd.Timestamp, series: pd.MultiIndex | None = None) -> pd.DataFrame:
        """Every target judged on the data at ``when`` (``series`` given: only the targets of those
        (area, indicator) pairs, on their rows only)."""
        targets = self.targets if series is None else _of(self.targets, series)
        frames = [_of(self.base, series).assign(_order=0)]
        frames += [_of(self._batch(b), series).assign(_order=i) for i, b in enumerate(self.live(when), 1)]
        df = pd.concat(frames, ignore_index=True).sort_values([*_KEYS, "_order"], kind="stable")
        df = df.drop_duplicates(_KEYS, keep="last").drop(columns="_order").reset_index(drop=True)
        if not DEFAULT_VIEW.include_illustrative:
            df = df[df["provenance"] != "illustrative"].reset_index(drop=True)
        df = read.visible(df)  # alerts leave the dashboard: no preliminary figure before its publication date
        return evaluate_all(targets, df, self.indicators, as_of=DEFAULT_VIEW.as_of, method=DEFAULT_VIEW.method)


def _of(df: pd.DataFrame, series: pd.MultiIndex | None) -> pd.DataFrame:
    """The rows of ``df`` in the (area, indicator) pairs ``series`` (all of them when None), order kept."""
    if series is None:
        return df
    near = df[df["area"].isin(series.get_level_values(0).unique())]  # a cheap first cut of 1 M rows
    return near[pd.MultiIndex.from_arrays([near["area"], near["indicator"]]).isin(series)]


def derive(st: Store, subs: Sequence[tuple[Subscription, str, str]], *, overdue: bool) -> tuple[int, list[str]]:
    """Queue the messages of every occurrence not yet notified (and of overdue milestones when
    ``overdue``); returns (messages added, occurrences derived)."""
    box = StoreOutbox(st)
    done = st.notified_versions()
    todo = [(v, at) for v, at in occurrences(st.read_batches()) if v not in done]
    added, derived = 0, []
    judge: _Judge | None = None
    names: tuple[ev.Names, ev.Names] | None = None
    for version, at in todo:
        mine = [s for s, _, created in subs if pd.Timestamp(created) <= at]
        msgs: list[Message] = []
        if mine:
            judge = judge or _Judge(st, st.read_batches())
            names = names or ev.catalog_names()
            then = at - pd.Timedelta(microseconds=1)
            series = judge.touched(then, at)
            events = ev.status_events(
                judge.at(then, series),
                judge.at(at, series),
                version=version,
                indicator_names=names[0],
                area_names=names[1],
            )
            msgs = ev.match(mine, events)
        added += box.add(msgs, [version])
        derived.append(version)
    if overdue and subs:
        late = overdue_events()
        added += box.add(ev.match([s for s, _, _ in subs], late))
    return added, derived


def overdue_events() -> list[Event]:
    """One event per milestone past its due year and not done (a new one when its status changes)."""
    current = milestones.current()
    if current.empty:
        return []
    names = ev.catalog_names()
    return ev.overdue_events(current, version="overdue", area_names=names[1])


def notify(
    *,
    st: Store | None = None,
    deliver: Deliver | None = None,
    overdue: bool = True,
    now: dt.datetime | None = None,
    limit: int | None = None,
    lock_timeout: float = 60.0,
) -> NotifyReport:
    """Derive what is not yet queued, then send what is due (``deliver``: default ``Channels``)."""
    st = st or store.current()
    with st.outbox_lock(lock_timeout):
        subs = subscriptions(st)
        added, derived = derive(st, subs, overdue=overdue)
        report = NotifyReport(derived=derived, queued=added)
        report.sent = send_due(StoreOutbox(st), deliver or Channels(timeout=5.0).deliver, now=now, limit=limit)
    return report


def after_commit(*, timeout: float = 8.0, background: bool = False) -> NotifyReport | None:
    """Run after an upload commit or a revert: derive its events and send them, within ``timeout``
    seconds (each receiver gets at most that long). ``background``: in a daemon thread (the app),
    returning at once; a failure there is left to the next ``notify`` run, which sends what stayed."""

    def work() -> NotifyReport | None:
        try:
            if store.current().subscriptions().empty:
                return None
            return notify(overdue=False, deliver=Channels(timeout=timeout).deliver, lock_timeout=timeout)
        except Exception:  # the commit stands; what was not queued or sent is picked up by `notify`
            return None

    if background:
        threading.Thread(target=work, name="ipdash-notify", daemon=True).start()
        return None
    return work()


def status(st: Store | None = None) -> pd.DataFrame:
    """The outbox as ``notify --status`` shows it: key, subscription, version, status, attempts,
    next try, last error, when queued and sent (no payload)."""
    df = (st or store.current()).outbox()
    return df.drop(columns=["payload"])


def counts(df: pd.DataFrame) -> dict[str, int]:
    return {s: int((df["status"] == s).sum()) for s in ("queued", "failed", "sent")}
