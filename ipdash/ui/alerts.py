"""Streamlit pieces of the 提醒设置 / Alert settings page: a signed-in user's subscriptions — list, add,
remove. Sign-in is the Upload page's (same session); the records go through the store
(``notify.outbox``), exactly as ``python -m ipdash subscriptions`` writes them, with the user's name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ipdash import store, ui
from ipdash.accounts import auth
from ipdash.notify import outbox
from ipdash.notify.model import CHANNEL_KINDS, EVENT_KINDS, Subscription


def mine(user: auth.User) -> pd.DataFrame:
    """The user's own subscriptions; an admin's: everyone's (the administration)."""
    df = store.current().subscriptions()
    return df if user.is_admin else df[df["user"] == user.name].reset_index(drop=True)


def subscriptions_table(user: auth.User, area_names: dict[str, str]) -> pd.DataFrame:
    df = mine(user)
    if df.empty:
        st.caption(ui.t("alerts.none"))
        return df

    def followed(r) -> str:
        parts = [area_names.get(a, a) for a in r["areas"].split(",") if a] + [
            x for x in (r["departments"] + "," + r["targets"]).split(",") if x
        ]
        return ui.t("ingest.sep").join(parts) or ui.t("alerts.all")

    shown = pd.DataFrame(
        {
            ui.t("alerts.col.id"): df["id"],
            **({ui.t("alerts.col.user"): df["user"]} if user.is_admin else {}),
            ui.t("alerts.name"): df["name"],
            ui.t("alerts.channel"): [ui.t(f"alerts.ch.{c}") for c in df["channel"]],
            ui.t("alerts.col.followed"): [followed(r) for r in df.to_dict("records")],
            ui.t("alerts.col.events"): [e or ui.t("alerts.all") for e in df["events"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    return df


def _add(user: auth.User) -> None:
    s = st.session_state
    try:
        sub = Subscription(
            id=outbox.new_id(),
            name=(s.get("al_name") or "").strip() or user.name,
            channel=s["al_channel"],
            address=(s.get("al_address") or "").strip(),
            secret=(s.get("al_secret") or "").strip() if s["al_channel"] == "dingtalk" else "",
            areas=tuple(s.get("al_areas") or ()),
            targets=tuple(s.get("al_targets") or ()),
            events=tuple(s.get("al_events") or ()),
            lang=s.get("al_lang") or "zh",
        )
        store.current().add_subscription(outbox.subscription_record(sub, user=user.name))
    except ValueError as exc:
        s["_al_flash_err"] = ui.t("alerts.bad", error=str(exc))
        return
    s["_al_flash"] = ui.t("alerts.added", id=sub.id)


def add_form(user: auth.User, area_names: dict[str, str], target_ids: list[str]) -> None:
    with st.form("al_add", clear_on_submit=True):
        st.text_input(ui.t("alerts.name"), key="al_name")
        st.selectbox(
            ui.t("alerts.channel"), CHANNEL_KINDS, key="al_channel", format_func=lambda c: ui.t(f"alerts.ch.{c}")
        )
        st.text_input(ui.t("alerts.address"), key="al_address")
        st.text_input(ui.t("alerts.secret"), key="al_secret", type="password")
        st.multiselect(ui.t("alerts.areas"), list(area_names), key="al_areas", format_func=lambda a: area_names[a])
        st.multiselect(ui.t("alerts.targets"), target_ids, key="al_targets")
        st.multiselect(ui.t("alerts.events"), EVENT_KINDS, key="al_events")
        st.segmented_control(ui.t("alerts.lang"), ("zh", "en"), key="al_lang", default=ui.lang())
        st.form_submit_button(ui.t("alerts.submit"), on_click=_add, args=(user,), icon=":material/add_alert:")


def _remove(user: auth.User) -> None:
    sid = st.session_state.get("al_remove_id")
    if sid and sid in set(mine(user)["id"]) and store.current().remove_subscription(sid):
        st.session_state["_al_flash"] = ui.t("alerts.removed", id=sid)


def remove_picker(user: auth.User, df: pd.DataFrame) -> None:
    if df.empty:
        return
    labels = dict(zip(df["id"], df["name"], strict=True))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            ui.t("alerts.remove"), list(labels), key="al_remove_id", format_func=lambda i: f"{i} · {labels[i]}"
        )
        st.button(
            ui.t("alerts.remove_button"), key="al_remove", on_click=_remove, args=(user,), icon=":material/delete:"
        )


def flash() -> None:
    if msg := st.session_state.pop("_al_flash", None):
        st.success(msg, icon=":material/check_circle:")
    if msg := st.session_state.pop("_al_flash_err", None):
        st.error(msg, icon=":material/error:")
