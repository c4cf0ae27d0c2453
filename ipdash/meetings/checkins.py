"""Check-ins on targets: a dated note (why), an action (what is being done) and, optionally, the writer's
own confidence that the target will be met — kept with the data version it was written against.

Who may check in (``may_check_in``): an account whose areas cover the target's area; where the target has a
lead department (``targets.lead_department``, only where its document names one) and the account is limited
to departments, one of its departments must lead the target. Every check-in is kept (history, newest first:
``history``) and audited (``checkin`` / ``checkin_refused``). A check-in written against a data version that
has moved since the writer read it (a commit or a revert meanwhile) is refused as ``stale``, like an upload
preview: the writer reads the figures again and writes again.

Confidence is a three-step scale, ``CONFIDENCE``: ``high`` (expects to meet the target), ``medium`` (unsure),
``low`` (expects to miss it); empty when the writer gives none. The messages are ``chk.*`` in
``ipdash/strings/checkins.py``.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import pandas as pd

from ipdash import catalog, i18n, schema, store
from ipdash.accounts import auth
from ipdash.accounts.audit import audit
from ipdash.store import read
from ipdash.store.backend import LockTimeout
from ipdash.strings import milestones as vocab

CONFIDENCE = ("high", "medium", "low")
NOTE_MAX = 2000  # characters
ACTION_MAX = 2000
COLUMNS = schema.CHECKINS.names
_cache: dict[str, tuple[str, pd.DataFrame]] = {}


@dataclass(frozen=True)
class CheckIn:
    """One check-in as stored (``schema.CHECKINS``)."""

    checkin_id: str
    target_id: str
    area: str
    note: str
    action: str
    confidence: str  # one of CONFIDENCE, or ""
    data_version: str  # the data version the writer read
    data_as_of: str  # when that version's data last changed (UTC ISO): the latest commit/revert, else the build
    checked_at: str  # UTC ISO, microseconds
    user: str
    department: str  # the writer's departments that lead the target (or all of theirs); "" for area-wide

    def record(self) -> dict[str, str]:
        return asdict(self)


class CheckinError(Exception):
    """``code``: no_user | no_target | no_permission | empty_note | too_long | bad_confidence | stale | lock."""

    def __init__(self, code: str, message: str, **params):
        self.code, self.params = code, params
        super().__init__(message)


def lead(target) -> list[str]:
    """The departments leading ``target`` (a mapping with ``lead_department``; none when the text names none)."""
    return catalog.split_departments(str(target.get("lead_department") or ""))


def may_check_in(user: auth.User, target) -> bool:
    """May ``user`` check in on ``target`` (a mapping with ``area`` and ``lead_department``)?"""
    if not user.may_write(str(target["area"])):
        return False
    leads = lead(target)
    return not (leads and user.departments) or bool(set(leads) & set(user.departments))


def _targets() -> pd.DataFrame:
    tg = read.table("targets")
    if "lead_department" not in tg:  # a store built before targets had lead departments
        tg = tg.assign(lead_department="", lead_department_en="")
    return tg.fillna({"lead_department": "", "lead_department_en": ""})


def target(target_id: str) -> dict | None:
    rows = _targets()
    hit = rows[rows["target_id"] == target_id]
    return hit.iloc[0].to_dict() if len(hit) else None


def checkable(user: auth.User) -> set[str]:
    """The target ids ``user`` may check in on."""
    return {t["target_id"] for t in _targets().to_dict("records") if may_check_in(user, t)}


def _department(user: auth.User, t) -> str:
    leads = lead(t)
    mine = [d for d in leads if d in user.departments] if leads else list(user.departments)
    return vocab.LEAD_JOIN_ZH.join(mine)


def data_as_of() -> str:
    """When the data as they are now last changed: the latest commit or revert, else the build."""
    log = store.current().read_batches()
    times = [str(x) for col in ("committed_at", "reverted_at") if col in log for x in log[col].dropna() if str(x)]
    return max(times) if times else str(store.current().manifest().get("built_at", ""))


def validate(note: str, action: str, confidence: str) -> tuple[str, str, str]:
    """The cleaned (note, action, confidence), or ``CheckinError``."""
    note, action, confidence = (note or "").strip(), (action or "").strip(), (confidence or "").strip().lower()
    if not note:
        raise CheckinError("empty_note", "a check-in needs a note (why)")
    for field, text, most in (("note", note, NOTE_MAX), ("action", action, ACTION_MAX)):
        if len(text) > most:
            raise CheckinError("too_long", f"{field}: {len(text)} characters, at most {most}", field=field, most=most)
    if confidence and confidence not in CONFIDENCE:
        raise CheckinError(
            "bad_confidence", f"confidence {confidence!r}: one of {', '.join(CONFIDENCE)} or none", value=confidence
        )
    return note, action, confidence


def add(
    target_id: str, user: auth.User, note: str, action: str = "", confidence: str = "", *, seen_version: str
) -> CheckIn:
    """Record a check-in of ``user`` on ``target_id``, written against ``seen_version`` (the data version the
    page or command read). Refuses (``CheckinError``) an unknown user or target, a target the account may not
    check in on, an empty or overlong text, an unknown confidence, and a data version that moved since."""
    note, action, confidence = validate(note, action, confidence)
    fresh = auth.get_user(user.name)  # the account as it stands now
    if fresh is None:
        raise CheckinError("no_user", f"no user {user.name}", user=user.name)
    t = target(target_id)
    if t is None:
        raise CheckinError("no_target", f"no target {target_id}", target=target_id)
    if not may_check_in(fresh, t):
        audit("checkin_refused", user=fresh.name, target_id=target_id, reason="no_permission")
        raise CheckinError("no_permission", f"{fresh.name} may not check in on {target_id}", target=target_id)
    now = datetime.now(UTC)
    rec = CheckIn(
        checkin_id=f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}",
        target_id=target_id,
        area=str(t["area"]),
        note=note,
        action=action,
        confidence=confidence,
        data_version=seen_version,
        data_as_of=data_as_of(),
        checked_at=now.isoformat(timespec="microseconds"),
        user=fresh.name,
        department=_department(fresh, t),
    )

    def check_version(now_version: str) -> None:
        if now_version != seen_version:
            raise CheckinError("stale", "the data were updated since you read them; read them again and check in")

    fields = {k: v for k, v in rec.record().items() if k not in ("note", "action")}
    try:
        store.current().add_checkin(rec.record(), fields, check_version=check_version)
    except CheckinError as exc:
        if exc.code == "stale":
            audit("checkin_refused", user=fresh.name, target_id=target_id, reason="stale")
        raise
    except LockTimeout as exc:
        raise CheckinError("lock", str(exc)) from exc
    return rec


def version() -> str:
    return store.current().checkins_version()


def history(target_id: str | None = None) -> pd.DataFrame:
    """Every check-in (or one target's), newest first; kept in memory per store and version."""
    where, v = store.current().describe(), version()
    hit = _cache.get(where)
    if hit is None or hit[0] != v:
        _cache[where] = hit = (v, store.current().checkins())
    df = hit[1]
    return (df[df["target_id"] == target_id] if target_id is not None else df).reset_index(drop=True)


def latest() -> dict[str, dict[str, str]]:
    """The latest check-in of each target that has one: {target_id: record}."""
    h = history()
    return {r["target_id"]: r for r in h.drop_duplicates("target_id", keep="first").to_dict("records")}


def error_text(exc: Exception, lang: str) -> str:
    """A refusal in the user's language."""
    if isinstance(exc, CheckinError):
        return i18n.t(f"chk.err.{exc.code}", lang, **exc.params)
    return str(exc)
