"""ipdash — entry point. Every view lives in app_pages/ and is registered here explicitly with
st.Page / st.navigation. Not pages/: with a pages/ folder beside this file Streamlit 1.67 runs every
script run through its legacy multipage shim (script_runner._mpa_v1), which breaks the language
switch and deep links (docs/architecture.md; tests/test_architecture.py keeps pages/ out)."""

import streamlit as st

from ipdash import ui
from ipdash.ui import access, phone, signin

st.set_page_config(page_title="ipdash · 知识产权目标监测", page_icon=":material/insights:", layout="wide")
ui.shell_widgets()  # language first: page titles below depend on it

PAGES = [  # (file, url path, string key, icon); the first page is the default and lives at "/"
    ("app_pages/overview.py", "", "overview", ":material/dashboard:"),
    ("app_pages/compare.py", "compare", "compare", ":material/compare_arrows:"),
    ("app_pages/detail.py", "detail", "detail", ":material/query_stats:"),
    ("app_pages/targets.py", "targets", "targets", ":material/menu_book:"),
    ("app_pages/upload.py", "upload", "upload", ":material/upload_file:"),
    ("app_pages/meeting.py", "meeting", "meeting", ":material/co_present:"),
    ("app_pages/data.py", "data", "data", ":material/table_view:"),
    ("app_pages/alerts.py", "alerts", "alerts", ":material/notifications:"),
]
pages = [
    st.Page(f, title=ui.t(f"nav.{k}"), icon=icon, url_path=url, help=ui.t(f"help.{k}"), default=(i == 0))
    for i, (f, url, k, icon) in enumerate(PAGES)
]


def _to_overview() -> None:
    """/overview (typed, bookmarked, sent in a message): the overview at "/", its query kept whole."""
    st.switch_page(pages[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})


alias = st.Page(_to_overview, title=ui.t("nav.overview"), url_path="overview", visibility="hidden")
may_view = access.allowed()  # who looks (preliminary figures); IPDASH_VIEW=login: nobody before sign-in
nav = st.navigation([*pages, alias], position="top" if may_view else "hidden")  # hidden: the address is kept
if may_view:
    phone.tab_bar([(p, k, icon) for p, (_, _, k, icon) in zip(pages, PAGES, strict=True)])  # under 768 px
with ui.page_guard():  # an unexpected error: a short message in the user's language, never a traceback
    if not may_view:
        access.sign_in()
        st.stop()
    ui.ensure_data()
    signin.sidebar_status()  # who is signed in (name, role) and the sign-out button
    nav.run()
