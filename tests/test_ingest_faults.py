"""No lost updates, and faults that say what happened: a commit carries the data version its
preview saw; disk full / I/O errors exit 2 saying whether the batch was committed; the audit
line is written in the commit step or recovered with it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ipdash import paths, store
from ipdash.accounts import audit
from ipdash.ingest import commit, validate
from ipdash.store import local_commit, read, write
from tests import backends
from tests.corpus import helpers

HEAD = ["地区", "指标", "年份", "数值"]


def _value(area="pudong", ind="pct_applications", year=2016):
    a = read.actuals()
    hit = a[(a["area"] == area) & (a["indicator"] == ind) & (a["year"] == year)]
    return None if hit.empty else float(hit["value"].iloc[0])


def _uploads(events: list[dict], batch_id: str) -> int:
    return sum(1 for e in events if e.get("event") == "upload" and e.get("batch_id") == batch_id)


# ---------------------------------------------------------------- lost updates
def test_stale_preview_cannot_overwrite_a_newer_commit(fresh_store):
    a_user, b_user = helpers.add_user("a", ("*",)), helpers.add_user("b", ("*",))
    data_a = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    data_b = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 20]])
    v_a = validate.validate(data_a, "a.csv")
    token_a = commit.version_token()  # A previews
    commit.commit(validate.validate(data_b, "b.csv"), data_b, b_user)  # B commits the same key
    before = backends.snapshot(fresh_store)
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(v_a, data_a, a_user, expected_version=token_a)  # A's stale preview
    assert exc.value.code == "stale"
    assert _value() == 20 and backends.snapshot(fresh_store) == before
    commit.commit(v_a, data_a, a_user, expected_version=commit.version_token())  # after a new preview
    assert _value() == 10


def test_cli_commit_refuses_when_the_data_changed_since_the_dry_run(fresh_store):
    helpers.add_user("admin", ("*",))
    f = fresh_store / "a.csv"
    f.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]]))
    dry = helpers.cli("ingest", str(f), "--dry-run")
    token = dry.stderr.split("--expect-version ")[1].split(")")[0]
    assert dry.returncode == 0 and token == commit.version_token()
    other = fresh_store / "b.csv"
    other.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 20]]))
    assert helpers.cli("ingest", str(other), "--user", "admin").returncode == 0
    before = backends.snapshot(fresh_store)
    r = helpers.cli("ingest", str(f), "--user", "admin", "--expect-version", token)
    assert r.returncode == 2 and "数据已被他人更新，请重新预览" in r.stderr
    r_en = helpers.cli("ingest", str(f), "--user", "admin", "--expect-version", token, "--lang", "en")
    assert r_en.returncode == 2 and "updated by someone else" in r_en.stderr
    assert backends.snapshot(fresh_store) == before and _value() == 20
    r = helpers.cli("ingest", str(f), "--user", "admin", "--expect-version", commit.version_token())
    assert r.returncode == 0, r.stderr
    assert _value() == 10


# ---------------------------------------------------------------- disk full / I/O errors
@pytest.mark.parametrize("step", ["start", "batch_file", "archive"])
def test_io_error_before_the_commit_point_commits_nothing(fresh_store, step):
    helpers.add_user("admin", ("*",))
    f = fresh_store / "a.csv"
    f.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]]))
    before = backends.snapshot(fresh_store)
    r = helpers.cli("ingest", str(f), "--user", "admin", "--lang", "en", env={"IPDASH_FAIL_AT": step})
    assert r.returncode == 2
    assert "nothing was committed and the data are unchanged" in r.stderr and "ENOSPC" in r.stderr
    assert "Traceback" not in r.stderr
    assert backends.snapshot(fresh_store) == before
    assert not list(paths.store_dir().rglob(".*.tmp")) and not local_commit.pending_marker().exists()


@pytest.mark.parametrize("step", ["effective", "audit"])
def test_io_error_after_the_commit_point_says_committed_and_is_completed_later(fresh_data, step):
    helpers.add_user("admin", ("*",))
    f = fresh_data / "a.csv"
    f.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]]))
    r = helpers.cli("ingest", str(f), "--user", "admin", env={"IPDASH_FAIL_AT": step})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    log = write.read_batches()
    assert len(log) == 1
    bid = log["batch_id"].iloc[0]
    assert f"批次 {bid} 已提交" in r.stderr
    assert local_commit.pending_marker().exists()  # what is left to do
    store.current().ensure_consistent()  # the next reader completes it
    assert not local_commit.pending_marker().exists() and _value() == 10
    events = [json.loads(x) for x in paths.audit_log().read_text(encoding="utf-8").splitlines()]
    assert _uploads(events, bid) == 1


def test_io_error_in_the_commit_api(fresh_data, monkeypatch):
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    v = validate.validate(data, "a.csv")
    before = helpers.snapshot(fresh_data)
    monkeypatch.setenv("IPDASH_FAIL_AT", "batch_file")
    with pytest.raises(commit.CommitIOError) as exc:
        commit.commit(v, data, admin)
    assert not exc.value.committed and exc.value.code == "io_not_committed"
    assert helpers.snapshot(fresh_data) == before
    monkeypatch.setenv("IPDASH_FAIL_AT", "effective")
    with pytest.raises(commit.CommitIOError) as exc:
        commit.commit(v, data, admin)
    assert exc.value.committed and exc.value.batch_id in set(write.read_batches()["batch_id"])


@pytest.mark.parametrize("step", ["start", "archive", "log", "effective"])
def test_io_error_on_postgresql_rolls_the_whole_commit_back(fresh_store, monkeypatch, step):
    """On PostgreSQL every step is inside one transaction: a fault anywhere commits nothing."""
    if not backends.is_pg():
        pytest.skip("the local store's steps after the commit point are covered above")
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    v = validate.validate(data, "a.csv")
    before = backends.snapshot(fresh_store)
    monkeypatch.setenv("IPDASH_FAIL_AT", step)
    with pytest.raises(commit.CommitIOError) as exc:
        commit.commit(v, data, admin, expected_version=commit.version_token())
    assert not exc.value.committed and "ENOSPC" in exc.value.error
    assert backends.snapshot(fresh_store) == before and _value() != 10
    monkeypatch.delenv("IPDASH_FAIL_AT")
    bid = commit.commit(v, data, admin, expected_version=commit.version_token())["batch_id"]
    assert _value() == 10
    before = backends.snapshot(fresh_store)
    monkeypatch.setenv("IPDASH_FAIL_AT", "revert_log")
    with pytest.raises(commit.CommitIOError) as exc:
        commit.revert(bid, admin)
    assert not exc.value.committed and backends.snapshot(fresh_store) == before and _value() == 10


def test_a_repair_that_cannot_write_leaves_readers_working(fresh_data, monkeypatch):
    helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    monkeypatch.setenv("IPDASH_FAIL_AT", "effective")
    with pytest.raises(commit.CommitIOError):
        commit.commit(validate.validate(data, "a.csv"), data, helpers.add_user("b", ("*",)))
    monkeypatch.delenv("IPDASH_FAIL_AT")

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    real = write.rebuild_effective
    monkeypatch.setattr(write, "rebuild_effective", full)
    assert store.current().ensure_consistent() is False  # no exception for the page or the CLI
    monkeypatch.setattr(write, "rebuild_effective", real)  # room again
    assert store.current().ensure_consistent() is True and _value() == 10


# ---------------------------------------------------------------- the audit line belongs to the commit step
@pytest.mark.parametrize("step", ["log", "effective", "audit"])
def test_audit_line_recovered_after_a_kill_past_the_commit_point(fresh_data, tmp_path, step):
    helpers.add_user("admin", ("*",))
    f = tmp_path / "k.csv"
    f.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]]))
    p = subprocess.run(
        [sys.executable, "-m", "ipdash", "ingest", str(f), "--user", "admin"],
        cwd=helpers.REPO,
        env={**os.environ, "IPDASH_CRASH_AT": step},
        capture_output=True,
    )
    assert p.returncode == -signal.SIGKILL
    bid = write.read_batches()["batch_id"].iloc[0]
    store.current().ensure_consistent()
    log = audit.read_audit()
    assert ((log["event"] == "upload") & (log["batch_id"] == bid)).sum() == 1
    assert not local_commit.pending_marker().exists()


def test_audit_line_of_a_killed_revert_is_recovered(fresh_data, tmp_path):
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    bid = commit.commit(validate.validate(data, "a.csv"), data, admin)["batch_id"]
    r = subprocess.run(
        [sys.executable, "-m", "ipdash", "revert", bid, "--user", "admin"],
        cwd=helpers.REPO,
        env={**os.environ, "IPDASH_CRASH_AT": "revert_log"},
        capture_output=True,
    )
    assert r.returncode == -signal.SIGKILL
    store.current().ensure_consistent()
    log = audit.read_audit()
    assert ((log["event"] == "revert") & (log["batch_id"] == bid)).sum() == 1


# ---------------------------------------------------------------- disk full inside DuckDB's write, orphaned temporaries
def _duckdb_disk_full(monkeypatch):
    """DuckDB's COPY fails as it does with a few KB free: ``duckdb.IOException``, a half-written ``tmp_`` file."""
    import duckdb

    real = write.db.execute

    def execute(sql, params=None):
        if sql.startswith("COPY"):
            out = Path(params[-1])
            (out.parent / f"tmp_{out.name}").write_bytes(b"PAR1 half")
            raise duckdb.IOException(f'IO Error: Could not write file "{out}": No space left on device')
        return real(sql, params)

    monkeypatch.setattr(write.db, "execute", execute)
    return lambda: monkeypatch.setattr(write.db, "execute", real)  # room again


def test_disk_full_in_duckdbs_write_commits_nothing_and_pages_recover(fresh_data, monkeypatch):
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    v = validate.validate(data, "a.csv")
    before = helpers.snapshot(fresh_data)
    room = _duckdb_disk_full(monkeypatch)
    with pytest.raises(commit.CommitIOError) as exc:
        commit.commit(v, data, admin)
    assert not exc.value.committed and "ENOSPC" in exc.value.error
    assert helpers.snapshot(fresh_data) == before  # nothing written
    assert not local_commit._temporary_files() and not local_commit.pending_marker().exists()
    assert store.current().ensure_consistent() is False and _value() != 10  # a page opens as before
    room()
    commit.commit(v, data, admin)
    assert _value() == 10


def test_disk_full_in_duckdbs_write_during_a_revert(fresh_data, monkeypatch):
    admin = helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    bid = commit.commit(validate.validate(data, "a.csv"), data, admin)["batch_id"]
    before = helpers.snapshot(fresh_data)
    _duckdb_disk_full(monkeypatch)
    with pytest.raises(commit.CommitIOError) as exc:
        commit.revert(bid, admin)
    assert not exc.value.committed and helpers.snapshot(fresh_data) == before and _value() == 10
    assert not local_commit._temporary_files()


def test_disk_full_in_duckdbs_write_during_a_repair_leaves_pages_working(fresh_data, monkeypatch):
    helpers.add_user("admin", ("*",))
    data = helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]])
    monkeypatch.setenv("IPDASH_FAIL_AT", "effective")  # committed; the actuals are left to the repair
    with pytest.raises(commit.CommitIOError):
        commit.commit(validate.validate(data, "a.csv"), data, helpers.add_user("b", ("*",)))
    monkeypatch.delenv("IPDASH_FAIL_AT")
    room = _duckdb_disk_full(monkeypatch)
    assert store.current().ensure_consistent() is False  # DuckDB's IOException does not reach the page
    room()
    assert store.current().ensure_consistent() is True and _value() == 10


@pytest.mark.parametrize("step", ["effective_file"])
def test_cli_io_error_at_the_prepared_actuals_commits_nothing(fresh_store, step):
    helpers.add_user("admin", ("*",))
    f = fresh_store / "a.csv"
    f.write_bytes(helpers.csv_bytes([HEAD, ["浦东", "PCT", 2016, 10]]))
    before = backends.snapshot(fresh_store)
    r = helpers.cli("ingest", str(f), "--user", "admin", "--lang", "en", env={"IPDASH_FAIL_AT": step})
    if backends.is_pg():  # no such step on PostgreSQL: one transaction
        assert r.returncode == 0, r.stderr
        return
    assert r.returncode == 2 and "nothing was committed and the data are unchanged" in r.stderr
    assert "Traceback" not in r.stderr and backends.snapshot(fresh_store) == before


def test_orphaned_temporary_files_are_removed_at_start(fresh_data):
    """A kill -9 mid-write leaves ``.actuals.parquet.*.tmp`` or DuckDB's ``tmp_.actuals.parquet.*.tmp``."""
    orphans = [
        paths.store_dir() / "tmp_.actuals.parquet.k3j2h1.tmp",
        paths.store_dir() / ".actuals.parquet.a1b2c3.tmp",
        paths.batches_dir() / ".b-123.parquet.x9y8.tmp",
    ]
    for f in orphans:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"half")
    assert store.current().needs_recovery()
    store.current().ensure_consistent()  # what a page or the CLI does when it opens
    assert not any(f.exists() for f in orphans)
    assert not store.current().needs_recovery()
