"""``python -m ipdash brief`` — the briefing pack of one joint meeting (same path as the meeting page).

    python -m ipdash brief --meeting 2026-12-03 --out DIR [--lang zh|en]

Writes into DIR the deck as PPTX and PDF (opening with the previous meeting's commitments, "what
changed" since the previous meeting's day) and the one-page A4 digest (PDF); prints each file and
the time each step took on stderr. A bad date gives exit code 2; a failed export (no Chromium, no
LibreOffice) exit code 1.
"""

from __future__ import annotations

import datetime as dt
import sys

from ipdash.cli import common
from ipdash.deck import brief, render
from ipdash.meetings import brief_inputs


def cmd_brief(args) -> int:
    try:
        day = dt.date.fromisoformat(args.meeting)
    except ValueError:
        print(f"ipdash brief: {args.meeting!r} is not a date; give --meeting YYYY-MM-DD", file=sys.stderr)
        return common.EXIT_BAD_INPUT
    got = brief_inputs.inputs(day)

    def make(progress: common.Progress) -> brief.Pack:
        render.warm_kaleido()  # the deck's charts' browser loads while the digest is made
        return brief.make_pack(
            day,
            args.out,
            lang=args.lang,
            previous=got.previous,
            checkins=got.checkins,
            commitments=got.commitments,
            progress=progress,
        )

    def files(pack: brief.Pack) -> list[str]:
        return [f"{label}: {path}" for label, path in (("pptx", pack.pptx), ("pdf", pack.pdf), ("digest", pack.digest))]

    return common.deck_job("brief", make, files)


def add_args(sp) -> None:
    sp.add_argument("--meeting", required=True, metavar="DATE", help="the meeting's date, YYYY-MM-DD")
    sp.add_argument("--out", required=True, metavar="DIR", help="write the deck (PPTX, PDF) and the digest into DIR")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh")


COMMANDS = {"brief": (cmd_brief, "a meeting's briefing pack: the deck (PPTX, PDF) and the one-page digest (PDF)")}
EXTRA_ARGS = {"brief": [add_args]}
