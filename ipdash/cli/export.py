"""``python -m ipdash export`` — the meeting deck from the command line (same path as the page).

    python -m ipdash export --pptx deck.pptx [--pdf deck.pdf] [--png-dir charts/]
        [--areas pudong,yangpu] [--order area|section|risk] [--lang zh|en] [--as-of YEAR]
        [--no-illustrative] [--since VERSION] [--appendix]

Prints the slide count and the time each step took on stderr; bad input (unknown area,
order or year, nothing to write) gives a clear message and exit code 2; a failed export
(no Chromium, no LibreOffice for --pdf) exit code 1.
"""

from __future__ import annotations

import sys

from ipdash.cli import common
from ipdash.deck import render
from ipdash.settings import ViewSettings


def cmd_export(args) -> int:
    if not (args.pptx or args.pdf or args.png_dir):
        print("ipdash export: give --pptx FILE, --pdf FILE or --png-dir DIR", file=sys.stderr)
        return common.EXIT_BAD_INPUT

    def make(progress: common.Progress) -> render.ExportResult:
        render.warm_kaleido()  # Chromium and plotly.js load while the data is read and the slides planned
        return render.export_meeting(
            pptx=args.pptx,
            pdf=args.pdf,
            png_dir=args.png_dir,
            areas=args.areas,
            order=args.order,
            view=ViewSettings(lang=args.lang, as_of=args.as_of, include_illustrative=not args.no_illustrative),
            progress=progress,
            since=args.since,
            appendix=args.appendix,
        )

    def files(result: render.ExportResult) -> list[str]:
        lines = [f"{label}: {path}" for label, path in (("pptx", result.pptx), ("pdf", result.pdf)) if path]
        return lines + ([f"png: {len(result.pngs)} charts in {args.png_dir}"] if result.pngs else [])

    return common.deck_job("export", make, files)


def add_args(sp) -> None:
    sp.add_argument("--pptx", metavar="FILE", help="write the deck as PPTX")
    sp.add_argument("--pdf", metavar="FILE", help="also write it as PDF (needs LibreOffice)")
    sp.add_argument("--png-dir", metavar="DIR", help="write each chart as PNG into DIR")
    sp.add_argument("--areas", metavar="A,B", help="areas in slide order, e.g. pudong,yangpu (default: all)")
    sp.add_argument(
        "--order",
        choices=("area", "section", "risk"),
        default="area",
        help="slides grouped by area (default), by section, or risks first",
    )
    sp.add_argument("--lang", choices=("zh", "en"), default="zh")
    sp.add_argument("--as-of", type=int, metavar="YEAR", help="judge with the actuals up to YEAR")
    sp.add_argument("--no-illustrative", action="store_true", help="leave out illustrative (not real) values")
    sp.add_argument(
        "--since",
        metavar="VERSION",
        help=(
            "the last meeting: an upload batch id, 'base' (before any upload) or its date YYYY-MM-DD; adds "
            "'what changed since' and lists tasks reported done or delayed since that day, and overdue ones"
        ),
    )
    sp.add_argument(
        "--appendix",
        action="store_true",
        help="add the appendix: every task nobody has reported on, one by one, and the comparisons left out of the 20",
    )


COMMANDS = {"export": (cmd_export, "the meeting deck as PPTX / PDF / chart PNGs")}
EXTRA_ARGS = {"export": [add_args]}
