"""Users, salted hashes, rate-limited logins, area permissions, audit of failures — on the local store
(users file) and on PostgreSQL (accounts table): ``fresh_store`` runs each test on both."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ipdash import paths
from ipdash.ingest import auth
from tests import backends
from tests.corpus import helpers


def test_users_file_holds_salted_hashes_only(fresh_store):
    helpers.add_user("wang", ("pudong",))
    helpers.add_user("li", ("pudong",))
    if backends.is_pg():
        assert not paths.users_file().exists()  # accounts live in the database only
        assert helpers.PASSWORD not in json.dumps(backends.accounts(), ensure_ascii=False)
        users = backends.accounts()["users"]
        assert users["wang"]["salt"] != users["li"]["salt"] and users["wang"]["algo"] == "scrypt"
        return
    path = paths.users_file()
    text = path.read_text(encoding="utf-8")
    assert helpers.PASSWORD not in text
    users = json.loads(text)["users"]
    assert users["wang"]["salt"] != users["li"]["salt"]  # per-user salt
    assert users["wang"]["hash"] != users["li"]["hash"]  # same password, different hash
    assert users["wang"]["algo"] == "scrypt"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not str(path).startswith(str(paths.REPO))  # tests keep it outside the repo


def test_default_users_file_is_gitignored():
    ignore = (paths.REPO / ".gitignore").read_text()
    assert "/data/users.json" in ignore


def test_login_ok_and_wrong_password(fresh_store):
    helpers.add_user("wang", ("pudong", "yangpu"))
    u = auth.authenticate("wang", helpers.PASSWORD)
    assert u == auth.User("wang", ("pudong", "yangpu"))
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("wang", helpers.PASSWORD + "x")
    assert exc.value.code == "bad_credentials"
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("nobody", helpers.PASSWORD)
    assert exc.value.code == "bad_credentials"
    events = backends.audit_events()
    assert [(e["event"], e["user"]) for e in events] == [("login_failed", "wang"), ("login_failed", "nobody")]


def test_rate_limit_blocks_even_the_right_password_then_expires(fresh_store, monkeypatch):
    helpers.add_user("wang", ("pudong",))
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate("wang", "wrong-password")
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("wang", helpers.PASSWORD)
    assert exc.value.code == "rate_limited" and 0 < exc.value.retry_after <= auth.WINDOW_S + 1
    # another name is not affected
    helpers.add_user("li", ("pudong",))
    assert auth.authenticate("li", helpers.PASSWORD).name == "li"
    # the count survives a new process (it lives in a file next to the users file, or in the database)
    r = helpers.cli("users", "list")
    assert r.returncode == 0
    assert auth.retry_after("wang") > 0
    # …and expires after the window
    real = auth.time.time
    monkeypatch.setattr(auth.time, "time", lambda: real() + auth.WINDOW_S + 5)
    assert auth.authenticate("wang", helpers.PASSWORD).name == "wang"


def test_success_clears_failures(fresh_store):
    helpers.add_user("wang", ("pudong",))
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(auth.AuthError):
            auth.authenticate("wang", "nope-nope")
    auth.authenticate("wang", helpers.PASSWORD)
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("wang", "nope-nope")
    assert exc.value.code == "bad_credentials"  # counting restarted


def test_area_permission(fresh_store):
    u = helpers.add_user("wang", ("pudong",))
    assert u.may_write("pudong") and not u.may_write("jingan")
    admin = helpers.add_user("admin", ("*",))
    assert admin.may_write("jingan")
    assert admin.allowed(["pudong", "jingan"]) == {"pudong", "jingan"}


@pytest.mark.parametrize(
    "name,password,areas",
    [
        ("wang", "short", ["pudong"]),
        ("bad name!", "long enough", ["pudong"]),
        ("wang", "long enough", ["mars"]),
        ("wang", "long enough", []),
    ],
)
def test_add_user_rejects_bad_input(fresh_store, name, password, areas):
    with pytest.raises(auth.AuthError):
        auth.add_user(name, password, areas)
    assert not paths.users_file().exists()
    assert backends.accounts() == {"users": {}}


def test_users_cli_add_list_remove(fresh_store):
    r = helpers.cli("users", "add", "zhao", "--areas", "pudong,jingan", "--password-stdin", stdin="a good password\n")
    assert r.returncode == 0, r.stderr
    assert auth.authenticate("zhao", "a good password").areas == ("pudong", "jingan")
    r = helpers.cli("users", "add", "zhao", "--areas", "pudong", "--password-stdin", stdin="a good password\n")
    assert r.returncode == 2 and "exists" in r.stderr
    r = helpers.cli("users", "list")
    assert r.stdout.splitlines()[0] == "user,areas,created_at" and 'zhao,"pudong,jingan"' in r.stdout
    assert "hash" not in r.stdout and "salt" not in r.stdout
    assert helpers.cli("users", "remove", "zhao").returncode == 0
    assert auth.get_user("zhao") is None
    assert helpers.cli("users", "remove", "zhao").returncode == 2
