"""数据上传 / Upload — template, login, upload, validation report, preview, commit, history, revert.

The same code path as ``python -m ipdash ingest``: ``validate.validate`` → ``commit.preview``
→ ``commit.commit`` (carrying the data version the preview was drawn on). Viewing the history
needs no login; uploading and reverting need an analyst or admin (``ui.signin``: local account or
the organisation's OIDC provider; viewers read only).
"""

import streamlit as st

from ipdash import store, ui
from ipdash.frames import sources
from ipdash.ingest import commit
from ipdash.ui import milestones as um
from ipdash.ui import signin
from ipdash.ui import upload as uu

lang = ui.lang()
st.header(ui.t("nav.upload"))
st.caption(ui.t("upload.intro"))
store.current().ensure_consistent()  # finish whatever a killed commit left behind
names = ui.cached(sources.area_names, lang)
ind_names = ui.cached(sources.indicator_names, lang)
uu.flash()

left, right = st.columns([3, 2], gap="large")
with right:
    st.subheader(ui.t("upload.login"))
    user = signin.login_box(names)
    if user and not user.may_edit:
        st.info(ui.t("signin.viewer_note"), icon=":material/visibility:")
with left:
    st.subheader(ui.t("upload.templates"))
    uu.template_downloads(user)

if user and user.may_edit:  # viewers read only
    file = uu.uploader()
    if file is not None:
        data = file.getvalue()
        version = commit.version_token()  # the version this preview is drawn on: the commit carries it
        v = uu.validated(data, file.name, user)
        if v is not None:
            uu.read_summary(v)
        if v is not None and not v.ok:
            uu.rejected(v)
        elif v is not None:
            confirmed = True
            if v.warnings:
                st.warning(ui.t("upload.warnings", n=len(v.warnings)), icon=":material/warning:")
                uu.problems_table(v.warnings, "upl_warnings", "upload.col.warning")
                confirmed = st.checkbox(ui.t("upload.confirm"), key="upl_confirm")
            st.subheader(ui.t("upload.preview"))
            st.caption(ui.t("upload.preview_caption"))
            confirmed = uu.taken_confirm(v, names) and confirmed
            uu.conversions(v)
            diff = commit.preview(v, lang=lang)
            uu.preview_table(diff, names, ind_names)
            n = commit.counts(diff)
            if n["new"] + n["changed"] == 0:
                st.info(ui.t("upload.nothing"), icon=":material/info:")
            else:
                uu.commit_button(v, data, version, disabled=not confirmed)

st.subheader(ui.t("upload.history"))
hist = commit.history()
if hist.empty:
    st.caption(ui.t("upload.no_batches"))
else:
    st.caption(ui.t("upload.history_caption", n=len(hist)))
    uu.history_table(hist)
    if user and user.may_edit:
        uu.revert_picker(hist, user)

um.status_file_section(user, lang)  # task statuses (定性任务): same login, same checks as the dialog
