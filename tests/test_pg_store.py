"""The PostgreSQL store's own commands and failure modes: ``db init`` (versioned, repeatable),
``db migrate`` / ``db export`` (a round trip gives back the same files), an unreachable or
misconfigured database (a message naming host, port and what to check; exit 2; an error box on the
page; nothing written), and the nginx config for replicas (``nginx -t``).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ipdash.accounts import auth
from ipdash.ingest import commit, milestones, validate
from ipdash.store import backend, pg, pg_schema
from tests.apptest import open_page
from tests.corpus import helpers
from tests.server import free_port

REPO = Path(__file__).resolve().parent.parent


def _write_side(d: Path, users: Path) -> dict[str, bytes]:
    """Every file of the write side (store tables, batches, manifest, uploads, audit, users), as bytes."""
    out = {}
    for f in sorted((d / "store").rglob("*")):
        rel = f.relative_to(d)
        if f.is_file() and not f.name.startswith(".") and rel.parts[1] not in ("cache", "pg-mirror"):
            out[str(rel)] = f.read_bytes()
    for f in sorted((d / "uploads").rglob("*")) if (d / "uploads").exists() else ():
        if f.is_file():
            out[str(f.relative_to(d))] = f.read_bytes()
    for name, f in (("audit.log", d / "audit.log"), ("users.json", users)):
        if f.exists():
            out[name] = f.read_bytes()
    return out


def _commit(rows, user):
    data = helpers.csv_bytes(rows)
    return commit.commit(validate.validate(data, "上传.csv"), data, user, confirm_warnings=True)


def test_migrate_then_export_gives_back_the_same_files(fresh_data, pg_cluster, tmp_path, monkeypatch):
    admin = helpers.add_user("admin", ("*",))
    helpers.add_user("wang", ("pudong",))
    with pytest.raises(auth.AuthError):
        auth.authenticate("wang", "wrong password")
    head = ["地区", "指标", "年份", "数值"]
    _commit([head, ["浦东", "PCT", 2016, 10], ["杨浦", "PCT", 2016, 12]], admin)
    b = _commit([head, ["浦东", "PCT", 2016, 11], ["静安", "作品登记量", 2015, 7]], admin)
    commit.revert(b["batch_id"], admin)
    _commit([head, ["杨浦", "作品登记量", 2014, 4]], admin)
    zhou = auth.add_user("zhou", helpers.PASSWORD, ["pudong"])
    status = "任务编号,状态,进展说明\nM-PD24-06,推进中,已开展巡查\n".encode()
    milestones.commit(milestones.validate_file(status, "台账.csv", zhou), zhou, source="file", data=status)
    seen = milestones.validate_one("M-PD24-06", "done", "通过验收", "", zhou)
    milestones.commit(seen, zhou, source="dialog", evidence=("验收.pdf", b"%PDF-1.4"))
    r = helpers.cli("subscriptions", "add", "Wang", "--email", "wang@example.gov.cn", "--areas", "yangpu")
    assert r.returncode == 0, r.stderr
    assert helpers.cli("notify").returncode == 0  # the commits before it: recorded as notified, nothing queued
    assert helpers.cli("meetings", "add", "2026-11-20", "--title", "推进会", "--user", "zhou").returncode == 0
    add = ["--meeting", "2026-11-20", "--department", "保护处", "--due", "2026-12-31", "--text", "导航报告"]
    assert helpers.cli("commitments", "add", *add, "--target", "PD23-01", "--user", "zhou").returncode == 0
    r = helpers.cli("commitments", "report", "C-20261120-01", "--status", "done", "--note", "印发", "--user", "zhou")
    assert r.returncode == 0, r.stderr
    local_commitments = helpers.cli("commitments").stdout
    for note in ("银行审批放缓", "已走访三家银行"):
        r = helpers.cli("checkin", "PD24-08", "--user", "zhou", "--note", note, "--confidence", "medium")
        assert r.returncode == 0, r.stderr
    users = Path(os.environ["IPDASH_USERS_FILE"])
    before = _write_side(fresh_data, users)
    assert "store/subscriptions.json" in before and "store/outbox.json" in before and "store/meetings.json" in before
    assert "store/checkins.json" in before
    local_checkins = helpers.cli("checkins").stdout
    local_csv = helpers.cli("actuals").stdout
    assert len(before) > 15  # 8 tables, 3 batches, manifest, 3 uploads, audit, users, reports and 2 files
    assert "store/milestone_reports.parquet" in before and len([k for k in before if "/milestones/" in k]) == 2

    db = pg_cluster.create_db()
    monkeypatch.setenv("IPDASH_STORE", pg_cluster.url(db))
    r = helpers.cli("db", "init")
    assert r.returncode == 0 and f"applied migrations {[v for v, _ in pg_schema.MIGRATIONS]}" in r.stderr, r.stderr
    r = helpers.cli("db", "init")
    assert r.returncode == 0 and "schema up to date" in r.stderr
    r = helpers.cli("db", "migrate", "--from", str(fresh_data), "--users", str(users))
    assert r.returncode == 0, r.stderr
    assert "3 batches, 3 archived files" in r.stderr and "2 milestone reports" in r.stderr
    assert "1 subscriptions" in r.stderr and "3 rows of meetings, commitments and their reports" in r.stderr
    assert "2 check-ins" in r.stderr
    assert helpers.cli("db", "migrate", "--from", str(fresh_data)).returncode == 2  # not twice without --replace
    # every other command works unchanged on the database, with the same answers
    assert helpers.cli("actuals").stdout == local_csv
    assert [r["status"] for r in csv.DictReader(io.StringIO(helpers.cli("batches").stdout))] == [
        "active",
        "reverted",
        "active",
    ]
    assert helpers.cli("commitments").stdout == local_commitments
    assert auth.authenticate("wang", helpers.PASSWORD).areas == ("pudong",)  # the migrated account logs in
    h = list(csv.DictReader(io.StringIO(helpers.cli("milestones", "history").stdout)))
    assert [(x["milestone_id"], x["status"], x["user"]) for x in h] == [
        ("M-PD24-06", "done", "zhou"),  # newest first
        ("M-PD24-06", "in_progress", "zhou"),
    ]

    assert helpers.cli("checkins").stdout == local_checkins  # newest first, the same rows
    out = tmp_path / "exported"
    r = helpers.cli("db", "export", "--to", str(out), "--users", str(tmp_path / "exported-users.json"))
    assert r.returncode == 0, r.stderr
    after = _write_side(out, tmp_path / "exported-users.json")
    after.pop("users.json")  # the successful login above cleared wang's failure; compare accounts apart
    exp_users = (tmp_path / "exported-users.json").read_bytes()
    assert exp_users == users.read_bytes()
    before.pop("users.json")
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], f"{name} differs after the round trip"


def test_unreachable_database_exit_2_names_host_port_and_writes_nothing(fresh_data, monkeypatch):
    port = free_port()  # nothing listens there
    before = helpers.snapshot(fresh_data)
    for url, must in (
        (f"postgresql://ipdash@127.0.0.1:{port}/ipdash", ["host 127.0.0.1", f"port {port}", "pg_isready"]),
        ("postgresql://ipdash:s3cret@127.0.0.1:1/ipdash", ["port 1", "Check that PostgreSQL is running"]),
        ("mysql://somewhere/db", ["is not a PostgreSQL URL", "postgresql://user@host:port/database"]),
    ):
        monkeypatch.setenv("IPDASH_STORE", url)
        for args in (
            ("actuals",),
            ("batches",),
            ("db", "init"),
            ("ingest", str(helpers.CORPUS / "01_utf8_long_zh.csv"), "--user", "x"),
        ):
            r = helpers.cli(*args)
            assert r.returncode == 2, (args, r.stderr)
            assert "Traceback" not in r.stderr and r.stdout == ""
            for m in must:
                assert m in r.stderr, (m, r.stderr)
            assert "s3cret" not in r.stderr
    assert helpers.snapshot(fresh_data) == before


def test_wrong_database_name_says_create_it(pg_cluster, monkeypatch):
    monkeypatch.setenv("IPDASH_STORE", pg_cluster.url("no_such_db"))
    r = helpers.cli("targets")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"port {pg_cluster.port}" in r.stderr and "createdb" in r.stderr and "no_such_db" in r.stderr


def test_page_shows_an_error_box_not_a_traceback(fresh_data, monkeypatch):
    port = free_port()
    monkeypatch.setenv("IPDASH_STORE", f"postgresql://ipdash@127.0.0.1:{port}/ipdash")
    at = open_page("app_pages/overview.py")
    texts = [e.value for e in at.error] + [t.value for t in at.text]
    assert any("数据库" in t for t in texts), texts
    assert any(f"port {port}" in t and "127.0.0.1" in t for t in texts), texts


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_schema_newer_than_the_code_is_refused(fresh_store):
    assert pg_schema.init() == []  # the template is current: nothing to apply
    with pg.session() as tx:
        tx.run("INSERT INTO ipdash_migrations VALUES ($1, now())", (pg_schema.LATEST + 1,))
    with pytest.raises(backend.StoreUnavailable, match="newer than this ipdash knows"):
        pg_schema.init()
    r = helpers.cli("actuals")
    assert r.returncode == 2 and "upgrade ipdash" in r.stderr


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_replicas_config_is_valid(tmp_path):
    """deploy/nginx-replicas.conf, as docs/deployment.md tells to install it, passes ``nginx -t``."""
    site = (REPO / "deploy" / "nginx-replicas.conf").read_text(encoding="utf-8")
    assert "ip_hash" in site or "hash $cookie" in site  # sticky sessions
    assert "proxy_set_header Upgrade" in site  # Streamlit's websocket
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\n{site}\n}}\n",
        encoding="utf-8",
    )
    r = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_a_writer_waits_for_the_lock_then_says_so(fresh_store, monkeypatch):
    """Writers queue on one advisory lock; one held too long gives LockTimeout (the page's message)."""
    import threading

    monkeypatch.setattr(pg, "LOCK_TIMEOUT_S", 1)
    held, done = threading.Event(), threading.Event()

    def hold():
        with pg.transaction():
            held.set()
            done.wait(10)

    th = threading.Thread(target=hold)
    th.start()
    held.wait(10)
    try:
        with pytest.raises(backend.LockTimeout, match="write lock"), pg.transaction():
            pass
    finally:
        done.set()
        th.join()
    with pg.transaction():  # free again
        pass


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_a_replica_merges_only_what_changed_into_what_it_holds(fresh_store):
    """After commits and reverts made elsewhere, the in-memory actuals (merged from the rows written
    since the cached version and the keys a revert removed) equal the table in the database."""
    import pandas as pd

    from ipdash.store import pg_read, read
    from tests import backends

    admin = helpers.add_user("admin", ("*",))
    head = ["地区", "指标", "年份", "数值"]

    def same():
        pg_read.invalidate()
        mine = read.table("actuals").reset_index(drop=True)
        theirs = backends.effective()
        pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
        return len(mine)

    n0 = same()
    a = _commit([head, ["浦东", "PCT", 2016, 10], ["杨浦", "PCT", 2016, 12], ["浦东", "PCT", 2024, 1]], admin)
    assert same() == n0 + 2  # two new keys, one changed
    b = _commit([head, ["浦东", "PCT", 2016, 11], ["静安", "作品登记量", 2013, 7]], admin)
    assert same() == n0 + 3
    commit.revert(a["batch_id"], admin)  # yangpu 2016 gone; pudong 2016 stays (b); pudong 2024 back to base
    assert same() == n0 + 2
    commit.revert(b["batch_id"], admin)
    assert same() == n0


# ---------------------------------------------------------------- milestones on PostgreSQL (migration 2)
def test_milestone_report_columns_match_the_local_store():
    from ipdash.store import milestones as history

    assert pg_schema.REPORT_COLUMNS == history.REPORT_COLUMNS
    assert pg_schema.LATEST == 5


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_db_init_upgrades_a_version_1_store_with_the_milestone_tables(fresh_store):
    with pg.session() as tx:  # a store made by the code before migration 2
        tx.run("DROP TABLE milestone_reports, milestone_files, subscriptions, outbox, notified, checkins")
        tx.run("DROP TABLE meetings, commitments, commitment_reports")
        tx.run("DELETE FROM ipdash_migrations WHERE version >= 2")
    assert not pg_schema.is_current()
    r = helpers.cli("db", "init")
    later = [v for v, _ in pg_schema.MIGRATIONS if v >= 2]
    assert r.returncode == 0 and f"applied migrations {later}" in r.stderr, r.stderr
    assert pg_schema.is_current() and pg_schema.init() == []
    assert f"schema,{pg_schema.LATEST} (latest {pg_schema.LATEST})" in helpers.cli("db", "status").stdout


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_a_milestone_report_is_one_transaction_outside_the_data_version(fresh_store, monkeypatch):
    from ipdash.store import milestones as history
    from ipdash.store import read

    zhou = auth.add_user("zhou", helpers.PASSWORD, ["pudong"])
    data_version, reports_version = read.data_version(), history.version()
    v = milestones.validate_one("M-PD24-06", "done", "通过验收", "", zhou)

    real = pg.Tx.run

    def full(self, sql, params=None):  # the rows fail after the evidence file went in: neither stays
        if sql.startswith("INSERT INTO milestone_reports"):
            raise OSError(28, "No space left on device")
        return real(self, sql, params)

    monkeypatch.setattr(pg.Tx, "run", full)
    with pytest.raises(OSError):
        milestones.commit(v, zhou, source="dialog", evidence=("验收.pdf", b"%PDF"))
    monkeypatch.setattr(pg.Tx, "run", real)
    with pg.session() as tx:
        assert tx.one("SELECT count(*) FROM milestone_files") == 0
        assert tx.one("SELECT count(*) FROM milestone_reports") == 0
    assert history.version() == reports_version
    milestones.commit(milestones.validate_one("M-PD24-06", "done", "通过验收", "", zhou), zhou, source="dialog")
    assert history.version() != reports_version and read.data_version() == data_version
    assert list(history.reports()["status"]) == ["done"]
