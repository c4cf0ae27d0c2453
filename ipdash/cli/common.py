"""What every command of ``python -m ipdash`` writes the same way: a CSV on stdout (formulas neutralised, so
a spreadsheet never runs a cell), the ``--user NAME`` account of a write, a progress line on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pandas as pd

from ipdash import store
from ipdash.accounts import auth
from ipdash.export_safe import neutralise_formulas


def write_csv(df: pd.DataFrame) -> None:
    neutralise_formulas(df).to_csv(sys.stdout, index=False, lineterminator="\n")


def named_user(name: str | None, command: str) -> auth.User | None:
    """The account ``--user`` names; None (and why, on stderr, naming ``command``) when there is none."""
    user = auth.get_user(name) if name else None
    if user is None:
        print(
            f"ipdash {command}: --user must name a user of {store.current().users_place()}"
            + (f" (no user {name!r})" if name else "")
            + "; create one with: python -m ipdash users add NAME --areas CODES [--departments D1,D2]",
            file=sys.stderr,
        )
    return user


def progress_printer() -> Callable[[float, str], None]:
    """``progress(fraction, message)`` for a long export: one ``[ 40%] message`` line on stderr per step forward."""
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction > last[0]:
            last[0] = fraction
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    return progress
