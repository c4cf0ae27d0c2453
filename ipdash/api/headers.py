"""Security headers on every HTTP answer of the server (the app's page, its static files, the API).

``Content-Security-Policy: frame-ancestors <IPDASH_FRAME_ANCESTORS>`` (default ``'self'``: only
the app's own pages may frame it; a portal is allowed by naming its origin, e.g.
``IPDASH_FRAME_ANCESTORS="'self' https://portal.example.gov.cn"``), ``X-Frame-Options`` for
browsers without CSP when the policy is ``'self'`` or ``'none'``, ``X-Content-Type-Options:
nosniff`` and ``Referrer-Policy: strict-origin-when-cross-origin``. Only ``frame-ancestors`` is
set in the CSP: Streamlit's page needs inline styles, its websocket and blob URLs, so any
further directive would have to be proven in a browser first.

``SecurityHeaders`` is plain ASGI middleware (no response buffering, websockets pass
untouched); ``nginx_values()`` gives the same values to ``scripts/serve.py`` for the nginx template.
"""

from __future__ import annotations

import os
import re

ENV = "IPDASH_FRAME_ANCESTORS"
DEFAULT = "'self'"
REFERRER = "strict-origin-when-cross-origin"
# a CSP source expression: a keyword, a scheme ("https:"), or an origin with optional wildcard host and port
_SOURCE = re.compile(
    r"^(?:'self'|'none'|[a-z][a-z0-9+.\-]*:|(?:[a-z][a-z0-9+.\-]*://)?(?:\*\.)?[a-z0-9.\-]+(?::(?:\d{1,5}|\*))?)$", re.I
)


def frame_ancestors(value: str | None = None) -> str:
    """The checked source list (``ValueError`` names a bad entry: a misconfiguration fails at start)."""
    text = (os.environ.get(ENV, "") if value is None else value).strip() or DEFAULT
    sources = text.split()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise ValueError(
            f"{ENV}: {', '.join(bad)} is not a CSP source; give origins such as https://portal.example.gov.cn "
            "or 'self', separated by spaces"
        )
    if "'none'" in sources and len(sources) > 1:
        raise ValueError(f"{ENV}: 'none' cannot be combined with other sources")
    return " ".join(sources)


def header_list(ancestors: str | None = None) -> list[tuple[str, str]]:
    fa = frame_ancestors(ancestors)
    out = [
        ("Content-Security-Policy", f"frame-ancestors {fa}"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER),
    ]
    if fa in ("'self'", "'none'"):
        out.append(("X-Frame-Options", "SAMEORIGIN" if fa == "'self'" else "DENY"))
    return out


def nginx_values(ancestors: str | None = None) -> dict[str, str]:
    """{header: value} for nginx's ``add_header`` lines."""
    return dict(header_list(ancestors))


class SecurityHeaders:
    """ASGI middleware: set the headers on every HTTP response start (replacing any the app set)."""

    def __init__(self, app, ancestors: str | None = None):
        self.app = app
        pairs = header_list(ancestors)
        self._names = {k.lower().encode("latin-1") for k, _ in pairs}
        self._raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in pairs]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self._raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)
