"""A Streamlit protocol client: what a browser tab does over the websocket, without a browser.

``visit(base_url, "detail", "det_target=…")`` loads the page as a browser does: ``GET`` the
page (a proxy's sticky-session cookie comes back and is sent from then on), ``GET
/_stcore/host-config``, open ``/_stcore/stream``, send the ``BackMsg`` a browser sends for the
first run of a page (``rerun_script`` with the query string and the page's URL path), and read
``ForwardMsg``s until ``script_finished``. It counts deltas, bytes and exception elements, and
collects the overview's tile links (plain ``<a class="ipd-link">`` in ``st.html`` blocks; earlier
versions drew ``st.page_link``s, collected too), which a user follows to a target's detail page.
Streamlit's own protobufs; nothing taken from its frontend. Loopback only (bench/load.py).
"""

from __future__ import annotations

import asyncio
import html
import re
import time
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

TILE_LINK = re.compile(r'<a class="ipd-link" href="([^"]+)"')


@dataclass
class Visit:
    """One page load as the client saw it; ``seconds`` from the first request to script_finished."""

    seconds: float = 0.0
    connect_s: float = 0.0
    deltas: int = 0
    bytes: int = 0
    finished: str = ""
    exceptions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    cookie: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.finished == "FINISHED_SUCCESSFULLY" and not self.exceptions and not self.error


def _get(url: str, cookie: str | None, timeout: float) -> str | None:
    """GET ``url``; returns the cookies to send from now on (the old ones updated by Set-Cookie)."""
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        r.read()
        jar = dict(c.split("=", 1) for c in (cookie or "").split("; ") if "=" in c)
        for c in r.headers.get_all("Set-Cookie") or []:
            name, _, value = c.split(";", 1)[0].partition("=")
            jar[name.strip()] = value
    return "; ".join(f"{k}={v}" for k, v in jar.items()) or None


def _rerun_msg(url_path: str, query: str) -> bytes:
    back = BackMsg()
    back.rerun_script.query_string = query
    back.rerun_script.page_name = url_path  # a first visit names the page by its URL path
    back.rerun_script.widget_states.SetInParent()
    return back.SerializeToString()


def _read(msg: ForwardMsg, v: Visit) -> None:
    kind = msg.WhichOneof("type")
    if kind == "delta":
        v.deltas += 1
        el = msg.delta.new_element if msg.delta.WhichOneof("type") == "new_element" else None
        if el is not None and el.WhichOneof("type") == "exception":
            v.exceptions.append(el.exception.message[:300])
        elif el is not None and el.WhichOneof("type") == "html":
            v.links += [html.unescape(h) for h in TILE_LINK.findall(el.html.body)]
        elif el is not None and el.WhichOneof("type") == "page_link" and el.page_link.page.strip("/") == "detail":
            v.links.append(f"/detail?{el.page_link.query_string}")  # tiles drawn as st.page_link (before issue 16)
    elif kind == "script_finished":
        v.finished = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)


async def visit(
    base_url: str, url_path: str = "", query: str = "", *, cookie: str | None = None, timeout: float = 120.0
) -> Visit:
    """Load one page in a new session and wait until its script has finished (or ``timeout``)."""
    assert base_url.startswith(("http://127.0.0.1", "http://localhost")), "loopback only"
    base = base_url.rstrip("/")
    v = Visit(cookie=cookie)
    t0 = time.perf_counter()
    deadline = t0 + timeout
    try:
        page = f"{base}/{url_path}" + (f"?{query}" if query else "")
        v.cookie = await asyncio.to_thread(_get, page, v.cookie, timeout)
        v.cookie = await asyncio.to_thread(_get, f"{base}/_stcore/host-config", v.cookie, timeout)
        headers = {"Cookie": v.cookie} if v.cookie else {}
        ws_url = "ws://" + base.split("://", 1)[1] + "/_stcore/stream"
        async with connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            compression=None,
            open_timeout=timeout,
        ) as ws:
            v.connect_s = time.perf_counter() - t0
            await ws.send(_rerun_msg(url_path, query))
            while v.finished in ("", "FINISHED_EARLY_FOR_RERUN"):  # an early finish: another run follows
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no script_finished within {timeout:g} s")
                data = await asyncio.wait_for(ws.recv(), left)
                v.bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                _read(msg, v)
    except Exception as exc:  # a failed visit is a result of the benchmark, not a crash of it
        v.error = f"{type(exc).__name__}: {str(exc)[:200]}"
    v.seconds = time.perf_counter() - t0
    return v
