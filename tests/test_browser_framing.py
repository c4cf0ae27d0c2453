"""Clickjacking (issue 23): a page of another origin (a tiny page on another loopback port) frames
the app. With the default ``IPDASH_FRAME_ANCESTORS`` (``'self'``) Chromium refuses to show it;
with that origin named in ``IPDASH_FRAME_ANCESTORS`` the app renders inside the frame."""

from __future__ import annotations

import http.server
import threading

import pytest

from tests.server import ENTRY, StreamlitServer, free_port

pytestmark = pytest.mark.browser


class _Framer:
    """``http://127.0.0.1:<port>/`` serves a page whose only content is an iframe of ``target``."""

    def __init__(self, target: str):
        page = (
            f'<!doctype html><title>portal</title><iframe id="app" src="{target}/" width="1200" height="800"></iframe>'
        )
        body = page.encode("utf-8")

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_another_origin_cannot_frame_the_app(app_server, page):
    framer = _Framer(app_server.url)
    try:
        with page.expect_console_message(lambda m: "frame-ancestors" in m.text, timeout=30_000) as refusal:
            page.goto(framer.origin)
        assert "frame-ancestors 'self'" in refusal.value.text
        page.wait_for_timeout(1_000)  # nothing of the app appears afterwards either
        assert page.frame_locator("#app").locator("[data-testid=stApp]").count() == 0
    finally:
        framer.close()


def test_an_allowed_origin_frames_the_app(built_data, tmp_path, page):
    port = free_port()
    framer = _Framer(f"http://127.0.0.1:{port}")
    env = {"IPDASH_FRAME_ANCESTORS": f"'self' {framer.origin}"}
    server = StreamlitServer(ENTRY, built_data, tmp_path, port=port, env=env)
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    try:
        server.wait_healthy(90)
        page.goto(framer.origin)
        child = page.frame_locator("#app")
        child.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=60_000)
        child.locator("[data-testid=stMain] h1, [data-testid=stMain] h2, [data-testid=stMain] h3").first.wait_for()
        assert len(child.locator("[data-testid=stMain]").inner_text()) > 50  # the overview, drawn in the frame
        assert not refusals, refusals
    finally:
        server.stop()
        framer.close()
