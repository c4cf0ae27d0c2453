"""Users, salted hashes, rate-limited logins, area permissions, audit of failures — on the local store
(users file) and on PostgreSQL (accounts table): ``fresh_store`` runs each test on both."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ipdash import paths
from ipdash.accounts import auth
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


# ---------------------------------------------------------------- backoff per (name, client)
def test_lockout_is_per_client_so_public_names_cannot_lock_analysts_out(fresh_store):
    helpers.add_user("wang", ("pudong",))
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate("wang", "guess-guess", client="203.0.113.9")  # someone who read the batch history
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("wang", helpers.PASSWORD, client="203.0.113.9")
    assert exc.value.code == "rate_limited"
    # wang, from the office, is not locked out
    assert auth.authenticate("wang", helpers.PASSWORD, client="10.1.2.3").name == "wang"
    events = backends.audit_events()
    assert {e.get("client") for e in events if e["event"] == "login_failed"} == {"203.0.113.9"}


def test_backoff_doubles_with_every_further_failure(fresh_store, monkeypatch):
    helpers.add_user("wang", ("pudong",))
    now = [1_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    waits = []
    for _ in range(auth.MAX_FAILURES + 3):
        now[0] += 10_000  # always past the previous wait: each attempt is a real failure
        with pytest.raises(auth.AuthError) as exc:
            auth.authenticate("wang", "wrong-password", client="c")
        assert exc.value.code == "bad_credentials"
        waits.append(auth.retry_after("wang", now[0], client="c"))
    assert waits[: auth.MAX_FAILURES - 1] == [0] * (auth.MAX_FAILURES - 1)
    backoff = [w - 1 for w in waits[auth.MAX_FAILURES - 1 :]]  # seconds to wait, rounded up
    assert backoff == [auth.BACKOFF_S * 2**k for k in range(4)]
    now[0] += auth.MAX_WAIT_S + 1  # waited long enough: the right password works and clears the count
    assert auth.authenticate("wang", helpers.PASSWORD, client="c").name == "wang"
    assert auth.retry_after("wang", now[0], client="c") == 0


def test_one_client_trying_many_names_is_slowed_on_those_names(fresh_store):
    helpers.add_user("wang", ("pudong",))
    for i in range(auth.CLIENT_MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.authenticate(f"name{i}", "x-x-x-x-x", client="198.51.100.7")
    for name in ("name0", "another-unknown-name"):  # the guessing waits, on old and new unknown names
        with pytest.raises(auth.AuthError) as exc:
            auth.authenticate(name, "x-x-x-x-x", client="198.51.100.7")
        assert exc.value.code == "rate_limited" and exc.value.retry_after > 0
    assert auth.authenticate("wang", helpers.PASSWORD, client="10.1.2.3").name == "wang"


def test_nat_guesser_does_not_stop_a_colleague_with_the_right_password(fresh_store):
    """20 failures on random names from the office NAT, then a colleague behind it signs in."""
    helpers.add_user("wang", ("pudong",))
    helpers.add_user("li", ("pudong",))
    for i in range(20):
        with pytest.raises(auth.AuthError):
            auth.authenticate(f"guess{i:02d}", "not-the-password", client="10.0.0.1")
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("guess99", "not-the-password", client="10.0.0.1")
    assert exc.value.code == "rate_limited"  # the address's guessing is throttled …
    assert auth.authenticate("wang", helpers.PASSWORD, client="10.0.0.1").name == "wang"  # … not its owners
    # a colleague who mistypes once gets the plain answer, then signs in
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("li", "typo-typo", client="10.0.0.1")
    assert exc.value.code == "bad_credentials"
    # … but the address now fails on li, so li from there waits with the address: the guessing is throttled
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("li", helpers.PASSWORD, client="10.0.0.1")
    assert exc.value.code == "rate_limited"
    assert auth.authenticate("li", helpers.PASSWORD, client="10.0.0.2").name == "li"


def test_guesser_over_many_addresses_is_throttled_per_account(fresh_store, monkeypatch):
    helpers.add_user("wang", ("pudong",))
    now = [2_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    for i in range(auth.ACCOUNT_MAX_FAILURES):  # one try from each of many addresses
        with pytest.raises(auth.AuthError) as exc:
            auth.authenticate("wang", f"guess-{i}", client=f"203.0.113.{i}")
        assert exc.value.code == "bad_credentials"
    with pytest.raises(auth.AuthError) as exc:
        auth.authenticate("wang", "guess-next", client="198.51.100.200")  # a fresh address
    assert exc.value.code == "rate_limited" and exc.value.retry_after == auth.BACKOFF_S + 1
    assert auth.retry_after("wang", now[0], client="10.9.9.9") > 0  # the account waits from everywhere
    # waiting out each backoff, the guesser gets only a few more tries in the hour
    tries, t0 = 0, now[0]
    while now[0] - t0 < 3600:
        wait = auth.retry_after("wang", now[0], client=f"192.0.2.{tries}")
        now[0] += wait
        if now[0] - t0 >= 3600:
            break
        with pytest.raises(auth.AuthError) as exc:
            auth.authenticate("wang", f"again-{tries}", client=f"192.0.2.{tries}")
        assert exc.value.code == "bad_credentials"
        tries += 1
    assert 1 <= tries <= 7
    now[0] += auth.MAX_WAIT_S + 1
    assert auth.authenticate("wang", helpers.PASSWORD, client="10.9.9.9").name == "wang"
