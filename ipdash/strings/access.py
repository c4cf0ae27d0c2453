"""Strings of the sign-in gate (``ipdash.ui.access``): ``IPDASH_VIEW=login``."""

STRINGS = {
    "access.title": {"zh": "请先登录", "en": "Please sign in"},
    "access.intro": {
        "zh": "本看板仅对已登录的账号开放。登录后将打开您请求的页面。",
        "en": "This dashboard is open to signed-in accounts only. After signing in you land on the page you asked for.",
    },
    "access.need_local": {
        "zh": "请使用管理员为您创建的账号登录（`python -m ipdash users add`）。",
        "en": "Sign in with the account an administrator created for you (`python -m ipdash users add`).",
    },
    "access.need_sso": {
        "zh": "请使用单位统一身份认证登录。",
        "en": "Sign in with your organisation's account.",
    },
}
