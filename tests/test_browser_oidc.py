"""Single sign-on in a real browser against a real OIDC provider on loopback (``oidc-provider-mock``).

The app runs as ``make run`` runs it, with a temporary ``secrets.toml`` (``--secrets.files``) whose
``[auth]`` points at the provider, and a roles file mapping the group ``ip-pudong`` to an analyst of
浦东 (everyone else: viewer). Chromium clicks 统一身份认证登录, fills the provider's own form, comes
back through ``/oauth2callback`` and uploads; a viewer signs in and finds no uploader.
"""

from __future__ import annotations

import json
import os
import secrets
import urllib.request
from urllib.parse import quote

import pytest

from tests.browser import commit_upload, wait_idle
from tests.corpus import helpers
from tests.server import ENTRY, StreamlitServer, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANALYST = "chen@pudong.example.gov.cn"
VIEWER = "zhou@example.org"
ROLES = """
default = "viewer"

[[rule]]
name = "pudong analysts"
groups = ["ip-pudong"]
role = "analyst"
areas = ["pudong"]
"""


def _put_user(provider: str, sub: str, claims: dict) -> None:
    req = urllib.request.Request(
        f"{provider}/users/{quote(sub)}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 204


@pytest.fixture
def provider():
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    with oidc_provider_mock.run_server_in_thread(port=free_port()) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        _put_user(url, ANALYST, {"email": ANALYST, "email_verified": True, "name": "Chen", "groups": ["ip-pudong"]})
        _put_user(url, VIEWER, {"email": VIEWER, "email_verified": True, "name": "Zhou", "groups": ["visitors"]})
        yield url


@pytest.fixture
def sso_server(fresh_data, provider, tmp_path):
    port = free_port()
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "ipdash-test"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    env = {"IPDASH_USERS_FILE": os.environ["IPDASH_USERS_FILE"], "IPDASH_ROLES_FILE": str(roles)}
    server = StreamlitServer(ENTRY, fresh_data, tmp_path, port=port, env=env, args=[f"--secrets.files={secrets_file}"])
    server.wait_healthy(60)
    yield server
    server.stop()


def _sign_in(page, app_url: str, sub: str) -> None:
    page.goto(f"{app_url}/upload")
    wait_idle(page)
    assert page.locator("[data-testid=stForm]").count() == 0  # single sign-on only: no local password form
    page.get_by_role("button", name="统一身份认证登录").click()
    page.get_by_placeholder("sub").fill(sub)  # the provider's own authorization form
    page.get_by_role("button", name="Authorize").click()
    # back through /oauth2callback (the server asks the provider for the tokens) to the app's first page;
    # 60 s: under a full suite's load the exchange and the first run took more than the default 30 s once
    page.wait_for_url(f"{app_url}/**", timeout=60_000)
    wait_idle(page, timeout=60_000)
    page.locator(".st-key-signin_status").get_by_text(sub).wait_for(timeout=60_000)  # the sidebar knows who
    page.goto(f"{app_url}/upload")  # the identity cookie carries over to a new session
    wait_idle(page)
    page.get_by_text(f"已登录：{sub}").wait_for()
    wait_idle(page)


def test_sso_analyst_uploads_and_a_viewer_cannot(sso_server, page, tmp_path):
    from ipdash.ingest import commit

    _sign_in(page, sso_server.url, ANALYST)
    assert page.get_by_text("分析员").first.is_visible()
    assert page.locator(".st-key-signin_status").get_by_text(f"{ANALYST}（分析员）").is_visible()  # sidebar
    f = tmp_path / "pudong.csv"
    f.write_bytes(
        helpers.csv_bytes(
            [
                ["地区", "指标", "年份", "数值", "单位", "来源"],
                ["浦东", "每万人口高价值发明专利拥有量", 2024, "123.4", "件/万人", "https://example.org/pd"],
            ]
        )
    )
    commit_upload(page, f)
    hist = commit.history()
    assert list(hist["user"]) == [ANALYST]  # the batch is the signed-in person's

    page.locator(".st-key-signin_status").get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="End session").click()  # the provider's RP-initiated logout page
    page.wait_for_url(f"{sso_server.url}/**", timeout=60_000)
    wait_idle(page, timeout=60_000)
    assert page.locator(".st-key-signin_status").count() == 0  # nobody in the sidebar
    page.goto(f"{sso_server.url}/upload")
    wait_idle(page)
    page.get_by_role("button", name="统一身份认证登录").wait_for()  # signed out: the provider's button again
    assert page.get_by_text(f"已登录：{ANALYST}").count() == 0

    _sign_in(page, sso_server.url, VIEWER)
    page.get_by_text("您的角色为只读").wait_for()
    assert page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0  # a viewer cannot upload
    assert page.get_by_role("button", name="撤销").count() == 0
