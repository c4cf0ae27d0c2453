"""Issue 22's acceptance, on both backends (``fresh_store``), with real receivers: a 企业微信 robot, a
钉钉 robot (signed) and an SMTP server. Subscriptions through the CLI, an upload through the CLI, then
exactly one message per receiver naming the target, old → new status and a link; a second ``notify``
sends nothing; an upload that moves no status sends nothing; a receiver that is down gets the message
once it is back; a crash between the enqueue and the send loses nothing."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest

from ipdash import store
from ipdash.cli.main import main
from ipdash.ingest import commit
from ipdash.notify import outbox, run, send
from tests.corpus import helpers
from tests.notify_support import HttpReceiver
from tests.test_notify_receivers import SECRET, Smtp

BASE = "https://ipdash.example.gov.cn"
MOVES = [["地区", "指标", "年份", "数值", "单位"], ["杨浦", "每万人口发明专利拥有量", 2025, 150, "件/万人"]]  # YP26-02
# the same target, still on track
STILL = [["地区", "指标", "年份", "数值", "单位"], ["杨浦", "每万人口发明专利拥有量", 2025, 151, "件/万人"]]


@pytest.fixture
def receivers(fresh_store, monkeypatch):
    robot, smtp = HttpReceiver().start(), Smtp().start()
    monkeypatch.setenv("IPDASH_SMTP", f"smtp://127.0.0.1:{smtp.port}")
    monkeypatch.setenv("IPDASH_SMTP_FROM", "ipdash@example.gov.cn")
    monkeypatch.setenv("IPDASH_BASE_URL", BASE)
    yield robot, smtp
    robot.stop()
    smtp.stop()


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _subscribe(capsys, robot: HttpReceiver) -> None:
    for flags in (
        ["杨浦 企业微信", "--wecom", robot.url("/wecom")],
        ["杨浦 钉钉", "--dingtalk", robot.url("/dingtalk?access_token=tok"), "--secret", SECRET],
        ["Wang", "--email", "wang@example.gov.cn", "--lang", "en"],
    ):
        code, out, err = _cli(capsys, "subscriptions", "add", *flags, "--areas", "yangpu")
        assert code == 0, err
    code, out, _ = _cli(capsys, "subscriptions")
    assert code == 0 and out.count("yangpu") == 3 and SECRET not in out


def _ingest(capsys, tmp_path, rows, name="杨浦 2025.csv") -> float:
    f = tmp_path / name
    f.write_bytes(helpers.csv_bytes(rows))
    t0 = time.monotonic()
    code, _, err = _cli(capsys, "ingest", str(f), "--user", "wang", "--yes")
    assert code == 0, err
    return time.monotonic() - t0


def _naming(robot: HttpReceiver, smtp: Smtp, target: str = "YP26-02") -> dict[str, list]:
    wecom = [r.body["markdown"]["content"] for r in robot.at("/wecom")]
    ding = [r.body["markdown"]["text"] for r in robot.at("/dingtalk")]
    mails = [m for m in smtp.box.mails if target in str(m["Subject"])]
    return {
        "wecom": [t for t in wecom if target in t],
        "dingtalk": [t for t in ding if target in t],
        "email": mails,
    }


def _mail_text(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def test_an_upload_that_moves_a_target_alerts_each_receiver_once(receivers, capsys, tmp_path):
    robot, smtp = receivers
    helpers.add_user()
    _subscribe(capsys, robot)
    took = _ingest(capsys, tmp_path, MOVES)
    assert took < 10.0  # the commit's alerts went out with it
    got = _naming(robot, smtp)
    assert {k: len(v) for k, v in got.items()} == {"wecom": 1, "dingtalk": 1, "email": 1}
    link = f"{BASE}/detail?det_target=YP26-02"
    for text in (got["wecom"][0], got["dingtalk"][0]):
        assert "每万人口发明专利拥有量" in text and "难以达成" in text and "有望达成" in text and link in text
    assert "sign" in robot.at("/dingtalk")[0].query and "timestamp" in robot.at("/dingtalk")[0].query
    mail = got["email"][0]
    body = _mail_text(mail)
    assert "Off track" in body or "off track" in body.lower()
    assert "lang=en" in body and "det_target=YP26-02" in body
    # a second (and a third) notify: nothing more about it
    before = (len(robot.requests), len(smtp.box.mails))
    for _ in range(2):
        code, _, err = _cli(capsys, "notify")
        assert code == 0, err
    after_notify = (len(robot.requests), len(smtp.box.mails))
    code, _, _ = _cli(capsys, "notify")
    assert (len(robot.requests), len(smtp.box.mails)) == after_notify  # the second run sent nothing
    assert {k: len(v) for k, v in _naming(robot, smtp).items()} == {"wecom": 1, "dingtalk": 1, "email": 1}
    assert after_notify[0] >= before[0]
    code, out, err = _cli(capsys, "notify", "--status")
    assert code == 0 and "failed 0" in err and out.count("sent") >= 3
    # an upload that moves no status: nothing
    n = (len(robot.requests), len(smtp.box.mails))
    _ingest(capsys, tmp_path, STILL, name="杨浦 2025 b.csv")
    _cli(capsys, "notify")
    assert (len(robot.requests), len(smtp.box.mails)) == n


def test_a_receiver_that_is_down_gets_the_message_once_it_is_back(receivers, capsys, tmp_path):
    robot, smtp = receivers
    helpers.add_user()
    _subscribe(capsys, robot)
    robot.stop()
    smtp.stop()
    _ingest(capsys, tmp_path, MOVES)
    box = run.status()
    mine = box[box["version"] != "overdue"]
    assert len(mine) == 3 and set(mine["status"]) == {"failed"} and (mine["last_error"] != "").all()
    code, _, err = _cli(capsys, "notify", "--status")
    assert code == 0 and "failed 3" in err
    robot.start()
    smtp.start()
    # due again after the backoff: a run then delivers each once, the next one nothing
    later = outbox.utc_now() + send.CAP
    for _ in range(2):
        run.notify(now=later)
    assert {k: len(v) for k, v in _naming(robot, smtp).items()} == {"wecom": 1, "dingtalk": 1, "email": 1}
    assert set(run.status()["status"]) == {"sent"}


def test_a_crash_between_commit_and_send_loses_nothing(receivers, capsys, tmp_path, monkeypatch):
    """The commit's listener never ran (a kill -9 right after the store's commit): nothing was
    queued; then a crash after the enqueue, before the send. ``notify`` delivers each exactly once."""
    robot, smtp = receivers
    user = helpers.add_user()
    _subscribe(capsys, robot)
    monkeypatch.setattr(commit, "_listeners", [])  # killed before the listener
    raw = helpers.csv_bytes(MOVES)
    from ipdash.ingest import validate

    v = validate.validate(raw, "杨浦 2025.csv", allowed_areas={"yangpu"})
    entry = commit.commit(v, raw, user, confirm_warnings=True)
    st = store.current()
    assert entry["batch_id"] not in st.notified_versions() and st.outbox().empty
    # killed after the enqueue, before the send: derive only
    added, derived = run.derive(st, outbox.subscriptions(st), overdue=False)
    assert added == 3 and derived == [entry["batch_id"]]
    assert run.derive(st, outbox.subscriptions(st), overdue=False) == (0, [])  # derived once
    assert len(robot.requests) == 0 and len(smtp.box.mails) == 0
    run.notify()
    run.notify()
    assert {k: len(v) for k, v in _naming(robot, smtp).items()} == {"wecom": 1, "dingtalk": 1, "email": 1}


def test_a_revert_alerts_the_status_moving_back(receivers, capsys, tmp_path):
    robot, smtp = receivers
    helpers.add_user()
    _subscribe(capsys, robot)
    _ingest(capsys, tmp_path, MOVES)
    bid = store.current().read_batches()["batch_id"].iloc[-1]
    code, _, err = _cli(capsys, "revert", bid, "--user", "wang")
    assert code == 0, err
    back = [t for t in _naming(robot, smtp)["wecom"] if t.index("有望达成") < t.index("难以达成")]
    assert len(back) == 1  # on track → off track, once


def test_subscriptions_bad_input_exits_2(fresh_data, capsys):
    for args in (
        ["subscriptions", "add", "x"],  # no channel
        ["subscriptions", "add", "x", "--wecom", "https://a/b", "--email", "a@b.cn"],
        ["subscriptions", "add", "x", "--email", "not-an-address"],
        ["subscriptions", "add", "x", "--wecom", "ftp://a/b"],
        ["subscriptions", "add", "x", "--wecom", "https://a/b", "--secret", "s"],
        ["subscriptions", "add", "x", "--wecom", "https://a/b", "--areas", "nowhere"],
        ["subscriptions", "add", "x", "--wecom", "https://a/b", "--events", "birthday"],
        ["subscriptions", "remove", "nope"],
    ):
        code, out, err = _cli(capsys, *args)
        assert code == 2 and err.startswith("ipdash subscriptions: "), (args, err)
    code, out, _ = _cli(capsys, "subscriptions", "add", "x", "--webhook", "https://a.example/h", "--events", "checkin")
    assert code == 0
    sid = out.strip()
    assert _cli(capsys, "subscriptions", "remove", sid)[0] == 0
    assert store.current().subscriptions().empty


def test_notify_sends_an_email_with_the_targets_chart_inline(receivers, capsys, tmp_path, monkeypatch):
    """What waited for the scheduled run (here: the commit's listener never ran) goes out from
    ``notify`` with the target's chart in the email."""
    robot, smtp = receivers
    helpers.add_user()
    code, _, err = _cli(
        capsys, "subscriptions", "add", "Wang", "--email", "wang@example.gov.cn", "--targets", "YP26-02"
    )
    assert code == 0, err
    monkeypatch.setattr(commit, "_listeners", [])
    monkeypatch.setattr(commit, "after_write", lambda listener: None)  # main() registers none either
    _ingest(capsys, tmp_path, MOVES)
    assert not smtp.box.mails
    code, _, err = _cli(capsys, "notify")
    assert code == 0, err
    (mail,) = _naming(robot, smtp)["email"]
    assert any(p.get_content_type() == "image/png" for p in mail.walk())
