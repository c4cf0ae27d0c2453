"""Milestone evidence (issue 23): one size limit stated in the dialog's widget and enforced on the
server with a message in the user's language (never a report saved without its file); evidence
links bounded in length; evidence files downloadable from the task's dialog."""

from __future__ import annotations

import tomllib

import pytest

from ipdash import i18n, paths
from ipdash.accounts import auth
from ipdash.ingest import milestones as reports
from ipdash.sheets import limits
from ipdash.store import milestones as history
from ipdash.ui import milestones as ui_ms
from tests.apptest import open_page
from tests.corpus import helpers

MID = "M-PD24-08"
SUBMIT = "FormSubmitter:ms_form_{mid}-提交报告"


@pytest.fixture
def li(fresh_data):
    return auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])


def _archived() -> list[str]:
    d = paths.evidence_dir()
    return sorted(p.name for p in d.iterdir()) if d.is_dir() else []


def _open_dialog(at, mid: str = MID):
    at.session_state["upload_user"] = "li"
    at.run()
    at.selectbox(key="ms_pick").set_value(mid).run()
    at.button(key="ms_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_one_evidence_limit_the_widget_the_server_and_the_commit_share():
    assert ui_ms.EVIDENCE_MB == limits.MAX_MB == reports.EVIDENCE_MAX_MB
    assert reports.EVIDENCE_MAX_BYTES == limits.MAX_BYTES
    config = tomllib.loads((paths.REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # Streamlit's server counts 1 048 576 bytes a MB: a file the commit accepts is never cut off first
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= limits.MAX_BYTES
    for lang in i18n.LANGS:
        assert f"{limits.MAX_MB} MB" in i18n.t("mst.dlg.evidence_file_help", lang, mb=ui_ms.EVIDENCE_MB, types="pdf")


def test_the_dialog_states_the_limit_and_bounds_the_link(li):
    at = _open_dialog(open_page("app_pages/targets.py"))
    (up,) = [u for u in at.get("file_uploader") if "ms_dlg_file" in u.proto.id]
    assert up.proto.max_upload_size_mb == limits.MAX_MB
    assert f"{limits.MAX_MB} MB" in up.proto.help
    link = at.text_input(key="ms_dlg_link")
    assert link.proto.max_chars == reports.MAX_LINK and str(reports.MAX_LINK) in link.proto.help


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_commit_refuses_a_too_large_evidence_file_and_writes_nothing(li, lang):
    v = reports.validate_one(MID, "in_progress", "方案起草中", "", li, lang)
    big = b"%PDF" + b"x" * (limits.MAX_BYTES - 3)
    with pytest.raises(reports.ReportError) as exc:
        reports.commit(v, li, source="dialog", evidence=("方案.pdf", big))
    assert exc.value.code == "evidence_too_large"
    text = reports.error_text(exc.value, lang)
    assert f"{limits.MAX_MB} MB" in text and "方案.pdf" in text and "5.1 MB" in text
    assert ("报告未保存" in text) if lang == "zh" else ("not saved" in text)
    assert history.reports().empty and _archived() == []  # neither the report nor its file
    out = reports.commit(v, li, source="dialog", evidence=("方案.pdf", big[:-1]))  # exactly the limit: fine
    assert len(out) == 1 and len(_archived()) == 1


def test_the_dialog_refuses_a_too_large_file_in_the_users_language(li):
    at = _open_dialog(open_page("app_pages/targets.py", lang="English"))
    at.selectbox(key="ms_dlg_status").set_value("in_progress")
    at.text_area(key="ms_dlg_note").input("draft plan")
    uploaders = [u for u in at.get("file_uploader") if "ms_dlg_file" in u.proto.id]
    uploaders[0].upload("plan.pdf", b"%PDF" + b"x" * limits.MAX_BYTES, "application/pdf")
    at.button(key=SUBMIT.format(mid=MID).replace("提交报告", "Submit report")).click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # markdown escapes
    assert any("plan.pdf" in e and f"{limits.MAX_MB} MB limit" in e and "not saved" in e for e in errors), errors
    assert history.reports().empty and _archived() == []


def test_an_evidence_link_longer_than_the_limit_is_refused(li, fresh_data):
    ok = "https://example.org/" + "a" * (reports.MAX_LINK - len("https://example.org/"))
    assert reports.validate_one(MID, "done", "", ok, li).ok
    v = reports.validate_one(MID, "done", "", ok + "a", li, "en")
    assert [(p.code, p.column) for p in v.errors] == [("evidence_length", "Evidence link (optional)")]
    assert f"at most {reports.MAX_LINK} characters" in v.errors[0].expected_en
    assert f"不超过 {reports.MAX_LINK} 个字符" in v.errors[0].expected_zh
    huge = "https://example.org/" + "x" * 900_000  # the attack: four of these made a page 3.66 MB
    data = f"任务编号,状态,进展说明,佐证链接\n{MID},推进中,x,{huge}\n".encode()
    f = reports.validate_file(data, "s.csv", li)
    assert [p.code for p in f.errors] == ["evidence_length"]
    assert len(f.errors[0].value) <= reports.MAX_VALUE_SHOWN + 1  # the problem does not quote 900 KB back
    with pytest.raises(reports.ReportError):
        reports.commit(f, li, source="file", data=data)
    assert history.reports().empty


def test_evidence_files_are_downloadable_from_the_tasks_dialog(li):
    reports.commit(
        reports.validate_one(MID, "in_progress", "", "", li),
        li,
        source="dialog",
        evidence=("验收报告.pdf", b"%PDF-1 a"),
    )
    stored = history.reports()["evidence_file"].iloc[0]
    assert stored.endswith("__evidence__验收报告.pdf")
    assert reports.evidence_file(MID, stored) == b"%PDF-1 a"
    assert reports.evidence_file("M-PD24-01", stored) is None  # only through a report of that very task
    assert reports.evidence_file(MID, "../" + stored) is None and reports.evidence_file(MID, "") is None

    at = _open_dialog(open_page("app_pages/targets.py"))
    buttons = [b for b in at.get("download_button") if "ms_ev_" in b.proto.id]
    assert len(buttons) == 1 and buttons[0].proto.id.endswith("ms_ev_" + history.reports()["report_id"].iloc[0])
    assert "验收报告.pdf" in buttons[0].proto.label.replace("\\", "")  # markdown escapes
    (paths.evidence_dir() / stored).unlink()  # the archive lost it: said so, no broken button
    at = _open_dialog(open_page("app_pages/targets.py"))
    assert not [b for b in at.get("download_button") if "ms_ev_" in b.proto.id]
    assert any("验收报告.pdf" in c.value.replace("\\", "") and "已不在存档中" in c.value for c in at.caption)


def test_evidence_file_reads_back_on_both_backends(fresh_store):
    zhou = auth.add_user("zhou", helpers.PASSWORD, ["pudong"])
    v = reports.validate_one(MID, "done", "", "", zhou)
    reports.commit(v, zhou, source="dialog", evidence=("验收.pdf", b"%PDF-1 both"))
    stored = history.reports()["evidence_file"].iloc[0]
    assert reports.evidence_stored(MID, stored) and reports.evidence_file(MID, stored) == b"%PDF-1 both"
    assert not reports.evidence_stored("M-PD24-01", stored) and reports.evidence_file("M-PD24-01", stored) is None
    v = reports.validate_one(MID, "in_progress", "", "", zhou)
    with pytest.raises(reports.ReportError, match="bytes"):
        reports.commit(v, zhou, source="dialog", evidence=("big.pdf", b"x" * (limits.MAX_BYTES + 1)))
    assert len(history.reports()) == 1  # the refused report left no row (and no file) behind
