"""AppTest of the 数据上传 / Upload page: runs clean, login works, upload → preview → commit → revert."""

from __future__ import annotations

import pytest

from ipdash.store import read, write
from tests.apptest import open_page
from tests.corpus import helpers

pytestmark = pytest.mark.slow


def _frame(at, column: str):
    """The table that has ``column`` (AppTest does not expose dataframe keys)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _login(at, name="wang", password=helpers.PASSWORD):
    at.text_input(key="upl_name").set_value(name)
    at.text_input(key="upl_pw").set_value(password)
    at.form_submit_button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_runs_without_login_and_offers_templates(fresh_data):
    at = open_page("app_pages/upload.py")
    assert not at.file_uploader  # uploading needs a login
    assert len(at.get("download_button")) == 2
    assert at.text_input(key="upl_name") is not None


def test_wrong_password_then_login_then_logout(fresh_data):
    helpers.add_user()
    at = open_page("app_pages/upload.py")
    _login(at, password="not the password")
    assert at.error and "用户名或密码错误" in at.error[0].value
    assert not at.file_uploader
    _login(at)
    assert any("已登录：wang" in t.value for t in at.text)
    assert len(at.file_uploader) == 1
    at.button(key="upl_logout").click().run()
    assert not at.file_uploader


def test_upload_preview_commit_revert_in_english(fresh_data):
    helpers.add_user()
    at = open_page("app_pages/upload.py", lang="English")
    _login(at)
    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 77], ["杨浦", "PCT", 2016, 78]])
    at.file_uploader[0].upload("浦东 数据.csv", data).run()
    assert not at.exception, [e.value for e in at.exception]
    preview = _frame(at, "new_value")
    assert preview["status"].tolist() == ["new", "new"] and preview["new_value"].tolist() == [77, 78]
    version = read.data_version()
    at.button(key="upl_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert read.data_version() != version
    assert at.success and "Committed batch" in at.success[0].value
    log = write.read_batches()
    assert log["file_name"].tolist() == ["浦东 数据.csv"] and log["user"].tolist() == ["wang"]
    assert _frame(at, "batch_id")["batch_id"].tolist() == log["batch_id"].tolist()
    assert not at.file_uploader[0].value  # a fresh uploader after the commit
    at.button(key="upl_revert").click().run()
    at.button(key="upl_revert_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert write.read_batches()["status"].tolist() == ["reverted"]


def test_rejected_upload_shows_row_column_value_expected(fresh_data):
    helpers.add_user()
    at = open_page("app_pages/upload.py")
    _login(at)
    before = helpers.snapshot(fresh_data)
    at.file_uploader[0].upload("bad.csv", helpers.corpus_bytes("07_bad_rows.csv")).run()
    assert not at.exception
    report = _frame(at, "expected")
    assert report.iloc[0][["row", "column", "value"]].tolist() == [2, "地区", "火星区"]
    assert "目录中的地区" in report.iloc[0]["expected"]
    assert "upl_commit" not in [b.key for b in at.button]
    assert helpers.snapshot(fresh_data) == before


def test_stale_preview_is_refused_on_the_page(fresh_data):
    """A previews; B commits the same key; A's click must not overwrite B (no lost update)."""
    from ipdash.ingest import commit, validate

    helpers.add_user()
    b_user = helpers.add_user("li", ("pudong",))
    at = open_page("app_pages/upload.py")
    _login(at)
    at.file_uploader[0].upload(
        "a.csv", helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 10]])
    )
    at.run()
    assert _frame(at, "new_value")["new_value"].tolist() == [10]
    b = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 20]])
    commit.commit(validate.validate(b, "b.csv"), b, b_user)  # between A's preview and A's click
    before = helpers.snapshot(fresh_data)
    at.button(key="upl_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "数据已被他人更新，请重新预览" in at.error[0].value
    assert helpers.snapshot(fresh_data) == before
    assert _frame(at, "new_value")["old_value"].tolist() == [20]  # the new preview shows B's value
    at.button(key="upl_commit").click().run()  # committing the fresh preview works
    assert at.success and write.read_batches()["user"].tolist() == ["li", "wang"]


def test_sheet_names_and_cells_are_never_rendered_as_markdown(fresh_data):
    from tests.corpus.make_office import excel

    evil = "![x](http://127.0.0.1:9/x.png) **bold**"

    def rename(name, content):
        if name == "xl/workbook.xml":
            return content.replace(b'name="S"', f'name="{evil}"'.encode())
        return content

    data = excel({"S": [["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 10]], "T": [["x"]]}, edit=rename)
    helpers.add_user()
    at = open_page("app_pages/upload.py")
    _login(at)
    at.file_uploader[0].upload("evil.xlsx", data).run()
    assert not at.exception, [e.value for e in at.exception]
    markdown = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error)]
    assert not any("![x]" in m or "**bold**" in m for m in markdown), markdown
    assert any(evil in t.value for t in at.text)  # shown, literally, as plain text


def test_read_skipped_refused_counts_and_the_size_limit_on_the_page(fresh_data):
    from ipdash.sheets import limits

    helpers.add_user()
    at = open_page("app_pages/upload.py", lang="English")
    _login(at)
    assert at.file_uploader[0].proto.max_upload_size_mb == limits.MAX_MB
    at.file_uploader[0].upload("t.csv", helpers.corpus_bytes("31_total_rows.csv")).run()
    texts = [t.value for t in at.text]
    assert any("Read 2 rows, 2 values" in t and "2 total/subtotal rows" in t for t in texts), texts
    at.file_uploader[0].upload("bad.csv", helpers.corpus_bytes("07_bad_rows.csv")).run()
    assert any("rows with problems: 10" in t.value for t in at.text)


def test_sheet_choice_on_the_page(fresh_data):
    helpers.add_user("admin", ("*",))
    at = open_page("app_pages/upload.py")
    _login(at, "admin")
    at.file_uploader[0].upload("s.xlsx", helpers.corpus_bytes("24_sheet_per_district.xlsx")).run()
    assert len(_frame(at, "new_value")) == 4
    pick = next(s for s in at.selectbox if "杨浦区" in s.options)
    pick.set_value("杨浦区").run()
    assert not at.exception
    assert set(_frame(at, "new_value")["area"]) == {"杨浦区"}
