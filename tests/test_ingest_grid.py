"""The vectorised reader paths give exactly what the per-cell code gave (issue 16 (d)).

``grid.records`` (numpy over columns) against ``grid.records_loop`` (row by row, the former code);
``text.clean_rows`` against ``clean`` per cell; ``plausible.bounds_table`` (column by column)
against one ``Bound`` per indicator × area as the former code built it — on generated inputs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipdash.ingest import plausible
from ipdash.sheets import grid, read
from ipdash.sheets.limits import Deadline
from ipdash.sheets.text import clean, clean_rows
from ipdash.strings import ingest as vocab

# cells that matter: blanks, totals (any case, spaced, full-width), comments, numbers, names
WORDS = [*vocab.BLANK_WORDS, *vocab.TOTAL_WORDS, "合 计", "Total", "ＴＯＴＡＬ", "合计（全区）", "#note", "# x"]
CELL = st.one_of(st.sampled_from(WORDS), st.sampled_from(["", "", "a", "b1", "12", "3.5", "2024"]), st.text(max_size=4))


@st.composite
def layouts(draw):
    width = draw(st.integers(2, 6))
    fields = draw(st.permutations(["area", "indicator", "year", "value", "unit", "note"]))
    cols = list(range(width))
    where = {f: c for f, c in zip(fields, draw(st.permutations(cols)), strict=False) if draw(st.booleans())}
    long = draw(st.booleans()) and "value" in where
    if long:
        value_cols: list[tuple[int | None, int]] = [(None, where["value"])]
    else:
        picks = draw(st.lists(st.sampled_from(cols), min_size=1, max_size=width, unique=True))
        value_cols = [(2000 + k, j) for k, j in enumerate(picks)]
        if draw(st.booleans()):  # a long column among wide ones: the year cell is read
            value_cols.insert(draw(st.integers(0, len(value_cols))), (None, picks[0]))
    start = draw(st.integers(0, 2))
    rows = draw(st.lists(st.lists(CELL, max_size=width + 1), max_size=25))
    rows = [[clean(c) for c in r] for r in rows]
    lay = grid.Layout(
        draw(st.sampled_from(["", "S1"])),
        start,
        where,
        value_cols,
        [f"h{j}" for j in range(width)],
        [draw(st.sampled_from(["", "万件"])) for _ in range(width)],
        draw(st.booleans()),
        draw(st.sampled_from(["", "万元"])),
        "above",
    )
    fmts = {(i, j): "0.0,," for i in range(len(rows)) for j in range(width) if draw(st.booleans())} if rows else {}
    return rows, lay, fmts


def _cols() -> dict[str, list]:
    # the grid fills every record column but the title's two, which read._sheet_records adds per sheet after it
    return {k: [] for k in read.COLUMNS if k not in ("_title", "_tyear")}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_records_match_the_row_loop(case):
    rows, lay, fmts = case
    a, b = _cols(), _cols()
    got = grid.records(rows, lay, a, fmts, Deadline())
    want = grid.records_loop(rows, lay, b, fmts, Deadline(), {}, lambda *x: None)
    assert got == want
    assert a == b
    assert all(len(v) == got[0].values for v in a.values())


def test_base_fields_are_the_readers():
    assert grid.BASE_FIELDS == read.BASE_FIELDS


@given(st.lists(st.lists(st.one_of(CELL, st.none(), st.floats(allow_nan=True), st.integers(-5, 5)), max_size=5)))
def test_clean_rows_is_clean_per_cell(rows):
    assert clean_rows(rows) == [[clean(c) for c in r] for r in rows]


def _former_bound(measure: str, unit: str, population: float) -> tuple:
    from ipdash.sheets import units

    nan = math.nan
    if measure == "count":
        f = units.factor(plausible.COUNT_BASE_UNIT, unit)
        if f is not None:
            scale = units.parse_unit(unit)
            whole = scale is not None and scale[0] == 1.0
            return 0.0, min(population * plausible.COUNT_PER_RESIDENT * f, plausible.ABSURD), "count", population, whole
    if measure == "money":
        f = units.factor(vocab.MONEY_BASE, unit)
        if f is not None:
            return 0.0, min(population * plausible.YUAN_PER_RESIDENT * f, plausible.ABSURD), "money", population, False
    if measure == "per_capita":
        return 0.0, plausible.PER_10K_MAX, "per_capita", nan, False
    if measure == "duration":
        f = units.factor(plausible.DAY_UNIT, unit)
        if f is not None:
            return 0.0, plausible.DAYS_MAX * f, "duration", nan, False
    if measure == "percent":
        return 0.0, 100.0, "percent", nan, False
    return -plausible.ABSURD, plausible.ABSURD, "any", nan, False


UNITS = ["件", "万件", "家", "项", "亿元", "万元", "元", "天", "%", "件/万人", "xyz", ""]
MEASURES = ["count", "money", "per_capita", "duration", "percent", "other"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(MEASURES), st.sampled_from(UNITS)), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), st.floats(0, 3e7), st.just(-1.0)), min_size=1, max_size=8),
)
def test_bounds_table_matches_one_bound_per_pair(inds, pops):
    indicators = pd.DataFrame({"code": [f"i{k}" for k in range(len(inds))], "measure": [m for m, _ in inds]})
    indicators["unit"] = [u for _, u in inds]
    areas = pd.DataFrame({"code": [f"a{k}" for k in range(len(pops))], "population": pops})
    got = plausible.bounds_table(indicators, areas)
    pop = plausible._population(areas)
    want = pd.DataFrame(
        [(i, a, *_former_bound(m, u, p)) for i, m, u in zip(indicators["code"], *zip(*inds)) for a, p in pop.items()],
        columns=["indicator", "area", *plausible.Bound._fields],
    )
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_dtype=False)
    assert got["whole"].dtype == np.bool_
    for r in got.itertuples():
        assert plausible.bound(
            indicators.set_index("code").at[r.indicator, "measure"], inds[int(r.indicator[1:])][1], pop[r.area]
        )[:3] == (r.lo, r.hi, r.why)


def _former_check(parsed: pd.DataFrame, indicators: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    table = plausible.bounds_table(indicators, areas)
    m = parsed[["area", "indicator", "value"]].merge(table, on=["area", "indicator"], how="left")
    m.index = parsed.index
    v = m["value"].astype("float64")
    known = v.notna() & m["hi"].notna() & m["why"].ne("percent")
    in_range = ~known | (v <= m["hi"])
    in_range &= ~(v.notna() & (v.abs() > plausible.ABSURD))
    near = (v - v.round()).abs() <= plausible.WHOLE_TOL * np.maximum(1.0, v.abs())
    whole = ~(known & m["whole"].fillna(False).astype(bool) & in_range) | near
    out = m[["lo", "hi", "why", "population"]].copy()
    out["lo"], out["hi"] = out["lo"].fillna(-plausible.ABSURD), out["hi"].fillna(plausible.ABSURD)
    out["why"] = out["why"].fillna("any")
    out["in_range"] = in_range.astype(bool)
    out["whole"] = whole.astype(bool)
    return out


VALUES = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.5, 3.0, 1e7, 2e16, -4.0])
)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(MEASURES), st.sampled_from(UNITS)), min_size=1, max_size=5),
    st.lists(st.one_of(st.none(), st.floats(1, 3e7)), min_size=1, max_size=5),  # a catalog has both
    st.lists(
        st.tuples(
            st.sampled_from(["a0", "a1", "a4", "zz", None]), st.sampled_from(["i0", "i2", "i4", "q", None]), VALUES
        ),
        max_size=30,
    ),
)
def test_check_matches_the_merge(inds, pops, rows):
    indicators = pd.DataFrame({"code": [f"i{k}" for k in range(len(inds))], "measure": [m for m, _ in inds]})
    indicators["unit"] = [u for _, u in inds]
    areas = pd.DataFrame({"code": [f"a{k}" for k in range(len(pops))], "population": pops})
    parsed = pd.DataFrame(
        {
            "area": pd.Series([a for a, _, _ in rows], dtype=object),
            "indicator": pd.Series([i for _, i, _ in rows], dtype=object),
            "value": pd.Series([v for _, _, v in rows], dtype="float64"),
        },
        index=pd.RangeIndex(len(rows)) + 7,
    )
    pd.testing.assert_frame_equal(
        plausible.check(parsed, indicators, areas), _former_check(parsed, indicators, areas), check_exact=True
    )


def _lookup_fresh(df: pd.DataFrame) -> dict[str, str]:
    """``parse.lookup`` as it was before its map was kept per catalog content."""
    import re

    from ipdash import catalog

    m = catalog.alias_map(df)
    for k, v in list(m.items()):
        m.setdefault(re.sub(r"\s+", "", k), v)
        m.setdefault(k.replace("’", "'"), v)
    return m


def test_lookup_kept_per_catalog_content_is_the_fresh_map():
    from ipdash.ingest import parse

    a = pd.DataFrame(
        {"code": ["x", "y"], "name_zh": ["甲 区", None], "name_en": ["A’s", np.nan], "aliases": [pd.NA, "b|c"]}
    )
    b = a.assign(name_zh=["甲 区", "None"])  # None and the text "None" differ: "none" is a name only in b
    c = a.assign(code=["x", "z"])
    for df in (a, b, a, c, b):
        got = parse.lookup(df)
        assert got == _lookup_fresh(df)
        got["mutated"] = "q"  # a caller's change never reaches the kept map
        assert "mutated" not in parse.lookup(df)
    assert "none" in parse.lookup(b) and "none" not in parse.lookup(a)
    assert parse.lookup(c)["b"] == "z"
