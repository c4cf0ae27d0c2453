"""Corpus files whose title lines say what the table leaves out (issue 25): the area, the year or
the unit written above the header (``2025年浦东新区知识产权指标`` / ``单位：万件``), as Excel and WPS
write them and as CSV; a table naming no area at all (the area is proposed from the account); and
values the file itself marks as estimates (a note, a marker) — only those are 估算.
"""

from __future__ import annotations

try:
    from tests.corpus.make_office import _stale_dimension, excel
except ImportError:  # run as a script from tests/corpus
    from make_office import _stale_dimension, excel  # type: ignore[no-redef]

TITLE = "2025年浦东新区知识产权指标"
HEAD = ["指标", "年份", "数值"]
INV, PCT = "有效发明专利拥有量", "PCT国际专利申请量"
ROWS = [[INV, 2024, 6.94], [PCT, 2024, 0.165]]
VALUES = [["pudong", "invention_patents", 2024, 69400], ["pudong", "pct_applications", 2024, 1650]]


def _wps(name: str, content: bytes) -> bytes:
    """WPS: a stale ``<dimension>`` and the title cell merged across the table's width."""
    return _stale_dimension(name, content)


def add(put, csv_text) -> None:
    """Write every file through ``put(name, bytes, **expectation)`` (make_corpus.py)."""
    rows = [[TITLE], ["单位：万件"], HEAD, *ROWS]
    put(
        "41_title_area_excel.xlsx",
        excel({"Sheet1": rows}),
        accepted=True,
        allowed=["pudong"],
        rows=2,
        values=VALUES,
        taken={"area": ["pudong"], "unit": ["万件"]},
        provenance=["reported", "reported"],
    )
    put(
        "42_title_area_wps.xlsx",
        excel(
            {"Sheet1": [[TITLE, None, None], ["单位：万件", None, None], HEAD, *ROWS]},
            edit=_wps,
            merges={"Sheet1": [("A1:C1", TITLE)]},
        ),
        accepted=True,
        allowed=["pudong"],
        rows=2,
        values=VALUES,
        taken={"area": ["pudong"], "unit": ["万件"]},
    )
    put(
        "43_title_area_year.csv",
        csv_text(
            [["2025年上海市浦东新区知识产权指标（单位：件）"], ["指标", "数值"], [INV, "69400"], [PCT, "1650"]]
        ).encode("gb18030"),
        accepted=True,
        allowed=["pudong", "yangpu"],
        rows=2,
        values=[["pudong", "invention_patents", 2025, 69400], ["pudong", "pct_applications", 2025, 1650]],
        taken={"area": ["pudong"], "year": ["2025"], "unit": ["件"]},
    )
    put(
        "44_title_names_two_areas.csv",
        csv_text([["2024年浦东新区、杨浦区知识产权指标"], HEAD, [INV, "2024", "69400"]]).encode("utf-8-sig"),
        accepted=False,
        allowed=["pudong", "yangpu"],
        errors=[[3, "标题（表中无地区列）", "area_known"]],
    )
    put(
        "45_no_area_proposed.xlsx",
        excel({"Sheet1": [["知识产权指标报送表"], HEAD, [INV, 2024, 69400], [PCT, 2024, 1650]]}),
        accepted=True,
        allowed=["yangpu"],
        rows=2,
        values=[["yangpu", "invention_patents", 2024, 69400], ["yangpu", "pct_applications", 2024, 1650]],
        proposed="yangpu",
    )
    put(
        "46_estimates_said_so.csv",
        csv_text(
            [
                ["地区", "指标", "年份", "数值", "备注"],
                ["浦东新区", INV, "2024", "69400", ""],
                ["浦东新区", PCT, "2024", "1650(估)", ""],
                ["浦东新区", "作品登记量", "2024", "1200", "预计数"],
                ["浦东新区", "软件著作权登记量", "2024", "约3300", ""],
            ]
        ).encode(),
        accepted=True,
        rows=4,
        values=[["pudong", "pct_applications", 2024, 1650], ["pudong", "software_copyright", 2024, 3300]],
        provenance=["reported", "estimate", "estimate", "estimate"],
    )
