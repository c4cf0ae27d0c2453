"""``parse.parse`` column by column gives exactly what the former per-row code gave (issue 26 (d)).

The former body of ``parse`` (a Python tuple per row for every field, a dict of unit-statement keys, one
list comprehension per output column) is kept below as the reference; both run on tables read from
generated CSV bytes (areas, indicators, years, values with units, estimate markers and notes, unit
columns, provenance words, sources, confidence) and must give equal frames, dtypes included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipdash import schema
from ipdash.ingest import parse, plausible
from ipdash.sheets import read as ingest_read
from ipdash.sheets.units import parse_number, parse_unit
from ipdash.store import read
from ipdash.strings import ingest as vocab


def _former_estimate_marked(df: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    value = df["value"].astype(str)
    marked = np.array(parse._by_unique(value, lambda s: bool(parse._EST_MARK.search(s))), dtype=bool)
    noted = np.array(
        parse._by_unique(df["note"].astype(str), lambda s: bool(parse._EST_NOTE.search(s.lower()))), dtype=bool
    )
    stripped = value.where(~marked, value[marked].map(lambda s: parse._EST_MARK.sub("", s).strip()))
    return stripped, marked | noted


def _former_parse(raw, indicators, areas, proposed_area=None) -> pd.DataFrame:
    """The per-row body of ``parse`` before issue 26's third stop (ipdash 7852a98), unchanged."""
    df = raw.df
    ind_lu = parse.lookup(indicators)
    units = dict(zip(indicators["code"], indicators["unit"]))
    units_en = dict(zip(indicators["code"], indicators["unit_en"]))
    out = pd.DataFrame(index=df.index)
    out["area"], out["area_from"] = parse._areas(df, areas, proposed_area)
    ind = parse._by_unique(df["indicator"], lambda s: parse.match(s, ind_lu))
    out["indicator"] = pd.Series([x[0] for x in ind], index=df.index, dtype=object)
    years = parse._by_unique(df["year"], parse.year_of)
    out["year"] = pd.array([y if not partial else None for y, partial in years], dtype="Int64")
    out["year_partial"] = [partial for _, partial in years]
    values, estimated = _former_estimate_marked(df)
    nums = parse._by_unique(values, parse_number)
    out["number"] = np.array([x[0] if x[0] is not None else np.nan for x in nums], dtype="float64")
    inline = [x[1] for x in nums]
    out["inline_ok"] = [u == "" or parse_unit(u) is not None for u in inline]
    name_units = [x[1] for x in ind]
    cols = [df[c].tolist() for c in ("_fmt", "unit", "_hunit", "_tunit", "_twhere")]
    fmt, cell, hunit, tunit, twhere = cols
    keys = list(zip(inline, fmt, cell, hunit, name_units, tunit, twhere, out["indicator"].tolist()))
    memo = {k: parse._unit_of(k, units, units_en) for k in dict.fromkeys(keys)}
    res = [memo[k] for k in keys]
    out["unit_src"] = [r[1] for r in res]
    out["factor"] = pd.array([r[0] for r in res], dtype="Float64")
    out["unit_ok"] = [not r[2] for r in res]
    out["conflict_zh"] = [r[2] for r in res]
    out["conflict_en"] = [r[3] for r in res]
    out["conv_zh"] = [r[4] for r in res]
    out["conv_en"] = [r[5] for r in res]
    value = out["number"] * out["factor"].astype("float64")
    converted = out["factor"].astype("float64").fillna(1.0) != 1.0
    out["value"] = value.where(~converted, value[converted].map(parse._tidy))
    out["unit"] = out["indicator"].map(units)
    out = out.join(plausible.check(out, indicators, areas))
    out.loc[~np.isfinite(out["number"].fillna(0.0)), "in_range"] = True
    counts = out["whole"] & out["in_range"] & out["value"].notna() & (out["why"] == "count")
    out.loc[counts, "value"] = out.loc[counts, "value"].round()
    prov = parse._by_unique(df["provenance"], lambda s: vocab.PROVENANCE_WORDS.get(s.lower()) if s else "")
    said = np.where(estimated, "estimate", np.where(df["source_url"] != "", "official", "reported"))
    out["provenance"] = [(d if p == "" else p) for p, d in zip(prov, said)]
    out["confidence"] = df["confidence"].str.upper()
    for c in schema.upload_columns():
        if c not in out.columns:
            out[c] = df[c]
    known = out["area"].notna() & out["indicator"].notna() & out["year"].notna()
    out["key"] = (out["area"].astype(str) + "|" + out["indicator"].astype(str) + "|" + out["year"].astype(str)).where(
        known, None
    )
    return out


AREAS = st.sampled_from(["浦东", "浦东新区", "Pudong", "杨浦", "静安区", "火星", "", "上海市浦东新区", "pudong"])
INDS = st.one_of(
    st.sampled_from(
        ["PCT", "有效发明专利拥有量", "研发投入强度", "技术合同成交额（万元）", "未知指标", "tech_contracts"]
    ),
    st.just("技术合同成交额(亿元)"),
)
YEARS = st.sampled_from(["2023", "２０２４年", "2022年", "FY2021", "1899", "2025年1-6月", "", "2024-01-01", "x"])
VALUES = st.one_of(
    st.integers(0, 10**7).map(str),
    st.floats(0, 1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["3.2万", "12.5%", "-5", "abc", "1e400", "１２３", "约12", "12（估）", "1 234", "5亿元", "7件"]),
)
UNITS = st.sampled_from(["", "件", "万件", "亿元", "万元", "%", "件/万人", "kg", "万"])
PROVS = st.sampled_from(["", "官方", "official", "估算", "reported", "不知道", "Estimate"])
NOTES = st.sampled_from(["", "估算", "预计全年", "ok", "ESTIMATE"])
URLS = st.sampled_from(["", "https://example.org/a"])
CONF = st.sampled_from(["", "a", "B", "c", "Z"])
HEADER = ["地区", "指标", "年份", "数值", "单位", "数据性质", "备注", "来源", "可信度"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(AREAS, INDS, YEARS, VALUES, UNITS, PROVS, NOTES, URLS, CONF).map(list), min_size=1, max_size=25
    ),
    title_unit=st.sampled_from(["", "单位：万元", "单位：件"]),
    header_unit=st.sampled_from(["数值", "数值（万件）", "数值(亿元)"]),
)
def test_parse_matches_the_former_per_row_code(built_data, rows, title_unit, header_unit):
    head = [*HEADER[:3], header_unit, *HEADER[4:]]
    lines = ([title_unit] if title_unit else []) + [",".join(head)] + [",".join(r) for r in rows]
    raw = ingest_read.read(("\n".join(lines) + "\n").encode(), "t.csv")
    event("compared" if not raw.problems and not raw.df.empty else "unread")
    if raw.problems or raw.df.empty:
        return
    indicators, areas = read.table("indicators"), read.table("areas")
    for proposed in (None, "pudong"):
        got = parse.parse(raw, indicators, areas, proposed_area=proposed)
        want = _former_parse(raw, indicators, areas, proposed)
        pd.testing.assert_frame_equal(got, want)
