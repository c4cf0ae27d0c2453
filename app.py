"""ipdash — entry point. Every page lives in pages/ and is registered here explicitly with
st.Page / st.navigation (which also keeps Streamlit's legacy auto-discovery of pages/ out of play)."""

import streamlit as st

from ipdash import ui

st.set_page_config(page_title="ipdash · 知识产权目标监测", page_icon=":material/insights:", layout="wide")
ui.shell_widgets()  # language first: page titles below depend on it

PAGES = [  # (file, url path, string key, icon)
    ("pages/overview.py", "overview", "overview", ":material/dashboard:"),
    ("pages/compare.py", "compare", "compare", ":material/compare_arrows:"),
    ("pages/detail.py", "detail", "detail", ":material/query_stats:"),
    ("pages/targets.py", "targets", "targets", ":material/menu_book:"),
    ("pages/upload.py", "upload", "upload", ":material/upload_file:"),
    ("pages/meeting.py", "meeting", "meeting", ":material/co_present:"),
    ("pages/data.py", "data", "data", ":material/table_view:"),
]
nav = st.navigation(
    # the first page is the default and lives at "/" (Streamlit serves no /overview path)
    [
        st.Page(f, title=ui.t(f"nav.{k}"), icon=icon, url_path=url, help=ui.t(f"help.{k}"), default=(i == 0))
        for i, (f, url, k, icon) in enumerate(PAGES)
    ],
    position="top",
)
ui.ensure_data()
nav.run()
