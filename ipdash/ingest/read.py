"""Reading what analysts really have: uploaded bytes + file name → a raw table of strings.

CSV in UTF-8 (with or without BOM), UTF-16 (with BOM, or detected by its zero bytes), GB18030
(which covers GBK, Excel's plain "CSV" on Chinese Windows); ``.xlsx`` (the first sheet, or a
sheet called 数据/data). Cells are NFKC-normalised (full-width digits and commas become ASCII)
and stripped. Headers may be Chinese or English; the header row may follow a title or ``#``
comment rows. Long format (one value per row) and wide format (years as columns) both become
one record per value, each remembering the spreadsheet row it came from (header row = the row
number Excel shows) and the header text of the column its value came from.

Nothing here raises on bad input: every problem becomes a ``Problem`` record.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

MAX_BYTES = 5 * 1024 * 1024
MAX_CELLS = 2_000_000
FIELDS = ("area", "indicator", "year", "value", "unit", "provenance", "confidence", "source_url", "note")
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "area": ("地区", "区域", "区", "行政区", "区县", "地区名称", "area", "district", "region", "areacode"),
    "indicator": ("指标", "指标名称", "指标代码", "项目", "indicator", "metric", "indicatorcode"),
    "year": ("年份", "年度", "年", "统计年度", "year", "fy"),
    "value": ("数值", "数据", "值", "实际值", "完成值", "实绩", "value", "actual", "amount"),
    "unit": ("单位", "计量单位", "unit", "units"),
    "provenance": ("数据性质", "性质", "数据类型", "provenance", "type", "datatype"),
    "confidence": ("可信度", "置信度", "confidence", "grade"),
    "source_url": ("来源", "来源网址", "数据来源", "出处", "链接", "source", "sourceurl", "url", "link"),
    "note": ("备注", "说明", "注释", "note", "notes", "remark", "remarks", "comment"),
}
_HEADER_LOOKUP = {name: f for f, names in HEADER_NAMES.items() for name in names}
_YEAR_HEADER = re.compile(r"^(?:fy|y)?(\d{4})(?:年|年度|年末|fy)?$")
_PARENS = re.compile(r"[(\[](.*?)[)\]]")
DATA_SHEETS = ("数据", "data")


@dataclass
class Problem:
    """One thing wrong with a file: where (row, column), what (value) and what was expected."""

    code: str
    row: int | None
    column: str
    value: str
    expected_zh: str
    expected_en: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected_zh": self.expected_zh,
            "expected_en": self.expected_en,
        }


@dataclass
class RawTable:
    """Records of strings (columns ``FIELDS``) plus ``_row`` and the source headers."""

    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # field → header text as in the file
    layout: str = "long"  # long | wide
    encoding: str = ""
    sheet: str = ""
    header_row: int = 1
    ignored_columns: list[str] = field(default_factory=list)
    value_unit: str = ""  # a unit written in the value header, e.g. 数值（亿元）
    problems: list[Problem] = field(default_factory=list)
    skipped_blank: int = 0


def file_problem(code: str, zh: str, en: str, value: str = "", row: int | None = None, column: str = "") -> Problem:
    return Problem(code, row, column, value, zh, en)


def clean(text) -> str:
    """NFKC (full-width → ASCII), no control characters, single spaces, stripped."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = str(text)
    if s.isascii() and s.isprintable():  # the common case, 20× faster
        return " ".join(s.split()) if "  " in s else s.strip()
    return _clean_unicode(s)


@lru_cache(maxsize=65536)
def _clean_unicode(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\t" else " " for ch in s)
    return re.sub(r"\s+", " ", s).strip()


def header_key(text: str) -> str:
    return re.sub(r"[\s_\-:：.]+", "", clean(text).lower())


def classify_header(text: str) -> tuple[str | None, int | None, str]:
    """(field, year, unit-in-parentheses) for one header cell; field None if unknown."""
    key = header_key(text)
    inner = ""
    m = _PARENS.search(clean(text).lower())
    if m:
        inner = m.group(1).strip()
        key = header_key(_PARENS.sub("", clean(text).lower()))
    if key in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[key], None, inner
    if inner and header_key(inner) in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[header_key(inner)], None, ""
    ym = _YEAR_HEADER.match(key)
    if ym:
        return None, int(ym.group(1)), inner
    return None, None, inner


# ---------------------------------------------------------------- bytes → rows of strings
def decode(data: bytes) -> tuple[str | None, str]:
    """(text, encoding name) or (None, "") when no supported encoding fits."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError:
                return None, ""
    sample = data[:4096]
    if b"\x00" in sample and len(data) % 2 == 0:  # NUL never occurs in 8-bit text: UTF-16 without BOM
        enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            return None, ""
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None, ""


def csv_rows(text: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    csv.field_size_limit(1_000_000)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))


def xlsx_rows(data: bytes) -> tuple[list[list], str]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = wb.sheetnames
        pick = next((n for n in names if clean(n).lower() in DATA_SHEETS), names[0])
        rows = [list(r) for r in wb[pick].iter_rows(values_only=True)]
        return rows, pick
    finally:
        wb.close()


# ---------------------------------------------------------------- rows → records
def _find_header(rows: list[list[str]]) -> int | None:
    """Index of the header row: the first of the first 15 rows naming area and indicator."""
    for i, row in enumerate(rows[:15]):
        fields = {classify_header(c)[0] for c in row if c}
        if {"area", "indicator"} <= fields:
            return i
    return None


def records(rows: list[list]) -> RawTable:
    """Header detection, long/wide layout, one record per value; ``rows`` are raw cells."""
    text_rows = [[clean(c) for c in r] for r in rows]
    h = _find_header(text_rows)
    if h is None:
        first = next((", ".join(c for c in r if c) for r in text_rows if any(r)), "")
        return RawTable(
            pd.DataFrame(columns=["_row", "_value_col", *FIELDS]),
            problems=[
                file_problem(
                    "no_header",
                    "表头须含“地区”和“指标”两列（或 area / indicator），可参照模板",
                    "a header row naming the area and indicator columns (地区/area, 指标/indicator); see the template",
                    value=first[:120],
                    row=1,
                )
            ],
        )
    header = text_rows[h]
    table = RawTable(pd.DataFrame(), header_row=h + 1)
    cols: dict[str, int] = {}
    years: dict[int, int] = {}
    for j, cell in enumerate(header):
        if not cell:
            continue
        f, year, inner = classify_header(cell)
        if f and f not in cols:
            cols[f] = j
            table.headers[f] = cell
            if f == "value" and inner:
                table.value_unit = inner
        elif year is not None and year not in years:
            years[year] = j
        else:
            table.ignored_columns.append(cell)
    long = "value" in cols
    if not long and not years:
        table.problems.append(
            file_problem(
                "no_value_column",
                "一列“数值”（长表）或以年份为列名的多列（宽表，如 2023、2023年）",
                "a value column (数值/value, long format) or year columns (2023, 2023年; wide format)",
                value=" | ".join(header)[:200],
                row=h + 1,
            )
        )
    if long and "year" not in cols:
        table.problems.append(
            file_problem(
                "no_year_column",
                "一列“年份”（或 year），或把年份作为列名（宽表）",
                "a year column (年份/year), or years as column headers (wide format)",
                value=" | ".join(header)[:200],
                row=h + 1,
            )
        )
    if long and years:
        table.ignored_columns += [header[j] for j in years.values()]
    if table.problems:
        table.df = pd.DataFrame(columns=["_row", "_value_col", *FIELDS])
        return table
    table.layout = "long" if long else "wide"
    out: list[dict] = []
    for i in range(h + 1, len(text_rows)):
        row = text_rows[i]
        if not any(row) or row[0].startswith("#"):
            continue

        def cell(f: str, row: list[str] = row) -> str:
            j = cols.get(f)
            return row[j] if j is not None and j < len(row) else ""

        base = {f: cell(f) for f in FIELDS if f not in ("year", "value")}
        if long:
            rec = {
                **base,
                "_row": i + 1,
                "_value_col": table.headers["value"],
                "year": cell("year"),
                "value": cell("value"),
            }
            if _is_blank_value(rec["value"]):
                table.skipped_blank += 1
                continue
            out.append(rec)
        else:
            for year, j in years.items():
                v = row[j] if j < len(row) else ""
                if _is_blank_value(v):
                    table.skipped_blank += 1
                    continue
                out.append({**base, "_row": i + 1, "_value_col": header[j], "year": str(year), "value": v})
    table.df = pd.DataFrame(out, columns=["_row", "_value_col", *FIELDS], dtype=object)  # object: fast to iterate
    table.df["_row"] = table.df["_row"].astype("int64")
    return table


BLANK_VALUES = {"", "-", "--", "—", "——", "–", "/", "n/a", "na", "nan", "null", "none", "无", "暂无", "…", "..."}


def _is_blank_value(v: str) -> bool:
    return clean(v).lower() in BLANK_VALUES


def read(data: bytes, file_name: str, *, max_bytes: int | None = None) -> RawTable:
    """Uploaded bytes → RawTable. Never raises on bad content."""
    max_bytes = max_bytes or MAX_BYTES
    empty = pd.DataFrame(columns=["_row", "_value_col", *FIELDS])
    if len(data) > max_bytes:
        return RawTable(
            empty,
            problems=[
                file_problem(
                    "too_large",
                    f"文件不超过 {max_bytes / 1024 / 1024:.0f} MB；请拆分后分批上传",
                    f"a file of at most {max_bytes / 1024 / 1024:.0f} MB; split it and upload the parts",
                    value=f"{len(data) / 1024 / 1024:.1f} MB",
                )
            ],
        )
    if not data.strip():
        return RawTable(empty, problems=[file_problem("empty", "非空文件", "a file with data")])
    name = (file_name or "").lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return RawTable(
            empty,
            problems=[
                file_problem(
                    "old_excel",
                    "请在 Excel 中“另存为” .xlsx 或 CSV（UTF-8）",
                    "save it as .xlsx or CSV (UTF-8) in Excel",
                    value=file_name,
                )
            ],
        )
    if name.endswith((".xlsx", ".xlsm")) or is_zip:
        try:
            rows, sheet = xlsx_rows(data)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            return RawTable(
                empty,
                problems=[
                    file_problem(
                        "bad_xlsx",
                        "可用 Excel 打开的 .xlsx 文件",
                        "an .xlsx file that Excel can open",
                        value=f"{type(exc).__name__}: {str(exc)[:120]}",
                    )
                ],
            )
        if sum(len(r) for r in rows) > MAX_CELLS:
            return RawTable(
                empty,
                problems=[
                    file_problem(
                        "too_large", f"工作表不超过 {MAX_CELLS} 个单元格", f"a sheet of at most {MAX_CELLS} cells"
                    )
                ],
            )
        table = records(rows)
        table.encoding, table.sheet = "xlsx", sheet
        return table
    text, enc = decode(data)
    if text is None or "\x00" in text:
        return RawTable(
            empty,
            problems=[
                file_problem(
                    "encoding",
                    "CSV 文本文件（UTF-8、GBK/GB18030 或 UTF-16 编码）或 .xlsx",
                    "a CSV text file (UTF-8, GBK/GB18030 or UTF-16) or an .xlsx file",
                    value=file_name,
                )
            ],
        )
    try:
        rows = csv_rows(text)
    except csv.Error as exc:
        return RawTable(
            empty, problems=[file_problem("bad_csv", "格式正确的 CSV", "a well-formed CSV", value=str(exc)[:120])]
        )
    table = records(rows)
    table.encoding = enc
    return table
