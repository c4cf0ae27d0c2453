"""The catalog frames (targets table, superseded targets, target documents) are kept on disk by the
catalog files' own version: an upload (new actuals) or a restart reads them back, and a change of
the catalog makes them again — a kept frame is never used for another catalog."""

from __future__ import annotations

import pandas as pd

from ipdash import catalog, paths
from ipdash.frames import sources
from ipdash.store import cache, read, write


def _forget():
    cache._memo.clear()
    read._tables.clear()
    read._versions.clear()


def _fresh(lang: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The three frames made from nothing kept (memory and disk)."""
    _forget()
    for p in cache.cache_dir().glob("*.parquet"):
        p.unlink()
    return sources.targets_table(lang), sources.target_documents(lang), sources.superseded()


def test_read_back_equals_made(fresh_data):
    for lang in ("zh", "en"):
        made = _fresh(lang)
        _forget()  # a restarted process: read from disk
        back = sources.targets_table(lang), sources.target_documents(lang), sources.superseded()
        pd.testing.assert_frame_equal(back[0], made[0])
        pd.testing.assert_frame_equal(back[1], made[1])
        assert back[2] == made[2]
    assert any(cache.cache_dir().glob("targets_table-*.parquet"))


def test_an_upload_keeps_them(fresh_data, monkeypatch):
    made = _fresh("zh")
    version = sources.catalog_version()
    path = paths.parquet("actuals")
    act = pd.read_parquet(path)
    act.loc[act.index[-1], "value"] = act["value"].iloc[-1] * 1.01 + 1
    write.write_parquet(act, path)
    _forget()
    assert sources.catalog_version() == version
    monkeypatch.setattr(catalog, "superseded_by", lambda *a: (_ for _ in ()).throw(AssertionError("made again")))
    pd.testing.assert_frame_equal(sources.targets_table("zh"), made[0])
    assert sources.superseded() == made[2]


def test_a_catalog_change_makes_them_again(fresh_data):
    _fresh("zh")
    path = paths.parquet("targets")
    targets = pd.read_parquet(path)
    tid = str(targets["target_id"].iloc[0])
    targets.loc[targets.index[0], "clause"] = "一条改过的条文"
    write.write_parquet(targets, path)
    _forget()
    table = sources.targets_table("zh")
    assert table.loc[table["target_id"] == tid, "clause"].tolist() == ["一条改过的条文"]
    kept = sorted(cache.cache_dir().glob("targets_table-*.parquet"))
    _forget()
    pd.testing.assert_frame_equal(sources._targets_table("zh"), table)
    assert len(kept) == 1  # the other catalog's file was replaced, not kept beside it
