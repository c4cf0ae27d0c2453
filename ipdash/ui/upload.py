"""Streamlit pieces of the 数据上传 / Upload page (reports, preview, commit, history, revert).

Uploaded content (file names, sheet names, cells, user names) is only ever shown through
``st.dataframe``, ``st.text`` or markdown-escaped text — never as markdown or HTML.

A commit carries the data version its preview was made on: the commit button's callback gets
that version as an argument bound when the preview was drawn (not re-read in the click's
rerun), so a preview made before someone else's commit is refused ("数据已被他人更新，请重新预览").
Sign-in (local accounts or the organisation's OIDC provider) is ``ui.signin``.
"""

from __future__ import annotations

import re
import sys
import traceback

import pandas as pd
import streamlit as st

from ipdash import i18n, ui
from ipdash.accounts import auth
from ipdash.ingest import commit, templates, vcache
from ipdash.ingest.report import summary
from ipdash.ingest.validate import Validation, problems_frame
from ipdash.sheets import limits
from ipdash.store import write
from ipdash.ui.signin import current_user
from ipdash.ui.tables import deferred_download

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text) -> str:
    """Escape markdown so user-supplied text shows literally inside st.success/st.info."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def template_downloads(user: auth.User | None) -> None:
    areas = None if user is None or not user.may_edit or user.is_admin or "*" in user.areas else list(user.areas)
    st.caption(ui.t("upload.templates_caption", year=templates.report_year()))
    with st.container(horizontal=True):
        # made on click (deferred): for every county-level area the workbook takes seconds
        name = ui.t("upload.template_name")
        deferred_download(
            ui.t("upload.template_csv"),
            lambda: templates.csv_bytes(None, areas),
            f"{name}.csv",
            "text/csv",
            "upl_tpl_csv",
        )
        deferred_download(
            ui.t("upload.template_xlsx"),
            lambda: templates.xlsx_bytes(None, areas),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "upl_tpl_xlsx",
        )


def _config(cols: list[str], rename: dict[str, str] | None = None) -> dict:
    rename = rename or {}
    return {c: st.column_config.Column(ui.t(f"upload.col.{rename.get(c, c)}")) for c in cols}


def problems_table(items, key: str, label: str = "upload.col.expected") -> None:
    df = problems_frame(items, ui.lang())
    st.dataframe(
        df,
        hide_index=True,
        key=key,
        column_config={
            "sheet": st.column_config.TextColumn(ui.t("upload.col.sheet"), width=110),
            "row": st.column_config.NumberColumn(ui.t("upload.col.row"), width=60),
            "column": st.column_config.TextColumn(ui.t("upload.col.column"), width=110),
            "value": st.column_config.TextColumn(ui.t("upload.col.value"), width=160),
            "expected": st.column_config.TextColumn(ui.t(label), width=900),
        },
    )


def read_summary(v: Validation) -> None:
    """Counts of read / skipped / refused rows and what was not read — plain text (sheet names and
    headers come from the file: never markdown)."""
    raw = v.raw
    if raw.sheets:
        for line in summary(raw, v.refused_rows, ui.lang()):
            st.text(line)
    if raw.problems:
        return
    st.text(
        ui.t(
            "upload.read_summary",
            n=sum(s.values for s in raw.sheets),
            layout=ui.t(f"upload.layout_{raw.layout}"),
            encoding=raw.encoding + (f" · {raw.sheet}" if raw.sheet else ""),
            header=raw.header_row,
            skipped=raw.skipped_blank,
        )
    )
    if raw.ignored_columns:
        st.text(ui.t("upload.ignored", cols=", ".join(raw.ignored_columns)))


def rejected(v: Validation) -> None:
    st.error(ui.t("upload.rejected", n=len(v.errors)), icon=":material/block:")
    problems_table(v.errors, "upl_errors")
    st.download_button(
        ui.t("download.csv"),
        ui.to_csv_bytes(problems_frame(v.errors, ui.lang())),
        file_name="ipdash-upload-problems.csv",
        mime="text/csv",
        key="upl_dl_errors",
        icon=":material/download:",
        on_click="ignore",
    )


def conversions(v: Validation) -> None:
    items = v.conversions(ui.lang())
    if items:
        text = "; ".join(ui.t("ingest.conv_count", text=t, n=n) for t, n in items)
        st.text(ui.t("ingest.conversions", items=text))


def preview_table(diff: pd.DataFrame, names: dict, ind_names: dict) -> None:
    n = commit.counts(diff)
    with st.container(horizontal=True):
        for s in ("new", "changed", "unchanged"):
            st.metric(ui.t(f"upload.n_{s}"), n[s], border=True)

    def prov(p):
        return ui.t(f"badge.{p}") if isinstance(p, str) and i18n.has(f"badge.{p}") else p

    shown = diff.drop(columns=["_row"]).assign(
        status=diff["status"].map(lambda s: ui.t(f"upload.status.{s}")),
        provenance=diff["provenance"].map(prov),
        old_provenance=diff["old_provenance"].map(prov),
        area=diff["area"].map(lambda a: names.get(a, a)),
        indicator=diff["indicator"].map(lambda i: ind_names.get(i, i)),
    )
    cfg = _config(list(shown.columns))
    for c in ("old_value", "new_value"):
        cfg[c] = st.column_config.NumberColumn(ui.t(f"upload.col.{c}"), format="localized")
    cfg["year"] = st.column_config.NumberColumn(ui.t("upload.col.year"), format="%d")
    st.dataframe(shown, hide_index=True, key="upl_preview", column_config=cfg, placeholder="—")


def error_text(exc: Exception) -> str:
    if isinstance(exc, write.LockTimeout):
        return ui.t("upload.err.lock")
    if isinstance(exc, commit.CommitIOError):
        key = "ingest.err.io_committed" if exc.committed else "ingest.err.io_not_committed"
        return ui.t(key, batch=exc.batch_id, error=exc.error)
    if isinstance(exc, OSError):
        return ui.t("ingest.err.io_not_committed", error=exc.strerror or str(exc))
    code = getattr(exc, "code", "")
    if code == "stale":
        return ui.t("ingest.err.stale")
    return ui.t(f"upload.err.{code}") if code and i18n.has(f"upload.err.{code}") else str(exc)


def history_table(hist: pd.DataFrame) -> None:
    def when(c):
        return hist[c].fillna("").str[:19].str.replace("T", " ")

    shown = hist.assign(
        status=hist["status"].map(lambda s: ui.t(f"upload.batch.{s}")),
        sha256=hist["sha256"].str[:12],
        committed_at=when("committed_at"),
        reverted_at=when("reverted_at"),
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="upl_history",
        column_config=_config(list(shown.columns), {"status": "batch_status"}),
    )
    ui.downloads(hist, "ipdash-batches", key="upl_dl_batches")


REVERT_KEY = "_upl_revert_target"


def _close_revert() -> None:
    st.session_state.pop(REVERT_KEY, None)


def _revert_dialog(batch: dict, user: auth.User) -> None:
    st.text(ui.t("upload.revert_text", batch=batch["batch_id"], file=batch["file_name"], n=batch["n_rows"]))
    with st.container(horizontal=True):
        if st.button(ui.t("upload.revert_yes"), type="primary", key="upl_revert_yes", icon=":material/undo:"):
            _close_revert()
            try:
                commit.revert(batch["batch_id"], user)
                st.session_state["_upl_flash"] = ui.t("upload.reverted", batch=batch["batch_id"])
            except (commit.CommitError, write.LockTimeout, OSError) as exc:
                st.session_state["_upl_flash_err"] = error_text(exc)
            st.rerun()
        if st.button(ui.t("upload.cancel"), key="upl_revert_no"):
            _close_revert()
            st.rerun()


def revert_picker(hist: pd.DataFrame, user: auth.User) -> None:
    """Pick an active batch; the confirmation dialog stays open (session state) until answered."""
    active = hist[hist["status"] == "active"]
    if active.empty:
        return
    rows = {r["batch_id"]: r for r in active.to_dict("records")}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        pick = st.selectbox(
            ui.t("upload.revert_pick"),
            list(rows),
            key="upl_revert_pick",
            width=520,
            format_func=lambda b: f"{b} · {rows[b]['file_name']} · {rows[b]['user']}",
        )
        if st.button(ui.t("upload.revert"), key="upl_revert", icon=":material/undo:"):
            st.session_state[REVERT_KEY] = pick
    target = st.session_state.get(REVERT_KEY)
    if target in rows:
        st.dialog(ui.t("upload.revert_title"), on_dismiss=_close_revert)(_revert_dialog)(rows[target], user)


def flash() -> None:
    """Messages carried over a rerun (after commit / revert)."""
    msg = st.session_state.pop("_upl_flash", None)
    if msg:
        st.success(plain(msg), icon=":material/check_circle:")
    err = st.session_state.pop("_upl_flash_err", None)
    if err:
        st.error(plain(err))


MAX_MB = limits.MAX_MB  # the one upload limit: this widget, server.maxUploadSize and ``read`` agree


def _css_text(text: str) -> str:
    """A string for a CSS ``content:`` (our own strings only, never user content)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_css(key: str = "upl_box", mb: int = MAX_MB) -> str:
    """The texts of the file widget inside the container ``key`` ("Drag and drop…", "200MB per file",
    "Upload") in the user's language, with its limit of ``mb``: Streamlit 1.67 has no option for them,
    so its spans are hidden and ours shown instead."""
    drop = ui.t("upload.drop", limit=ui.t("ingest.limit.size", mb=mb))
    box = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    return (
        "<style>"
        f"{box} [data-testid=stFileUploaderDropzoneInstructions] span {{display:none}}"
        f"{box} [data-testid=stFileUploaderDropzoneInstructions] > div::before {{content:{_css_text(drop)};"
        "font-size:.875rem;color:rgba(49,51,63,.7)}"
        f"{box} button [data-testid=stMarkdownContainer] p {{display:none}}"
        f"{box} button [data-testid=stMarkdownContainer]::after {{content:{_css_text(ui.t('upload.browse'))}}}"
        "</style>"
    )


def file_widget(box: str, label: str, *, mb: int = MAX_MB, **kw):
    """``st.file_uploader`` (at most ``mb`` MB) in the container ``box``, its own texts in the user's language."""
    st.html(uploader_css(box, mb))
    with st.container(key=box):
        return st.file_uploader(label, max_upload_size=mb, **kw)


def uploader():
    """The file widget (a fresh one after each commit), with the size limit stated in the user's language."""
    st.session_state.setdefault("upl_n", 0)
    return file_widget(
        "upl_box",
        ui.t("upload.file"),
        type=["csv", "xlsx", "txt", "tsv"],
        key=f"upl_file_{st.session_state.upl_n}",
        help=ui.t("upload.file_help", limit=ui.t("ingest.limit.size", mb=MAX_MB)),
    )


def validated(data: bytes, name: str, user: auth.User) -> Validation | None:
    """The file validated (bounded cache), with a sheet picker for a workbook of several sheets.

    An unexpected error shows one short line (the traceback goes to the server log only)."""
    allowed = "*" if "*" in user.areas else frozenset(user.areas)
    try:
        v = vcache.validated(data, name, allowed_areas=allowed)
        if len([s for s in v.raw.sheet_names if s]) > 1:
            all_label = ui.t("ingest.sheet_all")
            options = [all_label, *v.raw.sheet_names]
            pick = st.selectbox(ui.t("ingest.sheet_pick"), options, key=f"upl_sheet_{st.session_state.upl_n}")
            if pick != all_label:
                v = vcache.validated(data, name, allowed_areas=allowed, sheet=pick)
        return v
    except Exception:
        traceback.print_exc(file=sys.stderr)
        st.error(ui.t("upload.err.internal"))
        return None


def _commit(v: Validation, data: bytes, version: str) -> None:
    """Button callback: commit ``v`` against the data version its preview was drawn on."""
    user = current_user()
    if user is None:
        return
    try:
        entry = commit.commit(
            v, data, user, confirm_warnings=bool(st.session_state.get("upl_confirm")), expected_version=version
        )
    except (commit.CommitError, write.LockTimeout, OSError) as exc:
        st.session_state["_upl_flash_err"] = error_text(exc)
        return
    st.session_state["_upl_flash"] = ui.t(
        "upload.committed", batch=entry["batch_id"], n=entry["n_rows"], new=entry["n_new"], changed=entry["n_changed"]
    )
    st.session_state.upl_n += 1  # a fresh, empty uploader


def taken_confirm(v: Validation, names: dict[str, str]) -> bool:
    """What the title gave the table, or the area proposed from the account: shown for the analyst
    to confirm (plain text: units come from the file). True when there is nothing to confirm or it is confirmed."""
    lines = v.taken_lines(names, ui.lang())
    if not lines:
        return True
    with st.container(border=True, key="upl_taken"):
        for line in lines:
            st.text(line)
        return st.checkbox(ui.t("upload.confirm_taken"), key="upl_confirm_taken")


def commit_button(v: Validation, data: bytes, version: str, *, disabled: bool) -> None:
    st.button(
        ui.t("upload.commit"),
        type="primary",
        key="upl_commit",
        disabled=disabled,
        icon=":material/cloud_upload:",
        on_click=_commit,
        args=(v, data, version),
    )
