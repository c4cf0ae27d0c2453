"""Test-only pieces for the notification tests: an in-memory outbox (the durable one lives in the store)
and real receivers started on 127.0.0.1 — an HTTP robot/webhook receiver and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ipdash.notify.model import Event, Message, Subscription

T0 = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
NAMES = {"zh": {"pat": "每万人口发明专利拥有量"}, "en": {"pat": "Invention patents per 10 000 residents"}}
AREAS = {"zh": {"yangpu": "杨浦区", "pudong": "浦东新区"}, "en": {"yangpu": "Yangpu", "pudong": "Pudong"}}


def event(kind: Any = "status_change", tid="YP26-02", area="yangpu", old="off_track", new="on_track", **kw) -> Event:
    return Event(
        kind=kind,
        target_id=tid,
        area=area,
        version=kw.pop("version", "b1"),
        old_status=old,
        new_status=new,
        latest_value=kw.pop("latest_value", 150.0),
        unit="件/万人",
        latest_year=2025,
        p_meet_before=kw.pop("p_meet_before", 0.2),
        p_meet_after=kw.pop("p_meet_after", 0.7),
        names={"zh": NAMES["zh"]["pat"], "en": NAMES["en"]["pat"]},
        area_names={"zh": AREAS["zh"][area], "en": AREAS["en"][area]},
        **kw,
    )


def sub(sid: str = "s1", channel: Any = "wecom", **kw: Any) -> Subscription:
    address = kw.pop("address", "x")
    address = f"{address}@example.gov.cn" if channel == "email" else f"https://{address}.example.gov.cn/robot"
    return Subscription(id=sid, name=kw.pop("name", "Zhang"), channel=channel, address=address, **kw)


# ------------------------------------------------------------------ outbox
@dataclass
class Row:
    message: Message
    next_try: dt.datetime
    sent: bool = False
    attempts: int = 0
    last_error: str = ""


class MemoryOutbox:
    """``send.Outbox`` in memory: one row per key (adding a key again changes nothing)."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.sent_calls: list[str] = []

    def add(self, messages: list[Message], now: dt.datetime) -> int:
        new = [m for m in messages if m.key not in self.rows]
        for m in new:
            self.rows[m.key] = Row(m, now)
        return len(new)

    def due(self, now: dt.datetime) -> list[Message]:
        return [replace(r.message, attempts=r.attempts) for r in self.rows.values() if not r.sent and r.next_try <= now]

    def mark_sent(self, key: str) -> None:
        self.rows[key].sent = True
        self.sent_calls.append(key)

    def mark_failed(self, key: str, error: str, next_try: dt.datetime) -> None:
        row = self.rows[key]
        assert not row.sent, f"{key} failed after it was sent"
        row.attempts += 1
        row.last_error, row.next_try = error, next_try


# ------------------------------------------------------------------ HTTP receiver
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class HttpReceiver:
    """A robot / webhook receiver on 127.0.0.1: records every POST; answers ``answer`` (status, JSON)."""

    port: int = field(default_factory=free_port)
    answer: tuple[int, Any] = (200, {"errcode": 0, "errmsg": "ok"})
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> HttpReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                u = urlsplit(self.path)
                receiver.requests.append(
                    Request(u.path, parse_qs(u.query), dict(self.headers.items()), json.loads(raw.decode("utf-8")))
                )
                status, body = receiver.answer
                out = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def at(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


# ------------------------------------------------------------------ SMTP receiver
class Mailbox:
    """aiosmtpd handler: every message received, parsed."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.mails.append(mail)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def self_signed(tmp_path: Any) -> tuple[str, str]:
    """(certificate, key) files of a self-signed certificate for 127.0.0.1 (the test's own CA)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_file), str(key_file)
