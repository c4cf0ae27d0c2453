"""Real browser (Debian Chromium): login → upload → preview → confirm warnings → commit → the
Compare chart's data shows the new value → revert → the old value is back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.browser import wait_idle
from tests.corpus import helpers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _nav(page, label: str) -> None:
    page.get_by_role("link", name=label).first.click()
    wait_idle(page)


def _chart_value(page, area: str, year: int) -> float:
    """Download the CSV behind the Compare chart (exactly its frame) and read one value."""
    _nav(page, "区域对比")
    with page.expect_download() as dl:
        page.locator(".st-key-dl_cmp_frame_csv button").click()
    rows = csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig")))
    hit = [r for r in rows if r["area"] == area and r["year"] == str(year) and r["indicator"] == "hv_invention_per10k"]
    assert len(hit) == 1
    return float(hit[0]["value"])


def test_login_upload_preview_commit_chart_revert(fresh_app_server, page, tmp_path):
    helpers.add_user("wang", ("pudong",))
    page.goto(f"{fresh_app_server.url}/compare")
    wait_idle(page)
    # Pudong's high-value patents are a real series 2022–2024 since issue 11: overwrite its 2024 figure
    old = _chart_value(page, "pudong", 2024)
    assert old != 123.4

    _nav(page, "数据上传")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码", exact=True).fill("wrong password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("用户名或密码错误").wait_for()
    wait_idle(page)
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码", exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：wang").wait_for()
    wait_idle(page)

    f = tmp_path / "浦东 高价值专利.csv"
    f.write_bytes(
        helpers.csv_bytes(
            [
                ["地区", "指标", "年份", "数值", "单位", "来源"],
                ["浦东", "每万人口高价值发明专利拥有量", 2024, "123.4", "件/万人", "https://example.org/pd"],
                ["Pudong", "hv_invention_per10k", 2023, "500", "", "https://example.org/pd"],
            ],
            encoding="gb18030",
        )
    )
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(f))
    page.get_by_text("读取 2 个数值").wait_for()  # the rerun with the file has rendered
    wait_idle(page)
    metrics = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert metrics == ["0", "2", "0"]  # new, changed, unchanged
    commit = page.get_by_role("button", name="提交为新批次")
    assert commit.is_disabled()  # jumps > 3× must be confirmed first
    page.get_by_text("我已核对以上提醒，确认无误").click()
    wait_idle(page)
    commit.click()
    page.get_by_text("已提交批次").wait_for()
    wait_idle(page)
    assert page.get_by_text("共 1 个批次").is_visible()

    assert _chart_value(page, "pudong", 2024) == 123.4  # the chart's data reflects the commit at once

    _nav(page, "数据上传")
    page.get_by_text("已登录：wang").wait_for()  # the login survives page switches
    page.get_by_role("button", name="撤销批次…").click()
    page.get_by_role("dialog").get_by_role("button", name="确认撤销").click()
    page.get_by_text("已撤销批次").wait_for()
    wait_idle(page)

    assert _chart_value(page, "pudong", 2024) == old  # reverted: the earlier value is back
    assert "Traceback" not in fresh_app_server.log_text()
