"""Call an ASGI app in-process (no httpx, no server): ``call(app, "/api/v1/status", "area=pudong")``."""

from __future__ import annotations

from dataclasses import dataclass

import anyio


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        import json

        return json.loads(self.body)


def call(app, path: str, query: str = "", headers: dict[str, str] | None = None, method: str = "GET") -> Answer:
    async def run() -> list[dict]:
        sent: list[dict] = []
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)
        return sent

    msgs = anyio.run(run)
    start = next(m for m in msgs if m["type"] == "http.response.start")
    hdrs: dict[str, str] = {}
    for k, v in start.get("headers", []):
        name = k.decode("latin-1").lower()
        assert name not in hdrs or name == "set-cookie", f"header {name} sent twice"
        hdrs[name] = v.decode("latin-1")
    body = b"".join(m.get("body", b"") for m in msgs if m["type"] == "http.response.body")
    return Answer(start["status"], hdrs, body)
