"""(h) The meeting deck's export (issue 26 item 5, goal ≤ 6 s):
``python -m bench.deck [--data DIR] [--runs N] [--lang zh|en] [--json FILE]``.

On a copy of ``DIR`` (default: the repo's ``data/``; copied with its file times, built first when it has
no store) each run is a fresh process that first does what the meeting page does before its export
button can be pressed — the meeting data and the slide plan (``ui.cached`` keeps both for the page),
kaleido's browser started in the background (``render.warm_kaleido``; waited for: a reader spends
seconds on the page before a click) — then removes the kept charts and PDFs (``store/cache/png``,
``store/cache/pdf``: the first export of a new data version keeps nothing yet) and times:

- ``first``: the export as the page's button makes it (``render.export_meeting`` with the page's data
  and plan, PPTX and PDF). Where the code has ``render.start_pdf`` the page offers the PPTX as soon as
  it is made and LibreOffice converts in the background; otherwise the page waited for both.
  ``until_pptx_s``: click → the PPTX offered; ``until_pdf_s``: click → the PDF ready as well.
- ``again``: the same export once more in the same process (charts and PDF kept).

Each with its split (data / charts / pptx / pdf, as ``ExportResult.seconds``), the median over the
runs. The same script measures older code (no ``plan``, no ``start_pdf``): run it with that code's
tree on ``PYTHONPATH`` — it uses what the code has, as the page of that code did.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOAL_S = 6.0
READ_S = 10.0  # seconds from the export panel shown to the click (the page's warm-up runs meanwhile)
PARTS = ("data", "charts", "pptx", "pdf")


# ---------------------------------------------------------------- one run, in a fresh process
def _export(render: Any, out: Path, page: dict[str, Any]) -> dict[str, Any]:
    """One click of the page's export button: the PPTX, then the PDF (in the background if the code can)."""
    t0 = time.perf_counter()
    background = hasattr(render, "start_pdf")
    kw = dict(page)
    if "plan" not in inspect.signature(render.export_meeting).parameters:
        kw.pop("plan")
    res = render.export_meeting(pptx=out / "deck.pptx", pdf=None if background else out / "deck.pdf", **kw)
    until_pptx = time.perf_counter() - t0
    seconds = dict(res.seconds)
    if background:
        t1 = time.perf_counter()
        pdf = render.start_pdf(res.pptx.read_bytes()).result()
        seconds["pdf"] = round(time.perf_counter() - t1, 2)
    else:
        pdf = res.pdf.read_bytes()
    until_pdf = time.perf_counter() - t0
    assert pdf[:5] == b"%PDF-", "not a PDF"
    return {
        "until_pptx_s": round(until_pptx, 3),
        "until_pdf_s": round(until_pdf, 3),
        "seconds": seconds,
        "n_slides": res.n_slides,
        "pdf_in_background": background,
        "pptx_bytes": (out / "deck.pptx").stat().st_size,
        "pdf_bytes": len(pdf),
    }


def child(lang: str, read_s: float = READ_S) -> dict[str, Any]:
    """What the page does before the button, then the first export and the same again (in this process)."""
    from ipdash import paths
    from ipdash.deck import render
    from ipdash.frames import deck_plan, meeting, sources
    from ipdash.settings import ViewSettings

    t0 = time.perf_counter()
    view = ViewSettings(lang=lang)
    data = meeting.load(view=view)
    areas = meeting.default_areas(list(sources.area_names(lang)))
    plan = deck_plan.slide_plan(areas, "area", view=view, data=data)
    t_shown = time.perf_counter()
    render.warm_kaleido()
    warm_data = t_shown - t0
    render._warming.join(timeout=300)  # the page's warm-up: Chromium and plotly.js loading before the click
    warm = time.perf_counter() - t0
    time.sleep(max(0.0, read_s - (time.perf_counter() - t_shown)))  # the reader, before the click
    for kept in ("png", "pdf"):
        shutil.rmtree(paths.store_dir() / "cache" / kept, ignore_errors=True)
    page = dict(areas=areas, order="area", view=view, data=data, since=None, appendix=False, plan=plan)
    out: dict[str, Any] = {"warm_s": round(warm, 3), "warm_data_s": round(warm_data, 3), "read_s": read_s}
    with tempfile.TemporaryDirectory(prefix="ipdash-bench-deck-") as d:
        for name in ("first", "again"):
            work = Path(d, name)
            work.mkdir()
            out[name] = _export(render, work, page)
    out["n_charts"] = len(list((paths.store_dir() / "cache" / "png").glob("*.png")))
    return out


# ---------------------------------------------------------------- the runs and their medians
def prepare(src: Path, work: Path) -> Path:
    """``src`` copied to ``work/data`` with its file times (a store that looks unchanged), built if it has no store."""
    dest = work / "data"
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".write.lock"))
    if not (dest / "store" / "actuals.parquet").exists():
        env = dict(os.environ, IPDASH_DATA_DIR=str(dest))
        subprocess.run([sys.executable, "-m", "ipdash", "build"], env=env, check=True, stdout=subprocess.DEVNULL)
    return dest


def _median(rows: list[dict], path: tuple[str, ...]) -> float | None:
    vals = []
    for r in rows:
        v: Any = r
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, (int, float)):
            vals.append(float(v))
    return round(statistics.median(vals), 3) if vals else None


def summarise(rows: list[dict]) -> dict[str, Any]:
    ok = [r for r in rows if "error" not in r]
    out: dict[str, Any] = {"errors": len(rows) - len(ok), "warm_s": _median(ok, ("warm_s",))}
    for name in ("first", "again"):
        out[name] = {
            "until_pptx_s": _median(ok, (name, "until_pptx_s")),
            "until_pdf_s": _median(ok, (name, "until_pdf_s")),
            **{f"{p}_s": _median(ok, (name, "seconds", p)) for p in PARTS},
        }
    out["first_export_s"] = out["first"]["until_pptx_s"]  # the figure of (h): click → the deck offered
    return out


def measure(
    src: Path, *, runs: int = 3, lang: str = "zh", read_s: float = READ_S, timeout: float = 600, log=print
) -> dict[str, Any]:
    """(h) on a copy of ``src``: ``runs`` fresh processes, each a first export and the same export again."""
    work = Path(tempfile.mkdtemp(prefix="ipdash-bench-deck-"))
    try:
        data = prepare(src, work)
        env = dict(os.environ, IPDASH_DATA_DIR=str(data))
        env.pop("IPDASH_STORE", None)  # the local store of the copy
        rows: list[dict] = []
        for i in range(runs):
            load = [round(x, 2) for x in os.getloadavg()]
            p = subprocess.run(
                [sys.executable, "-m", "bench.deck", "--child", lang, str(read_s)],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            row = next(
                (json.loads(line[7:]) for line in reversed(p.stdout.splitlines()) if line.startswith("RESULT ")),
                {"error": (p.stderr or p.stdout)[-2000:]},
            )
            row["load"] = load
            rows.append(row)
            log(f"(h) run {i + 1}: {json.dumps(row)[:400]}")
        return {"data": str(src), "lang": lang, "read_s": read_s, "runs": rows, "goal_s": GOAL_S, **summarise(rows)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(res: dict[str, Any]) -> str:
    lines = [
        f"deck export (h), {res['data']}, lang {res['lang']}, median of {len(res['runs'])} "
        f"(click {res.get('read_s')} s after the panel was shown; kaleido's warm-up took {res.get('warm_s')} s)",
        f"{'':<7} {'→ PPTX':>8} {'→ PDF':>8} {'data':>7} {'charts':>7} {'pptx':>7} {'pdf':>7}",
    ]
    for name in ("first", "again"):
        r = res[name]
        cells = [r["until_pptx_s"], r["until_pdf_s"], *(r[f"{p}_s"] for p in PARTS)]
        lines.append(f"{name:<7} " + " ".join(f"{'—' if v is None else format(v, '.2f'):>7}" for v in cells))
    met = res["first_export_s"] is not None and res["first_export_s"] <= GOAL_S
    lines.append(f"first export (click → deck offered) {res['first_export_s']} s, goal ≤ {GOAL_S:g} s: {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        lang, read_s = argv[1] if len(argv) > 1 else "zh", float(argv[2]) if len(argv) > 2 else READ_S
        print("RESULT " + json.dumps(child(lang, read_s)), flush=True)
        return 0
    p = argparse.ArgumentParser(description="(h) the meeting deck's first export of a data version (goal ≤ 6 s)")
    p.add_argument("--data", type=Path, default=REPO / "data", help="a data directory (copied; never written)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--read-s", type=float, default=READ_S, help="seconds from the panel shown to the click")
    p.add_argument("--timeout", type=float, default=600, help="seconds one run may take")
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    res = measure(a.data, runs=a.runs, lang=a.lang, read_s=a.read_s, timeout=a.timeout, log=log)
    res["load"] = [round(x, 2) for x in os.getloadavg()]
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(res))
    print(f"load {res['load']}")
    return 0 if res["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
