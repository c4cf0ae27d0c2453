"""AppTest: the Targets & sources page renders the catalog, in both languages."""

from __future__ import annotations

from ipdash.frames import sources
from tests.apptest import open_page


def test_targets_page_shows_every_target_and_milestone(built_data):
    at = open_page("app_pages/targets.py")
    frames = [df.value for df in at.dataframe]
    expected = sources.targets_table("zh")
    assert len(frames[0]) == len(expected) == 34  # 26 seed targets + 5 published ones (issue 11) + 3 (issue 24)
    assert list(frames[0]["target_id"]) == list(expected["target_id"])
    assert len(frames[1]) == len(sources.milestones_table("zh"))
    assert any("静安区" in i.value for i in at.info)  # no quantitative target, said so
    assert at.header[0].value == "目标与来源"


def test_targets_page_in_english_filtered_by_theme(built_data):
    at = open_page("app_pages/targets.py", lang="English", t_theme_en="Utilization")
    shown = at.dataframe[0].value
    expected = sources.targets_table("en", themes=["utilization"])
    assert list(shown["target_id"]) == list(expected["target_id"]) and len(shown) > 0
    assert set(shown["theme_name"]) == {"Utilization"}
    assert at.header[0].value == "Targets & sources"
