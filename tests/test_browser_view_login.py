"""Real browser (Debian Chromium), the server started with ``IPDASH_VIEW=login``: the page asks for
sign-in and shows nothing else, the API answers 401 without a token and 200 with one; after sign-in the
overview shows, and a deep link (``/compare``) lands on its page after sign-in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ipdash.accounts import tokens
from tests.browser import wait_idle
from tests.corpus import helpers
from tests.server import ENTRY, StreamlitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def login_server(fresh_data):
    users = Path(os.environ["IPDASH_USERS_FILE"])
    server = StreamlitServer(
        ENTRY, fresh_data, fresh_data.parent, env={"IPDASH_USERS_FILE": str(users), "IPDASH_VIEW": "login"}
    )
    server.wait_healthy(60)
    yield server
    server.stop()


def _sign_in(page) -> None:
    page.get_by_text("请先登录").wait_for()
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码", exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_login_mode_asks_for_sign_in_then_shows_the_overview(login_server, page):
    helpers.add_user("wang", ("pudong",))
    token = tokens.create("browser-test")  # the server reads the same store

    assert page.request.get(f"{login_server.url}/api/v1/status").status == 401
    ok = page.request.get(f"{login_server.url}/api/v1/status", headers={"Authorization": f"Bearer {token}"})
    assert ok.status == 200 and ok.json()["count"] > 0
    assert page.request.get(f"{login_server.url}/api/v1/openapi.json").status == 200

    page.goto(login_server.url)
    wait_idle(page)
    page.get_by_text("请先登录").wait_for()
    assert page.get_by_role("heading", name="总览").count() == 0
    assert page.get_by_role("link", name="区域对比").count() == 0  # no navigation before sign-in
    _sign_in(page)
    page.get_by_role("heading", name="总览").wait_for()
    wait_idle(page)
    assert page.get_by_text("请先登录").count() == 0
    assert page.get_by_role("link", name="区域对比").count() > 0

    page.goto(f"{login_server.url}/compare")  # a new session: signed out again, the address kept
    wait_idle(page)
    _sign_in(page)
    page.get_by_role("heading", name="区域对比").wait_for()
    assert page.url.rstrip("/").endswith("/compare")
