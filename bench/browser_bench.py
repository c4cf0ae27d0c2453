"""Real-server measures of bench/run.py: page renders (a), cold start (e), peak memory (f).

A ``streamlit run`` process on the benchmark's data directory, driven by headless Debian
Chromium (``tests/browser.py``). A page's render time runs from ``page.goto`` in a fresh
browser context (a new Streamlit session) until ``wait_idle``: the script has finished, no
skeleton or running indicator is left and every Plotly chart has drawn its SVG.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from tests.browser import launch, wait_idle
from tests.server import ENTRY, StreamlitServer, free_port

REPO = Path(__file__).resolve().parent.parent


PAGES = ["overview", "compare", "detail", "targets", "upload", "meeting", "data"]
VIEWPORT = {"width": 1440, "height": 1000}


def render(browser, url: str, timeout_ms: float) -> float:
    """Seconds from navigation to idle-and-drawn, in a fresh context (= a new session)."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        wait_idle(page, timeout=timeout_ms)
        dt = time.perf_counter() - t0
        errors = page.locator("[data-testid=stException]").count()
        if errors:
            raise RuntimeError(f"{url}: the page shows an exception")
        return dt
    finally:
        ctx.close()


def change_data(data_dir: Path) -> int:
    """What an upload does to the store, for the first start after a data change: the latest
    figure of one series that targets are judged on is 1 % higher. Returns how many targets that is."""
    import pandas as pd

    from ipdash.store import write

    path = data_dir / "store" / "actuals.parquet"
    act = pd.read_parquet(path)
    targets = pd.read_parquet(data_dir / "store" / "targets.parquet")
    judged = pd.MultiIndex.from_frame(targets[["area", "indicator"]])
    rows = pd.MultiIndex.from_frame(act[["area", "indicator"]])
    area, indicator = judged[judged.isin(rows)][0]
    series = act.index[(act["area"] == area) & (act["indicator"] == indicator)]
    latest = act.loc[series, "year"].idxmax()
    act.loc[latest, "value"] = act.loc[latest, "value"] * 1.01
    write.write_parquet(act, path)
    return int(((targets["area"] == area) & (targets["indicator"] == indicator)).sum())


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def measure(data_dir: Path, log_dir: Path, *, runs: int, cold_runs: int, timeout_s: float, log=print) -> dict:
    """(a) page renders vs the floor, (e) cold start, (f) peak memory; returns a result dict."""
    out: dict = {"pages": {}, "floor_s": None, "cold_start_runs_s": [], "peak_rss_mb": None}
    timeout_ms = timeout_s * 1000
    with launch() as browser:
        floor = StreamlitServer(REPO / "bench" / "floor_app.py", data_dir, log_dir, free_port())
        try:
            floor.wait_healthy()
            render(browser, floor.url, timeout_ms)  # warm-up (first session, static files)
            floor_runs = []
            for _ in range(runs):
                floor_runs.append(render(browser, floor.url, timeout_ms))
            out["floor_s"] = _median(floor_runs)
            out["floor_runs_s"] = floor_runs
        finally:
            floor.stop()
        log(f"  floor page: {out['floor_s']:.3f} s")
        # (e): process start → first page idle and drawn. Start 1 has nothing kept (the results of
        # ipdash.store.cache are removed first, as after a build): every target is judged. Then the
        # data change as an upload changes them (``change_data``: one series' latest figure), so
        # start 2 is the first start after a data change: every per-data-version result is made
        # again, but only the targets of the changed series are judged (ipdash.engine.result_cache).
        # The other starts are restarts on unchanged data, which is what "cold start" means in the table.
        shutil.rmtree(data_dir / "store" / "cache", ignore_errors=True)
        server = None
        for i in range(cold_runs + 2):
            if server:
                server.stop()
            if i == 1:
                out["changed_targets"] = change_data(data_dir)
            server = StreamlitServer(ENTRY, data_dir, log_dir, free_port())
            try:
                server.wait_healthy()
                ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                page = ctx.new_page()
                page.goto(f"{server.url}/overview")
                wait_idle(page, timeout=timeout_ms)
                out["cold_start_runs_s"].append(time.monotonic() - server.started)
                ctx.close()
            except Exception as exc:  # a timeout is a result, not a crash of the benchmark
                out["cold_start_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
                break
            what = {0: " (nothing kept, as after a build)", 1: " (after a data change)"}.get(i, "")
            log(f"  cold start {i + 1}{what}: {out['cold_start_runs_s'][-1]:.2f} s")
        runs_e = out["cold_start_runs_s"]
        out["cold_start_after_build_s"] = runs_e[0] if runs_e else None
        out["cold_start_after_change_s"] = runs_e[1] if len(runs_e) > 1 else None
        out["cold_start_s"] = _median(runs_e[2:]) if len(runs_e) > 2 else None
        try:
            for name in PAGES:
                url = f"{server.url}/{name}"
                res: dict = {"runs_s": []}
                try:
                    res["first_s"] = render(browser, url, timeout_ms)  # warm-up: fills the caches
                    for _ in range(runs):
                        res["runs_s"].append(render(browser, url, timeout_ms))
                except Exception as exc:
                    res["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
                res["median_s"] = _median(res["runs_s"])
                res["ratio"] = res["median_s"] / out["floor_s"] if res["median_s"] and out["floor_s"] else None
                out["pages"][name] = res
                log(
                    f"  page {name}: "
                    + (
                        f"{res['median_s']:.3f} s (×{res['ratio']:.2f} floor)"
                        if res["median_s"]
                        else res.get("error", "failed")
                    )
                )
            out["peak_rss_mb"] = server.peak_rss_mb()
        finally:
            server.stop()
    return out
