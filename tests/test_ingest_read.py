"""Reading and validating what analysts really send: the corpus, encodings, units, layouts."""

from __future__ import annotations

import pytest

from ipdash.ingest import validate
from ipdash.sheets import read as ingest_read
from ipdash.sheets import units
from tests.corpus import helpers

MANIFEST = helpers.manifest()


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file_has_its_expected_outcome(built_data, name):
    expect = MANIFEST[name]
    allowed = set(expect["allowed"]) if "allowed" in expect else None
    v = validate.validate(helpers.corpus_bytes(name), name, allowed_areas=allowed)
    got = sorted(([p.row, p.column, p.code] for p in v.errors), key=str)
    if expect["accepted"]:
        assert v.ok, got
        assert len(v.rows) == expect["rows"]
        for area, ind, year, value in expect["values"]:
            hit = v.rows[(v.rows["area"] == area) & (v.rows["indicator"] == ind) & (v.rows["year"] == year)]
            assert len(hit) == 1, (area, ind, year)
            assert hit["value"].iloc[0] == pytest.approx(value, rel=1e-12)
        if "conversion" in expect:  # the preview says which statement converted the value, and by how much
            assert any(expect["conversion"] in c for c in v.rows["conv_zh"]), v.rows["conv_zh"].tolist()
        if "sheets_not_read" in expect:
            assert [s.name for s in v.raw.sheets if s.status != "read"] == expect["sheets_not_read"]
        if "totals" in expect:
            assert [r for _, r in v.raw.totals_skipped] == expect["totals"]
        if "partial_columns" in expect:
            assert [c for s in v.raw.sheets for c in s.partial_columns] == expect["partial_columns"]
        if "taken" in expect or "allowed" in expect:  # what the title gave is shown for the analyst to confirm
            assert v.taken == expect.get("taken", {})
            assert v.proposed_area == expect.get("proposed", "")
        if "provenance" in expect:  # 估算 only where the file says so
            assert v.rows.sort_values("_row")["provenance"].tolist() == expect["provenance"]
    else:
        assert got == sorted(expect["errors"], key=str)
        for p in v.errors:  # every problem speaks both languages and names what was expected
            assert p.expected_zh and p.expected_en


def test_corpus_is_reproducible(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", helpers.CORPUS / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "HERE", tmp_path)
    mod.MANIFEST.clear()
    mod.main()
    for name in MANIFEST:
        assert (tmp_path / name).read_bytes() == helpers.corpus_bytes(name), name


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_encoding_reads_the_same_table(encoding):
    text = '地区,指标,年份,数值\n浦东新区,有效发明专利拥有量,2023,"1,234"\n'
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    t = ingest_read.read(data, "x.csv")
    assert not t.problems
    assert t.df[["area", "indicator", "year", "value"]].values.tolist() == [
        ["浦东新区", "有效发明专利拥有量", "2023", "1,234"]
    ]


def test_utf16_without_bom_is_detected():
    t = ingest_read.read("地区\t指标\t年份\t数值\n浦东\tPCT\t2023\t5\n".encode("utf-16-le"), "x.txt")
    assert t.encoding == "utf-16-le" and len(t.df) == 1


def test_header_after_title_and_comments_keeps_excel_row_numbers():
    data = "# 说明\n2024年报表\n\n地区,指标,年份,数值\n浦东,PCT,2023,x\n".encode()
    v = ingest_read.read(data, "x.csv")
    assert v.header_row == 4 and v.df["_row"].tolist() == [5]


def test_wide_layout_one_record_per_year_with_its_header():
    t = ingest_read.read("地区,指标,2022年,FY2023,合计\n浦东,PCT,1,2,3\n".encode(), "x.csv")
    assert t.layout == "wide"
    assert t.df[["year", "value", "_value_col"]].values.tolist() == [["2022", "1", "2022年"], ["2023", "2", "FY2023"]]
    assert t.ignored_columns == ["合计"]


def test_header_variants_map_to_fields():
    for header, field in [
        ("地区", "area"),
        ("区域", "area"),
        ("Area", "area"),
        ("指标名称", "indicator"),
        ("年度", "year"),
        ("Year", "year"),
        ("数据", "value"),
        ("数值（亿元）", "value"),
        ("来源网址", "source_url"),
        ("Source URL", "source_url"),
        ("数据性质", "provenance"),
        ("备注", "note"),
    ]:
        assert ingest_read.classify_header(header)[0] == field, header
    assert ingest_read.classify_header("数值（亿元）")[2] == "亿元"
    assert ingest_read.classify_header("２０２３年")[1] == 2023


def test_full_width_and_spaces_are_normalised():
    assert ingest_read.clean("　１２，３４５　") == "12,345"
    assert ingest_read.clean(" 浦东\u200b新区 ") == "浦东 新区"


@pytest.mark.parametrize(
    "text,number,unit",
    [
        ("1,234", 1234, ""),
        ("1,234,567.5", 1234567.5, ""),
        ("12 345", 12345, ""),
        ("3.2万", 3.2, "万"),
        ("12.5%", 12.5, "%"),
        ("1.2E+04", 12000, ""),
        ("-5", -5, ""),
        (".5", 0.5, ""),
    ],
)
def test_parse_number(text, number, unit):
    assert units.parse_number(text) == (number, unit)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "", "约1000"])
def test_parse_number_rejects_text(text):
    assert units.parse_number(text)[0] is None


@pytest.mark.parametrize(
    "src,target,f",
    [
        ("万件", "件", 1e4),
        ("万元", "亿元", 1e-4),
        ("元", "亿元", 1e-8),
        ("亿元", "亿元", 1),
        ("亿", "亿元", 1),
        ("万", "件", 1e4),
        ("%", "%", 1),
        ("件/万人", "件/万人", 1),
        ("个", "家", 1),
        ("", "亿元", 1),
        ("100 million yuan", "亿元", 1),
        ("万件", "家", 1e4),
    ],
)
def test_unit_factor(src, target, f):
    assert units.factor(src, target) == pytest.approx(f)


@pytest.mark.parametrize("src,target", [("万", "%"), ("件", "件/万人"), ("kg", "件"), ("亿元", "件"), ("万%", "%")])
def test_unit_not_convertible(src, target):
    assert units.factor(src, target) is None


def test_unit_in_indicator_name_is_used(built_data):
    data = '地区,指标,年份,数值\n浦东,技术合同成交额（万元）,2021,"2,000,000"\n'.encode()
    v = validate.validate(data, "x.csv")
    assert v.ok and v.rows["value"].tolist() == [200.0]


def test_unit_in_value_header_is_used(built_data):
    v = validate.validate("地区,指标,年份,数值（万元）\n浦东,技术合同成交额,2021,1000000\n".encode(), "x.csv")
    assert v.ok and v.rows["value"].tolist() == [100.0]


def test_too_large_file_is_refused_with_a_clear_message():
    t = ingest_read.read(b"x" * (ingest_read.MAX_BYTES + 1), "big.csv")
    assert [p.code for p in t.problems] == ["too_large"]
    assert "MB" in t.problems[0].expected_zh and "MB" in t.problems[0].expected_en


def test_problem_messages_follow_the_language(built_data):
    v = validate.validate("地区,指标,年份,数值\n火星,PCT,2021,1\n".encode(), "x.csv")
    zh, en = v.problems_frame("errors", "zh"), v.problems_frame("errors", "en")
    assert zh.loc[0, ["row", "column", "value"]].tolist() == [2, "地区", "火星"]
    assert "目录中的地区" in zh.loc[0, "expected"] and "an area in the catalog" in en.loc[0, "expected"]


def test_warnings_for_jumps_and_official_changes(built_data):
    from ipdash.store import read

    cur = read.actuals()
    official = cur[cur["provenance"] == "official"].iloc[0]
    prev = cur[(cur["area"] == "pudong") & (cur["indicator"] == "pct_applications")].iloc[-1]
    rows = [
        ["地区", "指标", "年份", "数值", "来源"],
        [official["area"], official["indicator"], official["year"], official["value"] * 1.01, "https://x"],
        ["pudong", "pct_applications", prev["year"] + 1, prev["value"] * 10, ""],
        ["pudong", "trademarks", 2021, 5, ""],
        ["pudong", "trademarks", 2022, 6, ""],
    ]
    v = validate.validate(helpers.csv_bytes(rows), "w.csv")
    assert v.ok
    codes = sorted((p.row, p.code) for p in v.warnings)
    assert (2, "official_change") in codes and (3, "jump") in codes
    assert (5, "jump") not in codes  # 6 on 5 is no jump, even though the store has other values
