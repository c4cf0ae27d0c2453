"""Roles, and the mapping of an identity provider's claims to them (single sign-on).

Three roles:
- ``viewer``: reads everything, writes nothing (no upload, no task report, no revert);
- ``analyst``: uploads, reports and reverts in their areas (and, when departments are given, reports
  only tasks those lead departments lead) — local accounts are analysts unless added ``--role``;
- ``admin``: every area and department, and the administration (every person's alert subscriptions).

People who sign in through the organisation's OIDC provider (``st.login``) have no local account:
their role, areas and departments come from the roles file (``paths.roles_file()``: default
``data/roles.toml``, ``IPDASH_ROLES_FILE`` points elsewhere; example: ``deploy/roles.example.toml``)::

    default = "viewer"            # no rule matches: "viewer" (read only) or "refuse" (not signed in)
    groups_claim = "groups"       # the claim that holds the person's groups (a list or one string)

    [[rule]]                      # the rules in order: the first that matches decides
    email = ["chen@ipdash.example"]
    role = "admin"

    [[rule]]
    email_domain = "pudong.ipdash.example"
    groups = ["ip-analysts"]      # any of these
    role = "analyst"
    areas = ["pudong"]
    departments = ["保护处"]       # optional; default every department

    [[rule]]
    claims = { department = ["知识产权局", "IP office"] }   # any claim: equal to one (or a list holding one)
    role = "viewer"

A rule matches when every condition it names holds (``email``, ``email_domain``, ``groups``,
``claims``); within one condition any listed value will do; a rule with no condition matches
everyone. E-mail conditions compare case-insensitively and never match an address the provider
marks ``email_verified = false``. This module is pure: text in, decisions out (``load`` reads the file).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROLES = ("viewer", "analyst", "admin")
DEFAULTS = ("viewer", "refuse")
CONDITIONS = ("email", "email_domain", "groups", "claims")
_RULE_KEYS = {*CONDITIONS, "role", "areas", "departments", "name"}


class RolesError(ValueError):
    """The roles file is not valid (the message says where)."""


@dataclass(frozen=True)
class Grant:
    """What a matching rule gives: a role, its areas (``("*",)`` = every area) and departments (() = all)."""

    role: str
    areas: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    rule: str = ""  # which rule decided (its ``name``, or "rule N"; "default" when none matched)


@dataclass(frozen=True)
class Rule:
    grant: Grant
    email: tuple[str, ...] = ()
    email_domain: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    claims: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...] = ()
    default: str = "viewer"
    groups_claim: str = "groups"


def _strings(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
        raise RolesError(f"{where}: a string or a list of strings")
    return tuple(str(v).strip() for v in value)


def _grant(raw: dict, where: str, known_areas: set[str] | None) -> Grant:
    role = raw.get("role")
    if role not in ROLES:
        raise RolesError(f"{where}: role must be one of {', '.join(ROLES)} (got {role!r})")
    areas = _strings(raw.get("areas", []), f"{where}.areas") if raw.get("areas") else ()
    departments = _strings(raw.get("departments", []), f"{where}.departments") if raw.get("departments") else ()
    if role == "admin":
        areas, departments = ("*",), ()
    elif role == "viewer":
        areas, departments = (), ()
    elif not areas:
        raise RolesError(f"{where}: an analyst needs areas (area codes or '*')")
    unknown = [a for a in areas if a != "*" and known_areas is not None and a not in known_areas]
    if unknown:
        raise RolesError(f"{where}.areas: unknown area codes {', '.join(unknown)} (known: {sorted(known_areas or ())})")
    return Grant(role, areas, departments, str(raw.get("name") or where))


def _rule(raw, n: int, known_areas: set[str] | None) -> Rule:
    where = f"rule {n}"
    if not isinstance(raw, dict):
        raise RolesError(f"{where}: a table ([[rule]])")
    extra = sorted(set(raw) - _RULE_KEYS)
    if extra:
        raise RolesError(f"{where}: unknown keys {', '.join(extra)} (known: {', '.join(sorted(_RULE_KEYS))})")
    claims = raw.get("claims", {})
    if not isinstance(claims, dict):
        raise RolesError(f"{where}.claims: a table claim = value(s)")
    return Rule(
        _grant(raw, where, known_areas),
        email=tuple(e.lower() for e in _strings(raw["email"], f"{where}.email")) if "email" in raw else (),
        email_domain=tuple(d.lower().lstrip("@") for d in _strings(raw["email_domain"], f"{where}.email_domain"))
        if "email_domain" in raw
        else (),
        groups=_strings(raw["groups"], f"{where}.groups") if "groups" in raw else (),
        claims=tuple((k, _strings(v, f"{where}.claims.{k}")) for k, v in claims.items()),
    )


def parse(text: str, known_areas: set[str] | None = None) -> Rules:
    """The rules of a roles file's TOML text; ``RolesError`` when it is not valid. With
    ``known_areas``, area codes outside it are refused."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesError(f"not TOML: {exc}") from exc
    extra = sorted(set(data) - {"default", "groups_claim", "rule"})
    if extra:
        raise RolesError(f"unknown top-level keys {', '.join(extra)} (known: default, groups_claim, rule)")
    default = data.get("default", "viewer")
    if default not in DEFAULTS:
        raise RolesError(f"default must be one of {', '.join(DEFAULTS)} (got {default!r})")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RolesError("rule: an array of tables ([[rule]])")
    rules = tuple(_rule(r, n, known_areas) for n, r in enumerate(raw_rules, 1))
    return Rules(rules, default, str(data.get("groups_claim") or "groups"))


def load(path: Path, known_areas: set[str] | None = None) -> Rules:
    """The rules of the file at ``path``; no file = no rules (everyone gets the default)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Rules()
    try:
        return parse(text, known_areas)
    except RolesError as exc:
        raise RolesError(f"{path}: {exc}") from exc


def _values(claim) -> set[str]:
    if claim is None:
        return set()
    if isinstance(claim, list | tuple | set):
        return {str(c) for c in claim if c is not None}
    return {str(claim)}


def _email(claims: dict) -> str:
    if claims.get("email_verified") is False or claims.get("email_verified") == "false":
        return ""
    return str(claims.get("email") or "").strip().lower()


def matches(rule: Rule, claims: dict, groups_claim: str = "groups") -> bool:
    email = _email(claims)
    if rule.email and email not in rule.email:
        return False
    if rule.email_domain and (not email or email.rpartition("@")[2] not in rule.email_domain):
        return False
    if rule.groups and not (_values(claims.get(groups_claim)) & set(rule.groups)):
        return False
    return all(_values(claims.get(k)) & set(want) for k, want in rule.claims)


def grant(rules: Rules, claims: dict) -> Grant | None:
    """The grant of the first rule matching ``claims``; none matches: the default (a viewer), or
    ``None`` when the file says ``default = "refuse"``."""
    for rule in rules.rules:
        if matches(rule, claims, rules.groups_claim):
            return rule.grant
    return Grant("viewer", rule="default") if rules.default == "viewer" else None


def identity(claims: dict) -> str:
    """The name a person signed in through the provider is known by (batch log, reports, alerts):
    their verified e-mail address, else ``sub:<subject>`` — local account names hold no '@' or ':'."""
    return _email(claims) or f"sub:{claims.get('sub') or ''}"
