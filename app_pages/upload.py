"""数据上传 / Upload — template, login, upload, validation report, preview, commit, history, revert.

The same code path as ``python -m ipdash ingest``: ``validate.validate`` → ``commit.preview``
→ ``commit.commit``. Viewing the history needs no login; uploading and reverting do.
"""

import streamlit as st

from ipdash import ui
from ipdash.frames import sources
from ipdash.ingest import commit, validate
from ipdash.store import read as store
from ipdash.store import write as writer
from ipdash.ui import milestones as um
from ipdash.ui import upload as uu

lang = ui.lang()
st.header(ui.t("nav.upload"))
st.caption(ui.t("upload.intro"))
commit.ensure_consistent()  # finish whatever a killed commit left behind
names = ui.cached(sources.area_names, lang)
ind_names = ui.cached(sources.indicator_names, lang)
uu.flash()

left, right = st.columns([3, 2], gap="large")
with right:
    st.subheader(ui.t("upload.login"))
    user = uu.login_box(names)
with left:
    st.subheader(ui.t("upload.templates"))
    uu.template_downloads(user)

if user:
    st.session_state.setdefault("upl_n", 0)
    file = st.file_uploader(
        ui.t("upload.file"),
        type=["csv", "xlsx", "txt", "tsv"],
        key=f"upl_file_{st.session_state.upl_n}",
        max_upload_size=uu.MAX_MB,
        help=ui.t("upload.file_help", mb=uu.MAX_MB),
    )
    if file is not None:
        data = file.getvalue()
        version = store.data_version()
        allowed = "*" if "*" in user.areas else frozenset(user.areas)
        v = ui.cached(validate.validate, data, file.name, allowed_areas=allowed)
        uu.read_summary(v)
        if not v.ok:
            uu.rejected(v)
        else:
            confirmed = True
            if v.warnings:
                st.warning(ui.t("upload.warnings", n=len(v.warnings)), icon=":material/warning:")
                uu.problems_table(v.warnings, "upl_warnings", "upload.col.warning")
                confirmed = st.checkbox(ui.t("upload.confirm"), key="upl_confirm")
            st.subheader(ui.t("upload.preview"))
            st.caption(ui.t("upload.preview_caption"))
            diff = commit.preview(v)
            uu.preview_table(diff, names, ind_names)
            n = commit.counts(diff)
            if n["new"] + n["changed"] == 0:
                st.info(ui.t("upload.nothing"), icon=":material/info:")
            elif st.button(
                ui.t("upload.commit"),
                type="primary",
                key="upl_commit",
                disabled=not confirmed,
                icon=":material/cloud_upload:",
            ):
                try:
                    entry = commit.commit(v, data, user, confirm_warnings=confirmed, expected_version=version)
                    st.session_state["_upl_flash"] = ui.t(
                        "upload.committed",
                        batch=entry["batch_id"],
                        n=entry["n_rows"],
                        new=entry["n_new"],
                        changed=entry["n_changed"],
                    )
                    st.session_state.upl_n += 1  # a fresh, empty uploader
                except (commit.CommitError, writer.LockTimeout) as exc:
                    st.session_state["_upl_flash_err"] = uu.error_text(exc)
                st.rerun()

st.subheader(ui.t("upload.history"))
hist = commit.history()
if hist.empty:
    st.caption(ui.t("upload.no_batches"))
else:
    st.caption(ui.t("upload.history_caption", n=len(hist)))
    uu.history_table(hist)
    if user:
        uu.revert_picker(hist, user)

um.status_file_section(user, lang)  # task statuses (定性任务): same login, same checks as the dialog
