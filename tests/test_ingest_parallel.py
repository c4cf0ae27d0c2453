"""Concurrency and crashes: parallel ingest processes lose nothing; SIGKILL mid-commit leaves
the store consistent (and ``recover`` finishes or discards what the killed process left).

Each test runs on the local store and on PostgreSQL (``fresh_store``). On PostgreSQL a commit or
revert is one transaction: killed anywhere before its COMMIT, nothing of it is there.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from ipdash import paths, store
from ipdash.accounts import audit
from ipdash.ingest import commit
from ipdash.store import local_commit, write
from tests import backends
from tests.corpus import helpers

KEY = ["area", "indicator", "year"]


def oracle() -> pd.DataFrame:
    """Effective actuals computed independently: base, overlaid by active batches in commit order."""
    eff = backends.base()
    log = write.read_batches()
    for bid in log[log["status"] == "active"].sort_values("committed_at")["batch_id"]:
        b = commit.batch_rows(bid)
        eff = pd.concat([eff, b]).drop_duplicates(KEY, keep="last")
    return eff.sort_values(KEY).reset_index(drop=True)


def assert_consistent() -> None:
    for f in paths.store_dir().rglob("*.parquet"):
        pd.read_parquet(f)  # every file readable: no half-written Parquet
    log = write.read_batches()
    assert log["batch_id"].is_unique
    for bid in log["batch_id"]:
        if not backends.is_pg():
            assert (paths.batches_dir() / f"{bid}.parquet").exists(), f"log names {bid} but its rows are missing"
        assert len(commit.batch_rows(bid)), f"log names {bid} but its rows are missing"
        assert backends.archive(bid) is not None, f"batch {bid} has no archived original"
    actual = backends.effective().sort_values(KEY).reset_index(drop=True)
    expect = oracle()
    pd.testing.assert_frame_equal(
        actual[list(write.ACTUAL_COLUMNS)], expect[list(write.ACTUAL_COLUMNS)], check_dtype=False
    )


def _file(tmp: Path, i: int) -> Path:
    f = tmp / f"并行_{i}.csv"
    f.write_bytes(
        helpers.csv_bytes(
            [
                ["地区", "指标", "年份", "数值"],
                ["浦东", "PCT", 2000 + i, 100 + i],
                ["杨浦", "作品登记量", 2000 + i, 200 + i],
            ]
        )
    )
    return f


def _spawn(f: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ipdash", "ingest", str(f), "--user", "admin", "--yes"],
        cwd=helpers.REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_parallel_ingest_processes_lose_nothing(fresh_store, tmp_path):
    helpers.add_user("admin", ("*",))
    n = 5
    # a pause between the steps of each commit makes the processes really overlap on the lock
    procs = [_spawn(_file(tmp_path, i), {"IPDASH_COMMIT_PAUSE": "0.1"}) for i in range(n)]
    for p in procs:
        _, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
    log = write.read_batches()
    assert len(log) == n and set(log["file_name"]) == {f"并行_{i}.csv" for i in range(n)}
    eff = backends.effective()
    for i in range(n):
        for area, ind, v in (("pudong", "pct_applications", 100 + i), ("yangpu", "copyright_works", 200 + i)):
            hit = eff[(eff["area"] == area) & (eff["indicator"] == ind) & (eff["year"] == 2000 + i)]
            assert hit["value"].tolist() == [v]
    assert_consistent()
    log = audit.read_audit()
    assert (log["event"] == "upload").sum() == n


STEPS_BEFORE_COMMIT_POINT = ["start", "batch_file", "archive", "effective_file"]
STEPS_AFTER_COMMIT_POINT = ["log", "effective"]
# PostgreSQL: every step up to "effective" is inside the one transaction; "committed" is after COMMIT
PG_STEPS_BEFORE_COMMIT_POINT = ["start", "batch_file", "archive", "log", "effective"]
PG_STEPS_AFTER_COMMIT_POINT = ["committed"]


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS_BEFORE_COMMIT_POINT + STEPS_AFTER_COMMIT_POINT + PG_STEPS_AFTER_COMMIT_POINT)
def test_sigkill_at_each_commit_step(fresh_store, tmp_path, step):
    if step == "committed" and not backends.is_pg():
        pytest.skip("the local commit has no step after its last file")
    if step == "effective_file" and backends.is_pg():
        pytest.skip("PostgreSQL prepares no actuals file: one transaction")
    helpers.add_user("admin", ("*",))
    p = _spawn(_file(tmp_path, 1), {"IPDASH_CRASH_AT": step})
    p.communicate(timeout=120)
    assert p.returncode == -signal.SIGKILL
    # before any repair: every file is readable, and the effective table is a consistent state
    for f in paths.store_dir().rglob("*.parquet"):
        pd.read_parquet(f)
    after = PG_STEPS_AFTER_COMMIT_POINT if backends.is_pg() else STEPS_AFTER_COMMIT_POINT
    committed = step in after
    assert len(write.read_batches()) == (1 if committed else 0)
    store.current().ensure_consistent()
    assert not list(paths.store_dir().rglob(".*.tmp"))
    assert not local_commit.pending_marker().exists()
    assert_consistent()
    eff = backends.effective()
    hit = eff[(eff["area"] == "pudong") & (eff["indicator"] == "pct_applications") & (eff["year"] == 2001)]
    assert hit["value"].tolist() == ([101.0] if committed else [])
    if not committed:  # the orphan rows and archive were tidied away
        assert not list(paths.batches_dir().glob("*.parquet")) and not list(paths.uploads_dir().glob("*"))


@pytest.mark.slow
def test_sigkill_during_revert(fresh_store, tmp_path):
    admin = helpers.add_user("admin", ("*",))
    p = _spawn(_file(tmp_path, 2))
    assert p.wait(120) == 0
    bid = write.read_batches()["batch_id"].iloc[0]
    r = subprocess.run(
        [sys.executable, "-m", "ipdash", "revert", bid, "--user", "admin"],
        cwd=helpers.REPO,
        env={**os.environ, "IPDASH_CRASH_AT": "revert_log"},
        capture_output=True,
    )
    assert r.returncode == -signal.SIGKILL
    store.current().ensure_consistent()
    assert_consistent()
    if backends.is_pg():  # killed inside the transaction: the revert never happened; it can be done again
        assert write.read_batches()["status"].tolist() == ["active"]
        commit.revert(bid, admin)
        assert_consistent()
    assert write.read_batches()["status"].tolist() == ["reverted"]
    with pytest.raises(commit.CommitError):
        commit.revert(bid, admin)


@pytest.mark.slow
def test_sigkill_at_random_moments(fresh_store, tmp_path):
    """Kill commits at random points (seeded); after each, the store recovers to a consistent state."""
    helpers.add_user("admin", ("*",))
    rng = random.Random(5)
    for i in range(6):
        p = _spawn(_file(tmp_path, 10 + i), {"IPDASH_COMMIT_PAUSE": "0.15"})
        deadline = time.monotonic() + 60
        # wait for the signal that the commit has begun (its lock is held), then kill a little later
        while not backends.locked():
            if p.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.9))
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=60)
        for f in paths.store_dir().rglob("*.parquet"):
            pd.read_parquet(f)
        store.current().ensure_consistent()
        assert_consistent()
    assert len(write.read_batches()) <= 6
