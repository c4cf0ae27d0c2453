"""Streamlit pieces of the milestones (定性任务): the table with its filters and a dialog per task
(Targets & sources), the status-file section (Upload); the Overview's counts and 静安区's group are in
``ipdash.ui.overview_view``.

Reporting reuses the Upload page's sign-in (``ui.signin.current_user``; viewers read only). The dialog and the status
file go through the same ``ingest.milestones`` checks and commit. Text people typed (notes, file
names, user names) is shown only through ``st.dataframe`` / ``st.text`` or escaped, never as markup.

Evidence: one size limit, ``sheets.limits.MAX_MB`` (the widget states it and refuses larger files
in the browser; ``ingest.milestones.commit`` refuses them on the server with a message in the
user's language); links of at most ``MAX_LINK`` characters; every evidence file of the task is a
download button under the dialog's history (the bytes are read only when it is clicked).
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from ipdash import catalog, i18n, ui
from ipdash.accounts import auth
from ipdash.frames import milestones as frames
from ipdash.ingest import milestones as reports
from ipdash.ingest import status_file
from ipdash.sheets import limits
from ipdash.status_meta import MILESTONE_STATUSES
from ipdash.store import milestones as history
from ipdash.store import write
from ipdash.strings import milestones as vocab
from ipdash.ui import signin
from ipdash.ui import upload as uu
from ipdash.ui.widgets import md

OPEN = "_ms_open"  # the milestone whose dialog is open
ROWS = "_ms_rows"  # ids of the table's rows as last drawn (for its selection callback)
FLASH = "_ms_flash"
TABLE_COLUMNS = ["milestone_id", "area_name", "title", "lead_text", "due_year", "status_text", "overdue_text"]
HISTORY_COLUMNS = [
    "reported_at",
    "milestone_id",
    "status_text",
    "previous_text",
    "note",
    "evidence",
    "user",
    "department",
]
EVIDENCE_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "doc", "xlsx", "xls", "pptx", "zip", "txt"]
EVIDENCE_MB = limits.MAX_MB  # the one upload limit (server.maxUploadSize lets it through; commit enforces it)
MAX_EVIDENCE_BUTTONS = 20  # the newest evidence files of a task offered for download
BADGE = {"done": "green", "in_progress": "blue", "delayed": "orange", "not_started": "gray"}


def today() -> str:
    return history.today().isoformat()


def column_cfg(columns: list[str], **extra) -> dict:
    cfg = {c: st.column_config.Column(ui.t(f"mst.col.{c}")) for c in columns if i18n.has(f"mst.col.{c}")}
    cfg.update(extra)
    return cfg


def _when(s: pd.Series) -> pd.Series:
    return s.fillna("").str[:19].str.replace("T", " ")


def flash() -> None:
    msg = st.session_state.pop(FLASH, None)
    if msg:
        st.success(md(msg), icon=":material/check_circle:")


# ------------------------------------------------------------------ Targets & sources: table + dialog
def _open(mid: str) -> None:
    st.session_state[OPEN] = mid
    st.session_state[f"_ms_seen_{mid}"] = reports.latest_report_id(mid)  # what the dialog shows


def _close() -> None:
    st.session_state.pop(OPEN, None)


def _on_select() -> None:
    rows = st.session_state.get("milestones_table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get(ROWS, [])
    if rows and rows[0] < len(ids):
        _open(ids[rows[0]])


def milestones_section(lang: str, areas: list[str], themes: list[str]) -> None:
    """The milestone table with its filters (area and theme from the page, plus department,
    status, overdue), its downloads, a picker, the dialog of the chosen task and the history."""
    st.subheader(ui.t("mst.heading"))
    flash()
    with st.container(horizontal=True, vertical_alignment="bottom"):
        depts = st.multiselect(
            ui.t("mst.filter.department"),
            frames.departments(areas or None),
            format_func=frames.department_label(lang),
            **ui.bind("t_ms_dept", frames.departments(areas or None), multi=True, placeholder=ui.t("ov.all")),
        )
        statuses = st.multiselect(
            ui.t("mst.filter.status"),
            list(MILESTONE_STATUSES),
            **ui.bind("t_ms_status", MILESTONE_STATUSES, multi=True, placeholder=ui.t("ov.all")),
            format_func=lambda s: frames.status_text(s, lang),
        )
        overdue = st.toggle(ui.t("mst.filter.overdue"), **ui.bind("t_ms_overdue", default=False))
    ms = frames.milestone_table(
        lang, areas=areas, themes=themes, departments=depts, statuses=statuses, overdue=overdue, on=today()
    )
    st.caption(ui.t("mst.caption", n=len(ms)))
    st.session_state[ROWS] = list(ms["milestone_id"])
    st.dataframe(
        ms[TABLE_COLUMNS],
        hide_index=True,
        key="milestones_table",
        on_select=_on_select,
        selection_mode="single-row",
        column_config=column_cfg(
            TABLE_COLUMNS, due_year=st.column_config.NumberColumn(ui.t("mst.col.due_year"), format="%d")
        ),
    )
    ui.downloads(ms, "ipdash-milestones", key="dl_milestones")
    if len(ms):
        titles = dict(zip(ms["milestone_id"], ms["title"]))
        with st.container(horizontal=True, vertical_alignment="bottom"):
            pick = st.selectbox(
                ui.t("mst.pick"), list(titles), key="ms_pick", width=520, format_func=lambda m: f"{m} · {titles[m]}"
            )
            st.button(ui.t("mst.open"), key="ms_open", icon=":material/edit_note:", on_click=_open, args=(pick,))
    mid = st.session_state.get(OPEN)
    every = frames.status_frame(lang, today()).set_index("milestone_id")
    if isinstance(mid, str) and mid in every.index:
        row = every.loc[mid]
        st.dialog(md(f"{mid} · {row['title']}"), width="large", on_dismiss=_close)(_dialog)(mid, lang)
    with st.expander(ui.t("mst.history_all"), icon=":material/history:"):
        h = frames.history_frame(lang)
        st.caption(ui.t("mst.history_caption", n=len(h)))
        st.dataframe(
            h.assign(reported_at=_when(h["reported_at"]))[HISTORY_COLUMNS],
            hide_index=True,
            key="ms_history_all",
            column_config=column_cfg(HISTORY_COLUMNS),
        )
        ui.downloads(h, "ipdash-milestone-reports", key="dl_ms_history")


def status_badges(row: dict | pd.Series, lang: str) -> None:
    """Status (colour, icon and word) and, when overdue, the overdue flag."""
    with st.container(horizontal=True, gap="small"):
        st.badge(row["status_text"], color=BADGE.get(row["status"], "gray"))  # type: ignore[arg-type]
        if row["overdue"]:
            st.badge(frames.overdue_text(lang), color="red")


def _dialog(mid: str, lang: str) -> None:
    row = frames.status_frame(lang, today()).set_index("milestone_id").loc[mid]
    st.markdown(f"**{md(ui.t('mst.dlg.clause'))}** {md(ui.t('mst.dlg.quoted', clause=row['clause']))}")
    st.caption(
        md(
            ui.t(
                "mst.dlg.facts", doc=row["doc_number"], task=row["task_no"], lead=row["lead_text"], due=row["due_year"]
            )
        )
    )
    st.markdown(f"**{md(ui.t('mst.dlg.current'))}**")
    status_badges(row, lang)
    if row["reported_at"]:
        st.caption(md(ui.t("mst.dlg.last", at=_when(pd.Series([row["reported_at"]]))[0], user=row["reported_by"])))
        if row["status_note"]:
            st.text(row["status_note"])  # as typed, never markup
    st.markdown(f"**{md(ui.t('mst.dlg.history'))}**")
    h = frames.history_frame(lang, mid)
    if h.empty:
        st.caption(ui.t("mst.dlg.no_history"))
    else:
        cols = [c for c in HISTORY_COLUMNS if c != "milestone_id"]
        st.dataframe(
            h.assign(reported_at=_when(h["reported_at"]))[cols],
            hide_index=True,
            key="ms_dlg_history",
            column_config=column_cfg(cols),
        )
        _evidence_downloads(mid, h)
    st.markdown(f"**{md(ui.t('mst.dlg.report'))}**")
    user = signin.current_user()
    if user is None:
        st.info(ui.t("mst.dlg.login"), icon=":material/lock:")
        st.page_link("app_pages/upload.py", label=ui.t("nav.upload"), icon=":material/upload:")
        return
    if not auth.may_report(user, row.to_dict() | {"milestone_id": mid}):
        st.warning(md(ui.t("mst.dlg.not_allowed", user=user.name, scope=reports.scope_text(user, lang))))
        return
    _report_form(mid, row, user, lang)


def _evidence_downloads(mid: str, h: pd.DataFrame) -> None:
    """A download button per evidence file of the task's reports (newest first)."""
    files = h[h["evidence_file"].fillna("") != ""].head(MAX_EVIDENCE_BUTTONS)
    for r in files.to_dict("records"):
        name, stored = reports.evidence_name(r["evidence_file"]), r["evidence_file"]
        if not reports.evidence_stored(mid, stored):
            st.caption(md(ui.t("mst.dlg.evidence_gone", name=name)))
            continue
        st.download_button(
            md(ui.t("mst.dlg.evidence_download", name=name, at=_when(pd.Series([r["reported_at"]]))[0])),
            partial(lambda s: reports.evidence_file(mid, s) or b"", stored),
            file_name=name,
            mime="application/octet-stream",
            key=f"ms_ev_{r['report_id']}",
            icon=":material/attach_file:",
            on_click="ignore",
        )


def _report_form(mid: str, row: pd.Series, user: auth.User, lang: str) -> None:
    options = list(catalog.REPORT_STATUSES)
    with st.form(f"ms_form_{mid}", border=False):
        status = st.selectbox(
            ui.t("mst.dlg.status"),
            options,
            index=options.index(row["status"]) if row["status"] in options else 0,
            key="ms_dlg_status",
            format_func=lambda s: frames.status_text(s, lang),
        )
        note = st.text_area(
            ui.t("mst.dlg.note"), key="ms_dlg_note", help=ui.t("mst.dlg.note_help"), max_chars=reports.MAX_NOTE
        )
        link = st.text_input(
            ui.t("mst.dlg.evidence_url"),
            key="ms_dlg_link",
            max_chars=reports.MAX_LINK,
            help=ui.t("mst.dlg.evidence_url_help", n=reports.MAX_LINK),
        )
        file = uu.file_widget(
            "ms_dlg_box",
            ui.t("mst.dlg.evidence_file"),
            mb=EVIDENCE_MB,
            type=EVIDENCE_TYPES,
            key="ms_dlg_file",
            help=ui.t("mst.dlg.evidence_file_help", mb=EVIDENCE_MB, types=", ".join(EVIDENCE_TYPES)),
        )
        submitted = st.form_submit_button(ui.t("mst.dlg.submit"), type="primary", icon=":material/send:")
    if not submitted:
        return
    v = reports.validate_one(mid, status, note or "", (link or "").strip(), user, lang)
    v.expected = {mid: st.session_state.get(f"_ms_seen_{mid}", v.expected.get(mid, ""))}
    if not v.ok:
        uu.problems_table(v.errors, "ms_dlg_errors")
        return
    try:
        reports.commit(v, user, source="dialog", evidence=(file.name, file.getvalue()) if file is not None else None)
    except (reports.ReportError, write.LockTimeout) as exc:
        st.error(md(reports.error_text(exc, lang)))
        return
    st.session_state[FLASH] = ui.t("mst.dlg.saved", id=mid, status=frames.status_label(status, lang))
    _close()
    st.rerun()


# ------------------------------------------------------------------ Upload: the status file
def _template(kind: str, mine: pd.DataFrame, lang: str) -> bytes:
    frame = status_file.template_frame(mine, lang)
    return status_file.csv_bytes(frame) if kind == "csv" else status_file.xlsx_bytes(frame)


def status_file_section(user: auth.User | None, lang: str) -> None:
    """An expander (drawn only when opened): template, upload, problems or preview, commit —
    the same path as ``python -m ipdash milestones report``."""
    flash()
    box = st.expander(ui.t("mst.file.heading"), key="ms_file_box", on_change="rerun", icon=":material/task_alt:")
    if box.open:
        with box:
            _status_file(user, lang)


def _status_file(user: auth.User | None, lang: str) -> None:
    st.caption(ui.t("mst.file.caption"))
    if user is None or not user.may_edit:
        st.caption(ui.t("mst.file.login" if user is None else "signin.viewer_note"))
        return
    mine = frames.status_frame(lang, today())
    mine = mine[mine["milestone_id"].isin(reports.reportable(user))]
    name = vocab.TEMPLATE_FILE["en" if lang == "en" else "zh"]
    with st.container(horizontal=True):
        for kind, mime in (
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            st.download_button(
                ui.t(f"mst.file.template_{kind}"),
                partial(_template, kind, mine, lang),
                file_name=f"{name}.{kind}",
                mime=mime,
                key=f"ms_tpl_{kind}",
                icon=":material/download:",
                on_click="ignore",
            )
    st.session_state.setdefault("ms_file_n", 0)
    file = uu.file_widget(
        "ms_file_drop",
        ui.t("mst.file.upload"),
        type=["csv", "xlsx", "txt"],
        key=f"ms_file_{st.session_state.ms_file_n}",
    )
    if file is None:
        return
    data = file.getvalue()
    v = reports.validate_file(data, file.name, user)
    if v.table.df is not None and not v.table.problems:
        st.caption(
            ui.t(
                "mst.file.read",
                n=len(v.table.df),
                encoding=v.table.encoding,
                header=v.table.header_row,
                skipped=v.table.skipped,
            )
        )
    if not v.ok:
        st.error(ui.t("mst.file.rejected", n=len(v.errors)), icon=":material/block:")
        uu.problems_table(v.errors, "ms_file_errors")
        return
    seen = st.session_state.setdefault(f"_ms_file_seen_{v.sha256}", v.expected)  # as previewed first
    v.expected = seen
    st.markdown(f"**{md(ui.t('mst.file.preview'))}**")
    titles = dict(zip(mine["milestone_id"], mine["title"]))
    shown = v.rows.assign(
        title=v.rows["milestone_id"].map(titles),
        previous_text=v.rows["previous_status"].map(lambda s: frames.status_text(s, lang)),
        status_text=v.rows["status"].map(lambda s: frames.status_text(s, lang)),
        change=v.rows["change"].map(lambda c: ui.t(f"mst.change.{c}")),
    )
    cols = ["milestone_id", "title", "previous_text", "status_text", "note", "evidence_url", "change"]
    st.dataframe(
        shown[cols],
        hide_index=True,
        key="ms_file_preview",
        column_config=column_cfg(cols, evidence_url=st.column_config.Column(ui.t("mst.col.evidence"))),
    )
    n_same = int((v.rows["change"] == "unchanged").sum())
    if n_same:
        st.caption(ui.t("mst.file.unchanged", n=n_same))
    if v.new_rows.empty:
        st.info(ui.t("mst.file.nothing"), icon=":material/info:")
        return
    if st.button(ui.t("mst.file.commit"), type="primary", key="ms_file_commit", icon=":material/cloud_upload:"):
        try:
            out = reports.commit(v, user, source="file", data=data)
            st.session_state[FLASH] = ui.t("mst.file.committed", n=len(out))
            st.session_state.ms_file_n += 1
        except (reports.ReportError, write.LockTimeout) as exc:
            st.session_state.pop(f"_ms_file_seen_{v.sha256}", None)  # show the fresh preview
            st.error(md(reports.error_text(exc, lang)))
            return
        st.rerun()
