"""AppTest of sign-in (``ui.signin``): with ``[auth]`` in secrets the provider's button replaces the
password form; a person signed in through the provider (``st.user``) is mapped by the roles file —
an analyst uploads, a viewer reads only, a refused person is told so; ``IPDASH_SIGNIN=both`` offers both."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP
from tests.corpus import helpers

pytestmark = pytest.mark.slow

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "0123456789abcdef0123456789abcdef",
    "client_id": "ipdash",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ROLES = """
default = "refuse"
[[rule]]
groups = ["ip-pudong"]
role = "analyst"
areas = ["pudong"]
[[rule]]
email_domain = "example.org"
role = "viewer"
"""


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("IPDASH_ROLES_FILE", str(path))
    return path


def _page(user: dict | None = None, page: str = "app_pages/upload.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if user is None else {"is_logged_in": True, **user}
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _has_form(at) -> bool:
    return any(t.key == "upl_name" for t in at.text_input)


def _texts(at) -> str:
    return "\n".join(t.value for t in at.text)


def test_provider_button_instead_of_the_password_form(fresh_data, roles_file):
    at = _page()
    assert [b.label for b in at.button if b.key == "signin_sso_default"] == ["统一身份认证登录"]
    assert not _has_form(at) and not at.file_uploader


def test_both_ways_when_the_setting_says_so(fresh_data, roles_file, monkeypatch):
    monkeypatch.setenv("IPDASH_SIGNIN", "both")
    monkeypatch.setenv("IPDASH_SSO_LABEL", "浦东政务云")
    at = _page()
    assert [b.label for b in at.button if b.key == "signin_sso_default"] == ["统一身份认证登录（浦东政务云）"]
    assert _has_form(at)
    helpers.add_user("wang", ("pudong",))
    at.text_input(key="upl_name").set_value("wang")
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    assert "已登录：wang" in _texts(at) and len(at.file_uploader) == 1


def test_analyst_from_claims_uploads(fresh_data, roles_file):
    at = _page({"sub": "u1", "email": "chen@pudong.example.gov.cn", "groups": ["ip-pudong"]})
    assert "已登录：chen@pudong.example.gov.cn　可上传地区：浦东新区 · 分析员" in _texts(at)
    assert "chen@pudong.example.gov.cn（分析员）" in _texts(at)  # the sidebar
    assert len(at.file_uploader) == 1
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 77]])
    at.file_uploader[0].upload("pd.csv", data).run()
    at.button(key="upl_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and "已提交批次" in at.success[0].value
    from ipdash.ingest import commit

    assert list(commit.history()["user"]) == ["chen@pudong.example.gov.cn"]


def test_viewer_from_claims_reads_only(fresh_data, roles_file):
    at = _page({"sub": "u2", "email": "zhou@example.org"})
    assert "（只读）" in _texts(at)
    assert any("您的角色为只读" in i.value for i in at.info)
    assert not at.file_uploader


def test_refused_person_is_told_and_not_signed_in(fresh_data, roles_file):
    at = _page({"sub": "u3", "email": "x@elsewhere.com", "groups": ["visitors"]})
    assert at.error and "x@elsewhere.com" in at.error[0].value and "未获准" in at.error[0].value
    assert not at.file_uploader and "已登录" not in _texts(at)


def test_broken_roles_file_refuses_everyone(fresh_data, roles_file):
    roles_file.write_text('default = "admin"\n', encoding="utf-8")
    at = _page({"sub": "u1", "email": "chen@pudong.example.gov.cn", "groups": ["ip-pudong"]})
    assert at.error and "角色配置文件有误" in at.error[0].value and not at.file_uploader


def test_without_auth_secrets_local_accounts_only(fresh_data, roles_file):
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "sub": "u1", "email": "chen@pudong.example.gov.cn", "groups": ["ip-pudong"]}
    at.run()
    at.switch_page("app_pages/upload.py")
    at.run()
    assert _has_form(at) and not at.file_uploader  # st.user ignored: no provider
    assert not [b for b in at.button if (b.key or "").startswith("signin_sso")]
