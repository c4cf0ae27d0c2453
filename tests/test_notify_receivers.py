"""Notifications to real receivers started by the tests: an HTTP server on 127.0.0.1 standing in for
the 企业微信 and 钉钉 robots and a plain webhook, and an SMTP server (aiosmtpd). From an upload that
moves a target to each receiver's one message; a second run sends nothing; a receiver that is down
gets its message once when it is back; a robot's errcode ≠ 0 is a failure."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ssl
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from ipdash.deck import render
from ipdash.ingest import commit, validate
from ipdash.notify import channels, events, send, text
from ipdash.notify.channels import Channels, SmtpConfig
from ipdash.notify.model import Event, Subscription, message
from tests.corpus import helpers
from tests.notify_support import HttpReceiver, Mailbox, MemoryOutbox, free_port, self_signed

BASE_URL = "https://ip.example.gov.cn"
SECRET = "SEC0123456789abcdef"
T0 = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def robot():
    r = HttpReceiver().start()
    yield r
    r.stop()


class Smtp:
    """An aiosmtpd server on a free port that can be stopped and started again on it."""

    def __init__(self, **kw):
        self.box, self.port, self.kw = Mailbox(), free_port(), kw
        self.controller: Controller | None = None

    def start(self) -> Smtp:
        self.controller = Controller(self.box, hostname="127.0.0.1", port=self.port, **self.kw)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def config(self, **kw) -> SmtpConfig:
        return SmtpConfig(host="127.0.0.1", port=self.port, sender="ipdash@example.gov.cn", **kw)


@pytest.fixture
def smtp():
    s = Smtp().start()
    yield s
    s.stop()


def subscriptions(robot: HttpReceiver, areas=("yangpu",), lang="zh") -> list[Subscription]:
    return [
        Subscription("wc", "杨浦 group", "wecom", robot.url("/wecom"), areas=areas, lang=lang),
        Subscription("dt", "杨浦 钉钉", "dingtalk", robot.url("/dingtalk?access_token=tok"), SECRET, areas, lang=lang),
        Subscription("hk", "hook", "webhook", robot.url("/hook"), areas=areas, lang=lang),
        Subscription("em", "Wang", "email", "wang@example.gov.cn", areas=areas, lang=lang),
    ]


def yangpu_event() -> Event:
    return Event(
        kind="status_change",
        target_id="YP26-02",
        area="yangpu",
        version="b1",
        old_status="off_track",
        new_status="on_track",
        latest_value=150.0,
        unit="件/万人",
        latest_year=2025,
        p_meet_before=0.12,
        p_meet_after=0.71,
        names={"zh": "每万人口发明专利拥有量", "en": "Invention patents per 10 000 residents"},
        area_names={"zh": "杨浦区", "en": "Yangpu"},
    )


UPLOAD = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["杨浦", "每万人口发明专利拥有量", 2025, 150, "件/万人"],  # YP26-02 (145 by 2026): off track → on track
]


def _upload(rows, user=None):
    user = user or helpers.add_user(areas=("yangpu",))
    raw = helpers.csv_bytes(rows)
    v = validate.validate(raw, "杨浦 2025.csv", allowed_areas={"yangpu"})
    assert v.ok, v.errors
    return commit.commit(v, raw, user, confirm_warnings=True), user


def check_dingtalk_signature(req, sent_after_ms: int) -> None:
    """The robot's own check, written here from DingTalk's description, not from ipdash's code."""
    ts = req.query["timestamp"][0]
    assert sent_after_ms <= int(ts) <= int(time.time() * 1000)
    want = base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()).decode()
    assert req.query["sign"] == [want]  # parse_qs undid the URL encoding
    assert req.query["access_token"] == ["tok"]


# ------------------------------------------------------------------ from an upload to each receiver
@pytest.mark.slow  # judges every target three times and renders the chart with Chromium
def test_an_upload_that_moves_a_target_reaches_each_receiver_once(fresh_data, robot, smtp):
    ind, areas = events.catalog_names()
    before = events.judged_at("base")
    entry, user = _upload(UPLOAD)
    evs = events.status_events(
        before, events.judged_now(), version=entry["batch_id"], indicator_names=ind, area_names=areas
    )
    assert [(e.kind, e.target_id, e.old_status, e.new_status) for e in evs if e.kind == "status_change"] == [
        ("status_change", "YP26-02", "off_track", "on_track")
    ]
    subs = [*subscriptions(robot), Subscription("pd", "Pudong", "wecom", robot.url("/pudong"), areas=("pudong",))]
    outbox = MemoryOutbox()
    msgs = events.match(subs, evs)
    assert outbox.add(msgs, T0) == 4 == len(msgs)  # one per (subscription, event); pudong follows nothing that moved
    chart_calls: list[tuple[str, str]] = []

    def chart(ev: Event, lang: str) -> bytes:
        chart_calls.append((ev.target_id, lang))
        return render.target_png(ev.target_id, lang)

    ch = Channels(smtp=smtp.config(), chart=chart, base=BASE_URL)
    sent_after = int(time.time() * 1000)
    report = send.send_due(outbox, ch.deliver, now=T0)
    assert len(report.sent) == 4 and report.failed == []
    by = {m.subscription.id: m for m in msgs}
    (wc,) = robot.at("/wecom")
    assert wc.body == {"msgtype": "markdown", "markdown": {"content": text.markdown(by["wc"], BASE_URL)}}
    content = wc.body["markdown"]["content"]
    for word in ("YP26-02", "杨浦区", "难以达成 → ", "有望达成", "150.0 件/万人（2025年）", "→"):
        assert word in content
    assert f"({BASE_URL}/detail?det_target=YP26-02)" in content
    (dt_req,) = robot.at("/dingtalk")
    title = text.title(by["dt"].event, "zh")
    assert dt_req.body == {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": text.markdown(by["dt"], BASE_URL)},
    }
    check_dingtalk_signature(dt_req, sent_after)
    (hook,) = robot.at("/hook")
    assert hook.body["key"] == by["hk"].key and hook.headers["Idempotency-Key"] == by["hk"].key
    assert hook.body["event"]["target_id"] == "YP26-02" and hook.body["event"]["new_status"] == "on_track"
    assert robot.at("/pudong") == []
    (mail,) = smtp.box.mails
    assert mail["To"] == "wang@example.gov.cn" and "YP26-02" in mail["Subject"] and "有望达成" in mail["Subject"]
    assert mail["Message-ID"] == f"<{by['em'].key[:40]}@ipdash>"
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(("plain",)).get_content()
    html_part = mail.get_body(("html",))
    assert "YP26-02" in plain and f"{BASE_URL}/detail?det_target=YP26-02" in plain
    (img,) = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert img.get_content()[:8] == b"\x89PNG\r\n\x1a\n" and f"cid:{img['Content-ID'][1:-1]}" in html_part.get_content()
    assert chart_calls == [("YP26-02", "zh")]
    # a second run sends nothing
    assert send.send_due(outbox, ch.deliver, now=T0 + send.CAP).sent == []
    assert len(robot.requests) == 3 and len(smtp.box.mails) == 1
    # the same events again (a second notify after the same commit): nothing new to send
    assert outbox.add(events.match(subs, evs), T0) == 0
    # an upload that changes no status makes no event
    after_first = events.judged_now()
    entry2, _ = _upload([UPLOAD[0], [*UPLOAD[1][:3], 151, UPLOAD[1][4]]], user=user)  # 150 → 151: still on track
    assert events.status_events(after_first, events.judged_now(), version=entry2["batch_id"]) == []


# ------------------------------------------------------------------ a receiver down, then back
@pytest.mark.parametrize("sid", ["wc", "dt", "hk", "em"])
def test_a_receiver_down_gets_its_message_once_when_it_is_back(robot, smtp, sid):
    sub = next(s for s in subscriptions(robot) if s.id == sid)
    msg = message(sub, yangpu_event())
    outbox = MemoryOutbox()
    outbox.add([msg], T0)
    ch = Channels(smtp=smtp.config(), base=BASE_URL, timeout=5)
    (robot if sid != "em" else smtp).stop()
    r = send.send_due(outbox, ch.deliver, now=T0)
    assert r.sent == [] and [(k, t) for k, _, t in r.failed] == [(msg.key, T0 + send.BASE)]
    assert "cannot be reached" in outbox.rows[msg.key].last_error
    r = send.send_due(outbox, ch.deliver, now=T0 + send.BASE)  # still down: the wait doubles
    assert r.failed[0][2] == T0 + 3 * send.BASE
    (robot if sid != "em" else smtp).start()  # back, on the same port
    assert send.send_due(outbox, ch.deliver, now=T0 + 2 * send.BASE).sent == []  # not due yet
    assert send.send_due(outbox, ch.deliver, now=T0 + 3 * send.BASE).sent == [msg.key]
    assert send.send_due(outbox, ch.deliver, now=T0 + send.CAP).sent == []
    assert len(robot.requests) + len(smtp.box.mails) == 1  # delivered exactly once


# ------------------------------------------------------------------ a receiver that answers an error
@pytest.mark.parametrize(
    ("sid", "answer", "error"),
    [
        ("wc", (200, {"errcode": 93000, "errmsg": "invalid webhook url"}), "errcode 93000"),
        ("dt", (200, {"errcode": 310000, "errmsg": "sign not match"}), "errcode 310000"),
        ("wc", (200, {"errmsg": "no errcode"}), "errcode None"),
        ("wc", (502, {"errcode": 0}), "HTTP 502"),
        ("hk", (500, {"error": "boom"}), "HTTP 500"),
    ],
)
def test_an_error_answer_is_a_failure_and_retried(robot, sid, answer, error):
    sub = next(s for s in subscriptions(robot) if s.id == sid)
    msg = message(sub, yangpu_event())
    outbox = MemoryOutbox()
    outbox.add([msg], T0)
    robot.answer = answer
    r = send.send_due(outbox, Channels(base=BASE_URL).deliver, now=T0)
    assert r.sent == [] and error in r.failed[0][1] and "tok" not in r.failed[0][1]  # no access token in errors
    robot.answer = (200, {"errcode": 0, "errmsg": "ok"})
    assert send.send_due(outbox, Channels(base=BASE_URL).deliver, now=T0 + send.BASE).sent == [msg.key]
    assert len(robot.requests) == 2 and outbox.sent_calls == [msg.key]


def test_a_plain_webhook_needs_no_errcode(robot):
    robot.answer = (200, {"received": True})
    sub = next(s for s in subscriptions(robot, lang="en") if s.id == "hk")
    msg = message(sub, yangpu_event())
    channels.post_json(robot.url("/hook"), channels.webhook_payload(msg, BASE_URL), robot=False)
    assert robot.requests[0].body["text"] == text.plain(msg, BASE_URL)
    assert "Invention patents per 10 000 residents (YP26-02)" in robot.requests[0].body["title"]


# ------------------------------------------------------------------ SMTP credentials from the environment
def test_smtp_login_with_the_credentials_of_the_environment(monkeypatch):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"bot", b"s3cret")
        return AuthResult(success=ok, handled=False)

    s = Smtp(authenticator=authenticator, auth_require_tls=False).start()
    try:
        monkeypatch.setenv("IPDASH_SMTP", f"smtp://127.0.0.1:{s.port}")
        monkeypatch.setenv("IPDASH_SMTP_USER", "bot")
        monkeypatch.setenv("IPDASH_SMTP_PASSWORD", "wrong")
        monkeypatch.setenv("IPDASH_SMTP_FROM", "ipdash@example.gov.cn")
        msg = message(Subscription("em", "Li", "email", "li@example.gov.cn", lang="en"), yangpu_event())
        outbox = MemoryOutbox()
        outbox.add([msg], T0)
        r = send.send_due(outbox, Channels(base=BASE_URL).deliver, now=T0)  # no config given: read from the environment
        assert r.sent == [] and "535" in r.failed[0][1] and s.box.mails == []
        monkeypatch.setenv("IPDASH_SMTP_PASSWORD", "s3cret")
        assert send.send_due(outbox, Channels(base=BASE_URL).deliver, now=T0 + send.BASE).sent == [msg.key]
        (mail,) = s.box.mails
        assert s.box.envelopes == [("ipdash@example.gov.cn", ["li@example.gov.cn"])]
        assert mail["Subject"].startswith("Invention patents per 10 000 residents (YP26-02): ")
        assert mail.get_body(("html",)).get_content().count("<img") == 0  # no chart maker: words only
    finally:
        s.stop()


# ------------------------------------------------------------------ STARTTLS and SSL, the certificate checked
@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_smtp_over_tls_checks_the_certificate(tmp_path, monkeypatch, mode):
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    kw = {"tls_context": server_ctx, "require_starttls": True} if mode == "starttls" else {"ssl_context": server_ctx}
    s = Smtp(**kw).start()
    try:
        url = f"smtp://127.0.0.1:{s.port}?starttls=1" if mode == "starttls" else f"smtps://127.0.0.1:{s.port}"
        config = channels.smtp_config({"IPDASH_SMTP": url, "IPDASH_SMTP_FROM": "ipdash@example.gov.cn"})
        msg = message(Subscription("em", "Li", "email", "li@example.gov.cn"), yangpu_event())
        outbox = MemoryOutbox()
        outbox.add([msg], T0)
        r = send.send_due(outbox, Channels(smtp=config, base=BASE_URL).deliver, now=T0)
        assert r.sent == [] and "CERTIFICATE_VERIFY_FAILED" in r.failed[0][1]  # an unknown certificate: refused
        monkeypatch.setenv("SSL_CERT_FILE", cert)  # now the test's CA is trusted
        assert send.send_due(outbox, Channels(smtp=config, base=BASE_URL).deliver, now=T0 + send.BASE).sent == [msg.key]
        assert len(s.box.mails) == 1 and "YP26-02" in s.box.mails[0]["Subject"]
    finally:
        s.stop()
