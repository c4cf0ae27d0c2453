"""Validation of an uploaded table: catalog codes, units, values — with pandera.

``validate(data, file_name, allowed_areas=…)`` reads the file (``ingest_read``), maps every
area and indicator name onto the catalog, converts units into the indicator's unit, and
checks the result against a pandera schema. Each failure becomes a ``Problem`` naming the row
(as Excel numbers it), the column (the file's own header text), the value as typed and what
was expected, in Chinese and English. Suspicious values — a jump of more than 3× (or below
⅓) on the previous year, a change to an existing ``official`` value — are *warnings*, which a
commit must confirm explicitly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ipdash import catalog, paths
from ipdash.ingest.read import Problem, RawTable, clean, read
from ipdash.ingest.units import factor, parse_number, parse_unit, unit_text
from ipdash.store import read as store

MIN_YEAR = 1990
MAX_PROBLEMS = 1000
JUMP = 3.0
PROVENANCE_NAMES = {
    "official": "official",
    "官方": "official",
    "官方公布": "official",
    "官方数据": "official",
    "公布": "official",
    "统计": "official",
    "统计数据": "official",
    "estimate": "estimate",
    "估算": "estimate",
    "估计": "estimate",
    "测算": "estimate",
    "预估": "estimate",
    "illustrative": "illustrative",
    "示意": "illustrative",
    "示意数据": "illustrative",
}
OUT_COLUMNS = ("area", "indicator", "year", "value", "unit", "provenance", "confidence", "source_url", "note")


@dataclass
class Validation:
    """Everything the page and the CLI show about one uploaded file."""

    file_name: str
    sha256: str
    size: int
    raw: RawTable
    rows: pd.DataFrame  # OUT_COLUMNS + _row, only meaningful when ok
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems_frame(self, kind: str = "errors", lang: str = "zh") -> pd.DataFrame:
        items = self.errors if kind == "errors" else self.warnings
        return problems_frame(items, lang)


def problems_frame(items: list[Problem], lang: str = "zh") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.array([p.row for p in items], dtype="Int64"),
            "column": [p.column for p in items],
            "value": [p.value for p in items],
            "expected": [p.expected_zh if lang == "zh" else p.expected_en for p in items],
        }
    )


def max_year() -> int:
    return datetime.now(UTC).year


def _lookup(df: pd.DataFrame) -> dict[str, str]:
    m = catalog.alias_map(df)
    for k, v in list(m.items()):
        m.setdefault(re.sub(r"\s+", "", k), v)
        m.setdefault(k.replace("’", "'"), v)
    return m


def _match(text: str, lookup: dict[str, str]) -> tuple[str | None, str]:
    """(code, unit written in parentheses after the name, e.g. 技术合同成交额（万元）)."""
    t = clean(text).lower().replace("’", "'")
    for cand in (t, re.sub(r"\s+", "", t)):
        if cand in lookup:
            return lookup[cand], ""
    m = re.match(r"^(.*?)\s*[(\[](.*)[)\]]$", t)
    if m:
        code = lookup.get(m.group(1)) or lookup.get(re.sub(r"\s+", "", m.group(1)))
        if code:
            return code, m.group(2) if parse_unit(m.group(2)) else ""
    return None, ""


def _year(text: str) -> int | None:
    m = re.match(r"^(?:fy)?(\d{4})(?:\.0+)?(?:年度|年)?$", clean(text).lower().replace(" ", ""))
    return int(m.group(1)) if m else None


def _by_unique(col: pd.Series, fn) -> list:
    """``fn`` applied once per distinct cell (uploads repeat names, years and units a lot)."""
    memo = {u: fn(u) for u in col.unique()}
    return [memo[x] for x in col]


def parse(raw: RawTable, indicators: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Raw strings → typed columns (NA where a cell could not be read); index as raw.df."""
    df = raw.df
    area_lu, ind_lu = _lookup(areas), _lookup(indicators)
    units = dict(zip(indicators["code"], indicators["unit"]))
    units_en = dict(zip(indicators["code"], indicators["unit_en"]))
    out = pd.DataFrame(index=df.index)
    out["area"] = pd.Series(_by_unique(df["area"], lambda s: _match(s, area_lu)[0]), index=df.index, dtype=object)
    ind = _by_unique(df["indicator"], lambda s: _match(s, ind_lu))
    out["indicator"] = pd.Series([x[0] for x in ind], index=df.index, dtype=object)
    out["year"] = pd.array(_by_unique(df["year"], _year), dtype="Int64")
    nums = [parse_number(x) for x in df["value"]]
    out["number"] = np.array([x[0] if x[0] is not None else np.nan for x in nums], dtype="float64")
    inline = [x[1] for x in nums]
    out["inline_ok"] = [u == "" or parse_unit(u) is not None for u in inline]
    unit_src = [unit_text(i, u, raw.value_unit) or iu[1] for i, u, iu in zip(inline, df["unit"], ind)]
    out["unit_src"] = unit_src
    fac = [factor(u, units[c], units_en[c]) if c in units else 1.0 for u, c in zip(unit_src, out["indicator"])]
    out["factor"] = pd.array(fac, dtype="Float64")
    out["value"] = out["number"] * out["factor"].astype("float64")
    out["unit"] = out["indicator"].map(units)
    prov = _by_unique(df["provenance"], lambda s: PROVENANCE_NAMES.get(s.lower()) if s else "")
    out["provenance"] = [
        (d if p == "" else p) for p, d in zip(prov, np.where(df["source_url"] != "", "official", "estimate"))
    ]
    out["confidence"] = df["confidence"].str.upper()
    out["source_url"] = df["source_url"]
    out["note"] = df["note"]
    known = out["area"].notna() & out["indicator"].notna() & out["year"].notna()
    out["key"] = (out["area"].astype(str) + "|" + out["indicator"].astype(str) + "|" + out["year"].astype(str)).where(
        known, None
    )
    return out


def schema(area_codes, ind_codes, percent_codes, allowed: set[str] | None) -> pa.DataFrameSchema:
    """The rules an uploaded table must meet; check names key the messages in ``MESSAGES``."""

    def C(fn, name, **kw):
        return pa.Check(fn, name=name, ignore_na=False, **kw)

    allowed_ok = (
        (lambda s: s.isin(allowed) | ~s.isin(area_codes))
        if allowed is not None
        else (lambda s: pd.Series(True, index=s.index))
    )
    return pa.DataFrameSchema(
        {
            "area": pa.Column(
                checks=[C(lambda s: s.isin(area_codes), "area_known"), C(allowed_ok, "area_allowed")], nullable=True
            ),
            "indicator": pa.Column(checks=[C(lambda s: s.isin(ind_codes), "indicator_known")], nullable=True),
            "year": pa.Column(
                checks=[
                    C(lambda s: s.notna(), "year_int"),
                    C(lambda s: s.isna() | s.between(MIN_YEAR, max_year()), "year_range"),
                ],
                nullable=True,
            ),
            "number": pa.Column(
                checks=[
                    C(lambda s: s.notna(), "value_number"),
                    C(lambda s: s.isna() | np.isfinite(s), "value_finite"),
                    C(lambda s: s.isna() | ~(s < 0), "value_nonneg"),
                ],
                nullable=True,
            ),
            "inline_ok": pa.Column(checks=[C(lambda s: s, "value_number")]),
            "factor": pa.Column(checks=[C(lambda s: s.notna(), "unit_convertible")], nullable=True),
            "provenance": pa.Column(
                checks=[C(lambda s: s.isin(catalog.PROVENANCES), "provenance_known")], nullable=True
            ),
            "confidence": pa.Column(checks=[C(lambda s: s.isin(["", "A", "B", "C"]), "confidence_known")]),
            # area|indicator|year once recognised; a column check, so a mass of repeats stays cheap to report
            "key": pa.Column(checks=[C(lambda s: s.isna() | ~s.duplicated(keep="first"), "duplicate")], nullable=True),
        },
        checks=[
            C(lambda d: ~(d["indicator"].isin(percent_codes) & (d["value"] > 100)), "percent_max"),
            C(lambda d: ~(d["provenance"].eq("official") & d["source_url"].eq("")), "official_source"),
        ],
    )


# check name → (field whose header names the column, expected zh, expected en)
def messages(areas: pd.DataFrame, allowed: set[str] | None) -> dict[str, tuple[str, str, str]]:
    allowed_rows = areas[areas["code"].isin(allowed or ())]
    zh_all, en_all = "、".join(areas["name_zh"]), ", ".join(areas["name_en"])
    zh_ok, en_ok = "、".join(allowed_rows["name_zh"]) or "—", ", ".join(allowed_rows["name_en"]) or "—"
    return {
        "area_known": (
            "area",
            f"目录中的地区：{zh_all}（名称、简称、英文名或代码均可）",
            f"an area in the catalog: {en_all} (full, short or English name, or code)",
        ),
        "area_allowed": ("area", f"您有权上传的地区：{zh_ok}", f"an area you may upload: {en_ok}"),
        "indicator_known": (
            "indicator",
            "目录中的指标名称、英文名或代码（见模板“说明”）",
            "an indicator of the catalog by name, English name or code (see the template notes)",
        ),
        "year_int": ("year", "四位年份，如 2024 或 2024年", "a four-digit year such as 2024 or 2024年"),
        "year_range": (
            "year",
            f"{MIN_YEAR}–{max_year()} 之间的年份（实际值不能是未来年份）",
            f"a year from {MIN_YEAR} to {max_year()} (actuals cannot be in the future)",
        ),
        "value_number": (
            "value",
            "数字，可带千分位或单位，如 1,234、3.2万、12.5%",
            "a number, optionally with separators or a unit: 1,234, 3.2万, 12.5%",
        ),
        "value_finite": ("value", "有限的数字", "a finite number"),
        "value_nonneg": ("value", "不小于 0 的数", "a number of at least 0"),
        "unit_convertible": (
            "unit",
            "可换算为该指标单位的单位（{target}），如 件、万件、亿元、万元、%、件/万人",
            "a unit convertible into the indicator's unit ({target}), e.g. 件, 万件, 亿元, 万元, %, 件/万人",
        ),
        "provenance_known": (
            "provenance",
            "official/官方、estimate/估算 或 illustrative/示意（留空按来源自动判定）",
            "official, estimate or illustrative (blank: official when a source is given, else estimate)",
        ),
        "confidence_known": ("confidence", "A、B、C 或留空", "A, B, C or blank"),
        "percent_max": ("value", "百分比不超过 100", "a percentage of at most 100"),
        "official_source": (
            "source_url",
            "“官方”数据须注明来源（网址或文件）",
            "a source (URL or document) for an official value",
        ),
        "duplicate": (
            "year",
            "每个 地区×指标×年份 只出现一次（与第 {first} 行重复）",
            "one row per area × indicator × year (repeats row {first})",
        ),
    }


DEFAULT_HEADERS = {
    "area": "地区",
    "indicator": "指标",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "provenance": "数据性质",
    "confidence": "可信度",
    "source_url": "来源",
    "note": "备注",
}


def _column(raw: RawTable, rec, fld: str) -> str:
    """The file's own header text for ``fld`` (or its Chinese name when the file has no such column)."""
    if fld == "value" or (fld == "year" and raw.layout == "wide"):
        return rec["_value_col"]
    if fld == "unit" and not raw.headers.get("unit"):
        return rec["_value_col"]
    return raw.headers.get(fld) or DEFAULT_HEADERS.get(fld, fld)


def check(raw: RawTable, cat: catalog.Catalog, allowed: set[str] | None) -> tuple[pd.DataFrame, list[Problem]]:
    parsed = parse(raw, cat.indicators, cat.areas)
    percent = set(cat.indicators.loc[cat.indicators["measure"] == "percent", "code"])
    codes = set(cat.areas["code"])
    try:
        schema(codes, set(cat.indicators["code"]), percent, allowed).validate(parsed, lazy=True)
        failures = pd.DataFrame(columns=["check", "index"])
    except SchemaErrors as exc:
        failures = exc.failure_cases
    msgs = messages(cat.areas, allowed)
    units = dict(zip(cat.indicators["code"], cat.indicators["unit"]))
    f = failures[failures["check"].isin(list(msgs)) & failures["index"].notna()][["check", "index"]]
    f = f.drop_duplicates().astype({"index": "int64"}).sort_values("index", kind="stable")
    total = len(f)
    if f.empty:
        return parsed, []
    f = f.head(MAX_PROBLEMS)  # rows are in file order: report the first ones, count the rest
    first_row = raw.df["_row"].groupby(parsed["key"]).transform("first")  # NaN where the key is unknown
    j = f.join(raw.df, on="index").join(
        parsed[["unit_src", "indicator"]].rename(columns={"indicator": "_ind"}), on="index"
    )
    j["_first"] = first_row.reindex(j["index"]).to_numpy()
    problems = []
    for r in j.to_dict("records"):
        chk = r["check"]
        fld, zh, en = msgs[chk]
        value = r.get(fld, "")
        if chk == "unit_convertible":
            value = r["unit_src"]
            zh, en = zh.format(target=units.get(r["_ind"], "")), en.format(target=units.get(r["_ind"], ""))
        if chk == "duplicate":
            row = int(r["_first"]) if pd.notna(r["_first"]) else int(r["_row"])
            zh, en = zh.format(first=row), en.format(first=row)
        problems.append(Problem(chk, int(r["_row"]), _column(raw, r, fld), str(value), zh, en))
    problems.sort(key=lambda q: (q.row or 0, q.column))
    if total > MAX_PROBLEMS:
        n = total
        problems = [
            *problems,
            Problem(
                "too_many",
                None,
                "",
                "",
                f"另有 {n - MAX_PROBLEMS} 处问题未列出（共 {n} 处）；请先修正以上问题",
                f"{n - MAX_PROBLEMS} more problems not listed ({n} in all); fix those above first",
            ),
        ]
    return parsed, problems


def suspicious(rows: pd.DataFrame, current: pd.DataFrame, raw: RawTable) -> list[Problem]:
    """Warnings: a jump of more than ``JUMP``× on the previous year; a change to an official value."""
    key = ["area", "indicator", "year"]
    after = pd.concat([current[[*key, "value"]], rows[[*key, "value"]]]).drop_duplicates(key, keep="last")
    prev = after.assign(year=after["year"] + 1).rename(columns={"value": "prev"})
    m = (
        rows.reset_index()
        .merge(prev, on=key, how="left")
        .merge(
            current[[*key, "value", "provenance"]].rename(columns={"value": "old", "provenance": "old_prov"}),
            on=key,
            how="left",
        )
        .set_index("index")
    )
    jump = m["prev"].notna() & (m["prev"] > 0) & ((m["value"] > JUMP * m["prev"]) | (m["value"] < m["prev"] / JUMP))
    offi = (
        m["old_prov"].eq("official") & m["old"].notna() & ~np.isclose(m["old"].fillna(0), m["value"], rtol=1e-9, atol=0)
    )
    out = []
    for idx, r in m[jump | offi].iterrows():
        rec = raw.df.loc[idx]
        col = _column(raw, rec, "value")
        if jump[idx]:
            out.append(
                Problem(
                    "jump",
                    int(rec["_row"]),
                    col,
                    rec["value"],
                    f"与上年（{r['year'] - 1}年 {r['prev']:g}）相比变化超过 {JUMP:g} 倍"
                    f"（现为 {r['value']:g}）：请核对单位与数值",
                    f"more than {JUMP:g}× away from the previous year ({r['year'] - 1}: {r['prev']:g}; "
                    f"now {r['value']:g}): check the unit and the value",
                )
            )
        if offi[idx]:
            out.append(
                Problem(
                    "official_change",
                    int(rec["_row"]),
                    col,
                    rec["value"],
                    f"将修改已有的官方数值 {r['old']:g}（改为 {r['value']:g}）",
                    f"changes an existing official value {r['old']:g} (to {r['value']:g})",
                )
            )
    return out


def validate(
    data: bytes, file_name: str, *, allowed_areas: set[str] | str | None = None, current: pd.DataFrame | None = None
) -> Validation:
    """The one code path of the page and the CLI. ``allowed_areas``: None = not checked; "*" = all."""
    raw = read(data, file_name)
    v = Validation(
        file_name,
        hashlib.sha256(data).hexdigest(),
        len(data),
        raw,
        pd.DataFrame(columns=[*OUT_COLUMNS, "_row"]),
        errors=list(raw.problems),
    )
    if v.errors:
        return v
    if raw.df.empty:
        v.errors.append(
            Problem(
                "no_rows",
                raw.header_row + 1,
                "",
                "",
                "至少一行有数值的数据（模板中“数值”一列不能全空）",
                "at least one row with a value (the value column is empty)",
            )
        )
        return v
    cat = catalog.load(check=False) if not paths.parquet("areas").exists() else _store_catalog()
    allowed = (
        None if allowed_areas is None else (set(cat.areas["code"]) if allowed_areas == "*" else set(allowed_areas))
    )
    parsed, problems = check(raw, cat, allowed)
    v.errors += problems
    if v.errors:
        return v
    rows = parsed[list(OUT_COLUMNS)].copy()
    rows["year"] = rows["year"].astype("int32")
    rows["value"] = rows["value"].astype("float64")
    rows["_row"] = raw.df["_row"].astype("int64")
    v.rows = rows.reset_index(drop=True)
    if current is None:
        current = store.actuals()
    v.warnings = suspicious(v.rows, current, raw)
    return v


def _store_catalog() -> catalog.Catalog:
    return catalog.Catalog(**{name: store.table(name) for name in paths.CATALOG_TABLES})
