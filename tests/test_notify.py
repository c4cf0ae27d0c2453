"""Notifications without receivers: the records, events from two judgements, one message per
(subscription, event), the texts in zh and en, the receivers' payloads and SMTP settings (the sender:
test_notify_send; real receivers: test_notify_receivers)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipdash.notify import channels, events, text
from ipdash.notify.channels import DeliveryError
from ipdash.notify.model import EVENT_KINDS, Subscription, idempotency_key, message
from tests.notify_support import AREAS, NAMES, event, sub

STATUSES = ["achieved", "missed", "on_track", "at_risk", "off_track", "insufficient_data", "no_data"]


def judged(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """An engine-result-like frame: (target, area, status, p_meet) rows."""
    return pd.DataFrame(
        {
            "target_id": [r[0] for r in rows],
            "area": [r[1] for r in rows],
            "indicator": "pat",
            "status": [r[2] for r in rows],
            "p_meet": [r[3] for r in rows],
            "latest_value": 132.5,
            "latest_year": 2025,
            "series_unit": "件/万人",
        }
    )


# ------------------------------------------------------------------ records
def test_subscription_refuses_what_it_cannot_be():
    with pytest.raises(ValueError, match="channel"):
        sub(channel="fax")
    with pytest.raises(ValueError, match="unknown event kinds"):
        sub(events=("rain",))
    with pytest.raises(ValueError, match="language"):
        sub(lang="fr")
    with pytest.raises(ValueError, match="DingTalk"):
        sub(channel="wecom", secret="SEC")
    for channel, address in [("email", "wang"), ("email", "wang@localhost"), ("email", "a b@x.cn"), ("wecom", "x")]:
        with pytest.raises(ValueError, match="is not an"):
            Subscription("s", "n", channel, address)
    for channel in ("wecom", "dingtalk", "webhook"):
        with pytest.raises(ValueError, match="http"):
            Subscription("s", "n", channel, "ftp://robot.example/x")


def test_what_a_subscription_follows():
    e = event()
    assert sub().wants(e)  # follows nothing in particular: everything
    assert sub(areas=("yangpu",)).wants(e) and not sub(areas=("pudong",)).wants(e)
    assert sub(targets=("YP26-02",)).wants(e) and not sub(targets=("PD24-01",)).wants(e)
    assert sub(areas=("pudong",), targets=("YP26-02",)).wants(e)  # any of them
    assert not sub(events=("pmeet_drop",)).wants(e) and sub(events=("pmeet_drop", "status_change")).wants(e)
    task = event(kind="overdue_task", tid="M1", departments=("区知识产权局", "区科委"))
    assert sub(departments=("区科委",)).wants(task) and not sub(departments=("区商务委",)).wants(task)


def test_idempotency_key_is_stable_and_separates_subscriptions_and_events():
    e = event()
    assert message(sub("s1"), e).key == idempotency_key("s1", e.key) == message(sub("s1"), event()).key
    assert message(sub("s2"), e).key != message(sub("s1"), e).key
    assert message(sub("s1"), event(version="b2")).key != message(sub("s1"), e).key
    assert len(idempotency_key("s1", e.key)) == 64


# ------------------------------------------------------------------ events from two judgements
def test_status_change_and_pmeet_drop():
    before = judged(
        [("A", "yangpu", "on_track", 0.80), ("B", "yangpu", "at_risk", 0.60), ("C", "pudong", "on_track", 0.9)]
    )
    after = judged(
        [
            ("A", "yangpu", "at_risk", 0.55),  # status change and a 25-point drop
            ("B", "yangpu", "at_risk", 0.45),  # exactly 15 points: a drop
            ("C", "pudong", "on_track", 0.76),  # 14 points: nothing
            ("N", "pudong", "off_track", 0.1),  # a new target: nothing moved
        ]
    )
    got = events.status_events(before, after, version="b7", indicator_names=NAMES, area_names=AREAS)
    assert [(e.kind, e.target_id) for e in got] == [("status_change", "A"), ("pmeet_drop", "A"), ("pmeet_drop", "B")]
    a = got[0]
    assert (a.old_status, a.new_status, a.version) == ("on_track", "at_risk", "b7")
    assert (a.latest_value, a.unit, a.latest_year) == (132.5, "件/万人", 2025)
    assert (a.p_meet_before, a.p_meet_after) == (0.80, 0.55)
    assert a.name("en") == NAMES["en"]["pat"] and a.area_name("zh") == "杨浦区"
    assert events.status_events(after, after, version="b8") == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(STATUSES), st.sampled_from(STATUSES), st.integers(0, 100), st.integers(0, 100)),
        min_size=1,
        max_size=12,
    )
)
def test_events_are_exactly_the_moves(rows):
    """Property: one status_change per moved status, one pmeet_drop per fall of ≥ 15 points."""
    before = judged([(f"T{i}", "yangpu", s0, p0 / 100) for i, (s0, _, p0, _) in enumerate(rows)])
    after = judged([(f"T{i}", "yangpu", s1, p1 / 100) for i, (_, s1, _, p1) in enumerate(rows)])
    got = events.status_events(before, after, version="v")
    changed = {f"T{i}" for i, (s0, s1, _, _) in enumerate(rows) if s0 != s1}
    dropped = {f"T{i}" for i, (_, _, p0, p1) in enumerate(rows) if p0 - p1 >= 15}
    assert {e.target_id for e in got if e.kind == "status_change"} == changed
    assert {e.target_id for e in got if e.kind == "pmeet_drop"} == dropped
    assert len({e.key for e in got}) == len(got)


def test_pmeet_drop_needs_both_values():
    assert events.pmeet_dropped(0.6, 0.45) and not events.pmeet_dropped(0.6, 0.451)
    assert not events.pmeet_dropped(math.nan, 0.1) and not events.pmeet_dropped(0.9, math.nan)


def test_overdue_tasks_are_events_with_their_departments():
    ms = pd.DataFrame(
        {
            "milestone_id": ["M1", "M2"],
            "area": ["yangpu", "yangpu"],
            "status": ["in_progress", "done"],
            "overdue": [True, False],
            "title_zh": ["建设服务中心", "完成"],
            "title_en": ["Build the service centre", "Done"],
            "lead_department": ["区知识产权局、区科委", ""],
        }
    )
    (e,) = events.overdue_events(ms, version="2026-12-03", area_names=AREAS)
    assert (e.kind, e.target_id, e.departments, e.page) == ("overdue_task", "M1", ("区知识产权局", "区科委"), "sources")
    m = message(sub(lang="en"), e)
    assert "Build the service centre" in text.title(e, "en") and "in progress" in text.plain(m)


# ------------------------------------------------------------------ match
def test_match_one_message_per_subscription_and_event():
    evs = [event(), event(kind="pmeet_drop", p_meet_before=0.9, p_meet_after=0.3), event(tid="PD24-01", area="pudong")]
    subs = [sub("s1", areas=("yangpu",)), sub("s2", events=("pmeet_drop",)), sub("s3", areas=("pudong",))]
    msgs = events.match(subs, evs)
    pairs = [(m.subscription.id, m.event.kind, m.event.target_id) for m in msgs]
    # s1 gets YP26-02's status change, not also its P(meet) drop of the same version
    assert pairs == [
        ("s1", "status_change", "YP26-02"),
        ("s2", "pmeet_drop", "YP26-02"),
        ("s3", "status_change", "PD24-01"),
    ]
    assert len({m.key for m in msgs}) == 3
    assert events.match(subs + subs, evs + evs) == msgs  # the same twice: still one each


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(["yangpu", "pudong"])),
            st.sets(st.sampled_from(["YP26-02", "PD24-01"])),
            st.sets(st.sampled_from(["status_change", "pmeet_drop"])),
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(
        st.tuples(st.sampled_from(["YP26-02", "PD24-01"]), st.sampled_from(["status_change", "pmeet_drop"])),
        max_size=6,
    ),
)
def test_match_sends_each_wanted_pair_once(spec, evspec):
    """Property: every message goes to a subscription that wants its event; each wanted (subscription,
    event) pair makes exactly one message, save a P(meet) drop beside the same target's status change."""
    subs = [sub(f"s{i}", areas=tuple(a), targets=tuple(t), events=tuple(k)) for i, (a, t, k) in enumerate(spec)]
    area = {"YP26-02": "yangpu", "PD24-01": "pudong"}
    evs = [event(kind=k, tid=t, area=area[t]) for t, k in evspec]
    msgs = events.match(subs, evs)
    assert all(m.subscription.wants(m.event) for m in msgs) and len({m.key for m in msgs}) == len(msgs)
    for s in subs:
        got = {m.event.key for m in msgs if m.subscription.id == s.id}
        changed = {e.target_id for e in evs if s.wants(e) and e.kind == "status_change"}
        want = {e.key for e in evs if s.wants(e) and not (e.kind == "pmeet_drop" and e.target_id in changed)}
        assert got == want


# ------------------------------------------------------------------ texts
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_message_names_target_area_status_actual_pmeet_and_link(lang, monkeypatch):
    monkeypatch.setenv("IPDASH_BASE_URL", "https://ip.example.gov.cn/dash/")
    m = message(sub(lang=lang), event())
    words = {
        "zh": [
            "每万人口发明专利拥有量（YP26-02）",
            "杨浦区",
            "难以达成 → ",
            "有望达成",
            "150.0 件/万人（2025年）",
            "20% → 70%",
        ],
        "en": [
            "Invention patents per 10 000 residents (YP26-02)",
            "Yangpu",
            "off track → ",
            "on track",
            "(2025)",
            "20% → 70%",
        ],
    }[lang]
    link = "https://ip.example.gov.cn/dash/detail?" + ("lang=en&" if lang == "en" else "") + "det_target=YP26-02"
    for body in (text.plain(m), text.markdown(m)):
        assert all(w in body for w in words), (body, words)
        assert link in body
    html = text.html(m, chart_cid="c1@ipdash")
    assert f'href="{link.replace("&", "&amp;")}"' in html and 'src="cid:c1@ipdash"' in html
    assert text.title(m.event, lang).startswith(words[0])


def test_link_follows_the_tiles_format():
    assert text.link(event(), "zh", "http://h") == "http://h/detail?det_target=YP26-02"
    assert text.link(event(), "en", "http://h/") == "http://h/detail?lang=en&det_target=YP26-02"
    assert text.link(event(kind="pack_ready", page="meeting"), "zh", "http://h") == "http://h/meeting"


def test_missing_actual_and_pmeet_are_said():
    m = message(sub(), event(latest_value=math.nan, p_meet_before=math.nan, p_meet_after=math.nan))
    assert "最新实际值：暂无" in text.plain(m) and "达成概率：— → —" in text.plain(m)


# ------------------------------------------------------------------ payloads
def test_payloads_have_the_receivers_formats():
    m = message(sub(lang="zh"), event())
    w = channels.wecom_payload(m, "http://h")
    assert w == {"msgtype": "markdown", "markdown": {"content": text.markdown(m, "http://h")}}
    d = channels.dingtalk_payload(m, "http://h")
    assert d["msgtype"] == "markdown" and set(d["markdown"]) == {"title", "text"}
    assert d["markdown"]["title"] == text.title(m.event, "zh") and d["markdown"]["text"] == text.markdown(m, "http://h")
    h = channels.webhook_payload(m, "http://h")
    assert h["key"] == m.key and h["event"]["kind"] == "status_change" and h["link"].endswith("det_target=YP26-02")
    assert channels.webhook_payload(message(sub(), event(p_meet_before=math.nan)))["event"]["p_meet_before"] is None


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=60), st.integers(1_500_000_000_000, 2_500_000_000_000))
def test_dingtalk_sign_checks_out_independently(secret, ts):
    url = channels.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=abc", secret, ts)
    q = parse_qs(urlsplit(url).query)
    assert q["access_token"] == ["abc"] and q["timestamp"] == [str(ts)]
    expected = hmac.new(secret.encode("utf-8"), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    assert base64.b64decode(q["sign"][0]) == expected
    assert channels.dingtalk_url("https://x/robot/send", "", ts) == "https://x/robot/send"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("smtp://mail.local:2525", ("mail.local", 2525, False, False)),
        ("smtp://mail.local:587?starttls=1", ("mail.local", 587, False, True)),
        ("smtps://mail.local", ("mail.local", 465, True, False)),
        ("smtp://mail.local", ("mail.local", 25, False, False)),
    ],
)
def test_smtp_settings(raw, want):
    c = channels.smtp_config({"IPDASH_SMTP": raw, "IPDASH_SMTP_USER": "bot@x.cn", "IPDASH_SMTP_PASSWORD": "pw"})
    assert (c.host, c.port, c.ssl, c.starttls) == want
    assert (c.user, c.password, c.sender) == ("bot@x.cn", "pw", "bot@x.cn")


@pytest.mark.parametrize("raw", ["", "http://mail.local", "mail.local:25", "smtp://"])
def test_smtp_settings_refuse_what_is_not_an_smtp_url(raw):
    with pytest.raises(DeliveryError, match="IPDASH_SMTP"):
        channels.smtp_config({"IPDASH_SMTP": raw})


def test_every_event_kind_has_texts_in_both_languages():
    for kind in EVENT_KINDS:
        for lang in ("zh", "en"):
            assert text.title(event(kind=kind), lang)
