"""Who may see what (issue 23 item 5): ``IPDASH_VIEW``, API tokens on both backends, the API's 401 in
login mode (and nothing changed in open mode), and preliminary figures hidden from everyone but the
accounts of their area until their publication date."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware

from ipdash import settings, store
from ipdash.accounts import tokens
from ipdash.api import headers as sec
from ipdash.api.auth import BearerGate, bearer
from ipdash.api.routes import PREFIX, ROUTES
from ipdash.store import read, visibility
from tests.asgi_call import call
from tests.conftest import REPO

APP = Starlette(
    routes=ROUTES, middleware=[Middleware(sec.SecurityHeaders), Middleware(BearerGate, verify=tokens.verify)]
)


# ---------------------------------------------------------------- the setting
def test_view_mode_default_values_and_a_clear_error(monkeypatch):
    monkeypatch.delenv(settings.VIEW_ENV, raising=False)
    assert settings.view_mode() == "open" and not settings.login_required()
    assert settings.view_mode(" LOGIN ") == "login"
    monkeypatch.setenv(settings.VIEW_ENV, "login")
    assert settings.login_required()
    with pytest.raises(ValueError, match="IPDASH_VIEW: 'closed' is not a view mode"):
        settings.view_mode("closed")


def test_a_bad_view_mode_stops_the_server_entry_at_import():
    env = {"IPDASH_VIEW": "everyone", "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", "import asgi"], cwd=REPO, env=env, capture_output=True, text=True)
    assert r.returncode != 0 and "IPDASH_VIEW: 'everyone' is not a view mode" in r.stderr


# ---------------------------------------------------------------- tokens, on both backends
def test_tokens_keep_only_a_digest_verify_and_revoke(fresh_store):
    token = tokens.create("robot", by="ops")
    assert token.startswith(tokens.PREFIX) and len(token) > 40
    stored = store.current().api_tokens()
    assert list(stored.columns) == [
        "token_id",
        "name",
        "sha256",
        "created_at",
        "created_by",
        "revoked_at",
        "last_used_at",
    ]
    assert len(stored) == 1 and stored["sha256"].iloc[0] == tokens.digest(token)
    assert token not in stored.to_csv()  # never the token itself
    assert tokens.verify(token) == "robot"
    assert store.current().api_tokens()["last_used_at"].iloc[0] != ""  # the first use is recorded
    assert tokens.verify(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert tokens.verify("") is None and tokens.verify(None) is None and tokens.verify("Bearer " + token) is None
    with pytest.raises(ValueError, match="exists already"):
        tokens.create("robot")
    with pytest.raises(ValueError, match="token name"):
        tokens.create("no spaces please")
    assert tokens.revoke("robot", by="ops") == 1 and tokens.verify(token) is None
    assert tokens.revoke("robot") == 0
    again = tokens.create("robot")  # a revoked name may be given a new token
    assert tokens.verify(again) == "robot" and tokens.verify(token) is None
    listed = tokens.listing()
    assert "sha256" not in listed.columns and len(listed) == 2 and (listed["revoked_at"] != "").sum() == 1
    events = [json.loads(x)["event"] for x in store.current().audit_lines()]
    assert events.count("token_added") == 2 and events.count("token_revoked") == 1


def test_tokens_cli_add_list_revoke(fresh_store, capsys):
    from ipdash.cli import main as cli

    assert cli.main(["tokens", "add", "dashboard-robot"]) == 0
    token = capsys.readouterr().out.strip()
    assert tokens.verify(token) == "dashboard-robot"
    assert cli.main(["tokens"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("name,token_id,created_at,created_by,revoked_at,last_used_at\n")
    assert "dashboard-robot" in out and token not in out and tokens.digest(token) not in out
    assert cli.main(["tokens", "add"]) == 2
    assert cli.main(["tokens", "revoke", "dashboard-robot"]) == 0
    assert tokens.verify(token) is None
    assert cli.main(["tokens", "revoke", "dashboard-robot"]) == 2
    assert "no valid token named dashboard-robot" in capsys.readouterr().err


# ---------------------------------------------------------------- the API
def test_bearer_header_parsing():
    assert bearer("Bearer abc") == "abc" and bearer("bearer  abc ") == "abc"
    assert bearer("Basic abc") is None and bearer("Bearer ") is None and bearer(None) is None


def test_login_mode_answers_401_without_a_token_and_200_with_one(fresh_data, monkeypatch):
    monkeypatch.setenv(settings.VIEW_ENV, "login")
    token = tokens.create("robot")
    bare = call(APP, f"{PREFIX}/status")
    assert bare.status == 401 and bare.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in bare.json()["error"] and bare.json()["parameter"] is None
    assert bare.headers["x-content-type-options"] == "nosniff"  # the security headers on a 401 too
    wrong = call(APP, f"{PREFIX}/status", headers={"Authorization": "Bearer ipd_0000_nope"})
    assert wrong.status == 401 and 'error="invalid_token"' in wrong.headers["www-authenticate"]
    assert call(APP, f"{PREFIX}/no-such-thing").status == 401  # no probing for endpoints either
    for endpoint in ("status", "targets", "actuals", "milestones"):
        ok = call(APP, f"{PREFIX}/{endpoint}", headers={"Authorization": f"Bearer {token}"})
        assert ok.status == 200 and ok.json()["count"] > 0, endpoint
    doc = call(APP, f"{PREFIX}/openapi.json")  # public in both modes: no data, declares the scheme
    assert doc.status == 200 and doc.json()["security"] == [{"bearerAuth": []}]
    assert doc.json()["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc.json()["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    tokens.revoke("robot")
    assert call(APP, f"{PREFIX}/status", headers={"Authorization": f"Bearer {token}"}).status == 401


def test_open_mode_needs_no_token(built_data, monkeypatch):
    monkeypatch.delenv(settings.VIEW_ENV, raising=False)
    r = call(APP, f"{PREFIX}/status")
    assert r.status == 200 and "www-authenticate" not in r.headers and r.json()["count"] > 0
    assert call(APP, f"{PREFIX}/openapi.json").json()["security"] == [{}, {"bearerAuth": []}]


# ---------------------------------------------------------------- preliminary figures
def test_publication_date_and_the_visibility_rule():
    assert visibility.publication_date(2025, 10) == dt.date(2026, 10, 31)
    assert visibility.publication_date(2023, 2) == dt.date(2024, 2, 29)
    act = pd.DataFrame(
        {
            "area": ["shanghai", "pudong", "pudong", "yangpu"],
            "indicator": ["rd", "rd", "rd", "nodate"],
            "year": [2025, 2025, 2024, 2025],
            "provenance": ["estimate", "official", "estimate", "estimate"],
        }
    )
    inds = pd.DataFrame({"code": ["rd", "nodate"], "publish_month": pd.array([10, None], dtype="Int64")})
    on_day = visibility.restricted(act, inds, dt.date(2026, 10, 31))
    assert on_day.to_dict("records") == [{"area": "shanghai", "indicator": "rd", "year": 2025}]
    assert visibility.restricted(act, inds, dt.date(2026, 11, 1)).empty  # published: everyone sees it
    assert visibility.hidden_from(on_day, ()).equals(on_day)  # nobody signed in
    assert visibility.hidden_from(on_day, ("pudong",)).equals(on_day)
    assert visibility.hidden_from(on_day, ("pudong", "shanghai")).empty
    assert visibility.hidden_from(on_day, ("*",)).empty
    assert visibility.version_key(on_day.iloc[0:0]) == "" and visibility.version_key(on_day).startswith("|hide:")
    assert len(visibility.drop(act, on_day)) == 3


def test_shipped_preliminary_figures_are_published_by_now(built_data):
    """Everything shipped is past its publication date: nothing is hidden, the version is the stored one."""
    assert read.restricted().empty
    assert read.data_version() == read.stored_version()


def _has(df: pd.DataFrame, key) -> bool:
    return bool(((df["area"] == key[0]) & (df["indicator"] == key[1]) & (df["year"] == key[2])).any())


def test_an_unpublished_preliminary_figure_is_seen_only_by_its_area(unpublished):
    from ipdash.frames import verdicts

    key = unpublished
    assert read.restricted().to_dict("records") == [dict(zip(visibility.KEY, key, strict=True))]
    anon = read.actuals()
    assert not _has(anon, key) and not _has(read.actuals(areas=["shanghai"]), key)
    assert not _has(read.table("base_actuals"), key)
    anon_version = read.data_version()
    assert anon_version != read.stored_version()
    anon_status = verdicts.evaluate()
    with visibility.viewing(("pudong",)):
        assert not _has(read.actuals(), key) and read.data_version() == anon_version
    for areas in (("shanghai",), ("*",)):
        with visibility.viewing(areas):
            assert _has(read.actuals(), key) and _has(read.actuals(indicators=["rd_intensity"]), key)
            assert read.data_version() == read.stored_version()  # nothing hidden from them
            mine = verdicts.evaluate()
    assert _has(read.actuals(), key) is False  # back to nobody after the block
    # the judgement differs, and each viewer gets their own from the caches
    row = lambda df: df[(df["area"] == "shanghai") & (df["indicator"] == "rd_intensity")]  # noqa: E731
    assert not row(anon_status).empty
    assert not row(mine)["latest_year"].equals(row(anon_status)["latest_year"])
    assert verdicts.evaluate().equals(anon_status)
    # nor does the as-of year list or a batch's rows give it away
    anon_years = verdicts.as_of_years(include_illustrative=False)
    with visibility.viewing(("shanghai",)):
        assert key[2] in verdicts.as_of_years(include_illustrative=False)
    assert key[2] not in anon_years


def test_api_answers_leave_the_unpublished_figure_out(unpublished, monkeypatch):
    monkeypatch.setenv(settings.VIEW_ENV, "login")
    token = tokens.create("robot")  # a token has no areas: it sees what everyone sees
    r = call(APP, f"{PREFIX}/actuals", "area=shanghai&indicator=rd_intensity", {"Authorization": f"Bearer {token}"})
    assert r.status == 200
    years = [x["year"] for x in r.json()["rows"]]
    assert years and unpublished[2] not in years
