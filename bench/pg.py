"""Local store and PostgreSQL side by side at county scale: ``python -m bench.pg [--scale full|small]
[--data DIR] [--runs N] [--json FILE]``.

1. Generates and builds the county-scale data directory (``bench/generate.py``, 1.07 M actuals) —
   or reuses ``--data DIR`` — starts a throwaway PostgreSQL cluster on a free loopback port
   (``tests/pgcluster.py``) and copies the directory in (``python -m ipdash db migrate``).
2. On each backend, in a fresh interpreter: (1) commit of the 100 000-row upload of
   ``bench/inproc.ingest_csv`` and (2) its revert, each the median of ``--runs``; (3) a replica's
   reload of the 1 M effective actuals after a change — ``store.table("actuals")`` the first time
   after another commit, with this process's copy of the old version in memory (what every replica
   does when the version it polls moves; the PostgreSQL store fetches only the changed rows), and
   the cold load of all 1 M rows; (4) 8 uploader processes at once (``python -m ipdash ingest``,
   1 000 new values each): wall time, and whether every batch and every value arrived.
3. Prints a table with the goals (commit ≤ 2 s, revert ≤ 2 s, reload ≤ 1.5 s, nothing lost) and
   writes ``--json FILE``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOALS = {"commit_s": 2.0, "revert_s": 2.0, "reload_after_change_s": 1.5}
N_UPLOADERS = 8
ROWS_PER_UPLOADER = 1_000


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _uploader_files(work: Path) -> list[Path]:
    """8 files of 1 000 new values each (year 2008, disjoint areas): nothing may be lost."""
    import pandas as pd

    from ipdash.store import read as store

    areas = sorted(a for a in store.table("areas")["code"] if a.startswith("c"))
    inds = sorted(i for i in store.table("indicators")["code"] if i.startswith("syn_"))
    files = []
    per = max(1, min(ROWS_PER_UPLOADER // len(inds), len(areas) // N_UPLOADERS))
    for i in range(N_UPLOADERS):
        mine = areas[i * per : (i + 1) * per]
        df = pd.DataFrame(
            [(a, ind, 2008, 1.0 + i) for a in mine for ind in inds], columns=["地区", "指标", "年份", "数值"]
        )
        f = work / f"uploader-{i}.csv"
        df.to_csv(f, index=False)
        files.append(f)
    return files


def child(backend: str, runs: int, work: Path) -> dict:
    """The measures on the backend ``IPDASH_STORE`` selects (run in a fresh interpreter)."""
    from bench import inproc
    from ipdash.accounts import auth
    from ipdash.ingest import commit, validate
    from ipdash.store import pg_read
    from ipdash.store import read as store

    out: dict = {"backend": backend}
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "ingest-100k.csv"
    store.ensure_built()
    t0 = time.perf_counter()
    store.table("actuals")
    out["cold_load_s"] = time.perf_counter() - t0
    out["n_actuals"] = len(store.table("actuals"))
    inproc.ingest_csv(csv_path)
    data = csv_path.read_bytes()
    v = validate.validate(data, csv_path.name, allowed_areas="*")
    if auth.get_user("bench") is None:
        auth.add_user("bench", "bench-password", ["*"])
    user = auth.get_user("bench")
    assert user is not None and v.ok
    commits, reverts, reloads = [], [], []
    for _ in range(runs):
        store.table("actuals")  # the replica holds the current version
        t0 = time.perf_counter()
        entry = commit.commit(v, data, user, confirm_warnings=True)
        commits.append(time.perf_counter() - t0)
        pg_read.invalidate()  # as after the next poll (≤ 1 s): the version moved
        t0 = time.perf_counter()
        n = len(store.table("actuals"))
        reloads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        commit.revert(entry["batch_id"], user)
        reverts.append(time.perf_counter() - t0)
        store.table("actuals")
    out.update(
        commit_s=statistics.median(commits),
        commit_runs_s=commits,
        revert_s=statistics.median(reverts),
        revert_runs_s=reverts,
        reload_after_change_s=statistics.median(reloads),
        reload_runs_s=reloads,
        rows_after_commit=n,
    )
    # 8 uploaders at once
    files = _uploader_files(work)
    expected = sum(len(f.read_text(encoding="utf-8").splitlines()) - 1 for f in files)
    before = set(commit.history()["batch_id"])
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ipdash", "ingest", str(f), "--user", "bench", "--yes"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    errors = [p.communicate(timeout=900)[1] for p in procs]
    out["uploaders_wall_s"] = time.perf_counter() - t0
    out["uploaders_exit"] = [p.returncode for p in procs]
    new = commit.history()
    new = new[~new["batch_id"].isin(before)]
    eff = store.actuals(up_to_year=2008)
    got = eff[(eff["year"] == 2008) & eff["batch_id"].isin(set(new["batch_id"]))]
    out["uploaders_batches"] = len(new)
    out["uploaders_rows"] = len(got)
    out["uploaders_expected_rows"] = expected
    out["nothing_lost"] = bool(len(new) == N_UPLOADERS and len(got) == expected)
    if not out["nothing_lost"]:
        out["uploader_errors"] = [e[-500:] for e in errors if e]
    for bid in new["batch_id"]:  # leave the store as it was
        commit.revert(bid, user)
    return out


def run_child(backend: str, env: dict, runs: int, work: Path) -> dict:
    p = subprocess.run(
        [sys.executable, "-m", "bench.pg", "--child", backend, "--runs", str(runs), "--work", str(work)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    for line in reversed(p.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"backend": backend, "error": (p.stderr or p.stdout)[-3000:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("full", "small"), default="full")
    ap.add_argument("--data", type=Path, help="a data directory made by an earlier run (bench.generate + build)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print("RESULT " + json.dumps(child(a.child, a.runs, a.work)))
        return 0
    from tests.pgcluster import PgCluster

    tmp = Path(tempfile.mkdtemp(prefix="ipdash-benchpg-"))
    load = [round(x, 2) for x in os.getloadavg()]
    res: dict = {"date": datetime.now(UTC).isoformat(timespec="minutes"), "scale": a.scale, "load_at_start": load}
    data = a.data
    if data is None:
        data = tmp / "data"
        log(f"generating {a.scale} data in {data} …")
        subprocess.run([sys.executable, "-m", "bench.generate", str(data), "--scale", a.scale], cwd=REPO, check=True)
    env = {k: v for k, v in os.environ.items() if k != "IPDASH_STORE"}
    env.update(IPDASH_DATA_DIR=str(data), IPDASH_USERS_FILE=str(tmp / "users.json"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ipdash", "build"], cwd=REPO, env=env, check=True, capture_output=True)
    res["local_build_s"] = time.perf_counter() - t0
    cluster = PgCluster()
    try:
        db = cluster.create_db()
        pg_env = dict(env, IPDASH_STORE=cluster.url(db), IPDASH_DATA_DIR=str(tmp / "pg-data"))
        subprocess.run([sys.executable, "-m", "ipdash", "db", "init"], cwd=REPO, env=pg_env, check=True)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ipdash", "db", "migrate", "--from", str(data)], cwd=REPO, env=pg_env, check=True
        )
        res["pg_migrate_s"] = time.perf_counter() - t0
        import shutil

        shutil.copytree(data, tmp / "pg-data", ignore=shutil.ignore_patterns("store", "uploads", "audit.log"))
        log("local store …")
        res["local"] = run_child("local", env, a.runs, tmp / "work-local")
        log("PostgreSQL …")
        res["postgresql"] = run_child("postgresql", pg_env, a.runs, tmp / "work-pg")
    finally:
        cluster.stop()
    res["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(table(res))
    if a.json:
        a.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 0


def table(res: dict) -> str:
    lines = [
        f"ipdash local vs PostgreSQL — {res['date']} — scale {res['scale']} — load {res['load_at_start']} → "
        f"{res.get('load_at_end')}",
        f"{'measure':<44} {'local':>10} {'PostgreSQL':>11} {'goal':>8}",
    ]
    lo, pg = res.get("local", {}), res.get("postgresql", {})
    for key, label in (
        ("commit_s", "commit 100 000 rows (s)"),
        ("revert_s", "revert them (s)"),
        ("reload_after_change_s", "replica reload of 1 M rows after a change (s)"),
        ("cold_load_s", "cold load of 1 M rows (s)"),
        ("uploaders_wall_s", f"{N_UPLOADERS} uploaders at once, wall (s)"),
        ("nothing_lost", f"{N_UPLOADERS} uploaders: nothing lost"),
    ):
        goal = GOALS.get(key, True if key == "nothing_lost" else None)

        def f(v):
            return "—" if v is None else (str(v) if isinstance(v, bool) else f"{v:.2f}")

        shown = "" if goal is None else "True" if isinstance(goal, bool) else f"≤ {goal}"
        lines.append(f"{label:<44} {f(lo.get(key)):>10} {f(pg.get(key)):>11} {shown:>8}")
    for side in (lo, pg):
        if "error" in side:
            lines.append(f"{side['backend']} failed: {side['error'][-800:]}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
