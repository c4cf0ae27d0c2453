"""The server's start-up warm-up (``asgi.warm``) leaves what the landing overview needs ready: its
modules imported and its status frame made and kept, exactly the frame the page computes itself."""

from __future__ import annotations

import ast
import subprocess
import sys

import pandas as pd

from ipdash import paths
from tests.test_cold_imports import FIRST_PAGE


def test_warm_modules_cover_the_first_page():
    import asgi

    tree = ast.parse((paths.REPO / "app.py").read_text(encoding="utf-8"))
    app_imports = {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    app_imports = {m for m in app_imports if m.startswith("ipdash.ui")}
    assert set(FIRST_PAGE) <= set(asgi.FIRST_PAGE_MODULES)
    assert app_imports <= set(asgi.FIRST_PAGE_MODULES)
    for m in asgi.FIRST_PAGE_MODULES:  # each one a real module (a typo would only be logged at start)
        __import__(m)


def test_warm_makes_the_landing_status_frame(fresh_data):
    code = "import asgi\nfrom ipdash.store import cache\nasgi.warm()\nprint(sorted(k[0] for k in cache._memo))\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=paths.REPO, capture_output=True, text=True, check=True)
    made = out.stdout.strip()
    for name in ("status_frame", "evaluate", "targets_table"):
        assert f"'{name}'" in made, made
    assert "warming the store at start failed" not in out.stderr
    kept = list((fresh_data / "store" / "cache").glob("status_frame-*.parquet"))
    assert len(kept) == 1
    from ipdash.frames import verdicts

    pd.testing.assert_frame_equal(pd.read_parquet(kept[0]), verdicts._status_frame(verdicts.DEFAULT_VIEW))
