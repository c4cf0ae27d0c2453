"""Two app replicas on one PostgreSQL store (real ``streamlit run`` processes, Debian Chromium): an
upload committed through the first appears in the second within a few seconds, and a revert made in
the second disappears from the first. Each replica has its own data directory copy: they share
nothing but the database (``IPDASH_STORE``).
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from tests.browser import commit_upload, wait_idle
from tests.conftest import copy_data
from tests.corpus import helpers
from tests.server import ENTRY, StreamlitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEEN_WITHIN_S = 10


def _nav(page, label: str) -> None:
    page.get_by_role("link", name=label).first.click()
    wait_idle(page)


def _chart_value(page, url: str) -> float | None:
    """Pudong's 2025 value in the CSV behind the Compare chart of the replica at ``url`` (None: no
    such row — Pudong's real series has no published 2025 figure yet)."""
    page.goto(f"{url}/compare")
    wait_idle(page)
    with page.expect_download() as dl:
        page.locator(".st-key-dl_cmp_frame_csv button").click()
    rows = csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig")))
    hit = [r for r in rows if r["area"] == "pudong" and r["year"] == "2025" and r["indicator"] == "hv_invention_per10k"]
    return float(hit[0]["value"]) if hit else None


def _eventually(page, url: str, expected: float) -> float:
    """Seconds until the replica at ``url`` shows ``expected`` (fails after SEEN_WITHIN_S)."""
    t0 = time.monotonic()
    while True:
        got = _chart_value(page, url)
        if got == expected:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < SEEN_WITHIN_S, f"{url} still shows {got}, not {expected}"


def _login(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    _nav(page, "数据上传")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码", exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：wang").wait_for()
    wait_idle(page)


@pytest.fixture
def replicas(fresh_store, tmp_path):
    servers = []
    users = tmp_path / "users.json"  # unused on PostgreSQL: accounts live in the database
    for name in ("a", "b"):
        d = copy_data(tmp_path / f"replica-{name}")
        servers.append(StreamlitServer(ENTRY, d, tmp_path, env={"IPDASH_USERS_FILE": str(users)}))
    for s in servers:
        s.wait_healthy(90)
    yield servers
    for s in servers:
        s.stop()


@pytest.mark.parametrize("fresh_store", ["postgresql"], indirect=True)
def test_upload_in_one_replica_shows_in_the_other_and_revert_back(replicas, page, tmp_path):
    a, b = replicas
    helpers.add_user("wang", ("pudong",))
    old = _chart_value(page, b.url)
    assert old != 123.4

    _login(page, a.url)  # upload and commit through replica A
    f = tmp_path / "浦东.csv"
    f.write_bytes(
        helpers.csv_bytes(
            [
                ["地区", "指标", "年份", "数值", "单位", "来源"],
                ["浦东", "每万人口高价值发明专利拥有量", 2025, "123.4", "件/万人", "https://example.org/pd"],
            ]
        )
    )
    commit_upload(page, f)

    seen = _eventually(page, b.url, 123.4)  # replica B shows it
    _login(page, b.url)  # revert through replica B
    page.get_by_role("button", name="撤销批次…").click()
    page.get_by_role("dialog").get_by_role("button", name="确认撤销").click()
    page.get_by_text("已撤销批次").wait_for()
    wait_idle(page)
    gone = _eventually(page, a.url, old)  # replica A no longer shows it
    assert seen < SEEN_WITHIN_S and gone < SEEN_WITHIN_S
    for s in (a, b):
        assert "Traceback" not in s.log_text()
