"""A commit's (or revert's) events come from judging only the targets of the series it changed
(``notify.run._Judge.touched``): the same events, in the same order, as judging every target on both
sides — on commits that move statuses, one that moves none, one that touches no target's series,
and reverts."""

from __future__ import annotations

import pandas as pd

from ipdash import store
from ipdash.ingest import commit, validate
from ipdash.notify import events as ev
from ipdash.notify import run
from ipdash.store import read
from tests.corpus import helpers

HEAD = ["area", "indicator", "year", "value"]


def _commit(user, rows: list[list], name: str) -> str:
    raw = helpers.csv_bytes([HEAD, *rows])
    v = validate.validate(raw, name, allowed_areas={"pudong", "yangpu"})
    assert v.ok, v.errors
    return str(commit.commit(v, raw, user, confirm_warnings=True)["batch_id"])


def _latest(area: str, indicator: str) -> tuple[int, float]:
    s = read.actuals(areas=[area], indicators=[indicator])
    year = int(s["year"].max())
    return year, float(s.loc[s["year"] == year, "value"].iloc[-1])


def test_judging_the_touched_series_only_gives_every_event(fresh_data, monkeypatch):
    monkeypatch.setattr(commit, "_listeners", [])  # no alerts sent: this test derives by hand
    user = helpers.add_user()
    y, v = _latest("pudong", "hv_invention_per10k")  # one series, four targets (PD22-01 … PD25-01)
    y2, v2 = _latest("yangpu", "invention_per10k")
    moved = _commit(user, [["pudong", "hv_invention_per10k", y, round(v * 0.2, 1)]], "a.csv")
    both = _commit(
        user,
        [["yangpu", "invention_per10k", y2, round(v2 * 3, 1)], ["pudong", "hv_invention_per10k", y, round(v * 2, 1)]],
        "b.csv",
    )
    yn, vn = _latest("pudong", "trademarks")  # a series no target follows
    _commit(user, [["pudong", "trademarks", yn, vn + 1]], "c.csv")
    _commit(user, [["pudong", "hv_invention_per10k", y, round(v * 2, 1) + 0.1]], "d.csv")  # a small move
    commit.revert(moved, user)
    commit.revert(both, user)
    st = store.current()
    judge = run._Judge(st, st.read_batches())
    n_targets = len(read.table("targets"))
    seen, judged = [], []
    for version, at in run.occurrences(st.read_batches()):
        then = at - pd.Timedelta(microseconds=1)
        series = judge.touched(then, at)
        every = ev.status_events(judge.at(then), judge.at(at), version=version)
        some_before, some_after = judge.at(then, series), judge.at(at, series)
        some = ev.status_events(some_before, some_after, version=version)
        assert [repr(e) for e in some] == [repr(e) for e in every], version
        seen += every
        judged.append(len(some_after))
        assert len(some_before) == len(some_after) < n_targets
    assert len(judged) == 6 and judged[2] == 0  # the series no target follows: nothing judged
    assert {e.target_id for e in seen} >= {"YP26-02"} and len(seen) >= 3  # statuses moved, and back
    assert any(e.version == f"{both}{run.REVERTED}" for e in seen)  # a revert's events too
