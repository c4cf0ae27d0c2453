"""Strings of the sign-in gate (``ipdash.ui.access``): ``IPDASH_VIEW=login``."""

STRINGS = {
    "access.title": {"zh": "请先登录", "en": "Please sign in"},
    "access.intro": {
        "zh": "本看板仅对已登录的账号开放。登录后将打开您请求的页面。",
        "en": "This dashboard is open to signed-in accounts only. After signing in you land on the page you asked for.",
    },
}
