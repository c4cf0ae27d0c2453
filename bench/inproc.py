"""In-process measures of bench/run.py: rerun after a filter change (b), status of every
target (c), ingest of a 100 000-row CSV (d).

Each runs in its own child process (``python -m bench.inproc MEASURE DATA_DIR RUNS``), so one
measure's caches and memory never flatter another's; the child prints one JSON line.

(b) method: ``streamlit.testing.v1.AppTest`` runs the real ``app.py`` in this process — the
same script runner, session state, widgets and ``st.cache_data`` as the server. After one
unmeasured first run (caches filled, as on a server that has served the page before), each
measured run changes a filter to a value it has not had before and times ``at.run()`` —
script execution plus the element tree, i.e. what the server does before the browser gets the
delta. The overview's area picker, the comparison's area picker, the detail page's target
picker (at county scale a target within the area picked, untimed, before) and its area picker;
the reported figure is the slowest of their medians.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from ipdash.frames import verdicts
from ipdash.settings import ViewSettings

REPO = Path(__file__).resolve().parent.parent


def _median(xs):
    return statistics.median(xs) if xs else None


def _timed(fn, runs: int) -> tuple[float, list[float], object]:
    times, res = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, res


# ---------------------------------------------------------------- (c) status of every target
def status(runs: int) -> dict:
    from ipdash.engine import evaluate
    from ipdash.store import read as store

    t0 = time.perf_counter()
    targets, actuals, inds = store.table("targets"), store.actuals(), store.table("indicators")
    load_s = time.perf_counter() - t0
    med, times, res = _timed(lambda: evaluate.evaluate_all(targets, actuals, inds), runs)
    fmed, ftimes, _ = _timed(lambda: verdicts.status_frame(view=ViewSettings(lang="zh")), max(1, runs // 2))
    return {
        "evaluate_all_s": med,
        "runs_s": times,
        "load_s": load_s,
        "n_targets": len(targets),
        "n_actuals": len(actuals),
        "status_frame_s": fmed,
        "status_frame_runs_s": ftimes,
        "statuses": res["status"].value_counts().to_dict(),
    }


# ---------------------------------------------------------------- (b) rerun after a filter change
def rerun(runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    from ipdash.store import read as store

    areas = [a for a in store.table("areas")["code"] if a.startswith("c")] or ["pudong", "yangpu"]
    tids = store.table("targets")["target_id"].tolist()
    out = {}

    def page(name: str):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
        at.run()
        if name != "overview":
            at.switch_page(f"app_pages/{name}.py")
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    area_of = dict(zip(store.table("targets")["target_id"], store.table("targets")["area"]))

    def has_area(at) -> bool:
        return any(w.key == "det_area" for w in at.selectbox)

    def pick_target(at, tid: str) -> None:
        """At county scale the detail page picks the area first (two-step picker), then the target."""
        if has_area(at):
            at.selectbox(key="det_area").set_value(area_of[tid])
            at.run()  # the area's targets become the options
        at.selectbox(key="det_target").set_value(tid)

    cases = {
        "overview_area": (
            "overview",
            lambda at, i: at.multiselect(key="ov_area").set_value([areas[i % len(areas)]]),
        ),
        "compare_area": (
            "compare",
            lambda at, i: at.multiselect(key="cmp_area").set_value(
                [areas[(2 * i) % len(areas)], areas[(2 * i + 1) % len(areas)]]
            ),
        ),
        "detail_target": ("detail", lambda at, i: pick_target(at, tids[(7 * i + 3) % len(tids)])),
        "detail_area": (
            "detail",
            lambda at, i: (
                at.selectbox(key="det_area").set_value(area_of[tids[(11 * i + 5) % len(tids)]])
                if has_area(at)
                else pick_target(at, tids[(11 * i + 5) % len(tids)])
            ),
        ),
    }
    for name, (pg, change) in cases.items():
        try:  # one case the harness cannot drive (a widget AppTest cannot read) does not hide the others
            t0 = time.perf_counter()
            at = page(pg)
            first = time.perf_counter() - t0
            times = []
            for i in range(runs):
                change(at, i)
                t0 = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - t0)
                assert not at.exception, [e.value for e in at.exception]
        except Exception as e:  # reported in the results, not raised
            out[name] = {"error": f"{type(e).__name__}: {e}"[:300]}
            continue
        out[name] = {"median_s": _median(times), "runs_s": times, "first_load_s": first}
    out["worst_median_s"] = max((v["median_s"] for v in out.values() if "median_s" in v), default=None)
    return out


# ---------------------------------------------------------------- (d) ingest of 100 000 rows
N_INGEST = 100_000


def ingest_csv(path: Path) -> int:
    """95 000 backfilled values (2009–2010, new rows) and 5 000 revisions of 2024 values (−2 %)."""
    import numpy as np
    import pandas as pd

    from ipdash.store import db
    from ipdash.store import read as store

    cur = db.query(
        "SELECT area, indicator, year, value FROM read_parquet(?) WHERE year = 2024 "
        "AND area LIKE 'c%' ORDER BY area, indicator",
        [store.table_path("actuals")],
    )
    rng = np.random.default_rng(7)
    n_rev = min(5_000, len(cur))
    back = cur.loc[np.repeat(cur.index.to_numpy(), 2)].reset_index(drop=True)
    back["year"] = np.tile([2009, 2010], len(cur))

    def keep_kind(new: pd.Series, old: pd.Series) -> pd.Series:
        """Whole numbers stay whole (counts in 件 must be, for the upload checks); others one decimal."""
        return pd.Series(np.where(old % 1 == 0, new.round(0), new.round(1)), index=new.index)

    back["value"] = keep_kind(back["value"] * np.where(back["year"] == 2009, 0.7, 0.8), back["value"])
    back = back.head(N_INGEST - n_rev)
    rev = cur.sample(n_rev, random_state=rng.integers(1 << 31))
    rev = rev.assign(value=keep_kind(rev["value"] * 0.98, rev["value"]))
    df = pd.concat([back, rev], ignore_index=True)
    df.to_csv(path, index=False, lineterminator="\n")
    return len(df)


def ingest(runs: int, work: Path) -> dict:
    import pandas as pd

    from ipdash.accounts.auth import User
    from ipdash.ingest import commit, validate
    from ipdash.sheets import read as ingest_read

    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "ingest-100k.csv"
    n = ingest_csv(csv_path)
    data = csv_path.read_bytes()
    out: dict = {"rows": n, "bytes": len(data)}
    out["read_csv_s"], out["read_csv_runs_s"], _ = _timed(lambda: pd.read_csv(csv_path), runs)
    out["read_s"], out["read_runs_s"], _ = _timed(lambda: ingest_read.read(data, csv_path.name), runs)

    def vp():
        v = validate.validate(data, csv_path.name, allowed_areas="*")
        return v, commit.preview(v)

    out["validate_preview_s"], out["validate_preview_runs_s"], (v, diff) = _timed(vp, runs)
    out["errors"], out["warnings"] = len(v.errors), len(v.warnings)
    out["preview_counts"] = commit.counts(diff) if v.ok else {}
    out["ratio"] = out["validate_preview_s"] / out["read_csv_s"]
    if v.ok:  # commit, then revert, so every run commits the same new rows
        user = User("bench", ("*",))
        times, rev = [], []
        for _ in range(max(1, min(runs, 3))):
            t0 = time.perf_counter()
            entry = commit.commit(v, data, user, confirm_warnings=True)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            commit.revert(entry["batch_id"], user)
            rev.append(time.perf_counter() - t0)
        out["commit_s"], out["commit_runs_s"], out["revert_s"] = _median(times), times, _median(rev)
        out["commit_ratio"] = out["commit_s"] / out["read_csv_s"]
    return out


def main(argv: list[str]) -> int:
    measure, data_dir, runs = argv[0], Path(argv[1]), int(argv[2])
    os.environ["IPDASH_DATA_DIR"] = str(data_dir)
    if measure == "status":
        res = status(runs)
    elif measure == "rerun":
        res = rerun(runs)
    elif measure == "ingest":
        res = ingest(runs, Path(argv[3]))
    else:
        raise SystemExit(f"unknown measure {measure}")
    print("RESULT " + json.dumps(res, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
