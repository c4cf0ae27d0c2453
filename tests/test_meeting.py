"""The meeting's slide plan (pure data), the frame behind each slide, speaker notes, "what changed since
the last meeting", and the meeting page in AppTest."""

from __future__ import annotations

import datetime as dt

import pytest

from ipdash.frames import changes, deck_plan, meeting, slide_pages, slide_spec, slides
from ipdash.ingest import commit, validate
from ipdash.settings import ViewSettings
from tests.apptest import open_page
from tests.corpus import helpers


@pytest.fixture(scope="module")
def data(built_data):
    return meeting.load(view=ViewSettings(lang="zh"))


def test_plan_has_every_section_in_order(data):
    plan = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    kinds = [s.kind for s in plan]
    assert kinds[0] == "title" and kinds[1] == "summary" and kinds[-1] == "sources"
    assert {"scorecard", "target", "pending"} <= set(kinds)
    full = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"), appendix=True)
    assert "compare" in {s.kind for s in full[len(plan) :]}  # the comparisons past 20 slides: in the appendix
    assert [s.index for s in plan] == list(range(1, len(plan) + 1))
    assert all(s.n == len(plan) for s in plan)
    assert len({s.key for s in plan}) == len(plan)
    # one slide per target at risk or off track, and no other target slides
    focus = set(data.results.loc[data.results["status"].isin(meeting.FOCUS), "target_id"])
    assert {s.target_id for s in plan if s.kind == "target"} == focus
    # every area with a quantitative target has a scorecard; 静安区 (none) is said on the summary
    # slide, not on a slide of one sentence
    with_targets = set(data.results["area"])
    assert {s.area for s in plan if s.kind == "scorecard"} == with_targets
    assert "jingan" not in with_targets
    summary = plan[1]
    assert "静安区" in summary.note and "定性任务" in summary.note


def test_every_slide_footnotes_as_of_and_sources(data):
    for lang in ("zh", "en"):
        for s in deck_plan.slide_plan(
            None, "area", data=meeting.load(view=ViewSettings(lang=lang)), view=ViewSettings(lang=lang)
        ):
            foot = s.footnote
            assert ("数据截至" in foot) if lang == "zh" else ("Data as of" in foot)
            assert ("来源" in foot) if lang == "zh" else ("Sources" in foot)
            assert f"{s.index} / {s.n}" in foot
            if s.uses_illustrative:
                assert ("示意" in foot) if lang == "zh" else ("illustrative" in foot)
            if lang == "en":
                assert "、" not in foot  # English is never joined with "、"


def test_areas_keep_the_chosen_order_and_names_are_accepted(data):
    plan = deck_plan.slide_plan(["杨浦", "Pudong New Area"], "area", data=data, view=ViewSettings(lang="zh"))
    cards = [s.area for s in plan if s.kind == "scorecard"]
    assert cards[0] == "yangpu" and cards[-1] == "pudong"
    assert all(list(s.plan_areas) == ["yangpu", "pudong"] for s in plan)


def test_orders_hold_the_same_slides(data):
    plans = {o: deck_plan.slide_plan(None, o, data=data, view=ViewSettings(lang="zh")) for o in meeting.ORDERS}
    keys = {o: sorted(s.key for s in p) for o, p in plans.items()}
    assert keys["area"] == keys["section"] == keys["risk"]
    risk = [s.kind for s in plans["risk"]]
    assert risk[2] == "target"  # risks first, right after the summary
    first = plans["risk"][2]
    assert first.status == "off_track"


def test_scorecards_hold_as_many_rows_as_fit_and_every_target_once(data):
    plan = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    cards = [s for s in plan if s.kind == "scorecard"]
    kind = slides.kind_of(cards[0])
    for area in {s.area for s in cards}:
        pages = [s for s in cards if s.area == area]
        for s in pages:  # each page fits between its subtitle and its footnote, measured
            assert slide_pages.fits(
                kind.table(slides.slide_frame(s, data, "zh"), "zh"), "scorecard", "zh", slide_pages.table_room(s, data)
            )
        ids = [t for s in pages for t in s.target_ids or ()]
        whole = slides.scorecard_frame(data, area, "zh", ids)
        room = slide_pages.table_room(pages[0], data)
        greedy, cur = 1, []  # filled row by row, a new slide only when the next row does not fit: as few as that
        for t in ids:
            if cur and not slide_pages.fits(
                kind.table(whole[whole["target_id"].isin([*cur, t])], "zh"), "scorecard", "zh", room
            ):
                greedy, cur = greedy + 1, []
            cur.append(t)
        assert len(pages) <= greedy
    in_cards = [t for s in cards for t in s.target_ids or ()]
    own = [s.target_id for s in plan if s.kind == "target"]
    assert sorted(in_cards + own) == sorted(data.results["target_id"])  # every target, once


@pytest.mark.parametrize("n,per", [(13, 4), (10, 4), (3, 4), (5, 4), (0, 4), (9, 5)])
def test_rows_are_split_evenly_never_leaving_one_behind(n, per):
    parts = slide_spec.split_evenly(n, per)
    sizes = [b - a for a, b in parts]
    assert sum(sizes) == n and max(sizes) <= per
    assert max(sizes) - min(sizes) <= 1  # 13 at 4 a slide: 4, 3, 3, 3 — not 4, 4, 4, 1
    assert [a for a, _ in parts] == [sum(sizes[:i]) for i in range(len(parts))]


def test_scorecard_marks_illustrative_and_projected_values(data):
    f = slides.scorecard_frame(data, "yangpu", "zh")
    ill = f[f["uses_illustrative"]]
    assert len(ill) and ill["latest"].str.contains("※示意").all()
    # projected: every open target with a projection (杨浦区's tech centres now have one real point only, issue 11)
    res = data.results
    open_ = res[(res["area"] == "yangpu") & (res["basis"] != "actual") & res["projected_value"].notna()]
    shown = f.set_index("target_id").loc[open_["target_id"], "projected"]
    assert shown.str.startswith("预测").all()


def test_numbers_are_never_broken_across_lines():
    assert slide_spec.keep_numbers_whole("per 10 000 residents") == "per 10\u00a0000 residents"
    assert slide_spec.keep_numbers_whole("2024 2025") == "2024 2025"  # years are not digit groups
    en = meeting.load(view=ViewSettings(lang="en"))
    f = slides.scorecard_frame(en, "yangpu", "en")
    names = " ".join(f["indicator"])
    assert "10 000" not in names and "10\u00a0000" in names


def test_english_target_slides_say_the_clause_is_chinese(built_data):
    en = meeting.load(view=ViewSettings(lang="en"))
    targets = [s for s in deck_plan.slide_plan(None, "area", data=en, view=en.view) if s.kind == "target"]
    assert targets
    for s in targets:
        assert s.clause and s.clause in s.subtitle
        assert "original Chinese" in s.subtitle  # the translation note
        assert "target ≥" in s.subtitle or "target ≈" in s.subtitle or "target >" in s.subtitle


def test_speaker_notes_carry_each_targets_explanation(data):
    plan = deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"))
    res = data.results.set_index("target_id")
    for s in plan:
        notes = slides.speaker_notes(s, data)
        assert notes.strip(), s.key
        for tid in (s.target_ids or ()) if s.kind == "scorecard" else ([s.target_id] if s.target_id else []):
            assert res.at[tid, "explanation"] in notes
        if s.kind == "target":
            assert res.at[s.target_id, "clause"] in notes


def test_no_illustrative_changes_the_judgement(built_data):
    d = meeting.load(view=ViewSettings(lang="zh", include_illustrative=False))
    assert not d.results["uses_illustrative"].any()
    assert (d.actuals["provenance"] != "illustrative").all()


@pytest.mark.parametrize("bad", [["nowhere"], "pudong,atlantis"])
def test_unknown_area_is_a_clear_error(data, bad):
    with pytest.raises(meeting.MeetingError, match="unknown area"):
        deck_plan.slide_plan(bad, "area", data=data, view=ViewSettings(lang="zh"))


def test_bad_order_year_and_version_are_clear_errors(data):
    with pytest.raises(meeting.MeetingError, match="order"):
        deck_plan.slide_plan(None, "alphabetical", data=data, view=ViewSettings(lang="zh"))
    with pytest.raises(meeting.MeetingError, match="as-of"):
        meeting.load(view=ViewSettings(lang="zh", as_of=1066))
    with pytest.raises(meeting.MeetingError, match="no data version"):
        deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"), since="nonesuch-batch")
    with pytest.raises(meeting.MeetingError, match="not a date"):
        deck_plan.slide_plan(None, "area", data=data, view=ViewSettings(lang="zh"), since="2026-02-30")


# ------------------------------------------------------------------ what changed since the last meeting
UPLOAD = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["杨浦", "每万人口发明专利拥有量", 2025, 150, "件/万人"],  # YP26-02 (145 by 2026) met early
]


def _upload(rows, name="杨浦 2025.csv", user=None):
    user = user or helpers.add_user(areas=("pudong", "yangpu"))
    raw = helpers.csv_bytes(rows)
    v = validate.validate(raw, name, allowed_areas={"pudong", "yangpu"})
    assert v.ok, v.errors
    return commit.commit(v, raw, user, confirm_warnings=True), user


def test_changes_since_base_name_the_batch_that_moved_them(fresh_data):
    view = ViewSettings(lang="zh")
    assert changes.changes_frame("base", view=view).empty  # nothing uploaded: nothing moved
    entry, user = _upload(UPLOAD)
    bid = entry["batch_id"]
    f = changes.changes_frame("base", view=view)
    row = f.set_index("target_id").loc["YP26-02"]
    assert (row["status_before"], row["status_after"]) == ("off_track", "on_track")
    assert "status" in row["moved"].split(",")
    assert row["status_before_text"].endswith("难以达成") and row["status_after_text"].endswith("有望达成")
    assert row["batches"] == bid and bid in row["moved_by"] and "杨浦 2025.csv" in row["moved_by"]
    assert set(f["area"]) == {"yangpu"}  # only what the batch touched moved
    assert f["moved"].str.contains("status").iloc[0]  # status changes first
    # the same version named by the batch itself, and by a date: nothing moved since then
    assert changes.changes_frame(bid, view=view).empty
    today = dt.datetime.now(changes.SHANGHAI).date()
    assert changes.changes_frame(today.isoformat(), view=view).empty
    assert not changes.changes_frame((today - dt.timedelta(days=1)).isoformat(), view=view).empty
    # the slide: one row per moved target, before → after
    data = meeting.load(view=view)
    plan = deck_plan.slide_plan(["yangpu"], "area", view=view, data=data, since="base")
    moved = [s for s in plan if s.kind == "changes"]
    assert plan[2].kind == "changes" and moved[0].since == "base"
    frame = slides.slide_frame(moved[0], data)
    assert "YP26-02" in set(frame["target_id"]) and frame["status"].str.contains(" → ").all()
    # a revert moves it back, and says so
    commit.revert(bid, user)
    back = changes.changes_frame(bid, view=view).set_index("target_id").loc["YP26-02"]
    assert back["status_after"] == "off_track" and "撤销" in back["moved_by"]
    assert changes.active_at(changes.resolve_version(bid)) == [bid]
    assert changes.active_at(changes.resolve_version("base")) == []


def test_versions_list_every_batch_newest_first(fresh_data):
    first, user = _upload(UPLOAD)
    second, _ = _upload([UPLOAD[0], ["杨浦", "每万人口发明专利拥有量", 2025, 151, "件/万人"]], "second.csv", user)
    v = changes.versions("en")
    assert list(v) == [second["batch_id"], first["batch_id"], "base"]
    assert "second.csv" in v[second["batch_id"]] and v["base"] == "the data before any upload"
    # the actuals of a version: base overlaid by the batches active then, the latest winning
    a = changes.actuals_at(first["batch_id"])
    hit = a[(a["area"] == "yangpu") & (a["indicator"] == "invention_per10k") & (a["year"] == 2025)]
    assert float(hit["value"].iloc[0]) == 150.0


# ------------------------------------------------------------------ the page (AppTest)
def _counter(at) -> str:
    return next(m.value for m in at.markdown if " / " in m.value and m.value.replace(" / ", "").isdigit())


def test_meeting_page_steps_through_slides(built_data):
    at = open_page("app_pages/meeting.py")
    n = len(
        deck_plan.slide_plan(
            None, "area", data=meeting.load(view=ViewSettings(lang="zh")), view=ViewSettings(lang="zh")
        )
    )
    assert _counter(at) == f"1 / {n}"
    assert at.title[0].value == "知识产权联席会议"
    at.button(key="meet_next").click().run()
    assert not at.exception
    assert _counter(at) == f"2 / {n}"
    assert any("总体情况" in h.value for h in at.header)
    assert at.query_params["slide"] == "2"  # the slide number lives in the URL
    at.button(key="meet_prev").click().run()
    assert _counter(at) == f"1 / {n}"
    assert at.button(key="meet_prev").disabled


def test_meeting_page_switches_to_english_and_chosen_areas(built_data):
    at = open_page("app_pages/meeting.py")
    at.segmented_control(key="meet_lang").set_value("en").run()  # the page's own switch
    assert not at.exception
    assert at.title[0].value == "District IP joint meeting"
    at.multiselect(key="meet_area").set_value(["yangpu", "pudong"]).run()
    assert at.query_params["meet_area"] == ["yangpu", "pudong"] and at.query_params["lang"] == "en"
    n = len(
        deck_plan.slide_plan(
            ["yangpu", "pudong"], "area", data=meeting.load(view=ViewSettings(lang="en")), view=ViewSettings(lang="en")
        )
    )
    assert _counter(at) == f"1 / {n}"
    for _ in range(2):
        at.button(key="meet_next").click().run()
    assert not at.exception
    assert _counter(at) == f"3 / {n}"
    assert any("Yangpu District" in h.value for h in at.header)  # the first area chosen comes first


def test_a_link_opens_its_slide_and_old_links_still_work(built_data):
    at = open_page("app_pages/meeting.py", slide="3", meet_order="risk")
    assert _counter(at).startswith("3 / ") and at.header[0].value.startswith("杨浦区 · ")
    old = open_page("app_pages/meeting.py", meet_area_zh=["杨浦区", "浦东新区"], meet_order_zh="风险优先")
    assert old.session_state["meet_area"] == ["yangpu", "pudong"] and old.session_state["meet_order"] == "risk"
    assert "meet_area_zh" not in old.query_params and old.query_params["meet_order"] == "risk"


def test_default_areas_keep_a_city_meeting_whole_and_a_county_meeting_small():
    assert meeting.default_areas(["pudong", "jingan", "yangpu", "shanghai"]) == [
        "pudong",
        "jingan",
        "yangpu",
        "shanghai",
    ]
    many = [f"a{i}" for i in range(2850)]
    assert meeting.default_areas(many) == many[: meeting.DEFAULT_AREA_LIMIT]
