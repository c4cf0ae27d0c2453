"""Superseded targets (issue 24): a target a later document replaced for the same area × indicator
is still judged and listed, names the newer target, and is not shown as the current goal."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pandas as pd
import pytest

from ipdash import catalog
from ipdash.settings import ViewSettings

EXPECTED = {"PD25-01": "PD24-01", "PD25-02": "PD23-02", "SH25-04": "SH25-01"}


def _docs(**issued: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(issued), "issued": list(issued.values())})


def _t(tid, doc, year, value, *, start=None, comparator="ge", agg="level", area="a", ind="i"):
    return {
        "target_id": tid,
        "doc_id": doc,
        "target_year": year,
        "period_start": start if start is not None else year,
        "value": value,
        "comparator": comparator,
        "aggregation": agg,
        "area": area,
        "indicator": ind,
    }


def test_the_rule():
    docs = _docs(plan="2021-08", work="2024-03", undated="", later="2025-01")
    rows = [
        _t("FYP", "plan", 2025, 50, start=2021),
        _t("W24", "work", 2024, 85),  # later document, a year inside FYP's period, asks more: supersedes
        _t("LOW", "later", 2023, 10),  # asks less for an earlier year: a step on the way, not a replacement
        _t("U", "undated", 2025, 99),  # no issue date: supersedes nothing
        _t("OTHER", "work", 2025, 10, ind="j"),  # another indicator
    ]
    got = catalog.superseded_by(pd.DataFrame(rows), docs)
    assert got == {"FYP": "W24"}
    # same year: any later value supersedes, even a lower one; a ceiling asks more when lower
    rows = [_t("E", "plan", 2025, 50, start=2021), _t("L", "work", 2025, 40)]
    assert catalog.superseded_by(pd.DataFrame(rows), docs) == {"E": "L"}
    rows = [_t("E", "plan", 2025, 50, start=2021, comparator="le"), _t("L", "work", 2023, 40, comparator="le")]
    assert catalog.superseded_by(pd.DataFrame(rows), docs) == {"E": "L"}
    # a later target for a year after the earlier one's leaves it standing (an annual target stays)
    rows = [_t("A23", "plan", 2023, 45), _t("A25", "work", 2025, 60)]
    assert catalog.superseded_by(pd.DataFrame(rows), docs) == {}


def test_the_catalog(built_data):
    cat = catalog.load()
    assert catalog.superseded_by(cat.targets, cat.documents) == EXPECTED


def test_status_and_targets_cli_name_the_newer_target(built_data):
    from ipdash.cli import main as cli

    for cmd in (["status"], ["targets"], ["status", "--method", "linear"]):
        buf = io.StringIO()
        with redirect_stdout(buf):
            assert cli.main(cmd) == 0
        df = pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False)
        got = {r["target_id"]: r["superseded_by"] for r in df.to_dict("records") if r["superseded_by"]}
        assert got == EXPECTED, cmd
    assert len(df) == len(catalog.load().targets)  # still judged, every one


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_views_keep_it_judged_but_not_current(built_data, lang):
    from ipdash.frames import compare, meeting, sources, verdicts

    f = verdicts.status_frame(view=ViewSettings(lang=lang))
    old = f[f["superseded_by"] != ""]
    assert set(old["target_id"]) == set(EXPECTED) and old["status"].notna().all()
    note = dict(zip(f["target_id"], f["superseded_note"]))
    assert "PD24-01" in note["PD25-01"] and "SH25-01" in note["SH25-04"]
    assert ("已被后续文件更新" if lang == "zh" else "Superseded") in note["PD25-01"]
    # out of the overview's tiles by default, in with the switch
    assert not set(EXPECTED) & set(verdicts.filter_status(f, superseded=False)["target_id"])
    assert set(EXPECTED) <= set(verdicts.filter_status(f)["target_id"])
    # out of the deck by default, in with the switch
    assert not set(EXPECTED) & set(meeting.load(view=ViewSettings(lang=lang)).results["target_id"])
    shown = meeting.load(view=ViewSettings(lang=lang, include_superseded=True)).results
    assert set(EXPECTED) <= set(shown["target_id"])
    # listed on Targets & sources with the newer target named
    t = sources.targets_table(lang).set_index("target_id")
    assert t.loc["PD25-01", "superseded_by"] == "PD24-01" and t.loc["PD24-01", "superseded_by"] == ""
    # the compare page's targets name their document; the ranking never uses a superseded target
    ct = compare.compare_targets("hv_invention_per10k", view=ViewSettings(lang=lang)).set_index("target_id")
    assert ct["document"].str.len().gt(0).all()
    assert ct.loc["PD25-01", "superseded_by"] == "PD24-01" and "PD24-01" in ct.loc["PD25-01", "superseded_note"]
    rank = compare.compare_ranking("hv_invention_per10k", view=ViewSettings(lang=lang))
    assert not set(EXPECTED) & set(rank["target_id"].dropna())


def test_charts_draw_it_hollow_and_grey_and_every_marker_names_its_document(built_data):
    from ipdash.charts import figures, style
    from ipdash.frames import compare, detail

    view = ViewSettings(lang="en")
    t = compare.compare_targets("hv_invention_per10k", view=view)
    fig = figures.compare_figure(compare.compare_frame("hv_invention_per10k", view=view), t, "en")
    stars = [tr for tr in fig.data if tr.marker is not None and str(tr.marker.symbol).startswith("star")]
    by_id = {}
    for tr in stars:
        if tr.customdata is None:
            continue  # the legend's sample star
        text = tr.customdata[0]
        assert "Document: " in text, text
        by_id[text] = tr.marker
    old = [m for text, m in by_id.items() if "Superseded" in text]
    assert len(old) == 2  # PD25-01 and the city's 30左右
    assert all(m.symbol == "star-open" and m.color == style.LOW for m in old)
    assert all(m.symbol == "star" for text, m in by_id.items() if "Superseded" not in text)
    row = detail.target_row("PD25-01", view=view)
    dfig = figures.detail_figure(detail.detail_frame("PD25-01", view=view), row, "en")
    star = [tr for tr in dfig.data if tr.marker is not None and tr.marker.symbol == "star-open"]
    assert star and "PD24-01" in star[0].customdata[0] and "Document: " in star[0].customdata[0]
