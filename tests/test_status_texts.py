"""The status frame's display texts are kept per judgement key (``frames.status_texts``): a status frame
made with kept texts equals one made from nothing, a restarted process makes none again, and a change of
a target's inputs (its series, its catalog row) gives that target new texts — only it."""

from __future__ import annotations

import pandas as pd

from ipdash import paths
from ipdash.frames import status_texts, verdicts
from ipdash.settings import ViewSettings
from ipdash.store import cache, read, write


def _forget(*, texts: bool = False) -> None:
    """As a restarted process: nothing in memory, the kept frames gone; ``texts``: the kept texts too."""
    cache._memo.clear()
    read._tables.clear()
    read._versions.clear()
    for p in cache.cache_dir().glob("status_frame-*.parquet"):
        p.unlink()
    if texts:
        for p in cache.cache_dir().glob("texts-*.marshal"):
            p.unlink()


def _made_from_nothing(lang: str) -> pd.DataFrame:
    _forget(texts=True)
    return verdicts.status_frame(view=ViewSettings(lang=lang))


def _counting(monkeypatch) -> list[str]:
    """The indicators of the rows whose texts are made from now on (``_texts``' calls)."""
    made: list[str] = []

    def counted(frame, lang):
        made.extend(frame["indicator"].astype(str))
        return _REAL_TEXTS(frame, lang)

    monkeypatch.setattr(verdicts, "_texts", counted)
    return made


_REAL_TEXTS = verdicts._texts


def test_kept_texts_give_the_same_frame(fresh_data, monkeypatch):
    for lang in ("zh", "en"):
        want = _made_from_nothing(lang)
        assert any(cache.cache_dir().glob("texts-*.marshal"))
        made = _counting(monkeypatch)
        _forget()
        got = verdicts.status_frame(view=ViewSettings(lang=lang))
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert made == []  # every text came from the kept file
        monkeypatch.setattr(verdicts, "_texts", _REAL_TEXTS)


def test_a_changed_series_gives_its_targets_new_texts(fresh_data, monkeypatch):
    before = _made_from_nothing("zh")
    path = paths.parquet("actuals")
    act = pd.read_parquet(path)
    targets = read.table("targets")
    judged = before[before["basis"] != "actual"]
    area, indicator = judged[["area", "indicator"]].iloc[0]
    series = act.index[(act["area"] == area) & (act["indicator"] == indicator)]
    latest = act.loc[series, "year"].idxmax()
    act.loc[latest, "value"] = act.loc[latest, "value"] * 3 + 7
    write.write_parquet(act, path)
    made = _counting(monkeypatch)
    _forget()
    got = verdicts.status_frame()
    n_changed = int(((targets["area"] == area) & (targets["indicator"] == indicator)).sum())
    assert 0 < len(made) <= n_changed and set(made) == {indicator}  # only the changed series' targets
    monkeypatch.setattr(verdicts, "_texts", _REAL_TEXTS)
    pd.testing.assert_frame_equal(got, _made_from_nothing("zh"), check_exact=True)
    rows = got["area"].eq(area) & got["indicator"].eq(indicator)
    assert not got.loc[rows, "current_text"].equals(before.loc[rows, "current_text"])


def test_a_changed_catalog_row_gives_its_target_new_texts(fresh_data):
    _made_from_nothing("zh")
    path = paths.parquet("targets")
    targets = pd.read_parquet(path)
    tid = str(targets["target_id"].iloc[0])
    targets.loc[targets.index[0], "value"] = float(targets["value"].iloc[0]) * 2 + 1
    write.write_parquet(targets, path)
    _forget()
    got = verdicts.status_frame()
    pd.testing.assert_frame_equal(got, _made_from_nothing("zh"), check_exact=True)
    assert got.loc[got["target_id"] == tid, "target_text"].notna().all()


def test_the_kept_texts_module_on_its_own(tmp_path):
    calls: list[int] = []

    def make(rows: pd.DataFrame) -> list[tuple[str, ...]]:
        calls.append(len(rows))
        return [tuple(f"{c}:{v}" for c in status_texts.COLUMNS) for v in rows["v"]]

    rows = pd.DataFrame({"v": [1, 2, 3]})
    kw = {"cache_dir": tmp_path, "code": "c1"}
    first = status_texts.texts([10, 20, 30], rows, "zh", make, **kw)
    assert calls == [3] and first == make(rows)
    calls.clear()
    assert status_texts.texts([10, 20, 30], rows, "zh", make, **kw) == first and calls == []
    assert status_texts.texts([10, 20, 31], rows.assign(v=[1, 2, 9]), "zh", make, **kw)[2][0] == "target_text:9"
    assert calls == [1]  # only the new key
    assert status_texts.texts(None, rows, "zh", make, **kw) == first and calls == [1, 3]  # no keys: all made
    calls.clear()
    status_texts.texts([10, 20, 30], rows, "en", make, **kw)  # another language: its own file
    status_texts.texts([10, 20, 30], rows, "zh", make, cache_dir=tmp_path, code="c2")  # another code version
    assert calls == [3, 3]
    assert len(list(tmp_path.glob("texts-*.marshal"))) == 1  # the older code version's files are gone
    for p in tmp_path.glob("texts-*.marshal"):
        p.write_bytes(b"not marshal")
    calls.clear()
    assert status_texts.texts([10, 20, 30], rows, "zh", make, cache_dir=tmp_path, code="c2") == first
    assert calls == [3]  # an unreadable file: made again


def test_keys_go_through_the_kept_judgement_and_stay_hidden(fresh_data):
    judged = verdicts._judged(ViewSettings())
    assert set(status_texts.KEY_COLUMNS) <= set(judged.columns)
    res, keys = status_texts.split_keys(judged)
    assert keys is not None and len(set(keys)) == len(keys) == len(res)
    assert list(verdicts.evaluate().columns) == verdicts.EVALUATE_COLUMNS
    cache._memo.clear()  # read back from disk: the same keys
    assert status_texts.split_keys(verdicts._judged(ViewSettings()))[1] == keys
