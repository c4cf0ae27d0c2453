"""The published track record (issue 24 item 7): what the CLI prints, the Targets & sources section
shows and docs/methods.md / README.md quote is what the code computes from past verdicts."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pandas as pd

from ipdash import paths
from ipdash.settings import ViewSettings


def test_every_call_is_the_past_verdict_on_real_figures(built_data):
    from ipdash.frames import track, verdicts

    c = track.calls()
    assert len(c) >= 10 and set(c["call"]) <= set(track.CALLS)
    final = verdicts.evaluate(view=ViewSettings(include_illustrative=False)).set_index("target_id")
    for r in c.sample(min(len(c), 6), random_state=0).to_dict("records"):
        assert r["as_of"] < r["target_year"]
        past = verdicts.evaluate(view=ViewSettings(as_of=r["as_of"], include_illustrative=False))
        row = past.set_index("target_id").loc[r["target_id"]]
        assert row["status"] == r["call"] and not row["uses_illustrative"]
        assert final.loc[r["target_id"], "status"] == r["outcome"]
        if r["call"] != "at_risk":
            assert r["hit"] == ((r["call"] == "on_track") == (r["outcome"] == "achieved"))


def test_summary_cli_and_docs_agree(built_data):
    from ipdash.cli import main as cli
    from ipdash.frames import track

    s = track.summary("en").set_index("call")
    c = track.calls()
    for call in track.CALLS:
        g = c[c["call"] == call]
        assert s.loc[call, "n_calls"] == len(g)
        assert s.loc[call, "n_achieved"] == int((g["outcome"] == "achieved").sum())
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli.main(["track-record", "--lang", "en"]) == 0
    printed = pd.read_csv(io.StringIO(buf.getvalue())).set_index("call")
    assert printed["n_calls"].to_dict() == s["n_calls"].to_dict()
    methods = (paths.REPO / "docs" / "methods.md").read_text(encoding="utf-8")
    assert track.sentence("en") in methods
    for r in s.reset_index().itertuples():
        assert f"| {r.label} | {r.n_calls} | {r.n_achieved} | {r.n_missed} |" in methods
    readme = (paths.REPO / "README.md").read_text(encoding="utf-8")
    on, off = s.loc["on_track"], s.loc["off_track"]
    assert f'{on["n_achieved"]} of {on["n_calls"]} "on track" calls then achieved' in readme
    assert f'{off["n_missed"]} of {off["n_calls"]} "off track" missed' in readme
    assert "track.sentence" and track.sentence("zh")


def test_kept_on_disk_for_the_next_process(fresh_data):
    from ipdash.frames import track
    from ipdash.store import cache

    made = track.calls()
    assert made["hit"].dtype == "boolean"  # Parquet-exact, so it can be kept
    assert len(list(cache.cache_dir().glob("track_record-*.parquet"))) == 1
    cache._memo.clear()  # as a new process (a restart): read back, not judged again
    pd.testing.assert_frame_equal(track.calls(), made)
