"""API tokens: who may call ``/api/v1`` when ``IPDASH_VIEW=login`` (``Authorization: Bearer <token>``).

    python -m ipdash tokens add reporting-robot      # prints the token once; store only its SHA-256
    python -m ipdash tokens                          # CSV of every token: name, made, by, revoked, last used
    python -m ipdash tokens revoke reporting-robot

A token is ``ipd_`` + its id (8 hex digits) + ``_`` + 43 characters of ``secrets.token_urlsafe(32)``
(256 random bits). The store keeps the token's SHA-256 only (``schema.API_TOKENS``, both backends): a
copy of the store lets nobody call the API. ``verify`` compares digests with ``hmac.compare_digest`` (no
timing difference between a near miss and a far one) and reads the store on every call, so a revoked
token stops at once on every replica. A token names a caller, not an account: it has no areas, so it sees
what everyone sees (preliminary figures stay hidden until published; ``store.visibility``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pandas as pd

from ipdash import store
from ipdash.accounts.audit import audit
from ipdash.store.base import now_iso

PREFIX = "ipd_"
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
TOUCH_EVERY_S = 600.0  # last_used_at: written at most this often per token and process
_touched: dict[str, float] = {}
LISTED = ["name", "token_id", "created_at", "created_by", "revoked_at", "last_used_at"]  # never the digest


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(name: str, by: str = "cli") -> str:
    """Make a token named ``name`` and return it — the only time it is ever shown."""
    if not _NAME.match(name or ""):
        raise ValueError(f"token name {name!r}: use 1–60 letters, digits, '.', '_' or '-'")
    token_id = secrets.token_hex(4)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    record = {
        "token_id": token_id,
        "name": name,
        "sha256": digest(token),
        "created_at": now_iso(),
        "created_by": by,
        "revoked_at": "",
        "last_used_at": "",
    }
    store.current().add_api_token(record)
    audit("token_added", user=by, name=name, token_id=token_id)
    return token


def verify(token: str | None) -> str | None:
    """The name of the valid token ``token`` is, else None (in constant time per stored token)."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    want = digest(token)
    found = None
    for rec in store.current().api_tokens().to_dict("records"):
        # every record is compared, so the time does not tell which one (or whether a revoked one) matched
        same = hmac.compare_digest(want, str(rec["sha256"]))
        if same and not rec["revoked_at"]:
            found = rec
    if found is None:
        return None
    _touch(str(found["token_id"]))
    return str(found["name"])


def _touch(token_id: str) -> None:
    now = time.monotonic()
    if now - _touched.get(token_id, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
        return
    _touched[token_id] = now
    try:
        store.current().touch_api_token(token_id, now_iso())
    except Exception:  # a busy or read-only store never fails the call for a bookkeeping field
        _touched.pop(token_id, None)


def revoke(name: str, by: str = "cli") -> int:
    """Revoke the valid tokens named ``name``; returns how many (0: there was none)."""
    n = store.current().revoke_api_token(name, now_iso())
    if n:
        audit("token_revoked", user=by, name=name)
    return n


def listing() -> pd.DataFrame:
    """Every token without its digest (``tokens`` CSV)."""
    return store.current().api_tokens().reindex(columns=LISTED).reset_index(drop=True)
