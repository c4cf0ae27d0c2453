"""The receivers' own formats and their answers (no streamlit).

- 企业微信 group robot: POST ``{"msgtype": "markdown", "markdown": {"content": …}}``;
- 钉钉 custom robot: POST ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``, with
  ``timestamp`` (ms) and ``sign`` query parameters when the robot has a signing secret: base64 of
  HMAC-SHA256 keyed by the secret over ``"{timestamp}\\n{secret}"``, URL-encoded;
- a plain JSON webhook: the event's fields, the texts and the link (header ``Idempotency-Key``);
- email: multipart/alternative, text and HTML, the target's chart inline (multipart/related), the
  subject naming the target and what happened; SMTP from ``IPDASH_SMTP`` (``smtp://host:port``,
  ``smtps://host:port`` for SSL, ``?starttls=1``), ``IPDASH_SMTP_USER``/``IPDASH_SMTP_PASSWORD``,
  the sender ``IPDASH_SMTP_FROM``.

Both robots answer HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}``; any other errcode, any HTTP
error and any connection failure raise ``DeliveryError`` (the sender retries later).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

from ipdash.notify import text
from ipdash.notify.model import Event, Message

TIMEOUT = 10.0  # seconds per delivery
ChartFn = Callable[[Event, str], bytes | None]  # (event, lang) → PNG of the target's chart


class DeliveryError(RuntimeError):
    """A message did not reach its receiver (down, refused, or answered an error): retry later.
    ``unreachable``: the receiver could not be reached at all (its other messages can wait too)."""

    def __init__(self, text: str, *, unreachable: bool = False) -> None:
        super().__init__(text)
        self.unreachable = unreachable


# ------------------------------------------------------------------ 钉钉 signature
def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` parameter: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """The robot's URL with ``timestamp`` and ``sign`` added when a secret is set."""
    if not secret:
        return url
    ts = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    return f"{url}{'&' if urlsplit(url).query else '?'}timestamp={ts}&sign={dingtalk_sign(secret, ts)}"


# ------------------------------------------------------------------ payloads
def wecom_payload(msg: Message, base: str | None = None) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": text.markdown(msg, base)}}


def dingtalk_payload(msg: Message, base: str | None = None) -> dict[str, Any]:
    title = text.title(msg.event, msg.subscription.lang)
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text.markdown(msg, base)}}


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def webhook_payload(msg: Message, base: str | None = None) -> dict[str, Any]:
    """A plain JSON webhook's body: the key, the event as codes and numbers, and the texts."""
    ev, lang = msg.event, msg.subscription.lang
    return {
        "key": msg.key,
        "subscription": msg.subscription.id,
        "lang": lang,
        "event": {
            "kind": ev.kind,
            "target_id": ev.target_id,
            "area": ev.area,
            "version": ev.version,
            "old_status": ev.old_status,
            "new_status": ev.new_status,
            "latest_value": _num(ev.latest_value),
            "unit": ev.unit,
            "latest_year": ev.latest_year,
            "p_meet_before": _num(ev.p_meet_before),
            "p_meet_after": _num(ev.p_meet_after),
        },
        "title": text.title(ev, lang),
        "text": text.plain(msg, base),
        "link": text.link(ev, lang, base),
    }


# ------------------------------------------------------------------ HTTP
def post_json(
    url: str,
    payload: Mapping[str, Any],
    *,
    robot: bool,
    headers: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> None:
    """POST ``payload`` as UTF-8 JSON; a robot's answer must carry ``errcode`` 0."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    req = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = resp.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"{_where(url)} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{_where(url)} cannot be reached: {reason}", unreachable=True) from None
    if robot:
        try:
            code = json.loads(answer or b"{}").get("errcode")
        except (ValueError, AttributeError):
            raise DeliveryError(f"{_where(url)} answered something that is not JSON: {answer[:200]!r}") from None
        if code != 0:
            raise DeliveryError(f"{_where(url)} answered errcode {code}: {answer.decode(errors='replace')[:200]}")


def _where(url: str) -> str:
    """The receiver without its query (a robot's access token stays out of logs and errors)."""
    u = urlsplit(url)
    return f"{u.scheme}://{u.netloc}{u.path}"


# ------------------------------------------------------------------ email
@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    ssl: bool = False
    starttls: bool = False
    user: str = ""
    password: str = ""
    sender: str = "ipdash@localhost"


def smtp_config(env: Mapping[str, str] | None = None) -> SmtpConfig:
    """The SMTP server of ``IPDASH_SMTP`` (``smtp://host:port``, ``smtps://…``, ``?starttls=1``)."""
    env = os.environ if env is None else env
    raw = env.get("IPDASH_SMTP", "")
    u = urlsplit(raw)
    if u.scheme not in ("smtp", "smtps") or not u.hostname:
        raise DeliveryError(f"IPDASH_SMTP must be smtp://host:port or smtps://host:port, not {raw!r}")
    flags = parse_qs(u.query)
    user = env.get("IPDASH_SMTP_USER", "")
    return SmtpConfig(
        host=u.hostname,
        port=u.port or (465 if u.scheme == "smtps" else 25),
        ssl=u.scheme == "smtps",
        starttls=flags.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"),
        user=user,
        password=env.get("IPDASH_SMTP_PASSWORD", ""),
        sender=env.get("IPDASH_SMTP_FROM") or (user if "@" in user else "ipdash@localhost"),
    )


def email_message(
    msg: Message, sender: str, *, chart_png: bytes | None = None, base: str | None = None
) -> EmailMessage:
    """The email: text part, HTML part with the chart inline (when given), subject = the title.
    ``Message-ID`` carries the idempotency key (its first 40 hex digits, so the header is not folded),
    so a receiver can drop a repeat."""
    lang = msg.subscription.lang
    mail = EmailMessage()
    mail["Subject"] = text.title(msg.event, lang)
    mail["From"] = sender
    mail["To"] = msg.subscription.address
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = f"<{msg.key[:40]}@ipdash>"
    mail.set_content(text.plain(msg, base))
    cid = make_msgid(domain="ipdash") if chart_png else None
    mail.add_alternative(text.html(msg, base, cid[1:-1] if cid else None), subtype="html")
    if chart_png and cid:
        html_part = next(p for p in mail.iter_parts() if p.get_content_type() == "text/html")
        html_part.add_related(chart_png, maintype="image", subtype="png", cid=cid, filename="chart.png")
    return mail


def send_email(config: SmtpConfig, mail: EmailMessage, timeout: float = TIMEOUT) -> None:
    try:
        if config.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=timeout)
        with smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.user:
                smtp.login(config.user, config.password)
            refused = smtp.send_message(mail)
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"smtp {config.host}:{config.port}: {exc}") from None
    except OSError as exc:
        raise DeliveryError(f"smtp {config.host}:{config.port} cannot be reached: {exc}", unreachable=True) from None
    if refused:
        raise DeliveryError(f"smtp {config.host}:{config.port} refused {sorted(refused)}")


# ------------------------------------------------------------------ one message, any channel
@dataclass(frozen=True, slots=True)
class Channels:
    """How messages go out: the SMTP server (None: read ``IPDASH_SMTP`` when an email is due), the
    chart maker for emails (None: no chart), the base URL of links (None: ``IPDASH_BASE_URL``)."""

    smtp: SmtpConfig | None = None
    chart: ChartFn | None = None
    base: str | None = None
    timeout: float = TIMEOUT

    def deliver(self, msg: Message) -> None:
        """Send one message on its subscription's channel; ``DeliveryError`` when it did not arrive."""
        sub = msg.subscription
        if sub.channel == "wecom":
            post_json(sub.address, wecom_payload(msg, self.base), robot=True, timeout=self.timeout)
        elif sub.channel == "dingtalk":
            url = dingtalk_url(sub.address, sub.secret)
            post_json(url, dingtalk_payload(msg, self.base), robot=True, timeout=self.timeout)
        elif sub.channel == "webhook":
            headers = {"Idempotency-Key": msg.key}
            post_json(sub.address, webhook_payload(msg, self.base), robot=False, headers=headers, timeout=self.timeout)
        else:
            config = self.smtp or smtp_config()
            mail = email_message(msg, config.sender, chart_png=self._chart(msg), base=self.base)
            send_email(config, mail, self.timeout)

    def _chart(self, msg: Message) -> bytes | None:
        """The chart PNG, or None: a chart that cannot be drawn never holds an alert back."""
        if self.chart is None:
            return None
        try:
            return self.chart(msg.event, msg.subscription.lang)
        except Exception:  # any failure of the renderer: send the words without the picture
            return None
