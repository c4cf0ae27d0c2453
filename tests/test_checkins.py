"""Check-ins on targets (issue 21, item 1): who may write one, what is refused, that every one is kept
newest first with the data version it was written against, audited — on the local store and PostgreSQL —
and the ``checkin`` / ``checkins`` commands on a fresh data copy."""

from __future__ import annotations

import csv
import io

import pytest

from ipdash import store
from ipdash.accounts import auth
from ipdash.ingest import commit, validate
from ipdash.meetings import checkins
from ipdash.store import read
from tests import backends
from tests.apptest import open_page
from tests.corpus import helpers

PW = helpers.PASSWORD
LED = {"area": "pudong", "lead_department": "保护处、发展促进处"}  # a target whose text names its leads
UNLED = {"area": "pudong", "lead_department": ""}


@pytest.fixture
def users(fresh_store):
    return {
        "zhou": auth.add_user("zhou", PW, ["pudong"]),
        "li": auth.add_user("li", PW, ["pudong"], departments=["保护处"]),
        "office": auth.add_user("office", PW, ["pudong"], departments=["办公室"]),
        "ma": auth.add_user("ma", PW, ["jingan"]),
    }


def test_who_may_check_in():
    zhou = auth.User("zhou", ("pudong",))
    li = auth.User("li", ("pudong",), ("保护处",))
    office = auth.User("office", ("pudong",), ("办公室",))
    admin = auth.User("admin", ("*",))
    ma = auth.User("ma", ("jingan",))
    assert checkins.may_check_in(zhou, LED) and checkins.may_check_in(admin, LED)  # area-wide accounts
    assert checkins.may_check_in(li, LED)  # one of the leads
    assert not checkins.may_check_in(office, LED)  # limited to a department that does not lead it
    assert checkins.may_check_in(office, UNLED)  # no lead named: the area decides
    assert not checkins.may_check_in(ma, LED) and not checkins.may_check_in(ma, UNLED)


def test_validation_refuses_empty_and_overlong_text_and_an_unknown_confidence():
    assert checkins.validate("  原因  ", " 措施 ", "High") == ("原因", "措施", "high")
    for args, code in (
        (("   ", "", ""), "empty_note"),
        (("x" * (checkins.NOTE_MAX + 1), "", ""), "too_long"),
        (("x", "y" * (checkins.ACTION_MAX + 1), ""), "too_long"),
        (("x", "", "certain"), "bad_confidence"),
    ):
        with pytest.raises(checkins.CheckinError) as e:
            checkins.validate(*args)
        assert e.value.code == code
        assert checkins.error_text(e.value, "zh") and checkins.error_text(e.value, "en")


def test_no_target_names_a_lead_department_its_text_does_not():
    """The catalog check holds every target's lead department to its document (empty for all today)."""
    tg = read.table("targets")
    assert {"lead_department", "lead_department_en"} <= set(tg.columns)
    assert (tg["lead_department"].fillna("") == "").all()


def test_check_ins_are_kept_newest_first_with_their_data_version_and_audited(users):
    st = store.current()
    v0, cv0 = st.data_version(), checkins.version()
    a = checkins.add("PD24-08", users["zhou"], "银行审批放缓", "走访三家银行", "medium", seen_version=v0)
    b = checkins.add("PD24-08", users["li"], "质押登记回升", "", "", seen_version=v0)
    c = checkins.add("PD24-01", users["zhou"], "统计口径调整", "", "high", seen_version=v0)
    assert checkins.version() != cv0 and st.data_version() == v0  # outside the data version
    h = checkins.history("PD24-08")
    assert list(h["checkin_id"]) == [b.checkin_id, a.checkin_id]  # newest first
    assert list(h["user"]) == ["li", "zhou"] and list(h["department"]) == ["保护处", ""]
    assert h.iloc[1]["note"] == "银行审批放缓" and h.iloc[1]["action"] == "走访三家银行"
    assert set(h["data_version"]) == {v0} and (h["data_as_of"] != "").all()
    assert list(st.checkins()["checkin_id"]) == [c.checkin_id, b.checkin_id, a.checkin_id]
    assert checkins.latest()["PD24-08"]["note"] == "质押登记回升"
    logged = [e for e in backends.audit_events() if e["event"] == "checkin"]
    assert [e["checkin_id"] for e in logged] == [a.checkin_id, b.checkin_id, c.checkin_id]
    assert logged[0]["user"] == "zhou" and logged[0]["target_id"] == "PD24-08" and logged[0]["data_version"] == v0


def test_refusals_write_nothing(users):
    v0 = store.current().data_version()
    for target_id, user, code in (("YP26-01", "zhou", "no_permission"), ("PD24-08", "ma", "no_permission")):
        with pytest.raises(checkins.CheckinError) as e:
            checkins.add(target_id, users[user], "原因", seen_version=v0)
        assert e.value.code == code
    with pytest.raises(checkins.CheckinError) as e:
        checkins.add("NO-SUCH", users["zhou"], "原因", seen_version=v0)
    assert e.value.code == "no_target"
    with pytest.raises(checkins.CheckinError) as e:
        checkins.add("PD24-08", auth.User("ghost", ("*",)), "原因", seen_version=v0)
    assert e.value.code == "no_user"
    assert store.current().checkins().empty
    refused = [e for e in backends.audit_events() if e["event"] == "checkin_refused"]
    assert [(e["user"], e["target_id"]) for e in refused] == [("zhou", "YP26-01"), ("ma", "PD24-08")]


def test_a_check_in_against_data_that_moved_since_is_refused_as_stale(users):
    v0 = store.current().data_version()
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 11]])
    commit.commit(validate.validate(data, "上传.csv"), data, auth.add_user("admin", PW, ["*"]), confirm_warnings=True)
    v1 = store.current().data_version()
    assert v1 != v0
    with pytest.raises(checkins.CheckinError) as e:
        checkins.add("PD24-08", users["zhou"], "原因", seen_version=v0)
    assert e.value.code == "stale" and store.current().checkins().empty
    assert [e["reason"] for e in backends.audit_events() if e["event"] == "checkin_refused"] == ["stale"]
    rec = checkins.add("PD24-08", users["zhou"], "原因", seen_version=v1)  # read again: accepted
    assert rec.data_version == v1 and list(store.current().checkins()["data_version"]) == [v1]


def test_the_commands_on_a_fresh_copy(users):
    args = ("--note", "银行审批放缓", "--action", "走访", "--confidence", "low")
    r = helpers.cli("checkin", "PD24-08", "--user", "li", *args)
    assert r.returncode == 0, r.stderr
    row = next(csv.DictReader(io.StringIO(r.stdout)))
    assert row["target_id"] == "PD24-08" and row["user"] == "li" and row["confidence"] == "low"
    r = helpers.cli("checkin", "YP26-01", "--user", "li", "--note", "x", "--lang", "en")
    assert r.returncode == 2 and "may not check in on target YP26-01" in r.stderr
    r = helpers.cli("checkin", "PD24-08", "--user", "li", "--note", "x", "--expect-version", "old", "--lang", "en")
    assert r.returncode == 2 and "updated after you read them" in r.stderr
    r = helpers.cli("checkin", "PD24-08", "--user", "nobody", "--note", "x")
    assert r.returncode == 2 and "users add" in r.stderr
    r = helpers.cli("checkins", "--target", "PD24-08")
    assert r.returncode == 0 and "data version:" in r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["note"], x["action"]) for x in rows] == [("银行审批放缓", "走访")]
    assert list(rows[0]) == list(checkins.COLUMNS)
    assert helpers.cli("checkins", "--target", "NO-SUCH").returncode == 2
    assert helpers.cli("checkins", "--target", "YP26-01").stdout.strip() == ",".join(checkins.COLUMNS)


# ---------------------------------------------------------------- the detail page (AppTest)
def _detail(tid: str, user: str | None = None):
    at = open_page("app_pages/detail.py", det_target=tid)
    if user:
        at.session_state["upload_user"] = user  # logged in on the Upload page (same session)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_detail_page_lists_check_ins_and_adds_one(fresh_data):
    zhou = auth.add_user("zhou", PW, ["pudong"])
    checkins.add("PD24-08", zhou, "银行审批放缓", "走访三家银行", "low", seen_version=store.current().data_version())
    at = _detail("PD24-08")
    assert "进展填报" in [s.value for s in at.subheader]
    (shown,) = [d.value for d in at.dataframe if "action" in d.value.columns]
    assert list(shown["note"]) == ["银行审批放缓"] and list(shown["confidence"]) == ["低"]
    assert any("登录" in c.value for c in at.caption)  # not signed in: no form
    assert not [f for f in at.get("form")]
    at = _detail("PD24-08", "zhou")
    at.text_area(key="chk_note").input("质押登记回升")
    at.text_area(key="chk_action").input("对接担保机构")
    at.segmented_control(key="chk_confidence").set_value("medium")
    at.button(key="FormSubmitter:chk_form_PD24-08-提交").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] and not at.error
    (shown,) = [d.value for d in at.dataframe if "action" in d.value.columns]
    assert list(shown["note"]) == ["质押登记回升", "银行审批放缓"]  # newest first
    assert list(shown["user"]) == ["zhou", "zhou"] and list(shown["confidence"]) == ["中", "低"]


def test_the_form_refuses_an_empty_note_and_data_that_moved(fresh_data):
    zhou = auth.add_user("zhou", PW, ["pudong"])
    at = _detail("PD24-08", "zhou")
    at.button(key="FormSubmitter:chk_form_PD24-08-提交").click().run()
    assert [e.value for e in at.error] == [checkins.error_text(checkins.CheckinError("empty_note", ""), "zh")]
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 11]])
    commit.commit(validate.validate(data, "上传.csv"), data, auth.add_user("admin", PW, ["*"]), confirm_warnings=True)
    at.text_area(key="chk_note").input("原因")  # typed while someone else committed
    at.button(key="FormSubmitter:chk_form_PD24-08-提交").click().run()
    assert any("已被更新" in e.value for e in at.error) and store.current().checkins().empty
    at.text_area(key="chk_note").input("原因")  # the page now shows the new figures: accepted
    at.button(key="FormSubmitter:chk_form_PD24-08-提交").click().run()
    assert not at.error and list(store.current().checkins()["user"]) == [zhou.name]


def test_an_account_of_another_area_sees_no_form(fresh_data):
    auth.add_user("ma", PW, ["jingan"])
    at = _detail("PD24-08", "ma")
    assert any("ma" in c.value and "不能填写" in c.value for c in at.caption)
    assert not [f for f in at.get("form")]
