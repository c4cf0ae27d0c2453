"""What every command of ``python -m ipdash`` writes the same way: a CSV on stdout (formulas neutralised, so
a spreadsheet never runs a cell), the ``--user NAME`` account of a write, a progress line on stderr, and how a
deck is made and reported (``deck_job``: exit 2 for bad input, 1 for a failed export)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

import pandas as pd

from ipdash import store
from ipdash.accounts import auth
from ipdash.export_safe import neutralise_formulas

EXIT_BAD_INPUT, EXIT_FAILED = 2, 1
Progress = Callable[[float, str], None]


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


def progress_printer() -> Progress:
    """``progress(fraction, message)`` for a long export: one ``[ 40%] message`` line on stderr per step forward."""
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction > last[0]:
            last[0] = fraction
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    return progress


class Deck(Protocol):
    n_slides: int
    seconds: dict[str, float]


D = TypeVar("D", bound=Deck)


def deck_job(command: str, make: Callable[[Progress], D], files: Callable[[D], Iterable[str]]) -> int:
    """Make a deck with a progress line per step; then each of ``files(result)`` and the slide count with the
    time each step took, on stderr. Bad input (``MeetingError``): exit 2; a failed export: exit 1."""
    from ipdash.deck import render  # here: the other commands need not load the deck's libraries
    from ipdash.frames import meeting

    try:
        result = make(progress_printer())
    except meeting.MeetingError as exc:
        print(f"ipdash {command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except render.ExportError as exc:
        print(f"ipdash {command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for line in files(result):
        print(line, file=sys.stderr)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items())
    print(f"{result.n_slides} slides; {timing}", file=sys.stderr)
    return 0
