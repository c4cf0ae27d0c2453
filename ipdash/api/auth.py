"""Who may call the data API: with ``IPDASH_VIEW=login`` every ``/api/v1/…`` answer needs
``Authorization: Bearer <token>`` (``python -m ipdash tokens add NAME``); otherwise 401 with
``WWW-Authenticate: Bearer`` and a JSON error (``{"error", "parameter": null}``, as a 400 is).

``/api/v1/openapi.json`` stays public in both modes: it describes the endpoints, their parameters and the
security scheme, holds no data, and is how a client learns that it needs a token. Unknown paths under
``/api/v1`` need the token too (no probing which endpoints exist). ``IPDASH_VIEW=open`` (the default):
nothing is checked, as before. The mode is read on every request (``settings.view_mode``).

``BearerGate`` is plain ASGI middleware; the check itself (``verify(token) -> name | None``, which reads
the store) comes in from ``asgi.py`` (``accounts.tokens.verify``) and runs in a worker thread, never on
the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import anyio

from ipdash import settings

PREFIX = "/api/v1"
PUBLIC = frozenset({f"{PREFIX}/openapi.json"})
REALM = 'Bearer realm="ipdash"'


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (scheme case-insensitive), else None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def guarded(path: str) -> bool:
    return (path == PREFIX or path.startswith(PREFIX + "/")) and path not in PUBLIC


class BearerGate:
    """ASGI middleware: in login mode, a guarded path without a valid token answers 401 and never reaches the app."""

    def __init__(self, app, verify: Callable[[str | None], str | None]):
        self.app = app
        self.verify = verify

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not guarded(scope["path"]) or not settings.login_required():
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        token = bearer(raw)
        name = await anyio.to_thread.run_sync(self.verify, token) if token else None
        if name is not None:
            scope.setdefault("state", {})["api_token"] = name
            await self.app(scope, receive, send)
            return
        if token:
            message, challenge = "the API token is not valid (unknown or revoked)", f'{REALM}, error="invalid_token"'
        else:
            message, challenge = (
                "IPDASH_VIEW=login: send Authorization: Bearer <token> (python -m ipdash tokens add NAME)",
                REALM,
            )
        body = json.dumps({"error": message, "parameter": None}).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", challenge.encode("latin-1")),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})
