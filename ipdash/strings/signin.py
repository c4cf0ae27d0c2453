"""Strings of sign-in (keys ``signin.*``): the provider's button, roles, the sidebar."""

STRINGS = {
    "signin.sso": {"zh": "统一身份认证登录", "en": "Sign in with single sign-on"},
    "signin.sso_named": {"zh": "统一身份认证登录（{provider}）", "en": "Sign in with {provider}"},
    "signin.sso_required": {
        "zh": "上传、报送与撤销需要登录：请使用单位统一身份认证。",
        "en": "Uploading, reporting and reverting need you to sign in with your organisation's account.",
    },
    "signin.refused": {
        "zh": "{user} 已通过统一身份认证，但未获准使用本系统。请联系管理员（角色配置文件）。",
        "en": "{user} signed in with the organisation's account but has no access to ipdash. Ask an administrator (roles file).",
    },
    "signin.broken": {
        "zh": "{user} 已通过统一身份认证，但角色配置文件有误，暂无法确定权限。请联系管理员。",
        "en": "{user} signed in, but the roles file is not valid, so no role can be given. Ask an administrator.",
    },
    "signin.read_only": {"zh": "无（只读）", "en": "none (read only)"},
    "signin.viewer_note": {
        "zh": "您的角色为只读：可浏览全部数据，不能上传、报送或撤销。",
        "en": "Your role is viewer: you can read everything but not upload, report or revert.",
    },
    "signin.sidebar": {"zh": "{user}（{role}）", "en": "{user} ({role})"},
    "signin.role.viewer": {"zh": "只读", "en": "viewer"},
    "signin.role.analyst": {"zh": "分析员", "en": "analyst"},
    "signin.role.admin": {"zh": "管理员", "en": "admin"},
}
