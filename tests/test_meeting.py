"""The meeting's slide plan (pure data) and the meeting page in AppTest."""

from __future__ import annotations

import pytest

from ipdash.frames import meeting
from ipdash.settings import ViewSettings
from tests.apptest import open_page


@pytest.fixture(scope="module")
def data(built_data):
    return meeting.load(view=ViewSettings(lang="zh"))


def test_plan_has_every_section_in_order(data):
    plan = meeting.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    kinds = [s.kind for s in plan]
    assert kinds[0] == "title" and kinds[1] == "summary" and kinds[-1] == "sources"
    assert {"scorecard", "target", "compare"} <= set(kinds)
    assert [s.index for s in plan] == list(range(1, len(plan) + 1))
    assert all(s.n == len(plan) for s in plan)
    assert len({s.key for s in plan}) == len(plan)
    # one slide per target at risk or off track, and no other target slides
    focus = set(data.results.loc[data.results["status"].isin(meeting.FOCUS), "target_id"])
    assert {s.target_id for s in plan if s.kind == "target"} == focus
    # every area has a scorecard (静安区 too: no quantitative target, says so)
    assert {s.area for s in plan if s.kind == "scorecard"} == set(data.areas["code"])
    jingan = next(s for s in plan if s.key == "scorecard:jingan")
    assert "定性任务" in jingan.subtitle


def test_every_slide_footnotes_as_of_and_sources(data):
    for lang in ("zh", "en"):
        for s in meeting.slide_plan(
            None, "area", data=meeting.load(view=ViewSettings(lang=lang)), view=ViewSettings(lang=lang)
        ):
            foot = s.footnote
            assert ("数据截至" in foot) if lang == "zh" else ("Data as of" in foot)
            assert ("来源" in foot) if lang == "zh" else ("Sources" in foot)
            assert f"{s.index} / {s.n}" in foot
            if s.uses_illustrative:
                assert ("示意" in foot) if lang == "zh" else ("illustrative" in foot)


def test_areas_keep_the_chosen_order_and_names_are_accepted(data):
    plan = meeting.slide_plan(["杨浦", "Pudong New Area"], "area", data=data, view=ViewSettings(lang="zh"))
    cards = [s.area for s in plan if s.kind == "scorecard"]
    assert cards[0] == "yangpu" and cards[-1] == "pudong"
    assert all(list(s.plan_areas) == ["yangpu", "pudong"] for s in plan)


def test_orders_hold_the_same_slides(data):
    plans = {o: meeting.slide_plan(None, o, data=data, view=ViewSettings(lang="zh")) for o in meeting.ORDERS}
    keys = {o: sorted(s.key for s in p) for o, p in plans.items()}
    assert keys["area"] == keys["section"] == keys["risk"]
    risk = [s.kind for s in plans["risk"]]
    assert risk[2] == "target"  # risks first, right after the summary
    first = plans["risk"][2]
    assert first.status == "off_track"


def test_long_scorecards_are_split_for_large_type(data):
    plan = meeting.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    for s in plan:
        if s.kind == "scorecard":
            assert len(meeting.slide_frame(s, data, "zh")) <= meeting.SCORECARD_ROWS
    n_rows = sum(len(meeting.slide_frame(s, data, "zh")) for s in plan if s.kind == "scorecard")
    assert n_rows == len(data.results)


def test_scorecard_marks_illustrative_and_projected_values(data):
    f = meeting.scorecard_frame(data, "yangpu", "zh")
    ill = f[f["uses_illustrative"]]
    assert len(ill) and ill["latest"].str.contains("※示意").all()
    # projected: every open target with a projection (杨浦区's tech centres now have one real point only, issue 11)
    res = data.results
    open_ = res[(res["area"] == "yangpu") & (res["basis"] != "actual") & res["projected_value"].notna()]
    shown = f.set_index("target_id").loc[open_["target_id"], "projected"]
    assert shown.str.startswith("预测").all()


def test_no_illustrative_changes_the_judgement(built_data):
    d = meeting.load(view=ViewSettings(lang="zh", include_illustrative=False))
    assert not d.results["uses_illustrative"].any()
    assert (d.actuals["provenance"] != "illustrative").all()


@pytest.mark.parametrize("bad", [["nowhere"], "pudong,atlantis"])
def test_unknown_area_is_a_clear_error(data, bad):
    with pytest.raises(meeting.MeetingError, match="unknown area"):
        meeting.slide_plan(bad, "area", data=data, view=ViewSettings(lang="zh"))


def test_bad_order_and_year_are_clear_errors(data):
    with pytest.raises(meeting.MeetingError, match="order"):
        meeting.slide_plan(None, "alphabetical", data=data, view=ViewSettings(lang="zh"))
    with pytest.raises(meeting.MeetingError, match="as-of"):
        meeting.load(view=ViewSettings(lang="zh", as_of=1066))


# ------------------------------------------------------------------ the page (AppTest)
def _counter(at) -> str:
    return next(m.value for m in at.markdown if " / " in m.value and m.value.replace(" / ", "").isdigit())


def test_meeting_page_steps_through_slides(built_data):
    at = open_page("app_pages/meeting.py")
    n = len(
        meeting.slide_plan(None, "area", data=meeting.load(view=ViewSettings(lang="zh")), view=ViewSettings(lang="zh"))
    )
    assert _counter(at) == f"1 / {n}"
    assert at.title[0].value == "知识产权联席会议"
    at.button(key="meet_next").click().run()
    assert not at.exception
    assert _counter(at) == f"2 / {n}"
    assert any("总体情况" in h.value for h in at.header)
    at.button(key="meet_prev").click().run()
    assert _counter(at) == f"1 / {n}"
    assert at.button(key="meet_prev").disabled


def test_meeting_page_switches_to_english_and_chosen_areas(built_data):
    at = open_page("app_pages/meeting.py")
    at.segmented_control(key="meet_lang").set_value("en").run()  # the page's own switch
    assert not at.exception
    assert at.title[0].value == "District IP joint meeting"
    at.multiselect(key="meet_area_en").set_value(["yangpu", "pudong"]).run()
    n = len(
        meeting.slide_plan(
            ["yangpu", "pudong"], "area", data=meeting.load(view=ViewSettings(lang="en")), view=ViewSettings(lang="en")
        )
    )
    assert _counter(at) == f"1 / {n}"
    for _ in range(2):
        at.button(key="meet_next").click().run()
    assert not at.exception
    assert _counter(at) == f"3 / {n}"
    assert any("Yangpu District" in h.value for h in at.header)  # the first area chosen comes first


def test_default_areas_keep_a_city_meeting_whole_and_a_county_meeting_small():
    from ipdash.frames import meeting

    assert meeting.default_areas(["pudong", "jingan", "yangpu", "shanghai"]) == [
        "pudong",
        "jingan",
        "yangpu",
        "shanghai",
    ]
    many = [f"a{i}" for i in range(2850)]
    assert meeting.default_areas(many) == many[: meeting.DEFAULT_AREA_LIMIT]
