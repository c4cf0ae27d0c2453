"""The rules an uploaded table must meet: named checks, run directly, reported by pandera when one fails.

``rules(...)`` gives each check as a plain function of a column (or of the frame); its name keys the
message (``ingest.p.<name>``). ``schema(...)`` is the pandera schema of the very same functions.
``failures(parsed, ...)`` runs the functions first: when every one holds on every row (a plain bool
result, no NA) — an upload without errors, the common case — no check can fail in pandera either (it
calls the same functions on the same columns), so nothing is reported and pandera is neither run nor
imported (~0.2 s of its per-column machinery at 100 000 rows, ~0.5 s its import). Otherwise pandera
validates and its failure cases are returned unchanged, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ipdash import catalog
from ipdash.schema import upload_columns

if TYPE_CHECKING:
    import pandera.pandas as pa

MIN_YEAR = 1990
OUT_COLUMNS = upload_columns()
Fn = Callable[[pd.Series], pd.Series]
FrameFn = Callable[[pd.DataFrame], pd.Series]


def max_year() -> int:
    return datetime.now(UTC).year


@dataclass(frozen=True)
class Rules:
    columns: dict[str, tuple[bool, list[tuple[str, Fn]]]]  # column → (nullable, [(check name, function)])
    frame: list[tuple[str, FrameFn]]  # checks of the whole frame


def rules(area_codes, ind_codes, percent_codes, allowed: set[str] | None) -> Rules:
    """The checks of the parsed upload; a boolean column computed by ``parse`` fails where False."""

    def flag(name: str) -> tuple[bool, list[tuple[str, Fn]]]:
        return False, [(name, lambda s: s.astype(bool))]

    allowed_ok = (
        (lambda s: s.isin(allowed) | ~s.isin(area_codes))
        if allowed is not None
        else (lambda s: pd.Series(True, index=s.index))
    )
    # the checks of the uploaded fields; every field of the schema's upload columns is a column here
    field_checks: dict[str, list[tuple[str, Fn]]] = {
        "area": [("area_known", lambda s: s.isin(area_codes)), ("area_allowed", allowed_ok)],
        "indicator": [("indicator_known", lambda s: s.isin(ind_codes))],
        "year": [("year_range", lambda s: s.isna() | s.between(MIN_YEAR, max_year()))],
        "provenance": [("provenance_known", lambda s: s.isin(catalog.PROVENANCES))],
        "confidence": [("confidence_known", lambda s: s.isin(["", "A", "B", "C"]))],
    }
    # nullable here: a cell parse could not read is NA, and the named checks say what is wrong with it
    columns = {c: (True, field_checks.get(c, [])) for c in OUT_COLUMNS}
    columns |= {
        "year_partial": flag("year_partial"),
        "year_int": flag("year_int"),
        "number": (
            True,
            [
                ("value_number", lambda s: s.notna()),
                ("value_finite", lambda s: s.isna() | np.isfinite(s)),
                ("value_nonneg", lambda s: s.isna() | ~(s < 0)),
            ],
        ),
        "inline_ok": (False, [("value_number", lambda s: s)]),
        "unit_convertible": flag("unit_convertible"),
        "unit_ok": flag("unit_conflict"),
        "in_range": flag("implausible"),
        "whole": flag("count_whole"),
        # area|indicator|year once recognised; a column check, so a mass of repeats stays cheap to report
        "key": (True, [("duplicate", lambda s: s.isna() | ~s.duplicated(keep="first"))]),
    }
    frame: list[tuple[str, FrameFn]] = [
        ("percent_max", lambda d: ~(d["indicator"].isin(percent_codes) & (d["value"] > 100))),
        ("official_source", lambda d: ~(d["provenance"].eq("official") & d["source_url"].eq(""))),
    ]
    return Rules(columns, frame)


def schema(area_codes, ind_codes, percent_codes, allowed: set[str] | None) -> pa.DataFrameSchema:
    """The pandera schema of ``rules``: the same functions, names, nullability."""
    import pandera.pandas as pa  # here, not at import: pandera costs the first page of a cold start ~0.5-0.9 s

    def C(fn, name):
        return pa.Check(fn, name=name, ignore_na=False)

    r = rules(area_codes, ind_codes, percent_codes, allowed)
    columns = {c: pa.Column(checks=[C(fn, n) for n, fn in chk], nullable=null) for c, (null, chk) in r.columns.items()}
    return pa.DataFrameSchema(columns, checks=[C(fn, n) for n, fn in r.frame])


def _all_true(result) -> bool:
    """A check's result holds on every row: a Series of plain bools (no NA), all True."""
    if not isinstance(result, pd.Series):
        return False
    if isinstance(result.dtype, pd.BooleanDtype):  # a nullable boolean (the year's check on Int64)
        return not result.isna().any() and bool(result.all())
    values = result.to_numpy()
    return values.dtype == np.bool_ and bool(values.all())


def holds(parsed: pd.DataFrame, r: Rules) -> bool:
    """Every check holds on every row of ``parsed`` (False also when a check cannot say: pandera will)."""
    try:
        for c, (_, checks) in r.columns.items():
            if c not in parsed.columns:
                return False
            if not all(_all_true(fn(parsed[c])) for _, fn in checks):
                return False
        return all(_all_true(fn(parsed)) for _, fn in r.frame)
    except Exception:  # whatever a check raises, pandera reports it as before
        return False


def failures(parsed: pd.DataFrame, area_codes, ind_codes, percent_codes, allowed: set[str] | None) -> pd.DataFrame:
    """pandera's failure cases (``check``, ``index``, …) of ``parsed``; none when every check holds."""
    if holds(parsed, rules(area_codes, ind_codes, percent_codes, allowed)):
        return pd.DataFrame(columns=["check", "index"])
    from pandera.errors import SchemaErrors  # lazily, as in ``schema``

    try:
        schema(area_codes, ind_codes, percent_codes, allowed).validate(parsed, lazy=True)
        return pd.DataFrame(columns=["check", "index"])
    except SchemaErrors as exc:
        return exc.failure_cases
