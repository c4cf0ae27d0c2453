"""Sign-in: the organisation's OIDC provider (``st.login``) and/or local accounts; one ``current_user()``.

Which ways are offered (``IPDASH_SIGNIN``):
- ``auto`` (default): single sign-on when ``.streamlit/secrets.toml`` has an ``[auth]`` section
  with a provider (``client_id``; or ``[auth.<name>]`` sections, one button each), local accounts otherwise;
- ``sso`` / ``local``: only that way; ``both``: the provider's button and the local form.

``current_user()`` returns one ``auth.User`` whichever way the person signed in: a local account
re-read from the store on every run (a removed account is out), or — signed in through the provider
— a user made from ``st.user``'s claims by the roles file (``accounts.roles``; re-read when it
changes, so a changed rule applies at the next run). A person the file refuses (``default =
"refuse"``) is not signed in and is told so. Sign-out: ``st.logout()`` (clears the identity cookie).
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from ipdash import catalog, paths, ui
from ipdash.accounts import auth, roles
from ipdash.accounts.audit import audit

USER_KEY = "upload_user"  # the local account's name in the session
MODE_ENV = "IPDASH_SIGNIN"
MODES = ("auto", "sso", "local", "both")
LABEL_ENV = "IPDASH_SSO_LABEL"  # the provider's name on the button, e.g. 区政务统一身份认证
_SEEN_KEY = "_signin_sso_seen"  # the identity already audited in this session
log = logging.getLogger("ipdash.signin")


def providers() -> list[str | None]:
    """The OIDC providers configured in secrets: ``None`` for one in ``[auth]`` itself, then the
    names of ``[auth.<name>]`` sections; [] when secrets have no ``[auth]``."""
    if not st.secrets.load_if_toml_exists():
        return []
    section = st.secrets.get("auth")
    if section is None or not hasattr(section, "get"):
        return []
    found: list[str | None] = [None] if section.get("client_id") else []
    return found + [k for k, v in section.items() if hasattr(v, "get") and v.get("client_id")]


def mode() -> str:
    m = (os.environ.get(MODE_ENV) or "auto").strip().lower()
    return m if m in MODES else "auto"


def offers() -> tuple[bool, bool]:
    """(single sign-on, local accounts): which ways of signing in this deployment offers."""
    sso = bool(providers())
    m = mode()
    if m == "auto":
        return sso, not sso
    return sso and m in ("sso", "both"), m in ("local", "both")


_rules_cache: dict[str, tuple[float, roles.Rules]] = {}


def role_rules() -> roles.Rules:
    """The roles file's rules, read again whenever the file changes (``RolesError`` when invalid)."""
    path = paths.roles_file()
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return roles.Rules()
    hit = _rules_cache.get(str(path))
    if hit and hit[0] == stamp:
        return hit[1]
    rules = roles.load(path, set(catalog.read_table("areas")["code"]))
    _rules_cache[str(path)] = (stamp, rules)
    return rules


def _sso_user() -> auth.User | None:
    """The person signed in through the provider, mapped by the roles file; None when nobody
    is, or the file refuses them (``_signin_refused`` then says who) or is broken (logged)."""
    if not (offers()[0] and st.user.is_logged_in):
        return None
    claims = st.user.to_dict()
    try:
        user = auth.sso_user(claims, role_rules())
    except roles.RolesError as exc:
        log.error("ipdash: the roles file is not valid: %s", exc)
        st.session_state["_signin_refused"] = ("broken", roles.identity(claims))
        return None
    if user is None:
        st.session_state["_signin_refused"] = ("refused", roles.identity(claims))
        return None
    if st.session_state.get(_SEEN_KEY) != (user.name, user.role):
        st.session_state[_SEEN_KEY] = (user.name, user.role)
        audit("sso_login", user=user.name, role=user.role, areas=list(user.areas), client=client_id())
    return user


def current_user() -> auth.User | None:
    """The signed-in user (provider or local account), re-read on every run."""
    st.session_state.pop("_signin_refused", None)
    user = _sso_user()
    if user is not None:
        return user
    name = st.session_state.get(USER_KEY)
    user = auth.get_user(name) if name else None
    if name and user is None:
        st.session_state.pop(USER_KEY, None)
    return user


def client_id() -> str:
    """Where a login attempt comes from: the browser's address, or the proxy's X-Real-IP when
    the connection is local (deploy/nginx-ipdash.conf sets it); "local" when neither is known."""
    ip = st.context.ip_address
    if ip:
        return ip
    headers = st.context.headers
    real = headers.get("X-Real-IP") or (headers.get("X-Forwarded-For") or "").split(",")[0]
    return real.strip()[:64] or "local"


def _login() -> None:
    try:
        user = auth.authenticate(
            st.session_state.get("upl_name", ""), st.session_state.get("upl_pw", ""), client=client_id()
        )
    except auth.AuthError as exc:
        st.session_state["_upl_login_error"] = (exc.code, exc.retry_after)
        return
    st.session_state[USER_KEY] = user.name
    st.session_state.pop("_upl_login_error", None)


def _logout() -> None:
    st.session_state.pop(USER_KEY, None)


def sign_out(user: auth.User) -> None:
    """Out of the session; a provider's sign-in also loses its identity cookie (``st.logout``)."""
    _logout()
    if user.source == "oidc":
        st.session_state.pop(_SEEN_KEY, None)
        st.logout()


def area_label(user: auth.User, names: dict[str, str]) -> str:
    if not user.may_edit:
        return ui.t("signin.read_only")
    if user.is_admin or "*" in user.areas:
        return ui.t("upload.all_areas")
    return ui.t("ingest.sep").join(names.get(a, a) for a in user.areas)


def sso_label(provider: str | None) -> str:
    name = (os.environ.get(LABEL_ENV) or "").strip() or provider
    return ui.t("signin.sso_named", provider=name) if name else ui.t("signin.sso")


def _sso_buttons() -> None:
    for p in providers():
        key = f"signin_sso_{p or 'default'}"
        if st.button(sso_label(p), key=key, type="primary", icon=":material/badge:"):
            st.login(p)


def login_box(names: dict[str, str], why: str = "write") -> auth.User | None:
    """Who is signed in (with a sign-out button), or the ways to sign in, saying ``why`` a sign-in is asked
    for: ``write`` (to upload, report or revert) or ``view`` (the whole dashboard, ``IPDASH_VIEW=login``)."""
    user = current_user()
    if user:
        with st.container(horizontal=True, vertical_alignment="center"):
            role = ui.t(f"signin.role.{user.role}")
            st.text(ui.t("upload.logged_in", user=user.name, areas=area_label(user, names)) + f" · {role}")
            st.button(
                ui.t("upload.logout"), key="upl_logout", on_click=sign_out, args=(user,), icon=":material/logout:"
            )
        return user
    refused = st.session_state.get("_signin_refused")
    if refused:
        st.error(ui.t(f"signin.{refused[0]}", user=refused[1]), icon=":material/block:")
        if st.button(ui.t("upload.logout"), key="upl_sso_logout", icon=":material/logout:"):
            st.logout()
        return None
    sso, local = offers()
    need = {"write": ("upload.login_required", "signin.sso_required"), "view": ("access.need_local", "access.need_sso")}
    st.info(ui.t(need[why][0] if local else need[why][1]), icon=":material/lock:")
    if sso:
        _sso_buttons()
    if local:
        with st.form("upl_login", clear_on_submit=True):
            st.text_input(ui.t("upload.username"), key="upl_name", autocomplete="username")
            st.text_input(ui.t("upload.password"), key="upl_pw", type="password", autocomplete="current-password")
            st.form_submit_button(ui.t("upload.login"), on_click=_login, icon=":material/login:")
        err = st.session_state.pop("_upl_login_error", None)
        if err:
            code, wait = err
            st.error(ui.t("upload.rate_limited", s=wait) if code == "rate_limited" else ui.t("upload.bad_credentials"))
    return None


def sidebar_status() -> None:
    """The signed-in name and role in the sidebar, with a sign-out button; nothing when nobody is."""
    user = current_user()
    if user is None:
        return
    with st.sidebar, st.container(key="signin_status"):
        st.text(ui.t("signin.sidebar", user=user.name, role=ui.t(f"signin.role.{user.role}")))  # a name: never markup
        st.button(
            ui.t("upload.logout"),
            key="signin_sidebar_logout",
            on_click=sign_out,
            args=(user,),
            icon=":material/logout:",
            type="tertiary",
        )
