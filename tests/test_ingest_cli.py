"""``python -m ipdash ingest | batches | revert | template`` — the same path as the page."""

from __future__ import annotations

import csv
import io

from ipdash import paths
from tests.corpus import helpers


def _actual(area, ind, year):
    r = helpers.cli("actuals")
    for row in csv.DictReader(io.StringIO(r.stdout)):
        if (row["area"], row["indicator"], row["year"]) == (area, ind, str(year)):
            return row
    return None


def test_rejected_file_exits_2_with_row_column_value_expected(fresh_data):
    helpers.add_user()
    before = helpers.snapshot(fresh_data)
    r = helpers.cli("ingest", str(helpers.CORPUS / "07_bad_rows.csv"), "--user", "wang", "--yes", "--lang", "en")
    assert r.returncode == 2
    assert "rejected, nothing was written (10 problems)" in r.stderr
    assert "row 2, column 地区, value '火星区': expected an area in the catalog" in r.stderr
    assert "row 9, column 年份, value '2099': expected a year from 1990" in r.stderr
    assert helpers.snapshot(fresh_data) == before


def test_ingest_commit_batches_revert(fresh_data):
    helpers.add_user()
    f = helpers.CORPUS / "03_gb18030_long.csv"
    dry = helpers.cli("ingest", str(f), "--dry-run")
    assert dry.returncode == 0 and "3 values (long, gb18030)" in dry.stderr
    assert dry.stdout.startswith("change,area,indicator,year,old_value,new_value")
    assert not (fresh_data / "uploads").exists()
    r = helpers.cli("ingest", str(f), "--user", "wang", "--yes")
    # 03 has a jingan row: wang may write pudong and yangpu only
    assert (
        r.returncode == 2
        and "row 4, column 区域, value '静安区': expected 您有权上传的地区：浦东新区、杨浦区" in r.stderr
    )
    helpers.add_user("admin", ("*",))
    r = helpers.cli("ingest", str(f), "--user", "admin")
    if r.returncode == 3:  # a jump warning must be confirmed explicitly
        assert "--yes" in r.stderr
        r = helpers.cli("ingest", str(f), "--user", "admin", "--yes")
    assert r.returncode == 0, r.stderr
    row = _actual("yangpu", "software_copyright", 2022)
    assert float(row["value"]) == 15000 and row["batch_id"] != "base"
    b = list(csv.DictReader(io.StringIO(helpers.cli("batches").stdout)))
    assert len(b) == 1 and b[0]["user"] == "admin" and b[0]["file_name"] == f.name and b[0]["n_rows"] == "3"
    r = helpers.cli("ingest", str(f), "--user", "admin", "--yes")
    assert r.returncode == 0 and "nothing to commit" in r.stderr
    assert helpers.cli("revert", b[0]["batch_id"], "--user", "wang").returncode == 2  # not allowed for jingan
    assert helpers.cli("revert", b[0]["batch_id"], "--user", "admin").returncode == 0
    after = _actual("yangpu", "software_copyright", 2022)
    assert after is None or after["batch_id"] == "base"
    assert _actual("pudong", "copyright_works", 2021)["batch_id"] == "base"
    assert helpers.cli("revert", "no-such-batch", "--user", "admin").returncode == 2


def test_ingest_needs_a_known_user_to_commit(fresh_data):
    f = str(helpers.CORPUS / "01_utf8_long_zh.csv")
    r = helpers.cli("ingest", f)
    assert r.returncode == 2 and "--user" in r.stderr
    r = helpers.cli("ingest", f, "--user", "ghost")
    assert r.returncode == 2 and "users add" in r.stderr
    assert not (fresh_data / "uploads").exists()


def test_template_command_writes_both(fresh_data, tmp_path):
    r = helpers.cli(
        "template", "--csv", str(tmp_path / "模板.csv"), "--xlsx", str(tmp_path / "模板.xlsx"), "--year", "2024"
    )
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "模板.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf#")
    assert "浦东新区,有效发明专利拥有量,2024,,件" in text.decode("utf-8-sig")
    assert (tmp_path / "模板.xlsx").read_bytes()[:2] == b"PK"


def test_exports_neutralise_formulas(fresh_data):
    helpers.add_user()
    data = helpers.csv_bytes(
        [
            ["地区", "指标", "年份", "数值", "备注"],
            ["浦东", "PCT", 2016, 5, '=HYPERLINK("x")'],
            ["浦东", "PCT", 2015, 5, "@SUM(A1)"],
        ]
    )
    f = fresh_data / "公式.csv"
    f.write_bytes(data)
    r = helpers.cli("ingest", str(f), "--user", "wang", "--yes")
    assert r.returncode == 0, r.stderr
    assert "'=HYPERLINK" in r.stdout and "'@SUM" in r.stdout  # the preview CSV
    out = helpers.cli("actuals").stdout
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out
    assert next(iter(paths.uploads_dir().iterdir())).read_bytes() == data  # the archive keeps the original


def test_cli_reports_counts_sheets_and_conversions(fresh_data):
    r = helpers.cli("ingest", str(helpers.CORPUS / "24_sheet_per_district.xlsx"), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "读取 2 行、4 个数值；跳过：空白 0 个，合计/小计 0 行；有问题的行：0" in r.stderr
    assert "未读取的工作表：填报说明 (无表头)、旧数据 (隐藏)" in r.stderr
    r = helpers.cli("ingest", str(helpers.CORPUS / "24_sheet_per_district.xlsx"), "--dry-run", "--sheet", "杨浦区")
    assert r.returncode == 0 and "2 values" in r.stderr
    r = helpers.cli("ingest", str(helpers.CORPUS / "17_unit_line_above.xlsx"), "--dry-run", "--lang", "en")
    assert "converted ×10 000 by the line above the header “单位：万件” (1 values)" in r.stderr
    assert "conversion" in r.stdout.splitlines()[0]
    r = helpers.cli("ingest", str(helpers.CORPUS / "31_total_rows.csv"), "--dry-run", "--lang", "en")
    assert "2 total/subtotal rows" in r.stderr and "Total/subtotal rows skipped: 4, 5" in r.stderr


def test_cli_refuses_an_implausible_value_without_history(fresh_data):
    helpers.add_user("admin", ("*",))
    before = helpers.snapshot(fresh_data)
    r = helpers.cli("ingest", str(helpers.CORPUS / "22_implausible_magnitude.csv"), "--user", "admin", "--yes")
    assert r.returncode == 2 and "implausible" not in r.stdout
    assert "row 2, column 数值, value '1473900': expected 技术合同成交额（浦东新区）在 0–" in r.stderr
    assert "有问题的行：1" in r.stderr
    assert helpers.snapshot(fresh_data) == before
    r = helpers.cli("ingest", str(helpers.CORPUS / "27_formula_uncomputable.xlsx"), "--dry-run", "--lang", "en")
    assert r.returncode == 2 and "sheet Sheet, row 2, column 数值" in r.stderr and "cell D2" in r.stderr
