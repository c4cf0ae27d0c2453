"""Data freshness (issue 21, item 5): each indicator says when its yearly figure is normally published;
per area × indicator the latest real figure, when it arrived, the next one's due date and a late flag."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from ipdash import catalog
from ipdash.frames import freshness
from ipdash.ingest import commit, validate
from tests.conftest import copy_data
from tests.corpus import helpers


def _row(frame: pd.DataFrame, area: str, indicator: str) -> dict:
    hit = frame[(frame["area"] == area) & (frame["indicator"] == indicator)]
    assert len(hit) == 1, (area, indicator)
    return hit.iloc[0].to_dict()


def test_the_due_date_rule():
    # latest figure for 2023, published in April of the following year: the 2024 figure is due by 30 April 2025
    assert freshness.due_date(2023, 4) == dt.date(2025, 4, 30)
    assert freshness.due_date(2022, 2) == dt.date(2024, 2, 29)  # the month's last day, leap years too


def test_every_indicator_says_when_and_from_where(built_data):
    ind = catalog.load().indicators
    assert ind["publish_month"].between(1, 12).all()
    for r in ind.itertuples():
        src = r.publish_source
        # a month either rests on dated releases in data/reference or says it is assumed
        assert src.startswith(("data/reference:", "assumed:")), r.code


def test_late_once_the_due_day_has_passed(built_data):
    # Yangpu's enterprise technology centres: latest real figure 2023, published in April → 2024 due 2025-04-30
    on_time = _row(freshness.freshness_frame("en", today=dt.date(2025, 4, 30)), "yangpu", "tech_centers")
    assert (on_time["latest_year"], on_time["next_year"], on_time["next_due"]) == (2023, 2024, "2025-04-30")
    assert (on_time["late"], on_time["state"]) == (False, "awaited")
    assert on_time["arrived_by"] == "base" and on_time["arrived_at"]  # shipped: arrived with the build
    late = _row(freshness.freshness_frame("en", today=dt.date(2025, 5, 1)), "yangpu", "tech_centers")
    assert (late["late"], late["days_late"], late["state"]) == (True, 1, "late")
    assert late["state_text"] == "the 2024 figure was due by 2025-04-30 and has not arrived"
    # late rows first
    f = freshness.freshness_frame("en", today=dt.date(2025, 5, 1))
    assert f["late"].tolist() == sorted(f["late"].tolist(), reverse=True)
    assert set(freshness.late_figures("en", today=dt.date(2025, 5, 1))["state"]) == {"late"}


def test_illustrative_values_do_not_count(built_data):
    # Pudong's PCT applications have illustrative values only: a target uses the pair, no real figure
    row = _row(freshness.freshness_frame("zh", today=dt.date(2030, 1, 1)), "pudong", "pct_applications")
    assert pd.isna(row["latest_year"]) and (row["late"], row["state"]) == (False, "no_figure")


def test_an_upload_brings_it_up_to_date(fresh_store):
    user = helpers.add_user(areas=("yangpu",))
    raw = helpers.csv_bytes([["地区", "指标", "年份", "数值", "单位"], ["杨浦", "企业技术中心数量", 2024, 12, "家"]])
    v = validate.validate(raw, "杨浦 2024.csv", allowed_areas={"yangpu"})
    assert v.ok, v.errors
    entry = commit.commit(v, raw, user, confirm_warnings=True)
    row = _row(freshness.freshness_frame("en", today=dt.date(2025, 5, 1)), "yangpu", "tech_centers")
    assert (row["latest_year"], row["late"], row["next_due"]) == (2024, False, "2026-04-30")
    assert row["arrived_by"] == entry["batch_id"]
    assert pd.Timestamp(row["arrived_at"]) == pd.Timestamp(entry["committed_at"])


def test_freshness_command(built_data):
    r = helpers.cli("freshness", "--today", "2025-05-01", "--lang", "en")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout), keep_default_na=False)
    assert list(df.columns) == freshness.COLUMNS
    assert _row(df, "yangpu", "tech_centers")["late"]
    bad = helpers.cli("freshness", "--today", "2025-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("publish_month", "13", "publish_month must be a month 1–12"),
        ("publish_month", "", "publish_month must be a month 1–12"),
        ("publish_source", "", "publish_source is empty"),
    ],
)
def test_catalog_problems_say_what_to_do(tmp_path, column, value, expected):
    d = copy_data(tmp_path / "data") / "catalog"
    df = pd.read_csv(d / "indicators.csv", dtype=str, keep_default_na=False)
    df.loc[0, column] = value
    df.to_csv(d / "indicators.csv", index=False)
    with pytest.raises(catalog.CatalogError) as exc:
        catalog.load(d)
    assert any(expected in p and df.loc[0, "code"] in p for p in exc.value.problems), exc.value.problems


def test_overview_and_detail_say_what_is_late(built_data):
    from tests.apptest import open_page

    n = len(freshness.late_figures("en"))
    assert n > 0  # the shipped data has figures overdue (e.g. the city's 2021 invention patents per 10 000)
    at = open_page("app_pages/overview.py", lang="en")
    assert f"{n} figures late" in [e.label for e in at.expander]
    at = open_page("app_pages/detail.py", det_target="SH25-03", lang="en")  # the city's pledge financing
    assert any(w.value.startswith("Freshness") and "has not arrived" in w.value for w in at.warning)


def test_kept_on_disk_one_file_a_language_the_next_day_replacing_the_last(fresh_data):
    from ipdash.store import cache

    def files() -> list[str]:
        return sorted(p.name for p in cache.cache_dir().glob("freshness-*.parquet"))

    day1 = freshness.freshness_frame("en", today=dt.date(2025, 4, 30))
    assert len(files()) == 1  # kept for the next process (a restart reads it back)
    cache._memo.clear()  # as a new process: the kept file, not the memory, answers
    pd.testing.assert_frame_equal(freshness.freshness_frame("en", today=dt.date(2025, 4, 30)), day1)
    day2 = freshness.freshness_frame("en", today=dt.date(2025, 5, 1))
    assert len(files()) == 1  # the day before's file replaced, not one more per day
    assert _row(day2, "yangpu", "tech_centers")["late"] and not _row(day1, "yangpu", "tech_centers")["late"]
    freshness.freshness_frame("zh", today=dt.date(2025, 5, 1))
    assert len(files()) == 2


def test_the_overview_line_names_every_late_figure_of_the_chosen_areas(built_data):
    day = dt.date(2026, 12, 3)
    every = freshness.freshness_frame("zh", today=day)
    for areas in ((), ("pudong",), ("shanghai", "yangpu")):
        f = every[every["area"].isin(areas)] if areas else every
        late = f[f["late"]]
        line = freshness.late_line("zh", areas, today=day)
        assert line.n_late == len(late) and len(line.items) == len(late)
        for item, (_, r) in zip(line.items, late.iterrows()):
            assert r["area_name"] in item and r["indicator_name"] in item and str(r["latest_year"]) in item
        assert line.title == (f"{len(late)} 项数据逾期未到" if len(late) else "没有逾期未到的数据")
    assert freshness.late_line("en", today=day).n_late == len(freshness.late_figures("en", today=day)) > 0


@pytest.mark.parametrize("day", [dt.date(2020, 1, 1), dt.date(2025, 5, 1), dt.date(2031, 1, 1)])
def test_every_row_as_the_rule_says_one_at_a_time(built_data, day):
    """The frame maps each distinct value back to its rows; each row worked out on its own agrees."""
    from ipdash import i18n
    from ipdash.frames import changes
    from ipdash.store import read

    f = freshness._freshness("en", day)
    for r in f.itertuples():
        due = (
            freshness.due_date(r.latest_year, r.publish_month)
            if pd.notna(r.latest_year) and pd.notna(r.publish_month)
            else None
        )
        assert r.next_due == (due.isoformat() if due else "") and r.late == bool(due and day > due)
        assert r.state == ("late" if r.late else ("awaited" if due else "no_figure"))
        year = r.next_year if pd.notna(r.next_year) else pd.NA
        assert r.state_text == i18n.t(f"fresh.state.{r.state}", "en", year=year, due=r.next_due)
        arrived = pd.Timestamp(r.arrived_at).tz_convert(changes.SHANGHAI).date().isoformat() if r.arrived_at else ""
        assert r.arrived_date == arrived
    areas = {c: i for i, c in enumerate(read.table("areas")["code"])}
    inds = {c: i for i, c in enumerate(read.table("indicators")["code"])}
    keys = [(not lt, areas.get(a, 1e9), inds.get(i, 1e9)) for lt, a, i in zip(f["late"], f["area"], f["indicator"])]
    assert keys == sorted(keys)
