"""The meeting page's commitments section: pick or add a meeting, its commitments (and every open one) with
status and the overdue flag, a form to add a commitment, progress per commitment, a file of reports, and a
CSV of the same frame (``meetings.commitments.commitment_status``, which the CLI and the briefing pack use).

Writing needs the Upload page's sign-in (``ui.signin.current_user``; the login box is shown here too); the
rules and the refusals are the domain's (``ipdash.meetings``). A report's stale check compares with the
latest report seen when the form was drawn, so a report made meanwhile by someone else is not overwritten.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ipdash import ui
from ipdash.accounts import auth
from ipdash.frames import milestones as mframes
from ipdash.frames import sources
from ipdash.ingest import commitment_file
from ipdash.meetings import commitment_reports as progress
from ipdash.meetings import commitments as cm
from ipdash.store import read
from ipdash.store.backend import LockTimeout
from ipdash.ui import signin as uu
from ipdash.ui import upload as upload_ui

SEEN_KEY = "_cmt_seen"  # commitment → its latest report id when the report form was drawn
FLASH_KEY = "_cmt_flash"
TABLE_COLUMNS = ["commitment_id", "text", "department", "due", "serves", "status_text", "overdue_text", "last_note"]


def _flash() -> None:
    msg = st.session_state.pop(FLASH_KEY, None)
    if msg:
        st.success(msg, icon=":material/check_circle:")


def _refused(exc: Exception) -> None:
    st.error(progress.error_text(exc, ui.lang()), icon=":material/block:")


def display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its words: status (icon and word), the overdue flag, what it serves."""
    out = frame.copy()
    out["status_text"] = [mframes.status_text(s, lang) for s in out["status"]]
    out["overdue_text"] = [mframes.overdue_text(lang) if o else "" for o in out["overdue"]]
    out["serves"] = [t or m for t, m in zip(out["target_id"], out["milestone_id"])]
    return out


def _table(frame: pd.DataFrame, key: str) -> None:
    lang = ui.lang()
    if frame.empty:
        st.caption(ui.t("cmt.ui.none"))
        return
    st.dataframe(
        display(frame, lang)[TABLE_COLUMNS],
        hide_index=True,
        key=key,
        column_config={c: st.column_config.TextColumn(ui.t(f"cmt.col.{c}")) for c in TABLE_COLUMNS},
    )


def _meeting_label(meetings: pd.DataFrame) -> dict[str, str]:
    return {d: f"{d} {t}".strip() for d, t in zip(meetings["meeting_date"], meetings["title"])}


def _add_meeting(user: auth.User) -> None:
    with st.form("cmt_meeting_form", clear_on_submit=True, border=True):
        st.markdown(ui.t("cmt.ui.add_meeting"))
        with st.container(horizontal=True, vertical_alignment="bottom"):
            day = st.date_input(ui.t("cmt.ui.meeting_date"), value=cm.today(), key="cmt_m_date", width=180)
            title = st.text_input(ui.t("cmt.ui.meeting_title"), key="cmt_m_title", width=360)
            go = st.form_submit_button(ui.t("cmt.ui.add_meeting_submit"), icon=":material/event:")
    if go:
        try:
            m = cm.add_meeting(day, title, user, source="ui")
        except (cm.CommitmentError, LockTimeout) as exc:
            _refused(exc)
            return
        st.session_state["cmt_meeting"] = m.meeting_date
        st.session_state[FLASH_KEY] = ui.t("cmt.ui.meeting_added", day=m.meeting_date)
        st.rerun()


def _add_commitment(meeting_date: str, user: auth.User) -> None:
    lang = ui.lang()
    targets = read.table("targets")["target_id"].tolist()
    tasks = read.table("milestones")["milestone_id"].tolist()
    area_names = sources.area_names(lang)
    with st.form("cmt_add_form", clear_on_submit=True, border=True):
        st.markdown(ui.t("cmt.ui.add_commitment", day=meeting_date))
        text = st.text_area(ui.t("cmt.col.text"), key="cmt_text", height=80)
        with st.container(horizontal=True, vertical_alignment="bottom"):
            dept = st.selectbox(ui.t("cmt.col.department"), cm.departments(), key="cmt_dept", width=200)
            due = st.date_input(ui.t("cmt.col.due"), value=date.fromisoformat(meeting_date), key="cmt_due", width=180)
            none = ui.t("cmt.ui.serves_none")
            target = st.selectbox(
                ui.t("cmt.ui.target"), targets, index=None, placeholder=none, key="cmt_target", width=200
            )
            task = st.selectbox(ui.t("cmt.ui.task"), tasks, index=None, placeholder=none, key="cmt_task", width=200)
        st.caption(ui.t("cmt.ui.add_rule", areas=uu.area_label(user, area_names)))
        go = st.form_submit_button(ui.t("cmt.ui.add_submit"), icon=":material/add_task:")
    if go:
        try:
            c = cm.add_commitment(
                meeting_date, dept or "", due, text, user, target_id=target or "", milestone_id=task or "", source="ui"
            )
        except (cm.CommitmentError, LockTimeout) as exc:
            _refused(exc)
            return
        st.session_state[FLASH_KEY] = ui.t("cmt.ui.added", id=c.commitment_id)
        st.rerun()


def _report_one(frame: pd.DataFrame, user: auth.User) -> None:
    lang = ui.lang()
    mine = [r for r in frame.to_dict("records") if cm.may_report(user, r)]
    if not mine:
        st.caption(ui.t("cmt.ui.nothing_to_report"))
        return
    last = cm.latest()
    seen = st.session_state.setdefault(SEEN_KEY, {})
    texts = {r["commitment_id"]: f"{r['commitment_id']} · {r['text'][:40]}" for r in mine}
    with st.form("cmt_report_form", clear_on_submit=True, border=True):
        st.markdown(ui.t("cmt.ui.report"))
        with st.container(horizontal=True, vertical_alignment="bottom"):
            cid = st.selectbox(
                ui.t("cmt.col.commitment_id"), list(texts), format_func=lambda c: texts[c], key="cmt_r_id"
            )
            status = st.selectbox(
                ui.t("cmt.col.status_text"),
                list(cm.STATUSES),
                format_func=lambda s: mframes.status_label(s, lang),
                key="cmt_r_status",
                width=160,
            )
        note = st.text_area(ui.t("cmt.ui.note"), key="cmt_r_note", height=68)
        go = st.form_submit_button(ui.t("cmt.ui.report_submit"), icon=":material/send:")
    if go and cid:
        v = progress.check_one(cid, status, note, user, lang)
        v.expected = {cid: seen.get(cid, v.expected.get(cid, ""))}
        if not v.ok:
            _problems(v.problems)
            return
        try:
            progress.commit(v, user, source="ui")
        except (cm.CommitmentError, LockTimeout) as exc:
            _refused(exc)
            return
        seen.pop(cid, None)
        st.session_state[FLASH_KEY] = ui.t("cmt.ui.reported", id=cid)
        st.rerun()
    for r in mine:  # what the form was drawn on: the stale check's reference
        seen[r["commitment_id"]] = (
            str(last.at[r["commitment_id"], "report_id"]) if r["commitment_id"] in last.index else ""
        )


def _problems(problems) -> None:
    lang = ui.lang()
    st.error(ui.t("cmt.ui.rejected", n=len(problems)), icon=":material/error:")
    rows = [
        {
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "expected": p.expected_en if lang == "en" else p.expected_zh,
        }
        for p in problems
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["row", "column", "value", "expected"]),
        hide_index=True,
        key="cmt_problems",
        column_config={
            "row": st.column_config.NumberColumn(ui.t("upload.col.row"), width=60),
            "column": st.column_config.TextColumn(ui.t("upload.col.column"), width=110),
            "value": st.column_config.TextColumn(ui.t("upload.col.value"), width=160),
            "expected": st.column_config.TextColumn(ui.t("upload.col.expected"), width=700),
        },
    )


def _report_file(user: auth.User) -> None:
    up = upload_ui.file_widget(
        "cmt_file_box", ui.t("cmt.ui.file"), type=["csv", "xlsx"], key="cmt_file", help=ui.t("cmt.ui.file_help")
    )
    if up is None:
        return
    data = up.getvalue()
    table = commitment_file.read_report_file(data, up.name)
    if table.problems:
        _problems(table.problems)
        return
    v = progress.check(table.df, table.headers, user)
    if not v.ok:
        _problems(v.problems)
        return
    st.caption(ui.t("cmt.ui.file_ok", n=len(v.rows), new=len(v.new_rows)))
    if st.button(ui.t("cmt.ui.file_submit"), key="cmt_file_go", icon=":material/upload:", disabled=v.new_rows.empty):
        try:
            progress.commit(v, user, source="file", file_name=up.name)
        except (cm.CommitmentError, LockTimeout) as exc:
            _refused(exc)
            return
        st.session_state[FLASH_KEY] = ui.t("cmt.ui.file_done", n=len(v.new_rows))
        st.session_state.pop("cmt_file", None)
        st.rerun()


def section() -> None:
    """The commitments section of the meeting page (not in the presenter view)."""
    with st.container(key="cmt_section"):
        _section()


def _section() -> None:
    lang = ui.lang()
    st.subheader(ui.t("cmt.ui.title"), anchor="commitments")
    _flash()
    user = uu.current_user()
    meetings = cm.meetings()
    labels = _meeting_label(meetings)
    frame = cm.commitment_status()
    picked: str | None = None
    if labels:
        dates = list(labels)[::-1]  # newest first
        if st.session_state.get("cmt_meeting") not in dates:
            st.session_state["cmt_meeting"] = dates[0]
        picked = st.selectbox(ui.t("cmt.ui.pick"), dates, format_func=lambda d: labels[d], key="cmt_meeting", width=360)
        _table(frame[frame["meeting_date"] == picked], "cmt_table")
    else:
        st.caption(ui.t("cmt.ui.no_meetings"))
    open_ = cm.open_only(frame)
    if st.toggle(ui.t("cmt.ui.all_open", n=len(open_)), key="cmt_all_open"):
        _table(open_, "cmt_open_table")
    st.download_button(
        ui.t("cmt.ui.csv"),
        ui.to_csv_bytes(frame),
        file_name=f"commitments-{cm.today():%Y%m%d}.csv",
        mime="text/csv",
        key="cmt_csv",
        icon=":material/download:",
    )
    if user is None:
        uu.login_box(sources.area_names(lang))
        return
    _add_meeting(user)
    if picked:
        _add_commitment(picked, user)
    _report_one(frame, user)
    _report_file(user)
