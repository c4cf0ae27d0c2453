"""Issue 16 (e): the first page of a cold start does not wait for modules only an upload needs."""

from __future__ import annotations

import subprocess
import sys

from ipdash import paths

FIRST_PAGE = [  # what app.py and the overview import
    "ipdash.ui",
    "ipdash.ui.milestones",
    "ipdash.ui.overview_view",
    "ipdash.ui.tiles",
    "ipdash.ui.widgets",
    "ipdash.charts.figures",
    "ipdash.frames.overview",
]


def test_the_overview_does_not_import_pandera():
    code = f"import sys\nfor m in {FIRST_PAGE!r}:\n    __import__(m)\nprint('pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=paths.REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "pandera (0.5-0.9 s) is imported before the first page can draw"


def test_validation_still_uses_pandera():
    code = (
        "import sys\nfrom ipdash.ingest import validate\nfrom tests.corpus import helpers\n"
        "validate.validate(helpers.csv_bytes([['地区','指标','年份','数值'],['浦东','x',2024,'1']]), 'a.csv')\n"
        "print('pandera' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=paths.REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
