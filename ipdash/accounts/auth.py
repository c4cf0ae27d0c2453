"""Who may upload and revert: users, their areas and salted password hashes.

Users live in the store (``store.current()``): locally in ``paths.users_file()`` (JSON; default
``data/users.json``, which git ignores; ``IPDASH_USERS_FILE`` points elsewhere), on PostgreSQL in
its ``accounts`` table. Create them with::

    python -m ipdash users add wang --areas pudong,yangpu        # asks for the password
    python -m ipdash users add zhao --role admin                 # every area, the administration
    python -m ipdash users add qian --role viewer                # reads only
    python -m ipdash users add li --areas pudong --departments 保护处,办公室   # reports only their tasks
    echo "$PW" | python -m ipdash users add li --areas '*' --password-stdin

Local accounts are analysts unless added with ``--role`` (roles: ``accounts.roles``); people who
sign in through the organisation's OIDC provider are ``User``s too, made from their claims by the
roles file (``source="oidc"``; they have no record here).

Passwords are hashed with scrypt (per-user random salt) and compared in constant time.
Failed logins are throttled, never locked out (OWASP authentication guidance). They are counted in
the store (locally a small file next to the users file, ``<users>.attempts.json``), across reruns and
processes, per (user name, client), per account over every client and per client over every name;
past a counter's allowance the next try must wait ``BACKOFF_S`` seconds, doubling with every further
failure up to ``MAX_WAIT_S``; failures are forgotten after ``WINDOW_S``:
- one (name, client) gets ``MAX_FAILURES`` free tries: someone who knows a user name — they are
  public in the batch history — cannot lock its owner out from elsewhere;
- one account gets ``ACCOUNT_MAX_FAILURES`` free tries over every address, so a guesser spread over
  many addresses is slowed to one try per wait (up to an hour);
- one client gets ``CLIENT_MAX_FAILURES`` free failures over all names, after which it waits — but only
  on names it has been failing on and on names that are no account: a colleague behind the same
  office NAT or meeting Wi-Fi signs in with the right password all the same.
Each failure goes to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from ipdash import catalog, store
from ipdash.accounts.audit import audit
from ipdash.accounts.roles import ROLES, grant, identity

MAX_FAILURES = 5  # failures of one (name, client) before the first wait
BACKOFF_S = 30  # the first wait; it doubles with every further failure
MAX_WAIT_S = 3600
WINDOW_S = 24 * 3600  # failures older than this are forgotten
CLIENT_MAX_FAILURES = 20  # failures of one client over all names before its guessing waits too
ACCOUNT_MAX_FAILURES = 10  # failures at one account over every client before the account waits
MIN_PASSWORD = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,40}$")


class AuthError(Exception):
    """``code``: bad_credentials | rate_limited | no_permission | bad_input."""

    def __init__(self, code: str, message: str, retry_after: int = 0):
        self.code, self.retry_after = code, retry_after
        super().__init__(message)


@dataclass(frozen=True)
class User:
    name: str
    areas: tuple[str, ...]  # area codes, or ("*",) for every area
    departments: tuple[str, ...] = ()  # lead departments (牵头部门) reported for; () = every department
    role: str = "analyst"  # viewer | analyst | admin (accounts.roles)
    source: str = "local"  # local (the users file) | oidc (single sign-on: the roles file)

    @property
    def may_edit(self) -> bool:
        """Upload, report, revert (in the user's areas): analysts and admins, never viewers."""
        return self.role in ("analyst", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_write(self, area: str) -> bool:
        if not self.may_edit:
            return False
        return self.is_admin or "*" in self.areas or area in self.areas

    def allowed(self, all_areas) -> set[str]:
        if not self.may_edit:
            return set()
        return set(all_areas) if self.is_admin or "*" in self.areas else set(self.areas) & set(all_areas)


def _hash(password: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )


def _load() -> dict:
    data = store.current().load_users()
    if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
        raise AuthError("bad_input", f"{store.current().users_place()} is not an ipdash users file")
    return data


def _save(data: dict) -> None:
    store.current().save_users(data)  # inside accounts_lock("accounts")


def _record_user(name: str, rec: dict) -> User:
    role = rec.get("role") or "analyst"  # accounts made before roles existed are analysts
    return User(name, tuple(rec["areas"]), tuple(rec.get("departments") or ()), role if role in ROLES else "viewer")


def may_report(user: User, milestone) -> bool:
    """May ``user`` report the status of ``milestone`` (a mapping with ``area`` and
    ``lead_department``)? Only in the user's areas; when the account names departments, only
    tasks one of them leads (a task led by several may be reported by any of them; a task whose
    text names no lead is then for area-wide accounts only)."""
    if not user.may_write(str(milestone["area"])):
        return False
    if not user.departments or user.is_admin:
        return True
    return bool(set(catalog.split_departments(str(milestone["lead_department"] or ""))) & set(user.departments))


def _check_departments(departments: list[str]) -> list[str]:
    departments = list(dict.fromkeys(d.strip() for d in departments if d.strip()))
    known = catalog.departments(catalog.read_table("milestones"))
    unknown = [d for d in departments if d not in known]
    if unknown:
        raise AuthError(
            "bad_input",
            f"--departments takes lead departments as the plans name them ({', '.join(known)}); "
            f"unknown: {', '.join(unknown)}",
        )
    return departments


def add_user(
    name: str,
    password: str,
    areas: list[str],
    *,
    departments: list[str] | None = None,
    replace: bool = False,
    role: str = "analyst",
) -> User:
    """A local account. Analysts need areas; an admin has every area ("*"), a viewer none."""
    if not _NAME.match(name or ""):
        raise AuthError("bad_input", "user names are 1–40 letters, digits, Chinese characters, '_', '.', '-'")
    if len(password or "") < MIN_PASSWORD:
        raise AuthError("bad_input", f"the password needs at least {MIN_PASSWORD} characters")
    if role not in ROLES:
        raise AuthError("bad_input", f"--role takes {', '.join(ROLES)}")
    areas = [a.strip() for a in areas if a.strip()]
    if role != "analyst":
        if areas or [d for d in departments or [] if d.strip()]:
            raise AuthError(
                "bad_input", f"a {role} has {'every' if role == 'admin' else 'no'} area: drop --areas/--departments"
            )
        areas = ["*"] if role == "admin" else []
    known = set(catalog.read_table("areas")["code"])
    unknown = [a for a in areas if a != "*" and a not in known]
    if (role == "analyst" and not areas) or unknown:
        raise AuthError(
            "bad_input",
            f"--areas takes area codes ({', '.join(sorted(known))}) or '*'"
            + (f"; unknown: {', '.join(unknown)}" if unknown else ""),
        )
    departments = _check_departments(departments or [])
    salt = secrets.token_bytes(16)
    with store.current().accounts_lock("accounts"):
        data = _load()
        if name in data["users"] and not replace:
            raise AuthError("bad_input", f"user {name} exists; remove it first or use --replace")
        data["users"][name] = {
            "areas": areas,
            "departments": departments,
            "role": role,
            "algo": "scrypt",
            **_SCRYPT,
            "salt": salt.hex(),
            "hash": _hash(password, salt, _SCRYPT).hex(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _save(data)
    return User(name, tuple(areas), tuple(departments), role)


def sso_user(claims: dict, rules) -> User | None:
    """The user a person signed in through the OIDC provider is: their claims mapped by the roles
    file's ``rules`` (``accounts.roles``); None when the file refuses them or they carry no subject."""
    if not claims.get("sub"):
        return None
    g = grant(rules, claims)
    if g is None:
        return None
    return User(identity(claims), g.areas, g.departments, g.role, source="oidc")


def remove_user(name: str) -> bool:
    with store.current().accounts_lock("accounts"):
        data = _load()
        found = data["users"].pop(name, None) is not None
        if found:
            _save(data)
    return found


def list_users() -> list[dict]:
    return [
        {
            "user": n,
            "areas": ",".join(u["areas"]),
            "created_at": u.get("created_at", ""),
            "departments": ",".join(u.get("departments") or ()),
            "role": u.get("role") or "analyst",
        }
        for n, u in sorted(_load()["users"].items())
    ]


def get_user(name: str) -> User | None:
    u = _load()["users"].get(name)
    return _record_user(name, u) if u else None


# ---------------------------------------------------------------- failed-login throttling
# Three counters, each free up to its allowance and then backing off (BACKOFF_S doubling to MAX_WAIT_S):
# - per (name, client): the guessing from one address at one account;
# - per account, over every address: a guesser spread over many addresses still gets only
#   ACCOUNT_MAX_FAILURES tries a window, then one per wait (its owner waits too: a throttled account);
# - per client, over every name: gates only the names this client has been failing on and names
#   that are no account — so one guesser behind the office NAT never stops a colleague at the same
#   address with the right password for their own account (throttle the guessing, not the owner).
def _read_attempts() -> dict:
    return store.current().read_attempts()


def _recent(times: list, now: float) -> list[float]:
    return [t for t in times if isinstance(t, (int, float)) and now - t < WINDOW_S]


def _pair_key(name: str, client: str) -> str:
    return f"{name}\x1f{client or '-'}"


def _account_key(name: str) -> str:
    return f"{name}\x1f*"


def _client_key(client: str) -> str:
    return f"*\x1f{client or '-'}"


def _wait(recent: list[float], free: int, now: float) -> int:
    if len(recent) < free:
        return 0
    wait = min(BACKOFF_S * 2 ** (len(recent) - free), MAX_WAIT_S)
    return max(0, int(max(recent) + wait - now) + 1) if max(recent) + wait > now else 0


def _waits(data: dict, name: str, client: str, known: bool, now: float) -> int:
    pair = _recent(data.get(_pair_key(name, client), []), now)
    waits = [_wait(pair, MAX_FAILURES, now)]
    if known:
        waits.append(_wait(_recent(data.get(_account_key(name), []), now), ACCOUNT_MAX_FAILURES, now))
    if pair or not known:  # the client's own cap: only where it has been failing, or on no account
        waits.append(_wait(_recent(data.get(_client_key(client), []), now), CLIENT_MAX_FAILURES, now))
    return max(waits)


def retry_after(name: str, now: float | None = None, client: str = "") -> int:
    """Seconds until ``name`` may try again from ``client`` (0 = now)."""
    now = time.time() if now is None else now
    known = name in _load()["users"]
    return _waits(_read_attempts(), name, client, known, now)


def _record_failure(name: str, client: str, known: bool, now: float) -> None:
    data = {k: r for k, v in _read_attempts().items() if (r := _recent(v, now))}
    keys = [_pair_key(name, client), _client_key(client)] + ([_account_key(name)] if known else [])
    for k in keys:
        data[k] = [*data.get(k, [])[-50:], now]
    _write_attempts(data)


def _clear_failures(name: str, client: str) -> None:
    """The owner signed in from ``client``: forget that pair's failures (not the account's: a
    guesser elsewhere must not win fresh tries whenever the owner signs in)."""
    data = _read_attempts()
    if data.pop(_pair_key(name, client), None) is not None:
        _write_attempts(data)


def _write_attempts(data: dict) -> None:
    store.current().write_attempts(data)  # inside accounts_lock("attempts")


def authenticate(name: str, password: str, client: str = "") -> User:
    """The user, or ``AuthError`` (bad_credentials / rate_limited). Failures are audited.

    ``client`` identifies where the attempt comes from (the browser's address; "" for the
    command line); see the counters above."""
    name = (name or "").strip()[:80]
    client = (client or "").strip()[:80]
    now = time.time()
    with store.current().accounts_lock("attempts"):
        u = _load()["users"].get(name)
        wait = _waits(_read_attempts(), name, client, u is not None, now)
        if wait:
            audit("login_failed", user=name, client=client, reason="rate_limited")
            raise AuthError("rate_limited", f"too many failed logins for {name}; try again in {wait} s", wait)
        params = {k: u[k] for k in ("n", "r", "p")} if u else _SCRYPT
        salt = bytes.fromhex(u["salt"]) if u else b"\0" * 16
        digest = _hash(password or "", salt, params)  # hash even for unknown names: same timing
        if u and hmac.compare_digest(digest, bytes.fromhex(u["hash"])):
            _clear_failures(name, client)
            return _record_user(name, u)
        _record_failure(name, client, u is not None, now)
    audit("login_failed", user=name, client=client, reason="bad_credentials")
    raise AuthError("bad_credentials", "wrong user name or password")
