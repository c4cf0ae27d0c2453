"""The frames behind the dashboard views (ipdash.frames.verdicts*), on the session's data copy."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ipdash import status_meta
from ipdash.engine import evaluate
from ipdash.frames import compare, detail, overview, tables, verdicts
from ipdash.settings import ViewSettings
from ipdash.store import read


@pytest.fixture(scope="module")
def engine(built_data):
    return evaluate.evaluate_all(read.table("targets"), read.actuals(), read.table("indicators"))


def test_status_frame_is_the_engine_result_with_names(engine):
    f = verdicts.status_frame(view=ViewSettings(lang="zh"))
    assert list(f["target_id"]) == list(engine["target_id"])
    assert list(f["status"]) == list(engine["status"])
    assert list(f["explanation"]) == list(engine["explanation_zh"])
    assert f["area_name"].notna().all() and f["indicator_name"].notna().all()
    assert f[["status_label", "status_icon", "target_text", "current_text"]].ne("").all().all()
    for r in f.to_dict("records"):
        meta = status_meta.STATUS_META[r["status"]]
        assert (r["status_label"], r["status_icon"], r["status_colour"]) == (meta["zh"], meta["icon"], meta["colour"])


def test_status_frame_english_labels(engine):
    f = verdicts.status_frame(view=ViewSettings(lang="en"))
    assert list(f["explanation"]) == list(engine["explanation_en"])
    assert set(f["status_label"]) <= {m["en"] for m in status_meta.STATUS_META.values()}
    assert not f["target_text"].str.contains("万").any()


def test_decided_targets_show_margin_open_targets_show_pace(engine):
    f = verdicts.status_frame(view=ViewSettings(lang="zh"))
    decided = f[f["basis"] == "actual"]
    assert decided["margin_text"].str.match(r"^(超额|差) ").all()
    open_ = f[f["status"].isin(["on_track", "at_risk", "off_track"])]
    assert (open_["p_meet_text"] != "—").any()
    assert (open_["required_text"] != "—").all()


def test_overview_counts_equal_status_counts(engine):
    counts = overview.overview_counts(view=ViewSettings(lang="zh"))
    expected = evaluate.status_counts(engine)
    assert dict(zip(counts["status"], counts["n"])) == dict(zip(expected["status"], expected["n"]))
    assert counts["n"].sum() == len(engine)


def test_filters_narrow_the_frame(engine):
    f = verdicts.status_frame(view=ViewSettings(lang="zh"))
    yp = verdicts.filter_status(f, areas=["yangpu"])
    assert set(yp["area"]) == {"yangpu"} and len(yp) == (engine["area"] == "yangpu").sum()
    both = verdicts.filter_status(f, areas=["pudong"], years=[2024], themes=["creation"])
    assert set(both["target_year"]) == {2024} and set(both["theme"]) == {"creation"}
    counts = overview.overview_counts(areas=["pudong"], view=ViewSettings(lang="zh"))
    assert counts["n"].sum() == (engine["area"] == "pudong").sum()


def test_as_of_judges_with_older_data():
    f = verdicts.status_frame(view=ViewSettings(lang="zh", as_of=2023))
    assert (f["latest_year"].dropna() <= 2023).all()
    assert set(f["as_of"].dropna()) == {2023}


def test_jingan_has_no_quantitative_target_but_milestones():
    nq = overview.no_target_areas("zh")
    row = nq[nq["area"] == "jingan"].iloc[0]
    assert row["status"] == "no_target" and row["status_label"] == "无量化目标"
    assert row["n_milestones"] == (read.table("milestones")["area"] == "jingan").sum() > 0


def test_target_choices_cover_every_target():
    ch = detail.target_choices("zh")
    assert list(ch) == list(read.table("targets").sort_values(["area", "target_year", "target_id"])["target_id"])
    assert ch["PD24-01"].startswith("PD24-01 · 浦东新区 · ")


def test_detail_frame_level_target():
    f = detail.detail_frame("YP26-01")
    act = f[f["kind"] == "actual"]
    raw = read.actuals(areas=["yangpu"], indicators=["hv_invention_per10k"])
    assert list(act["year"]) == list(raw["year"]) and list(act["value"]) == list(raw["value"])
    assert (act["provenance"] == raw["provenance"].values).all()
    proj = f[f["kind"] == "projected"]
    assert len(proj) >= 1 and (proj["year"] > act["year"].max()).all() and proj["year"].max() == 2026
    assert (proj["provenance"] == "projected").all()
    assert (proj["lower_80"] <= proj["value"]).all() and (proj["value"] <= proj["upper_80"]).all()


def test_detail_frame_method_switch_changes_projection():
    lin = detail.detail_frame("YP26-03", view=ViewSettings(method="linear"))
    log = detail.detail_frame("YP26-03", view=ViewSettings(method="loglinear"))
    p1, p2 = lin[lin["kind"] == "projected"]["value"], log[log["kind"] == "projected"]["value"]
    assert not math.isclose(p1.iloc[-1], p2.iloc[-1])


def test_detail_frame_cumulative_has_running_total():
    f = detail.detail_frame("YP26-08")
    inside = f[(f["year"] >= 2024) & (f["year"] <= 2026)]
    assert inside["running_total"].notna().all()
    assert math.isclose(inside["running_total"].iloc[-1], inside["value"].sum())


def test_detail_frame_without_illustrative_is_empty_for_illustrative_series():
    f = detail.detail_frame("YP26-01", view=ViewSettings(include_illustrative=False))
    assert not (f["provenance"] == "illustrative").any()


def test_what_if_result_verdict():
    row = detail.target_row("YP26-01")
    hi = detail.what_if_result("YP26-01", 0.5)
    lo = detail.what_if_result("YP26-01", -0.1)
    assert hi["meets"] and hi["status"] == "on_track"
    assert not lo["meets"] and lo["status"] == "off_track"
    assert hi["compared_value"] > row["latest_value"] > lo["compared_value"]


def test_values_table_has_provenance():
    v = detail.values_table("SH25-01")
    assert {"provenance", "confidence", "source_url", "batch_id", "note"} <= set(v.columns)
    assert (v["provenance"] == "official").all() and v["source_url"].str.startswith("http").all()


def test_source_clause_has_document():
    s = detail.source_clause("PD24-01")
    assert s["doc_number"] == "沪浦知局〔2024〕30号" and s["source_file"].endswith(".txt")
    assert "85" in s["clause"]


def test_compare_frame_per_capita_uses_population():
    a = compare.compare_frame("invention_patents")
    pc = compare.compare_frame("invention_patents", per_capita=True)
    pop = read.table("areas").set_index("code")["population"]
    for r in pc.to_dict("records"):
        assert math.isclose(r["value"], r["raw_value"] / (pop[r["area"]] / 1e4))
    assert (pc["unit"] == "件/万人").all() and (a["unit"] == "件").all()
    ratio = compare.compare_frame("hv_invention_per10k", per_capita=True)
    assert not ratio["per_capita"].any()  # already per capita: shown as is


def test_compare_targets_and_ranking():
    t = compare.compare_targets("hv_invention_per10k")
    # the city 2023 and Pudong 14th-FYP targets joined the catalog with the real figures (issue 11)
    # and the city's 14th-FYP 「30左右」 and Pudong's 2022 annual target (issue 24)
    expected = {"PD23-01", "PD24-01", "YP26-01", "SH25-01", "SH23-01", "PD25-01", "SH25-04", "PD22-01"}
    assert set(t["target_id"]) == expected and t["drawn"].all()
    cum = compare.compare_targets("pledge_financing")
    assert not cum.set_index("target_id").loc["YP26-07", "drawn"]
    r = compare.compare_ranking("hv_invention_per10k")
    assert list(r["rank"]) == list(range(1, len(r) + 1))
    assert r["value"].is_monotonic_decreasing
    lower = compare.compare_ranking("admin_case_days", areas=("pudong",))
    assert len(lower) == 1


def test_compare_respects_illustrative_switch():
    f = compare.compare_frame("pct_applications", view=ViewSettings(include_illustrative=False))
    assert set(f["provenance"]) == {"official"}


def test_small_multiples_frame_stacks_indicators():
    f = compare.small_multiples_frame(("trademarks", "pct_applications"))
    assert set(f["indicator"]) == {"trademarks", "pct_applications"}


def test_data_tables_and_dictionary():
    all_tables = tables.data_tables()
    assert set(all_tables) == {
        "targets",
        "milestones",
        "documents",
        "actuals",
        "statuses",
        "areas",
        "indicators",
        "batches",
    }
    for lang in ("zh", "en"):
        dd = tables.data_dictionary(lang)
        for name, df in all_tables.items():
            assert set(dd.loc[dd["table"] == name, "column"]) == set(df.columns), name
        assert (dd["meaning"].str.len() > 0).all()
    # English meanings come from the data contract
    en = tables.data_dictionary("en").set_index(["table", "column"])["meaning"]
    assert "stock | flow | ratio" in en[("indicators", "kind")]


def test_statuses_table_is_the_engine_result(engine):
    statuses = tables.data_tables()["statuses"]
    # the engine's result, plus the catalog's word on which later target superseded each one (issue 24)
    pd.testing.assert_frame_equal(statuses.drop(columns=["superseded_by"]), engine)
    assert dict(zip(statuses["target_id"], statuses["superseded_by"]))["PD25-01"] == "PD24-01"
