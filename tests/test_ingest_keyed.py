"""Issue 16 (d): the suspicious-value check and the preview diff run in DuckDB on the uploaded keys
(``ipdash.ingest.keyed``) and give exactly what the former pandas code over every stored value gave."""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

from ipdash.ingest import commit, keyed, validate
from ipdash.store import read
from tests.corpus import helpers

KEY = ["area", "indicator", "year"]
COMPARED = list(commit.COMPARED)


def _reference_flags(rows: pd.DataFrame, current: pd.DataFrame, jump: float) -> pd.DataFrame:
    """The pandas code validate.suspicious had before (concat + drop_duplicates + two merges)."""
    after = pd.concat([current[[*KEY, "value"]], rows[[*KEY, "value"]]]).drop_duplicates(KEY, keep="last")
    prev = after.assign(year=after["year"] + 1).rename(columns={"value": "prev"})
    old = current[[*KEY, "value", "provenance"]].rename(columns={"value": "old", "provenance": "old_prov"})
    m = rows.reset_index().merge(prev, on=KEY, how="left").merge(old, on=KEY, how="left").set_index("index")
    j = m["prev"].notna() & (m["prev"] > 0) & ((m["value"] > jump * m["prev"]) | (m["value"] < m["prev"] / jump))
    o = m["old_prov"].eq("official") & m["old"].notna() & ~np.isclose(m["old"].fillna(0), m["value"], rtol=1e-9, atol=0)
    sel = m[j | o]
    return pd.DataFrame(
        {"i": sel.index, "prev": sel["prev"], "old": sel["old"], "jump": j[j | o], "official": o[j | o]}
    ).reset_index(drop=True)


def _reference_old(rows: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The pandas code commit.preview had before (a merge with every stored value)."""
    old = current[KEY + COMPARED].rename(columns={c: f"old_{c}" for c in COMPARED})
    return rows.merge(old, on=KEY, how="left")[[f"old_{c}" for c in COMPARED]]


def _case(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A store and an upload that hit every branch: jumps on the stored or the uploaded previous
    year, a zero or missing previous value, official values changed by a rounding error or
    really, new keys, series the store does not have."""
    rng = np.random.default_rng(seed)
    areas, inds = ["a1", "a2", "a3"], ["i1", "i2"]
    cur = pd.DataFrame([(a, i, y) for a in areas[:2] for i in inds for y in range(2015, 2025)], columns=KEY).astype(
        {"year": "int64"}
    )
    n = len(cur)
    cur["value"] = rng.choice([0.0, np.nan, 10.0, 100.0, 1000.0], n, p=[0.1, 0.1, 0.3, 0.3, 0.2])
    cur["unit"] = "件"
    cur["provenance"] = rng.choice(["official", "illustrative", "reported"], n)
    cur["confidence"] = rng.choice(["A", "B", ""], n)
    cur["source_url"] = rng.choice(["", "https://example.org/x"], n)
    cur["note"] = ""
    keys = [(a, i, y) for a in areas for i in inds for y in range(2013, 2027)]
    pick = rng.choice(len(keys), 60, replace=False)
    rows = pd.DataFrame([keys[k] for k in sorted(pick)], columns=KEY).astype({"year": "int32"})
    rows["value"] = rng.choice([1.0, 10.0, 10.0 * (1 + 1e-12), 31.0, 40.0, 100.0, 400.0], len(rows))
    for c, v in (("unit", "件"), ("provenance", "reported"), ("confidence", "B"), ("source_url", ""), ("note", "")):
        rows[c] = v
    return rows.sample(frac=1, random_state=seed).reset_index(drop=True), cur


@pytest.mark.parametrize("seed", range(12))
def test_suspicious_in_duckdb_flags_exactly_what_pandas_flagged(seed):
    rows, cur = _case(seed)
    got = keyed.suspicious(rows, cur, validate.JUMP)
    want = _reference_flags(rows, cur, validate.JUMP)
    assert len(want) > 0
    assert got["i"].tolist() == want["i"].tolist()
    assert got["jump"].astype(bool).tolist() == want["jump"].tolist()
    assert got["official"].astype(bool).tolist() == want["official"].tolist()
    np.testing.assert_allclose(got["prev"].astype(float), want["prev"].astype(float), equal_nan=True)
    np.testing.assert_allclose(got["old"].astype(float), want["old"].astype(float), equal_nan=True)


@pytest.mark.parametrize("seed", range(12))
def test_preview_in_duckdb_finds_exactly_the_old_values_pandas_found(seed):
    rows, cur = _case(seed)
    got = keyed.old_values(rows, cur)
    want = _reference_old(rows, cur)
    np.testing.assert_allclose(got["old_value"], want["old_value"], equal_nan=True)
    for c in COMPARED[1:]:
        assert got[f"old_{c}"].fillna("").tolist() == want[f"old_{c}"].fillna("").tolist(), c
    diff = commit.preview(types.SimpleNamespace(rows=rows.assign(_row=range(2, len(rows) + 2))), cur)
    assert set(diff["status"]) <= {"new", "changed", "unchanged"} and len(diff) == len(rows)
    assert (diff["status"] == "new").sum() == int(want["old_value"].isna().sum())


def test_empty_upload_asks_nothing_of_the_store():
    rows, cur = _case(0)
    assert keyed.suspicious(rows.iloc[0:0], cur, validate.JUMP).empty
    assert list(keyed.old_values(rows.iloc[0:0], cur).columns) == [f"old_{c}" for c in COMPARED]


def test_validate_and_preview_never_load_every_stored_value(fresh_data, monkeypatch):
    """The whole actuals table in pandas (1 M rows at county scale) is what made (d) slow."""

    def whole_table(*args, **kwargs):
        raise AssertionError("validate/preview loaded every stored actual into pandas")

    monkeypatch.setattr(read, "actuals", whole_table)
    monkeypatch.setattr(pd, "read_parquet", whole_table)
    data = helpers.csv_bytes(
        [
            ["地区", "指标", "年份", "数值", "单位"],
            ["浦东", "有效发明专利拥有量", 2024, "8.2万", ""],
            ["杨浦", "PCT国际专利申请量", 2016, "120", "件"],
        ]
    )
    v = validate.validate(data, "up.csv", allowed_areas="*")
    assert v.ok, v.errors
    diff = commit.preview(v)
    assert sorted(diff["status"]) == ["changed", "new"]


def _former_preview(v, current: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """``commit.preview`` as it was before its sort took a rank from the flags (ipdash ca7c92e)."""
    rows = v.rows.assign(conversion=v.rows.get(f"conv_{lang}", ""))
    m = rows.join(keyed.old_values(rows, current))
    exists = m["old_value"].notna()
    same = exists & np.isclose(m["value"], m["old_value"].fillna(np.nan), rtol=1e-9, atol=0)
    for c in COMPARED[1:]:
        same &= m[c].fillna("") == m[f"old_{c}"].fillna("")
    m["status"] = np.where(~exists, "new", np.where(same, "unchanged", "changed"))
    order = {"changed": 0, "new": 1, "unchanged": 2}
    m = m.sort_values(["status", "area", "indicator", "year"], key=lambda s: s.map(order) if s.name == "status" else s)
    cols = ["status", "_row", *KEY, "old_value", "value", "unit", "old_provenance", "provenance", "source_url"]
    return m[[*cols, "note", "conversion"]].rename(columns={"value": "new_value"}).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(12))
def test_preview_is_the_former_preview(seed):
    rows, cur = _case(seed)
    rng = np.random.default_rng(seed)
    same = cur[cur["value"].notna()].sample(6, random_state=seed).astype({"year": "int32"})  # unchanged values
    rows = pd.concat([rows, same[rows.columns]], ignore_index=True)
    rows = rows.assign(_row=rng.permutation(len(rows)) + 2, conv_zh=rng.choice(["", "×10 000"], len(rows)))
    rows.loc[: len(rows) // 2, "area"] = rng.choice(["a1", "a2", "a3"], len(rows) // 2 + 1)  # ties: file order
    v = types.SimpleNamespace(rows=rows)
    got = commit.preview(v, cur)
    assert got["status"].nunique() == 3
    pd.testing.assert_frame_equal(got, _former_preview(v, cur))
