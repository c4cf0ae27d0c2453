"""提醒设置 / Alert settings — a signed-in user's subscriptions: list, add, remove.

The same records as ``python -m ipdash subscriptions``; sign-in is the Upload page's (``ui.signin``,
one session); an admin sees and removes everyone's.
Alerts go out after every commit and from ``python -m ipdash notify`` (docs/alerts.md).
"""

import streamlit as st

from ipdash import store, ui
from ipdash.frames import sources
from ipdash.ui import alerts as ua
from ipdash.ui import signin

lang = ui.lang()
st.header(ui.t("nav.alerts"))
st.caption(ui.t("alerts.intro"))
names = ui.cached(sources.area_names, lang)
ua.flash()

st.subheader(ui.t("alerts.login"))
user = signin.login_box(names)
if user:
    st.subheader(ui.t("alerts.mine"))
    df = ua.subscriptions_table(user, names)
    ua.remove_picker(user, df)
    st.subheader(ui.t("alerts.add"))
    targets = sorted(store.current().table("targets")["target_id"])
    ua.add_form(user, names, targets)
