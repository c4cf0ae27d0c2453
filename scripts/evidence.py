"""Run the rolling-origin hindcast on the real figures and write the engine's evidence.

python -m scripts.evidence            # writes ipdash/engine/evidence.py, prints the tables of docs/methods.md
python -m scripts.evidence --check    # exit 1 when ipdash/engine/evidence.py is out of date

The real series are the official rows of data/reference/shanghai-public-figures.csv (through
``IPDASH_DATA_DIR``), mapped onto catalog codes exactly as the build maps them. Every method of
``ipdash.engine.models`` is hindcast; ``ipdash.engine.backtest.evidence`` picks each indicator
kind's default and each method's calibration factor. Nothing here is chosen by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ipdash import catalog
from ipdash.engine import backtest, models
from ipdash.store import build

MODULE = Path(__file__).resolve().parents[1] / "ipdash" / "engine" / "evidence.py"
SOURCE = "the official rows of data/reference/shanghai-public-figures.csv"


def compute() -> backtest.Evidence:
    cat = catalog.load()
    actuals, problems = build.reference_actuals(cat)
    if problems:
        raise SystemExit("\n".join(problems))
    bt = backtest.backtest(actuals, cat.indicators, methods=models.METHODS)
    return backtest.evidence(bt)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only check that the module is up to date")
    a = p.parse_args(argv)
    ev = compute()
    text = backtest.render_module(ev, SOURCE)
    if a.check:
        same = MODULE.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{MODULE} is out of date: run python -m scripts.evidence")
        return 0 if same else 1
    MODULE.write_text(text, encoding="utf-8")
    print(backtest.readme_table(ev))
    return 0


if __name__ == "__main__":
    sys.exit(main())
