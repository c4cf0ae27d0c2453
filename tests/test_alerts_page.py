"""AppTest of the 提醒设置 / Alert settings page: nothing without a sign-in; signed in, a user adds a
subscription (stored as the CLI stores it, with their name), sees only theirs, and removes it."""

from __future__ import annotations

import pytest

from ipdash import store
from ipdash.notify import outbox
from ipdash.notify.model import Subscription
from tests.apptest import open_page
from tests.corpus import helpers

pytestmark = pytest.mark.slow


def test_signed_in_user_lists_adds_and_removes_their_subscriptions(fresh_data):
    helpers.add_user()
    other = Subscription("s0ther", "Li", "webhook", "https://hook.example.gov.cn/x", areas=("pudong",))
    store.current().add_subscription(outbox.subscription_record(other, user="li"))
    at = open_page("app_pages/alerts.py")
    assert not at.form_submit_button[1:] and len(at.form_submit_button) == 1  # only the sign-in form
    at.text_input(key="upl_name").set_value("wang")
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe  # Li's subscription is not wang's
    at.text_input(key="al_name").set_value("杨浦 群")
    at.selectbox(key="al_channel").set_value("email")
    at.text_input(key="al_address").set_value("not an address")
    at.button(key="FormSubmitter:al_add-添加").click().run()
    assert at.error and "not an email address" in at.error[0].value
    at.text_input(key="al_name").set_value("杨浦 群")
    at.selectbox(key="al_channel").set_value("dingtalk")
    at.text_input(key="al_address").set_value("https://oapi.dingtalk.com/robot/send?access_token=t")
    at.text_input(key="al_secret").set_value("SECabc")
    at.multiselect(key="al_areas").set_value(["yangpu"])
    at.button(key="FormSubmitter:al_add-添加").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    subs = store.current().subscriptions()
    row = subs[subs["user"] == "wang"].iloc[0]
    assert (row["channel"], row["secret"], row["areas"]) == ("dingtalk", "SECabc", "yangpu")
    shown = at.dataframe[0].value
    assert list(shown.iloc[:, 0]) == [row["id"]] and "杨浦区" in shown.iloc[0, 3]
    at.selectbox(key="al_remove_id").set_value(row["id"])
    at.button(key="al_remove").click().run()
    assert not at.exception
    assert list(store.current().subscriptions()["id"]) == ["s0ther"]  # Li's stays


def test_an_admin_sees_and_removes_everyones_subscriptions(fresh_data):
    from ipdash.accounts import auth

    auth.add_user("zhao", helpers.PASSWORD, [], role="admin")
    other = Subscription("s0ther", "Li", "webhook", "https://hook.example.gov.cn/x", areas=("pudong",))
    store.current().add_subscription(outbox.subscription_record(other, user="li"))
    at = open_page("app_pages/alerts.py")
    at.text_input(key="upl_name").set_value("zhao")
    at.text_input(key="upl_pw").set_value(helpers.PASSWORD)
    at.form_submit_button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    assert list(shown["编号"]) == ["s0ther"] and list(shown["用户"]) == ["li"]  # Li's, with whose it is
    at.selectbox(key="al_remove_id").set_value("s0ther")
    at.button(key="al_remove").click().run()
    assert not at.exception and store.current().subscriptions().empty
