"""What each endpoint of the data API takes: one list of ``Param`` per endpoint, read both by
``parse`` (the handlers) and by ``ipdash.api.openapi`` (the document), so the two cannot differ.

Every parameter is given at most once; a list is comma-separated (``area=310101,310104``). An
unknown parameter, a repeated one, or a value outside its choices is a ``BadRequest`` whose
message names the parameter, the value and what is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ipdash import catalog
from ipdash.settings import METHODS
from ipdash.store import read as store

FORMATS = ("json", "csv")
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
YEARS = (1990, 2100)


class BadRequest(Exception):
    """A parameter the API cannot take: answered with 400 and ``{"error": message, "parameter": name}``."""

    def __init__(self, message: str, parameter: str | None = None):
        self.parameter = parameter
        super().__init__(message)


@dataclass(frozen=True)
class Param:
    """``kind``: ``choice`` (one of ``choices``), ``list`` (comma-separated, each checked by
    ``known``), ``bool``, ``year`` or ``date``."""

    name: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()
    default: str | bool | None = None
    known: Callable[[], Sequence[str]] | None = field(default=None, compare=False)
    example: str | None = None


def area_codes() -> list[str]:
    return [str(c) for c in store.table("areas")["code"]]


def indicator_codes() -> list[str]:
    return [str(c) for c in store.table("indicators")["code"]]


def themes() -> list[str]:
    return list(catalog.THEME_LABELS)


def milestone_statuses() -> list[str]:
    return list(catalog.MILESTONE_STATUSES)


FORMAT = Param(
    "format", "choice", "json (default): an object with columns and rows; csv: the CLI's CSV", FORMATS, "json"
)
AREA = Param("area", "list", "area codes, comma-separated (default: every area)", known=area_codes, example="pudong")
ILLUSTRATIVE = Param(
    "illustrative",
    "bool",
    "false leaves out illustrative (not real) values, as the CLI's --no-illustrative",
    default=True,
)

ENDPOINTS: dict[str, tuple[str, tuple[Param, ...]]] = {
    "targets": (
        "Every quantitative target with its verbatim clause and its source document (python -m ipdash targets).",
        (
            Param("lang", "choice", "language of names and titles", ("zh", "en"), "zh"),
            AREA,
            Param("theme", "list", "themes, comma-separated", known=themes),
            FORMAT,
        ),
    ),
    "status": (
        "Every target judged: projection, P(meet), pace, status and explanation (python -m ipdash status).",
        (
            AREA,
            Param("as_of", "year", "judge with the data up to this year only (the CLI's --as-of)", example="2023"),
            Param("method", "choice", "projection method (default: per indicator, as the rules say)", METHODS),
            Param(
                "lang",
                "choice",
                "keep only this language's explanation column (default: both, as the CLI)",
                ("zh", "en"),
            ),
            ILLUSTRATIVE,
            FORMAT,
        ),
    ),
    "actuals": (
        "Every actual with its provenance (python -m ipdash actuals).",
        (
            AREA,
            Param("indicator", "list", "indicator codes, comma-separated", known=indicator_codes),
            ILLUSTRATIVE,
            FORMAT,
        ),
    ),
    "milestones": (
        "The qualitative tasks with their current status (python -m ipdash milestones).",
        (
            AREA,
            Param("department", "list", "lead departments, comma-separated (as the catalog names them)"),
            Param("status", "list", "statuses, comma-separated", known=milestone_statuses),
            Param(
                "overdue", "bool", "true: only tasks past their due year and neither done nor cancelled", default=False
            ),
            Param("on", "date", "judge overdue as of this date, YYYY-MM-DD (default today)", example="2026-06-30"),
            FORMAT,
        ),
    ),
}


def _one(name: str, values: Sequence[str]) -> str:
    if len(values) > 1:
        raise BadRequest(f"{name} is given {len(values)} times; give it once (comma-separate several values)", name)
    return values[0].strip()


def _value(p: Param, raw: str):
    if p.kind == "choice":
        if raw not in p.choices:
            raise BadRequest(f"{p.name}={raw!r} is not one of {', '.join(p.choices)}", p.name)
        return raw
    if p.kind == "bool":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise BadRequest(f"{p.name}={raw!r} is not true or false", p.name)
    if p.kind == "year":
        if not re.fullmatch(r"\d{4}", raw) or not YEARS[0] <= int(raw) <= YEARS[1]:
            raise BadRequest(f"{p.name}={raw!r} is not a year between {YEARS[0]} and {YEARS[1]}", p.name)
        return int(raw)
    if p.kind == "date":
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                return date.fromisoformat(raw).isoformat()
        except ValueError:
            pass
        raise BadRequest(f"{p.name}={raw!r} is not a date YYYY-MM-DD", p.name)
    items = [x.strip() for x in raw.split(",") if x.strip()]
    if not items:
        raise BadRequest(f"{p.name} is empty; leave it out for every value, or name at least one", p.name)
    if p.known is not None:
        known = p.known()
        bad = [x for x in items if x not in known]
        if bad:
            shown = ", ".join(known) if len(known) <= 40 else ", ".join(known[:40]) + ", …"
            raise BadRequest(f"unknown {p.name} {', '.join(bad)}; known: {shown}", p.name)
    return items


def parse(endpoint: str, query: Mapping[str, Sequence[str]]) -> dict:
    """The checked parameters of ``endpoint`` ({name: value}; absent ones at their default)."""
    spec = {p.name: p for p in ENDPOINTS[endpoint][1]}
    unknown = sorted(set(query) - set(spec))
    if unknown:
        raise BadRequest(
            f"unknown parameter {', '.join(unknown)}; /api/v1/{endpoint} takes {', '.join(spec)}", unknown[0]
        )
    out = {name: p.default for name, p in spec.items()}
    for name, values in query.items():
        raw = _one(name, values)
        if raw == "" and spec[name].kind != "list":
            raise BadRequest(f"{name} is empty; leave it out for the default", name)
        out[name] = _value(spec[name], raw)
    return out
